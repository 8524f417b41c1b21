"""Reproducible builds: one lock file with hashes for the runtime and test dependencies,
consistent with pyproject.toml and used by every install command (README, CI, workflows),
and a Dependabot configuration that proposes updates as pull requests."""
from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

LOCK = REPO / "requirements-lock.txt"
INSTALL = ("python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements-lock.txt && "
           ".venv/bin/pip install --no-deps --no-build-isolation -e .")


def _pins() -> dict[str, list[tuple[str, str, list[str]]]]:
    """name -> [(version, marker, hashes)] of every entry in the lock."""
    out: dict = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8")):
        m = re.match(r"([A-Za-z0-9_.-]+)==([^\s;\\]+)\s*(?:;\s*([^\\\n]+))?", entry)
        if m:
            out.setdefault(canonicalize_name(m.group(1)), []).append(
                (m.group(2), (m.group(3) or "").strip(), re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)))
    return out


def test_every_locked_entry_has_hashes():
    pins = _pins()
    assert len(pins) > 40
    assert all(hashes for entries in pins.values() for _, _, hashes in entries)
    assert "uv pip compile pyproject.toml requirements-lock.in --extra test" in LOCK.read_text(encoding="utf-8")


def test_every_dependency_of_pyproject_is_locked_within_its_range():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins()
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"], "setuptools>=68"]:
        req = Requirement(spec)
        entries = pins.get(canonicalize_name(req.name))
        assert entries, f"{req.name} is not in requirements-lock.txt"
        for version, _, _ in entries:
            assert req.specifier.contains(version, prereleases=True), (req.name, version, str(req.specifier))


def test_readme_ci_and_workflows_install_the_lock():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.count(INSTALL) == 2  # the site and the tests
    for name in ("pr.yml", "deploy.yml"):
        text = (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert INSTALL in text and "pip install -e '.[test]'" not in text, name
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements-lock.txt" in ci and "--no-deps --no-build-isolation -e ." in ci


def test_dependabot_proposes_updates_for_packages_and_actions():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    assert all(u["directory"] == "/" and u["schedule"]["interval"] for u in ecosystems.values())
    pr = yaml.safe_load((REPO / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    assert "pull_request" in pr[True]  # YAML 1.1 reads the key 'on' as True: Dependabot's PRs are checked
