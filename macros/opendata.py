"""The complete handbook as one JSON file, published with the site for reuse.

Every programme exactly as validated, plus the shared data (every file of data/), with
the handbook version. Each part validates
against the schema it was checked with (``schemas/*.schema.json``).
"""
from __future__ import annotations

import json

FILENAME = "handboek.json"


def document(hb, version: str) -> dict:
    return {
        "handboek_versie": version,
        "opzet": [{"sleutel": s.key, "titel": s.titel, "vraag": s.vraag} for s in hb.outline],
        "programmas": list(hb.programmas.values()),
        "data": hb.data,
    }


def dump(hb, version: str) -> str:
    return json.dumps(document(hb, version), ensure_ascii=False, indent=1) + "\n"
