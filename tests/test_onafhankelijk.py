"""An independent judge: check-jsonschema (its own YAML 1.2 parser, ECMA-262 regexes, its own
format checks) against the published schemas, over the whole fixture corpus, altered copies of
the valid example and the shared data. It must give the handbook's verdict, except for the rules
on NIET_UIT_TE_DRUKKEN: what JSON Schema cannot state (the schemas name them in their
description). Removing a rule from the schema makes the comparison fail (the sabotage test)."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from conftest import BIN, FIXTURES, REPO, VALID, run
from macros import model, reader

# The handbook's rules that JSON Schema cannot express, each with how to recognise its record.
# A record counts as one of these when its Dutch message matches; the invisible character in
# a comment is recognised by where it stands (a schema sees values, never comments).
NIET_UIT_TE_DRUKKEN = {
    "x-verwijzing: een sleutel uit data/*.yml (een ander bestand)": r"staat niet in data/|een competentie van de soort",
    "x-lokaal: een id uit een lijst van hetzelfde bestand": r"is geen id van een van de",
    "x-uniek: een id één keer per lijst (uniqueItems vergelijkt hele items)": r"komt twee keer voor in deze lijst",
    "x-oplopend: 'van' niet groter dan 'tot' (vergelijkt twee waarden)": r"is groter dan '",
    "x-rijlengte: elke rij zo breed als de kop (vergelijkt twee lijsten)": r"deze rij heeft \d+ cel",
    "x-woorden en x-budget: woorden tellen": r"woorden; (hoogstens|het budget is)|woorden lopende tekst",
    "x-niet-in-de-toekomst: een datum niet na vandaag (JSON Schema kent geen 'vandaag')": r"ligt na vandaag",
    "id gelijk aan de bestandsnaam (de bestandsnaam is geen data)": r"niet gelijk aan de bestandsnaam",
    "wijzigingen lopen vooruit (vergelijkt items onderling en met 'versie')":
        r"niet hoger dan de versie erboven|ligt vóór de datum erboven|komt niet overeen met de laatste wijziging"
        r"|ligt vóór de laatste wijziging",
    "geen bronsleutel uit data/bronnen.yml in lopende tekst": r"de bronsleutel '",
    "een geheel getal zonder punt of e (JSON Schema telt 14.0 als geheel getal)":
        r"hier hoort een geheel getal, maar er staat .*: een getal met een punt of een e",
    "x-volledig: elke sleutel uit een bestand in data/ precies één keer": r"uit data/[a-z]+\.yml ontbreekt in deze lijst",
    "stijl (x-stijl): dezelfde zin niet twee keer (vergelijkt velden onderling)": r"deze zin staat \(bijna\) gelijk ook onder",
    "stijl (x-metataal): geen taal over de beschrijving zelf (de woordenlijst staat in data/stijl.yml)":
        r"is taal over de beschrijving zelf",
    "stijl: elke afkorting uitgelegd in data/begrippen.yml en onder 'begrippen' (twee bestanden)":
        r"de afkorting '[^']+' (staat in data/begrippen\.yml|wordt nergens uitgelegd)",
    # This one a pattern could state (the field names and x- words of the schema); it is left to
    # methodiek check so that one module decides where a word begins and ends.
    "stijl: geen veldnaam of schemawoord in tekst voor de lezer": r"is een (veldnaam|woord uit het schema), niet voor de lezer",
    "YAML: een getal dat YAML-lezers verschillend lezen (012, 1_000, 0b101)": r"is daardoor dubbelzinnig|' is dubbelzinnig",
    "YAML: ankers en verwijzingen (& en *)": r"ankers en verwijzingen",
    "YAML: samenvoegen met '<<'": r"samenvoegen met '<<'",
    "YAML: een regel- of alineascheidingsteken (YAML 1.1 ziet een regeleinde)": r"\(U\+202[89]\)|\(U\+0085\)",
}
IN_COMMENTAAR = "YAML: een onzichtbaar teken in een commentaar (een schema ziet alleen waarden)"


def _rule(record, lines: list[str]) -> str | None:
    """The inexpressible rule a handbook record belongs to, or None."""
    for rule, pattern in NIET_UIT_TE_DRUKKEN.items():
        if re.search(pattern, record.melding):
            return rule
    line = lines[record.regel - 1] if 0 < record.regel <= len(lines) else ""
    if "(U+" in record.melding and not record.pad and "#" in line[: record.kolom - 1]:
        return IN_COMMENTAAR
    return None


# The handbook's verdict per file, computed once per test session (the corpus fixture empties it,
# so a mutation run never sees a verdict of the parent process): only check-jsonschema's side
# changes between the judge runs of this module (another schema, other options).
_VERDICTS: dict[Path, list] = {}


def _handbook(path: Path) -> list:
    """The blocking records of `methodiek check` for one file."""
    if path not in _VERDICTS:
        _VERDICTS[path] = [f for f in model.laad(REPO, [path]).fouten
                           if f.blokkeert and Path(f.bestand).name == path.name]
    return _VERDICTS[path]


# check-jsonschema's verdict on the real schema, per run (the same run is asked for twice);
# emptied with _VERDICTS by the corpus fixture
_JUDGED: dict[tuple, dict] = {}


def _judge(schema: Path, files: list[Path], *options: str) -> dict[Path, list[str]]:
    """check-jsonschema's verdict per file: its error messages (empty: valid). A run against a
    schema of the repository is made once per session (a sabotaged schema lives elsewhere)."""
    key = (schema, tuple(files), options)
    if schema.parent != REPO / "schemas":
        return _judged(schema, files, *options)
    if key not in _JUDGED:
        _JUDGED[key] = _judged(schema, files, *options)
    return _JUDGED[key]


def _judged(schema: Path, files: list[Path], *options: str) -> dict[Path, list[str]]:
    result = run("check-jsonschema", "-o", "json", *options, "--schemafile", str(schema), *map(str, files))
    assert result.returncode in (0, 1), result.stdout + result.stderr
    report = json.loads(result.stdout)
    out: dict[Path, list[str]] = {p: [] for p in files}
    by_name = {str(p): p for p in files}
    for err in report.get("errors", []):
        out[by_name[err["filename"]]].append(f"{err.get('path')}: {err.get('message', '')[:120]}")
    for err in report.get("parse_errors", []):
        out[by_name[err["filename"]]].append("kan niet lezen: " + err.get("message", "")[:120])
    return out


def disagreements(schema: Path, files: list[Path], *options: str) -> list[str]:
    """Every file on which check-jsonschema and the handbook disagree, for a reason that is not
    one of NIET_UIT_TE_DRUKKEN."""
    theirs = _judge(schema, files, *options)
    out = []
    for path in files:
        ours = _handbook(path)
        if theirs[path] and not ours:
            out.append(f"{path.parent.name}/{path.name}: het handboek accepteert, check-jsonschema niet: {theirs[path]}")
        elif ours and not theirs[path]:
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
            unexplained = [str(f) for f in ours if _rule(f, lines) is None]
            if unexplained:
                out.append(f"{path.parent.name}/{path.name}: het schema laat door wat het zou kunnen weigeren: "
                           f"{unexplained}")
    return out


# check-jsonschema expands aliases before it validates: the alias bomb takes it minutes (the
# handbook refuses the first anchor, before anything is expanded; see 'ankers' above).
BUITEN_DE_RECHTER = {"alias-bom"}

# Altered copies of the valid example: (name, text in the example, replacement). The names in
# GOED are valid (the same value for every YAML 1.2 reader); every other copy must be refused,
# so that removing a rule from the schema itself (both sides then accept) fails as well.
WIJZIGINGEN = [
    ("tot-voorloopnul", "  tot: 12\n", "  tot: 012\n"),
    ("tot-exponent", "  tot: 12\n", "  tot: 1e1\n"),
    ("tot-liggend-streepje", "  tot: 12\n", "  tot: 1_2\n"),
    ("tot-hex", "  tot: 12\n", "  tot: 0xC\n"),
    ("tot-tag", "  tot: 12\n", '  tot: !!int "12"\n'),
    ("van-met-punt", "  van: 0\n", "  van: 14.0\n"),
    ("van-groter", "  van: 0\n", "  van: 13\n"),
    ("tot-te-groot", "  tot: 12\n", "  tot: 31\n"),
    ("van-negatief", "  van: 0\n", "  van: -1\n"),
    ("tot-tekst", "  tot: 12\n", "  tot: twaalf\n"),
    ("afkorting-no", "afkorting: VJB", "afkorting: no"),
    ("regio-on", "regio: Voorbeeldstad", "regio: on"),
    ("regio-ON", "regio: Voorbeeldstad", "regio: ON"),  # text under YAML 1.2, then an unexplained abbreviation
    ("regio-yes", "regio: Voorbeeldstad", "regio: yes"),
    ("regio-true", "regio: Voorbeeldstad", "regio: true"),
    ("regio-getal", "regio: Voorbeeldstad", "regio: 12"),
    ("regio-leeg", "regio: Voorbeeldstad", 'regio: ""'),
    ("regio-spaties", "regio: Voorbeeldstad", 'regio: "   "'),
    ("regio-lijst", "regio: Voorbeeldstad", "regio: [Voorbeeldstad]"),
    ("regio-zacht-afbreekstreepje", "regio: Voorbeeldstad", "regio: \u00ad"),
    ("regio-zacht-afbreekstreepje-in-woord", "regio: Voorbeeldstad", "regio: Voorbeeld\u00adstad"),
    ("regio-breedteloze-spatie", "regio: Voorbeeldstad", "regio: Voorbeeldstad\u200b"),
    ("regio-breedteloze-verbinder-in-woord", "regio: Voorbeeldstad", "regio: Voorbeeld\u200dstad"),
    ("regio-rlo", "regio: Voorbeeldstad", "regio: Voor\u202ebeeldstad"),
    ("regio-rlo-code", "regio: Voorbeeldstad", 'regio: "Voor\\u202Ebeeldstad"'),
    ("regio-lrm", "regio: Voorbeeldstad", "regio: Voorbeeldstad\u200e"),
    ("regio-isolatie", "regio: Voorbeeldstad", "regio: \u2066Voorbeeldstad\u2069"),
    ("regio-bom", "regio: Voorbeeldstad", "regio: Voorbeeld\ufeffstad"),
    ("regio-tagteken", "regio: Voorbeeldstad", "regio: Voorbeeld\U000e0041stad"),
    ("regio-vulletter", "regio: Voorbeeldstad", "regio: \u3164"),
    ("regio-regelscheiding", "regio: Voorbeeldstad", "regio: Voorbeeld\u2028stad"),
    ("regio-bel", "regio: Voorbeeldstad", 'regio: "Voorbeeld\\astad"'),
    ("regio-nul", "regio: Voorbeeldstad", 'regio: "Voorbeeld\\0stad"'),
    ("regio-escape", "regio: Voorbeeldstad", 'regio: "\\u001B[31mVoorbeeldstad"'),
    ("regio-nel", "regio: Voorbeeldstad", 'regio: "Voorbeeld\\Nstad"'),
    ("regio-tab", "regio: Voorbeeldstad", 'regio: "Voorbeeld\\tstad"'),
    ("regio-anker", "regio: Voorbeeldstad", "regio: &r Voorbeeldstad"),
    ("commentaar-rlo", "regio: Voorbeeldstad", "regio: Voorbeeldstad  # \u202eniet zichtbaar"),
    ("sleutel-onzichtbaar", "regio: Voorbeeldstad", '"regio\\u200b": Voorbeeldstad'),
    ("laatst-herzien-toekomst", "laatst_herzien: 2024-02-01", "laatst_herzien: 2099-12-31"),
    ("laatst-herzien-geen-datum", "laatst_herzien: 2024-02-01", "laatst_herzien: 2024-02-30"),
    ("laatst-herzien-vorm", "laatst_herzien: 2024-02-01", "laatst_herzien: 1-2-2024"),
    ("versie-regeleinde", "versie: 1.1.0", 'versie: "1.1.0\\n"'),
    ("versie-twee-getallen", "versie: 1.1.0", "versie: 1.1"),
    ("status-onbekend", "status: concept", "status: klaar"),
    ("niveau-onbekend", "niveau: methodiek", "niveau: kort"),
    ("sectoren-leeg", "sectoren: [po, kinderopvang]", "sectoren: []"),
    ("sectoren-dubbel", "sectoren: [po, kinderopvang]", "sectoren: [po, po]"),
    ("sector-onbekend", "sectoren: [po, kinderopvang]", "sectoren: [po, basisschool]"),
    ("id-hoofdletter", "id: voorbeeld", "id: Voorbeeld"),
    ("veld-onbekend", "periode: 2020-2022", "periode: 2020-2022\nextra: iets"),
    ("wijziging-terug", "  - versie: 1.1.0\n", "  - versie: 0.9.0\n"),
]


GOED = {"afkorting-no", "regio-breedteloze-verbinder-in-woord", "regio-on", "regio-tab", "regio-yes", "regio-zacht-afbreekstreepje-in-woord", "tot-hex", "tot-tag"}


def _altered(tmp_path: Path) -> list[Path]:
    text = VALID.read_text(encoding="utf-8")
    files = []
    for name, old, new in WIJZIGINGEN:
        assert old in text, name
        folder = tmp_path / name
        folder.mkdir()
        (folder / "voorbeeld.yml").write_text(text.replace(old, new, 1), encoding="utf-8")
        files.append(folder / "voorbeeld.yml")
    return files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if not (BIN / "check-jsonschema").exists():
        pytest.fail("check-jsonschema is not installed (pip install -e '.[test]')")
    _VERDICTS.clear()
    _JUDGED.clear()
    fixtures = [p for p in sorted((FIXTURES / "fout").glob("*.yml")) if p.stem not in BUITEN_DE_RECHTER]
    return [VALID, VALID.parent / "praktijkvoorbeeld.yml", *fixtures, *_altered(tmp_path_factory.mktemp("gewijzigd"))]


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")


# with its format checks, and as a validator that reads 'format' as an annotation only (the
# schema states the date format as a pattern too)
@pytest.mark.traag  # two judge runs over the whole corpus (24 s): the full suite; the fast loop keeps the
# handbook's own verdict on every altered copy (below) and the shared data against check-jsonschema
@pytest.mark.parametrize("options", [(), ("--disable-formats", "*")], ids=["formats", "zonder-formats"])
def test_check_jsonschema_agrees_except_for_what_json_schema_cannot_say(corpus, options):
    assert disagreements(REPO / "schemas" / "methodiek.schema.json", corpus, *options) == []


def test_every_altered_copy_gets_its_verdict(corpus):
    """The handbook's own verdict on each altered copy, so that a rule taken out of the real
    schema (which both sides read) is noticed too."""
    verdict = {p.parent.name: not _handbook(p) for p in corpus if p.parent.parent.name.startswith("gewijzigd")}
    assert len(verdict) == len(WIJZIGINGEN)
    assert {name for name, ok in verdict.items() if ok} == GOED


@pytest.mark.traag  # a judge run of its own
def test_the_issue_cases_get_the_verdict_of_the_editor(corpus):
    """What the coordinator's editor reads is what the handbook reads: 'no' and 'ON' are text
    (both accept), 012 and 1e1 are numbers the handbook refuses to guess about."""
    theirs = _judge(REPO / "schemas" / "methodiek.schema.json", corpus)
    verdict = {p.parent.name: (not _handbook(p), not theirs[p]) for p in corpus if p.name == "voorbeeld.yml"}
    assert verdict["afkorting-no"] == verdict["regio-on"] == verdict["regio-yes"] == (True, True)
    assert verdict["regio-rlo"] == verdict["regio-zacht-afbreekstreepje"] == verdict["regio-escape"] == (False, False)
    assert verdict["regio-zacht-afbreekstreepje-in-woord"] == (True, True)
    assert verdict["tot-voorloopnul"] == verdict["tot-exponent"] == verdict["laatst-herzien-toekomst"] == (False, True)


def test_every_inexpressible_rule_is_named_in_the_schema_description():
    """A validator's user learns from the schema what else `methodiek check` applies."""
    description = json.loads((REPO / "schemas" / "methodiek.schema.json").read_text(encoding="utf-8"))["description"]
    for keyword in ("x-verwijzing", "x-lokaal", "x-uniek", "x-oplopend", "x-rijlengte", "x-woorden", "x-budget",
                    "x-niet-in-de-toekomst", "bestandsnaam", "wijzigingen", "bronsleutel", "14.0", "012",
                    "ankers", "<<", "commentaar", "methodiek check"):
        assert keyword in description, keyword


