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
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from macros import model, opendata, pages, zoeken
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
    when a term has no long form); the Begrippen page has the whole explanation."""
    lines = []
    for item in begrippen.values():
        text = " ".join((item.get("voluit") or item["omschrijving"]).split())
        for term in [item["term"], *item.get("varianten", [])]:
            lines.append(f"*[{term}]: {text}")
    return "\n".join(lines) + "\n"


_state: dict = {}


def on_startup(command, dirty):
    _state["command"] = command


def _preview() -> bool:
    """mkdocs serve: the preview a coordinator keeps open while editing. It never stops on
    an error (the server would hang on the last good version): every page shows the errors
    instead, and drafts are shown with their gaps. Build, deploy and CI stay strict."""
    return _state.get("command") == "serve"


def on_config(config):
    root = _root(config)
    hb = model.laad(root)
    _state["fouten"] = []
    if hb.fouten and _preview():
        hb.voorbeeld = True
        gaps = {id(f) for per in hb.gaten.values() for records in per.values() for f in records}
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
        if hb.voorbeeld and hb.concepten:
            generated_nav.insert(0, {"Concepten": [
                {html.escape(f"Concept: {p.get('naam') or ident}"): pages.path(ident)} for ident, p in hb.concepten.items()]})
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

    _discard_search_records()
    _state["handboek"] = hb
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
    for record in zoeken.records(output, page.url, programme, hb.outline, hb.vocabulaires.get("sectoren", {}), slug):
        zoeken.write(record, folder)
    return output


def on_post_build(config):
    """Write the comparison fragments, index the records with Pagefind, then swap the
    finished site into place; the old one is removed only afterwards."""
    write_fragments(config, _state.pop("files", None))
    drop_dead_weight(config.site_dir)
    hb = _state.get("handboek")
    start = time.monotonic()
    try:
        words = {"groepen": zoeken.synonyms(hb.data.get("begrippen", {})) if hb else [],
                 "onderdelen": [s.titel for s in hb.outline] if hb else [],
                 "termen": [b["term"] for b in hb.data.get("begrippen", {}).get("begrippen", [])] if hb else []}
        count = zoeken.indexeer(_state.get("zoekrecords"), config.site_dir, words)
    except zoeken.ZoekFout as error:
        raise PluginError(f"methodiek: de zoekindex kon niet worden gemaakt: {error}. De site is niet "
                          "gebouwd; installeer het project opnieuw (pip install -e .) of meld deze fout.") from error
    finally:
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
    _discard_search_records()
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
    for page in pages.generated(hb.programmas, hb.bestanden, hb.outline):
        f = File.generated(config, page.path, content=page.content)
        if page.yaml:
            f.edit_uri = _edit_uri(config, page.yaml)
        files.append(f)
    # The schemas (for editors and reuse) and all data as one JSON file (open data).
    for path in sorted((root / "schemas").glob("*.schema.json")):
        files.append(File.generated(config, f"schemas/{path.name}", content=path.read_bytes()))
    version = str((config.extra or {}).get("handboek_versie", ""))
    files.append(File.generated(config, opendata.FILENAME, content=opendata.dump(hb, version)))
    return files


def write_fragments(config, files) -> None:
    """Every programme's sections as one small HTML file, ``vergelijken/inhoud/<id>.html``
    (one ``<section data-onderdeel="<key>">`` per section it fills), which the comparison
    pages load for the programmes a reader chooses: one request per programme, cached by the
    browser from one comparison page to the next. Rendered with the site's own Markdown
    configuration and link rewriting (as a comparison page two folders deep, which they all
    are), then given the same post-processing as a page; its HTML ids are prefixed with the
    programme id and the section, so no two sections side by side share an id. Each section
    is cached on its Markdown."""
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
    for key, ident, text in site.fragmenten(hb):
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
    out.mkdir(parents=True, exist_ok=True)
    for ident, sections in bodies.items():
        (out / f"{ident}.html").write_text("\n".join(sections) + "\n", encoding="utf-8")


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
            f'<p class="admonition-title">{html.escape(samenvatting(fouten))}</p><p>De pagina\'s van een bestand '
            f'met een fout ontbreken. Los de fouten hieronder op en sla het bestand op; de pagina wordt dan vanzelf '
            f'bijgewerkt. Zolang er een fout is, wordt de site niet gepubliceerd.</p><ul>{items}</ul></div>\n')


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
