"""The on-disk cache: unchanged files are not validated twice, and any change is seen."""
from __future__ import annotations

import shutil

import pytest

from conftest import VALID, make_project

from macros import model


def test_cache_reuses_results_and_sees_every_change(tmp_path, monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "1")
    root = make_project(tmp_path, [VALID])
    first = model.laad(root)
    assert first.fouten == [] and "voorbeeld" in first.programmas
    entries = list((root / ".cache" / "methodiek" / "programma").glob("*.json"))
    assert len(entries) == 1

    model._cache.clear()
    calls = []
    monkeypatch.setattr(model, "_check_programme", lambda *a: calls.append(a) or (None, []))
    again = model.laad(root)
    assert calls == [] and again.programmas == first.programmas  # straight from the cache
    monkeypatch.undo()
    monkeypatch.setenv("METHODIEK_CACHE", "1")

    target = root / "methodiek" / "voorbeeld.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("  primair:", "  primiar:"), encoding="utf-8")
    model._cache.clear()
    changed = model.laad(root)
    assert any("primiar" in f.pad for f in changed.fouten)

    # a changed schema or data file invalidates everything (the fingerprint)
    target.write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    bronnen = root / "data" / "bronnen.yml"
    bronnen.write_text(bronnen.read_text(encoding="utf-8").replace("key: nji2015", "key: nji2015b"), encoding="utf-8")
    model._cache.clear()
    assert any("'nji2015' staat niet in data/bronnen.yml" in f.melding for f in model.laad(root).fouten)


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")
    root = make_project(tmp_path, [VALID])
    model._cache.clear()
    assert model.laad(root).fouten == []
    assert not (root / ".cache").exists()
    shutil.rmtree(root)


OLD = "Een vaste ruimte, een uur zorgoverleg per week en tijd van de intern begeleider."
NEW = "Een eigen spreekkamer, twee uur zorgoverleg per maand en tijd van de intern begeleider."


@pytest.mark.traag  # two builds of its own
def test_rebuild_with_cache_shows_an_edit_on_every_page_that_shows_it(tmp_path, monkeypatch):
    """Build, edit one sentence, rebuild with the page cache on: every page (and file) that
    shows the sentence shows the new one, none the old."""
    import json

    from conftest import build
    from test_build import text_of

    monkeypatch.setenv("METHODIEK_CACHE", "1")
    root = make_project(tmp_path, [VALID])
    site = root / "site"
    shown = {
        "beschrijving": lambda: text_of(site / "programmas" / "voorbeeld" / "index.html"),
        "kaart op Vergelijken": lambda: text_of(site / "vergelijken" / "index.html"),
        "Aan de slag": lambda: text_of(site / "aan-de-slag" / "index.html"),
        "fragment": lambda: (site / "vergelijken" / "inhoud" / "voorbeeld.html").read_text(encoding="utf-8"),
        "open data": lambda: json.dumps(json.loads((site / "handboek.json").read_text(encoding="utf-8")),
                                        ensure_ascii=False),
    }
    assert build(root).returncode == 0
    for where, text in shown.items():
        assert OLD in text(), where
    cached = root / ".cache" / "methodiek"
    assert list((cached / "pagina").glob("*.json")) and list((cached / "fragment-html").glob("*.json"))

    source = root / "methodiek" / "voorbeeld.yml"
    source.write_text(source.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    for where, text in shown.items():
        assert NEW in text() and OLD not in text(), where
