"""Properties of the overview pages and the open data over all the data (issue 34): what a
page shows about every programme, term or change is computed here from the YAML (methodiek/,
data/, the schema), never read back from another page. A new programme, term or change is
covered without editing these tests. They read the real site (built once per run) and run in
the fast loop."""
from __future__ import annotations

import json
import re
import unicodedata


from conftest import REPO
from test_build import article_of
from test_structure import Elements

from macros import schema as schemas
from macros.render import programmanaam


def _alphabetical(term: str) -> str:
    """How a reader looks a word up: 'één' with the e's, 'IB' with the i's."""
    return "".join(c for c in unicodedata.normalize("NFKD", term.casefold()) if not unicodedata.combining(c))


def _words(text: str) -> str:
    return " ".join(text.replace("¶", "").split())


def _rows(table_html: str) -> list[list[str]]:
    """The cells of every body row of one table, as text."""
    rows = []
    for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", table_html, re.S):
        cells = [_words(Elements(c).found[-1][2]) if c else ""
                 for c in re.findall(r"(<t[hd]\b[^>]*>.*?</t[hd]>)", row, re.S)]
        if "<th" not in row or "<td" in row:
            rows.append(cells)
    return rows


def _table_after(page_html: str, anchor: str) -> str:
    """The table that holds the anchor text, else the first table after it."""
    at = page_html.index(anchor)
    start = page_html.rfind("<table", 0, at)
    if start < 0 or page_html.find("</table>", start) < at:
        start = page_html.index("<table", at)
    return page_html[start:page_html.index("</table>", start)]


# ---------------------------------------------------------------- open data

def test_open_data_is_every_programme_the_outline_and_the_shared_data(real_site, hb):
    """handboek.json: every programme exactly as in its YAML, every outline section with its key,
    title and question from the schema, and every data file; vergelijken/programmas.json: per
    programme every field the comparison pages use (name, label, region, sectors, ages, level and
    the sections it fills), from the YAML."""
    data = json.loads((real_site / "handboek.json").read_text(encoding="utf-8"))
    assert data["programmas"] == list(hb.programmas.values())
    outline = schemas.outline(REPO)
    assert data["opzet"] == [{"sleutel": s.key, "titel": s.titel, "vraag": s.vraag} for s in outline]
    assert all(entry["vraag"] and entry["titel"] for entry in data["opzet"])
    assert data["data"] == hb.data and set(data["data"]) == {p.stem for p in (REPO / "data").glob("*.yml")}
    choice = json.loads((real_site / "vergelijken" / "programmas.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in choice] == list(hb.programmas)
    for entry, (ident, p) in zip(choice, hb.programmas.items()):
        assert entry == {"id": ident, "afkorting": p["afkorting"], "naam": p["naam"], "label": programmanaam(p),
                         "regio": p["regio"], "sectoren": p["sectoren"], "van": p["leeftijd"]["van"],
                         "tot": p["leeftijd"]["tot"], "niveau": p["niveau"],
                         "onderdelen": [s.key for s in outline if s.key in p]}, ident


# ---------------------------------------------------------------- ages and sectors wherever they are listed

def test_every_page_that_lists_ages_gives_each_programme_its_own_range(real_site, hb):
    """The home page's table, step 1 of Aan de slag (per sector) and the comparison overview
    (its cell and the attributes the filter reads) give every programme the 'van' and 'tot' of
    its own YAML, and list it under every sector it works in and no other."""
    sectors = hb.vocabulaires["sectoren"]
    home = _table_after(article_of(real_site / "index.html"), "programma-tabel")
    rows = {r[0]: r for r in _rows(home)}
    for p in hb.programmas.values():
        (row,) = [r for name, r in rows.items() if name.startswith(programmanaam(p))]
        assert row[1] == ", ".join(sectors[s]["naam"] for s in p["sectoren"]), row
        assert row[2] == f"{p['leeftijd']['van']}-{p['leeftijd']['tot']} jaar", row
    start = _table_after(article_of(real_site / "aan-de-slag" / "index.html"), "Welk programma past")
    step1 = {r[0]: r for r in _rows(start)}
    for key, sector in sectors.items():
        members = [p for p in hb.programmas.values() if key in p["sectoren"]]
        if not members:
            assert sector["naam"] not in step1, key
            continue
        row = step1[sector["naam"]]
        assert row[1] == ", ".join(p["afkorting"] for p in members), row
        assert row[2] == "; ".join(f"{p['afkorting']}: {p['leeftijd']['van']}-{p['leeftijd']['tot']} jaar"
                                   for p in members), row
    overview = article_of(real_site / "vergelijken" / "index.html")
    for ident, p in hb.programmas.items():
        attributes = re.search(rf'<tr data-programma="{re.escape(ident)}"([^>]*)>(.*?)</tr>', overview, re.S)
        assert attributes, ident
        assert f'data-sectoren="{" ".join(p["sectoren"])}"' in attributes.group(1), ident
        assert f'data-van="{p["leeftijd"]["van"]}" data-tot="{p["leeftijd"]["tot"]}"' in attributes.group(1), ident
        age = re.search(r'<td data-label="Leeftijd">(.*?)</td>', attributes.group(2), re.S).group(1)
        assert _words(re.sub(r"<[^>]+>", " ", age)).startswith(
            f"{p['leeftijd']['van']} tot en met {p['leeftijd']['tot']} jaar"), (ident, age)


# ---------------------------------------------------------------- changes, newest first

def test_every_changelog_lists_every_change_newest_first(real_site, hb):
    """Each programme page ends with all its changes, newest first (as in the YAML, where the
    newest is last); the page Wijzigingen lists the changes of every programme, newest first."""
    everything = []
    for ident, p in hb.programmas.items():
        page = article_of(real_site / "programmas" / ident / "index.html")
        rows = _rows(_table_after(page, 'id="wijzigingen"'))
        expected = [[w["versie"], str(w["datum"]), _words(w["omschrijving"])] for w in reversed(p["wijzigingen"])]
        assert [r[:2] for r in rows] == [e[:2] for e in expected], ident
        everything += [(str(w["datum"]), w["versie"], p["afkorting"]) for w in p["wijzigingen"]]
    text = _words(Elements(article_of(real_site / "wijzigingen" / "index.html")).found[-1][2])
    dates = re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", text)
    assert sorted(dates, reverse=True) == dates and sorted(dates) == sorted(d for d, _, _ in everything)


# ---------------------------------------------------------------- the glossary

def test_the_glossary_lists_every_term_once_in_alphabetical_order(real_site, hb):
    """Begrippen: one heading per term of data/begrippen.yml, alphabetical (as a reader looks a
    word up), each with its full form where it has one."""
    terms = hb.vocabulaires["begrippen"]
    page = Elements(article_of(real_site / "begrippen" / "index.html"))
    headings = [_words(h) for h in page.texts("h2")]
    assert sorted(headings) == sorted(_words(b["term"]) for b in terms.values())
    assert headings == sorted(headings, key=_alphabetical), headings
    strong = set(page.texts("strong"))
    for key, b in terms.items():
        if b.get("voluit"):
            assert _words(b["voluit"]) in strong, key