def test_shared_data_agrees_with_its_own_schema():
    for path in model.data_files(REPO):
        theirs = _judge(REPO / "schemas" / f"{path.stem}.schema.json", [path])[path]
        ours = [f for f in model.laad(REPO).fouten if Path(f.bestand).name == path.name]
        assert bool(theirs) == bool(ours), (path.name, theirs, ours)


def _without(schema: dict, pointer: tuple, key: str) -> dict:
    out = copy.deepcopy(schema)
    target = out
    for part in pointer:
        target = target[part]
    if isinstance(target, list):
        target.remove(key)
    else:
        del target[key]
    return out


# One rule of each kind the schema states; without it, the comparison above must fail.
SABOTAGE = [
    (("$defs", "zichtbaar"), "pattern", ()),              # invisible and control characters
    (("properties", "leeftijd", "properties", "tot"), "maximum", ()),
    (("$defs", "datum"), "pattern", ("--disable-formats", "*")),  # 2024-02-30 or 1-2-2024, formats unchecked
    (("properties", "status"), "enum", ()),
    (("required",), "regio", ()),
]


@pytest.mark.traag  # a judge run per removed rule
@pytest.mark.parametrize("pointer, key, options", SABOTAGE, ids=[f"{'/'.join(p)}/{k}" for p, k, _ in SABOTAGE])
def test_removing_a_schema_rule_makes_the_comparison_fail(corpus, tmp_path, pointer, key, options):
    """The judge runs over the altered copies of the valid example (made so that a rule taken
    out is noticed) and the valid files, not the whole corpus: a disagreement is a verdict per
    file, so one found here is one the comparison over the whole corpus finds too, and the run
    costs a third."""
    schema = json.loads((REPO / "schemas" / "methodiek.schema.json").read_text(encoding="utf-8"))
    sabotaged = tmp_path / "methodiek.schema.json"
    sabotaged.write_text(json.dumps(_without(schema, pointer, key), ensure_ascii=False), encoding="utf-8")
    files = [p for p in corpus if p.parent.parent.name.startswith("gewijzigd") or p.parent == VALID.parent]
    assert len(files) == len(WIJZIGINGEN) + 2, len(files)
    if key == "regio":  # a copy without 'regio' is needed to show that one
        text = VALID.read_text(encoding="utf-8").replace("regio: Voorbeeldstad\n", "")
        (tmp_path / "zonder").mkdir()
        (tmp_path / "zonder" / "voorbeeld.yml").write_text(text, encoding="utf-8")
        files.append(tmp_path / "zonder" / "voorbeeld.yml")
    assert disagreements(sabotaged, files, *options), f"removing {'/'.join(pointer)}/{key} went unnoticed"


