"""The one place that reads YAML.

PyYAML composes a node graph (safe loader, never constructs Python objects);
this module turns it into plain data while recording the line and column of
every value and every key, so that later checks can point at the right line.
It refuses what would silently lose or corrupt input: duplicate keys, anchors
and aliases (which also stops alias bombs before any expansion), merge keys,
non-standard tags, non-string keys, and nesting beyond a sane depth.

Scalars mean what they mean under the YAML 1.2 core schema, the schema of the
coordinator's editor (yaml-language-server) and of check-jsonschema: ``no``,
``on`` and ``yes`` are text, ``1e1`` is a number, dates are text. A number
written with a leading zero (``012``: 10 under YAML 1.1, 12 under 1.2) is
refused as ambiguous. Invisible format characters and every bidirectional
control character are refused wherever they stand, with their Dutch name, so
that what a reviewer sees in the file is what the site publishes.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import Fout, format_path

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class Document:
    """Plain data of one YAML file plus the positions of its values and keys."""

    bestand: str
    data: object = None
    waarden: dict = field(default_factory=dict)  # path tuple -> (line, column) of the value
    sleutels: dict = field(default_factory=dict)  # path tuple -> (line, column) of its key
    overgeslagen: set = field(default_factory=set)  # lines left out to read past a syntax error (1-based)
    geschreven: dict = field(default_factory=dict)  # path tuple -> the text of a scalar that is not text (12, 1e1, true)
    verborgen: set = field(default_factory=set)  # lines with an invisible character already refused (1-based)

    def plek(self, path, sleutel: bool = False) -> tuple[int, int]:
        """1-based (line, column) for a path; falls back to the nearest known parent."""
        path = tuple(path)
        while True:
            table = (self.sleutels, self.waarden) if sleutel else (self.waarden, self.sleutels)
            for t in table:
                if path in t:
                    return t[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class _Refused(Exception):
    def __init__(self, mark, melding: str, hint: str = ""):
        super().__init__(melding)
        self.mark, self.melding, self.hint = mark, melding, hint


class Resolver12(yaml.resolver.BaseResolver):
    """The YAML 1.2 core schema (YAML 1.2.2, 10.3.2) for plain scalars; everything else is
    text. PyYAML's own resolver implements YAML 1.1, where ``no`` is false, ``012`` is 10,
    ``1e1`` is text and ``2026-01-01`` a timestamp: not what the editor shows."""

    yaml_implicit_resolvers: dict = {}


_INT12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT12 = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                      r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", _INT12.pattern, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _FLOAT12.pattern, list("-+.0123456789")),
):
    Resolver12.add_implicit_resolver(_tag, re.compile(_pattern), _first)
# Not in YAML 1.2, but YAML 1.1 tools merge a '<<' key: it is recognised, so as to be refused.
Resolver12.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


def _scalar12(tag: str, text: str):
    """The value of a plain or explicitly tagged scalar under the YAML 1.2 core schema;
    a value that does not have the form of its tag stays text (the schema then says so)."""
    if tag == "tag:yaml.org,2002:null" and re.fullmatch(r"~|null|Null|NULL|", text):
        return None
    if tag == "tag:yaml.org,2002:bool" and re.fullmatch(r"true|True|TRUE|false|False|FALSE", text):
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:int" and _INT12.match(text):
        return int(text[2:], 8) if text.startswith("0o") else int(text, 16) if text.startswith("0x") else int(text)
    if tag == "tag:yaml.org,2002:float" and _FLOAT12.match(text):
        low = text.lower()
        return math.nan if low == ".nan" else float(low.replace(".inf", "inf"))
    return text


try:  # libyaml's scanner and parser, when PyYAML was built with it
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - pure-Python PyYAML
    _Parser = None


class _Loader(*((_Parser,) if _Parser else (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser)),
              yaml.composer.Composer, Resolver12):
    """Safe loading: libyaml scans and parses (fast), PyYAML's own composer builds the
    nodes, so that this composer can refuse anchors, aliases and deep nesting before
    anything is expanded. Nothing is ever constructed as a Python object."""

    get_single_node = yaml.composer.Composer.get_single_node
    compose_document = yaml.composer.Composer.compose_document
    compose_scalar_node = yaml.composer.Composer.compose_scalar_node
    compose_sequence_node = yaml.composer.Composer.compose_sequence_node
    compose_mapping_node = yaml.composer.Composer.compose_mapping_node

    def __init__(self, stream):
        if _Parser:
            _Parser.__init__(self, stream)
        else:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        Resolver12.__init__(self)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                "ankers en verwijzingen (& en *) worden niet ondersteund",
                "Schrijf de tekst op elke plek volledig uit.",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                event.start_mark,
                f"het bestand is dieper genest dan {MAX_DEPTH} niveaus",
                "Controleer de inspringing; een methodiekbeschrijving heeft maar een paar niveaus.",
            )
        try:
            return yaml.composer.Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


_INSPRINGING = "Controleer of alle velden op dit niveau even ver zijn ingesprongen (met spaties)."
_AANHALINGSTEKENS = "Zet de tekst tussen aanhalingstekens."
# Every problem PyYAML (scanner, parser, composer, reader) or libyaml can report, matched
# by a piece of its English text, in order; the English never reaches the coordinator.
_PROBLEMS = [
    (("found character '\\t'", "tab character"), "een tab-teken gebruikt voor inspringen of in de opbouw",
     "Gebruik spaties in plaats van tabs (twee spaties per niveau)."),
    (("mapping values are not allowed", "found unexpected ':'"), "een dubbele punt staat op een plek waar dat niet mag",
     "Zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de inspringing."),
    (("mapping keys are not allowed",), "een veldnaam of '?' staat op een plek waar dat niet mag",
     _INSPRINGING),
    (("sequence entries are not allowed",), "een lijstpunt ('- ') staat op een plek waar dat niet mag",
     "Zet elk punt op een eigen regel, even ver ingesprongen als de andere punten van de lijst."),
    (("could not find expected ':'",), "er ontbreekt een dubbele punt na een veldnaam",
     "Schrijf elk veld als 'naam: waarde'; staat er een aanhalingsteken in de tekst, sluit het dan."),
    (("expected ',' or ']'",), "een lijst die met [ begint, wordt niet met ] gesloten",
     "Sluit de lijst met ] op dezelfde regel, of zet elk punt op een eigen regel met '- '."),
    (("expected ',' or '}'",), "een groep die met { begint, wordt niet met } gesloten",
     "Sluit de groep met }, of schrijf de velden elk op een eigen ingesprongen regel."),
    (("unclosed '['",), "de inspringing klopt niet, of een [ of { wordt niet gesloten",
     _INSPRINGING + " Sluit elke [ met ] en elke { met }."),
    (("did not find expected key", "expected <block end>", "did not find expected '-' indicator"),
     "de inspringing klopt niet: deze regel past niet bij de velden of de lijst erboven", _INSPRINGING),
    (("node content",), "een waarde ontbreekt of begint met een teken dat niet mag", _AANHALINGSTEKENS),
    (("end of stream",), "het bestand houdt midden in een waarde op",
     "Controleer of alle aanhalingstekens en haakjes gesloten zijn."),
    (("escape", "hexdecimal number", "hexadecimal numbers"), "een backslash (\\) vormt een onbekende code",
     "Gebruik enkele aanhalingstekens of een blok met '|' voor tekst met een backslash."),
    (("cannot start any token",), "een teken dat hier niet mag staan (bijvoorbeeld @ of `)", _AANHALINGSTEKENS),
    (("anchor", "alias", "alphabetic or numeric character", "alphanumerical", "occurrence"),
     "ankers en verwijzingen (& en *) worden niet ondersteund", "Schrijf de tekst op elke plek volledig uit."),
    (("tag", "URI", "expected '!'", "'>'"), "een onbekende tag (!...)",
     "Verwijder de tag; gewone tekst heeft geen tag nodig. Begint uw tekst met !, zet hem dan tussen aanhalingstekens."),
    (("special characters", "control characters", "Unicode character", "UTF-8", "UTF-16", "surrogate", "codec"),
     "het bestand bevat een niet-toegestaan (onzichtbaar) teken", "Verwijder het teken of typ de tekst opnieuw."),
    (("directive", "%YAML", "%TAG", "version", "document", "DOCUMENT", "STREAM", "stream-start", "non-alphabetical"),
     "het bestand bevat een tweede document of een YAML-aanwijzing (---, ... of %)",
     "Een beschrijving is één document: verwijder regels met alleen '---' of '...', en zet tekst die met % "
     "begint tussen aanhalingstekens."),
    (("indentation indicator", "chomping"), "na '|' of '>' staat iets dat daar niet mag",
     "Zet na '|' of '>' niets anders op de regel (hoogstens '-'); de tekst begint op de regel eronder."),
    (("comment or a line break", "comment or line break"), "na deze waarde staat nog iets op dezelfde regel",
     "Zet de hele tekst tussen aanhalingstekens, of zet het overige op een eigen regel."),
    (("expected ' '", "whitespace"), "na '-' of ':' hoort een spatie", "Schrijf '- punt' en 'naam: waarde', met een spatie."),
    (("digit",), "een getal is onvolledig", _AANHALINGSTEKENS),
    (("too long",), "een regel of waarde is te lang", "Verdeel de tekst over meer regels met een blok ('|')."),
    (("duplicate key",), "een veld staat hier twee keer", "Voeg de twee samen of verwijder er een."),
    (("block level", "flow level"), "het bestand is te diep genest", _INSPRINGING),
]
_ONBEKEND = ("de opbouw van het bestand klopt hier niet",
             "Controleer inspringing, dubbele punten en aanhalingstekens rond deze regel.")


def vertaal(problem: str | None) -> tuple[str, str]:
    """A YAML parser problem as a Dutch (message, hint); never the English text itself."""
    for needles, melding, hint in _PROBLEMS:
        if any(n in (problem or "") for n in needles):
            return melding, hint
    return _ONBEKEND


# after this many syntax errors in one file the reader stops looking for more
MAX_SYNTAXFOUTEN = 10


def _utf8_error_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def read(path: Path, weergave: str | None = None) -> tuple[Document, list[Fout]]:
    """Read one YAML file into a Document; every problem becomes a Fout, never an exception."""
    name = weergave or str(path)
    doc = Document(name)

    def fout(line, col, melding, hint="", pad=()):
        return doc, [Fout(name, line, col, format_path(pad), melding, hint)]

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fout(1, 1, f"het bestand kan niet worden gelezen ({exc.strerror})", "Controleer naam en rechten van het bestand.")
    if len(raw) > MAX_BYTES:
        return fout(1, 1, f"het bestand is te groot ({len(raw):,} bytes; de grens is {MAX_BYTES:,} bytes)".replace(",", "."),
                    "Een methodiekbeschrijving past ruim binnen deze grens; controleer of er per ongeluk iets is geplakt.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _utf8_error_position(raw, exc.start)
        return fout(line, col, "het bestand is niet in UTF-8 opgeslagen (onleesbaar teken)",
                    "Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' en dan codering UTF-8).")
    verborgen = invisible_records(text, name)
    doc.verborgen = {f.regel for f in verborgen}
    if any(c in text for c in _REGELEINDEN):
        return doc, verborgen  # PyYAML counts these as line breaks: every later line number would be off
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fout(1, 1, "het bestand is leeg", "Kopieer een bestaande beschrijving uit methodiek/ als begin, of gebruik 'methodiek nieuw <id>'.")
    doc, errors = _parse(doc, text)
    return doc, verborgen + errors


def _parse(doc: Document, text: str) -> tuple[Document, list[Fout]]:
    """Parse decoded text into ``doc``; syntax errors are reported several at a time."""
    name = doc.bestand

    syntax: list[Fout] = []
    lines = text.split("\n")
    while True:
        loader = None
        try:
            loader = _Loader("\n".join(lines))
            node = loader.get_single_node()
            break
        except yaml.reader.ReaderError as exc:  # a control character, refused by the reader
            current = "\n".join(lines)
            line = current.count("\n", 0, exc.position) + 1
            col = exc.position - (current.rfind("\n", 0, exc.position) + 1) + 1
            return doc, syntax + [Fout(name, line, col, "",
                                       f"het bestand bevat een onzichtbaar stuurteken (code {exc.character:#06x})",
                                       "Verwijder het teken; het komt vaak mee bij kopiëren uit een ander programma.")]
        except _Refused as exc:
            return doc, syntax + [Fout(name, exc.mark.line + 1, exc.mark.column + 1, "", exc.melding, exc.hint)]
        except yaml.MarkedYAMLError as exc:
            line, col, melding, hint = _syntax_record(exc, lines)
        except yaml.YAMLError as exc:  # any other PyYAML error: still a Dutch record, never a traceback
            line, col, (melding, hint) = 1, 1, vertaal(str(exc))
        except RecursionError:
            return doc, syntax + [Fout(name, 1, 1, "", "het bestand is te diep genest", "Controleer de inspringing.")]
        finally:
            if loader is not None:
                loader.dispose()
        # Report this one, then look past it: blank out the line (and the lines indented
        # under it) and parse again, so that the other syntax errors come in the same run.
        if syntax and (line, col) <= (syntax[-1].regel, syntax[-1].kolom) or len(syntax) >= MAX_SYNTAXFOUTEN \
                or _skip(lines, line - 1, doc.overgeslagen) == 0:
            syntax.append(Fout(name, line, col, "", melding, hint + " " + _MEER))
            return doc, syntax
        syntax.append(Fout(name, line, col, "", melding, hint))

    errors: list[Fout] = []
    if node is not None:  # None: every line was left out after its syntax error ("a: b: c"), nothing to read
        doc.data = _build(node, (), doc, errors, loader)
    if syntax:
        syntax[-1] = replace(syntax[-1], hint=syntax[-1].hint + " " + _MEER)
    return doc, syntax + errors


_MEER = "Na het herstel van deze fout kan de controle nog meer vinden."


def _syntax_record(exc, lines: list[str]) -> tuple[int, int, str, str]:
    """(line, column, message, hint) of a parser error, pointing where the coordinator must look."""
    mark = exc.problem_mark or exc.context_mark
    melding, hint = vertaal(exc.problem or str(exc))
    if mark and lines[mark.line:mark.line + 1] and lines[mark.line][mark.column:mark.column + 1] == "\t":
        melding, hint = vertaal("found character '\\t'")
    if exc.context_mark and "expected ','" in (exc.problem or ""):
        mark = exc.context_mark  # where the bracket was opened
    if exc.context_mark and "end of stream" in (exc.problem or ""):
        # an unclosed quote or bracket: point at where it was opened, not at the end of the file
        mark = exc.context_mark
        melding = "een aanhalingsteken of haakje op deze regel wordt nergens gesloten"
    return (mark.line + 1 if mark else 1), (mark.column + 1 if mark else 1), melding, hint


def _skip(lines: list[str], index: int, skipped: set) -> int:
    """Blank out line ``index`` and the lines indented deeper below it (its content);
    returns how many non-empty lines were blanked. The line numbers stay the same."""
    if not 0 <= index < len(lines):
        return 0

    def indent(text):
        return len(text) - len(text.lstrip(" \t"))

    own = indent(lines[index])
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or indent(lines[end]) > own):
        end += 1
    blanked = 0
    for i in range(index, end):
        if lines[i].strip():
            blanked += 1
            skipped.add(i + 1)
        lines[i] = ""
    return blanked


# What YAML calls printable (YAML 1.1, 5.1): the reader refuses anything else when it is
# typed raw; the same characters written as an escape ("\\0", "\\u0007") are refused here.
_NOT_PRINTABLE = re.compile(r"[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _control_character(node, path, doc: Document, errors: list[Fout]) -> bool:
    """Refuse an escaped control character in a text or a field name (a NUL or BEL would
    otherwise end up in the HTML); True when one was found."""
    found = _NOT_PRINTABLE.search(node.value) if isinstance(node.value, str) else None
    if not found:
        return False
    code = ord(found.group())
    errors.append(Fout(doc.bestand, *_mark(node), format_path(path),
                       f"de tekst bevat een onzichtbaar stuurteken (code {code:#06x}), ook als het met een "
                       f"backslash-code is geschreven",
                       "Verwijder het teken of de code (zoals \\0, \\a of \\u0007); een tekst bevat alleen "
                       "zichtbare tekens, spaties en regeleinden."))
    return True


# Characters a reader of the file cannot see but that change what the site shows: every
# bidirectional control (Unicode's Bidi_Control: they reorder the text, the "Trojan Source"
# trick), every other invisible format character (Unicode category Cf), the line and
# paragraph separators that YAML 1.1 counts as line breaks and YAML 1.2 does not, and the
# blank "letters" used to hide text. A soft hyphen and the zero-width (non-)joiners and
# spaces are allowed inside a word, where they guide hyphenation or shaping.
_NAMEN = {
    0x00AD: "zacht afbreekstreepje",
    0x061C: "Arabische lettermarkering",
    0x180E: "Mongoolse klinkerscheiding",
    0x200B: "breedteloze spatie",
    0x200C: "breedteloze niet-verbinder",
    0x200D: "breedteloze verbinder",
    0x200E: "links-naar-rechtsmarkering",
    0x200F: "rechts-naar-linksmarkering",
    0x202A: "links-naar-rechtsinbedding",
    0x202B: "rechts-naar-linksinbedding",
    0x202C: "einde van een richtingsopmaak",
    0x202D: "links-naar-rechtsoverschrijving",
    0x202E: "rechts-naar-linksoverschrijving",
    0x2060: "woordverbinder",
    0x2066: "links-naar-rechtsisolatie",
    0x2067: "rechts-naar-linksisolatie",
    0x2068: "eerst-sterke isolatie",
    0x2069: "einde van een richtingsisolatie",
    0xFEFF: "bytevolgordemarkering of BOM",
    0x0085: "volgende-regelteken (NEL)",
    0x2028: "regelscheidingsteken",
    0x2029: "alineascheidingsteken",
    0x115F: "onzichtbare Hangul-vulletter",
    0x1160: "onzichtbare Hangul-vulletter",
    0x3164: "onzichtbare Hangul-vulletter",
    0xFFA0: "onzichtbare Hangul-vulletter",
}
RICHTING = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})

# The same rule as a regular expression, in the syntax that both Python's re and ECMA-262
# (JSON Schema's 'pattern', with the u flag) understand: the schemas state it as the pattern
# of $defs/zichtbaar (ZICHTBAAR), so that any validator refuses what this reader refuses.
# Format characters (category Cf, Unicode 15.1) outside the Basic Multilingual Plane are
# written as the characters themselves: ECMA-262 and Python have no common escape for them.
_CF = (r"\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200E\u200F\u202A-\u202E\u2061-\u2064"
       r"\u2066-\u206F\uFEFF\uFFF9-\uFFFB"
       "\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001"
       "\U000E0020-\U000E007F")
# never allowed in a text: control characters (tab, line feed and carriage return excepted),
# surrogates, non-characters, line and paragraph separators, blank letters, format characters
_ALTIJD = (r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u115F\u1160\u2028\u2029\u3164\uD800-\uDFFF"
           r"\uFFA0\uFFFE\uFFFF" + _CF)
# allowed only between two characters of a word: soft hyphen, zero-width space and (non-)joiners, word joiner
_IN_WOORD = r"\u00AD\u200B\u200C\u200D\u2060"
_IN_WOORD_TEKENS = frozenset("\u00ad\u200b\u200c\u200d\u2060")
# what does not count as part of a word: the above, spaces, punctuation and symbols of ASCII and Latin-1,
# the general punctuation block (dashes, quotes, spaces) and the ideographic space
_GEEN_WOORD = r"\u0000-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u00BF\u1680\u2000-\u206F\u3000" + _ALTIJD
ZICHTBAAR = f"^(?:[^{_ALTIJD}{_IN_WOORD}]|(?<=[^{_GEEN_WOORD}])[{_IN_WOORD}](?=[^{_GEEN_WOORD}]))*$"
_ONZICHTBAAR = re.compile(f"[{_ALTIJD}]|(?<![^{_GEEN_WOORD}])[{_IN_WOORD}]|[{_IN_WOORD}](?![^{_GEEN_WOORD}])")
_REGELEINDEN = "\x85\u2028\u2029"


def invisible(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every invisible or direction-changing character in the text
    that is not allowed where it stands (control characters have a record of their own)."""
    return [(m.start(), m.group()) for m in _ONZICHTBAAR.finditer(text)
            if m.group() in _REGELEINDEN or not _NOT_PRINTABLE.match(m.group())]


