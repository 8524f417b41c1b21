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


def rijen(schema: Schema, ident: str, programme: dict, context: dict, basis: str,
          concept: bool = False) -> list[tuple[str, Markup]]:
    """(label, HTML) for each card field the programme fills, in card order. ``context``
    holds the shared vocabularies (by name, and all of them under ``vocabulaires``); ``basis``
    leads from the page to the docs root. ``concept``: a draft's card (preview only) shows every
    field written so far; a field whose value cannot be shown yet (its error is on the page)
    says so. A finished programme's card lets every error through: the build stops."""
    def safe(compute, default=None):
        try:
            return compute()
        except Exception:  # noqa: BLE001 - in a draft: a half-written value
            if not concept:
                raise
            return default

    bronnen = context["bronnen"]
    values = {
        "p": programme,
        "ident": ident,
        "basis": Markup(basis),
        "pages": pages,
        "telling": safe(lambda: inventory.bewijssoorten(schema, programme), {}),
        "nieuwste": safe(lambda: inventory.nieuwste_bron(programme, bronnen)),
        "leeftijd_bron": safe(lambda: verouderd(schema, programme, bronnen)),
        "vocabulaires": context["vocabulaires"],
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
        try:
            html = template(f"{sjabloon}.md.j2").render(waarde=value, schema=veld.schema, veld=veld, sch=schema,
                                                         **values)
        except Exception:  # noqa: BLE001 - in a draft: one half-written field, its error is on the page
            if not concept:
                raise
            html = "nog niet te tonen: zie de fout op deze pagina"
        out.append((veld.label, Markup(" ".join(html.split()))))
    return out
