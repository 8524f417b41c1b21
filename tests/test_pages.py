"""The cross-programme pages, built from fixture programmes: real content, filter,
print rules and tooltip markup."""
from __future__ import annotations

import json
import re

import pytest

from conftest import REPO, VALID, build
from test_build import article_of, text_of

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


def _fixture():
    from macros import reader
    return reader.read(VALID)[0].data


def read(site, page):
    return (site / page).read_text(encoding="utf-8")


def test_overview_table_and_filter(site):
    page = article_of(site / "vergelijken" / "index.html")
    # a group of controls, not a form without a submit; rendered at build time (no shift when
    # it appears), disabled until the script takes it over
    assert "<form" not in page
    assert re.search(r'<div class="programma-filter" role="group" aria-labelledby="filter-titel" '
                     r'data-vergelijk-basis="\.\./vergelijken/">', page)
    assert '<input type="checkbox" name="sector" value="mbo" disabled>' in page
    assert '<input type="checkbox" name="sector" value="po" disabled>' in page
    assert 'name="sector" value="vso"' not in page  # only sectors some programme uses
    assert re.search(r'<tr data-programma="voorbeeld" data-sectoren="po kinderopvang" data-van="0" data-tot="12">', page)
    assert re.search(r'<tr data-programma="mbo-voorbeeld" data-sectoren="mbo" data-van="16" data-tot="23">', page)
    text = text_of(site / "vergelijken" / "index.html")
    assert "Jeugdhulpverlener op school: 8 uur per week" in text


def test_overview_rows_are_the_decision_card(site):
    """The comparison overview has one column per card field of the schema, and each
    programme's row holds what its card holds."""
    from macros import kaart
    labels = [v.label for v in kaart.velden(schemas.load(REPO))]
    assert len(labels) >= 8
    page = article_of(site / "vergelijken" / "index.html")
    table = page[page.index('<table class="stapeltabel vergelijk-tabel">'):page.index("</table>")]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headers == ["Programma", *labels]
    row = re.search(r'<tr data-programma="voorbeeld".*?</tr>', table, re.S).group(0)
    cells = re.findall(r'<td data-label="([^"]*)">(.*?)</td>', row, re.S)
    assert [label for label, _ in cells] == labels  # the stacked (phone) layout names each cell
    cells = [cell for _, cell in cells]
    for expected in ("Primair onderwijs, Kinderopvang", "0 tot en met 12 jaar", "8 uur per week",
                     "Een vaste ruimte, een uur zorgoverleg", "De gemeente betaalt de hulpverlener",
                     "Zwak; alleen ervaringen", "2 ervaren", "Beschrijft 2020-2022", "Fase 1: Voorbereiding"):
        assert sum(expected in c for c in cells) == 1, expected
    assert 'href="../programmas/voorbeeld/checklists/#invoering-voorbereiding"' in row


