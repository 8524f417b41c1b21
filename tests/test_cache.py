"""The on-disk cache: unchanged files are not validated twice, and any change is seen."""
from __future__ import annotations

import shutil

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
