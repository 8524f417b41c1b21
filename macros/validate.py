"""The one place that decides validity.

Structure is checked by jsonschema against the schema files; this module only
translates jsonschema's own ``ValidationError`` objects into Dutch records
with the line of the offending value (from the reader's marks), and then
checks what a JSON Schema cannot: references into the shared vocabularies
(``x-verwijzing``) or into a list of the document itself (``x-lokaal``), unique
ids within a list (``x-uniek``), the programme id matching its file name, a
version history that only moves forward, word limits and budgets (``x-woorden``,
``x-budget``), and source keys written into prose instead of a citation.
"""
from __future__ import annotations

import datetime
import difflib
import math
import re
from functools import lru_cache

import regress
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from . import inventory
from .errors import FOUT, WAARSCHUWING, Fout, format_path
from .reader import Document, invisible
from .schema import Schema, niveau_van, per_niveau

TYPE_NAMES = {
    "string": "een tekst",
    "array": "een lijst (regels die met '- ' beginnen)",
    "object": "een groep velden ('naam: waarde')",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "ja of nee (true of false)",
    "null": "niets",
}


def found(value, geschreven: str | None = None) -> str:
    """What the coordinator wrote, in words; ``geschreven`` is the number as typed (1e1)."""
    if geschreven is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"het getal {geschreven}"
    if value is None:
        return "niets (een lege waarde)"
    if isinstance(value, bool):
        return "ja/nee"
    if isinstance(value, int):
        return f"het getal {value}"
    if isinstance(value, float):
        return f"het getal {value}"
    if isinstance(value, str):
        return "een tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep velden"
    return type(value).__name__


@lru_cache(maxsize=None)
def _ecma(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, flags="u")


