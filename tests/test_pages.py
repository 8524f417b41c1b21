"""The cross-programme pages, built from fixture programmes: real content, filter,
print rules and tooltip markup."""
from __future__ import annotations

import re

import pytest

from conftest import REPO, VALID, build
from test_build import text_of

from macros import schema as schemas


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import make_project
    tmp = tmp_path_factory.mktemp("pages")
    second = tmp / "mbo-voorbeeld.yml"
    second.write_text(
        VALID.read_text(encoding="utf-8").replace("id: voorbeeld", "id: mbo-voorbeeld")
        .replace("naam: Voorbeeldmethodiek Jeugdhulp op de Basisschool", "naam: Voorbeeld in het mbo")
        .replace("afkorting: VJB", "afkorting: VMB").replace("sectoren: [po, kinderopvang]", "sectoren: [mbo]")
        .replace("  van: 0\n  tot: 12", "  van: 16\n  tot: 23"), encoding="utf-8")
    root = make_project(tmp, [VALID, second])
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def read(site, page):
    return (site / page).read_text(encoding="utf-8")


def test_overview_table_and_filter(site):
    page = read(site, "vergelijken/index.html")
    assert '<form class="programma-filter" hidden aria-label="Programma\'s filteren">' in page
    assert '<input type="checkbox" name="sector" value="mbo">' in page
    assert '<input type="checkbox" name="sector" value="po">' in page
    assert 'name="sector" value="vso"' not in page  # only sectors some programme uses
    assert re.search(r'<tr data-sectoren="po kinderopvang" data-van="0" data-tot="12">', page)
    assert re.search(r'<tr data-sectoren="mbo" data-van="16" data-tot="23">', page)
    text = text_of(site / "vergelijken" / "index.html")
    assert "Jeugdhulpverlener op school: 8 uur per week" in text


