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


def outline(root: Path) -> list[Sectie]:
    """Shortcut: the outline sections of the programme schema under ``root``."""
    return load(root).outline()
