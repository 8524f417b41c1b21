"""MkDocs hook (``hooks: [macros/hook.py]``): validate, then generate the pages.

on_config: load and validate every YAML file once; any error stops the build
    with the same Dutch records as ``methodiek check``. Put the generated pages
    in the navigation, and write the glossary as abbreviation definitions that
    pymdownx.snippets appends to every page (Material shows them as tooltips).
on_files: add the generated pages (``File.generated``); a programme's pages
    get its YAML file as edit path.
on_post_page / on_post_build: every searchable page is cut into search records
    (``zoeken.records``) as it is written; after the build Pagefind indexes them
    into ``pagefind/`` inside the site (so each mike version searches its own
    content). A failed index fails the build with a Dutch message.
on_post_build / on_build_error: ``mkdocs build`` writes into a fresh folder
    beside the target and only swaps it in when the whole build succeeded, so
    a failed build leaves the previous site untouched (never a mix).
"""
from __future__ import annotations

import atexit
import hashlib
import html
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from macros import cache, model, opendata, pages, zoeken
from macros.errors import samenvatting, waarschuwingen
from macros.render import programmanaam, slug

log = logging.getLogger("mkdocs.plugins.methodiek")


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def _title(p: dict) -> str:
    # MkDocs' theme templates print navigation titles unescaped: escape here.
    return html.escape(programmanaam(p))


def abbreviations(begrippen: dict) -> str:
    """Markdown abbreviation definitions (``*[IKC]: Integraal kindcentrum``) for every glossary
    term and spelling variant. The tooltip gives the term in full (or the short description
    when a term has no long form); the Begrippen page has the whole explanation.

    One definition per Markdown block (a blank line between them): Python-Markdown's abbr
    processor takes one definition off a block per pass and every block processor before it
    searches the rest again, so one block of n definitions costs n² on every page (half the
    time of a whole build with the glossary's ~90 lines)."""
    lines = []
    for item in begrippen.values():
        text = " ".join((item.get("voluit") or item["omschrijving"]).split())
        for term in [item["term"], *item.get("varianten", [])]:
            lines.append(f"*[{term}]: {text}")
    return "\n\n".join(lines) + "\n"


_state: dict = {}


def on_startup(command, dirty):
    _state["command"] = command
    if command == "serve":
        from macros import incrementeel
        _state["sessie"] = incrementeel.Sessie()


class _Bytecode(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory for a serve session. MkDocs makes a new
    Jinja environment for every build, which compiles Material's templates again (seconds on
    a busy machine); Jinja checks each template's source before it reuses its bytecode."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


def on_pre_build(config):
    """Serve: the theme's Jinja environment of every build reuses the compiled templates of the
    session (``_Bytecode``) and the list of the theme's files (MkDocs walks the theme's folders
    on every build to find them; the theme does not change while serve runs, unless it was
    started with --watch-theme, which the list's key includes)."""
    if _state.get("sessie") is None:
        return
    theme = config.theme
    make_env = type(theme).get_env.__get__(theme)
    bytecode = _state.setdefault("bytecode", _Bytecode())
    listed = _state.setdefault("thema", {})

    def get_env():
        env = make_env()
        env.bytecode_cache = bytecode
        list_templates = env.list_templates

        def cached(extensions=None, filter_func=None):
            key = (tuple(theme.dirs), filter_func.__qualname__ if filter_func else None, tuple(extensions or ()),
                   tuple(os.stat(d).st_mtime_ns for d in theme.dirs if os.path.isdir(d)))
            if key not in listed:
                listed[key] = list_templates(extensions=extensions, filter_func=filter_func)
            return list(listed[key])

        env.list_templates = cached
        return env

    theme.get_env = get_env


class _DirtyNotice(logging.Filter):
    """Serve: MkDocs warns on every dirty build that navigation may be inaccurate; here every
    page's key includes the navigation, so a page whose navigation changed is rendered again."""

    def filter(self, record):
        return "A 'dirty' build is being performed" not in record.getMessage()


