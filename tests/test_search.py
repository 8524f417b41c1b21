"""Search (Pagefind, macros/zoeken.py, overrides/partials/zoeken.html, docs/assets/zoeken.js).

Without a browser: the build writes the index and the search words, a method description
becomes one record per outline section, a failing indexer fails the build in Dutch.
In Debian's Chromium: Dutch stemming, glossary search words, typo tolerance, ranking of a
programme's own page, section links with programme and section, filters, keyboard, axe
with results open, the hint without JavaScript, one index per mike version, mkdocs serve.

Most browser tests run against a handbook of made-up programmes whose words this file
controls (``fixture_site``), so parallel content work cannot change what they prove."""
from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from macros import schema as schemas
from conftest import BIN, REPO, VALID, WAIT, build, make_project, serve

# ---------------------------------------------------------------- a handbook whose words we control

# (id, naam, afkorting, sectoren, {section: sentence appended to its 'tekst'})
PROGRAMMES = [
    ("alfa", "Alfa Aanpak Wijkteams", "AAW", ["po"], {
        "probleem": "Elke school in de wijk doet mee aan het overleg met het wijkteam.",
        "uitvoering": "Het preventiebudget van de wijk betaalt de eerste twee jaar.",
        "resultaten": "Eén plaatsing in de residentiële jeugdzorg kost de gemeente veel.",
        "doelgroep": "Ook de jeugdverpleegkundige van het consultatiebureau hoort bij de doelgroep.",
    }),
    ("beta", "Beta Route Mentoraat", "BRM", ["vo"], {
        "probleem": "Drie scholen in de regio werken aan één gezamenlijk mentoraat.",
        "uitvoering": "De kosten van de inzet worden gedeeld door gemeente en samenwerkingsverband.",
    }),
    ("gamma", "Gamma Netwerk Praktijkonderwijs", "GNP", ["pro", "vso"], {
        "doelstelling": "De financiering komt uit het gemeentelijke sociaal domein.",
        "werkzame_elementen": "Een besparing op tweedelijnshulp is het tweede doel.",
    }),
]


def fixture_programmes(folder: Path, which=PROGRAMMES) -> list[Path]:
    from macros import reader
    folder.mkdir(parents=True, exist_ok=True)
    base = reader.read(VALID)[0].data  # the handbook's reader: dates stay text, as the schema wants
    out = []
    for ident, naam, afkorting, sectoren, extra in which:
        data = json.loads(json.dumps(base))
        data.update(id=ident, naam=naam, afkorting=afkorting, sectoren=sectoren)
        for section, sentence in extra.items():
            data[section]["tekst"] = data[section]["tekst"].rstrip() + "\n\n" + sentence + "\n"
        path = folder / f"{ident}.yml"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        # 'budget' as a word of its own only via search words; 'preventiebudget' stays
        path.write_text(re.sub(r"\bbudget", "geld", text), encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("zoeken")
    root = make_project(tmp, fixture_programmes(tmp / "bron"))
    result = build(root)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return root


def _sections(site: Path, ident: str) -> dict[str, str]:
    """Outline section title -> its plain text, read from the built page (independently of
    macros/zoeken.py)."""
    page = (site / "programmas" / ident / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    article = re.sub(r'<p class="leidende-vraag">.*?</p>', "", article, flags=re.S)  # the outline's, not searched
    outline = {s.titel for s in schemas.outline(REPO)}  # not the decision card, which repeats them
    out = {}
    for part in re.split(r'(?=<h2 id=")', article)[1:]:
        title = re.match(r'<h2 id="[^"]+"[^>]*>(.*?)<a class="headerlink"', part, re.S)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())
        name = html.unescape(re.sub(r"<[^>]+>", "", title.group(1))).strip() if title else "?"
        if name in outline:
            out[name] = text
    return out


def _containing(site: Path, pattern: str) -> set[tuple[str, str]]:
    """(programme label, section title) of every outline section whose text matches."""
    out = set()
    for ident, naam, afkorting, *_ in PROGRAMMES:
        for title, text in _sections(site, ident).items():
            if re.search(pattern, text, re.I):
                out.add((f"{afkorting}: {naam}", title))
    return out


# ---------------------------------------------------------------- without a browser

def test_build_writes_index_and_search_words_not_materials_index(fixture_root):
    site = fixture_root / "site"
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("pagefind.*.pf_meta"))
    assert list((bundle / "index").glob("*.pf_index")) and list((bundle / "fragment").glob("*.pf_fragment"))
    assert not (site / "search" / "search_index.json").exists()  # Material's search plugin is gone
    words = json.loads((bundle / "handboek-zoekwoorden.json").read_text(encoding="utf-8"))
    groups = {tuple(g["woorden"]): g["ook"] for g in words["groepen"]}
    assert any("budget" in w and "kosten" in ook for w, ook in groups.items())
    assert ("IKC", "Integraal kindcentrum") in groups  # term and full form find each other
    assert words["onderdelen"] == [s.titel for s in schemas.outline(REPO)]  # outline order for the filter
    assert words["onderdelen"][:3] == ["Samenvatting", "Eerste stappen", "Probleem"]


