"""The handbook model: every YAML file read once, validated once, as plain data.

``laad(root)`` is the single entry point used by the command line, the MkDocs
hook, the macros and the tests. It returns a ``Handboek`` that carries the
programmes, the shared vocabularies, the schema and every error found; it is
cached on the files' size and modification time, so a build (and every page
in it) reuses one load while ``mkdocs serve`` picks up each edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cache, reader, schema as schemas, stijl, validate
from .errors import Fout

PROGRAMME_DIR = "methodiek"
DATA_DIR = "data"


@dataclass
class Handboek:
    """Everything one build needs: programmes by id, vocabularies by name, errors."""

    root: Path
    schema: schemas.Schema
    programmas: dict = field(default_factory=dict)  # id -> data (sorted by id)
    bestanden: dict = field(default_factory=dict)  # id -> path relative to root
    data: dict = field(default_factory=dict)  # data file stem -> data
    vocabulaires: dict = field(default_factory=dict)  # vocabulary name -> {key: item}
    fouten: list = field(default_factory=list)
    waarschuwingen: list = field(default_factory=list)  # reported, but the build goes on (e.g. word budgets)
    fragmenten: dict = field(default_factory=dict)  # rendered sections, shared by the pages of one build
    sleutel: str = ""  # hash of every input (files, schemas, data, code): names a whole build's pages
    invoer: list = field(default_factory=list)  # content hash of each programme file, in load order
    # Drafts: 'status: concept' programmes that could be read but have errors (parts not yet
    # filled in, or any other error). They never count as valid; only the preview (mkdocs
    # serve) shows them, with each gap and error marked where it occurs.
    concepten: dict = field(default_factory=dict)  # id -> data
    gaten: dict = field(default_factory=dict)  # id -> {section key or '': [Fout of each gap or error]}
    voorbeeld: bool = False  # set by the hook in mkdocs serve: drafts get a page
    # Preview only (set by the hook): a file that cannot be read shows its last version without
    # errors (``oud``: id -> file), or, when there was none in this session, a page with its errors
    # (``kapot``: id -> file), so no open tab of it ends on a page that does not exist.
    oud: dict = field(default_factory=dict)
    kapot: dict = field(default_factory=dict)

    @property
    def outline(self) -> list[schemas.Sectie]:
        return self.schema.outline()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _vocabularies(data, sch: schemas.Schema) -> dict[str, dict]:
    """Every vocabulary a data schema declares (arrays marked x-vocabulaire), keyed by 'key';
    empty when ``data`` does not hold it (a file that could not be read: ``data`` None)."""
    out = {}
    for prop, sub in (sch.root.get("properties") or {}).items():
        vocab = sub.get("x-vocabulaire")
        if vocab:
            items = data.get(prop) if isinstance(data, dict) else None
            out[vocab] = {item["key"]: item for item in items if isinstance(item, dict) and "key" in item} \
                if isinstance(items, list) else {}
    return out


def programme_files(root: Path) -> list[Path]:
    """The programme files under ``methodiek/`` (both .yml and .yaml), sorted."""
    folder = Path(root) / PROGRAMME_DIR
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def data_files(root: Path) -> list[Path]:
    return sorted((Path(root) / DATA_DIR).glob("*.yml"))


def check_programme(path: Path, hb: Handboek) -> tuple[dict | None, list[Fout]]:
    """Read and validate one programme file against the schema and the handbook's vocabularies.
    An unchanged file (same bytes, schemas, data and code) comes from the cache."""
    name = _rel(path, hb.root)
    try:
        raw = Path(path).read_bytes()
    except OSError:
        raw = b""
    # the day is part of the key: a date that lies in the future today is allowed tomorrow
    entry = cache.key("programma", name, raw, cache.fingerprint(hb.root), validate.vandaag())
    hb.invoer.append(entry)
    memo = _checked.get(name)
    if memo is not None and memo[0] == entry:  # this process read it already (mkdocs serve)
        return memo[1], list(memo[2])
    hit = cache.get(hb.root, "programma", entry)
    if hit is not None:
        data, errors = hit["data"], [Fout(**f) for f in hit["fouten"]]
    else:
        data, errors = _check_programme(path, hb, name)
        cache.put(hb.root, "programma", entry, {"data": data, "fouten": [vars(f) for f in errors]})
    _checked[name] = (entry, data, tuple(errors))
    return data, errors


# The last result per file in this process (the data is shared, never changed), so a rebuild
# in mkdocs serve does not parse every unchanged file's cache entry again.
_checked: dict[str, tuple] = {}


def _check_programme(path: Path, hb: Handboek, name: str) -> tuple[dict | None, list[Fout]]:
    doc, read_errors = reader.read(path, name)
    if not isinstance(doc.data, dict):
        return None, read_errors or [Fout(doc.bestand, 1, 1, "",
                           f"het bestand bevat {validate.found(doc.data)} in plaats van een methodiekbeschrijving",
                           "Een beschrijving bestaat uit velden als 'id:', 'naam:' en 'probleem:'; kopieer een bestaande beschrijving als begin.")]
    errors = _validate(path, hb, doc)
    if not read_errors:
        return doc.data, errors
    # All errors at once: what the reader refused, then the checks of the rest. A value the
    # reader already refused (and the lines it left out to read past a syntax error) gets
    # no second record, and nothing counts as missing while lines were left out.
    refused = [f.pad for f in read_errors if f.pad]

    def own(f: Fout) -> bool:
        if f.regel in doc.overgeslagen or (doc.overgeslagen and f.gat):
            return False
        return not any(f.pad == p or f.pad.startswith((p + ".", p + " (")) for p in refused)

    return None, read_errors + [f for f in errors if own(f)]


def _validate(path: Path, hb: Handboek, doc) -> list[Fout]:
    errors = validate.schema_errors(doc, hb.schema)
    errors += validate.reference_errors(doc, hb.schema, hb.vocabulaires)
    errors += validate.history_errors(doc)
    errors += validate.source_key_errors(doc, hb.schema, hb.vocabulaires)
    errors += validate.word_errors(doc, hb.schema)
    errors += stijl.stijl_errors(doc, hb.schema, hb.vocabulaires)
    stem = path.name.rsplit(".", 1)[0]
    ident = doc.data.get("id")
    if isinstance(ident, str) and ident != stem:
        errors.append(Fout(doc.bestand, *doc.plek(("id",)), "id",
                           f"de id '{ident}' is niet gelijk aan de bestandsnaam '{stem}'",
                           f"Noem het bestand '{ident}.yml' of verander de id in '{stem}'."))
    return errors


_data_memo: dict = {}  # root -> (signature of data files and schemas, vocabularies, data, errors)


def _load_data(root: Path, hb: Handboek) -> None:
    """The shared data files, read and validated; kept in this process while they and the
    schemas are unchanged (mkdocs serve rebuilds after every edit of a programme)."""
    sig = _signature(root, [])  # programme files included: harmless, only costs a miss
    sig = tuple(x for x in sig if Path(x[0]).parent.name != PROGRAMME_DIR)
    hit = _data_memo.get(str(root.resolve()))
    if hit and hit[0] == sig:
        hb.vocabulaires.update(hit[1])
        hb.data.update(hit[2])
        hb.fouten += list(hit[3])
        return
    _load_data_files(root, hb)
    _data_memo[str(root.resolve())] = (sig, dict(hb.vocabulaires), dict(hb.data), list(hb.fouten))


def _load_data_files(root: Path, hb: Handboek) -> None:
    loaded = []
    for path in data_files(root):
        name = path.stem
        doc, errors = reader.read(path, _rel(path, root))
        if not errors:
            try:
                sch = schemas.load(root, name)
            except FileNotFoundError:
                errors = [Fout(doc.bestand, 1, 1, "", f"er is geen schema voor data/{name}.yml",
                               f"Voeg schemas/{name}.schema.json toe of verwijder het bestand.")]
            else:
                errors = validate.schema_errors(doc, sch)
                hb.vocabulaires.update(_vocabularies(doc.data, sch))
                hb.data[name] = doc.data
                loaded.append((doc, sch))
        hb.fouten += errors
    # a data file that could not be read (its record says why) still leaves its vocabularies,
    # empty: the preview goes on showing every page, with the error banner
    for path in sorted((Path(root) / schemas.SCHEMA_DIR).glob("*.schema.json")):
        name = path.name[:-len(".schema.json")]
        if name != schemas.PROGRAMME_SCHEMA:
            for vocab, empty in _vocabularies(None, schemas.load(root, name)).items():
                hb.vocabulaires.setdefault(vocab, empty)
    # cross-references inside data (e.g. 'aangehaald_in') resolve once every vocabulary is known
    for doc, sch in loaded:
        hb.fouten += validate.reference_errors(doc, sch, hb.vocabulaires)


def is_draft(data, errors: list[Fout], path: Path) -> bool:
    """A draft: marked 'status: concept', readable, with a valid id, and not yet without errors
    (parts not filled in, or any other error: the preview marks each where it occurs)."""
    return (isinstance(data, dict) and data.get("status") == "concept" and bool(errors)
            and data.get("id") == path.name.rsplit(".", 1)[0])


def sectie_van(pad: str, outline) -> str:
    """The outline section a record's path lies in ('' for the key facts above the sections)."""
    first = pad.split(".")[0].split(" ")[0]
    return first if any(s.key == first for s in outline) else ""


