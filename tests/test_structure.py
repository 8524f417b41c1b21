"""What the reader gets, inside <article>, on every page kind of the real site: lists are
lists, tables are tables, checklist items are tick boxes (as many as the checklist has),
and no Markdown or attribute-list syntax is left as literal text. The theme's own markup
(menu toggles, navigation) is outside <article> and never counts."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from test_build import article_of

from macros.render import Renderer

# Markdown the reader must never see as text: attribute lists, task boxes, emphasis marks,
# table rules, template syntax, link syntax
LEFTOVER = ["{: ", "{:.", "[ ]", "[x]", "**", "__", "| --- |", "|---|", "|:-", "{{", "{%", "]("]
# a paragraph that starts like a Markdown list, heading or table row was not parsed as one
RAW_BLOCK = re.compile(r"<p>\s*(?:[-*+] |\d+\. |#{1,6} |\|)")


class Elements(HTMLParser):
    """Text of every element, by tag, with its attributes (nested elements included)."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict, str]] = []
        self._open: list[tuple[str, dict, list]] = []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "img", "hr", "meta", "link"):
            self.found.append((tag, dict(attrs), ""))
            if tag == "input":
                for _, _, parts in self._open:
                    parts.append("\0box\0")
            return
        self._open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                t, attrs, parts = self._open.pop(i)
                self.found.append((t, attrs, "".join(parts)))
                return

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def texts(self, tag: str, cls: str | None = None) -> list[str]:
        return [" ".join(text.replace("\0box\0", "").split()) for t, attrs, text in self.found
                if t == tag and (cls is None or cls in (attrs.get("class") or "").split())]

    def boxes(self) -> list[str]:
        """Text of every task-list item that holds a real tick box."""
        return [" ".join(text.replace("\0box\0", "").split()) for t, attrs, text in self.found
                if t == "li" and "task-list-item" in (attrs.get("class") or "") and "\0box\0" in text]