def test_method_description_is_one_record_per_outline_section(fixture_root):
    from macros import model, zoeken
    from macros.render import slug
    hb = model.laad(fixture_root)
    output = (fixture_root / "site" / "programmas" / "beta" / "index.html").read_text(encoding="utf-8")
    records = zoeken.records(output, "programmas/beta/", hb.programmas["beta"], hb.outline,
                             hb.vocabulaires["sectoren"], slug)
    paths = [r.path for r in records]
    assert paths[0] == "programmas/beta/index.html"  # title and key facts: the page itself
    for sectie in hb.outline:
        assert f"programmas/beta/{slug(sectie.key)}.html" in paths, sectie.key
    uitvoering = next(r.html for r in records if r.path.endswith("/uitvoering.html"))
    assert 'data-pagefind-filter="programma[content]" content="BRM: Beta Route Mentoraat"' in uitvoering
    assert 'data-pagefind-filter="onderdeel[content]" content="Uitvoering en beleid"' in uitvoering
    assert 'data-pagefind-filter="sector[content]" content="Voortgezet onderwijs"' in uitvoering
    assert "De kosten van de inzet" in uitvoering
    assert "Beta Route Mentoraat" not in re.sub(r"<head>.*</head>", "", uitvoering)  # no title in sections
    assert 'data-pagefind-weight="10"' in records[0].html  # the name ranks its own page first
    assert 'data-pagefind-filter="soort[content]" content="Handboek"' in uitvoering
    assert re.search(r'class="leidende-vraag"', uitvoering) and 'data-pagefind-ignore="all" class="leidende-vraag"' in uitvoering
    # a page about the handbook itself is of the other kind, a content page of the same kind
    page = '<html><body><article class="md-content__inner md-typeset"><h1>X</h1><p>budget</p></article></body></html>'
    assert 'content="Over het handboek"' in zoeken.records(page, "volledigheid/")[0].html
    assert 'content="Handboek"' in zoeken.records(page, "aan-de-slag/")[0].html


def test_compounds_by_their_last_part(tmp_path):
    """Compounds are head + (s/e/en) + tail with both parts words of the handbook; a prefix
    that is no word of its own makes no compound, and the text Pagefind ignores does not count."""
    from macros import zoeken
    body = ("Het preventiebudget en het budget. De schoolleiding en de leiding van de school. Veranderen "
            "bij anderen. Het onderwijsbudget. De gezondheidsdienst en de dienst; gezondheid. "
            "De bijscholing en de scholing; de bijenhouder en de houder. "
            '<p data-pagefind-ignore="all" class="leidende-vraag">Het vragenbudget en de vragen?</p> preventie')
    zoeken.write(zoeken.Record("a/index.html", zoeken._document(body, {}, {})), tmp_path)
    found = zoeken.samenstellingen(tmp_path)
    assert found["budget"] == ["preventiebudget"]  # 'onderwijs' is no word of this text
    assert found["leiding"] == ["schoolleiding"]
    assert found["dienst"] == ["gezondheidsdienst"]  # linking 's'
    assert "anderen" not in found  # 'ver' is no word
    assert "vragen" not in found  # ignored text
    assert "scholing" not in found and "houder" not in found  # 'bij' (also with 'en') is too short a head
    # a glossary term counts as a word
    assert zoeken.samenstellingen(tmp_path, extra=["onderwijs"])["budget"] == ["onderwijsbudget", "preventiebudget"]