def test_the_reader_and_the_schema_pattern_agree_on_every_character():
    """$defs/zichtbaar is the reader's rule: for each character that matters, alone and inside a
    word, Python's reading of the reader and ECMA-262's reading of the schema pattern agree."""
    import unicodedata

    import regress

    schema = json.loads((REPO / "schemas" / "methodiek.schema.json").read_text(encoding="utf-8"))
    pattern = schema["$defs"]["zichtbaar"]["pattern"]
    assert pattern == reader.ZICHTBAAR
    ecma = regress.Regex(pattern, flags="u")
    for code in [*range(0x0, 0x2100), *range(0x3000, 0x3200), *range(0xFE00, 0x10000), 0x110BD, 0x13430, 0x1D173,
                 0xE0001, 0xE0041, 0x1F469]:
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if unicodedata.category(ch) == "Cf":  # every format character of this Python's Unicode is covered
            assert reader.invisible("a" + ch + "b") or ch in "\u00ad\u200b\u200c\u200d\u2060", hex(code)
        for text in (ch, f"ab{ch}cd", f"a {ch}"):
            ours = not reader.invisible(text) and not reader._NOT_PRINTABLE.search(text)
            assert ours == bool(ecma.find(text)), (hex(code), text)


@pytest.mark.parametrize("path", sorted((REPO / "schemas").glob("*.schema.json")), ids=lambda p: p.name)
def test_every_text_field_states_the_visible_text_rule(path):
    """Every string in every schema (bar fixed choices) carries $defs/zichtbaar, directly or
    through the definition it refers to, so a field added later is covered as well."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$defs"]["zichtbaar"]["pattern"] == reader.ZICHTBAAR
    missing = []

    def covered(sub) -> bool:
        seen = 0
        while isinstance(sub, dict) and seen < 20:
            if sub.get("$ref") == "#/$defs/zichtbaar" or "enum" in sub or "const" in sub:
                return True
            ref = sub.get("$ref", "")
            if not ref.startswith("#/$defs/"):
                return False
            sub = schema["$defs"][ref.rsplit("/", 1)[1]]
            seen += 1
        return False

    def walk(sub, where):
        if isinstance(sub, dict):
            kind = sub.get("type")
            if (kind == "string" or isinstance(kind, list) and "string" in kind) and sub is not schema["$defs"]["zichtbaar"] \
                    and not covered(sub):
                missing.append(where)
            for key, value in sub.items():
                walk(value, f"{where}/{key}")
        elif isinstance(sub, list):
            for i, value in enumerate(sub):
                walk(value, f"{where}/{i}")

    walk(schema, "#")
    assert missing == []
