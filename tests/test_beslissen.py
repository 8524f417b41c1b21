"""Outline 1.1: what a school needs to decide. The decision card, typed evidence, the
age notice, source discrepancies, readable citations and word limits, asserted on
what the reader gets (inside <article>) and on what `methodiek check` says."""
from __future__ import annotations

import datetime
import json
import re

import pytest
import yaml

from conftest import REPO, VALID, build, make_project, run
from test_build import text_of

from macros import inventory, kaart, model, schema as schemas

BEWIJS = re.compile(r"Soort bewijs: (gemeten|ervaren|verwacht|berekend|oordeel)\.")


def _article(page) -> str:
    raw = page.read_text(encoding="utf-8")
    return raw[raw.index("<article"):raw.index("</article>")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The valid fixture (newest source 2015) and a copy of it that cites a 2024 source."""
    tmp = tmp_path_factory.mktemp("beslissen")
    recent = tmp / "recent.yml"
    recent.write_text(VALID.read_text(encoding="utf-8").replace("id: voorbeeld", "id: recent")
                      .replace("afkorting: VJB", "afkorting: REC")
                      .replace("    - bron: nji2015\n      plaats: hoofdstuk 2\n\neerste_stappen:",
                               "    - bron: oberon2024\n      plaats: p. 4\n\neerste_stappen:")
                      # a table of figures with text that must stay text, and more function lines
                      # than the card shows
                      .replace("      - Gemeentelijke subsidie voor de duur van de pilot.\n",
                               "      - Gemeentelijke subsidie voor de duur van de pilot.\n"
                               "  tabellen:\n    - bijschrift: Uren per school\n      kolommen: [School, Uren]\n"
                               "      rijen:\n        - [De Linde, '8']\n        - ['a|b <b>vet</b>', '-']\n")
                      .replace("      inzet: een uur per week voor het zorgoverleg\n",
                               "      inzet: een uur per week voor het zorgoverleg\n"
                               + "".join(f"    - naam: Functie {i}\n      inzet: {i} uur\n" for i in range(3, 8)))
                      # an age the handbook had to assume
                      .replace("  van: 0\n  tot: 12\n",
                               "  van: 0\n  tot: 12\n  afgeleid: Aangenomen uit de sector; de bron noemt geen leeftijd.\n")
                      # a role's citation points at a discrepancy: it shows on the profile page too
                      .replace("          plaats: hoofdstuk 2\n  systeem:",
                               "          plaats: hoofdstuk 2\n          verschil: aantal-scholen\n  systeem:"),
                      encoding="utf-8")
    root = make_project(tmp, [VALID, recent])
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_card_opens_the_programme_page_with_every_card_field(site):
    page = site / "site" / "programmas" / "voorbeeld" / "index.html"
    article = _article(page)
    assert article.index('id="in-een-oogopslag"') < article.index('id="samenvatting"')
    card = article[article.index('id="in-een-oogopslag"'):article.index("</table>", article.index('id="in-een-oogopslag"'))]
    rows = re.findall(r'<th scope="row">([^<]*)</th>\s*<td>(.*?)</td>', card, re.S)
    labels = [v.label for v in kaart.velden(schemas.load(REPO))]
    assert [label for label, _ in rows] == labels
    cells = dict(rows)
    assert "Primair onderwijs, Kinderopvang" in cells["Sectoren"]
    assert "0 tot en met 12 jaar" in cells["Leeftijd"]
    assert "<li><strong>Jeugdhulpverlener op school</strong>: 8 uur per week</li>" in cells["Functies en inzet"]
    assert "Een vaste ruimte" in cells["Wat de school inbrengt"]
    assert "een budget noemt het verslag niet" in cells["Kosten en financiering"]
    assert "Zwak; alleen ervaringen" in cells["Bewijskracht"] and "2 ervaren" in cells["Bewijskracht"]
    assert "Nieuwste bron: 2015" in cells["Actualiteit"]
    assert re.search(r'<a href="\.\./\.\./programmas/voorbeeld/checklists/#invoering-voorbereiding">'
                     r"Fase 1: Voorbereiding</a>", cells["Eerste stappen"])
    # the link leads to an anchor that exists on the checklist page
    assert 'id="invoering-voorbereiding"' in (site / "site" / "programmas" / "voorbeeld" / "checklists" / "index.html").read_text()


def test_every_result_and_effective_element_shows_its_evidence_kind_in_words(site):
    hb = model.laad(site)
    for ident, p in hb.programmas.items():
        text = text_of(site / "site" / "programmas" / ident / "index.html")
        items = p["resultaten"]["effecten"] + p["werkzame_elementen"]["elementen"]
        found = BEWIJS.findall(text)
        assert found == [i["bewijs"]["soort"] for i in p["werkzame_elementen"]["elementen"]] + \
            [i["bewijs"]["soort"] for i in p["resultaten"]["effecten"]], ident
        for item in items:
            assert f"Soort bewijs: {item['bewijs']['soort']}. {item['bewijs']['toelichting']}" in text


def test_old_sources_are_announced_at_the_top(site):
    old = _article(site / "site" / "programmas" / "voorbeeld" / "index.html")
    notice = old.index("De bronnen zijn meer dan vijf jaar oud")
    assert notice < old.index('id="in-een-oogopslag"')
    assert f"is uit 2015, {datetime.date.today().year - 2015} jaar geleden" in old
    recent = _article(site / "site" / "programmas" / "recent" / "index.html")
    assert "meer dan vijf jaar oud" not in recent
    assert "Nieuwste bron: 2024." in recent


def test_age_limit_boundary():
    sch = schemas.load(REPO)
    bronnen = model.laad(REPO).vocabulaires["bronnen"]
    p = {"samenvatting": {"bronnen": [{"bron": "nji2015", "plaats": "p. 1"}]}}
    assert kaart.verouderd(sch, p, bronnen, datetime.date(2020, 12, 31)) is None  # five years: not yet
    assert kaart.verouderd(sch, p, bronnen, datetime.date(2021, 1, 1)) == 6


def test_citation_links_to_the_discrepancy_stated_once(site):
    article = _article(site / "site" / "programmas" / "voorbeeld" / "index.html")
    link = re.search(r'\(zie bronverschil: <a href="([^"]*)#([^"]+)">Aantal deelnemende scholen</a>\)', article)
    assert link and link.group(1) == "./"
    assert article.count(f'id="{link.group(2)}"') == 1
    assert article.count("Aantal deelnemende scholen") == 2  # the discrepancy and the one reference to it
    text = text_of(site / "site" / "programmas" / "voorbeeld" / "index.html")
    assert "drie scholen (verzonnen)" in text and "vier scholen (verzonnen)" in text
    assert "Wat dit handboek aanhoudt" in text
    # on the comparison page (the section it loads for this programme) the same reference
    # leads to the programme page
    whole = (site / "site" / "vergelijken" / "inhoud" / "voorbeeld.html").read_text(encoding="utf-8")
    compare = re.search(r'<section data-onderdeel="bewijskracht">(.*?)</section>\n', whole, re.S).group(1)
    assert f'href="../../programmas/voorbeeld/#{link.group(2)}"' in compare


def test_no_source_key_in_any_visible_text(site):
    keys = json.loads(json.dumps(list(model.laad(site).vocabulaires["bronnen"])))
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])", re.I)
    pages = sorted((site / "site").rglob("*.html"))
    assert len(pages) > 20
    fragments = 0
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        if "<article" not in raw:
            if page.parent.name == "inhoud":  # a programme's sections, which the comparison pages load
                fragments += 1
                assert not pattern.search(" ".join(re.sub(r"<[^>]+>", " ", raw).split())), page
            continue
        # YAML shown to coordinators as code (Bijdragen) may name a key; reader text may not
        prose = re.sub(r"<(code|pre)\b.*?</\1>", " ", _article(page), flags=re.S)
        assert not pattern.search(re.sub(r"<[^>]+>", " ", prose)), page
    assert fragments == len(model.laad(site).programmas)  # one file per programme


def test_source_key_in_prose_is_refused_anywhere(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace(
        "    - Vaste aanwezigheid op school.", "    - Vaste aanwezigheid op school (zie NJI2015).")
    (tmp_path / "bron").mkdir()
    source = tmp_path / "bron" / "voorbeeld.yml"
    source.write_text(text, encoding="utf-8")
    root = make_project(tmp_path, [source])
    result = run("methodiek", "--root", str(root), "check", cwd=root)
    assert result.returncode == 1
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "NJI2015" in ln)
    assert f"methodiek/voorbeeld.yml:{line}:" in result.stdout
    assert "de bronsleutel 'NJI2015' staat in de tekst die de lezer ziet" in result.stdout


def _summary_with(words: int) -> str:
    text = VALID.read_text(encoding="utf-8")
    start = text.index("samenvatting:\n  tekst: |\n") + len("samenvatting:\n  tekst: |\n")
    end = text.index("  bronnen:", start)
    body = "    " + " ".join(["woord"] * words) + "\n"
    return text[:start] + body + text[end:]


@pytest.mark.parametrize("words,ok", [(350, True), (351, False)])
def test_summary_word_limit_boundary(tmp_path, words, ok):
    (tmp_path / "bron").mkdir()
    source = tmp_path / "bron" / "voorbeeld.yml"
    source.write_text(_summary_with(words), encoding="utf-8")
    root = make_project(tmp_path, [source])
    result = run("methodiek", "--root", str(root), "check", cwd=root)
    assert (result.returncode == 0) == ok, result.stdout
    if not ok:
        assert "samenvatting.tekst: de tekst heeft 351 woorden; hoogstens 350" in result.stdout


@pytest.mark.parametrize("strict", [False, True])
def test_section_budget_is_a_warning_until_the_schema_makes_it_strict(tmp_path, strict):
    (tmp_path / "bron").mkdir()
    source = tmp_path / "bron" / "voorbeeld.yml"
    source.write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    root = make_project(tmp_path, [source])
    path = root / "schemas" / "methodiek.schema.json"
    sch = json.loads(path.read_text(encoding="utf-8"))
    sch["properties"]["erkenning"]["x-budget"] = 10  # the fixture's erkenning has more words
    sch["x-budget-streng"] = strict
    path.write_text(json.dumps(sch, ensure_ascii=False), encoding="utf-8")
    result = run("methodiek", "--root", str(root), "check", cwd=root)
    hb = model.laad(root)
    n = inventory.woorden(hb.schema, hb.schema.root["properties"]["erkenning"],
                          yaml.safe_load(source.read_text(encoding="utf-8"))["erkenning"])
    record = f"erkenning: {'' if strict else 'let op: '}het onderdeel 'Erkenning' heeft {n} woorden; het budget is 10"
    assert record in result.stdout, result.stdout
    assert result.returncode == (1 if strict else 0)
    if not strict:
        assert "1 waarschuwing" in result.stdout
        assert build(root).returncode == 0  # a warning never stops the strict build


def test_word_count_leaves_out_citations_and_ids():
    sch = schemas.load(REPO)
    blok = sch.root["$defs"]["blok"]
    value = {"titel": "Twee woorden", "tekst": "drie losse woorden",
             "bronnen": [{"bron": "nji2015", "plaats": "hoofdstuk twee en drie"}]}
    assert inventory.woorden(sch, blok, value) == 5


def test_completeness_page_shows_words_against_budget(site):
    text = text_of(site / "site" / "volledigheid" / "index.html")
    hb = model.laad(site)
    cel = inventory.volledigheid(hb.schema, hb.programmas["voorbeeld"])["samenvatting"]
    assert f"{cel.woorden} / 350" in text
    total = sum(c.woorden for c in inventory.volledigheid(hb.schema, hb.programmas["voorbeeld"]).values())
    assert f"Totaal {total} / {hb.schema.root['x-budget']['methodiek']}" in text


def test_discrepancy_reference_works_on_every_page_that_shows_the_citation(site):
    """A role's citation that names a discrepancy links to it from the description and
    from the competence profile (which lies one folder deeper)."""
    target = _article(site / "site" / "programmas" / "recent" / "index.html")
    assert 'id="recent-bronverschillen-aantal-scholen"' in target
    profile = _article(site / "site" / "programmas" / "recent" / "competenties" / "index.html")
    assert re.search(r'\(zie bronverschil: <a href="\.\./#recent-bronverschillen-aantal-scholen">'
                     r"Aantal deelnemende scholen</a>\)", profile)


def test_a_table_of_figures_is_a_real_table_with_inert_cells(site):
    article = _article(site / "site" / "programmas" / "recent" / "index.html")
    start = article.index("Uren per school")
    table = article[article.index("<table>", start):article.index("</table>", start)]
    assert re.findall(r"<th>(.*?)</th>", table) == ["School", "Uren"]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", table, re.S)
    assert rows == [("De Linde", "8"), ("a|b &lt;b&gt;vet&lt;/b&gt;", "-")]


def test_card_shows_at_most_its_maximum_of_lines_and_links_to_the_rest(site):
    article = _article(site / "site" / "programmas" / "recent" / "index.html")
    card = article[article.index('id="in-een-oogopslag"'):article.index("</table>", article.index('id="in-een-oogopslag"'))]
    cell = re.search(r'<th scope="row">Functies en inzet</th>\s*<td>(.*?)</td>', card, re.S).group(1)
    assert cell.count("<li>") == 5
    assert re.search(r'<a href="\.\./\.\./programmas/recent/#inzet-en-kosten">En nog 2: zie Inzet en kosten</a>', cell)
    assert "Functie 7" not in cell and "Functie 7" in article  # the rest is in the section itself


def test_a_derived_age_is_marked_on_the_card_and_explained(site):
    recent = text_of(site / "site" / "programmas" / "recent" / "index.html")
    assert "0 tot en met 12 jaar (afgeleid; zie de kenmerken onder deze kaart)" in recent
    assert "Leeftijd, afgeleid Aangenomen uit de sector; de bron noemt geen leeftijd." in recent
    plain = text_of(site / "site" / "programmas" / "voorbeeld" / "index.html")
    assert "0 tot en met 12 jaar (afgeleid" not in plain


@pytest.mark.parametrize("van,tot,ok", [(12, 12, True), (13, 12, False)])
def test_age_range_may_not_run_backwards(tmp_path, van, tot, ok):
    (tmp_path / "bron").mkdir()
    source = tmp_path / "bron" / "voorbeeld.yml"
    text = VALID.read_text(encoding="utf-8").replace("  van: 0\n  tot: 12\n", f"  van: {van}\n  tot: {tot}\n")
    source.write_text(text, encoding="utf-8")
    root = make_project(tmp_path, [source])
    result = run("methodiek", "--root", str(root), "check", cwd=root)
    assert (result.returncode == 0) == ok, result.stdout
    if not ok:
        line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln == f"  van: {van}")
        assert f"methodiek/voorbeeld.yml:{line}:" in result.stdout
        assert "'van' (13) is groter dan 'tot' (12)" in result.stdout
