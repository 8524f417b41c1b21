"""`methodiek check`: every bad fixture gives a Dutch record at the right file:line."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, REPO, VALID, run

BAD = FIXTURES / "fout"

# fixture name -> (line, column, path of the field, Dutch words the message must contain)
CASES = {
    "syntaxfout": (7, 21, "", "dubbele punt"),
    "niet-gesloten-aanhalingsteken": (6, 12, "", "nergens gesloten"),
    "tab-inspringing": (10, 1, "", "tab-teken"),
    "dubbele-sleutel": (8, 1, "regio", "twee keer (eerder op regel 7)"),
    "dubbele-sleutel-diep": (296, 7, "competenties.rollen (punt 1).inzet", "twee keer (eerder op regel 295)"),
    "onbekende-sleutel": (70, 3, "doelgroep.primiar", "Bedoelde u 'primair'? Dat veld ontbreekt nu"),
    "ontbrekende-sectie": (53, 1, "probleem", "het onderdeel 'probleem' (Probleem) ontbreekt; het is verplicht bij niveau 'methodiek'. "
                           "Voeg 'probleem:' toe na 'eerste_stappen' en vóór 'doelgroep' (regel 53)"),
    "lege-sectie": (53, 10, "probleem", "maar er staat niets"),
    "lege-tekst": (99, 14, "doelstelling.hoofddoel", "leeg of bevat alleen spaties"),
    "verkeerd-type": (8, 11, "sectoren", "hier hoort een lijst"),
    "onbekende-bron": (63, 13, "probleem.bronnen (punt 1).bron", "'nji2051' staat niet in data/bronnen.yml"),
    "onbekende-sector": (8, 16, "sectoren (punt 2)", "Bedoelde u 'kinderopvang'?"),
    "ongeldige-datum": (16, 17, "laatst_herzien", "geen geldige datum"),
    "ongeldige-versie": (15, 9, "versie", "versienummer van drie getallen"),
    "versie-terug": (21, 13, "wijzigingen (punt 2).versie", "niet hoger dan de versie erboven"),
    "dubbele-fase-id": (217, 13, "fasering.werkwijze.fasen (punt 2).id", "'start' komt twee keer voor"),
    "python-tag": (7, 8, "regio", "is niet toegestaan"),
    "alias": (6, 12, "", "ankers en verwijzingen"),
    "lijst-bovenaan": (1, 1, "", "een lijst in plaats van een methodiekbeschrijving"),
    "leeg-bestand": (1, 1, "", "het bestand is leeg"),
    "niet-utf8": (7, 19, "", "niet in UTF-8"),
    "id-niet-bestandsnaam": (4, 5, "id", "niet gelijk aan de bestandsnaam"),
    "onbekende-competentie": (297, 25, "competenties.rollen (punt 1).kennis (punt 1).competentie",
                              "'sociale-kart' staat niet in data/competenties.yml. Bedoelde u 'sociale-kaart'?"),
    "competentie-verkeerde-soort": (299, 24, "competenties.rollen (punt 1).vaardigheden (punt 1).competentie",
                                    "van de soort 'kennis', niet 'vaardigheid'"),
    "onbekend-begrip": (444, 26, "begrippen (punt 4)", "'vvo' staat niet in data/begrippen.yml"),
    "haakje-niet-gesloten": (8, 11, "", "wordt niet met ] gesloten"),
    "verkeerde-inspringing": (7, 8, "", "dubbele punt"),
    "scalar-bovenaan": (1, 1, "", "een tekst in plaats van een methodiekbeschrijving"),
    "lege-string": (6, 12, "afkorting", "de tekst is leeg"),
    "getal-in-plaats-van-tekst": (7, 8, "regio", "hier hoort een tekst, maar er staat het getal 12"),
    "tekst-in-plaats-van-groep": (9, 11, "leeftijd", "hier hoort een groep velden"),
    "dubbel-niveau": (326, 15, "randvoorwaarden.niveaus (punt 2).niveau", "'school' komt twee keer voor"),
    "alias-bom": (1, 5, "", "ankers en verwijzingen"),
    "diep-genest": (7, 47, "", "dieper genest dan 40 niveaus"),
    "onbekende-tag": (7, 8, "regio", "de tag '!vreemd' is niet toegestaan"),
    "samenvoegsleutel": (10, 3, "leeftijd", "samenvoegen met '<<' wordt niet ondersteund"),
    "te-lange-samenvatting": (26, 10, "samenvatting.tekst", "de tekst is te lang"),
    "controleteken": (7, 17, "", "onzichtbaar stuurteken"),
    "controleteken-code": (7, 8, "regio", "onzichtbaar stuurteken (code 0x0000)"),
    "versie-regeleinde": (15, 9, "versie", "'1.1.0\\n' heeft niet de juiste vorm. De tekst eindigt met een regeleinde"),
    "bronsleutel-in-tekst": (29, 10, "samenvatting.tekst",
                             "de bronsleutel 'nji2015' staat in de tekst die de lezer ziet. Schrijf 'Nederlands Jeugdinstituut (2015)'"),
    "resultaat-zonder-bewijs": (392, 7, "resultaten.effecten (punt 1).bewijs",
                                "het onderdeel 'bewijs' (Bewijs) ontbreekt. Voeg 'bewijs:' toe na 'tekst' en vóór 'cijfers'"),
    "onbekende-bewijssoort": (377, 16, "werkzame_elementen.elementen (punt 1).bewijs.soort",
                              "Kies uit: 'gemeten', 'ervaren', 'verwacht', 'berekend', 'oordeel'"),
    "samenvatting-te-veel-woorden": (26, 10, "samenvatting.tekst", "de tekst heeft 646 woorden; hoogstens 350"),
    "tabel-rij-te-kort": (355, 11, "inzet_en_kosten.tabellen (punt 1).rijen (punt 2)",
                          "deze rij heeft 1 cel, maar de tabel heeft 2 kolommen"),
    # one meaning for every scalar (YAML 1.2 core schema), and whole numbers written as such
    "getal-voorloopnul": (11, 8, "leeftijd.tot", "het getal 012 begint met een 0 en is daardoor dubbelzinnig: "
                          "uw editor leest 12, oudere YAML-programma's lezen 10 (achttallig). Schrijf 12"),
    "getal-met-punt": (10, 8, "leeftijd.van", "hier hoort een geheel getal, maar er staat 14.0: een getal met een "
                       "punt of een e. Schrijf 14"),
    "getal-exponent": (11, 8, "leeftijd.tot", "maar er staat 1e1: een getal met een punt of een e. Schrijf 10"),
    # dates of what happened lie on or before the day of the check
    "datum-in-de-toekomst": (16, 17, "laatst_herzien", "de datum 2099-12-31 ligt na vandaag"),
    "wijziging-in-de-toekomst": (22, 12, "wijzigingen (punt 2).datum", "de datum 2099-01-01 ligt na vandaag"),
    # invisible and direction-changing characters, wherever they stand, by their Dutch name
    "richtingsteken": (7, 17, "", "een richtingsteken: een rechts-naar-linksoverschrijving (U+202E). "
                       "Dit onzichtbare teken verandert de leesrichting"),
    "richtingsteken-code": (7, 8, "regio", "rechts-naar-linksoverschrijving (U+202E), geschreven als backslash-code"),
    "richtingsteken-commentaar": (7, 25, "", "een richtingsteken: een rechts-naar-linksisolatie (U+2067)"),
    "breedteloze-spatie": (7, 8, "", "een breedteloze spatie (U+200B) buiten een woord"),
    "zacht-afbreekstreepje": (7, 8, "", "een zacht afbreekstreepje (U+00AD) buiten een woord"),
    "bom-in-tekst": (7, 17, "", "een bytevolgordemarkering of BOM (U+FEFF) midden in het bestand"),
    "regelscheidingsteken": (7, 17, "", "een regelscheidingsteken (U+2028); sommige programma's zien het als "
                             "regeleinde en andere niet"),
    "onbekend-bronverschil": (421, 21, "bewijskracht.onderzoeken (punt 1).bronnen (punt 1).verschil",
                              "'aantal-schoolen' is geen id van een van de verschillen in deze beschrijving. "
                              "Bedoelde u 'aantal-scholen'?"),
    # outline 1.2: levels, 'niet beschreven', contra-indications, recognition, status
    "niet-beschreven-met-inhoud": (57, 3, "probleem", "naast 'niet_beschreven' staat hier ook 'tekst', 'onderdelen', "
                                   "'bronnen'. 'Niet beschreven' is een volledig antwoord"),
    "niet-beschreven-rol-met-toevoeging": (152, 7, "aansluiting.rollen (punt 3)",
                                           "naast 'niet_beschreven' staat hier ook 'toevoeging'. 'Niet beschreven' is een "
                                           "volledig antwoord: haal de andere velden weg (alleen 'rol' en 'niet_beschreven' "
                                           "blijven staan)"),
    "niet-beschreven-lijst-met-punt": (86, 5, "doelgroep.contra_indicaties",
                                       "naast 'niet_beschreven' staat hier ook 'situatie'"),
    "contra-indicatie-zonder-bron": (88, 7, "doelgroep.contra_indicaties (punt 2)",
                                     "hier ontbreekt 'bronnen' of 'afgeleid'. Vul er minstens één in."),
    "erkenning-zonder-nagegaan": (438, 3, "erkenning.nagegaan", "het onderdeel 'nagegaan' (Nagegaan) ontbreekt; het is "
                                  "verplicht bij een status anders dan 'niet nagegaan'"),
    "vastgesteld-zonder-wie": (15, 1, "vastgesteld", "het onderdeel 'vastgesteld' (Vastgesteld) ontbreekt; het is "
                               "verplicht bij status 'vastgesteld'"),
    "methodiek-zonder-probleem": (53, 1, "probleem", "het onderdeel 'probleem' (Probleem) ontbreekt; het is verplicht "
                                  "bij niveau 'methodiek'. Voeg 'probleem:' toe na 'eerste_stappen' en vóór 'doelgroep' "
                                  "(regel 53)."),
    "rol-ontbreekt": (137, 3, "aansluiting.rollen", "'leerplicht' (Leerplicht en RMC) uit data/zorgstructuur.yml "
                      "ontbreekt in deze lijst"),
    "privacy-onderwerp-dubbel": (183, 18, "privacy.onderwerpen (punt 4).onderwerp",
                                 "'beroepsgeheim' komt twee keer voor in deze lijst (eerder op regel 179)"),
    "praktijkvoorbeeld-samenvatting-te-lang": (26, 10, "samenvatting.tekst",
                                               "de tekst heeft 260 woorden; hoogstens 250 voor een praktijkvoorbeeld"),
    # style checks (passing counterparts in fixtures/stijl/)
    "herhaalde-zin": (56, 10, "probleem.tekst", "deze zin staat (bijna) gelijk ook onder 'samenvatting.tekst' "
                      "(Samenvatting), regel 34: 'Zo moeten lichte vragen licht blijven en zware hulp alleen ingezet "
                      "worden …'. Zeg het één keer, op de plek waar het hoort, en verwijs hier naar dat onderdeel "
                      "(bijvoorbeeld 'zie Samenvatting')."),
    "metataal": (69, 10, "doelgroep.tekst", "'het handboek' is taal over de beschrijving zelf. Schrijf over het "
                 "programma zelf; wat een afleiding is, staat onder 'afgeleid'. Zulke woorden mogen alleen in "
                 "'afgeleid' en bij 'bronverschillen' (de lijst staat in data/stijl.yml)."),
    "afkorting-onbekend": (56, 10, "probleem.tekst", "de afkorting 'OKT' wordt nergens uitgelegd. Schrijf haar "
                           "voluit, of voeg 'OKT' toe aan data/begrippen.yml"),
    "afkorting-niet-in-begrippen": (56, 10, "probleem.tekst", "de afkorting 'JGZ' staat in data/begrippen.yml "
                                    "('jgz'), maar niet onder 'begrippen' van deze beschrijving. Voeg 'jgz' toe aan "
                                    "'begrippen:' (regel 444)"),
    "veldnaam-in-tekst": (171, 14, "privacy.onderwerpen (punt 1).tekst", "'contra_indicaties' is een veldnaam, niet "
                          "voor de lezer. Noem het onderdeel bij zijn titel ('Niet de juiste hulp voor "
                          "(contra-indicaties)')"),
    "schemawoord-in-tekst": (56, 10, "probleem.tekst", "'x-budget' is een woord uit het schema, niet voor de lezer."),
}


def test_every_bad_fixture_has_a_case():
    assert {p.stem for p in BAD.glob("*.yml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_fixture_record_in_process(name, monkeypatch):
    """The same record as `methodiek check` gives, from the checker itself (fast; and the
    mutation run sees the checker only in-process)."""
    from macros import model
    monkeypatch.setenv("METHODIEK_CACHE", "0")
    line, col, field, words = CASES[name]
    model._cache.clear()
    hb = model.laad(REPO, [BAD / f"{name}.yml"])
    records = [str(f) for f in hb.fouten if (f.regel, f.kolom, f.pad) == (line, col, field)]
    assert records, [str(f) for f in hb.fouten]
    assert any(words in r for r in records), records


def test_every_bad_fixture_refused_by_one_check_run():
    """One `methodiek check` over the whole corpus: each file's record at its line (the fast loop's
    view of the command; test_bad_fixture_reports_dutch_error_at_line runs it per file)."""
    result = run("methodiek", "check", *(f"tests/fixtures/fout/{name}.yml" for name in sorted(CASES)))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for name, (line, col, field, words) in CASES.items():
        expected = f"tests/fixtures/fout/{name}.yml:{line}:{col}: {field + ': ' if field else ''}"
        records = [ln for ln in result.stdout.splitlines() if ln.startswith(expected)]
        assert any(words in r for r in records), (name, records)
    assert re.search(rf"\d+ fouten in {len(CASES)} bestanden\. Niets gepubliceerd", result.stdout), result.stdout[-500:]


@pytest.mark.traag  # the fast loop has the same records from the two tests above
@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_fixture_reports_dutch_error_at_line(name, monkeypatch, capsys):
    """`methodiek check <file>` for each bad file alone: exit code 1, its record at its line, the
    one-file summary. Run through the command's own entry point in this process (the process
    start is what `test_every_bad_fixture_refused_by_one_check_run` covers, once), so a file
    refused only because of another file in the same run would fail here."""
    from macros import cli, model
    monkeypatch.setenv("METHODIEK_CACHE", "0")
    monkeypatch.chdir(REPO)
    for memo in (model._cache, model._checked):
        memo.clear()
    line, col, field, words = CASES[name]
    code = cli.main(["check", f"tests/fixtures/fout/{name}.yml"])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    # a record about the whole file has no path: "file:line:col: message"
    expected = f"tests/fixtures/fout/{name}.yml:{line}:{col}: {field + ': ' if field else ''}"
    records = [ln for ln in out.splitlines() if ln.startswith(expected)]
    assert records, f"no record at {expected!r} in:\n{out}"
    assert any(words in r for r in records), records
    assert re.search(r"\d+ (fout|fouten) in 1 bestand\. Niets gepubliceerd", out), out[-500:]


def test_valid_fixture_passes():
    result = run("methodiek", "check", str(VALID))
    assert result.returncode == 0, result.stdout
    assert "alles in orde" in result.stdout


# Each style rule's passing fixture: the boundary the rule must let through, and what it holds.
STYLE_OK = {
    "herhaling-korte-zin": "Het kind heeft een diagnose nodig.",  # repeated, but under eight words
    "metataal-in-afgeleid": "Het handboek leidt dit af",  # meta-talk where it belongs: afgeleid, bronverschillen
    "afkorting-uitgelegd": "hulp van de GGD en de VJB",  # in the glossary and listed; its own abbreviation
    "veldnaam-als-gewoon-woord": "zie de contra-indicaties",  # the title, not the field name
}


@pytest.mark.parametrize("name", sorted(STYLE_OK))
def test_style_passing_fixture(name):
    path = REPO / "tests" / "fixtures" / "stijl" / f"{name}.yml"
    assert STYLE_OK[name] in path.read_text(encoding="utf-8")
    result = run("methodiek", "check", str(path))
    assert result.returncode == 0, result.stdout
    assert "alles in orde" in result.stdout


def test_every_style_passing_fixture_has_a_case():
    assert {p.stem for p in (REPO / "tests" / "fixtures" / "stijl").glob("*.yml")} == set(STYLE_OK)


def test_valid_praktijkvoorbeeld_passes():
    """The short outline: no phases, competences or theory, privacy 'niet beschreven'."""
    result = run("methodiek", "check", str(VALID.parent / "praktijkvoorbeeld.yml"))
    assert result.returncode == 0, result.stdout
    assert "alles in orde" in result.stdout


def test_methodiek_missing_sections_each_named_once():
    """A praktijkvoorbeeld turned methodiek: each section the level requires, one record each."""
    result = run("methodiek", "check", "tests/fixtures/fout/methodiek-zonder-probleem.yml")
    missing = re.findall(r"het onderdeel '(\w+)' \([^)]*\) ontbreekt; het is verplicht bij niveau 'methodiek'",
                         result.stdout)
    assert sorted(missing) == sorted(["probleem", "doelstelling", "aansluiting", "fasering", "competenties",
                                      "onderbouwing", "werkzame_elementen"]), result.stdout
    assert "Beschrijven de bronnen dit niet, schrijf dan onder 'probleem:' alleen 'niet_beschreven:'" in result.stdout


def test_privacy_topic_twice_also_names_the_missing_one():
    result = run("methodiek", "check", "tests/fixtures/fout/privacy-onderwerp-dubbel.yml")
    assert ("tests/fixtures/fout/privacy-onderwerp-dubbel.yml:169:3: privacy.onderwerpen: 'dossier' (Dossier en "
            "verslaglegging) uit data/privacy.yml ontbreekt in deze lijst. Noem elke sleutel uit data/privacy.yml "
            "precies één keer onder 'onderwerp': voeg '- onderwerp: dossier' toe.") in result.stdout


def test_all_errors_reported_at_once(tmp_path):
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("status: concept", "status: conept").replace("  primair:", "  primiar:")
    path = tmp_path / "voorbeeld.yml"
    path.write_text(text, encoding="utf-8")
    result = run("methodiek", "--root", str(REPO), "check", str(path))
    assert result.returncode == 1
    assert "status: 'conept' is geen toegestane waarde. Bedoelde u 'concept'?" in result.stdout
    assert "doelgroep.primiar: het veld 'primiar' is onbekend" in result.stdout


def test_real_content_passes():
    """The gate CI relies on: the published programmes and shared data are valid."""
    result = run("methodiek", "check")
    assert result.returncode == 0, result.stdout


def test_missing_file_is_a_dutch_error():
    result = run("methodiek", "check", "methodiek/bestaat-niet.yml")
    assert result.returncode == 1
    assert "het bestand bestaat niet" in result.stdout


def test_corpus_is_large_and_documented():
    """At least 30 kinds of mistake, each listed in tests/README.md for coordinators."""
    assert len(CASES) >= 30
    table = (REPO / "tests" / "README.md").read_text(encoding="utf-8")
    for name in CASES:
        assert f"`fout/{name}.yml`" in table, name


def _quick_limit() -> float:
    """How long a refusal that reads nothing more than the file may take on this machine now:
    ten times a check of the small valid example (measured, so a loaded machine raises the limit
    with it), and at least 10 s. An expanding alias bomb or a 5 MB file parsed through takes
    minutes or never ends, far past either."""
    import time
    start = time.perf_counter()
    run("methodiek", "check", str(VALID))
    return max(10.0, 10 * (time.perf_counter() - start))


def test_alias_bomb_refused_fast_without_expansion():
    import time
    limit = _quick_limit()
    start = time.perf_counter()
    result = run("methodiek", "check", "tests/fixtures/fout/alias-bom.yml")
    assert time.perf_counter() - start < limit
    assert result.returncode == 1 and len(result.stdout) < 2000  # nothing expanded into the message


def test_five_megabyte_file_refused_quickly(tmp_path):
    import time
    big = tmp_path / "groot.yml"
    big.write_text("id: groot\nnaam: |\n" + ("  " + "tekst " * 15 + "\n") * 55_000, encoding="utf-8")
    assert big.stat().st_size > 5_000_000
    limit = _quick_limit()
    start = time.perf_counter()
    result = run("methodiek", "--root", str(REPO), "check", str(big))
    assert time.perf_counter() - start < limit
    assert result.returncode == 1
    assert f"{big}:1:1: het bestand is te groot" in result.stdout


def test_same_id_in_yml_and_yaml_is_refused(tmp_path):
    """Two files for one programme would silently replace each other in the site."""
    from conftest import make_project
    import shutil
    root = make_project(tmp_path, [VALID])
    shutil.copy(VALID, root / "methodiek" / "voorbeeld.yaml")
    result = run("methodiek", "--root", str(root), "check", cwd=root)
    assert result.returncode == 1
    assert ("methodiek/voorbeeld.yml:1:1: id: de id 'voorbeeld' staat ook al in methodiek/voorbeeld.yaml" in result.stdout
            or "methodiek/voorbeeld.yaml:1:1: id: de id 'voorbeeld' staat ook al in methodiek/voorbeeld.yml" in result.stdout)