def test_records_of_a_page_in_the_process(tmp_path):
    """One built programme page, made by hand: a record for the card part and one per outline
    section. A heading without id stays in the card's record; a heading with an empty id and the
    page's own glossary are in no record. The title and filter values stand whole in their
    attributes, quotes and markup included; a page whose article is cut off gives no record."""
    from html.parser import HTMLParser

    from macros import zoeken
    from macros.schema import Sectie

    outline = [Sectie("doelgroep", "Doelgroep", "", {}), Sectie("uitvoering", 'Uitvoering "en" <beleid>', "", {})]
    programme = {"id": "p", "naam": 'Programma "P" & <co>', "afkorting": "PP", "sectoren": ["vo", "mbo"]}
    sectors = {"vo": {"naam": "Voortgezet onderwijs"}, "mbo": {"naam": 'Mbo "en" meer'}}
    page = ('<!doctype html><html><body><article class="md-content__inner md-typeset"><h1>Kop</h1><p>kaart</p>'
            '<h2>zonder id</h2><p>los</p>'
            '<h2 id="doelgroep">Doelgroep</h2><p>voor wie</p>'
            '<h2 id="">leeg</h2><p>leeg</p><h2 id="begrippen">Begrippen</h2><p>lijst</p>'
            '<h2 id="uitvoering">Uitvoering</h2><p>hoe</p></article></body></html>')
    records = zoeken.records(page, "/programmas/p/", programme, outline, sectors, slug=lambda key: key)
    assert [r.path for r in records] == ["programmas/p/index.html", "programmas/p/doelgroep.html",
                                         "programmas/p/uitvoering.html"]

    class Meta(HTMLParser):
        def __init__(self):
            super().__init__()
            self.meta = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and "content" in attrs:
                name = attrs.get("data-pagefind-meta") or attrs.get("data-pagefind-filter")
                self.meta.append((name, attrs["content"]))

    def meta(record):
        parser = Meta()
        parser.feed(record.html)
        return parser.meta

    naam = 'PP: Programma "P" & <co>'
    assert meta(records[2]) == [
        ("title[content]", "Uitvoering"), ("programma[content]", naam), ("onderdeel[content]", 'Uitvoering "en" <beleid>'),
        ("programma[content]", naam), ("sector[content]", "Voortgezet onderwijs"), ("sector[content]", 'Mbo "en" meer'),
        ("soort[content]", "Handboek"), ("onderdeel[content]", 'Uitvoering "en" <beleid>')]
    assert records[0].html.count('<h1 data-pagefind-weight="10"') == 1 and "los" in records[0].html
    assert "lijst" not in "".join(r.html for r in records) and "leeg" not in "".join(r.html for r in records)
    assert zoeken.records(page.replace("</article>", ""), "programmas/p/", programme, outline, sectors,
                          slug=lambda key: key) == []
    assert zoeken.records("<html><body><main>geen artikel</main></body></html>", "x/") == []


def test_glossary_gives_search_word_groups():
    """Each glossary term with its spelling variants and its full form (without the part in
    brackets) is one group; each 'zoekwoorden' entry lets its words find the 'ook' words; a
    glossary without 'zoekwoorden' gives the term groups only."""
    from macros import zoeken
    doc = {"begrippen": [
        {"key": "ikc", "term": "IKC", "varianten": ["ikc"], "voluit": "integraal kindcentrum (0-12)", "omschrijving": "x"},
        {"key": "zorg", "term": "zorg", "omschrijving": "alleen het woord: geen groep"},
        {"key": "jgz", "term": "JGZ", "voluit": "jeugdgezondheidszorg", "omschrijving": "y"}]}
    groepen = [{"woorden": ["IKC", "ikc", "integraal kindcentrum"], "ook": ["IKC", "ikc", "integraal kindcentrum"]},
               {"woorden": ["JGZ", "jeugdgezondheidszorg"], "ook": ["JGZ", "jeugdgezondheidszorg"]}]
    assert zoeken.synonyms(doc) == groepen
    doc["zoekwoorden"] = [{"woorden": ["budget", "geld"], "ook": ["kosten"]}]
    assert zoeken.synonyms(doc) == groepen + [{"woorden": ["budget", "geld"], "ook": ["kosten"]}]


@pytest.mark.traag  # a build of its own that must fail
def test_build_fails_in_dutch_when_indexing_fails(project, tmp_path):
    """A Pagefind that cannot run stops the build with a Dutch message; the previous site stays."""
    root = project([VALID])
    assert build(root).returncode == 0
    before = (root / "site" / "index.html").read_bytes()
    broken = tmp_path / "kapot" / "pagefind"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("")
    (broken / "__main__.py").write_text("import sys\nprint('kapot', file=sys.stderr)\nsys.exit(3)\n")
    env = dict(os.environ, PYTHONPATH=str(broken.parent), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d",
                             str(root / "site")], cwd=root, capture_output=True, text=True, env=env, timeout=15 * WAIT)
    assert result.returncode != 0
    assert "de zoekindex kon niet worden gemaakt: Pagefind stopte met code 3: kapot" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "site" / "index.html").read_bytes() == before
    assert not list(root.glob(".site.bouwen-*"))


def test_no_records_is_a_dutch_error(tmp_path):
    """No records folder, an empty one, or none given at all: one Dutch sentence, no traceback."""
    from macros import zoeken
    (tmp_path / "leeg").mkdir()
    for records in (tmp_path / "leeg", tmp_path / "bestaat-niet", None):
        with pytest.raises(zoeken.ZoekFout) as fout:
            zoeken.indexeer(records, tmp_path / "site", {})
        assert str(fout.value) == "er is geen enkele pagina om te doorzoeken", records


