"""Facts computed from validated programmes: sources cited, derived share, completeness,
words against budget, evidence kinds.

The completeness dashboard and ``methodiek check --volledigheid`` both call
``volledigheid``; the bibliography uses ``cited_sources``; the budget check, the
decision card and the comparison use ``woorden`` and ``bewijssoorten``. All of it
walks the data together with the schema, so a new section or field needs no change here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import Schema, niveau_van, per_niveau

_WORD = re.compile(r"\S+")


def cited_sources(value) -> list[str]:
    """Every source key cited anywhere in a value (``bronnen: [{bron: ...}]``), in order, unique."""
    found: list[str] = []

    def walk(v):
        if isinstance(v, dict):
            for ref in v.get("bronnen") or []:
                if isinstance(ref, dict) and ref.get("bron") not in found:
                    found.append(ref["bron"])
            for child in v.values():
                walk(child)
        elif isinstance(v, list):
            for child in v:
                walk(child)

    walk(value)
    return found


def blocks(schema: Schema, sub: dict, value):
    """Yield (derived?) for every block in a value that can carry its own ``afgeleid`` mark.
    A mark covers the block it is on (its explanation says which parts are derived),
    so nested blocks count on their own."""
    sub = schema.resolve(sub)
    if isinstance(value, dict):
        props = sub.get("properties") or {}
        if "afgeleid" in props:
            yield bool(value.get("afgeleid"))
        for key, child in value.items():
            if key in props:
                yield from blocks(schema, props[key], child)
    elif isinstance(value, list) and "items" in sub:
        for item in value:
            yield from blocks(schema, sub["items"], item)


NIET_BESCHREVEN = "niet_beschreven"


def niet_beschreven(value) -> dict | None:
    """The 'niet beschreven' answer of a section, list or item ({gezocht, navragen}), else None."""
    if isinstance(value, dict) and isinstance(value.get(NIET_BESCHREVEN), dict):
        return value[NIET_BESCHREVEN]
    return None


def filled_fields(schema: Schema, sub: dict, value) -> tuple[int, int]:
    """(filled, possible) top-level fields of a section, ignoring the bookkeeping fields.
    A section that says 'niet beschreven' (where was looked, whom to ask) is complete."""
    props = schema.resolve(sub).get("properties") or {}
    keys = [k for k in props if k not in ("bronnen", "afgeleid", NIET_BESCHREVEN)]
    if niet_beschreven(value):
        return len(keys), len(keys)
    return sum(1 for k in keys if isinstance(value, dict) and value.get(k) not in (None, "", [])), len(keys)


def strings(schema: Schema, sub: dict, value, path=(), citaten: bool = False):
    """Yield (path, subschema, text) for every string a reader sees as written text: not
    references into a vocabulary (x-verwijzing), ids (slugs) or closed values (enum).
    The citations (bronnen: the place in a source) are read too when ``citaten`` is set;
    word counts leave them out."""
    sub = schema.resolve(sub)
    if "if" in sub:
        branch = sub.get("then") if isinstance(value, dict) else sub.get("else")
        yield from strings(schema, schema.resolve(branch or {}), value, path, citaten)
        return
    if isinstance(value, dict):
        props = sub.get("properties") or {}
        for key, child in value.items():
            if key in props and (citaten or key != "bronnen"):
                yield from strings(schema, props[key], child, path + (key,), citaten)
    elif isinstance(value, list) and "items" in sub:
        for i, child in enumerate(value):
            yield from strings(schema, sub["items"], child, path + (i,), citaten)
    elif isinstance(value, str) and not (sub.get("x-verwijzing") or "enum" in sub or path[-1:] == ("id",)):
        yield path, sub, value


def tel_woorden(text: str) -> int:
    return len(_WORD.findall(text))


def woorden(schema: Schema, sub: dict, value) -> int:
    """Words of written text in a value (citations, ids and references not counted)."""
    return sum(tel_woorden(text) for _path, _sub, text in strings(schema, sub, value))


def bewijssoorten(schema: Schema, programme: dict) -> dict[str, int]:
    """How many items of each evidence kind a programme has (every value whose schema
    renders with the 'bewijs' template), in the order of the schema's enum."""
    kinds = {}

    def walk(sub, value):
        sub = schema.resolve(sub)
        if sub.get("x-sjabloon") == "bewijs" and isinstance(value, dict):
            soort = value.get("soort")
            kinds[soort] = kinds.get(soort, 0) + 1
            return
        if isinstance(value, dict):
            props = sub.get("properties") or {}
            for key, child in value.items():
                if key in props:
                    walk(props[key], child)
        elif isinstance(value, list) and "items" in sub:
            for child in value:
                walk(sub["items"], child)

    walk(schema.root, programme)
    enum = schema.resolve(schema.root["$defs"]["bewijs"])["properties"]["soort"]["enum"]
    return {k: kinds.get(k, 0) for k in enum}


def nieuwste_bron(programme: dict, bronnen: dict) -> int | None:
    """The year of the newest source the programme cites (None if it cites none with a year)."""
    years = [bronnen[k]["jaar"] for k in cited_sources(programme) if isinstance(bronnen.get(k, {}).get("jaar"), int)]
    return max(years) if years else None


@dataclass(frozen=True)
class Cel:
    """Completeness of one section of one programme."""

    aanwezig: bool
    velden: tuple[int, int]
    afgeleid: float  # share of blocks marked derived, 0..1
    bronnen: int  # distinct sources cited in the section
    woorden: int = 0  # words of written text (citations not counted)
    budget: int | None = None  # the section's word budget from the schema (x-budget), for the programme's level
    vereist: bool = True  # the programme's level requires the section (a praktijkvoorbeeld may leave some out)
    niet_beschreven: bool = False  # the section says the sources do not describe it: a complete answer


def volledigheid(schema: Schema, programme: dict) -> dict[str, Cel]:
    """Per outline section: present, fields filled, derived share, sources cited."""
    out = {}
    niveau = niveau_van(schema, programme)
    verplicht = set(schema.verplicht(niveau))
    for sectie in schema.outline():
        value = programme.get(sectie.key)
        marks = list(blocks(schema, sectie.schema, value)) if value is not None else []
        out[sectie.key] = Cel(
            aanwezig=value is not None,
            velden=filled_fields(schema, sectie.schema, value),
            afgeleid=(sum(marks) / len(marks)) if marks else 0.0,
            bronnen=len(cited_sources(value)) if value is not None else 0,
            woorden=woorden(schema, sectie.schema, value) if value is not None else 0,
            budget=per_niveau(sectie.schema.get("x-budget"), niveau),
            vereist=sectie.key in verplicht,
            niet_beschreven=niet_beschreven(value) is not None,
        )
    return out
