"""The mkdocs-macros entry (a pluglet: ``plugins: macros: modules: [macros.site]``).

Each macro takes plain arguments, reads the handbook model loaded once per
build (``model.laad``) and returns Markdown rendered from a template. The
hand-written pages in ``docs/`` and the pages the hook generates call them.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from markupsafe import Markup

from . import model, pages
from .render import Renderer, template


def _context(hb: model.Handboek) -> dict:
    return {
        "bronnen": hb.vocabulaires.get("bronnen", {}),
        "sectoren": hb.vocabulaires.get("sectoren", {}),
    }


def _programme(hb: model.Handboek, ident: str) -> dict:
    if ident not in hb.programmas:
        raise KeyError(f"onbekend programma '{ident}'; bekend zijn: {', '.join(hb.programmas) or 'geen'}")
    return hb.programmas[ident]


def methodebeschrijving(hb: model.Handboek, ident: str) -> str:
    """The full method description of programme ``ident``: key facts, every outline
    section in schema order (with its guiding question, derived marks and sources)
    and the changelog."""
    p = _programme(hb, ident)
    r = Renderer(hb.schema, _context(hb))
    return template("methode.md.j2").render(p=p, outline=hb.outline, r=r, **_context(hb))


def competentieprofielen(hb: model.Handboek, ident: str) -> str:
    """The competence profile of every role (functie) of programme ``ident``."""
    p = _programme(hb, ident)
    r = Renderer(hb.schema, _context(hb))
    rol_schema = hb.schema.resolve(hb.schema.root["$defs"]["rol"])
    return template("competenties.md.j2").render(p=p, r=r, rol_schema=rol_schema, **_context(hb))


def checklists(hb: model.Handboek, ident: str, versie: str = "", datum: str = "") -> str:
    """Printable checklists of programme ``ident``, one block per phase of every phase
    series (werkwijze, invoering), headed with programme, phase, handbook ``versie``
    and ``datum``."""
    p = _programme(hb, ident)
    r = Renderer(hb.schema, _context(hb))
    fasering_schema = hb.schema.at(("fasering",))
    series = ((key, hb.schema.resolve(sub)) for key, sub in hb.schema.at(("fasering",))["properties"].items())
    reeksen = [(key, sub.get("title", key), p["fasering"][key])
               for key, sub in series if "fasen" in (sub.get("properties") or {}) and key in p["fasering"]]
    return template("checklist.md.j2").render(
        p=p, r=r, reeksen=reeksen, versie=versie, datum=datum or datetime.date.today().isoformat(),
        fase_schema=hb.schema.resolve(hb.schema.root["$defs"]["fase"]), **_context(hb))


def programma_overzicht(hb: model.Handboek) -> str:
    """A table of every programme with its key facts and links to its pages."""
    return template("overzicht.md.j2").render(programmas=hb.programmas, pages=pages, **_context(hb))


def opzet(hb: model.Handboek) -> str:
    """The NJi outline as the schema states it: every section with its guiding question."""
    return template("opzet.md.j2").render(outline=hb.outline)


def define_env(env) -> None:
    """Register the macros with mkdocs-macros; each loads the (cached) model of this build."""
    root = Path(env.conf["config_file_path"]).parent
    version = str((env.conf.get("extra") or {}).get("handboek_versie", ""))

    def hb() -> model.Handboek:
        return model.laad(root)

    def methode_macro(ident: str) -> str:
        return methodebeschrijving(hb(), ident)

    def competenties_macro(ident: str) -> str:
        return competentieprofielen(hb(), ident)

    def checklists_macro(ident: str) -> str:
        return checklists(hb(), ident, versie=version)

    env.macro(methode_macro, "methodebeschrijving")
    env.macro(competenties_macro, "competentieprofielen")
    env.macro(checklists_macro, "checklists")
    env.macro(lambda: programma_overzicht(hb()), "programma_overzicht")
    env.macro(lambda: opzet(hb()), "opzet")