def test_overview_rows_are_the_decision_card(site):
    """The comparison overview has one column per card field of the schema, and each
    programme's row holds what its card holds."""
    from macros import kaart
    labels = [v.label for v in kaart.velden(schemas.load(REPO))]
    assert len(labels) >= 8
    page = read(site, "vergelijken/index.html")
    table = page[page.index('<table class="vergelijk-tabel">'):page.index("</table>")]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headers == ["Programma", *labels]
    row = re.search(r'<tr data-sectoren="po kinderopvang".*?</tr>', table, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert len(cells) == len(labels)
    for expected in ("Primair onderwijs, Kinderopvang", "0 tot en met 12 jaar", "8 uur per week",
                     "Een vaste ruimte, een uur zorgoverleg", "De gemeente betaalt de hulpverlener",
                     "Zwak; alleen ervaringen", "2 ervaren", "Beschrijft 2020-2022", "Fase 1: Voorbereiding"):
        assert sum(expected in c for c in cells) == 1, expected
    assert 'href="../programmas/voorbeeld/checklists/#invoering-voorbereiding"' in row


def test_a_comparison_page_per_outline_section(site):
    for sectie in schemas.outline(REPO):
        page = read(site, f"vergelijken/{sectie.key}/index.html")
        assert page.count('class="programma-blok"') == 2, sectie.key
        assert "VMB: Voorbeeld in het mbo" in page and "VJB: Voorbeeldmethodiek" in page
    text = text_of(site / "vergelijken" / "fasering" / "index.html")
    # the same order on every comparison page: by programme id
    assert text.index("VMB: Voorbeeld in het mbo") < text.index("VJB: Voorbeeldmethodiek")
    assert "Kennismakingsgesprek met ouders en kind." in text


def test_competence_matrix_and_profiles(site):
    text = text_of(site / "competenties" / "index.html")
    assert re.search(r"F\d: VJB, Jeugdhulpverlener op school", text)
    assert re.search(r"Kennis van de sociale kaart ja ja", text)
    profile = read(site, "programmas/voorbeeld/competenties/index.html")
    assert profile.count('class="rolprofiel"') == 1
    assert "competenties/#sociale-kaart" in profile
    assert "De sociale kaart van de wijk rond de school." in profile


def test_checklist_index_and_print_rules(site):
    index = read(site, "checklists/index.html")
    assert "programmas/voorbeeld/checklists/#invoering-borging" in index
    css = (REPO / "docs" / "assets" / "handboek.css").read_text(encoding="utf-8")
    print_css = css[css.index("@media print"):]
    assert re.search(r"@page\s*\{\s*size: A4;", print_css)
    assert re.search(r"\.checklist-fase\s*\{\s*break-before: page;", print_css)
    assert re.search(r"\.task-list-item\s*\{\s*break-inside: avoid;", print_css)
    assert "border: 1.5px solid #000" in print_css
    checklist = read(site, "programmas/voorbeeld/checklists/index.html")
    assert "<details" not in checklist
    js = (REPO / "docs" / "assets" / "handboek.js").read_text(encoding="utf-8")
    assert 'addEventListener("beforeprint"' in js


def test_glossary_page_and_tooltips(site):
    text = text_of(site / "begrippen" / "index.html")
    assert "IB Intern begeleider (ook IB'er)" in text
    assert "Komt voor in: VMB, VJB." in text
    method = read(site, "programmas/voorbeeld/index.html")
    # the tooltip gives the term in full; the Begrippen page has the whole explanation
    assert re.search(r'<abbr title="Intern begeleider \(ook IB(&#x27;|\')er\)">IB</abbr>', method)
    assert "content.tooltips" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_bibliography_links_both_ways(site):
    text = text_of(site / "bronnen" / "index.html")
    assert "Nederlands Jeugdinstituut (2015)" in text and "Geciteerd in: VMB, VJB." in text
    method = read(site, "programmas/voorbeeld/index.html")
    assert 'href="../../bronnen/#nji2015"' in method


def test_getting_started_guide(site):
    text = text_of(site / "aan-de-slag" / "index.html")
    assert "Middelbaar beroepsonderwijs VMB" in text
    assert "Een vaste werkplek en een plaats in het zorgoverleg." in text
    page = read(site, "aan-de-slag/index.html")
    assert 'type="checkbox"' in page
    assert "programmas/voorbeeld/checklists/#invoering-voorbereiding" in page


def test_completeness_dashboard(site):
    text = text_of(site / "volledigheid" / "index.html")
    assert "Aanpak in fasen ja 3 van 3 14% 1" in text  # 1 of 7 blocks derived
    assert "Erkenning ja 2 van 2 100% 0" in text


def test_changelog_page_newest_first(site):
    text = text_of(site / "wijzigingen" / "index.html")
    assert text.index("2024-02-01") < text.index("2023-05-01")


def test_navigation_lists_every_page_kind(site):
    nav = read(site, "index.html")
    for title in ("Aan de slag", "Programma's", "Vergelijken", "Competenties", "Checklists", "Begrippen",
                  "Bronnen", "Wijzigingen", "Volledigheid", "Beleidsachtergrond"):
        assert title in nav, title


def test_programme_overview_and_page_links(site):
    text = text_of(site / "programmas" / "index.html")
    assert "VJB: Voorbeeldmethodiek Jeugdhulp op de Basisschool" in text and "Voorbeeld in het mbo" in text
    page = read(site, "programmas/index.html")
    for kind in ("voorbeeld/", "voorbeeld/competenties/", "voorbeeld/checklists/"):
        assert f'href="{kind}"' in page, kind
    method = read(site, "programmas/voorbeeld/index.html")
    assert re.search(r'<nav (aria-label="Pagina\'s van dit programma" class="programma-paginas"|'
                     r'class="programma-paginas" aria-label="Pagina\'s van dit programma")>', method)
    assert '<strong aria-current="page">Methodiekbeschrijving</strong>' in method


def test_navigation_stays_small_for_many_programmes():
    from macros import pages
    outline = schemas.outline(REPO)
    many = {f"p{i:03d}": {"afkorting": f"P{i}", "naam": "x"} for i in range(pages.NAV_LIMIT + 1)}
    nav = pages.navigation(many, outline, lambda p: p["afkorting"])
    section = next(item["Programma's"] for item in nav if "Programma's" in item)
    assert section == [{"Alle programma's": "programmas/index.md"}]
    few = dict(list(many.items())[:3])
    section = next(item["Programma's"] for item in pages.navigation(few, outline, lambda p: p["afkorting"])
                   if "Programma's" in item)
    assert len(section) == 4