def test_index_of_a_few_records_has_the_bundle_and_the_search_words(tmp_path, monkeypatch):
    """Pagefind indexes the records (in this process, on two records): the Dutch bundle the
    search script loads, in place of the old one, without Pagefind's own interfaces and
    worker, and beside it the search words with the compounds of the records' text. A
    Pagefind that fails or cannot start is a Dutch error."""
    from macros import zoeken
    records, site = tmp_path / "records", tmp_path / "site"
    zoeken.write(zoeken.Record("a/index.html", zoeken._document("Het preventiebudget en het budget. Preventie.",
                                                                {"title": "A"}, {zoeken.SOORT: [zoeken.INHOUD]})), records)
    zoeken.write(zoeken.Record("b/c.html", zoeken._document("Het onderwijsbudget.", {}, {})), records)
    stale = site / zoeken.BUNDLE / "pagefind.oud.pf_meta"
    stale.parent.mkdir(parents=True)
    stale.write_text("oud", encoding="utf-8")
    words = {"groepen": [{"woorden": ["jgz", "jeugdgezondheidszorg"], "ook": ["jgz", "jeugdgezondheidszorg"]}],
             "onderdelen": ["Doelgroep", "Coördinatie"], "termen": ["onderwijs"]}
    assert zoeken.indexeer(records, site, words) == 2
    bundle = site / zoeken.BUNDLE
    assert (bundle / "pagefind.js").is_file() and not stale.exists()
    assert sorted(json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]) == ["nl"]
    assert not [p.name for p in bundle.iterdir() if p.name.startswith(("pagefind-ui", "pagefind-component-ui",
                                                                        "pagefind-modular-ui", "pagefind-highlight",
                                                                        "pagefind-worker"))]
    assert json.loads((bundle / zoeken.SYNONYMS_FILE).read_text(encoding="utf-8")) == {
        "groepen": words["groepen"], "onderdelen": words["onderdelen"],
        "samenstellingen": {"budget": ["onderwijsbudget", "preventiebudget"]}}
    assert words["termen"] == ["onderwijs"]  # the caller's words stay as they were
    # written compactly, as UTF-8 (its weight counts on every page that searches)
    assert (bundle / zoeken.SYNONYMS_FILE).read_bytes() == json.dumps(
        {"groepen": words["groepen"], "onderdelen": words["onderdelen"],
         "samenstellingen": {"budget": ["onderwijsbudget", "preventiebudget"]}},
        ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # without glossary terms only the records' own words make a compound ('onderwijs' is only a term)
    assert zoeken.indexeer(records, site, {"groepen": [], "onderdelen": []}) == 2
    assert json.loads((bundle / zoeken.SYNONYMS_FILE).read_text(encoding="utf-8"))["samenstellingen"] == \
        {"budget": ["preventiebudget"]}

    def pagefind(code: str) -> None:
        """A stand-in Pagefind: a module 'pagefind' first on PYTHONPATH, which Python runs with
        Pagefind's arguments (no executable file needed)."""
        folder = tmp_path / f"nep-{len(list(tmp_path.glob('nep-*')))}" / "pagefind"
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("", encoding="utf-8")  # a package, ahead of the real one
        (folder / "__main__.py").write_text("import os, sys\n" + code + "\n", encoding="utf-8")
        monkeypatch.setenv("PYTHONPATH", str(folder.parent))

    uit = "os.path.join(sys.argv[sys.argv.index('--output-path') + 1], {!r})"
    lang = " ".join(f"regel{i}" for i in range(120))  # over 900 characters: the message keeps the last 600
    for code, melding in [
            ("sys.exit(1)", "Pagefind stopte met code 1: geen melding"),
            ("print('kapot  gegaan', file=sys.stderr); print('uitvoer'); sys.exit(3)",
             "Pagefind stopte met code 3: kapot gegaan"),
            ("print('alleen   uitvoer'); sys.exit(4)", "Pagefind stopte met code 4: alleen uitvoer"),
            (f"print({lang!r}, file=sys.stderr); sys.exit(5)",
             "Pagefind stopte met code 5: " + " ".join(lang.split())[-600:]),
            # exit 0 without a whole index: only the script, or only the metadata
            (f"os.makedirs({uit.format('')}, exist_ok=True); open({uit.format('pagefind.js')}, 'w').close()",
             f"Pagefind schreef geen zoekindex in {bundle}"),
            (f"os.makedirs({uit.format('')}, exist_ok=True); open({uit.format('pagefind.nl_0.pf_meta')}, 'w').close()",
             f"Pagefind schreef geen zoekindex in {bundle}")]:
        pagefind(code)
        with pytest.raises(zoeken.ZoekFout) as fout:
            zoeken.indexeer(records, site, words)
        assert str(fout.value) == melding, code
    monkeypatch.setattr(zoeken.sys, "executable", str(tmp_path / "bestaat-niet"))
    with pytest.raises(zoeken.ZoekFout, match="^Pagefind kon niet starten"):
        zoeken.indexeer(records, site, words)


# ---------------------------------------------------------------- in Chromium

ARTEFACTS = REPO / "tests" / "artefacten"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert pg.errors == []
    context.close()


@pytest.fixture(scope="module")
def fixture_site(fixture_root):
    server, url = serve(fixture_root / "site")
    yield url
    server.shutdown()


def _open_search(page, url):
    page.goto(url, wait_until="networkidle")
    # the search script has run once it shows its button (hidden for readers without JavaScript):
    # on a busy machine the network can be idle before the scripts at the end of the page ran,
    # and a key pressed before that reaches no handler
    page.locator(".zoeken__knop").wait_for(state="visible")
    page.keyboard.press("/")
    page.locator("#zoeken-venster[open]").wait_for()
    assert page.evaluate("document.activeElement.id") == "zoeken-invoer"


def _ask(page, term, everything=False) -> list[dict]:
    """Type a query into the open search; return the results shown (all, with 'everything')."""
    box = page.locator("#zoeken-invoer")
    box.fill("")
    box.type(term, delay=15)
    page.locator(f"[data-zoeken][data-gezocht={json.dumps(term)}]").wait_for(state="attached")
    more = page.locator(".zoeken__meer")
    while everything and more.is_visible():
        count = page.locator(".zoeken__resultaat").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.zoeken__resultaat').length > {count}")
    return page.eval_on_selector_all(".zoeken__resultaat", """items => items.map(li => ({
        href: li.querySelector('a').getAttribute('href'),
        title: li.querySelector('a').textContent,
        place: (li.querySelector('.zoeken__plaats') || {}).textContent || '',
        text: li.querySelector('.zoeken__fragment').textContent,
        marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)}))""")


def _place(result) -> tuple[str, str]:
    """(programme, outline section) a result says it is in."""
    parts = result["place"].split(" › ")
    return parts[0], parts[1] if len(parts) > 1 else result["title"]


def _status(page) -> str:
    return page.locator(".zoeken__status").inner_text()


def test_plural_with_vowel_change_finds_every_section_with_the_singular(page, fixture_site, fixture_root):
    """'scholen' finds every section in which 'school' occurs as a whole word (Snowball's
    Dutch stemmer gives both one stem), and the other way round."""
    site = fixture_root / "site"
    school, scholen = _containing(site, r"\bschool\b"), _containing(site, r"\bscholen\b")
    assert ("BRM: Beta Route Mentoraat", "Probleem") in scholen - school  # the fixture's own words
    assert ("AAW: Alfa Aanpak Wijkteams", "Probleem") in school
    _open_search(page, fixture_site + "/")
    found_by_scholen = {_place(r) for r in _ask(page, "scholen", everything=True)}
    found_by_school = {_place(r) for r in _ask(page, "school", everything=True)}
    assert school <= found_by_scholen, school - found_by_scholen
    assert scholen <= found_by_school, scholen - found_by_school


def test_kosten_finds_kost_and_kost_finds_kosten(page, fixture_site, fixture_root):
    site = fixture_root / "site"
    only_kost = _containing(site, r"\bkost\b") - _containing(site, r"\bkosten\b")
    only_kosten = _containing(site, r"\bkosten\b") - _containing(site, r"\bkost\b")
    assert ("AAW: Alfa Aanpak Wijkteams", "Resultaten en effecten") in only_kost
    assert ("BRM: Beta Route Mentoraat", "Uitvoering en beleid") in only_kosten
    _open_search(page, fixture_site + "/")
    by_kosten = _ask(page, "kosten", everything=True)
    assert only_kost <= {_place(r) for r in by_kosten}
    hit = next(r for r in by_kosten if _place(r) == ("AAW: Alfa Aanpak Wijkteams", "Resultaten en effecten"))
    assert "kost" in [m.lower().strip(".,") for m in hit["marks"]], hit
    by_kost = _ask(page, "kost", everything=True)
    assert only_kosten <= {_place(r) for r in by_kost}


def test_budget_finds_cost_sections_through_the_glossary(page, fixture_site, fixture_root):
    """No text says 'budget'; the search words in data/begrippen.yml lead to kosten,
    financiering and besparing, and the reader is told so."""
    site = fixture_root / "site"
    assert not _containing(site, r"\bbudget")
    _open_search(page, fixture_site + "/")
    results = _ask(page, "budget", everything=True)
    places = {_place(r) for r in results}
    assert ("BRM: Beta Route Mentoraat", "Uitvoering en beleid") in places  # kosten
    assert ("GNP: Gamma Netwerk Praktijkonderwijs", "Doelstelling") in places  # financiering
    assert ("GNP: Gamma Netwerk Praktijkonderwijs", "Werkzame elementen") in places  # besparing
    # every programme section found holds one of the words, in its text or its heading ('Inzet en
    # kosten'); pages about the handbook itself may say 'budget' (the word budgets of a description)
    without = [r for r in results if " › " in r["place"] and not any(
        w in (r["title"] + " " + r["text"]).lower() for w in ("kost", "financier", "besparing", "preventiebudget"))]
    assert not without, without
    status = _status(page)
    assert "Ook gezocht op: kosten, financiering, besparing" in status
    # the word is in the handbook, inside 'preventiebudget': never 'komt niet voor'
    assert "komt in het handboek niet voor" not in status and "Niets gevonden" not in status, status


def test_budget_finds_the_compound_preventiebudget(page, fixture_site, fixture_root):
    """Pagefind matches the start of a word; the compounds written at build time let the last
    part of a compound find it, and the reader is told which compound was searched."""
    assert ("AAW: Alfa Aanpak Wijkteams", "Uitvoering en beleid") in _containing(fixture_root / "site", r"preventiebudget")
    words = json.loads((fixture_root / "site" / "pagefind" / "handboek-zoekwoorden.json").read_text(encoding="utf-8"))
    assert "preventiebudget" in words["samenstellingen"]["budget"]
    _open_search(page, fixture_site + "/")
    results = _ask(page, "budget", everything=True)
    hit = [r for r in results if _place(r) == ("AAW: Alfa Aanpak Wijkteams", "Uitvoering en beleid")]
    assert hit and any(m.lower().strip(".,") == "preventiebudget" for m in hit[0]["marks"]), hit
    assert "preventiebudget" in _status(page)


EDITORIAL = ("/opzet/", "/bijdragen/", "/volledigheid/", "/wijzigingen/")


@pytest.mark.parametrize("term", ["budget", "meldcode"])
def test_content_ranks_before_the_pages_about_the_handbook(page, real_site_url, term):
    """'budget' is also the word budget of a description (Volledigheid, Bijdragen), 'meldcode' an
    entry in the change log: every programme section and content page comes first, and 'budget'
    lists a programme's Inzet en kosten before any page about the handbook."""
    _open_search(page, real_site_url + "/")
    results = _ask(page, term, everything=True)
    editorial = [i for i, r in enumerate(results) if r["href"].split("#")[0] in EDITORIAL]
    content = [i for i, r in enumerate(results) if r["href"].split("#")[0] not in EDITORIAL]
    assert content, results
    assert not editorial or max(content) < min(editorial), [(r["href"], r["place"]) for r in results]
    if term == "budget":
        costs = [i for i, r in enumerate(results) if " › " in r["place"] and _place(r)[1] == "Inzet en kosten"]
        assert costs and (not editorial or costs[0] < editorial[0]), [(r["href"], r["place"]) for r in results]


def _index_texts(site: Path) -> dict[str, str]:
    """Record URL -> the text the built index holds for it (Pagefind's fragment files:
    'pagefind_dcd' and the gzipped JSON of a record, with its 'url' and 'content')."""
    import gzip
    texts = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        record = json.loads(raw[len(b"pagefind_dcd"):])
        texts[record["url"]] = record["content"]
    return texts


def _fold(text: str) -> str:
    import unicodedata
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower())


