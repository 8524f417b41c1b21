"""The decision card "In één oogopslag": which fields it shows, in which order, and how.

The card is declared in the schema, not here: every property marked ``x-kaart``
(``{"label": ..., "plek": n, "sjabloon": ...}``) is one row, ordered by ``plek``
and rendered by its template (``kaart_waarde`` unless it names another). The
programme page, the comparison overview and *Aan de slag* all show these rows, so
a new card field is one annotation in the schema (and, if it needs one, a template).
Cell templates produce HTML: every value in them is escaped with ``| e``.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from markupsafe import Markup

from . import inventory, pages
from .render import template
from .schema import Schema

DEFAULT = "kaart_waarde"
NIET_BESCHREVEN = "kaart_niet_beschreven"  # a card cell for a part the sources do not describe


@dataclass(frozen=True)
class Veld:
    """One row of the card: the path of its value in a programme, label, order, template."""

    pad: tuple
    label: str
    plek: int
    sjabloon: str
    schema: dict


def velden(schema: Schema) -> list[Veld]:
    """Every card field the schema declares, in card order."""
    found: list[Veld] = []

    def walk(sub: dict, path: tuple):
        sub = schema.resolve(sub)
        mark = sub.get("x-kaart")
        if mark:
            found.append(Veld(path, mark["label"], mark.get("plek", 99), mark.get("sjabloon", DEFAULT), sub))
        for key, child in (sub.get("properties") or {}).items():
            walk(child, path + (key,))

    walk(schema.root, ())
    return sorted(found, key=lambda v: v.plek)


def _at(value, path):
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def verouderd(schema: Schema, programme: dict, bronnen: dict, today: datetime.date | None = None) -> int | None:
    """The age in years of the newest cited source when it exceeds the schema's limit
    (``x-verouderd-na`` on the section that carries it), else None."""
    limit = next((s.schema["x-verouderd-na"] for s in schema.outline() if "x-verouderd-na" in s.schema), None)
    newest = inventory.nieuwste_bron(programme, bronnen)
    if limit is None or newest is None:
        return None
    age = (today or datetime.date.today()).year - newest
    return age if age > limit else None


def rijen(schema: Schema, ident: str, programme: dict, context: dict, basis: str) -> list[tuple[str, Markup]]:
    """(label, HTML) for each card field the programme fills, in card order. ``context``
    holds the shared vocabularies; ``basis`` leads from the page to the docs root."""
    values = {
        "p": programme,
        "ident": ident,
        "basis": Markup(basis),
        "pages": pages,
        "telling": inventory.bewijssoorten(schema, programme),
        "nieuwste": inventory.nieuwste_bron(programme, context.get("bronnen", {})),
        "leeftijd_bron": verouderd(schema, programme, context.get("bronnen", {})),
        "vocabulaires": {k: context[k] for k in ("sectoren", "bronnen", "begrippen", "competenties", "zorgstructuur", "privacy")
                         if k in context},
    }
    out = []
    for veld in velden(schema):
        value = _at(programme, veld.pad)
        sjabloon = veld.sjabloon
        nb = next((v for v in (*(inventory.niet_beschreven(_at(programme, veld.pad[:i]))
                                 for i in range(1, len(veld.pad))), inventory.niet_beschreven(value)) if v), None)
        if nb:  # the field, or the section it lies in, says 'niet beschreven'
            value, sjabloon = nb, NIET_BESCHREVEN
        elif value is None:
            continue
        html = template(f"{sjabloon}.md.j2").render(waarde=value, schema=veld.schema, veld=veld, sch=schema, **values)
        out.append((veld.label, Markup(" ".join(html.split()))))
    return out