def on_serve(server, config, builder):
    """The page for an address that does not exist gets mkdocs' live-reload script too (MkDocs
    serves it without), so a tab on a page that is missing for a while (a renamed programme,
    a typo in the address while a file was broken) reloads by itself after the next build."""
    handler = server.error_handler
    inject = getattr(server, "_inject_js_into_html", None)

    def with_reload(code):
        content = handler(code)
        if content is not None and inject is not None:
            try:
                content = inject(content, server._visible_epoch)
            except (AttributeError, ValueError):  # another MkDocs version: the page without reload
                pass
        return content

    server.error_handler = with_reload
    if _state.get("sessie") is not None:
        # every rebuild after the first is a dirty build: only pages whose key changed are rendered
        from mkdocs.commands import serve as serve_command

        full_build = serve_command.build

        def dirty_build(config, *, serve_url=None, dirty=False):
            return full_build(config, serve_url=serve_url, dirty=True)

        serve_command.build = dirty_build
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    return server


def _preview() -> bool:
    """mkdocs serve: the preview a coordinator keeps open while editing. It never stops on
    an error (the server would hang on the last good version): every page shows the errors
    instead, and drafts are shown with their gaps. Build, deploy and CI stay strict."""
    return _state.get("command") == "serve"


def _keep_last_good(hb) -> None:
    """Preview: a programme file that cannot be read keeps its last version without errors
    of this session (``hb.oud``), or gets a page with its errors (``hb.kapot``); so every
    page that was open, and a new file's page, still answers and comes back by itself.
    Idempotent: the model of unchanged files is the same object on the next build."""
    good = _state.setdefault("laatst_goed", {})
    for ident, p in hb.programmas.items():
        if ident not in hb.oud:
            good[ident] = (p, hb.bestanden[ident])
    if not hb.fouten:
        return
    drafts = {hb.bestanden.get(ident) for ident in hb.concepten}
    for name in sorted({f.bestand for f in hb.fouten} - drafts):
        path = Path(name)
        stem = path.name.rsplit(".", 1)[0]
        if path.parent.as_posix() != model.PROGRAMME_DIR or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem):
            continue
        if stem in hb.programmas and stem not in hb.oud or stem in hb.concepten or stem in hb.kapot:
            continue
        if stem in good and good[stem][1] == name:
            hb.programmas[stem], hb.bestanden[stem] = good[stem][0], name
            hb.oud[stem] = name
        else:
            hb.kapot[stem] = name
    if hb.oud:
        hb.programmas = dict(sorted(hb.programmas.items()))
        # pages are cached on the inputs; which last good version stands in is an input too
        hb.sleutel = cache.key(hb.sleutel, *(json.dumps(good[i][0], sort_keys=True, default=str) for i in hb.oud))


