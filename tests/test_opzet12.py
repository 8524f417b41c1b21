"""Outline 1.2: two levels of description, 'niet beschreven', the new blocks, and their
limits read from the schema (no list of sections or limits in code)."""
from __future__ import annotations

import json

from conftest import REPO, VALID, make_project, run

from macros import inventory, model

PV = VALID.parent / "praktijkvoorbeeld.yml"


def _check(root):
    return run("methodiek", "--root", str(root), "check", cwd=root)


def test_budgets_per_level_come_from_the_schema(tmp_path):
    """A section budget and the whole budget are read per level: the same schema passes the
    methodiek and refuses the praktijkvoorbeeld one word over its own budget."""
    root = make_project(tmp_path, [VALID, PV])
    model._cache.clear()
    hb = model.laad(root)
    pv = hb.programmas["praktijkvoorbeeld"]
    words = inventory.woorden(hb.schema, hb.schema.at(("uitvoering",)), pv["uitvoering"])
    path = root / "schemas" / "methodiek.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["uitvoering"]["x-budget"] = {"methodiek": 10_000, "praktijkvoorbeeld": words - 1}
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    result = _check(root)
    assert result.returncode == 1
    line = next(i for i, ln in enumerate(PV.read_text(encoding="utf-8").splitlines(), 1) if ln == "uitvoering:")
    assert (f"methodiek/praktijkvoorbeeld.yml:{line}:1: uitvoering: het onderdeel 'Uitvoering en beleid' heeft "
            f"{words} woorden; het budget is {words - 1} voor een praktijkvoorbeeld") in result.stdout
    assert "methodiek/voorbeeld.yml" not in result.stdout
    # at its budget it passes
    schema["properties"]["uitvoering"]["x-budget"]["praktijkvoorbeeld"] = words
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    assert _check(root).returncode == 0


def test_whole_budget_per_level(tmp_path):
    root = make_project(tmp_path, [PV])
    model._cache.clear()
    hb = model.laad(root)
    pv = hb.programmas["praktijkvoorbeeld"]
    total = sum(c.woorden for c in inventory.volledigheid(hb.schema, pv).values())
    path = root / "schemas" / "methodiek.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["x-budget"] = {"methodiek": 10_000, "praktijkvoorbeeld": total - 1}
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    result = _check(root)
    assert (f"methodiek/praktijkvoorbeeld.yml:1:1: de beschrijving heeft {total} woorden lopende tekst; het budget is "
            f"{total - 1} voor een praktijkvoorbeeld") in result.stdout


def test_niet_beschreven_section_counts_as_complete():
    """A section that says 'niet beschreven' is present and complete on the completeness count."""
    hb = model.laad(REPO, [PV])
    cel = inventory.volledigheid(hb.schema, hb.programmas["praktijkvoorbeeld"])["privacy"]
    assert cel.aanwezig
    assert cel.velden[0] == cel.velden[1]


# ---------------------------------------------------------------- what the reader gets

import re  # noqa: E402

import pytest  # noqa: E402

from conftest import build  # noqa: E402
from test_build import article_of, text_of  # noqa: E402


def _vastgesteld(tmp) -> object:
    """The example, approved, its recognition checked and newer information looked for."""
    text = (VALID.read_text(encoding="utf-8").replace("id: voorbeeld", "id: vastgesteld")
            .replace("afkorting: VJB", "afkorting: VST")
            .replace("status: concept\n", "status: vastgesteld\nvastgesteld:\n  door: De werkgroep Voorbeeldstad\n"
                     "  datum: 2024-03-01\n")
            .replace("  status: niet nagegaan\n", "  status: goed beschreven\n  nagegaan:\n    datum: 2024-03-02\n"
                     "    hoe: Gezocht in de Databank Effectieve Jeugdinterventies.\n")
            .replace("  vandaag: Onbekend; het verslag uit 2015 is het enige.\n",
                     "  vandaag: Onbekend; het verslag uit 2015 is het enige.\n  nieuwer_gezocht:\n    datum: 2024-03-03\n"
                     "    waar: de website van de gemeente Voorbeeldstad\n    uitkomst: Geen nieuwere verslagen gevonden.\n"))
    path = tmp / "vastgesteld.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site12(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("opzet12")
    root = make_project(tmp, [VALID, PV, _vastgesteld(tmp)])
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _section(text: str, title: str) -> str:
    """The text of one section of a programme page: from its heading (past the card, which
    has rows of the same names) to the next heading."""
    start = text.index(f"{title} ", text.index("De wet- en beleidsontwikkelingen"))
    nxt = re.search(r" (Samenvatting|Eerste stappen|Probleem|Doelgroep|Doelstelling|Uitvoering en beleid|"
                    r"Aansluiting op de zorgstructuur|Privacy en veiligheid|Aanpak in fasen|Competenties|"
                    r"Randvoorwaarden|Inzet en kosten|Theoretische onderbouwing|Werkzame elementen|Resultaten en "
                    r"effecten|Bewijskracht|Actualiteit|Erkenning|Wat niet bekend is|Bronverschillen|Begrippen in "
                    r"deze beschrijving|Wijzigingen) ", text[start + len(title):])
    return text[start:start + len(title) + (nxt.start() if nxt else len(text))]