def beschrijf(ch: str, als_code: bool = False) -> tuple[str, str]:
    """Dutch (message, hint) for one refused invisible character; ``als_code`` when a
    backslash code in a quoted text put it there."""
    code = ord(ch)
    naam = f"een {_NAMEN[code]}" if code in _NAMEN else "een onzichtbaar opmaakteken"
    if code in RICHTING:
        naam = "een richtingsteken: " + naam
    melding = f"het bestand bevat {naam} (U+{code:04X})" + (", geschreven als backslash-code" if als_code else "")
    weg = "Verwijder het teken" + (f" (de code \\u{code:04X} of \\u{code:04x})" if als_code else "")
    if code in RICHTING:
        return (melding + ". Dit onzichtbare teken verandert de leesrichting: de site zou de tekst anders tonen "
                "dan u hem in het bestand leest",
                weg + "; tekst in een andere taal of schrift heeft geen richtingstekens nodig.")
    if ch in _IN_WOORD_TEKENS:
        return (melding + " buiten een woord; het is onzichtbaar",
                weg + ". Midden in een woord mag het staan, maar niet alleen, aan het begin of eind van een "
                "waarde of naast een spatie of leesteken.")
    if code == 0xFEFF:
        return (melding + " midden in het bestand; het is onzichtbaar",
                weg + "; het mag alleen als allereerste teken van het bestand staan.")
    if ch in _REGELEINDEN:
        return (melding + "; sommige programma's zien het als regeleinde en andere niet",
                weg + " en gebruik een gewoon regeleinde (Enter) of een spatie.")
    return (melding + "; het is onzichtbaar",
            weg + "; het komt vaak mee bij kopiëren uit een ander programma.")