def on_config(config):
    root = _root(config)
    if _state.get("sessie") is not None:
        cache.pin(root)  # serve: one fingerprint of code, schemas and data for the whole build
    hb = model.laad(root)
    _state["fouten"] = []
    if _preview():
        _keep_last_good(hb)
    if hb.fouten and _preview():
        hb.voorbeeld = True
        # a draft's gaps are marked on its own page only; every other error stands on every page
        gaps = {id(f) for per in hb.gaten.values() for records in per.values() for f in records if f.gat}
        _state["fouten"] = [f for f in hb.fouten if id(f) not in gaps]
        for fout in hb.fouten:
            log.warning(str(fout))
        log.warning(f"methodiek: {samenvatting(hb.fouten)} De voorbeeldweergave toont de fouten op elke pagina; "
                    "'mkdocs build' en de publicatie stoppen tot ze zijn opgelost.")
        # a page that still fails shows mkdocs-macros' message instead of stopping the server
        macros_plugin = config.plugins.get("macros")
        if macros_plugin is not None:
            macros_plugin.config["on_error_fail"] = False
    elif hb.fouten:
        for fout in hb.fouten:
            log.error(str(fout))
        raise PluginError(f"methodiek: {samenvatting(hb.fouten)} De site is niet gebouwd; "
                          "los de fouten op (controleer met 'methodiek check').")
    if hb.waarschuwingen:  # not a WARNING: a strict build must not fail on a word budget while it is advisory
        log.info(f"methodiek: {waarschuwingen(hb.waarschuwingen)} Zie 'methodiek check'.")
    if config.nav is not None:
        generated_nav = pages.navigation(hb.programmas, hb.outline, _title)
        if hb.voorbeeld and (hb.concepten or hb.kapot):
            generated_nav.insert(0, {"In bewerking": [
                *({html.escape(f"Concept: {p.get('naam') if isinstance(p.get('naam'), str) else ident}"): pages.path(ident)}
                  for ident, p in hb.concepten.items()),
                *({html.escape(f"Fout: {name}"): pages.path(ident)} for ident, name in hb.kapot.items())]})
        config.nav = config.nav[:1] + generated_nav + config.nav[1:]
    dump = os.environ.get("METHODIEK_MARKDOWN_DUMP")
    if dump:  # the benchmark's plain build uses the same navigation
        Path(dump).mkdir(parents=True, exist_ok=True)
        (Path(dump) / "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), encoding="utf-8")

    folder = Path(tempfile.gettempdir()) / f"methodiek-{hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]}"
    folder.mkdir(exist_ok=True)
    (folder / "begrippen.md").write_text(abbreviations(hb.vocabulaires.get("begrippen", {})), encoding="utf-8")
    _VOLUIT.clear()
    _VOLUIT.update(voluit(hb.vocabulaires.get("begrippen", {})))
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(folder), str(root)]  # glossary, and CONTRIBUTING.md for docs/bijdragen.md
    snippets["auto_append"] = ["begrippen.md"]
    snippets["check_paths"] = True

    _state["handboek"] = hb
    sessie = _state.get("sessie")
    if sessie is None or not sessie.builds:  # serve keeps one folder of search records for the session
        _discard_search_records()
        _state["zoekrecords"] = Path(tempfile.mkdtemp(prefix="methodiek-zoeken-"))
        atexit.register(_discard_search_records)

    if _state.get("command") == "build":
        target = Path(config.site_dir)
        staging = target.with_name(f".{target.name}.bouwen-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        _state["target"], _state["staging"] = target, staging
        config.site_dir = str(staging)
        # mkdocs-macros ends a failed page with SystemExit, which skips on_build_error
        atexit.register(_discard_staging)
    return config


def on_post_page(output, page, config):
    """Cut a searchable page into search records (``search: exclude: true`` pages stay out)."""
    folder, hb = _state.get("zoekrecords"), _state.get("handboek")
    if folder is None or hb is None or (page.meta.get("search") or {}).get("exclude"):
        return output
    programme = next((p for ident, p in hb.programmas.items() if page.file.src_uri == pages.path(ident)), None)
    records = zoeken.records(output, page.url, programme, hb.outline, hb.vocabulaires.get("sectoren", {}), slug)
    sessie = _state.get("sessie")
    if sessie is not None:  # serve: this page's records replace those of its previous build
        sessie.zoekrecords(page.file.src_uri, [Path(folder) / r.path for r in records])
    for record in records:
        zoeken.write(record, folder)
    return output


def on_post_build(config):
    """Write the comparison fragments, index the records with Pagefind, then swap the
    finished site into place; the old one is removed only afterwards. In ``mkdocs serve``
    after the first build, only the changed programmes' fragments are written and the
    search index is made in the background (the preview does not wait for it)."""
    files = _state.pop("files", None)
    drop_dead_weight(config.site_dir)
    hb = _state.get("handboek")
    sessie, keys = _state.get("sessie"), _state.pop("sleutels", None)
    if sessie is not None and keys is not None and hb is not None:
        changed = None if not sessie.builds else {
            ident for ident in hb.programmas if sessie.vorige.get(pages.path(ident)) != keys.get(pages.path(ident))}
        write_fragments(config, files, sessie, changed)
        sessie.klaar(files, keys)
        cache.unpin()
        if sessie.builds > 1:
            _index_in_background(config.site_dir, hb)
            return
    else:
        write_fragments(config, files)
    start = time.monotonic()
    try:
        count = zoeken.indexeer(_state.get("zoekrecords"), config.site_dir, _search_words(hb))
    except zoeken.ZoekFout as error:
        raise PluginError(f"methodiek: de zoekindex kon niet worden gemaakt: {error}. De site is niet "
                          "gebouwd; installeer het project opnieuw (pip install -e .) of meld deze fout.") from error
    finally:
        if sessie is None:
            _discard_search_records()
    log.info(f"Zoekindex: {count} onderdelen doorzoekbaar (Pagefind, {time.monotonic() - start:.1f} s).")
    target, staging = _state.pop("target", None), _state.pop("staging", None)
    if not target:
        return
    old = target.with_name(f".{target.name}.oud-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(target)


def _search_words(hb) -> dict:
    """What the search script gets beside the index: the glossary's word groups, the outline's
    section titles in order and the glossary terms (words of their own for the compounds).
    Without a handbook (a build that could not read it) all three are empty."""
    if hb is None:
        return {"groepen": [], "onderdelen": [], "termen": []}
    begrippen = hb.data.get("begrippen", {})  # (none when data/begrippen.yml could not be read)
    return {"groepen": zoeken.synonyms(begrippen), "onderdelen": [s.titel for s in hb.outline],
            "termen": [b["term"] for b in begrippen.get("begrippen", [])]}


_indexer = threading.Lock()


def _index_in_background(site_dir: str, hb) -> None:
    """Serve: index a snapshot of the session's search records with Pagefind in a thread;
    the search catches up a few seconds after the page. One index at a time."""
    folder = _state.get("zoekrecords")
    if folder is None:
        return
    words = _search_words(hb)

    def work():
        with _indexer:
            snapshot = Path(tempfile.mkdtemp(prefix="methodiek-zoeken-kopie-"))
            try:
                # a copy, so the next build may rewrite records meanwhile (at worst this index
                # misses that build's change; the next index has it)
                shutil.copytree(folder, snapshot, dirs_exist_ok=True)
                count = zoeken.indexeer(snapshot, site_dir, words)
                log.info(f"Zoekindex bijgewerkt: {count} onderdelen doorzoekbaar.")
            except (zoeken.ZoekFout, OSError, shutil.Error) as error:
                log.warning(f"methodiek: de zoekindex kon niet worden bijgewerkt: {error}.")
            finally:
                shutil.rmtree(snapshot, ignore_errors=True)

    threading.Thread(target=work, daemon=True).start()


# What the theme ships that no page of the handbook requests: source maps (for debugging
# the theme's own code), and Material's search (lunr with its language packs, and the web
# worker that runs it); the handbook searches with Pagefind.
DEAD_WEIGHT = ("assets/javascripts/lunr", "assets/javascripts/workers")


def drop_dead_weight(site_dir) -> None:
    """Remove from the built site what the theme ships and no page uses (``DEAD_WEIGHT`` and
    every ``.map`` file); the ``sourceMappingURL`` comments that point at the maps go too,
    so a browser's developer tools do not ask for them."""
    site = Path(site_dir)
    for folder in DEAD_WEIGHT:
        shutil.rmtree(site / folder, ignore_errors=True)
    for path in site.joinpath("assets").rglob("*.map"):
        path.unlink()
    for path in [*site.joinpath("assets").rglob("*.js"), *site.joinpath("assets").rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        stripped = re.sub(r"\n?/[/*][#@] sourceMappingURL=[^\n]*?(\*/)?\s*$", "\n", text)
        if stripped != text:
            path.write_text(stripped, encoding="utf-8")


def on_build_error(error):
    """A failed build: drop the half-written folder; the previous site stays as it was."""
    if _state.get("sessie") is None:
        _discard_search_records()
    else:
        cache.unpin()
        _state["sessie"].builds = 0  # the next build renders everything again
    _discard_staging()


def _discard_search_records():
    folder = _state.pop("zoekrecords", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _discard_staging():
    staging = _state.pop("staging", None)
    _state.pop("target", None)
    if staging:
        shutil.rmtree(staging, ignore_errors=True)


def on_files(files, config):
    root = _root(config)
    hb = model.laad(root)
    _state["files"] = files
    # what the comparison pages offer for choice (one small file, not one copy per page)
    from macros import site
    files.append(File.generated(config, f"{pages.COMPARE}/programmas.json",
                                content=json.dumps(site.keuzelijst(hb), ensure_ascii=False, separators=(",", ":"))))
    if hb.voorbeeld:
        for ident in hb.concepten:
            f = File.generated(config, pages.path(ident), content=pages.source("conceptbeschrijving", ident))
            f.edit_uri = _edit_uri(config, hb.bestanden[ident])
            files.append(f)
        for ident, name in hb.kapot.items():
            f = File.generated(config, pages.path(ident), content=pages.source("foutpagina", ident))
            f.edit_uri = _edit_uri(config, name)
            files.append(f)
    for page in pages.generated(hb.programmas, hb.bestanden, hb.outline):
        f = File.generated(config, page.path, content=page.content)
        if page.yaml:
            f.edit_uri = _edit_uri(config, page.yaml)
        files.append(f)
    # The schemas (for editors and reuse) and all data as one JSON file (open data).
    for path in sorted((root / "schemas").glob("*.schema.json")):
        files.append(File.generated(config, f"schemas/{path.name}", content=path.read_bytes()))
    version = str((config.extra or {}).get("handboek_versie", ""))
    sessie = _state.get("sessie")
    if sessie is None:
        files.append(File.generated(config, opendata.FILENAME, content=opendata.dump(hb, version)))
        return files
    # serve: render only the pages whose inputs changed (macros/incrementeel.py); the open data
    # (all programmes in one file) follows like the overviews do
    from macros import incrementeel
    keys = incrementeel.sleutels(hb, config.nav, _state.get("fouten", []), version)
    overview = keys[pages.SITE[0][0]]
    if _state.get("opendata", (None,))[0] != overview:
        _state["opendata"] = (overview, opendata.dump(hb, version))
    files.append(File.generated(config, opendata.FILENAME, content=_state["opendata"][1]))
    count = sessie.markeer(files, keys)
    _state["sleutels"] = keys
    if sessie.builds:
        log.info(f"methodiek: {count} van de {len(files.documentation_pages())} pagina's opnieuw opgemaakt.")
    return files


def write_fragments(config, files, sessie=None, changed=None) -> None:
    """Every programme's sections as one small HTML file, ``vergelijken/inhoud/<id>.html``
    (one ``<section data-onderdeel="<key>">`` per section it fills), which the comparison
    pages load for the programmes a reader chooses: one request per programme, cached by the
    browser from one comparison page to the next. Rendered with the site's own Markdown
    configuration and link rewriting (as a comparison page two folders deep, which they all
    are), then given the same post-processing as a page; its HTML ids are prefixed with the
    programme id and the section, so no two sections side by side share an id. Each section
    is cached on its Markdown. In ``mkdocs serve`` (``sessie``) only the ``changed``
    programmes' files are rendered, and a file whose text did not change is not rewritten."""
    import markdown
    from mkdocs.structure.pages import _RelativePathTreeprocessor  # MkDocs' own link rewriting (mkdocs < 2)

    from macros import cache, site

    if files is None:
        return
    root = _root(config)
    hb = model.laad(root)
    out = Path(config.site_dir) / pages.COMPARE / pages.INHOUD
    md = None
    bodies: dict[str, list[str]] = {}
    for key, ident, text in site.fragmenten(hb, changed):
        entry = cache.key("fragment-html", key, ident, text, cache.fingerprint(root))
        body = cache.get(root, "fragment-html", entry)
        if body is None:
            if md is None:
                page_file = files.get_file_from_path(f"{pages.COMPARE}/{pages.ALLES}/index.md")
                md = markdown.Markdown(extensions=config["markdown_extensions"],
                                       extension_configs=config["mdx_configs"] or {})
                _RelativePathTreeprocessor(page_file, files, config)._register(md)
            md.reset()
            body = prefix_ids(tidy(md.convert(text)), f"{ident}--{key}")
            cache.put(root, "fragment-html", entry, body)
        bodies.setdefault(ident, []).append(f'<section data-onderdeel="{html.escape(key, quote=True)}">{body}</section>')
    for ident, sections in bodies.items():
        target = out / f"{ident}.html"
        text = "\n".join(sections) + "\n"
        if sessie is not None:
            sessie.schrijf(target, text)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if sessie is not None:
        sessie.ruim_fragmenten(lambda target: target.stem not in hb.programmas)


_ID = re.compile(r'(\bid="|href="#)([^"]+)"')


def prefix_ids(html_text: str, prefix: str) -> str:
    """Prefix every id (and in-fragment link to one) with ``prefix--``."""
    return _ID.sub(lambda m: f'{m.group(1)}{prefix}--{m.group(2)}"', html_text)


_TASK = re.compile(r'(<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled)'
                   r'(/?>)(.*?)</li>', re.S)


_ABBR = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)
_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*") title="([^"]*)"')
_SECTION = re.compile(r"(?=<h2[\s>])")
# A page printed as units of their own (a checklist phase, a role's profile, each headed by a
# line that names the programme) is cut into those units instead of its h2 sections.
_PRINT_UNIT = re.compile(r'(?=<div class="checklist-fase"|<table class="rolprofiel")')


# term -> its full form, for the glossary terms that have one (set in on_config)
_VOLUIT: dict[str, str] = {}


def voluit(begrippen: dict) -> dict[str, str]:
    """Every glossary term and spelling variant with a full form (``voluit``): the words a
    printed page writes out after the abbreviation's first use."""
    out = {}
    for item in begrippen.values():
        if item.get("voluit"):
            for term in [item["term"], *item.get("varianten", [])]:
                out[term] = " ".join(re.sub(r"\s*\(.*?\)", "", item["voluit"]).split())  # without its own brackets
    return out


def first_abbreviations(html_text: str, expand: bool = True) -> str:
    """Keep a glossary tooltip (``<abbr>``) only on the first occurrence of each term per
    section (h2); later ones are plain text. Material sets up a tooltip for every
    ``<abbr>``, which on a long programme page costs a phone hundreds of milliseconds; the
    reader still gets the explanation where a section first uses the term. On paper, where
    there are no tooltips, the first use that stands alone (not 'SKJ-registratie') is followed
    by the full form in brackets: it carries ``data-voluit`` and the print style writes it out
    after the term ('JET (Jeugdexpertteam)'), so it is in no page text, search record or
    screen. A checklist phase or a role's profile (each a printed page) counts as a section."""
    out = []
    units = _PRINT_UNIT if _PRINT_UNIT.search(html_text) else _SECTION
    for part in units.split(html_text):
        seen, expanded = set(), set()

        def once(match):
            term = match.group(1)
            kept = match.group(0) if term not in seen else term
            seen.add(term)
            plain = html.unescape(term)
            full = _VOLUIT.get(plain)
            joined = match.string[match.end():match.end() + 1] in ("-", "'")  # SKJ-registratie, IB'er
            if expand and full and not joined and term not in expanded and full.lower() != plain.lower():
                expanded.add(term)  # the first use that stands alone; print CSS adds the full form
                attribute = f' data-voluit="{html.escape(full, quote=True)}"'
                end = kept.find(">")
                kept = (kept[:end] + attribute + kept[end:] if kept.startswith("<abbr")
                        else f"<span{attribute}>{kept}</span>")
            return kept
        out.append(_ABBR.sub(once, part))
    return "".join(out)


def on_page_content(html_text, page, config, files):
    """Give every checklist box its item's text as accessible name, name heading permalinks
    without a title and keep glossary tooltips to their first use per section (``tidy``).
    In the preview with errors, every page starts with the error banner."""
    # the glossary page itself gives every term in full: nothing to write out there
    return banner(_state.get("fouten", [])) + tidy(html_text, expand=page.file.src_uri != "begrippen.md")


def tidy(html_text: str, expand: bool = True) -> str:
    """What every page's content (and every comparison fragment) gets: each checklist box its
    item's text as accessible name (pymdownx.tasklist leaves the item text outside the
    <label>, which screen readers then miss); heading permalinks named with aria-label
    instead of a title, and glossary tooltips only on the first use per section
    (``first_abbreviations``): what Material's tooltips cost a phone grows with every
    element that has a title."""
    def name(match):
        label = " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(3))).split())
        return f'{match.group(1)} aria-label="{html.escape(label, quote=True)}"{match.group(2)}{match.group(3)}</li>'
    html_text = _PERMALINK.sub(r'\1 aria-label="\2"', _TASK.sub(name, html_text))
    return first_abbreviations(html_text, expand)


# In the preview a banner lists this many records; the rest are counted.
BANNER_LIMIT = 50


def banner(fouten: list) -> str:
    """The Dutch error banner of the preview: every record with file:line and what to do."""
    if not fouten:
        return ""
    items = "".join(
        f"<li><code>{html.escape(f.bestand)}:{f.regel}:{f.kolom}</code> "
        f"{html.escape(f.pad + ': ' if f.pad else '')}{html.escape(f.melding)}."
        f"{' ' + html.escape(f.hint) if f.hint else ''}</li>" for f in fouten[:BANNER_LIMIT])
    more = len(fouten) - BANNER_LIMIT
    if more > 0:
        items += f"<li>en nog {more} {'fout' if more == 1 else 'fouten'}; 'methodiek check' toont ze allemaal.</li>"
    return (f'<div class="admonition danger methodiek-fouten" role="alert">'
            f'<p class="admonition-title">{html.escape(samenvatting(fouten))}</p><p>Van een bestand met een fout '
            f'toont de voorbeeldweergave de laatste versie zonder fouten; een concept toont wat er staat, met elke fout '
            f'op haar plek. Los de fouten hieronder op en sla het bestand op; de pagina wordt dan vanzelf bijgewerkt. '
            f'Zolang er een fout is, wordt de site niet gepubliceerd.</p><ul>{items}</ul></div>\n')


_ARTICLE = re.compile(r"<article\b[^>]*>")


def on_post_template(output_content, template_name, config):
    """The page for an address that does not exist (e.g. a programme whose file has an
    error) shows the error banner too."""
    if template_name == "404.html" and _state.get("fouten"):
        return _ARTICLE.sub(lambda m: m.group(0) + banner(_state["fouten"]), output_content, count=1)
    return output_content


def on_page_markdown(markdown, page, config, files):
    """Give every generated page its own browser title (``pages.titles``; the theme prints
    ``page.meta.title`` unescaped, so it is escaped here). For the benchmark only
    (``METHODIEK_MARKDOWN_DUMP``): keep each page's Markdown after the macros ran, so the
    same pages can be built as plain static Markdown."""
    hb = model.laad(_root(config))
    if _state.get("titles", (None,))[0] is not hb:
        _state["titles"] = (hb, pages.titles(hb.programmas, hb.outline))
    title = _state["titles"][1].get(page.file.src_uri)
    if title:
        page.meta["title"] = html.escape(title, quote=False)
    folder = os.environ.get("METHODIEK_MARKDOWN_DUMP")
    if folder:
        target = Path(folder) / "docs" / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    return markdown


def _edit_uri(config, yaml_path: str) -> str | None:
    """Edit path of a generated page: its YAML file, relative to the configured edit_uri
    (which points at docs/), so 'Bewerk deze pagina' opens the YAML, not generated Markdown."""
    if not config.edit_uri:
        return None
    docs = Path(config.docs_dir).resolve().relative_to(_root(config).resolve())
    return "../" * len(docs.parts) + yaml_path