def _holds(text: str, query: str) -> bool:
    """The text holds the query as a word, or as part of a hyphenated word, compared without
    case, accents and punctuation."""
    want = _fold(query)
    return any(want in _fold(token) or any(want in _fold(p) for p in re.split(r"[\W_]+", token))
               for token in text.split())


def test_every_hyphenated_word_is_found_by_itself_and_by_its_parts(page, real_site, real_site_url):
    """Generated from the built index: each hyphenated word, as it stands and in lower case,
    and each of its parts of two or more letters, gives results on whose first page a record
    holds the word, and the status never says it found nothing."""
    texts = _index_texts(real_site)
    words = {w for text in texts.values() for w in re.findall(r"\w+(?:[-\u2010\u2011]\w+)+", text)}
    assert len(words) > 20 and any(re.search(r"[^\W\d_]", w) for w in words), sorted(words)[:20]
    queries = set(words) | {w.lower() for w in words}
    queries |= {part for w in words for part in re.split(r"[-\u2010\u2011]", w)
                if len(part) >= 2 and re.search(r"[^\W\d_]", part)}
    _open_search(page, real_site_url + "/")
    # each query as a reader's Enter in the search box gives it (the keydown handler searches at
    # once), run inside the page: one round trip for all of them instead of five per query
    answers = page.evaluate(ASK_ALL, {"queries": sorted(queries), "wait": WAIT * 1000})
    failures = []
    for query, (status, shown) in zip(sorted(queries), answers):
        if ("Niets gevonden" in status or "niet voor" in status or "Geen resultaten" in status
                or not any(_holds(texts[url], query) for url in shown)):
            failures.append((query, status, shown[:3]))
    assert not failures, f"{len(failures)} van {len(queries)}: {failures[:15]}"


