"""Every validator message that the bad-input corpus (test_check.py) does not reach, with its
Dutch wording, and both sides of every ordered or ranged check: the value on the boundary
passes, one step past it is refused. Each case is the valid example with one edit, checked
in-process (fast: this file is part of the mutation-testing subset)."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import REPO, VALID, make_project

from macros import inventory, model

TEXT = VALID.read_text(encoding="utf-8")


def _records(tmp_path, text: str, root=REPO) -> list[str]:
    path = tmp_path / "voorbeeld.yml"
    path.write_text(text, encoding="utf-8")
    model._cache.clear()
    hb = model.laad(root, [path])
    return [str(f) for f in hb.fouten] + [str(f) for f in hb.waarschuwingen]


def _sub(pattern: str, replacement: str, text: str = TEXT) -> str:
    new, n = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert n == 1, pattern
    return new


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")


SECOND = r"  - versie: 1\.1\.0\n    datum: 2024-02-01"
HISTORY = "versie: 1.1.0\nlaatst_herzien: 2024-02-01"


def _history(second_version: str, second_date: str, version="1.1.0", reviewed="2024-02-01") -> str:
    text = _sub(SECOND, f"  - versie: {second_version}\n    datum: {second_date}")
    return _sub(re.escape(HISTORY), f"versie: {version}\nlaatst_herzien: {reviewed}", text)


# (edit of the valid example, the whole record it must give: line:column, path, message, hint)
REFUSED = {
    "versie gelijk aan de vorige": (
        lambda: _history("1.0.0", "2024-02-01", version="1.0.0"),
        "21:13: wijzigingen (punt 2).versie: versie 1.0.0 is niet hoger dan de versie erboven (1.0.0)."
        " Zet de wijzigingen van oud naar nieuw, elke keer met een hoger versienummer."),
    "versie lager dan de vorige (patch)": (
        lambda: _history("0.9.9", "2024-02-01", version="0.9.9"),
        "21:13: wijzigingen (punt 2).versie: versie 0.9.9 is niet hoger dan de versie erboven (1.0.0)."
        " Zet de wijzigingen van oud naar nieuw, elke keer met een hoger versienummer."),
    "datum vóór de vorige": (
        lambda: _history("1.1.0", "2023-04-30"),
        "22:12: wijzigingen (punt 2).datum: datum 2023-04-30 ligt vóór de datum erboven (2023-05-01)."
        " Een latere wijziging kan niet eerder gedateerd zijn."),
    "versie anders dan de laatste wijziging": (
        lambda: _history("1.1.0", "2024-02-01", version="1.2.0"),
        "15:9: versie: versie 1.2.0 komt niet overeen met de laatste wijziging (1.1.0)."
        " Voeg onder 'wijzigingen' een regel toe voor deze versie, of zet 'versie' gelijk aan de laatste."),
    "laatst_herzien vóór de laatste wijziging": (
        lambda: _history("1.1.0", "2024-02-01", reviewed="2024-01-31"),
        "16:17: laatst_herzien: laatst_herzien (2024-01-31) ligt vóór de laatste wijziging (2024-02-01)."
        " Zet 'laatst_herzien' op de datum van de laatste wijziging of later."),
    "leeftijd onder de grens": (
        lambda: _sub(r"^  van: 0$", "  van: -1"),
        "10:8: leeftijd.van: -1 is te klein (grens: 0). Controleer het getal."),
    "leeftijd boven de grens": (
        lambda: _sub(r"^  tot: 12$", "  tot: 31"),
        "11:8: leeftijd.tot: 31 is te groot (grens: 30). Controleer het getal."),
    "samenvatting één teken te kort": (
        lambda: _samenvatting(399), "26:10: samenvatting.tekst: de tekst is te kort (399 tekens; minimaal 400)."
        " Beschrijf dit onderdeel vollediger."),
    "kort één teken te lang": (
        lambda: _kort(301), "342:11: inzet_en_kosten.school.kort: de tekst is te lang (301 tekens; hoogstens 300)."
        " Eén of twee zinnen, hoogstens 300 tekens: dit staat op de kaart 'In één oogopslag'."),
    "lege lijst": (
        lambda: _sub(r"^sectoren: \[po, kinderopvang\]$", "sectoren: []"),
        "8:11: sectoren: de lijst is leeg. Vul minstens 1 punt in."
        " Onderwijssectoren en voorzieningen waar de methodiek wordt ingezet (sleutels uit data/sectoren.yml)."),
    "checklist met één punt": (
        lambda: _sub(r"^          - Toestemming van ouders vastgelegd\.\n", ""),
        "212:11: fasering.werkwijze.fasen (punt 1).checklist: de lijst heeft 1 punt; minimaal 2."
        " Vul de lijst aan. Concrete punten om af te vinken, voor wie de fase uitvoert."),
    "dubbele sector": (
        lambda: _sub(r"^sectoren: \[po, kinderopvang\]$", "sectoren: [po, po]"),
        "8:11: sectoren: de lijst bevat een waarde twee keer. Verwijder de dubbele waarde."),
    "geen enkele wijziging": (
        lambda: _sub(r"^wijzigingen:\n(?:  .*\n)+", "wijzigingen: []\n"),
        "17:14: wijzigingen: de lijst is leeg. Vul minstens 1 punt in."
        " Wat is er per versie veranderd? Oudste eerst; de laatste gelijk aan 'versie'."),
    "status buiten de lijst": (
        lambda: _sub(r"^status: concept$", "status: conceptt"),
        "13:9: status: 'conceptt' is geen toegestane waarde."
        " Bedoelde u 'concept'? Kies uit: 'concept', 'vastgesteld'."),
}

ACCEPTED = {
    "datum gelijk aan de vorige": lambda: _history("1.1.0", "2023-05-01"),
    "laatst_herzien na de laatste wijziging": lambda: _history("1.1.0", "2024-02-01", reviewed="2024-02-02"),
    "hogere patchversie": lambda: _history("1.0.1", "2024-02-01", version="1.0.1"),
    "leeftijd op de ondergrens en bovengrens": lambda: _sub(r"^  tot: 12$", "  tot: 30"),
    "samenvatting precies 400 tekens": lambda: _samenvatting(400),
    "kort precies 300 tekens": lambda: _kort(300),
}


def _samenvatting(length: int) -> str:
    words = ("Leerkrachten en ouders spreken de hulpverlener op school direct aan over opgroeien. " * 10)
    body = words[:length - 1].rstrip() + "."
    body = body + "x" * (length - len(body))
    assert len(body) == length
    new, n = re.subn(r"(samenvatting:\n  tekst: )\|\n(?:    .*\n|\n)+?(?=  bronnen:)",
                     lambda m: m.group(1) + body + "\n", TEXT, count=1)  # one line: no newline counted
    assert n == 1
    return new


def _kort(length: int) -> str:
    body = ("Een vaste ruimte en een uur zorgoverleg per week. " * 10)[:length - 1].rstrip()
    body = body + "x" * (length - len(body))
    return _sub(r"^    kort: Een vaste ruimte, een uur zorgoverleg per week en tijd van de intern begeleider\.$",
                f"    kort: {body}")


@pytest.mark.parametrize("case", REFUSED)
def test_refused_with_its_dutch_message(tmp_path, case):
    """The whole record: line and column of the value, its path, the message and what to do."""
    edit, record = REFUSED[case]
    records = _records(tmp_path, edit())
    assert record in [r.split("voorbeeld.yml:", 1)[1] for r in records], records


@pytest.mark.parametrize("case", ACCEPTED)
def test_boundary_value_accepted(tmp_path, case):
    assert _records(tmp_path, ACCEPTED[case]()) == []


def test_section_budget_boundary_and_whole_description_budget(tmp_path):
    """A section exactly at its word budget passes, one word over is refused; over the whole
    description's budget is refused with its own message."""
    root = make_project(tmp_path)
    model._cache.clear()
    hb = model.laad(REPO, [VALID])
    words = inventory.woorden(hb.schema, hb.schema.at(("probleem",)), hb.programmas["voorbeeld"]["probleem"])
    total = sum(inventory.woorden(hb.schema, s.schema, hb.programmas["voorbeeld"][s.key])
                for s in hb.outline if s.key in hb.programmas["voorbeeld"])
    path = root / "schemas" / "methodiek.schema.json"
    original = json.loads(path.read_text(encoding="utf-8"))

    def with_budgets(section: int, whole: int) -> list[str]:
        schema = json.loads(json.dumps(original))
        schema["properties"]["probleem"]["x-budget"] = section
        schema["x-budget"] = whole
        path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
        return _records(tmp_path / "x", TEXT, root) if (tmp_path / "x").mkdir() is None else []

    assert with_budgets(words, total) == []
    shutil.rmtree(tmp_path / "x")
    over = with_budgets(words - 1, total)
    assert any(f"probleem: het onderdeel 'Probleem' heeft {words} woorden; het budget is {words - 1}" in r
               for r in over), over
    shutil.rmtree(tmp_path / "x")
    over = with_budgets(10_000, total - 1)
    assert any(f"de beschrijving heeft {total} woorden lopende tekst; het budget is {total - 1}" in r
               for r in over), over


def test_data_file_without_schema(tmp_path):
    root = make_project(tmp_path)
    (root / "data" / "extra.yml").write_text("iets: 1\n", encoding="utf-8")
    model._cache.clear()
    records = [str(f) for f in model.laad(root).fouten]
    assert "data/extra.yml:1:1: er is geen schema voor data/extra.yml. Voeg schemas/extra.schema.json toe of " \
           "verwijder het bestand." in records, records


def test_a_copy_saved_under_another_name_is_refused_with_both_names(tmp_path):
    """A coordinator keeps a copy as voorbeeld.oud.yml: its id no longer matches the file name
    (the name up to the last dot), and the record says both ways to fix it."""
    root = make_project(tmp_path, [VALID])
    shutil.copy(VALID, root / "methodiek" / "voorbeeld.oud.yml")
    model._cache.clear()
    records = [str(f) for f in model.laad(root).fouten]
    assert "methodiek/voorbeeld.oud.yml:4:5: id: de id 'voorbeeld' is niet gelijk aan de bestandsnaam " \
           "'voorbeeld.oud'. Noem het bestand 'voorbeeld.yml' of verander de id in 'voorbeeld.oud'." in records, records