def test_a_comparison_page_per_outline_section(site):
    """Each section's comparison page holds no programme's content: it offers the choice and,
    without JavaScript, a link to every programme's section; the content is one small file
    per programme with each of its sections, the same text as on the programme page (one
    request per chosen programme, whichever comparison page)."""
    files = {ident: (site / "vergelijken" / "inhoud" / f"{ident}.html").read_text(encoding="utf-8")
             for ident in ("voorbeeld", "mbo-voorbeeld")}
    assert sorted(p.name for p in (site / "vergelijken" / "inhoud").iterdir()) == ["mbo-voorbeeld.html", "voorbeeld.html"]
    for fragment in files.values():
        assert "<html" not in fragment and "<article" not in fragment
    for sectie in schemas.outline(REPO):
        page = article_of(site / "vergelijken" / sectie.key / "index.html")
        assert f'<section class="vergelijk-onderdeel" data-onderdeel="{sectie.key}"' in page
        assert not (site / "vergelijken" / sectie.key / "voorbeeld.html").exists()  # no file per section
        for ident in ("voorbeeld", "mbo-voorbeeld"):
            assert f'href="../../programmas/{ident}/#{sectie.key.replace("_", "-")}"' in page, (sectie.key, ident)
        assert f'<section data-onderdeel="{sectie.key}">' in files["voorbeeld"], sectie.key
        assert "Kennismakingsgesprek" not in page
    fasering = re.search(r'<section data-onderdeel="fasering">(.*?)</section>\n', files["voorbeeld"], re.S).group(1)
    assert "Kennismakingsgesprek met ouders en kind." in fasering
    assert 'href="../../bronnen/#nji2015"' in fasering  # links rewritten as on a page two folders deep
    # two programmes side by side never share an id: every id in a fragment is prefixed
    ids = re.findall(r'\bid="([^"]+)"', fasering)
    assert ids and all(i.startswith("voorbeeld--") for i in ids)
    assert re.search(r'<input type="checkbox" disabled aria-label="Kennismakingsgesprek gevoerd\."', fasering)
    alles = article_of(site / "vergelijken" / "alles" / "index.html")
    assert alles.count('class="vergelijk-onderdeel"') == len(schemas.outline(REPO))
    listed = json.loads((site / "vergelijken" / "programmas.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in listed] == ["mbo-voorbeeld", "voorbeeld"]
    assert listed[1]["sectoren"] == ["po", "kinderopvang"] and listed[1]["van"] == 0 and listed[1]["tot"] == 12
    assert "fasering" in listed[1]["onderdelen"]


def test_comparison_page_does_not_grow_with_the_programmes(tmp_path):
    """Beyond pages.NAV_LIMIT programmes a comparison page lists none of them (they come
    from programmas.json and the fragments): one more programme adds not a byte."""
    from conftest import make_project
    from macros import model, pages, site as macros_site
    sizes = {}
    for n in (pages.NAV_LIMIT + 1, pages.NAV_LIMIT + 9):
        files = []
        for i in range(n):
            path = tmp_path / f"bron-{n}" / f"p{i:03d}.yml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(VALID.read_text(encoding="utf-8").replace("id: voorbeeld", f"id: p{i:03d}"), encoding="utf-8")
            files.append(path)
        (tmp_path / str(n)).mkdir()
        hb = model.laad(make_project(tmp_path / str(n), files))
        assert len(hb.programmas) == n and not hb.fouten
        sizes[n] = [len(macros_site.vergelijking_sectie(hb, "fasering")), len(macros_site.vergelijking_alles(hb))]
        assert "p001" not in macros_site.vergelijking_sectie(hb, "fasering")
    assert sizes[pages.NAV_LIMIT + 1] == sizes[pages.NAV_LIMIT + 9]


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
    assert re.search(r'<abbr title="Intern begeleider \(ook IB(&#x27;|\')er\)"[^>]*>IB</abbr>', method)
    # the theme turns abbreviations into tooltips only when the built page asks it to
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', method, re.S)
    assert config and "content.tooltips" in json.loads(config.group(1))["features"]


def test_bibliography_links_both_ways(site):
    text = text_of(site / "bronnen" / "index.html")
    assert "Nederlands Jeugdinstituut (2015)" in text and "Geciteerd in: VMB, VJB." in text
    method = read(site, "programmas/voorbeeld/index.html")
    assert 'href="../../bronnen/#nji2015"' in method


def test_getting_started_guide(site):
    text = text_of(site / "aan-de-slag" / "index.html")
    assert "Middelbaar beroepsonderwijs VMB" in text
    assert "Een vaste werkplek en een plaats in het zorgoverleg." in text
    page = article_of(site / "aan-de-slag" / "index.html")
    # the start checklist is a real task list inside the article, one box per condition (the
    # theme's own menu toggles are checkboxes too, so a page-wide search proves nothing)
    start = page[page.index("Checklist voor de start"):page.index("Waar begint u?")]
    items = re.findall(r'<li class="task-list-item"><label class="task-list-control">'
                       r'<input type="checkbox" disabled aria-label="([^"]+)"', start)
    assert "Een vaste werkplek en een plaats in het zorgoverleg." in items
    assert len(items) == 2 * sum(len(n["voorwaarden"]) for n in _fixture()["randvoorwaarden"]["niveaus"])
    assert "- [ ]" not in start and "[ ]" not in text
    assert start.count('<div class="start-checklist">') == 2
    assert "programmas/voorbeeld/checklists/#invoering-voorbereiding" in page


def test_completeness_dashboard(site):
    text = text_of(site / "volledigheid" / "index.html")
    assert "Aanpak in fasen ja 3 van 3 14% 1" in text  # 1 of 7 blocks derived
    assert "Erkenning ja 2 van 3 100% 0" in text  # status and explanation; not checked, so no 'nagegaan'
    assert "Aansluiting op de zorgstructuur ja 1 van 2" in text


def test_changelog_page_newest_first(site):
    text = text_of(site / "wijzigingen" / "index.html")
    assert text.index("2024-02-01") < text.index("2023-05-01")


def test_navigation_lists_every_page_kind(site):
    page = read(site, "index.html")
    nav = page[page.index("md-nav--primary"):page.index("<article")]  # the main navigation only
    for title in ("Aan de slag", "Programma's", "Vergelijken", "Competenties", "Checklists", "Begrippen",
                  "Bronnen", "Wijzigingen", "Volledigheid", "Beleidsachtergrond"):
        assert title in nav, title


def test_programme_overview_and_page_links(site):
    text = text_of(site / "programmas" / "index.html")
    assert "VJB: Voorbeeldmethodiek Jeugdhulp op de Basisschool" in text and "Voorbeeld in het mbo" in text
    page = article_of(site / "programmas" / "index.html")  # the navigation links them too
    for kind in ("voorbeeld/", "voorbeeld/competenties/", "voorbeeld/checklists/"):
        assert f'href="{kind}"' in page, kind
    method = article_of(site / "programmas" / "voorbeeld" / "index.html")
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


def _pages(site):
    """Every page of the built site (the fragments that comparison pages load are not pages)."""
    return sorted(p for p in site.rglob("index.html") if "search" not in p.parts)


def test_every_page_has_its_own_descriptive_title(site):
    titles = {}
    for page in _pages(site):
        found = re.findall(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert len(found) == 1, page
        titles.setdefault(" ".join(found[0].split()), []).append(page.relative_to(site).as_posix())
    doubles = {t: p for t, p in titles.items() if len(p) > 1}
    assert not doubles, doubles
    for expected in ("VJB – Checklists per fase - ", "VMB – Checklists per fase - ", "VJB – Competentieprofielen - ",
                     "VJB – Methodiekbeschrijving - ", "Vergelijken – Aanpak in fasen - ", "Programma's vergelijken - "):
        assert any(t.startswith(expected.replace("'", "&#39;")) or t.startswith(expected) for t in titles), expected
    # the sticky header shows the same title; the navigation keeps its short label
    checklist = read(site, "programmas/voorbeeld/checklists/index.html")
    header = checklist[checklist.index('data-md-component="header-topic"'):]
    assert "VJB – Checklists per fase" in header[:600]
    assert re.search(r'class="md-nav__link md-nav__link--active"[^>]*>\s*<span class="md-ellipsis">\s*Checklists per fase',
                     checklist)


def test_sitemap_lists_every_page(site):
    import xml.etree.ElementTree as ET
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {"http://127.0.0.1:8000/" + p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
                for p in _pages(site)}
    expected = {u.replace("8000//", "8000/") for u in expected}
    assert locs == expected
    assert "http://127.0.0.1:8000/programmas/voorbeeld/checklists/" in locs
    assert "http://127.0.0.1:8000/vergelijken/alles/" in locs


def test_tooltips_only_where_they_help(site):
    """Material sets up a tooltip for every element with a title: a glossary term gets one
    on its first use in each section, and heading permalinks are named without a title."""
    page = article_of(site / "programmas" / "voorbeeld" / "index.html")
    sections = re.split(r"(?=<h2[\s>])", page)
    assert len(sections) > 10
    for section in sections:
        terms = re.findall(r"<abbr title=\"[^\"]*\"[^>]*>(.*?)</abbr>", section)
        assert len(terms) == len(set(terms)), terms
    assert sum(len(re.findall(r"<abbr ", s)) for s in sections) >= 2  # the help is still there
    assert '<a class="headerlink" href="#probleem" aria-label="Link naar dit onderdeel">' in page
    assert 'class="headerlink" href="#probleem" title=' not in page


# A second hook that takes one generated page out of the navigation after the handbook's
# hook made it (a regression such as the per-section comparison pages dropped from the nav).
DROP = '''
def on_config(config):
    def drop(entries):
        out = []
        for entry in entries:
            (title, value), = entry.items() if isinstance(entry, dict) else (("", entry),)
            if value == "vergelijken/fasering/index.md":
                continue
            out.append({title: drop(value)} if isinstance(value, list) else entry)
        return out
    config.nav = drop(config.nav)
    return config
'''


@pytest.mark.traag  # two strict builds of a throwaway project
def test_a_page_left_out_of_the_navigation_fails_the_strict_build(project):
    root = project([VALID])
    assert build(root).returncode == 0
    (root / "dropnav.py").write_text(DROP, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"^(  - .*macros/hook\.py\n)", r"\1  - dropnav.py\n", config.read_text(encoding="utf-8"),
                             count=1, flags=re.M), encoding="utf-8")
    assert "hook.py\n  - dropnav.py" in config.read_text(encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "vergelijken/fasering/index.md" in result.stderr and "not included in the \"nav\"" in result.stderr, \
        result.stderr[-2000:]


def test_the_site_ships_no_dead_weight(site):
    """No source maps, no lunr and no search worker of the theme (the handbook searches with
    Pagefind, on the main thread), and nothing points at a map that is not there."""
    assert not list(site.rglob("*.map"))
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert not (site / "assets" / "javascripts" / "workers").exists()
    assert not list(site.rglob("lunr*")) and not list(site.rglob("*worker*.js"))
    for path in [*site.rglob("*.js"), *site.rglob("*.css")]:
        assert "sourceMappingURL" not in path.read_text(encoding="utf-8"), path
    assert (site / "pagefind" / "pagefind.js").is_file()  # what the search does use stays


def test_no_page_links_to_the_readers_own_machine(site):
    """'127.0.0.1' on a published page points at the reader's own computer: no page links
    there (the preview address in Bijdragen is text, not a link)."""
    bad = [(str(p.relative_to(site)), m) for p in _pages(site)
           for m in re.findall(r'<a\b[^>]*\bhref="(?:https?:)?//(?:127\.0\.0\.1|localhost)[^"]*"', p.read_text(encoding="utf-8"))]
    assert not bad, bad
    assert "127.0.0.1:8000" in (site / "bijdragen" / "index.html").read_text(encoding="utf-8")  # still said


def test_open_data_and_every_schema_are_linked_from_the_home_page(site):
    home = article_of(site / "index.html")
    assert 'href="handboek.json"' in home and (site / "handboek.json").is_file()
    for schema in sorted((REPO / "schemas").glob("*.schema.json")):
        assert f'href="schemas/{schema.name}"' in home, schema.name
        assert (site / "schemas" / schema.name).is_file()