# For each query: type it into the open search box, press Enter, wait (up to 'wait' ms) until the
# results say they belong to it; then [status line, record of every result shown].
ASK_ALL = """async ({queries, wait}) => {
  const input = document.querySelector('#zoeken-invoer');
  const root = document.querySelector('[data-zoeken]');
  const out = [];
  for (const query of queries) {
    const done = new Promise((resolve, reject) => {
      const seen = () => root.getAttribute('data-gezocht') === query;
      const watcher = new MutationObserver(() => { if (seen()) { watcher.disconnect(); clearTimeout(limit); resolve(); } });
      const limit = setTimeout(() => { watcher.disconnect(); reject(new Error('geen antwoord op ' + query)); }, wait);
      watcher.observe(root, {attributes: true, attributeFilter: ['data-gezocht']});
    });
    input.value = query;
    input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
    await done;
    out.push([root.querySelector('.zoeken__status').innerText,
              [...root.querySelectorAll('.zoeken__resultaat')].map(l => l.dataset.record)]);
  }
  return out;
}"""


def test_abbreviation_and_full_form_find_each_other(page, real_site_url):
    _open_search(page, real_site_url + "/")
    results = _ask(page, "integraal kindcentrum")
    assert results and "Ook gezocht op: IKC" in _status(page)
    assert any("IKC" in r["marks"] for r in results), results


