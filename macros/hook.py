"""MkDocs hook (``hooks: [macros/hook.py]``): validate, then generate programme pages.

on_config: load and validate every YAML file once; any error stops the build
    with the same Dutch records as ``methodiek check``; add the programmes to
    the navigation.
on_files: generate the pages of each programme (``File.generated``), with the
    programme's YAML file as their edit path.
"""
from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from macros import model, pages
from macros.errors import samenvatting

log = logging.getLogger("mkdocs.plugins.methodiek")
NAV_SECTION = "Programma's"


def _root(config) -> Path:
    return Path(config.config_file_path).parent


def on_config(config):
    hb = model.laad(_root(config))
    if hb.fouten:
        for fout in hb.fouten:
            log.error(str(fout))
        raise PluginError(f"methodiek: {samenvatting(hb.fouten)} De site is niet gebouwd; "
                          "los de fouten op (controleer met 'methodiek check').")
    entries = []
    for ident, p in hb.programmas.items():
        # MkDocs' theme templates print navigation titles unescaped: escape here.
        title = html.escape(f"{p['afkorting']}: {p['naam']}")
        entries.append({title: [{kind_title: pages.path(ident, name)} for name, kind_title, _ in pages.KINDS]})
    nav = config.nav
    if nav is not None:
        nav = [item for item in nav if not (isinstance(item, dict) and NAV_SECTION in item)]
        nav.insert(min(1, len(nav)), {NAV_SECTION: entries})
        config.nav = nav
    return config


def on_files(files, config):
    hb = model.laad(_root(config))
    for ident in hb.programmas:
        for name, _title, macro in pages.KINDS:
            f = File.generated(config, pages.path(ident, name), content=pages.source(ident, macro))
            f.edit_uri = _edit_uri(config, hb.bestanden[ident])
            files.append(f)
    return files


def _edit_uri(config, yaml_path: str) -> str | None:
    """Edit path of a generated page: its YAML file, relative to the configured edit_uri
    (which points at docs/), so 'Bewerk deze pagina' opens the YAML, not generated Markdown."""
    if not config.edit_uri:
        return None
    docs = Path(config.docs_dir).resolve().relative_to(_root(config).resolve())
    return "../" * len(docs.parts) + yaml_path
