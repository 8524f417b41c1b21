"""What the editor shows is what the site publishes: the handbook reads every scalar as the
YAML 1.2 core schema does (the schema of yaml-language-server and check-jsonschema), refuses
what is ambiguous or invisible, and refuses dates of events that have not happened yet."""
from __future__ import annotations

import datetime
import math
from pathlib import Path

import pytest
import ruamel.yaml
import yaml

from conftest import REPO, VALID
from macros import model, reader, schema as schemas, validate


def _read(tmp_path: Path, text: str):
    path = tmp_path / "t.yml"
    path.write_text(text, encoding="utf-8")
    return reader.read(path)


def _yaml12(text: str):
    """A YAML 1.2 loader that is not the handbook's: ruamel.yaml's pure-Python safe loader,
    with timestamps kept as text, exactly as check-jsonschema sets it up."""
    impl = ruamel.yaml.YAML(typ="safe", pure=True)

    class Constructor(ruamel.yaml.SafeConstructor):
        pass

    impl.Constructor = Constructor
    impl.constructor.yaml_constructors["tag:yaml.org,2002:timestamp"] = \
        impl.constructor.yaml_constructors["tag:yaml.org,2002:str"]
    return impl.load(text)


@pytest.mark.parametrize("written, expected", [
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("ON", "ON"), ("y", "y"), ("N", "N"),
    ("true", True), ("False", False), ("~", None), ("null", None), ("", None),
    ("12", 12), ("-3", -3), ("+7", 7), ("0", 0), ("0o12", 10), ("0x1A", 26),
    ("1e1", 10.0), ("14.0", 14.0), (".5", 0.5), ("12:30", "12:30"),
    ("2026-01-01", "2026-01-01"), ("1.2.3", "1.2.3"), (".inf", math.inf), ("0.5.1", "0.5.1"),
])
def test_scalars_mean_what_yaml_1_2_says(tmp_path, written, expected):
    doc, errors = _read(tmp_path, f"a: {written}\n")
    assert errors == []
    assert doc.data["a"] == expected and type(doc.data["a"]) is type(expected)
    assert _yaml12(f"a: {written}\n")["a"] == expected  # the independent 1.2 loader agrees


def test_yaml_1_1_would_have_read_these_differently(tmp_path):
    """The comparison below can fail: PyYAML's own (1.1) loader disagrees on exactly these."""
    text = "a: no\nb: ON\nc: 1e1\nd: 0o12\n"
    assert yaml.safe_load(text) == {"a": False, "b": True, "c": "1e1", "d": "0o12"}
    doc, _ = _read(tmp_path, text)
    assert doc.data == _yaml12(text) == {"a": "no", "b": "ON", "c": 10.0, "d": 10}


@pytest.mark.parametrize("written, value, octal", [("012", 12, "10 (achttallig)"), ("-07", -7, "-7 (achttallig)"),
                                                   ("09", 9, "de tekst '09'"),
                                                   ("01234567", 1234567, "342391 (achttallig)")])
def test_leading_zero_is_refused_as_ambiguous(tmp_path, written, value, octal):
    doc, errors = _read(tmp_path, f"x: 1\ntot: {written}\n")
    assert [(f.regel, f.kolom, f.pad) for f in errors] == [(2, 6, "tot")]
    assert f"het getal {written} begint met een 0 en is daardoor dubbelzinnig: uw editor leest {value}, " \
           f"oudere YAML-programma's lezen {octal}. Schrijf {value}, zonder voorloopnul" in str(errors[0])


@pytest.mark.parametrize("written, number", [("1_000", "1000"), ("0b101", "5"), ("1_0.5", "10.5"), ("-0b11", "-3")])
def test_numbers_that_other_yaml_readers_read_differently_are_refused(tmp_path, written, number):
    """ruamel.yaml (check-jsonschema) reads these as numbers, the 1.2 core schema (the editor) as text."""
    assert _yaml12(f"a: {written}\n")["a"] == float(number)
    doc, errors = _read(tmp_path, f"x: 1\na: {written}\n")
    assert [(f.regel, f.kolom, f.pad) for f in errors] == [(2, 4, "a")]
    assert f"'{written}' is dubbelzinnig: de ene YAML-lezer (zoals die van check-jsonschema) ziet het getal " \
           f"{number}, de andere (zoals uw editor) de tekst '{written}'. Schrijf {number} als het een getal is" \
        in str(errors[0])


def test_quoted_leading_zero_is_text(tmp_path):
    doc, errors = _read(tmp_path, "code: '012'\n")
    assert errors == [] and doc.data == {"code": "012"}


@pytest.mark.parametrize("text", [
    "Leeu\u00adwarden",            # soft hyphen inside a word: a hyphenation hint
    "Auf\u200clage",               # zero-width non-joiner between two letters (a ligature break)
    "\U0001F469\u200d\U0001F4BB",  # zero-width joiner inside an emoji sequence
    "Leeu\u200bwarden",            # zero-width space inside a word
])
def test_joiners_and_soft_hyphens_inside_a_word_are_allowed(tmp_path, text):
    doc, errors = _read(tmp_path, f"regio: {text}\n")
    assert errors == [] and doc.data == {"regio": text}


