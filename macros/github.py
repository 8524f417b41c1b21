"""``methodiek check`` in GitHub Actions (``GITHUB_ACTIONS=true``): besides the usual lines,
every record becomes a workflow annotation (``::error file=…,line=…,col=…::…``), which
GitHub shows on that line under "Files changed", and the job summary
(``$GITHUB_STEP_SUMMARY``) gets the result, the records and the completeness table of
every programme, drafts included. In a plain terminal nothing of this is written.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import Fout, samenvatting

# The summary lists at most this many records; the annotations and the log have them all.
SUMMARY_LIMIT = 200


def active() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's own rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _repo_path(bestand: str, root: Path) -> str:
    """A record's file relative to the repository (GITHUB_WORKSPACE), as GitHub needs it."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    path = Path(root) / bestand
    if workspace:
        try:
            return path.resolve().relative_to(Path(workspace).resolve()).as_posix()
        except ValueError:
            pass
    return bestand


def annotation(f: Fout, root: Path) -> str:
    """One workflow command: an error (or a warning) on the record's line and column."""
    kind = "error" if f.blokkeert else "warning"
    text = f"{f.pad + ': ' if f.pad else ''}{f.melding}."
    hint = " ".join(f.hint.split())
    if hint:
        text += " " + hint
    return (f"::{kind} file={_property(_repo_path(f.bestand, root))},line={f.regel},col={f.kolom},"
            f"title={_property('methodiek check')}::{_data(text)}")


def _cell(text) -> str:
    """Text for a Markdown table cell: no line breaks, no column separators, no markup."""
    text = " ".join(str(text).split())
    for ch in "\\|`*_[]<>":
        text = text.replace(ch, "\\" + ch)
    return text


def summary(records: list[Fout], hb) -> str:
    """The job summary in Markdown: the result, the records and the completeness table."""
    from . import inventory, model
    from .schema import niveau_van, per_niveau

    fouten = [f for f in records if f.blokkeert]
    lines = ["## Controle van de beschrijvingen", ""]
    lines.append(f"**{samenvatting(fouten)}** Niets wordt gepubliceerd tot ze zijn opgelost." if fouten
                 else "**Alles in orde.**")
    lines.append("")
    if records:
        lines += ["### Meldingen", "", "| Bestand | Regel | Onderdeel | Melding |", "|---|---|---|---|"]
        for f in records[:SUMMARY_LIMIT]:
            melding = ("" if f.blokkeert else "let op: ") + f.melding + "." + (f" {f.hint}" if f.hint else "")
            lines.append(f"| {_cell(f.bestand)} | {f.regel}:{f.kolom} | {_cell(f.pad)} | {_cell(melding)} |")
        if len(records) > SUMMARY_LIMIT:
            lines.append(f"\nEn nog {len(records) - SUMMARY_LIMIT} meldingen; het logboek van deze stap toont ze allemaal.")
        lines.append("")
    lines += ["### Volledigheid", "",
              "Per programma en onderdeel: velden ingevuld, deel afgeleid, aantal bronnen, woorden (en het "
              "maximum) en de meldingen die er nog openstaan.", ""]
    open_per = {}
    for f in records:
        if f.blokkeert:
            key = (f.bestand, model.sectie_van(f.pad, hb.outline))
            open_per[key] = open_per.get(key, 0) + 1
    items = [(ident, p, False) for ident, p in hb.programmas.items()] + \
            [(ident, p, True) for ident, p in hb.concepten.items()]
    for ident, p, draft in sorted(items, key=lambda item: item[0]):
        bestand = hb.bestanden.get(ident, "")
        name = p.get("naam") if isinstance(p.get("naam"), str) else ident
        lines.append(f"#### {_cell(name)} ({_cell(bestand)}){' — nog niet af' if draft else ''}")
        lines.append("")
        try:
            cellen = inventory.volledigheid(hb.schema, p)
            budget = per_niveau(hb.schema.root.get("x-budget"), niveau_van(hb.schema, p))
        except Exception:  # noqa: BLE001 - a draft whose form is still wrong: its records say what
            lines += ["De tabel volgt als de fouten in dit bestand zijn opgelost.", ""]
            continue
        lines += ["| Onderdeel | Velden | Afgeleid | Bronnen | Woorden | Open |", "|---|---|---|---|---|---|"]
        for sectie in hb.outline:
            cel = cellen[sectie.key]
            woorden = f"{cel.woorden}/{cel.budget}" if cel.budget else str(cel.woorden)
            open_ = open_per.get((bestand, sectie.key), 0)
            lines.append(f"| {_cell(sectie.titel)} | {cel.velden[0]}/{cel.velden[1]} | {cel.afgeleid:.0%} | "
                         f"{cel.bronnen} | {woorden} | {open_ or ''} |")
        totaal = sum(c.woorden for c in cellen.values())
        lines.append(f"| **totaal** | | | | {f'{totaal}/{budget}' if budget else totaal} | "
                     f"{sum(n for (b, _), n in open_per.items() if b == bestand) or ''} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def write(records: list[Fout], hb, root: Path) -> None:
    """Print the annotations and append the summary to $GITHUB_STEP_SUMMARY (when set)."""
    for f in records:
        print(annotation(f, root))
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(summary(records, hb))
