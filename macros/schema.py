"""The schemas: loading, the NJi outline they state, and walking them.

The methodiek schema is the single statement of the outline: the top-level
properties marked ``x-sectie`` are the sections, in schema order, with their
Dutch ``title`` and guiding question (``description``). Everything that needs
the outline (templates, completeness, comparison) asks this module.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA_DIR = "schemas"
PROGRAMME_SCHEMA = "methodiek"


@dataclass(frozen=True)
class Sectie:
    """One outline section: its YAML key, Dutch title, guiding question and schema."""

    key: str
    titel: str
    vraag: str
    schema: dict


@dataclass(frozen=True, eq=False)
class Schema:
    """One JSON Schema document with helpers to resolve local references."""

    naam: str
    root: dict

    def resolve(self, sub: dict) -> dict:
        """Follow a local ``$ref`` (keeping the referring keywords, which take precedence)."""
        seen = 0
        while isinstance(sub, dict) and "$ref" in sub and seen < 20:
            target = self.root
            for part in sub["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            sub = {**target, **{k: v for k, v in sub.items() if k != "$ref"}}
            seen += 1
        return sub

    def at(self, path) -> dict | None:
        """The (resolved) subschema that governs a document path, or None if the path is unknown."""
        sub = self.resolve(self.root)
        for part in path:
            if isinstance(part, int):
                sub = sub.get("items")
            else:
                sub = (sub.get("properties") or {}).get(part)
            if sub is None:
                return None
            sub = self.resolve(sub)
        return sub

    def niveaus(self) -> list[str]:
        """The levels of description (the enum of ``niveau``), the full outline first."""
        return list((self.root.get("properties", {}).get("niveau") or {}).get("enum") or [NIVEAUS_STANDAARD])

    def verplicht(self, niveau: str) -> list[str]:
        """The top-level fields a description of this level must have: ``required`` plus what
        each conditional of the root (``allOf``: if/then) requires for that level."""
        out = list(self.root.get("required", []))
        for cond in self.root.get("allOf", []):
            if "if" in cond and Draft202012Validator(cond["if"]).is_valid({"niveau": niveau}):
                out += [k for k in (cond.get("then") or {}).get("required", []) if k not in out]
        return out

    def outline(self) -> list[Sectie]:
        """The sections of the outline, in schema order."""
        out = []
        for key, sub in self.root.get("properties", {}).items():
            sub = self.resolve(sub)
            if sub.get("x-sectie"):
                out.append(Sectie(key, sub.get("title", key), sub.get("description", ""), sub))
        return out


@lru_cache(maxsize=None)
def _load(path: str, mtime: float) -> Schema:
    return Schema(Path(path).name.split(".")[0], json.loads(Path(path).read_text(encoding="utf-8")))


def load(root: Path, naam: str = PROGRAMME_SCHEMA) -> Schema:
    """Load ``schemas/<naam>.schema.json`` under the handbook root (cached per file version)."""
    path = Path(root) / SCHEMA_DIR / f"{naam}.schema.json"
    return _load(str(path), path.stat().st_mtime)


NIVEAUS_STANDAARD = "methodiek"


def niveau_van(schema: "Schema", data) -> str:
    """The level of a description ('methodiek' or 'praktijkvoorbeeld', the enum of the
    schema's ``niveau``); a missing or unknown level counts as the first (the full outline)."""
    levels = (schema.root.get("properties", {}).get("niveau") or {}).get("enum") or [NIVEAUS_STANDAARD]
    value = data.get("niveau") if isinstance(data, dict) else None
    return value if value in levels else levels[0]


def per_niveau(value, niveau: str):
    """A limit written per level (``{"methodiek": 6000, "praktijkvoorbeeld": 1500}``) for one
    level; a plain number holds for every level."""
    if isinstance(value, dict):
        return value.get(niveau)
    return value


def vereist(sub: dict) -> list[str]:
    """The fields an object schema requires when it is filled in: its ``required`` plus, for a
    part that may instead say 'niet_beschreven' (``x-niet-beschreven``), the fields its
    conditional requires otherwise."""
    out = list(sub.get("required", []))
    for cond in sub.get("allOf", []):
        if "niet_beschreven" in (cond.get("if") or {}).get("required", []):
            out += [k for k in (cond.get("else") or {}).get("required", []) if k not in out]
    return out


def outline(root: Path) -> list[Sectie]:
    """Shortcut: the outline sections of the programme schema under ``root``."""
    return load(root).outline()
