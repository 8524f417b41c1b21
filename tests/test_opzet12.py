"""Outline 1.2: two levels of description, 'niet beschreven', the new blocks, and their
limits read from the schema (no list of sections or limits in code)."""
from __future__ import annotations

import json

from conftest import REPO, VALID, make_project, run

from macros import inventory, model

PV = VALID.parent / "praktijkvoorbeeld.yml"


def _check(root):
    return run("methodiek", "--root", str(root), "check", cwd=root)


def test_budgets_per_level_come_from_the_schema(tmp_path):
    """A section budget and the whole budget are read per level: the same schema passes the
    methodiek and refuses the praktijkvoorbeeld one word over its own budget."""
    root = make_project(tmp_path, [VALID, PV])
    model._cache.clear()
    hb = model.laad(root)
    pv = hb.programmas["praktijkvoorbeeld"]
    words = inventory.woorden(hb.schema, hb.schema.at(("uitvoering",)), pv["uitvoering"])
    path = root / "schemas" / "methodiek.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["uitvoering"]["x-budget"] = {"methodiek": 10_000, "praktijkvoorbeeld": words - 1}
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    result = _check(root)
    assert result.returncode == 1
    line = next(i for i, ln in enumerate(PV.read_text(encoding="utf-8").splitlines(), 1) if ln == "uitvoering:")
    assert (f"methodiek/praktijkvoorbeeld.yml:{line}:1: uitvoering: het onderdeel 'Uitvoering en beleid' heeft "
            f"{words} woorden; het budget is {words - 1} voor een praktijkvoorbeeld") in result.stdout
    assert "methodiek/voorbeeld.yml" not in result.stdout
    # at its budget it passes
    schema["properties"]["uitvoering"]["x-budget"]["praktijkvoorbeeld"] = words
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    assert _check(root).returncode == 0


def test_whole_budget_per_level(tmp_path):
    root = make_project(tmp_path, [PV])
    model._cache.clear()
    hb = model.laad(root)
    pv = hb.programmas["praktijkvoorbeeld"]
    total = sum(c.woorden for c in inventory.volledigheid(hb.schema, pv).values())
    path = root / "schemas" / "methodiek.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["x-budget"] = {"methodiek": 10_000, "praktijkvoorbeeld": total - 1}
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    result = _check(root)
    assert (f"methodiek/praktijkvoorbeeld.yml:1:1: de beschrijving heeft {total} woorden lopende tekst; het budget is "
            f"{total - 1} voor een praktijkvoorbeeld") in result.stdout


def test_niet_beschreven_section_counts_as_complete():
    """A section that says 'niet beschreven' is present and complete on the completeness count."""
    hb = model.laad(REPO, [PV])
    cel = inventory.volledigheid(hb.schema, hb.programmas["praktijkvoorbeeld"])["privacy"]
    assert cel.aanwezig
    assert cel.velden[0] == cel.velden[1]
