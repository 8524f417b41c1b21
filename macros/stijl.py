"""Style checks of ``methodiek check``: what makes a description hard to read, found in the
text a reader sees and reported as the same Dutch records as every other error.

- the same statement twice: a sentence near-identical to one in another field of the file;
- taal over de beschrijving zelf (meta-talk, the list in ``data/stijl.yml``), allowed only
  where the schema marks it (``x-metataal``: the derived notes and the source discrepancies);
- an abbreviation (a token of two or more capitals) the glossary does not explain for this
  description: not in ``data/begrippen.yml``, or not listed under the file's ``begrippen``;
- a schema keyword (``x-...``) or a field name (a snake_case key of the schema).

The limits (how long a sentence must be to count, how alike two must be) are the schema's
``x-stijl``; the places where meta-talk may stand are its ``x-metataal`` marks.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import Fout, format_path
from .reader import Document
from .schema import Schema

_WOORD = re.compile(r"\w+")
# A sentence ends at . ! or ? followed by white space and a capital, digit or quote, or at a blank line.
_ZIN = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'\"‘“(])|\n\s*\n")
# A token of capitals (and digits), optionally with hyphenated parts of capitals: JGZ, CAP-J, NPO.
_AFKORTING = re.compile(r"(?<![\w])([A-Z0-9]*[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?![\w])")
_SCHEMAWOORD = re.compile(r"(?<![\w-])x-[a-z]+(?:-[a-z]+)*(?![\w])")


@dataclass(frozen=True)
class Tekst:
    """One string a reader sees: where it stands, and whether meta-talk may stand there."""

    pad: tuple
    tekst: str
    metataal: bool


def teksten(schema: Schema, data) -> list[Tekst]:
    """Every string of a programme a reader sees as written text, in file order: not ids,
    closed values (enum), references into a vocabulary, nor the citations (bronnen)."""
    out: list[Tekst] = []

    def walk(value, sub, path, metataal):
        sub = schema.resolve(sub)
        metataal = metataal or bool(sub.get("x-metataal"))
        if "if" in sub and "then" in sub:  # a shape chosen by the value (catalogue reference or text)
            from .validate import EcmaValidator
            branch = sub.get("then") if EcmaValidator(sub["if"]).is_valid(value) else sub.get("else")
            sub = {**{k: v for k, v in sub.items() if k not in ("if", "then", "else")}, **schema.resolve(branch or {})}
        if isinstance(value, dict):
            props = sub.get("properties") or {}
            for key, child in value.items():
                if key in props and key != "bronnen":
                    walk(child, props[key], path + (key,), metataal)
        elif isinstance(value, list) and "items" in sub:
            for i, child in enumerate(value):
                walk(child, sub["items"], path + (i,), metataal)
        elif isinstance(value, str) and not (sub.get("x-verwijzing") or "enum" in sub or path[-1:] == ("id",)):
            out.append(Tekst(path, value, metataal))

    walk(data, schema.root, (), False)
    return out


def _regel(doc: Document, tekst: Tekst, pos: int) -> tuple[int, int]:
    """Line and column of a position in a text: a block of lines ('|') counts down from its key."""
    line, col = doc.plek(tekst.pad)
    if "\n" in tekst.tekst.rstrip("\n"):
        line += 1 + tekst.tekst[:pos].count("\n")
    return line, col


def _waar(schema: Schema, pad: tuple) -> str:
    """Where a field stands, for a reader of the record: its path and section title."""
    sub = schema.root.get("properties", {}).get(pad[0], {}) if pad else {}
    titel = schema.resolve(sub).get("title")
    return f"'{format_path(pad)}'" + (f" ({titel})" if titel else "")


def _kort(zin: str, limit: int = 80) -> str:
    """A sentence on one line, cut at a word when long."""
    text = " ".join(zin.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _zinnen(text: str):
    """(start, sentence) of each sentence of a text."""
    start = 0
    for m in _ZIN.finditer(text):
        yield start, text[start:m.start()]
        start = m.end()
    yield start, text[start:]


def herhaling_errors(doc: Document, schema: Schema, alle: list[Tekst]) -> list[Fout]:
    """A sentence near-identical to one in another field of the same file: one record at the
    later one, naming where the first stands."""
    grens = schema.root.get("x-stijl", {})
    minimum, gelijk = grens.get("zin-woorden", 8), grens.get("gelijk", 0.85)
    gezien: list[tuple[tuple, set, Tekst, int]] = []  # (words, word set, field, line) of every sentence so far
    exact: dict[tuple, tuple[Tekst, int]] = {}
    out: list[Fout] = []
    for tekst in alle:
        for pos, zin in _zinnen(tekst.tekst):
            woorden = tuple(w.lower() for w in _WOORD.findall(zin))
            if len(woorden) < minimum:
                continue
            eerder = exact.get(woorden)
            if eerder is None or eerder[0].pad == tekst.pad:
                eerder = None
                ws = set(woorden)
                for w2, s2, t2, regel2 in gezien:
                    if t2.pad == tekst.pad or not (0.8 <= len(w2) / len(woorden) <= 1.25):
                        continue
                    if len(ws & s2) / len(ws | s2) < gelijk - 0.15:
                        continue
                    if difflib.SequenceMatcher(None, w2, woorden, autojunk=False).ratio() >= gelijk:
                        eerder = (t2, regel2)
                        break
            at = _regel(doc, tekst, pos + len(zin) - len(zin.lstrip()))
            if eerder is not None:
                first, regel = eerder
                out.append(Fout(doc.bestand, *at, format_path(tekst.pad),
                                f"deze zin staat (bijna) gelijk ook onder {_waar(schema, first.pad)}, regel {regel}: "
                                f"'{_kort(zin)}'",
                                "Zeg het één keer, op de plek waar het hoort, en verwijs hier naar dat onderdeel "
                                f"(bijvoorbeeld 'zie {_sectietitel(schema, first.pad)}')."))
                continue
            exact.setdefault(woorden, (tekst, at[0]))
            gezien.append((woorden, set(woorden), tekst, at[0]))
    return out


def _sectietitel(schema: Schema, pad: tuple) -> str:
    sub = schema.root.get("properties", {}).get(pad[0], {}) if pad else {}
    return schema.resolve(sub).get("title", pad[0] if pad else "")


@lru_cache(maxsize=None)
def _patroon(woorden: tuple) -> re.Pattern:
    # the words of a phrase may stand on two lines of a block: any white space between them
    alternatives = (r"\s+".join(map(re.escape, w.split())) for w in sorted(woorden, key=len, reverse=True))
    return re.compile(r"(?<![\w])(" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def metataal_errors(doc: Document, alle: list[Tekst], metataal: dict) -> list[Fout]:
    """Words about the description itself (data/stijl.yml) where the schema does not allow them."""
    if not metataal:
        return []
    per_tekst = {item["tekst"].lower(): item for item in metataal.values() if isinstance(item.get("tekst"), str)}
    patroon = _patroon(tuple(per_tekst))
    out: list[Fout] = []
    for tekst in alle:
        if tekst.metataal:
            continue
        for m in patroon.finditer(tekst.tekst):
            item = per_tekst[" ".join(m.group(1).split()).lower()]
            out.append(Fout(doc.bestand, *_regel(doc, tekst, m.start()), format_path(tekst.pad),
                            f"'{' '.join(m.group(1).split())}' is taal over de beschrijving zelf",
                            f"{item.get('alternatief', '')} Zulke woorden mogen alleen in 'afgeleid' en bij "
                            "'bronverschillen' (de lijst staat in data/stijl.yml)."))
    return out


def afkorting_errors(doc: Document, alle: list[Tekst], begrippen: dict) -> list[Fout]:
    """An abbreviation the glossary does not explain for this description; one record per
    abbreviation, at its first place."""
    data = doc.data if isinstance(doc.data, dict) else {}
    eigen = data.get("afkorting") if isinstance(data.get("afkorting"), str) else ""
    lijst = [k for k in data.get("begrippen") or [] if isinstance(k, str)]
    bekend: dict[str, str] = {}  # written form (lower case) -> glossary key
    for key, item in begrippen.items():
        for vorm in [item.get("term"), *(item.get("varianten") or [])]:
            if isinstance(vorm, str):
                bekend.setdefault(vorm.lower(), key)
    gemeld: set = set()
    out: list[Fout] = []
    for tekst in alle:
        for m in _AFKORTING.finditer(tekst.tekst):
            token = m.group(1)
            if sum(c.isupper() for c in token) < 2 or token == eigen or token in gemeld:
                continue
            key = bekend.get(token.lower())
            if key in lijst:
                continue
            gemeld.add(token)
            at = _regel(doc, tekst, m.start())
            if key is None:
                out.append(Fout(doc.bestand, *at, format_path(tekst.pad),
                                f"de afkorting '{token}' wordt nergens uitgelegd",
                                f"Schrijf haar voluit, of voeg '{token}' toe aan data/begrippen.yml (met 'voluit' en "
                                "'omschrijving') en zet de sleutel onder 'begrippen:' van deze beschrijving."))
            else:
                waar = f" (regel {doc.plek(('begrippen',), sleutel=True)[0]})" if "begrippen" in data else ""
                out.append(Fout(doc.bestand, *at, format_path(tekst.pad),
                                f"de afkorting '{token}' staat in data/begrippen.yml ('{key}'), maar niet onder "
                                "'begrippen' van deze beschrijving",
                                f"Voeg '{key}' toe aan 'begrippen:'{waar}; dan legt de pagina de afkorting uit."))
    return out


def _veldnamen(schema: Schema) -> dict[str, str]:
    """Every field name of the schema written in snake_case, with the title a reader knows it by."""
    namen: dict[str, str] = {}

    def walk(node):
        if isinstance(node, dict):
            for key, child in (node.get("properties") or {}).items():
                if "_" in key:
                    titel = schema.resolve(child).get("title") if isinstance(child, dict) else None
                    namen.setdefault(key, titel or "")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema.root)
    return namen


def schemawoord_errors(doc: Document, schema: Schema, alle: list[Tekst]) -> list[Fout]:
    """A schema keyword (x-...) or a field name (snake_case) in reader text."""
    namen = _veldnamen(schema)
    veld = _patroon(tuple(namen)) if namen else None
    out: list[Fout] = []
    for tekst in alle:
        for m in _SCHEMAWOORD.finditer(tekst.tekst):
            out.append(Fout(doc.bestand, *_regel(doc, tekst, m.start()), format_path(tekst.pad),
                            f"'{m.group(0)}' is een woord uit het schema, niet voor de lezer",
                            "Schrijf in gewone woorden wat het betekent (bijvoorbeeld 'ouder dan vijf jaar')."))
        for m in (veld.finditer(tekst.tekst) if veld else ()):
            if m.group(1) not in namen:  # matched case-insensitively, but a field name is lower case
                continue
            titel = namen[m.group(1)]
            out.append(Fout(doc.bestand, *_regel(doc, tekst, m.start()), format_path(tekst.pad),
                            f"'{m.group(1)}' is een veldnaam, niet voor de lezer",
                            f"Noem het onderdeel bij zijn titel{f' (' + repr(titel) + ')' if titel else ''} of "
                            "schrijf in gewone woorden wat u bedoelt."))
    return out


def stijl_errors(doc: Document, schema: Schema, vocabularies: dict[str, dict]) -> list[Fout]:
    """All style records of one programme."""
    if not isinstance(doc.data, dict):
        return []
    alle = teksten(schema, doc.data)
    return (herhaling_errors(doc, schema, alle)
            + metataal_errors(doc, alle, vocabularies.get("metataal", {}))
            + afkorting_errors(doc, alle, vocabularies.get("begrippen", {}))
            + schemawoord_errors(doc, schema, alle))
