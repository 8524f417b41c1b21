"""The on-disk cache: unchanged files are not validated twice, and any change is seen."""
from __future__ import annotations

import collections
import shutil

import pytest

from conftest import REPO, VALID, make_project

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


@pytest.mark.traag  # every section of every real programme, several times: 6 s, kept out of the fast loop
@pytest.mark.mutatie  # but in the mutation runs, where it is the one test of the cache key in the process
def test_a_section_from_the_cache_is_what_a_fresh_render_gives(tmp_path, monkeypatch):
    """Every section of every real programme is rendered once into the cache. Asked again unchanged,
    it comes from the cache: nothing is rendered. With anything changed that it depends on, it is
    exactly what a render without cache gives, never the stored section: within one build another
    programme, another section or a page in another folder; in the next build its value or the
    wording of a source discrepancy it cites. Changed code (another fingerprint) renders again."""
    import copy
    import dataclasses

    from markupsafe import escape

    from macros import cache, render, site

    monkeypatch.setenv("METHODIEK_CACHE", "1")
    root = make_project(tmp_path, sorted((REPO / "methodiek").glob("*.yml")))
    hb = model.laad(root)
    assert hb.fouten == [] and len(hb.programmas) >= 4

    def fragment(book, ident, sectie, basis="../../"):
        return site._fragment(book, render.Renderer(book.schema, site._context(book, basis)), ident, sectie)

    def fresh(book, ident, sectie, basis="../../"):
        with monkeypatch.context() as m:
            m.setenv("METHODIEK_CACHE", "0")
            return fragment(dataclasses.replace(book, fragmenten={}), ident, sectie, basis)

    secties = [(ident, s) for ident, p in hb.programmas.items() for s in hb.outline if s.key in p]
    stored = {(ident, s.key): fragment(hb, ident, s) for ident, s in secties}
    assert len(list((root / cache.FOLDER / "fragment").glob("*.json"))) == len(stored)

    rendered = []
    real_value = render.Renderer.value
    monkeypatch.setattr(render.Renderer, "value", lambda self, *a, **k: rendered.append(a) or real_value(self, *a, **k))
    volgende = dataclasses.replace(hb, fragmenten={})
    assert {(i, s.key): fragment(volgende, i, s) for i, s in secties} == stored and rendered == [], \
        "an unchanged section is rendered again instead of read from the cache"

    gevallen = []

    def same_as_fresh(book, ident, sectie, waarom, basis="../../", van=None):
        got, expected = fragment(book, ident, sectie, basis), fresh(book, ident, sectie, basis)
        assert got == expected, (ident, sectie.key, waarom)
        if expected != stored[van or ident, sectie.key]:
            gevallen.append(waarom)

    # one build: another programme with the same content, a page in another folder, another section
    book = dataclasses.replace(hb, fragmenten={}, programmas=dict(hb.programmas))
    for ident, sectie in secties:
        fragment(book, ident, sectie)
        book.programmas["kopie-" + ident] = {**hb.programmas[ident], "id": "kopie-" + ident}
        same_as_fresh(book, "kopie-" + ident, sectie, "programma", van=ident)
        same_as_fresh(book, ident, sectie, "map", basis="../")
    for ident, p in hb.programmas.items():
        leeg = [s for s in hb.outline if "x-niet-beschreven" in s.schema and s.key in p]
        if len(leeg) >= 2:
            twee = copy.deepcopy(p)
            for s in leeg[:2]:
                twee[s.key] = {"niet_beschreven": {"gezocht": "het verslag", "navragen": "de gemeente"}}
            book.programmas[ident] = twee
            book.fragmenten.clear()
            for s in leeg[:2]:
                same_as_fresh(book, ident, s, "onderdeel")
            book.programmas[ident] = p

    # the next build: a changed value, a changed discrepancy it cites, changed code
    for ident, sectie in secties:
        p = copy.deepcopy(hb.programmas[ident])
        for text in _texts(p[sectie.key]):
            if " " in text and len(text) > 20 and str(escape(text)) in stored[ident, sectie.key]:
                _replace_text(p[sectie.key], text, text + " (gewijzigd)")
                book = dataclasses.replace(hb, fragmenten={}, programmas={**hb.programmas, ident: p})
                same_as_fresh(book, ident, sectie, "waarde")
                break
        for v in hb.programmas[ident].get("bronverschillen", {}).get("verschillen", []):
            if v["onderwerp"] in stored[ident, sectie.key] and sectie.key != "bronverschillen":
                p = copy.deepcopy(hb.programmas[ident])
                next(w for w in p["bronverschillen"]["verschillen"] if w["id"] == v["id"])["onderwerp"] += " (gewijzigd)"
                book = dataclasses.replace(hb, fragmenten={}, programmas={**hb.programmas, ident: p})
                same_as_fresh(book, ident, sectie, "bronverschil")
    rendered.clear()
    monkeypatch.setattr(cache, "fingerprint", lambda root: "andere code")
    volgende = dataclasses.replace(hb, fragmenten={})
    for ident, sectie in secties:
        fragment(volgende, ident, sectie)
    assert len(rendered) >= len(secties), "a section stored by other code was used"  # (a section renders its parts too)

    for waarom in ("programma", "map", "onderdeel", "waarde", "bronverschil"):
        assert gevallen.count(waarom) >= 2, (waarom, collections.Counter(gevallen))


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child)


def _replace_text(value, old, new):
    """Replace the first string leaf equal to ``old`` in place."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        if child == old:
            value[key] = new
            return True
        if isinstance(child, (dict, list)) and _replace_text(child, old, new):
            return True
    return False