def test_typo_at_the_end_of_a_word_still_finds_it(page, fixture_site, real_site_url):
    _open_search(page, fixture_site + "/")
    results = _ask(page, "jeugdverpleegkundge")
    assert results and _place(results[0]) == ("AAW: Alfa Aanpak Wijkteams", "Doelgroep")
    assert any(m.lower().startswith("jeugdverpleegkundige") for m in results[0]["marks"]), results[0]
    # Pagefind alone falls back to 'jeugd' here; the search shortens the word and says so
    _open_search(page, real_site_url + "/")
    results = _ask(page, "jeugdondersteunr")
    assert "Niets gevonden met ‘jeugdondersteunr’; dit zijn de resultaten voor ‘jeugdondersteun…’" in _status(page)
    assert _place(results[0])[0].startswith("JOK: Jeugdondersteuner Kindcentra")
    assert all(any(m.lower().startswith("jeugdondersteuner") for m in r["marks"]) for r in results[:5]), results[:5]


def test_programme_name_and_abbreviation_rank_its_own_page_first(page, real_site_url, fixture_site):
    _open_search(page, real_site_url + "/")
    for term in ("Jeugdhulp op School", "JOS"):
        first = _ask(page, term)[0]
        assert first["href"].split("#")[0] == "/programmas/jos/", (term, first)
        assert _place(first)[0] == "JOS: Jeugdhulp op School"
    _open_search(page, fixture_site + "/")
    first = _ask(page, "Beta Route Mentoraat")[0]
    assert first["href"].split("#")[0] == "/programmas/beta/" and first["title"] == "Beta Route Mentoraat (BRM)"


def test_result_links_to_its_section_and_names_programme_and_section(page, real_site_url):
    _open_search(page, real_site_url + "/")
    results = _ask(page, "Spinaker")  # a school named only in methodiek/jos.yml
    assert results and all(_place(r)[0] == "JOS: Jeugdhulp op School" for r in results), results
    hit = next(r for r in results if "#" in r["href"] and "Spinaker" in r["marks"])
    programme, section = _place(hit)
    page.goto(real_site_url + hit["href"], wait_until="networkidle")
    anchor = hit["href"].split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1
    # the anchor lies inside the outline section the result names, which holds the word
    text = page.evaluate("""([anchor, section]) => {
        const target = document.getElementById(anchor);
        const h2s = Array.from(document.querySelectorAll('article h2'));
        const own = h2s.filter(h => h.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING || h === target).pop();
        let text = '', el = own;
        while (el && !(el !== own && el.tagName === 'H2')) { text += el.textContent + ' '; el = el.nextElementSibling; }
        return own.textContent.replace('¶', '').trim() === section ? text : 'ander onderdeel: ' + own.textContent;
    }""", [anchor, section])
    assert "Spinaker" in text, text[:200]