@pytest.mark.parametrize("text, col, words", [
    ("\u00ad", 8, "een zacht afbreekstreepje (U+00AD) buiten een woord"),
    ("Leeuwarden\u00ad", 18, "een zacht afbreekstreepje (U+00AD) buiten een woord"),
    ("Leeuwarden \u200d", 19, "een breedteloze verbinder (U+200D) buiten een woord"),
    ("\u2060Leeuwarden", 8, "een woordverbinder (U+2060) buiten een woord"),
    ("Leeu\u200ewarden", 12, "een richtingsteken: een links-naar-rechtsmarkering (U+200E)"),
    ("Leeu\u061cwarden", 12, "een richtingsteken: een Arabische lettermarkering (U+061C)"),
    ("Leeu\u202awarden", 12, "een richtingsteken: een links-naar-rechtsinbedding (U+202A)"),
    ("Leeu\u2068warden", 12, "een richtingsteken: een eerst-sterke isolatie (U+2068)"),
    ("Leeu\u2064warden", 12, "een onzichtbaar opmaakteken (U+2064); het is onzichtbaar"),
    ("Leeu\u3164warden", 12, "een onzichtbare Hangul-vulletter (U+3164)"),
])
def test_invisible_characters_are_refused_where_they_stand(tmp_path, text, col, words):
    doc, errors = _read(tmp_path, f"naam: x\nregio: {text}\n")
    assert [(f.regel, f.kolom) for f in errors] == [(2, col)]
    assert words in errors[0].melding


def test_every_bidirectional_control_is_refused():
    for code in [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        found = reader.invisible(f"ab{chr(code)}cd")
        assert found == [(2, chr(code))], hex(code)
        assert "richtingsteken" in reader.beschrijf(chr(code))[0]


def test_an_escaped_invisible_character_in_a_field_name_is_refused(tmp_path):
    doc, errors = _read(tmp_path, 'naam: x\n"re\\u200Fgio": y\n')
    assert [(f.regel, f.kolom) for f in errors] == [(2, 1)]
    assert "rechts-naar-linksmarkering (U+200F), geschreven als backslash-code" in errors[0].melding


def test_a_byte_order_mark_at_the_start_is_allowed(tmp_path):
    path = tmp_path / "t.yml"
    path.write_bytes("\ufeffregio: Leeuwarden\n".encode("utf-8"))
    assert reader.read(path)[1] == []


def _programme(tmp_path, **replace):
    text = VALID.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "voorbeeld.yml"
    path.write_text(text, encoding="utf-8")
    return [f for f in model.laad(REPO, [path]).fouten]


def test_dates_up_to_today_pass_and_tomorrow_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")
    monkeypatch.setattr(validate, "vandaag", lambda: "2026-06-01")
    today = {"laatst_herzien: 2024-02-01": "laatst_herzien: 2026-06-01",
             "    datum: 2024-02-01": "    datum: 2026-06-01"}
    assert [f for f in _programme(tmp_path, **today) if "vandaag" in f.melding] == []
    tomorrow = {"laatst_herzien: 2024-02-01": "laatst_herzien: 2026-06-02",
                "    datum: 2024-02-01": "    datum: 2026-06-02"}
    records = [(f.regel, f.pad, f.melding) for f in _programme(tmp_path, **tomorrow) if "vandaag" in f.melding]
    assert records == [(16, "laatst_herzien", "de datum 2026-06-02 ligt na vandaag (2026-06-01)"),
                       (22, "wijzigingen (punt 2).datum", "de datum 2026-06-02 ligt na vandaag (2026-06-01)")]


def test_every_date_in_the_schema_is_a_date_of_something_that_happened():
    """The rule sits on the one date definition, so a new date field gets it too."""
    sch = schemas.load(REPO)
    assert sch.root["$defs"]["datum"]["x-niet-in-de-toekomst"] is True
    text = (REPO / "schemas" / "methodiek.schema.json").read_text(encoding="utf-8")
    assert text.count('"format": "date"') == 1


@pytest.mark.parametrize("van, tot, words", [
    ("14.0", "12", "'van' (14.0) is groter dan 'tot' (12)"),
    ("12", "1e1", "'van' (12) is groter dan 'tot' (1e1)"),
    ("12.5", "12", "'van' (12.5) is groter dan 'tot' (12)"),
])
def test_ordered_range_compares_every_number(tmp_path, monkeypatch, van, tot, words):
    monkeypatch.setenv("METHODIEK_CACHE", "0")
    records = _programme(tmp_path, **{"  van: 0\n": f"  van: {van}\n", "  tot: 12\n": f"  tot: {tot}\n"})
    assert any(f.regel == 10 and f.pad == "leeftijd.van" and words in f.melding for f in records), records


def test_a_whole_number_with_a_point_names_what_to_write(tmp_path, monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")
    records = _programme(tmp_path, **{"  van: 0\n": "  van: 4.5\n"})
    assert [str(f).split(": ", 1)[1] for f in records if f.pad == "leeftijd.van"] == [
        "leeftijd.van: hier hoort een geheel getal, maar er staat 4.5: een getal met een punt of een e. "
        "Schrijf een heel getal, bijvoorbeeld 12, zonder punt, komma of e."]


def _as_json(value):
    """What a YAML 1.2 loader gives, as plain JSON data (ruamel's own containers to dict/list)."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


REAL = sorted([*(REPO / "methodiek").glob("*.yml"), *(REPO / "data").glob("*.yml")])


@pytest.mark.parametrize("path", REAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_descriptions_load_the_same_under_an_independent_yaml_1_2_loader(path):
    doc, errors = reader.read(path)
    assert [e for e in errors if e.blokkeert] == []
    assert _as_json(_yaml12(path.read_text(encoding="utf-8-sig"))) == doc.data