def _card(site, ident) -> dict:
    article = article_of(site / "programmas" / ident / "index.html")
    card = article[article.index('id="in-een-oogopslag"'):]
    card = card[:card.index("</table>")]
    return {label: " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for label, cell in re.findall(r'<th scope="row">([^<]*)</th>\s*<td>(.*?)</td>', card, re.S)}


def test_niet_beschreven_section_is_one_line(site12):
    text = text_of(site12 / "programmas" / "praktijkvoorbeeld" / "index.html")
    privacy = _section(text, "Privacy en veiligheid")
    vraag = "Hoe regelt het programma toestemming, het delen van gegevens, het beroepsgeheim, het dossier en de meldcode?"
    assert privacy == (f"Privacy en veiligheid {vraag} Niet beschreven in de bronnen. Gezocht in: Nederlands "
                       "Jeugdinstituut (2015), geheel. Navragen bij: De gemeente Voorbeeldstad (team jeugd).")


def test_niet_beschreven_role_is_one_line_under_its_dutch_name(site12):
    text = text_of(site12 / "programmas" / "voorbeeld" / "index.html")
    aansluiting = _section(text, "Aansluiting op de zorgstructuur")
    assert ("Jeugdgezondheidszorg Niet beschreven in de bronnen. Gezocht in: Nederlands Jeugdinstituut (2015), "
            "geheel. Navragen bij: De GGD van de regio. Wijkteam Wat het programma toevoegt") in aansluiting
    assert "ib-zorgcoordinator" not in aansluiting and "Intern begeleider of zorgcoördinator" in aansluiting


def test_praktijkvoorbeeld_page_names_the_sections_it_leaves_out_in_one_line(site12):
    text = text_of(site12 / "programmas" / "praktijkvoorbeeld" / "index.html")
    assert ("Niet als apart onderdeel beschreven: probleem, doelstelling, aansluiting op de "
            "zorgstructuur, aanpak in fasen, competenties, theoretische onderbouwing, werkzame elementen.") in text
    assert "Aanpak in fasen Hoe verloopt" not in text  # no empty section heading
    assert "Niet als apart onderdeel beschreven" not in text_of(site12 / "programmas" / "voorbeeld" / "index.html")


def test_every_cross_programme_page_shows_a_left_out_section_in_one_line(site12):
    fasering = text_of(site12 / "vergelijken" / "fasering" / "index.html")
    assert "VPJ: Voorbeeldpraktijk Jeugdhulp op School: niet beschreven (praktijkvoorbeeld; de bronnen geven het niet)." \
        in fasering
    volledig = text_of(site12 / "volledigheid" / "index.html")
    pv = volledig[volledig.index("VPJ: Voorbeeldpraktijk"):]
    assert "Aanpak in fasen niet beschreven (praktijkvoorbeeld) 0 van 3" in pv
    assert "Privacy en veiligheid niet beschreven in de bronnen (telt als volledig) 2 van 2" in pv
    matrix = text_of(site12 / "competenties" / "index.html")
    assert ("VPJ: Voorbeeldpraktijk Jeugdhulp op School: geen competentieprofielen; de bronnen beschrijven de "
            "functies niet (praktijkvoorbeeld).") in matrix
    index = text_of(site12 / "checklists" / "index.html")
    assert "Geen checklists: de bronnen beschrijven geen fasen (praktijkvoorbeeld)." in index
    start = text_of(site12 / "aan-de-slag" / "index.html")
    assert "VPJ beschrijft geen invoering in fasen (praktijkvoorbeeld): er is geen checklist van een eerste fase." \
        in start
    own = text_of(site12 / "programmas" / "praktijkvoorbeeld" / "checklists" / "index.html")
    assert "Geen checklists: de bronnen van VPJ: Voorbeeldpraktijk Jeugdhulp op School beschrijven geen fasen." in own
    profiles = text_of(site12 / "programmas" / "praktijkvoorbeeld" / "competenties" / "index.html")
    assert ("Geen competentieprofielen: de functies zijn bij dit praktijkvoorbeeld niet als apart onderdeel "
            "beschreven; wat erover bekend is, staat in de methodiekbeschrijving.") in profiles
    assert "{:" not in profiles  # the one line is a paragraph, not literal attribute-list text


def test_level_on_card_and_overview_pages(site12):
    assert _card(site12, "praktijkvoorbeeld")["Niveau"].startswith("Praktijkvoorbeeld: een praktijk die bekend is")
    assert _card(site12, "voorbeeld")["Niveau"].startswith("Methodiek: een programma met een eigen evaluatie")
    home = text_of(site12 / "index.html")
    assert "VPJ: Voorbeeldpraktijk Jeugdhulp op School Voorbeeldstad · praktijkvoorbeeld" in home
    overview = article_of(site12 / "programmas" / "index.html")
    assert re.search(r"Voorbeeldpraktijk Jeugdhulp op School</a></td>\s*<td>praktijkvoorbeeld</td>", overview)
    compare = article_of(site12 / "vergelijken" / "index.html")
    row = re.search(r'<tr data-programma="praktijkvoorbeeld".*?</tr>', compare, re.S).group(0)
    assert '<td data-label="Niveau">Praktijkvoorbeeld: een praktijk' in row


def test_card_rows_for_contra_indications_preconditions_first_steps_and_recognition(site12):
    card = _card(site12, "voorbeeld")
    assert card["Niet de juiste hulp voor"] == (
        "Het kind is thuis acuut onveilig. In plaats daarvan: De school volgt de meldcode en overlegt met Veilig "
        "Thuis. Het kind heeft een diagnose of een behandeling nodig. In plaats daarvan: Verwijzing naar de tweede "
        "lijn, via het wijkteam.")
    assert card["Niet beginnen als"] == "Acute onveiligheid; dan geldt de meldcode."
    assert card["Eerste stappen"].startswith("Vraag bij de gemeente na welke organisatie")
    assert card["Eerste stappen"].endswith("Daarna: Fase 1: Voorbereiding (checklist om te printen)")
    article = article_of(site12 / "programmas" / "voorbeeld" / "index.html")
    assert re.search(r"<ol>\s*<li>Vraag bij de gemeente", article)
    assert 'href="../../programmas/voorbeeld/checklists/#invoering-voorbereiding">Fase 1: Voorbereiding</a>' in article
    assert card["Erkenning"] == "Niet nagegaan: de Databank Effectieve Jeugdinterventies is niet geraadpleegd."
    assert "Daarna" not in _card(site12, "praktijkvoorbeeld")["Eerste stappen"]  # no phases, no checklist link
    checked = _card(site12, "vastgesteld")
    assert checked["Erkenning"] == "Goed beschreven (nagegaan op 2024-03-02)."


def test_no_page_says_niet_erkend(site12):
    for page in site12.rglob("*.html"):
        if "<article" in page.read_text(encoding="utf-8"):
            assert "niet erkend" not in text_of(page).lower(), page


def test_concept_banner_on_screen_and_on_paper(site12):
    page = article_of(site12 / "programmas" / "voorbeeld" / "index.html")
    assert re.search(r'<div class="admonition concept">\s*<p class="admonition-title">Concept: nog niet vastgesteld</p>',
                     page)
    assert 'href="../../#concept-en-vastgesteld"' in page
    checklists = article_of(site12 / "programmas" / "voorbeeld" / "checklists" / "index.html")
    kop = re.findall(r'<p class="checklist-kop">(.*?)</p>', checklists)
    assert kop and all("<strong>concept, nog niet vastgesteld</strong>" in k for k in kop)
    profiles = article_of(site12 / "programmas" / "voorbeeld" / "competenties" / "index.html")
    kop = re.findall(r'<p class="rolprofiel-kop">(.*?)</p>', profiles)
    assert kop and all("<strong>concept, nog niet vastgesteld</strong>" in k for k in kop)
    assert 'class="admonition concept"' in profiles and 'class="admonition concept"' in checklists
    home = article_of(site12 / "index.html")
    assert 'id="concept-en-vastgesteld"' in home
    assert "Een <strong>concept</strong> is zorgvuldig uit de bronnen samengesteld" in home
    # an approved description: no banner, and who approved it when
    approved = article_of(site12 / "programmas" / "vastgesteld" / "index.html")
    assert "admonition concept" not in approved
    assert "Vastgesteld door De werkgroep Voorbeeldstad op 2024-03-01." in text_of(
        site12 / "programmas" / "vastgesteld" / "index.html")
    approved_lists = article_of(site12 / "programmas" / "vastgesteld" / "checklists" / "index.html")
    assert "concept, nog niet vastgesteld" not in approved_lists


def test_currency_says_newer_information_was_not_checked(site12):
    actualiteit = _section(text_of(site12 / "programmas" / "voorbeeld" / "index.html"), "Actualiteit")
    assert ("Naar nieuwere informatie gezocht Of er nieuwere informatie over het programma is, is niet nagegaan."
            in actualiteit)
    checked = _section(text_of(site12 / "programmas" / "vastgesteld" / "index.html"), "Actualiteit")
    assert ("Naar nieuwere informatie gezocht Op 2024-03-03 in de website van de gemeente Voorbeeldstad: Geen nieuwere "
            "verslagen gevonden.") in checked
    assert "niet nagegaan" not in checked


def test_no_schema_word_in_reader_text(site12):
    """No schema keyword (x-...) and no field name (snake_case key) in what a reader sees; the
    page for coordinators (Bijdragen) names fields on purpose."""
    hb = model.laad(REPO)
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(k for k in (node.get("properties") or {}) if "_" in k)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(hb.schema.root)
    assert {"contra_indicaties", "niet_beschreven", "inzet_en_kosten"} <= keys
    pattern = re.compile(r"(?<![\w/#-])(x-[a-z]+(?:-[a-z]+)*|" + "|".join(sorted(keys)) + r")(?![\w-])")
    checked = 0
    for page in site12.rglob("*.html"):
        if "bijdragen" in page.parts or "<article" not in page.read_text(encoding="utf-8"):
            continue
        found = pattern.findall(text_of(page))
        assert not found, (page, found[:5])
        checked += 1
    assert checked > 20


def test_opzet_page_states_both_levels_from_the_schema(site12):
    text = text_of(site12 / "opzet" / "index.html")
    hb = model.laad(REPO)
    fasering = hb.schema.root["properties"]["fasering"]["x-budget"]
    assert (f"Aanpak in fasen (hoogstens {fasering['methodiek']} woorden voor een methodiek, "
            f"{fasering['praktijkvoorbeeld']} woorden voor een praktijkvoorbeeld)") in text
    starts = [text.index(f"{s.titel} (hoogstens") for s in hb.outline] + [text.index("Een hele beschrijving telt")]
    for i, sectie in enumerate(hb.outline):
        line = text[starts[i]:starts[i + 1]]
        only_full = sectie.key in hb.schema.verplicht("methodiek") and sectie.key not in hb.schema.verplicht(
            "praktijkvoorbeeld")
        assert ("Een praktijkvoorbeeld heeft dit onderdeel alleen als de bronnen het beschrijven." in line) == only_full, \
            sectie.key
    assert "Een hele beschrijving telt hoogstens 6000 woorden voor een methodiek, 1500 woorden voor een " \
           "praktijkvoorbeeld lopende tekst" in text
    assert "niet beschreven in de bronnen , met waar is gezocht" in text or \
           "niet beschreven in de bronnen, met waar is gezocht" in text


def test_check_completeness_table_counts_niet_beschreven_as_complete(tmp_path):
    root = make_project(tmp_path, [PV])
    result = run("methodiek", "--root", str(root), "check", "--volledigheid", cwd=root)
    assert result.returncode == 0, result.stdout
    privacy = next(ln for ln in result.stdout.splitlines() if ln.strip().startswith("Privacy en veiligheid"))
    assert privacy.split()[3] == "2/2" and privacy.endswith("niet beschreven in de bronnen (volledig)")
    fasen = next(ln for ln in result.stdout.splitlines() if ln.strip().startswith("Aanpak in fasen"))
    assert fasen.endswith("niet beschreven (praktijkvoorbeeld)")
