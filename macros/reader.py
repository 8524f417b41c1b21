"""The one place that reads YAML.

PyYAML composes a node graph (safe loader, never constructs Python objects);
this module turns it into plain data while recording the line and column of
every value and every key, so that later checks can point at the right line.
It refuses what would silently lose or corrupt input: duplicate keys, anchors
and aliases (which also stops alias bombs before any expansion), merge keys,
non-standard tags, non-string keys, and nesting beyond a sane depth.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
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


try:  # libyaml's scanner and parser, when PyYAML was built with it
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - pure-Python PyYAML
    _Parser = None


class _Loader(*((_Parser,) if _Parser else (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser)),
              yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
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
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
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


_PROBLEMS = [
    ("found character '\\t'", "een tab-teken gebruikt voor inspringen of in de opbouw",
     "Gebruik spaties in plaats van tabs (twee spaties per niveau)."),
    ("found duplicate anchor", "een anker (&) is dubbel gebruikt", "Verwijder ankers en verwijzingen (& en *)."),
    ("mapping values are not allowed here", "een dubbele punt staat op een plek waar dat niet mag",
     "Zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de inspringing."),
    ("could not find expected ':'", "er ontbreekt een dubbele punt na een veldnaam",
     "Schrijf elk veld als 'naam: waarde'."),
    ("did not find expected key", "de inspringing klopt niet of er staat iets tussen de velden dat geen veld is",
     "Controleer of alle velden op dit niveau even ver zijn ingesprongen."),
    ("did not find expected '-' indicator", "een lijstitem is verkeerd ingesprongen",
     "Zet elk lijstitem ('- ...') op dezelfde inspringing."),
    ("did not find expected node content", "een waarde ontbreekt of begint met een teken dat niet mag",
     "Zet de tekst tussen aanhalingstekens."),
    ("found unexpected end of stream", "het bestand houdt midden in een waarde op",
     "Controleer of alle aanhalingstekens en haakjes gesloten zijn."),
    ("found unknown escape character", "een backslash (\\) vormt een onbekende code",
     "Gebruik enkele aanhalingstekens of een blok met '|' voor tekst met een backslash."),
    ("expected ',' or ']'", "een lijst die met [ begint, wordt niet met ] gesloten",
     "Sluit de lijst met ] op dezelfde regel, of zet elk punt op een eigen regel met '- '."),
    ("expected ',' or '}'", "een groep die met { begint, wordt niet met } gesloten",
     "Sluit de groep met }, of schrijf de velden elk op een eigen ingesprongen regel."),
    ("expected <block end>", "de inspringing klopt niet", "Controleer of alle velden op dit niveau even ver zijn ingesprongen."),
    ("found character that cannot start any token", "een teken dat hier niet mag staan (bijvoorbeeld @ of `)",
     "Zet de tekst tussen aanhalingstekens."),
    ("found undefined tag handle", "een onbekende tag (!...)", "Verwijder de tag; gewone tekst heeft geen tag nodig."),
    ("special characters are not allowed", "het bestand bevat een niet-toegestaan (onzichtbaar) teken",
     "Verwijder het teken of typ de tekst opnieuw."),
]


def _yaml_problem(problem: str) -> tuple[str, str]:
    for needle, melding, hint in _PROBLEMS:
        if needle in (problem or ""):
            return melding, hint
    return (f"de YAML-opbouw klopt niet ({problem})",
            "Controleer inspringing, dubbele punten en aanhalingstekens rond deze regel.")


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
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fout(1, 1, "het bestand is leeg", "Kopieer een bestaande beschrijving uit methodiek/ als begin, of gebruik 'methodiek nieuw <id>'.")

    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:  # a control character, refused by the reader
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return fout(line, col, f"het bestand bevat een onzichtbaar stuurteken (code {exc.character:#06x})",
                    "Verwijder het teken; het komt vaak mee bij kopiëren uit een ander programma.")
    except _Refused as exc:
        return fout(exc.mark.line + 1, exc.mark.column + 1, exc.melding, exc.hint)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        melding, hint = _yaml_problem(exc.problem or str(exc))
        if mark and text.splitlines()[mark.line:mark.line + 1] and \
                text.splitlines()[mark.line][mark.column:mark.column + 1] == "\t":
            melding, hint = _yaml_problem("found character '\\t'")
        if exc.context_mark and "expected ','" in (exc.problem or ""):
            mark = exc.context_mark  # where the bracket was opened
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            # an unclosed quote or bracket: point at where it was opened, not at the end of the file
            mark = exc.context_mark
            melding = "een aanhalingsteken of haakje op deze regel wordt nergens gesloten"
        return fout(mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, melding, hint)
    except yaml.YAMLError as exc:  # any other PyYAML error: still a Dutch record, never a traceback
        melding, hint = _yaml_problem(str(exc))
        return fout(1, 1, melding, hint)
    except RecursionError:
        return fout(1, 1, "het bestand is te diep genest", "Controleer de inspringing.")
    finally:
        if loader is not None:
            loader.dispose()

    errors: list[Fout] = []
    doc.data = _build(node, (), doc, errors, loader)
    return doc, errors


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


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node, path, doc: Document, errors: list[Fout], loader):
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
            if _control_character(key_node, child, doc, errors):
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
    if _control_character(node, path, doc, errors):
        return None
    # Scalars: dates stay text (the schema checks their format); the rest as YAML 1.1 core types.
    if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value


def _short(node) -> str:
    value = getattr(node, "value", "")
    return value if isinstance(value, str) else "…"