def _pattern(validator, pattern, instance, schema):
    """JSON Schema's ``pattern`` with ECMA-262 semantics (as the specification says), not
    Python's: in Python ``$`` also matches before a final newline, so "1.0.0\\n" would pass."""
    if validator.is_type(instance, "string") and not _ecma(pattern).find(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def vandaag() -> str:
    """The day of the check, as JJJJ-MM-DD."""
    return datetime.date.today().isoformat()


def _niet_in_de_toekomst(validator, wanted, instance, schema):
    """``x-niet-in-de-toekomst``: a date of something that happened (a revision, a change, a
    check) may not lie after the day of the check. JSON Schema cannot say this."""
    if wanted and isinstance(instance, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", instance):
        try:
            datetime.date.fromisoformat(instance)
        except ValueError:
            return  # not a date at all: 'format' says so
        if instance > vandaag():
            yield ValidationError(f"{instance!r} is after today", validator="x-niet-in-de-toekomst")


def _integer(checker, instance) -> bool:
    """An integer is an int as the YAML 1.2 reader made it: 14.0 and 1e1 are numbers with a
    point or an exponent, not the whole number a coordinator should write (JSON Schema itself
    counts 14.0 as an integer)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


# Draft 2020-12 with the ECMA-262 regex engine that independent validators use too, an
# integer that is written as one, and the handbook's keyword for dates.
EcmaValidator = validators.extend(
    Draft202012Validator, {"pattern": _pattern, "x-niet-in-de-toekomst": _niet_in_de_toekomst},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _integer))


@lru_cache(maxsize=None)
def _validator(schema: Schema) -> Draft202012Validator:
    return EcmaValidator(schema.root, format_checker=FormatChecker())


def _show(value, limit: int = 60) -> str:
    """A value as the coordinator typed it, on one line; a newline shows as \\n."""
    text = str(value).replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_title(schema: Schema, path) -> str:
    sub = schema.at(path)
    title = (sub or {}).get("title")
    return f" ({title})" if title else ""


# Keywords about the form of one value: a value gets one record, the first that applies
# (for a date written wrongly, "geen geldige datum" and not also "niet de juiste vorm").
_VALUE_KEYWORDS = ("type", "format", "pattern", "minLength", "maxLength", "enum")


def _unknown_key_suggestion(name: str, allowed: list[str]) -> str | None:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def _where_to_add(doc: Document, schema: Schema, path, name: str, inst: dict) -> tuple[tuple[int, int], str]:
    """Where a missing field belongs: (line, column) of the field it goes before (or after),
    and a Dutch phrase that says so, following the order of the schema."""
    order = list(((schema.at(path) or {}).get("properties") or {}).keys())
    if name not in order:
        return doc.plek(path, sleutel=True), ""
    i = order.index(name)
    before = next((k for k in reversed(order[:i]) if k in inst), None)
    after = next((k for k in order[i + 1:] if k in inst), None)
    if before and after:
        at = doc.plek(path + (after,), sleutel=True)
        return at, f"na '{before}' en vóór '{after}' (regel {at[0]})"
    if after:
        at = doc.plek(path + (after,), sleutel=True)
        return at, f"vóór '{after}' (regel {at[0]})"
    if before:
        at = doc.plek(path + (before,), sleutel=True)
        return at, f"na '{before}' (dat begint op regel {at[0]})"
    return doc.plek(path, sleutel=True), ""


def _belongs_under(schema: Schema, path: tuple, inst, name) -> str | None:
    """The field just above an unknown field ``name`` in the same mapping when ``name`` is one
    of that field's own sub-fields (and not yet in it): the field was indented one level too
    little, e.g. 'kort:' written under 'kosten:' at the same indentation. None otherwise."""
    if not isinstance(inst, dict) or not isinstance(name, str):
        return None
    keys = list(inst)
    i = keys.index(name) if name in keys else 0
    if i == 0:
        return None
    above = keys[i - 1]
    if not isinstance(above, str):
        return None
    sub = schema.at(tuple(path) + (above,)) or {}
    value = inst[above]
    if name in (sub.get("properties") or {}) and (value is None or (isinstance(value, dict) and name not in value)):
        return above
    return None


def _leeg(value) -> bool:
    return value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip())


def _vraag(schema: Schema, path) -> str:
    """What a part not yet filled in should answer: its guiding question, else its title or key."""
    sub = schema.at(path) or {}
    return " ".join((sub.get("description") or sub.get("title") or str(path[-1] if path else "")).split())


def _schema_trail(schema: Schema, parts) -> list:
    """The schema nodes along a jsonschema ``schema_path`` (``$ref`` is transparent there)."""
    node, trail = schema.root, [schema.root]
    for part in parts:
        if isinstance(node, dict) and part not in node and "$ref" in node:
            node = schema.resolve(node)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        trail.append(node)
    return trail


def _voorwaarde(schema: Schema, err: ValidationError) -> str:
    """For an error from the 'then' of a conditional (if/then): the condition in words,
    e.g. "bij niveau 'methodiek'" or "bij een status anders dan 'niet nagegaan'"."""
    parts = list(err.relative_schema_path)
    if len(parts) < 2 or parts[-2] != "then":
        return ""
    trail = _schema_trail(schema, parts[:-2])
    cond = (trail[-1] if trail else {}).get("if") or {}
    words = []
    for name, sub in (cond.get("properties") or {}).items():
        if "const" in sub:
            words.append(f"bij {name} '{sub['const']}'")
        elif "const" in (sub.get("not") or {}):
            words.append(f"bij een {name} anders dan '{sub['not']['const']}'")
    return " en ".join(words)


def _niet_beschreven_hint(sub: dict, name: str) -> str:
    """For a part that may say 'niet_beschreven' instead (x-niet-beschreven): how to say so."""
    if "x-niet-beschreven" not in sub:
        return ""
    return (f"Beschrijven de bronnen dit niet, schrijf dan onder '{name}:' alleen 'niet_beschreven:' met "
            "'gezocht' (waar u zocht) en 'navragen' (bij wie een school het kan navragen).")


def _lijst_of_niet_beschreven(sub: dict) -> bool:
    """A list that may instead be {niet_beschreven: ...} (type array-or-object)."""
    return "x-niet-beschreven" in sub and isinstance(sub.get("type"), list) and "array" in sub["type"]


def schema_errors(doc: Document, schema: Schema) -> list[Fout]:
    """All jsonschema errors of a document, as Dutch records pointing at their lines:
    one record per mistake (a mistyped field name that leaves a required field missing is
    one record, with the suggestion; a value gets one record for its form)."""
    errors = list(_validator(schema).iter_errors(doc.data))
    # A mistyped field name: the required field it was meant to be is not "missing" as well.
    meant: dict = {}  # (object path, missing name) -> the unknown name typed instead
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list(((err.schema if isinstance(err.schema, dict) else {}).get("properties") or {}).keys())
            for name in err.instance:
                parent = _belongs_under(schema, tuple(err.absolute_path), err.instance, name)
                if name not in allowed and parent:
                    # a field moved one level out: it is not missing where it belongs
                    meant.setdefault((tuple(err.absolute_path) + (parent,), name), name)
                elif name not in allowed:
                    close = _unknown_key_suggestion(name, [a for a in allowed if a not in err.instance])
                    if close:
                        meant.setdefault((tuple(err.absolute_path), close), name)
    out: list[Fout] = []
    seen_required: set = set()
    seen_value: set = set()
    # A list that may say 'niet_beschreven' but holds a group of other fields: one record for it.
    lijst_als_groep = set()
    for err in errors:
        path = tuple(err.absolute_path)
        if isinstance(err.instance, dict) and _lijst_of_niet_beschreven(schema.at(path) or {}) \
                and err.validator in ("additionalProperties", "required") and path not in lijst_als_groep:
            lijst_als_groep.add(path)
            inst = err.instance
            if "niet_beschreven" in inst:
                others = [k for k in inst if k != "niet_beschreven"]
                at = path + (others[0],)
                out.append(Fout(doc.bestand, *doc.plek(at, sleutel=True), format_path(path),
                                f"naast 'niet_beschreven' staat hier ook {', '.join(repr(k) for k in others)}",
                                "'Niet beschreven' is een volledig antwoord: haal de andere velden weg, of haal "
                                "'niet_beschreven' weg en schrijf de punten als lijst (regels die met '- ' beginnen)."))
            else:
                out.append(Fout(doc.bestand, *doc.plek(path), format_path(path),
                                "hier hoort een lijst (regels die met '- ' beginnen) of alleen 'niet_beschreven', "
                                f"maar er staat een groep velden ({', '.join(repr(k) for k in inst)})",
                                "Zet elk punt op een eigen regel die begint met '- '. "
                                + _niet_beschreven_hint(schema.at(path) or {}, str(path[-1]) if path else "")))
    for err in errors:
        path = tuple(err.absolute_path)
        kw, expected, inst = err.validator, err.validator_value, err.instance
        sub = err.schema if isinstance(err.schema, dict) else {}
        if kw == "pattern" and isinstance(inst, str) and invisible(inst):
            continue  # the reader has refused the character where it stands, by name: one record per mistake
        if path in lijst_als_groep and kw in ("additionalProperties", "required"):
            continue
        if kw in _VALUE_KEYWORDS:
            if path in seen_value:
                continue
            seen_value.add(path)

        def add(melding, hint="", at=path, key=False):
            # a value left empty is a part not yet filled in: a gap in a draft's preview
            gat = _vraag(schema, at) if at == path and _leeg(inst) else ""
            out.append(Fout(doc.bestand, *doc.plek(at, sleutel=key), format_path(at), melding, hint, gat=gat))

        if kw == "required":
            for name in expected:
                if (path, name) in seen_required:
                    continue
                seen_required.add((path, name))
                if isinstance(inst, dict) and name not in inst and (path, name) not in meant:
                    child = schema.at(path + (name,)) or {}
                    vraag = child.get("description", "")
                    at, waar = _where_to_add(doc, schema, path, name, inst)
                    hint = f"Voeg '{name}:' toe{' ' + waar if waar else ''}." + (f" {vraag}" if vraag else "")
                    hint += (" " + _niet_beschreven_hint(child, name)) if _niet_beschreven_hint(child, name) else ""
                    voorwaarde = _voorwaarde(schema, err)
                    out.append(Fout(doc.bestand, *at, format_path(path + (name,)),
                                    f"het onderdeel '{name}'{_field_title(schema, path + (name,))} ontbreekt"
                                    + (f"; het is verplicht {voorwaarde}" if voorwaarde else ""), hint,
                                    gat=_vraag(schema, path + (name,))))
        elif kw == "additionalProperties":
            allowed = list((sub.get("properties") or {}).keys())
            for name in inst:
                if name in allowed:
                    continue
                parent = _belongs_under(schema, path, inst, name)
                if parent:  # the indentation is wrong, not the name: say that, and nothing about the name
                    add(f"de inspringing klopt niet: '{_show(name)}' hoort bij '{parent}' erboven, maar staat even ver "
                        "ingesprongen als dat veld",
                        f"Spring '{_show(name)}:' (en alles wat erbij hoort) twee spaties verder in dan '{parent}:'.",
                        at=path + (name,), key=True)
                    continue
                close = _unknown_key_suggestion(name, [a for a in allowed if a not in inst]) \
                    or _unknown_key_suggestion(name, allowed)
                if close and meant.get((path, close)) == name:
                    hint = f"Bedoelde u '{close}'? Dat veld ontbreekt nu; verbeter de naam."
                elif close:
                    hint = f"Bedoelde u '{close}'?"
                else:
                    hint = "Toegestaan zijn hier: " + ", ".join(allowed) + "."
                add(f"het veld '{_show(name)}' is onbekend; het zou bij het bouwen verloren gaan", hint,
                    at=path + (name,), key=True)
        elif kw == "type":
            wanted = expected if isinstance(expected, str) else expected[0]
            geschreven = doc.geschreven.get(path)
            if wanted == "integer" and isinstance(inst, float):
                heel = f"Schrijf {int(inst)}" if math.isfinite(inst) and inst.is_integer() else \
                    "Schrijf een heel getal, bijvoorbeeld 12"
                add(f"hier hoort een geheel getal, maar er staat {geschreven or inst}: een getal met een punt of "
                    f"een e", f"{heel}, zonder punt, komma of e.")
            else:
                add(f"hier hoort {TYPE_NAMES.get(wanted, wanted)}, maar er staat {found(inst, geschreven)}",
                    " ".join(h for h in (_type_hint(wanted, inst), sub.get("x-uitleg", "")) if h))
        elif kw == "x-niet-in-de-toekomst":
            add(f"de datum {inst} ligt na vandaag ({vandaag()})",
                "Schrijf de datum waarop het gebeurd is; een datum in de toekomst kan nog niet kloppen.")
        elif kw in ("minLength", "pattern") and isinstance(inst, str) and not inst.strip():
            add("de tekst is leeg of bevat alleen spaties", "Vul dit onderdeel in. " + sub.get("description", ""))
        elif kw == "minLength":
            add(f"de tekst is te kort ({len(inst)} tekens; minimaal {expected})",
                "Beschrijf dit onderdeel vollediger. " + sub.get("description", ""))
        elif kw == "maxLength":
            add(f"de tekst is te lang ({len(inst)} tekens; hoogstens {expected})",
                sub.get("x-uitleg", "Maak de tekst korter."))
        elif kw == "pattern":
            einde = ("De tekst eindigt met een regeleinde; haal het weg (schrijf de waarde op één regel, "
                     "tussen aanhalingstekens zonder \\n). " if inst.endswith("\n") else "")
            add(f"'{_show(inst)}' heeft niet de juiste vorm", einde + sub.get("x-uitleg", ""))
        elif kw == "format":
            add(f"'{_show(inst)}' is geen geldige datum", sub.get("x-uitleg", "Schrijf de datum als JJJJ-MM-DD."))
        elif kw == "enum":
            close = difflib.get_close_matches(str(inst), [str(e) for e in expected], n=1, cutoff=0.6)
            hint = f"Bedoelde u '{close[0]}'? " if close else ""
            add(f"'{_show(inst)}' is geen toegestane waarde",
                hint + "Kies uit: " + ", ".join(f"'{e}'" for e in expected) + ".")
        elif kw == "minItems":
            if not inst:
                add("de lijst is leeg", f"Vul minstens {expected} {'punt' if expected == 1 else 'punten'} in. "
                    + sub.get("description", ""))
            else:
                add(f"de lijst heeft {len(inst)} {'punt' if len(inst) == 1 else 'punten'}; minimaal {expected}",
                    "Vul de lijst aan. " + sub.get("description", ""))
        elif kw == "maxProperties" and isinstance(inst, dict) and "niet_beschreven" in inst:
            naast = (schema.at(path) or {}).get("x-niet-beschreven") or []
            others = [k for k in inst if k != "niet_beschreven" and k not in naast]
            at = path + (others[0],) if others else path
            ook = f"'{naast[0]}' en " if naast else ""
            out.append(Fout(doc.bestand, *doc.plek(at, sleutel=True), format_path(path),
                            f"naast 'niet_beschreven' staat hier ook {', '.join(repr(k) for k in others)}",
                            "'Niet beschreven' is een volledig antwoord: haal de andere velden weg (alleen "
                            f"{ook}'niet_beschreven' blijven staan), of haal 'niet_beschreven' weg als de bronnen "
                            "dit wel beschrijven."))
        elif kw == "anyOf" and all(set(alt) == {"required"} for alt in expected):
            names = [n for alt in expected for n in alt["required"]]
            props = (schema.at(path) or {}).get("properties") or {}
            uitleg = " ".join(" ".join((schema.resolve(props.get(n, {})).get("description") or "").split()) for n in names)
            add(f"hier ontbreekt {' of '.join(repr(n) for n in names)}",
                "Vul er minstens één in. " + uitleg)
        elif kw == "maxItems":
            add(f"de lijst heeft {len(inst)} punten; hoogstens {expected}", "Maak de lijst korter.")
        elif kw == "uniqueItems":
            add("de lijst bevat een waarde twee keer", "Verwijder de dubbele waarde.")
        elif kw in ("minimum", "maximum"):
            add(f"{_show(inst)} is te {'klein' if kw == 'minimum' else 'groot'} (grens: {expected})",
                "Controleer het getal.")
        else:  # a keyword the schema may gain later: still Dutch, still located
            add(f"de waarde voldoet niet aan de opzet (regel '{kw}')", "Vergelijk met de beschrijving in schemas/.")
    return out


def _type_hint(wanted: str, inst) -> str:
    if wanted == "array" and isinstance(inst, str):
        return "Zet elk punt op een eigen regel die begint met '- '."
    if wanted == "object" and isinstance(inst, str):
        return "Schrijf hier de onderliggende velden, elk op een eigen ingesprongen regel."
    if wanted == "string" and inst is None:
        return "Vul een tekst in, of verwijder het veld als het niet verplicht is."
    if wanted == "string" and isinstance(inst, (bool, int, float)):
        return "Zet de waarde tussen aanhalingstekens als het tekst is."
    if wanted == "integer":
        return "Schrijf een heel getal zonder aanhalingstekens, bijvoorbeeld 12."
    return ""


def local_vocabularies(data, schema: Schema) -> dict[str, dict]:
    """Vocabularies a document defines for itself: lists marked ``x-vocabulaire-lokaal``
    (e.g. the programme's own source discrepancies), keyed by their items' ``id``."""
    out: dict[str, dict] = {}

    def walk(value, sub):
        sub = schema.resolve(sub)
        name = sub.get("x-vocabulaire-lokaal")
        if name and isinstance(value, list):
            out[name] = {item["id"]: item for item in value if isinstance(item, dict) and isinstance(item.get("id"), str)}
        if isinstance(value, dict):
            props = sub.get("properties") or {}
            for key, child in value.items():
                if key in props:
                    walk(child, props[key])

    walk(data, schema.root)
    return out


# A vocabulary this short is listed in full when a key is not in it (sectors, kinds).
CLOSED_LIST = 20


def nearest(value: str, known: dict) -> str | None:
    """The key of the vocabulary entry nearest to what was typed, matched against each
    entry's key, name, term and spelling variants (so 'basisschool' finds 'po')."""
    names: dict[str, str] = {}
    for key, item in known.items():
        for text in [key, item.get("naam"), item.get("term"), *(item.get("varianten") or [])]:
            if isinstance(text, str):
                names.setdefault(text.lower(), key)
    close = difflib.get_close_matches(value.lower(), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def reference_errors(doc: Document, schema: Schema, vocabularies: dict[str, dict]) -> list[Fout]:
    """Unknown keys into shared vocabularies (x-verwijzing), into the document's own lists
    (x-lokaal), and duplicate ids (x-uniek)."""
    out: list[Fout] = []
    local = local_vocabularies(doc.data, schema)

    def walk(value, sub, path, soort=None):
        sub = schema.resolve(sub)
        if "if" in sub:  # conditional shapes (e.g. a catalogue reference or a plain text)
            branch = sub.get("then") if EcmaValidator(sub["if"]).is_valid(value) else sub.get("else")
            if branch:
                walk(value, {**{k: v for k, v in sub.items() if k not in ("if", "then", "else")}, **schema.resolve(branch)},
                     path, soort)
            return
        vocab = sub.get("x-verwijzing")
        if vocab and isinstance(value, str) and sub.get("x-lokaal"):
            known = local.get(vocab, {})
            if value not in known:
                close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
                hint = (f"Bedoelde u '{close[0]}'?" if close else
                        f"Bekend zijn: {', '.join(known)}." if known else
                        f"Deze beschrijving heeft nog geen {vocab}; voeg er eerst een toe met id '{value}'.")
                out.append(Fout(doc.bestand, *doc.plek(path), format_path(path),
                                f"'{value}' is geen id van een van de {vocab} in deze beschrijving", hint))
        elif vocab and isinstance(value, str):
            known = vocabularies.get(vocab, {})
            if value not in known:
                close = nearest(value, known)
                hint = f"Bedoelde u '{close}'? " if close else ""
                if len(known) <= CLOSED_LIST:  # a short list: name every allowed key
                    hint += "Kies uit: " + ", ".join(
                        f"'{k}'" + (f" ({item['naam']})" if isinstance(item.get("naam"), str) else "")
                        for k, item in known.items()) + "."
                elif not close:
                    hint += f"Voeg '{value}' eerst toe aan data/{vocab}.yml."
                out.append(Fout(doc.bestand, *doc.plek(path), format_path(path),
                                f"'{value}' staat niet in data/{vocab}.yml", hint))
            elif soort and known[value].get("soort") not in (None, soort):
                out.append(Fout(doc.bestand, *doc.plek(path), format_path(path),
                                f"'{value}' is in data/{vocab}.yml een competentie van de soort "
                                f"'{known[value]['soort']}', niet '{soort}'",
                                "Zet haar in de lijst die bij die soort hoort (kennis, vaardigheden of houding)."))
        for rows, columns in (sub.get("x-rijlengte") or {}).items():  # a table: every row as wide as its header
            if isinstance(value, dict) and isinstance(value.get(rows), list) and isinstance(value.get(columns), list):
                for i, row in enumerate(value[rows]):
                    if isinstance(row, list) and len(row) != len(value[columns]):
                        at = path + (rows, i)
                        out.append(Fout(doc.bestand, *doc.plek(at), format_path(at),
                                        f"deze rij heeft {len(row)} {'cel' if len(row) == 1 else 'cellen'}, maar de "
                                        f"tabel heeft {len(value[columns])} {columns}",
                                        "Geef elke rij evenveel cellen als er kolommen zijn; schrijf '-' voor een lege cel."))
        ordered = sub.get("x-oplopend")  # e.g. an age range: 'van' is not above 'tot'
        if ordered and isinstance(value, dict):
            low, high = (value.get(k) for k in ordered)
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)) and low > high:
                at = path + (ordered[0],)
                laag, hoog = (doc.geschreven.get(path + (k,), v) for k, v in zip(ordered, (low, high)))
                out.append(Fout(doc.bestand, *doc.plek(at), format_path(at),
                                f"'{ordered[0]}' ({laag}) is groter dan '{ordered[1]}' ({hoog})",
                                f"Zet de kleinste waarde bij '{ordered[0]}' en de grootste bij '{ordered[1]}'."))
        volledig = sub.get("x-volledig")  # every key of a shared vocabulary once (e.g. each role of the care structure)
        if volledig and isinstance(value, list) and value:  # an empty list has its own record (minItems)
            known = vocabularies.get(volledig, {})
            present = {item.get(sub.get("x-uniek")) for item in value if isinstance(item, dict)}
            veld = sub.get("x-uniek")
            for key, item in known.items():
                if key not in present:
                    naam = f" ({item['naam']})" if isinstance(item.get("naam"), str) else ""
                    out.append(Fout(doc.bestand, *doc.plek(path, sleutel=True), format_path(path),
                                    f"'{key}'{naam} uit data/{volledig}.yml ontbreekt in deze lijst",
                                    f"Noem elke sleutel uit data/{volledig}.yml precies één keer onder '{veld}': voeg '- {veld}: {key}' toe. "
                                    "Beschrijven de bronnen het niet, schrijf er dan 'niet_beschreven:' onder met "
                                    "'gezocht' en 'navragen'.",
                                    # a part not yet filled in: a draft's preview marks it as a gap
                                    gat=" ".join(f"{item.get('naam') or key}: {sub.get('description', '')}".split())))
        unique = sub.get("x-uniek")
        if unique and isinstance(value, list):
            first: dict = {}
            for i, item in enumerate(value):
                if isinstance(item, dict) and isinstance(item.get(unique), str):
                    ident = item[unique]
                    if ident in first:
                        at = path + (i, unique)
                        out.append(Fout(doc.bestand, *doc.plek(at), format_path(at),
                                        f"'{ident}' komt twee keer voor in deze lijst (eerder op regel "
                                        f"{doc.plek(path + (first[ident], unique))[0]})",
                                        f"Geef elk item een eigen '{unique}'."))
                    else:
                        first[ident] = i
        if isinstance(value, dict):
            props = sub.get("properties") or {}
            for key, child in value.items():
                if key in props:
                    walk(child, props[key], path + (key,), soort)
        elif isinstance(value, list) and "items" in sub:
            for i, item in enumerate(value):
                walk(item, sub["items"], path + (i,), sub.get("x-soort", soort))

    walk(doc.data, schema.root, ())
    return out


def _semver(text: str) -> tuple[int, ...] | None:
    parts = text.split(".") if isinstance(text, str) else []
    return tuple(int(p) for p in parts) if len(parts) == 3 and all(p.isdigit() for p in parts) else None


def _datum(text) -> str | None:
    """A date in the form JJJJ-MM-DD, else None (a date in another form has its own record)."""
    return text if isinstance(text, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None


def history_errors(doc: Document) -> list[Fout]:
    """The changelog moves forward: versions strictly increase, dates never go back,
    the newest entry is the current ``versie`` and no change is dated after ``laatst_herzien``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    entries = data.get("wijzigingen")
    if not isinstance(entries, list) or not entries:
        return []
    out: list[Fout] = []
    prev = None
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            return out
        version, date = _semver(entry.get("versie")), _datum(entry.get("datum"))
        if prev and version and prev[0] and version <= prev[0]:
            at = ("wijzigingen", i, "versie")
            out.append(Fout(doc.bestand, *doc.plek(at), format_path(at),
                            f"versie {entry['versie']} is niet hoger dan de versie erboven ({'.'.join(map(str, prev[0]))})",
                            "Zet de wijzigingen van oud naar nieuw, elke keer met een hoger versienummer."))
        if prev and isinstance(date, str) and isinstance(prev[1], str) and date < prev[1]:
            at = ("wijzigingen", i, "datum")
            out.append(Fout(doc.bestand, *doc.plek(at), format_path(at),
                            f"datum {date} ligt vóór de datum erboven ({prev[1]})",
                            "Een latere wijziging kan niet eerder gedateerd zijn."))
        prev = (version, date)
    last = entries[-1]
    # a version in the wrong form already has its own record: one record per mistake
    if isinstance(last, dict) and _semver(data.get("versie")) and _semver(last.get("versie")) \
            and last.get("versie") != data["versie"]:
        out.append(Fout(doc.bestand, *doc.plek(("versie",)), "versie",
                        f"versie {data['versie']} komt niet overeen met de laatste wijziging ({last.get('versie')})",
                        "Voeg onder 'wijzigingen' een regel toe voor deze versie, of zet 'versie' gelijk aan de laatste."))
    herzien = _datum(data.get("laatst_herzien"))
    if isinstance(last, dict) and herzien and _datum(last.get("datum")) and last["datum"] > herzien:
        out.append(Fout(doc.bestand, *doc.plek(("laatst_herzien",)), "laatst_herzien",
                        f"laatst_herzien ({herzien}) ligt vóór de laatste wijziging ({last['datum']})",
                        "Zet 'laatst_herzien' op de datum van de laatste wijziging of later."))
    return out


def word_errors(doc: Document, schema: Schema) -> list[Fout]:
    """Word limits from the schema. ``x-woorden`` on a text field is a hard limit (e.g. the
    summary's 600 words). ``x-budget`` on a section, and on the root for the whole
    description, is a budget: over it is a warning, or an error when the root sets
    ``x-budget-streng``. Citations, ids and references do not count."""
    data = doc.data if isinstance(doc.data, dict) else {}
    niveau = niveau_van(schema, data)
    out: list[Fout] = []
    hard = set()  # sections with a field over its hard limit: no second record for their budget
    for path, sub, text in inventory.strings(schema, schema.root, data):
        limit = per_niveau(sub.get("x-woorden"), niveau)
        n = inventory.tel_woorden(text)
        if limit and n > limit:
            hard.add(path[0])
            voor = f" voor een {niveau}" if isinstance(sub.get("x-woorden"), dict) else ""
            out.append(Fout(doc.bestand, *doc.plek(path), format_path(path),
                            f"de tekst heeft {n} woorden; hoogstens {limit}{voor}",
                            sub.get("x-uitleg", "Maak de tekst korter.")))
    ernst = FOUT if schema.root.get("x-budget-streng") else WAARSCHUWING
    totaal = 0
    for sectie in schema.outline():
        if sectie.key not in data:
            continue
        n = inventory.woorden(schema, sectie.schema, data[sectie.key])
        totaal += n
        budget = per_niveau(sectie.schema.get("x-budget"), niveau)
        if budget and n > budget and sectie.key not in hard:
            voor = f" voor een {niveau}" if isinstance(sectie.schema.get("x-budget"), dict) else ""
            out.append(Fout(doc.bestand, *doc.plek((sectie.key,), sleutel=True), sectie.key,
                            f"het onderdeel '{sectie.titel}' heeft {n} woorden; het budget is {budget}{voor}",
                            "Schrap herhaling en zijpaden; een bronverschil staat één keer onder 'bronverschillen'.",
                            ernst))
    budget = per_niveau(schema.root.get("x-budget"), niveau)
    if budget and totaal > budget:
        voor = f" voor een {niveau}" if isinstance(schema.root.get("x-budget"), dict) else ""
        out.append(Fout(doc.bestand, 1, 1, "",
                        f"de beschrijving heeft {totaal} woorden lopende tekst; het budget is {budget}{voor}",
                        "Kort de onderdelen in die boven hun budget zitten (methodiek check --volledigheid toont ze).",
                        ernst))
    return out


def source_key_errors(doc: Document, schema: Schema, vocabularies: dict[str, dict]) -> list[Fout]:
    """A source key (e.g. 'nhl2020') written in text a reader sees. The reader should see
    the source as author (year), which the site makes from a citation under 'bronnen:'."""
    bronnen = vocabularies.get("bronnen", {})
    if not bronnen or not isinstance(doc.data, dict):
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(bronnen, key=len, reverse=True))) + r")(?![\w-])",
                         re.IGNORECASE)
    lower = {k.lower(): k for k in bronnen}
    out: list[Fout] = []
    for path, _sub, text in inventory.strings(schema, schema.root, doc.data, citaten=True):
        for match in pattern.finditer(text):
            key = lower[match.group(1).lower()]
            line, col = doc.plek(path)
            if "\n" in text.rstrip("\n"):  # a block of lines ('|'): count down to the line of the key
                line += 1 + text[: match.start()].count("\n")
            leesbaar = f"{bronnen[key].get('auteurs', key)} ({bronnen[key].get('jaar', 'z.j.')})"
            out.append(Fout(doc.bestand, line, col, format_path(path),
                            f"de bronsleutel '{match.group(1)}' staat in de tekst die de lezer ziet",
                            f"Schrijf '{leesbaar}' of laat de naam weg, en verwijs onder 'bronnen:' met "
                            f"'bron: {key}' en de plaats; de site toont de bron dan leesbaar."))
    return out
