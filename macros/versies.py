"""Versioning discipline against a base (``methodiek check --basis <git-ref>``).

A pull request that changes what a programme says must also say that it changed: a
higher ``versie``, a new entry under ``wijzigingen`` for that version, and
``laatst_herzien`` on that entry's date. The content is compared as data (the parsed
YAML without those three fields), so layout, comments and line breaks inside a text do
not count as a change. A file that is new in this branch, or that cannot be read on
either side, is left to the other checks.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from . import model, reader
from .errors import Fout
from .validate import _datum, _semver

# The fields that record a change rather than being the content.
VERSIEVELDEN = ("versie", "laatst_herzien", "wijzigingen")


class BasisFout(Exception):
    """The base cannot be read from git (unknown reference, no git repository)."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BasisFout(f"git kon niet worden gestart ({error})") from error


def _base_text(root: Path, ref: str, path: Path) -> str | None:
    """The file's text in ``ref``, or None when the file does not exist there."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise BasisFout(f"{root} is geen git-repository")
    rel = Path(path).resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    shown = _git(root, "show", f"{ref}:{rel}")
    return shown.stdout if shown.returncode == 0 else None


def check_basis(root: Path, ref: str) -> None:
    """Refuse a base that git does not know (a clear Dutch message instead of no check at all)."""
    known = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if known.returncode != 0:
        raise BasisFout(f"de basis '{ref}' is in git niet bekend")


def _content(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in VERSIEVELDEN}


def _read_text(text: str, name: str):
    with tempfile.TemporaryDirectory(prefix="methodiek-basis-") as folder:
        path = Path(folder) / "basis.yml"
        path.write_text(text, encoding="utf-8")
        doc, errors = reader.read(path, name)
    return doc, errors


def errors(root: Path, ref: str, paths: list[Path] | None = None) -> list[Fout]:
    """A record for every programme file whose content differs from ``ref`` while its
    version fields do not say so. ``paths``: the files to compare (default: all)."""
    check_basis(root, ref)
    out: list[Fout] = []
    for path in (paths if paths is not None else model.programme_files(root)):
        name = model._rel(Path(path), root)
        base_text = _base_text(root, ref, Path(path))
        if base_text is None:
            continue  # new in this branch: its first wijzigingen entry is checked by the schema
        doc, read_errors = reader.read(Path(path), name)
        base, base_errors = _read_text(base_text, name)
        if read_errors or base_errors or not isinstance(doc.data, dict) or not isinstance(base.data, dict):
            continue
        if _content(doc.data) == _content(base.data):
            continue
        out += _record(doc, base.data, ref)
    return out


def _record(doc, base: dict, ref: str) -> list[Fout]:
    data = doc.data
    now, before = _semver(data.get("versie")), _semver(base.get("versie"))
    entries = [e for e in data.get("wijzigingen") or [] if isinstance(e, dict)]
    known = {e.get("versie") for e in base.get("wijzigingen") or [] if isinstance(e, dict)}
    new = [e for e in entries if e.get("versie") not in known]
    waar = f"ten opzichte van {ref}"
    suggestion = ""
    if before:
        suggestion = f" (bijvoorbeeld {before[0]}.{before[1] + 1}.0, of {before[0]}.{before[1]}.{before[2] + 1} " \
                     "voor een kleine correctie)"
    vandaag = "de datum van vandaag"
    if not now or not before or now <= before:
        return [Fout(doc.bestand, *doc.plek(("versie",)), "versie",
                     f"de inhoud is veranderd {waar}, maar de versie is niet verhoogd "
                     f"(nog {data.get('versie')}, in {ref} {base.get('versie')})",
                     f"Verhoog 'versie'{suggestion}, voeg onder 'wijzigingen' een punt toe met die versie, "
                     f"{vandaag} en wat er veranderde, en zet 'laatst_herzien' op die datum.")]
    if not new or new[-1].get("versie") != data.get("versie"):
        at = ("wijzigingen",)
        return [Fout(doc.bestand, *doc.plek(at, sleutel=True), "wijzigingen",
                     f"de inhoud is veranderd {waar} en de versie is {data.get('versie')}, maar onder "
                     f"'wijzigingen' staat geen nieuw punt voor die versie",
                     f"Voeg onderaan 'wijzigingen' een punt toe: versie: {data.get('versie')}, datum: "
                     f"{vandaag}, omschrijving: wat er veranderde. Zet 'laatst_herzien' op die datum.")]
    datum = _datum(new[-1].get("datum"))
    if datum and _datum(data.get("laatst_herzien")) != datum:
        return [Fout(doc.bestand, *doc.plek(("laatst_herzien",)), "laatst_herzien",
                     f"de inhoud is veranderd {waar}, maar 'laatst_herzien' ({data.get('laatst_herzien')}) is niet "
                     f"de datum van de nieuwe wijziging ({datum})",
                     f"Zet 'laatst_herzien' op {datum}.")]
    return []
