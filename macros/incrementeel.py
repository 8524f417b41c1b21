"""``mkdocs serve``: after an edit, rebuild only the pages the edit changed.

MkDocs offers a dirty build (``mkdocs serve --dirty``): it renders only the pages whose
``File.is_modified()`` is true and keeps the other pages' HTML from the previous build.
For a file MkDocs did not read from disk (every generated page) ``is_modified()`` is
always true, and for a page in ``docs/`` it compares modification times, which says
nothing about the programmes a page shows. So the hook gives every page a dependency
key (``sleutels``) and its ``is_modified`` answers whether that key changed since the
previous build of this session:

- a programme's pages: that programme's data (or, for a draft, its data and records);
- the comparison pages per section: which programmes there are and their names (their
  content is loaded from the fragments, which are rewritten per changed programme);
- the pages over all programmes (overview, comparison overview, checklists, glossary,
  sources, changes, completeness, a hand-written page that calls a macro, and the open
  data ``handboek.json``): also only which programmes there are and their names. This is the preview's one compromise: a
  text edit in one programme shows on its own pages and in the comparison at once, but
  in these overviews only after the next full build (restarting ``mkdocs serve``, or an
  edit in data/, schemas/ or the code); rendering them all on every save would cost more
  than the programme's own pages (at 100 programmes, many times more);
- every page: the navigation, the error banner, the schemas, data, templates and code.

An edit to one programme therefore renders that programme's three pages and its comparison
fragments, not the whole site. Output of a page that no longer exists is removed, so
nothing stale stays reachable. The first build of a session, ``mkdocs build`` and
``mkdocs serve --clean`` render everything as before.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import cache, pages


def _hash(value) -> str:
    return cache.key(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


_hashes: dict[str, tuple] = {}  # programme id -> (its data object, hash): unchanged files keep their object


def _data_hash(ident: str, p) -> str:
    hit = _hashes.get(ident)
    if hit is not None and hit[0] is p:
        return hit[1]
    digest = _hash(p)
    _hashes[ident] = (p, digest)
    return digest


def sleutels(hb, nav, banner_records, version: str) -> dict[str, str]:
    """Dependency key of every generated page (docs-relative path -> key), and '' for the
    key every other page shares (its own file's modification time is added by the caller)."""
    common = cache.key("pagina-voorbeeld", cache.fingerprint(hb.root), version,
                       _hash(nav), _hash([vars(f) for f in banner_records]))
    names = _hash({ident: [p.get("naam"), p.get("afkorting")] for ident, p in hb.programmas.items()})
    out = {"": common}
    for ident, p in hb.programmas.items():
        key = cache.key(common, "programma", _data_hash(ident, p))
        for name, _title, _macro in pages.KINDS:
            out[pages.path(ident, name)] = key
    for ident, p in hb.concepten.items():
        out[pages.path(ident)] = cache.key(common, "concept", _hash(p),
                                           _hash({k: [vars(f) for f in v] for k, v in hb.gaten.get(ident, {}).items()}))
    for ident, name in hb.kapot.items():
        out[pages.path(ident)] = cache.key(common, "kapot", name)
    overview = cache.key(common, "namen", names)
    out["*"] = overview  # a hand-written page that calls a macro (e.g. the home page's overview)
    for page_path, _title, _macro in pages.SITE:
        out[page_path] = overview
    out[f"{pages.COMPARE}/{pages.ALLES}/index.md"] = cache.key(common, "namen", names)
    for sectie in hb.outline:
        out[f"{pages.COMPARE}/{sectie.key}/index.md"] = cache.key(common, "namen", names)
    return out


class Sessie:
    """What one ``mkdocs serve`` session remembers between builds."""

    def __init__(self):
        self.vorige: dict[str, str] = {}  # docs-relative path -> key of the last build
        self.uitvoer: dict[str, str] = {}  # docs-relative path -> output file of the last build
        self.fragmenten: dict[Path, str] = {}  # fragment file -> hash of what was written
        self.records: dict[str, list[Path]] = {}  # docs-relative path -> its search record files
        self.builds = 0

    def markeer(self, files, keys: dict[str, str]) -> int:
        """Give each documentation page an ``is_modified`` that says whether its key changed
        (or its output is missing); return how many pages will be rendered."""
        changed = 0
        for f in files.documentation_pages():
            key = keys.get(f.src_uri)
            if key is None:  # a hand-written page: its own file, and all data if it calls a macro
                try:
                    source = Path(f.abs_src_path).read_bytes() if f.abs_src_path else b""
                except OSError:
                    source = b""
                key = cache.key(keys["*"] if b"{{" in source else keys[""], f.src_uri, source)
            keys[f.src_uri] = key
            modified = self.builds == 0 or self.vorige.get(f.src_uri) != key or not Path(f.abs_dest_path).is_file()
            f.is_modified = (lambda value: lambda: value)(modified)
            changed += modified
        return changed

    def zoekrecords(self, src_uri: str, paths: list[Path]) -> None:
        """A page's new search records replace those of its previous build."""
        for old in self.records.get(src_uri, []):
            if old not in paths:
                Path(old).unlink(missing_ok=True)
        self.records[src_uri] = paths

    def klaar(self, files, keys: dict[str, str]) -> None:
        """After a build: remember the keys, and remove the output (and search records) of
        pages that are gone."""
        now = {f.src_uri: f.abs_dest_path for f in files.documentation_pages()}
        for src, dest in self.uitvoer.items():
            if src not in now:
                Path(dest).unlink(missing_ok=True)
                for old in self.records.pop(src, []):
                    Path(old).unlink(missing_ok=True)
        self.uitvoer = now
        self.vorige = {src: keys[src] for src in now if src in keys}
        self.builds += 1

    def schrijf(self, target: Path, body: str) -> bool:
        """Write a fragment unless the same text is there already; True when written."""
        digest = cache.key(body)
        if self.fragmenten.get(target) == digest and target.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        self.fragmenten[target] = digest
        return True

    def ruim_fragmenten(self, gone) -> None:
        """Remove the fragment files for which ``gone(path)`` is true (a section or programme
        that no longer exists)."""
        for target in list(self.fragmenten):
            if gone(target):
                target.unlink(missing_ok=True)
                del self.fragmenten[target]
