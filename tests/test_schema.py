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
        "samenvatting", "probleem", "doelgroep", "doelstelling", "uitvoering", "fasering",
        "competenties", "randvoorwaarden", "inzet_en_kosten", "onderbouwing", "werkzame_elementen", "resultaten",
        "bewijskracht", "actualiteit", "erkenning", "bronverschillen"]
    for s in outline:
        assert s.titel and "?" in s.vraag, s.key


def test_outline_sections_are_required():
    sch = schemas.load(REPO)
    # every section is required, except the source discrepancies: a programme may have none
    assert {s.key for s in sch.outline()} - set(sch.root["required"]) == {"bronverschillen"}


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