def norm(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def site(real_site):
    return real_site


def _html_path(site: Path, docs_path: str) -> Path:
    return site / re.sub(r"(index)?\.md$", "", docs_path) / "index.html" if not docs_path.endswith("index.md") \
        else site / docs_path.removesuffix("index.md") / "index.html"


def test_no_literal_markdown_on_any_page(site):
    checked = 0
    for page in sorted(site.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        if "<article" not in raw:
            continue
        article = article_of(page)
        prose = re.sub(r"<(code|pre)\b.*?</\1>", " ", article, flags=re.S)  # code samples may show syntax
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", prose)).split())
        where = str(page.relative_to(site))
        left = [s for s in LEFTOVER if s in text]
        assert not left, (where, left, text[max(0, text.find(left[0]) - 80):][:200])
        assert not RAW_BLOCK.search(prose), (where, RAW_BLOCK.search(prose).group(0))
        checked += 1
    assert checked > 40


def _string_lists(hb, sub, value, path=()):
    """(path, items) of every list the templates render as bullets."""
    sch = hb.schema
    sub = sch.resolve(sub)
    if "if" in sub:
        sub = sch.resolve(sub["then"] if isinstance(value, dict) else sub["else"])
    if sub.get("x-sjabloon") == "tabel":  # its cells: checked as table rows
        return
    if isinstance(value, dict):
        for key, child in value.items():
            if key in ("bronnen", "afgeleid", "sectoren", "begrippen"):
                continue
            yield from _string_lists(hb, (sub.get("properties") or {}).get(key, {}), child, path + (key,))
    elif isinstance(value, list):
        items = sch.resolve(sub.get("items", {}))
        if Renderer(sch, {}).is_lijst_van_tekst(sub) and items.get("type") == "string":
            yield path, value
        else:
            for i, child in enumerate(value):
                yield from _string_lists(hb, items, child, path + (i,))


def test_programme_lists_are_lists_and_tables_are_tables(site, hb):
    for ident, p in hb.programmas.items():
        page = site / "programmas" / ident / "index.html"
        el = Elements(article_of(page))
        items = set(el.texts("li"))
        lists = list(_string_lists(hb, hb.schema.root, p))
        assert lists, ident
        for path, values in lists:
            for value in values:
                assert norm(value) in items, (ident, path, value[:60])
        # the card and every table value (x-sjabloon tabel) are <table>s with their rows
        tables = [v for path, v in _values(p) if isinstance(v, dict) and "rijen" in v and "kolommen" in v]
        rows = el.texts("tr")
        assert len(el.texts("table")) >= 1 + len(tables), ident
        for table in tables:
            for row in table["rijen"]:
                assert any(all(norm(cell) in r for cell in row) for r in rows), (ident, row)


def _values(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _values(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _values(v, path + (i,))


def _checklist_items(p) -> list[str]:
    return [item for _, v in _values(p.get("fasering") or {}) if isinstance(v, dict) and "checklist" in v
            for item in v["checklist"]]


def test_checklist_boxes_match_the_checklist_items(site, hb):
    for ident, p in hb.programmas.items():
        el = Elements(article_of(site / "programmas" / ident / "checklists" / "index.html"))
        expected = [norm(i) for i in _checklist_items(p)]
        if not expected:  # a praktijkvoorbeeld without phases: one line, no boxes
            assert p.get("niveau") == "praktijkvoorbeeld", ident
            assert "Geen checklists" in norm(" ".join(el.texts("p"))) and not el.boxes(), ident
            continue
        assert len(expected) >= 4
        assert el.boxes() == expected, ident
        # each box is named by its item (screen readers)
        labels = [html.unescape(a.get("aria-label", "")) for t, a, _ in el.found if t == "input"]
        assert labels == expected, ident
        # the method description lists the same items as tick boxes too
        description = Elements(article_of(site / "programmas" / ident / "index.html"))
        assert [b for b in description.boxes() if b in expected] == expected, ident


def test_aan_de_slag_checklist_sector_table_and_start_links(site, hb):
    page = site / "aan-de-slag" / "index.html"
    article = article_of(page)
    el = Elements(article)
    voorwaarden = [norm(v) for p in hb.programmas.values() for n in p["randvoorwaarden"].get("niveaus", [])
                   for v in n["voorwaarden"]]
    assert el.boxes() == voorwaarden
    assert len(el.texts("div", "start-checklist")) == len(hb.programmas)
    used = [k for k in hb.vocabulaires["sectoren"] if any(k in p["sectoren"] for p in hb.programmas.values())]
    first = el.texts("table")[0]
    for key in used:
        assert hb.vocabulaires["sectoren"][key]["naam"] in first, key
    # step 3: per programme its first steps as a numbered list, then a link to the first phase
    # of its introduction where it describes one
    for p in hb.programmas.values():
        assert f"{p['afkorting']}: eerste stappen¶" in el.texts("h3"), p["afkorting"]  # ¶: the permalink
    steps = [norm(s["stap"]) for p in hb.programmas.values() for s in p["eerste_stappen"].get("stappen", [])]
    assert steps and all(any(step == li for li in el.texts("li")) for step in steps)
    starts = [t for t in el.texts("p") if t.startswith("Daarna:")]
    assert len(starts) == sum(1 for p in hb.programmas.values() if "invoering" in (p.get("fasering") or {}))


def test_cross_programme_pages_have_their_structure(site, hb):
    progs = hb.programmas
    overview = Elements(article_of(site / "vergelijken" / "index.html"))
    rows = [t for t, a, _ in overview.found if t == "tr" and "data-programma" in a]
    assert len(rows) == len(progs)
    sections = [t for t in overview.texts("li") if any(t.startswith(s.titel + ":") for s in hb.outline)]
    assert len(sections) == len(hb.outline)

    index = Elements(article_of(site / "checklists" / "index.html"))
    phases = sum(len(r["fasen"]) for p in progs.values() for r in (p.get("fasering") or {}).values()
                 if isinstance(r, dict) and "fasen" in r)
    assert index.texts("ol") and len(index.texts("li")) == phases  # numbered lists of phases

    changes = Elements(article_of(site / "wijzigingen" / "index.html"))
    assert len(changes.texts("tr")) == 1 + sum(len(p["wijzigingen"]) for p in progs.values())

    complete = Elements(article_of(site / "volledigheid" / "index.html"))
    assert len(complete.texts("table")) == len(progs)
    assert len(complete.texts("tr")) == len(progs) * (len(hb.outline) + 2)  # header, sections, total

    matrix = Elements(article_of(site / "competenties" / "index.html"))
    roles = sum(len((p.get("competenties") or {}).get("rollen", [])) for p in progs.values())
    kinds = {c["soort"] for c in hb.vocabulaires["competenties"].values()}
    assert len(matrix.texts("table")) == len(kinds)
    assert len([t for t in matrix.texts("li") if re.match(r"F\d+:", t)]) == roles
    header_cells = [t for t, a, _ in matrix.found if t == "th"]
    assert len(header_cells) == len(kinds) * (roles + 1)

    glossary = Elements(article_of(site / "begrippen" / "index.html"))
    assert len(glossary.texts("h2")) == len(hb.vocabulaires["begrippen"])
    sources = Elements(article_of(site / "bronnen" / "index.html"))
    assert len(sources.texts("h2")) == len(hb.vocabulaires["bronnen"])


def test_competence_profiles_list_each_kind(site, hb):
    for ident, p in hb.programmas.items():
        el = Elements(article_of(site / "programmas" / ident / "competenties" / "index.html"))
        items = set(el.texts("li"))
        rollen = (p.get("competenties") or {}).get("rollen", [])
        if not rollen:  # a praktijkvoorbeeld without profiles says so in one line
            assert p.get("niveau") == "praktijkvoorbeeld", ident
            assert "Geen competentieprofielen" in norm(" ".join(el.texts("p"))), ident
            continue
        for rol in rollen:
            for soort in ("kennis", "vaardigheden", "houding"):
                for item in rol.get(soort, []):
                    name = hb.vocabulaires["competenties"][item["competentie"]]["naam"] if isinstance(item, dict) \
                        else item
                    assert any(norm(name) in li for li in items), (ident, rol["id"], soort, name)