def test_filters_by_programme_outline_section_and_sector(page, fixture_site):
    _open_search(page, fixture_site + "/")
    everything = _ask(page, "school", everything=True)
    assert {_place(r)[0] for r in everything} >= {"AAW: Alfa Aanpak Wijkteams", "BRM: Beta Route Mentoraat"}
    page.locator(".zoeken__filters select[name=programma]").focus()  # loads the filter values
    page.wait_for_function("document.querySelector('select[name=programma]').options.length > 3")
    assert page.locator("select[name=onderdeel] option").nth(1).inner_text() == "Samenvatting"  # outline order

    def choose(name, value):
        page.evaluate("document.querySelector('[data-zoeken]').removeAttribute('data-gezocht')")
        page.locator(f"select[name={name}]").select_option(value)
        page.locator("[data-zoeken][data-gezocht]").wait_for(state="attached")
        return page.eval_on_selector_all(".zoeken__plaats", "els => els.map(e => e.textContent)")

    places = choose("programma", "BRM: Beta Route Mentoraat")
    assert places and all(p.startswith("BRM: Beta Route Mentoraat") for p in places), places
    places = choose("onderdeel", "Probleem")
    assert places == ["BRM: Beta Route Mentoraat › Probleem"], places
    choose("programma", "")
    choose("onderdeel", "")
    places = choose("sector", "Praktijkonderwijs")
    assert places and all(p.startswith("GNP: Gamma Netwerk Praktijkonderwijs") for p in places), places


def test_search_by_keyboard_alone(page, fixture_site):
    _open_search(page, fixture_site + "/")
    results = _ask(page, "school")
    assert len(results) >= 2
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == results[0]["href"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == results[1]["href"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "zoeken-invoer"
    page.keyboard.press("Escape")
    assert not page.locator("#zoeken-venster").is_visible()
    page.wait_for_function("document.activeElement.classList.contains('zoeken__knop')")  # focus goes back
    page.keyboard.press("Enter")  # the focused button opens the search again
    page.locator("#zoeken-venster[open]").wait_for()
    results = _ask(page, "Beta Route Mentoraat")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(results[0]["href"])
    assert page.locator("article h1").inner_text().startswith("Beta Route Mentoraat")


def test_no_serious_accessibility_violations_with_results_open(page, real_site_url):
    from conftest import serious_violations
    _open_search(page, real_site_url + "/programmas/jos/")
    assert len(_ask(page, "kosten")) > 3
    page.locator(".zoeken__filters select[name=programma]").focus()
    page.wait_for_function("document.querySelector('select[name=programma]').options.length > 2")
    bad = serious_violations(page)
    assert not bad, bad
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "zoeken-resultaten.png"))


def test_without_javascript_a_dutch_hint_links_the_overviews(browser, real_site_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(real_site_url + "/programmas/jos/")
    hint = pg.locator("header .zoeken__zonder-js")
    assert hint.is_visible() and "Zoeken werkt alleen met JavaScript" in hint.inner_text()
    assert not pg.locator(".zoeken__knop").is_visible()
    hint.get_by_role("link").click()
    pg.wait_for_load_state()
    assert pg.url.endswith("/programmas/") and "Alle programma" in pg.locator("article h1").inner_text()
    context.close()


@pytest.mark.traag  # mike deploys
def test_each_mike_version_searches_its_own_content(page, published):
    """In the shared publication of conftest, 1.0 holds the example (VJB) and 1.1 adds a second
    programme (TRM): each version's search finds its own programmes only, from its own index."""
    server, url = serve(published["site"])
    try:
        bundles = []
        page.on("request", lambda r: bundles.append(r.url) if "/pagefind/" in r.url else None)
        for version, own in (("1.0", {"VJB: Voorbeeldmethodiek Jeugdhulp op de Basisschool"}),
                             ("1.1", {"VJB: Voorbeeldmethodiek Jeugdhulp op de Basisschool", "TRM: Tweede Route Mentoraat"})):
            bundles.clear()
            _open_search(page, f"{url}/{version}/")
            results = _ask(page, "probleem", everything=True)
            programmes = {_place(r)[0] for r in results if " › " in r["place"]}
            assert programmes == own, (version, programmes)
            assert all(r["href"].startswith(f"/{version}/") for r in results), results
            assert bundles and all(f"/{version}/pagefind/" in b for b in bundles), bundles
    finally:
        server.shutdown()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.traag  # a real `mkdocs serve`
def test_search_works_with_mkdocsserve(page, tmp_path):
    """A coordinator previewing with 'mkdocs serve' can search too."""
    root = make_project(tmp_path, fixture_programmes(tmp_path / "bron", PROGRAMMES[1:2]))
    port = _free_port()
    serve = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", "-f",
                              str(root / "mkdocs.yml")], cwd=root, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        deadline = time.monotonic() + 3 * WAIT
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert serve.poll() is None, serve.stderr.read()[-3000:]
                time.sleep(0.5)
        _open_search(page, f"http://127.0.0.1:{port}/")
        results = _ask(page, "mentoraat")
        assert results and _place(results[0])[0] == "BRM: Beta Route Mentoraat"
    finally:
        serve.terminate()
        serve.wait(timeout=WAIT)
