"""What a reader gets from the handbook's own code, without the theme: every generated page's
Markdown (the macros), its HTML (the site's own Markdown configuration) after the hook's
post-processing (``tidy``), its search records, the comparison fragments and lists, the browser
titles, the navigation and the search words, computed twice in this process and compared.

Normally both runs are the same code, so this only says the output is deterministic. In a
mutation run (tests/README.md) the first run is made with the mutant switched off
(``MUTANT_UNDER_TEST`` empty: mutmut's trampolines then call the original code), the second
with it on: any mutant in the macros, the templates' helpers, the card, the inventory, the
hook's post-processing or the search records that changes a single byte a reader gets is
caught, in about a second instead of the two builds of test_mutatie_bouw.py."""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES, VALID, make_project

pytestmark = [pytest.mark.traag, pytest.mark.mutatie]  # not in the fast loop: a mutation-run check

_CALL = re.compile(r"\{\{ (\w+)\((.*)\) \}\}")


def reader_output(root: Path, folder: Path) -> dict[str, str]:
    """Everything the handbook's own code gives the reader for the handbook under ``root``
    (``folder``: where its search records are written, empty)."""
    import markdown
    from mkdocs.config import load_config

    from macros import hook, model, pages, site, zoeken
    from macros.render import programmanaam, slug

    for memo in (model._cache, model._checked, model._data_memo):
        memo.clear()
    hb = model.laad(root)
    begrippen = hb.vocabulaires.get("begrippen", {})
    hook._VOLUIT.clear()
    hook._VOLUIT.update(hook.voluit(begrippen))
    config = load_config(str(root / "mkdocs.yml"))
    # every page ends with the glossary's abbreviations, as hook.on_config has pymdownx.snippets
    # append them in a build (so the tooltips and their first use per section are compared too)
    glossary = folder.with_name(folder.name + "-begrippen")
    glossary.mkdir(parents=True, exist_ok=True)
    (glossary / "begrippen.md").write_text(hook.abbreviations(begrippen), encoding="utf-8")
    snippets = (config["mdx_configs"] or {}).setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(glossary), str(root)]
    snippets["auto_append"] = ["begrippen.md"]
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    sectors = hb.vocabulaires.get("sectoren", {})
    out = {"fouten": repr(hb.fouten), "waarschuwingen": repr(hb.waarschuwingen), "banner": hook.banner(hb.fouten),
           "afkortingen": hook.abbreviations(begrippen), "voluit": repr(hook.voluit(begrippen)),
           "titels": json.dumps(pages.titles(hb.programmas, hb.outline), ensure_ascii=False),
           "navigatie": repr(pages.navigation(hb.programmas, hb.outline, programmanaam)),
           "keuzelijst": json.dumps(site.keuzelijst(hb), ensure_ascii=False, default=str),
           "zoekwoorden": json.dumps(hook._search_words(hb), ensure_ascii=False)}
    written = [pages.Page(str(path.relative_to(root / "docs")), path.read_text(encoding="utf-8"))
               for path in sorted((root / "docs").rglob("*.md")) if _CALL.search(path.read_text(encoding="utf-8"))]
    assert written, "no page in docs/ calls a macro"
    for page in [*pages.generated(hb.programmas, hb.bestanden, hb.outline), *written]:
        out[page.path + " (bron)"] = page.content
        text = _CALL.sub(lambda m: str(getattr(site, m.group(1))(hb, *re.findall(r'"([^"]*)"', m.group(2)))),
                         page.content)
        out[page.path + " (markdown)"] = text
        md.reset()
        body = hook.tidy(md.convert(re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)), expand=page.path != "begrippen.md")
        out[page.path] = body
        programme = next((p for ident, p in hb.programmas.items() if page.path == pages.path(ident)), None)
        url = re.sub(r"(^|/)index\.md$", r"\1", page.path).removesuffix(".md")
        url = url + "/" if url and not url.endswith("/") else url
        page_html = f'<html><body><article class="md-content__inner md-typeset">{body}</article></body></html>'
        for record in zoeken.records(page_html, url, programme, hb.outline, sectors, slug):
            out[f"{page.path} zoekrecord {record.path}"] = record.html
            zoeken.write(record, folder)
    words = hook._search_words(hb)
    out["samenstellingen"] = json.dumps(zoeken.samenstellingen(folder, words["termen"]), ensure_ascii=False)
    for key, ident, text in site.fragmenten(hb):
        md.reset()
        out[f"fragment {ident} {key}"] = hook.prefix_ids(hook.tidy(md.convert(text)), f"{ident}--{key}")
    return out


def _reference(root: Path, folder: Path, monkeypatch) -> dict[str, str]:
    """The output with the mutant switched off. In a mutation run it is kept in a file named by
    the content of the code, the handbook and this test (all the same for every mutant, whose
    variants all stand in the one mutated copy of the code), so each mutant computes it once
    per run instead of once per mutant."""
    mutant = os.environ.get("MUTANT_UNDER_TEST")
    monkeypatch.setenv("MUTANT_UNDER_TEST", "")  # mutmut's trampolines: the original code
    if not mutant:
        return reader_output(root, folder)
    digest = hashlib.sha256()
    repo = Path(__file__).resolve().parents[1]
    for name in ("macros", "data", "schemas", "docs", "overrides", "tests/fixtures/geldig"):
        for path in sorted((repo / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes())
    digest.update(Path(__file__).read_bytes() + (repo / "mkdocs.yml").read_bytes())
    stored = Path(tempfile.gettempdir()) / f"methodiek-mutatie-inhoud-{digest.hexdigest()[:20]}.json"
    if stored.exists():
        return json.loads(stored.read_text(encoding="utf-8"))
    expected = reader_output(root, folder)
    partial = stored.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    partial.replace(stored)
    return expected


def test_reader_output_is_the_same_with_the_mutant_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")
    root = make_project(tmp_path, [VALID, FIXTURES / "geldig" / "praktijkvoorbeeld.yml"])
    mutant = os.environ.get("MUTANT_UNDER_TEST")
    expected = _reference(root, tmp_path / "referentie", monkeypatch)
    if mutant is not None:
        monkeypatch.setenv("MUTANT_UNDER_TEST", mutant)
    else:
        monkeypatch.delenv("MUTANT_UNDER_TEST")
    got = reader_output(root, tmp_path / "zoekrecords")
    assert len(expected) > 40 and any(" zoekrecord " in name for name in expected)
    # the glossary's tooltips are part of it: the first use of a term per section, written out in print
    assert any("<abbr" in text and "data-voluit=" in text for name, text in expected.items() if "zoekrecord" not in name)
    assert sorted(got) == sorted(expected)
    different = [name for name in expected if got[name] != expected[name]]
    assert not different, different[:10]
