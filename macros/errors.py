"""Validation errors as records: file, line, column, path, Dutch message, hint."""
from __future__ import annotations

from dataclasses import dataclass

FOUT = "fout"
WAARSCHUWING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Fout:
    """One problem in a user's file; everything a coordinator needs to fix it."""

    bestand: str
    regel: int
    kolom: int
    pad: str
    melding: str
    hint: str = ""
    ernst: str = FOUT  # FOUT stops the build; WAARSCHUWING is reported and does not
    gat: str = ""  # for a part not yet filled in (missing or empty): its guiding question, for the draft preview

    @property
    def blokkeert(self) -> bool:
        return self.ernst == FOUT

    def __str__(self) -> str:
        label = "" if self.blokkeert else "let op: "
        waar = f" {self.pad}:" if self.pad else ""  # a record about the whole file has no path
        text = f"{self.bestand}:{self.regel}:{self.kolom}:{waar} {label}{self.melding}"
        hint = " ".join(self.hint.split())
        return f"{text}. {hint}" if hint else text


def format_path(path) -> str:
    """Render a document path in the words of the reader, counting list items from 1:
    ('doelgroep', 'primair', 0, 'naam') becomes 'doelgroep.primair (punt 1).naam'.
    The whole file (an empty path) is the empty string."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f" (punt {part + 1})"
        else:
            part = str(part).replace("\n", "\\n")  # a field name with a newline shows it
            out += f".{part}" if out else part
    return out


def samenvatting(fouten: list[Fout]) -> str:
    """One-line Dutch summary of a list of errors."""
    files = len({f.bestand for f in fouten})
    n = len(fouten)
    return f"{n} {'fout' if n == 1 else 'fouten'} in {files} {'bestand' if files == 1 else 'bestanden'}."


def waarschuwingen(records: list[Fout]) -> str:
    """One-line Dutch summary of warnings (empty when there are none)."""
    n = sum(1 for f in records if not f.blokkeert)
    return f"{n} {'waarschuwing' if n == 1 else 'waarschuwingen'} (de site wordt wel gebouwd)." if n else ""
