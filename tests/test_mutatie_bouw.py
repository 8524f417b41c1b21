"""The site built in this process equals the site built by `mkdocs build` in its own process,
page for page. Normally both run the same code, so this says the build is deterministic and
does not depend on how it was started. In a mutation run (tests/README.md) only this process
runs the mutant: any mutant in the hook, the pages, the templates' helpers, the card or the
search records that changes a single byte a reader gets is caught here."""
from __future__ import annotations

import os
import re

import pytest

from conftest import FIXTURES, VALID, build, make_project

pytestmark = pytest.mark.traag  # two full builds of a small handbook


def _pages(site):
    out = {}
    for page in sorted(site.rglob("*")):
        if page.suffix in {".html", ".json", ".md"} and "pagefind" not in page.parts:
            text = page.read_text(encoding="utf-8")
            out[str(page.relative_to(site))] = re.sub(r"<lastmod>[^<]*</lastmod>", "", text)
    return out


def test_in_process_build_equals_the_command(tmp_path, monkeypatch):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from macros import model

    monkeypatch.setenv("METHODIEK_CACHE", "0")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    second = FIXTURES / "geldig" / "praktijkvoorbeeld.yml"
    programmes = [VALID] + ([second] if second.exists() else [])
    root = make_project(tmp_path, programmes)
    reference = build(root, tmp_path / "referentie")
    assert reference.returncode == 0, reference.stderr[-3000:]
    model._cache.clear()
    monkeypatch.chdir(root)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "hier"), strict=True)
    mkdocs_build(config)
    expected, got = _pages(tmp_path / "referentie"), _pages(tmp_path / "hier")
    assert sorted(got) == sorted(expected)
    assert len(expected) > 20
    different = [name for name in expected if got[name] != expected[name]]
    assert not different, different[:10]