def _signature(root: Path, paths) -> tuple:
    sig = []
    for p in [*data_files(root), *programme_files(root), *sorted((Path(root) / schemas.SCHEMA_DIR).glob("*.json")), *paths]:
        try:
            st = Path(p).stat()
            sig.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            sig.append((str(p), None, None))
    return tuple(sig)


_cache: dict = {}


def laad(root: Path | str, paths: list[Path] | None = None) -> Handboek:
    """Load and validate the handbook under ``root``.

    ``paths``: programme files to check instead of all of ``methodiek/`` (the
    shared data is always loaded, as programmes refer to it).
    """
    root = Path(root)
    key = (str(root.resolve()), tuple(map(str, paths or ())))
    sig = _signature(root, paths or ())
    hit = _cache.get(key)
    if hit and hit[0] == sig:
        return hit[1]
    hb = Handboek(root=root, schema=schemas.load(root))
    _load_data(root, hb)
    for path in (paths if paths is not None else programme_files(root)):
        data, records = check_programme(Path(path), hb)
        errors = [f for f in records if f.blokkeert]
        hb.waarschuwingen += [f for f in records if not f.blokkeert]
        if data is not None and not errors and data["id"] in hb.programmas:
            # methodiek/x.yml and methodiek/x.yaml: one would silently replace the other
            errors = [Fout(_rel(Path(path), root), 1, 1, "id",
                           f"de id '{data['id']}' staat ook al in {hb.bestanden[data['id']]}",
                           "Houd één bestand per programma; verwijder of hernoem het andere.")]
        hb.fouten += errors
        if data is not None and not errors:
            hb.programmas[data["id"]] = data
            hb.bestanden[data["id"]] = _rel(Path(path), root)
        elif is_draft(data, errors, Path(path)):
            hb.concepten[data["id"]] = data
            hb.bestanden.setdefault(data["id"], _rel(Path(path), root))
            for f in errors:
                hb.gaten.setdefault(data["id"], {}).setdefault(sectie_van(f.pad, hb.outline), []).append(f)
    hb.programmas = dict(sorted(hb.programmas.items()))
    hb.fouten.sort()
    hb.waarschuwingen.sort()
    # by content, not by modification time: a checkout that restores the same files still hits
    hb.sleutel = cache.key("handboek", cache.fingerprint(root), *hb.invoer)
    _cache[key] = (sig, hb)
    return hb
