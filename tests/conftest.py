"""Shared test helpers: the repository, throwaway handbook projects, the commands."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "geldig" / "voorbeeld.yml"
BIN = Path(sys.executable).parent


def _env() -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run a command of this virtual environment; output as text."""
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True,
                          text=True, env=_env(), timeout=300)


def make_project(tmp: Path, programmes: list[Path] = ()) -> Path:
    """A throwaway handbook: the repo's site configuration, docs, theme overrides, shared
    data and schemas, with the given programme files (and nothing else) in methodiek/."""
    root = tmp / "handboek"
    root.mkdir()
    for name in ("docs", "data", "schemas", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")  # included by docs/bijdragen.md
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - macros/hook.py", f"  - {REPO / 'macros' / 'hook.py'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "methodiek").mkdir()
    (root / "macros").mkdir()  # watched by mkdocs serve; the code itself is the installed package
    for p in programmes:
        shutil.copy(p, root / "methodiek" / p.name)
    return root


def build(root: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    site = site or root / "site"
    return run("mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site), cwd=root)


@pytest.fixture
def project(tmp_path):
    """Factory: make_project bound to this test's temporary folder."""
    return lambda programmes=(): make_project(tmp_path, list(programmes))