def invisible_records(text: str, name: str) -> list[Fout]:
    """One record per refused invisible character of the file text, wherever it stands:
    in a value, a field name or a comment."""
    out = []
    for i, ch in invisible(text):
        line = text.count("\n", 0, i) + 1
        col = i - (text.rfind("\n", 0, i) + 1) + 1
        out.append(Fout(name, line, col, "", *beschrijf(ch)))
    return out


def _escaped_invisible(node, path, doc: Document, errors: list[Fout]) -> bool:
    """Refuse an invisible character that a backslash code put into a text or field name
    ("\\u202E"); one already refused where it stands in the file gets no second record."""
    found = invisible(node.value) if isinstance(node.value, str) else []
    if not found or any(line in doc.verborgen for line in range(node.start_mark.line + 1, node.end_mark.line + 2)):
        return False  # none, or already refused where it stands (the text is kept: no second record)
    errors.append(Fout(doc.bestand, *_mark(node), format_path(path), *beschrijf(found[0][1], als_code=True)))
    return True


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node, path, doc: Document, errors: list[Fout], loader=None):
    doc.waarden[path] = _mark(node)
    if node.tag not in STANDARD_TAGS:
        errors.append(Fout(doc.bestand, *_mark(node), format_path(path),
                           f"de tag '{node.tag}' is niet toegestaan",
                           "Verwijder de tag (alles wat met ! begint); gewone tekst, getallen en lijsten hebben geen tag nodig."))
        return None
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                errors.append(Fout(doc.bestand, *_mark(key_node), format_path(path),
                                   "samenvoegen met '<<' wordt niet ondersteund", "Schrijf de velden volledig uit."))
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                errors.append(Fout(doc.bestand, *_mark(key_node), format_path(path),
                                   f"de veldnaam '{_short(key_node)}' is geen tekst",
                                   "Gebruik als veldnaam een woord uit de opzet, zoals 'naam' of 'tekst'."))
                continue
            key = key_node.value
            child = path + (key,)
            if _control_character(key_node, child, doc, errors) or _escaped_invisible(key_node, child, doc, errors):
                continue
            if key in result:
                first = doc.sleutels[child]
                errors.append(Fout(doc.bestand, *_mark(key_node), format_path(child),
                                   f"het veld '{key}' staat hier twee keer (eerder op regel {first[0]})",
                                   "Voeg de twee samen of verwijder er een; anders zou één van beide stil verdwijnen."))
                continue
            doc.sleutels[child] = _mark(key_node)
            result[key] = _build(value_node, child, doc, errors, loader)
        return result
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), doc, errors, loader) for i, item in enumerate(node.value)]
    if _control_character(node, path, doc, errors) or _escaped_invisible(node, path, doc, errors):
        return None
    # Scalars as the YAML 1.2 core schema reads them; dates stay text (the schema checks their form).
    if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        if not node.style and _GETALACHTIG.match(node.value) and ("_" in node.value or "0b" in node.value):
            teken, cijfers = re.match(r"([-+]?)(.*)", node.value.replace("_", "")).groups()
            getal = ("-" if teken == "-" else "") + (str(int(cijfers[2:], 2)) if cijfers.startswith("0b") else cijfers)
            errors.append(Fout(doc.bestand, *_mark(node), format_path(path),
                               f"'{node.value}' is dubbelzinnig: de ene YAML-lezer (zoals die van check-jsonschema) "
                               f"ziet het getal {getal}, de andere (zoals uw editor) de tekst '{node.value}'",
                               f"Schrijf {getal} als het een getal is; is het tekst, zet hem dan tussen "
                               f"aanhalingstekens."))
        return node.value
    value = _scalar12(node.tag, node.value)
    if not isinstance(value, str):
        doc.geschreven[path] = node.value
    if isinstance(value, int) and not isinstance(value, bool) and _VOORLOOPNUL.match(node.value):
        errors.append(Fout(doc.bestand, *_mark(node), format_path(path),
                           f"het getal {node.value} begint met een 0 en is daardoor dubbelzinnig: uw editor "
                           f"leest {value}, oudere YAML-programma's lezen {_octaal(node.value)}",
                           f"Schrijf {value}, zonder voorloopnul; is het een tekst (zoals een code), zet hem dan "
                           f"tussen aanhalingstekens: '{node.value}'."))
    return value


_VOORLOOPNUL = re.compile(r"^[-+]?0[0-9]+$")
# Numbers in the extended forms of other YAML readers (YAML 1.1, ruamel.yaml): 1_000, 0b101.
# Under the 1.2 core schema they are text; where readers disagree, the handbook refuses.
_GETALACHTIG = re.compile(r"^[-+]?(?:0b[01][01_]*|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
                          r"|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)$")


def _octaal(text: str) -> str:
    """What a YAML 1.1 reader makes of an integer with a leading zero: octal when every
    digit is below 8, else (PyYAML) a text."""
    digits = text.lstrip("+-")
    if set(digits) <= set("01234567"):
        return str(int(digits, 8) * (-1 if text.startswith("-") else 1)) + " (achttallig)"
    return f"de tekst '{text}'"


def _short(node) -> str:
    value = getattr(node, "value", "")
    return value if isinstance(value, str) else "…"
