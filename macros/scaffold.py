"""``methodiek nieuw <id> [--niveau ...]``: a new programme file with every section of its level empty.

The skeleton is generated from the schema (field order, titles and guiding
questions as comments), so it always matches the outline. Metadata that has an
obvious starting value is filled in; everything a coordinator must write is
left empty, and ``methodiek check`` names each empty field until it is filled.
"""
from __future__ import annotations

import datetime
import json
import re

from .schema import Schema, vereist

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _kind(sub: dict):
    """The type to scaffold: for a list that may instead say 'niet_beschreven' (type
    ``["array", "object"]``), the list."""
    kind = sub.get("type")
    return kind[0] if isinstance(kind, list) else kind


def _met_bron(sub: dict) -> list[str]:
    """The fields of an example item: what it requires, and of a choice between fields that
    must give at least one (``anyOf``, e.g. 'bronnen' or 'afgeleid') the first."""
    names = vereist(sub)
    choices = [sub.get("anyOf") or []] + [(c.get("else") or {}).get("anyOf") or [] for c in sub.get("allOf", [])]
    for alternatives in choices:
        for key in (alternatives[0].get("required", []) if alternatives else []):
            if key not in names:
                names.append(key)
    return names


def _empty(schema: Schema, sub: dict, indent: int) -> list[str]:
    """Lines for the value of a field: nested required fields for objects, or an empty value."""
    sub = schema.resolve(sub)
    pad = " " * indent
    kind = _kind(sub)
    if kind == "object":
        lines = []
        for key in vereist(sub):
            child = schema.resolve(sub["properties"][key])
            question = child.get("description")
            if question:
                lines.append(f"{pad}# {question}")
            value = _empty(schema, child, indent + 2)
            if value and not value[0].startswith(" " * (indent + 2)):
                lines.append(f"{pad}{key}: {value[0]}")
                lines += value[1:]  # e.g. the commented example entry of a list
            else:
                lines.append(f"{pad}{key}:")
                lines += value
        return lines
    if kind == "array":
        # one commented example entry, so the coordinator sees the shape of an item
        keypad = " " * max(indent - 2, 0)  # comments stand at the field's own indentation
        item = _example(schema, sub.get("items", {}), 2)
        body = [f"- {item[0].strip()}", *item[1:]]
        return ["[]", f"{keypad}# Een voorbeeld van een punt: haal '[]' weg en het '# ' voor deze regels.",
                *(f"{keypad}#   {line}" for line in body)]
    if kind == "integer":
        return ["null"]
    return ['""']


def _example(schema: Schema, sub: dict, indent: int) -> list[str]:
    """Lines of an example value (uncommented; the caller comments them out): objects with
    their required fields, texts with their title, references with where the key comes from."""
    sub = schema.resolve(sub)
    pad = " " * indent
    kind = _kind(sub)
    if kind == "object":
        lines = []
        for key in _met_bron(sub):
            child = schema.resolve(sub["properties"][key])
            value = _example(schema, child, indent + 2)
            if len(value) == 1 and not value[0].startswith(" "):
                lines.append(f"{pad}{key}: {value[0]}")
            else:
                lines.append(f"{pad}{key}:")
                lines += value
        return lines or [f"{pad}{{}}"]
    if kind == "array":
        item = _example(schema, sub.get("items", {}), indent + 2)
        return [f"{pad}- {item[0].strip()}", *item[1:]]
    if kind == "integer":
        return ["1"]
    if sub.get("enum"):
        return [json.dumps(sub["enum"][0], ensure_ascii=False)]
    if sub.get("x-verwijzing"):
        return [f"sleutel uit data/{sub['x-verwijzing']}.yml" if not sub.get("x-lokaal")
                else f"id van een van de {sub['x-verwijzing']} hieronder"]
    if sub.get("format") == "date":
        return ["2026-01-31"]
    if "0|[1-9]" in sub.get("pattern", ""):
        return ["1.0.0"]
    if sub.get("pattern", "").startswith("^[a-z0-9]+"):
        return ["korte-naam"]
    return [f"{sub.get('title', 'tekst')} ..."]


def skeleton(schema: Schema, ident: str, today: datetime.date | None = None, niveau: str | None = None) -> str:
    """The text of a new programme file ``methodiek/<ident>.yml`` at a level of description
    (``niveau``, the schema's levels; the first, the full outline, when not given): every
    field that level requires, in schema order."""
    today = (today or datetime.date.today()).isoformat()
    niveau = niveau or schema.niveaus()[0]
    known = {
        "id": ident,
        "status": "concept",
        "niveau": niveau,
        "versie": "0.1.0",
        "laatst_herzien": today,
    }
    lines = [
        "# yaml-language-server: $schema=../schemas/methodiek.schema.json",
        f"# Nieuwe beschrijving '{ident}' ({niveau}). Vul elk onderdeel in: de vraag erboven zegt wat erin hoort.",
        "# Beschrijven de bronnen een onderdeel niet, schrijf er dan alleen 'niet_beschreven:' onder, met",
        "# 'gezocht:' (waar u zocht) en 'navragen:' (bij wie een school het kan navragen).",
        "# Controleer met 'methodiek check'; die noemt elk veld dat nog leeg is, met het regelnummer.",
        "",
    ]
    verplicht = schema.verplicht(niveau)
    for key in [k for k in schema.root["properties"] if k in verplicht]:
        sub = schema.resolve(schema.root["properties"][key])
        if sub.get("x-sectie"):
            lines += ["", f"# {sub.get('title', key)}: {sub.get('description', '')}"]
        elif sub.get("description"):
            lines.append(f"# {sub['description']}")
        if key in known:
            lines.append(f"{key}: {json.dumps(known[key], ensure_ascii=False)}")
        elif key == "wijzigingen":
            lines += [f"{key}:", "  - versie: \"0.1.0\"", f"    datum: \"{today}\"",
                      "    omschrijving: Eerste opzet van de beschrijving."]
        else:
            value = _empty(schema, sub, 2)
            if value and not value[0].startswith("  "):
                lines.append(f"{key}: {value[0]}")
                lines += value[1:]
            else:
                lines.append(f"{key}:")
                lines += value
    return "\n".join(lines) + "\n"
