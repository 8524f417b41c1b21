"""The schemas: valid JSON Schema 2020-12, the single statement of the outline."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO

from macros import model, schema as schemas

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(data)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_object_closed(path):
    """additionalProperties: false everywhere, so a typo can never be silently dropped."""
    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("additionalProperties") is False, where
            for k, v in node.items():
                if k != "if":  # a condition, not a shape of data
                    walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")
    walk(json.loads(path.read_text(encoding="utf-8")), path.name)


def test_outline_order_titles_questions():
    outline = schemas.outline(REPO)
    assert [s.key for s in outline] == [
        "samenvatting", "eerste_stappen", "probleem", "doelgroep", "doelstelling", "uitvoering", "aansluiting",
        "privacy", "fasering", "competenties", "randvoorwaarden", "inzet_en_kosten", "onderbouwing",
        "werkzame_elementen", "resultaten", "bewijskracht", "actualiteit", "erkenning", "onbekend", "bronverschillen"]
    for s in outline:
        assert s.titel and "?" in s.vraag, s.key


def test_outline_sections_are_required_per_level():
    sch = schemas.load(REPO)
    assert sch.niveaus() == ["methodiek", "praktijkvoorbeeld"]
    sections = {s.key for s in sch.outline()}
    # a methodiek has every section, except the source discrepancies: a programme may have none
    assert sections - set(sch.verplicht("methodiek")) == {"bronverschillen"}
    # a praktijkvoorbeeld has the short outline of OPZET 1.2
    assert sections & set(sch.verplicht("praktijkvoorbeeld")) == {
        "samenvatting", "doelgroep", "uitvoering", "eerste_stappen", "randvoorwaarden", "inzet_en_kosten",
        "resultaten", "bewijskracht", "actualiteit", "erkenning", "onbekend"}
    assert "niveau" in sch.verplicht("praktijkvoorbeeld")


def test_every_section_may_say_niet_beschreven():
    """x-niet-beschreven is expanded in the schema itself, so any JSON Schema tool understands it:
    a section carries 'niet_beschreven' and requires its other fields only without it."""
    sch = schemas.load(REPO)
    for s in sch.outline():
        assert s.schema.get("x-niet-beschreven") == [], s.key
        assert s.schema["properties"]["niet_beschreven"] == {"$ref": "#/$defs/niet_beschreven"}, s.key
        cond = s.schema["allOf"][0]
        assert cond["if"] == {"required": ["niet_beschreven"]} and cond["then"] == {"maxProperties": 1}, s.key
        assert "required" not in s.schema, s.key


def test_shared_data_defines_the_vocabularies():
    hb = model.laad(REPO)
    assert hb.fouten == []
    assert {"nhl2020", "leeuwarden2023", "oberon2024", "windesheim2015", "nji2015"} <= set(hb.vocabulaires["bronnen"])
    assert {"po", "vo", "vso", "pro", "mbo", "kinderopvang"} <= set(hb.vocabulaires["sectoren"])


def test_duplicate_source_key_is_refused(tmp_path):
    import shutil
    for name in ("data", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    (tmp_path / "methodiek").mkdir()
    path = tmp_path / "data" / "bronnen.yml"
    path.write_text(path.read_text(encoding="utf-8") + "  - key: nji2015\n    titel: Dubbel\n    auteurs: X\n"
                    "    jaar: 2015\n    soort: boek\n", encoding="utf-8")
    hb = model.laad(tmp_path)
    assert any("'nji2015' komt twee keer voor" in f.melding and f.bestand == "data/bronnen.yml" for f in hb.fouten)


def test_niet_beschreven_where_the_outline_allows_it():
    """Besides whole sections: each role of the care structure and each privacy topic (keeping
    its key beside 'niet_beschreven'), and the lists of contra-indications and preconditions
    (a list, or a group with only 'niet_beschreven')."""
    sch = schemas.load(REPO)
    for name, keep in (("aansluitrol", ["rol"]), ("privacyonderwerp", ["onderwerp"])):
        item = sch.root["$defs"][name]
        assert item["x-niet-beschreven"] == keep and item["required"] == keep
        cond = item["allOf"][0]
        assert cond["if"] == {"required": ["niet_beschreven"]} and cond["then"] == {"maxProperties": 1 + len(keep)}
    for path in (("doelgroep", "contra_indicaties"), ("randvoorwaarden", "niet_beginnen_als")):
        field = sch.at(path)
        assert field["type"] == ["array", "object"] and field["x-niet-beschreven"] == []
        assert field["required"] == ["niet_beschreven"] and field["additionalProperties"] is False
        assert set(field["properties"]) == {"niet_beschreven"} and field["minItems"] == 1
    nb = sch.resolve(sch.root["$defs"]["niet_beschreven"])
    assert nb["required"] == ["gezocht", "navragen"]
