"""Facts computed from validated programmes: sources cited, derived share, completeness.

The completeness dashboard and ``methodiek check --volledigheid`` both call
``volledigheid``; the bibliography uses ``cited_sources``. All of it walks the
data together with the schema, so a new section or field needs no change here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .schema import Schema


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


def filled_fields(schema: Schema, sub: dict, value) -> tuple[int, int]:
    """(filled, possible) top-level fields of a section, ignoring the bookkeeping fields."""
    props = schema.resolve(sub).get("properties") or {}
    keys = [k for k in props if k not in ("bronnen", "afgeleid")]
    return sum(1 for k in keys if isinstance(value, dict) and value.get(k) not in (None, "", [])), len(keys)


@dataclass(frozen=True)
class Cel:
    """Completeness of one section of one programme."""

    aanwezig: bool
    velden: tuple[int, int]
    afgeleid: float  # share of blocks marked derived, 0..1
    bronnen: int  # distinct sources cited in the section


def volledigheid(schema: Schema, programme: dict) -> dict[str, Cel]:
    """Per outline section: present, fields filled, derived share, sources cited."""
    out = {}
    for sectie in schema.outline():
        value = programme.get(sectie.key)
        marks = list(blocks(schema, sectie.schema, value)) if value is not None else []
        out[sectie.key] = Cel(
            aanwezig=value is not None,
            velden=filled_fields(schema, sectie.schema, value),
            afgeleid=(sum(marks) / len(marks)) if marks else 0.0,
            bronnen=len(cited_sources(value)) if value is not None else 0,
        )
    return out
