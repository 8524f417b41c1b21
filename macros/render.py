"""Rendering: programme data into Markdown fragments, through Jinja templates.

Text from YAML is data. Every value a template prints passes through
``finalize``, which escapes it for the place it lands (Markdown text and
table cells): HTML special characters become entities and every ASCII
punctuation mark is backslash-escaped (``pymdownx.escapeall`` makes that
valid for all of them), so ``<script>``, ``[x](javascript:…)``, ``|`` and
``{{ … }}`` show literally. Only fragments this module produced itself are
marked safe (``Markup``). The YAML text is never used as template source.

Which template renders a value is read from the schema (``x-sjabloon``);
values without one are rendered generically by their JSON type, with the
field titles from the schema, so a new field or section needs no code.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .schema import Schema

TEMPLATES = Path(__file__).parent / "templates"
_PUNCT = set(string.punctuation)
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# Fields rendered by dedicated templates beside the generic walk.
SIDE_FIELDS = ("bronnen", "afgeleid")


def md_inline(value) -> Markup:
    """Escape any value for Markdown running text or a table cell (one line)."""
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    out = []
    for ch in text:
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _PUNCT:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return Markup("".join(out))


def md_alineas(value) -> Markup:
    """Escape prose for Markdown, keeping paragraphs (separated by blank lines) apart."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    return Markup("\n\n".join(md_inline(p) for p in paragraphs))


def zin(value) -> str:
    """A text as a sentence: a full stop added only when it does not already end a sentence
    (so 'Leeuwarden (2023), geheel.' is not given a second one). Nothing is taken away."""
    text = " ".join(str(value).split())
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def slug(value) -> Markup:
    """A safe HTML id fragment (letters, digits, hyphens) from any value."""
    return Markup(re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "x")


def intern_link(value) -> Markup:
    """A site-internal link target built from validated ids; refuses anything else."""
    text = str(value)
    if not re.fullmatch(r"[a-z0-9][a-z0-9/_.#-]*", text) or ".." in text:
        raise ValueError(f"ongeldige interne link: {text!r}")
    return Markup(text)


def programmanaam(p: dict, scheiding: str = ": ") -> str:
    """A programme's label: 'JOS: Jeugdhulp op School', or only the name when the short
    name is the name itself ('Vangrail'), so nothing reads 'Vangrail: Vangrail'."""
    if p["afkorting"].strip().lower() == p["naam"].strip().lower():
        return p["naam"]
    return f"{p['afkorting']}{scheiding}{p['naam']}"


def programmatitel(p: dict) -> str:
    """A programme's page title: 'Jeugdhulp op School (JOS)', or only the name (see programmanaam)."""
    if p["afkorting"].strip().lower() == p["naam"].strip().lower():
        return p["naam"]
    return f"{p['naam']} ({p['afkorting']})"


def _finalize(value):
    if value is None:
        return ""
    return md_inline(value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["alineas"] = md_alineas
    env.filters["inline"] = md_inline
    env.filters["slug"] = slug
    env.filters["zin"] = zin
    env.filters["link"] = intern_link
    env.filters["programmanaam"] = programmanaam
    env.filters["programmatitel"] = programmatitel
    return env


def template(name: str):
    return environment().get_template(name)


class Renderer:
    """Renders values of one programme by walking data and schema together."""

    def __init__(self, schema: Schema, context: dict):
        self.schema = schema
        self.context = context  # shared template variables (e.g. bronnen vocabulary, programme)

    def fields(self, sub: dict, value: dict, skip=SIDE_FIELDS):
        """(key, title, subschema, value) of the fields present, in schema order."""
        sub = self.schema.resolve(sub)
        for key, child in (sub.get("properties") or {}).items():
            if key in value and key not in skip:
                child = self.schema.resolve(child)
                yield key, child.get("title", key), child, value[key]

    def value(self, sub: dict, value, niveau: int = 3, anker: str = "") -> Markup:
        """Render any value by its schema: a dedicated template (x-sjabloon) or the generic walk.
        ``anker`` prefixes the HTML ids of items with an ``id`` (e.g. 'werkwijze' gives
        'werkwijze-start'), so ids stay unique on a page."""
        sub = self.schema.resolve(sub)
        name = sub.get("x-sjabloon") or "waarde"
        return Markup(template(f"{name}.md.j2").render(
            waarde=value, schema=sub, niveau=niveau, anker=anker, r=self, **self.context))

    def anker(self, prefix: str, ident) -> Markup:
        """The HTML id of an item: its id, prefixed with the enclosing field's key."""
        return slug(f"{prefix}-{ident}" if prefix else ident)

    def kop(self, niveau: int) -> Markup:
        """Markdown heading marks for a level, capped at h6."""
        return Markup("#" * min(max(niveau, 1), 6))

    def is_lijst_van_tekst(self, sub: dict) -> bool:
        """A list rendered as bullets: plain texts, or items marked x-lijstitem (one line each).
        A list that may instead say 'niet beschreven' (type list-or-group) counts as a list."""
        sub = self.schema.resolve(sub)
        items = self.schema.resolve(sub.get("items", {}))
        kind = sub.get("type")
        is_array = kind == "array" or (isinstance(kind, list) and "array" in kind)
        return is_array and (items.get("type") == "string" or bool(items.get("x-lijstitem")))

    def kopwaarde(self, sub: dict, value: dict) -> str:
        """The heading of an item (its ``x-kop`` field); a key into a shared vocabulary
        (``x-verwijzing``, e.g. a role of the care structure) shows that entry's name."""
        sub = self.schema.resolve(sub)
        key = sub["x-kop"]
        field = self.schema.resolve((sub.get("properties") or {}).get(key, {}))
        vocab = self.context.get(field.get("x-verwijzing") or "", {})
        entry = vocab.get(value[key]) if isinstance(vocab, dict) else None
        if isinstance(entry, dict):
            return entry.get("naam") or entry.get("term") or value[key]
        return value[key]

    def afwezig(self, sub: dict, value: dict):
        """(key, title, text) for each field left out that says what its absence means
        (``x-afwezig``, e.g. 'whether newer information exists was not checked')."""
        sub = self.schema.resolve(sub)
        for key, child in (sub.get("properties") or {}).items():
            child = self.schema.resolve(child)
            if key not in value and child.get("x-afwezig"):
                yield key, child.get("title", key), child["x-afwezig"]
