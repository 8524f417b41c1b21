"""The mkdocs-macros entry (a pluglet: ``plugins: macros: modules: [macros.site]``).

Each macro takes the handbook model ``hb`` (loaded once per build by
``model.laad``) and plain arguments, and returns Markdown rendered from a
template. ``define_env`` registers them for the pages; the generated pages
call them with literal ids only.
"""
from __future__ import annotations

import datetime
import json
from functools import partial
from pathlib import Path

from markupsafe import Markup

from . import cache, inventory, kaart, model, pages
from . import schema as schemas
from .render import Renderer, programmanaam, template


def _context(hb: model.Handboek, basis: str) -> dict:
    """Template variables every template may use; ``basis`` leads from the page to the docs root."""
    return {
        **hb.vocabulaires,  # every vocabulary of data/ by its name (bronnen, sectoren, begrippen ...)
        "vocabulaires": hb.vocabulaires,
        "basis": Markup(basis),
        "gebruikte_sectoren": [key for key in hb.vocabulaires["sectoren"]
                               if any(key in p["sectoren"] for p in hb.programmas.values())],
        "pages": pages,
    }


def _render(hb: model.Handboek, name: str, basis: str, fragment=None, **values) -> str:
    ctx = _context(hb, basis)
    # a page about one programme gives its templates the programme (e.g. for citations
    # that point at one of its source discrepancies)
    own = {"p": values["p"], "ident": values["p"]["id"]} if "p" in values else {}
    r = Renderer(hb.schema, {**ctx, **own})
    return template(name).render(r=r, fragment=partial(fragment or _fragment, hb, r), **ctx, **values)


def _draft_fragment(hb: model.Handboek, r: Renderer, ident: str, sectie) -> Markup:
    """A section of a draft: whatever is written, rendered as on a finished page. A value
    whose form is still wrong (its error is marked above it) may not render: then the
    section says so instead of the page failing."""
    try:
        return _fragment(hb, r, ident, sectie)
    except Exception:  # noqa: BLE001 - a draft's half-written value; its records say what is wrong
        return Markup("*Dit onderdeel kan pas worden getoond als de fouten hierboven zijn opgelost.*\n")


def _kaarten(hb: model.Handboek, basis: str) -> dict:
    """The decision card rows of every programme, for a page at ``basis`` from the docs root."""
    ctx = _context(hb, basis)
    return {ident: kaart.rijen(hb.schema, ident, p, ctx, basis) for ident, p in hb.programmas.items()}


def _fragment(hb: model.Handboek, r: Renderer, ident: str, sectie) -> Markup:
    """The rendered content of one section of one programme, made once per build and shared
    by the method description and the comparison page (both lie two folders deep, so
    their relative links are the same)."""
    key = (ident, sectie.key, str(r.context["basis"]))
    if key not in hb.fragmenten:
        p = hb.programmas.get(ident) or hb.concepten[ident]
        value = p[sectie.key]
        # citations link to the programme's own discrepancies, so those are part of the key
        entry = cache.key("fragment", *key, json.dumps([value, p.get("bronverschillen")], sort_keys=True,
                                                       ensure_ascii=False), cache.fingerprint(hb.root))
        hit = cache.get(hb.root, "fragment", entry)
        if hit is None:
            own = Renderer(hb.schema, {**r.context, "p": p, "ident": ident})
            hit = str(own.value(sectie.schema, value, 3, own.anker(ident, sectie.key)))
            cache.put(hb.root, "fragment", entry, hit)
        hb.fragmenten[key] = Markup(hit)
    return hb.fragmenten[key]


def _programme(hb: model.Handboek, ident: str) -> dict:
    if ident not in hb.programmas:
        raise KeyError(f"onbekend programma '{ident}'; bekend zijn: {', '.join(hb.programmas) or 'geen'}")
    return hb.programmas[ident]


def _reeksen(hb: model.Handboek, p: dict) -> list[tuple[str, str, dict]]:
    """(key, title, series) of every phase series in a programme's fasering, in schema order."""
    series = ((key, hb.schema.resolve(sub)) for key, sub in hb.schema.at(("fasering",))["properties"].items())
    fasering = p.get("fasering") or {}  # a praktijkvoorbeeld may have none, or say 'niet beschreven'
    return [(key, sub.get("title", key), fasering[key])
            for key, sub in series if "fasen" in (sub.get("properties") or {}) and key in fasering]


def weggelaten(hb: model.Handboek, p: dict) -> list:
    """The sections of the full outline a description leaves out, as its level allows (a
    praktijkvoorbeeld describes only what its source gives): each shows as one line."""
    volledig = set(hb.schema.verplicht(hb.schema.niveaus()[0]))
    return [s for s in hb.outline if s.key in volledig and s.key not in p]


def niveau_labels(hb: model.Handboek) -> dict:
    """Level -> its explanation for a reader (the ``x-labels`` of ``niveau`` in the schema)."""
    return (hb.schema.root["properties"].get("niveau") or {}).get("x-labels", {})


def methodebeschrijving(hb: model.Handboek, ident: str) -> str:
    """The full method description of programme ``ident``: the decision card (the schema's
    ``x-kaart`` fields), a notice when its newest source is older than the schema allows,
    key facts, every outline section it fills in schema order (with its guiding question,
    derived marks and sources), the glossary terms it lists and the changelog."""
    p = _programme(hb, ident)
    bronnen = hb.vocabulaires["bronnen"]
    return _render(hb, "methode.md.j2", "../../", p=p, ident=ident, outline=hb.outline,
                   weggelaten=weggelaten(hb, p), niveau_labels=niveau_labels(hb),
                   kinds=pages.KINDS, huidig="index.md",
                   kaart=kaart.rijen(hb.schema, ident, p, _context(hb, "../../"), "../../"),
                   verouderd=kaart.verouderd(hb.schema, p, bronnen), nieuwste=inventory.nieuwste_bron(p, bronnen))


def conceptbeschrijving(hb: model.Handboek, ident: str) -> str:
    """The preview of draft ``ident`` (status concept, not yet complete; only in
    ``mkdocs serve``): a draft notice, the key facts not yet filled in, and every outline
    section, filled in or shown as a gap with its guiding question."""
    if not (hb.voorbeeld and ident in hb.concepten):
        raise KeyError(f"geen concept '{ident}' in de voorbeeldweergave")
    p = hb.concepten[ident]
    return _render(hb, "concept.md.j2", "../../", fragment=_draft_fragment, p=p, ident=ident, outline=hb.outline,
                   gaten=hb.gaten.get(ident, {}), bestand=hb.bestanden.get(ident, ""),
                   kaart=kaart.rijen(hb.schema, ident, p, _context(hb, "../../"), "../../", concept=True),
                   kenmerken=_kenmerken(hb, p))


# The key facts a draft shows when they are filled in (a finished page has them in kenmerken.md.j2).
KENMERKEN = ("afkorting", "regio", "periode", "status", "versie", "laatst_herzien")


def _kenmerken(hb: model.Handboek, p: dict) -> list[tuple[str, str]]:
    """(title, text) of the plain key facts a draft has filled in, titled by the schema."""
    out = []
    for key in KENMERKEN:
        value = p.get(key)
        if isinstance(value, (str, int, float)) or hasattr(value, "isoformat"):
            out.append(((hb.schema.at((key,)) or {}).get("title", key), str(value)))
    return out


def foutpagina(hb: model.Handboek, ident: str) -> str:
    """Preview only: the page of programme ``ident`` whose file cannot be read and had no
    version without errors in this session. The error records stand above it (as on every
    page); once the file is fixed, the description takes its place by itself."""
    if ident not in hb.kapot:
        raise KeyError(f"geen bestand met fouten voor '{ident}'")
    return _render(hb, "foutpagina.md.j2", "../../", ident=ident, bestand=hb.kapot[ident],
                   fouten=[f for f in hb.fouten if f.bestand == hb.kapot[ident]])


def competentieprofielen(hb: model.Handboek, ident: str, versie: str = "") -> str:
    """The competence profile of every role (functie) of programme ``ident``; each
    prints on a page of its own, headed by the description's and the handbook's ``versie``."""
    rol_schema = hb.schema.resolve(hb.schema.root["$defs"]["rol"])
    return _render(hb, "competenties.md.j2", "../../", p=_programme(hb, ident), rol_schema=rol_schema,
                   kinds=pages.KINDS, huidig="competenties.md", versie=versie)


def checklists(hb: model.Handboek, ident: str, versie: str = "") -> str:
    """Printable checklists of programme ``ident``, one block per phase of every phase
    series (werkwijze, invoering), headed with programme, phase, the description's own
    ``versie`` and ``laatst_herzien`` and the handbook ``versie``; each with its own print
    link and fields for school, name, date and notes."""
    p = _programme(hb, ident)
    return _render(hb, "checklist.md.j2", "../../", p=p, reeksen=_reeksen(hb, p), versie=versie,
                   kinds=pages.KINDS, huidig="checklists.md",
                   fase_schema=hb.schema.resolve(hb.schema.root["$defs"]["fase"]))


def programma_overzicht(hb: model.Handboek) -> str:
    """A table of every programme with its key facts and links to its pages (for the home page)."""
    return _render(hb, "overzicht.md.j2", "", programmas=hb.programmas)


def programma_index(hb: model.Handboek) -> str:
    """Every programme with its key facts and links to all its pages (the overview that
    the navigation points to, also when it no longer lists each programme)."""
    return _render(hb, "programma_index.md.j2", "../", programmas=hb.programmas, kinds=pages.KINDS)


def opzet(hb: model.Handboek) -> str:
    """The NJi outline as the schema states it: every section with its guiding question, word
    budget per level and whether a praktijkvoorbeeld has it, and the kinds of evidence a result
    can rest on."""
    soort = hb.schema.resolve(hb.schema.root["$defs"]["bewijs"])["properties"]["soort"]
    niveaus = hb.schema.niveaus()
    return _render(hb, "opzet.md.j2", "", outline=hb.outline, soorten=soort.get("x-labels", {}),
                   budget=hb.schema.root.get("x-budget"), niveaus=niveaus,
                   verplicht={n: set(hb.schema.verplicht(n)) for n in niveaus})


def vergelijking_overzicht(hb: model.Handboek) -> str:
    """The decision card of every programme side by side (one row per programme, one column
    per card field of the schema), with the sector/age filter and links to the
    per-section comparisons."""
    return _render(hb, "vergelijk_overzicht.md.j2", "../", programmas=hb.programmas, outline=hb.outline,
                   kaarten=_kaarten(hb, "../"), kaartvelden=kaart.velden(hb.schema))


def vergelijking_sectie(hb: model.Handboek, sectie: str) -> str:
    """One outline section (``sectie``, a key from the schema) of the programmes the reader
    chooses, side by side, with the sector/age filter. The page holds no programme's
    content: the browser loads the chosen ones' sections (``fragmenten``); without
    JavaScript it lists every programme's section as links (up to ``pages.NAV_LIMIT``)."""
    found = [s for s in hb.outline if s.key == sectie]
    if not found:
        raise KeyError(f"onbekend onderdeel '{sectie}'")
    return _render(hb, "vergelijk_sectie.md.j2", "../../", secties=found, titel=f"Vergelijken: {found[0].titel}",
                   vraag=found[0].vraag, programmas=hb.programmas, outline=hb.outline,
                   lijst=len(hb.programmas) <= pages.NAV_LIMIT)


def vergelijking_alles(hb: model.Handboek) -> str:
    """Every outline section of the programmes the reader chooses, section by section,
    side by side (as ``vergelijking_sectie``, for the whole outline)."""
    return _render(hb, "vergelijk_sectie.md.j2", "../../", secties=hb.outline, titel="Vergelijken: alle onderdelen",
                   vraag="", programmas=hb.programmas, outline=hb.outline,
                   lijst=len(hb.programmas) <= pages.NAV_LIMIT)


def keuzelijst(hb: model.Handboek) -> list[dict]:
    """What the comparison pages need to offer each programme for choice and filtering
    (written as vergelijken/programmas.json): id, name, sectors, ages, sections it fills."""
    keys = [s.key for s in hb.outline]
    return [{"id": ident, "afkorting": p["afkorting"], "naam": p["naam"], "label": programmanaam(p),
             "regio": p["regio"],
             "sectoren": p["sectoren"], "van": p["leeftijd"]["van"], "tot": p["leeftijd"]["tot"],
             "niveau": p["niveau"],
             "onderdelen": [k for k in keys if k in p]} for ident, p in hb.programmas.items()]


def fragmenten(hb: model.Handboek, idents=None) -> list[tuple[str, str, str]]:
    """(section key, programme id, Markdown) of every section every programme fills: what
    the comparison pages load, rendered for a page two folders deep (``vergelijken/<key>/``),
    the same text as on the programme page. ``idents``: only these programmes (default: all)."""
    out = []
    r = Renderer(hb.schema, _context(hb, "../../"))
    for sectie in hb.outline:
        for ident, p in hb.programmas.items():
            if idents is not None and ident not in idents:
                continue
            if sectie.key in p:
                out.append((sectie.key, ident, str(_fragment(hb, r, ident, sectie))))
    return out


def competentiematrix(hb: model.Handboek) -> str:
    """The competence catalogue as a matrix: catalogue competences (rows, by kind) against
    every role of every programme (columns), plus each competence's definition."""
    rollen = [(ident, p, rol) for ident, p in hb.programmas.items()
              for rol in (p.get("competenties") or {}).get("rollen", [])]
    zonder = [(ident, p) for ident, p in hb.programmas.items() if not (p.get("competenties") or {}).get("rollen")]
    gebruikt = {}
    for ident, p, rol in rollen:
        for soort in ("kennis", "vaardigheden", "houding"):
            for item in rol[soort]:
                if isinstance(item, dict):
                    gebruikt.setdefault(item["competentie"], set()).add((ident, rol["id"]))
    return _render(hb, "competentiematrix.md.j2", "", rollen=rollen, gebruikt=gebruikt, zonder=zonder)


def checklist_index(hb: model.Handboek) -> str:
    """Every printable checklist: per programme, per phase series, a link to each phase."""
    return _render(hb, "checklist_index.md.j2", "",
                   items=[(ident, p, _reeksen(hb, p)) for ident, p in hb.programmas.items()])


def begrippenlijst(hb: model.Handboek) -> str:
    """The glossary from data/begrippen.yml, with the programmes that list each term."""
    gebruik = {}
    for ident, p in hb.programmas.items():
        for key in p.get("begrippen", []):
            gebruik.setdefault(key, []).append(ident)
    return _render(hb, "begrippen.md.j2", "", gebruik=gebruik, programmas=hb.programmas)


def bronnenlijst(hb: model.Handboek) -> str:
    """The bibliography from data/bronnen.yml; for each source the programmes that cite it."""
    citing = {}
    for ident, p in hb.programmas.items():
        for key in inventory.cited_sources(p):
            citing.setdefault(key, []).append(ident)
    return _render(hb, "bronnenlijst.md.j2", "", citing=citing, programmas=hb.programmas)


def wijzigingenlijst(hb: model.Handboek) -> str:
    """Every programme's changelog entries on one list, newest first."""
    entries = sorted(((w["datum"], w["versie"], ident, p, w) for ident, p in hb.programmas.items()
                      for w in p["wijzigingen"]), key=lambda e: (e[0], e[2]), reverse=True)
    return _render(hb, "wijzigingenlijst.md.j2", "", entries=entries)


def aan_de_slag(hb: model.Handboek) -> str:
    """Guidance for a new school: which programme fits its sector and ages, what it
    takes (the randvoorwaarden as a readiness checklist) and where to start (the
    first phase of each programme's introduction)."""
    per_sector = {key: [ident for ident, p in hb.programmas.items() if key in p["sectoren"]]
                  for key in hb.vocabulaires["sectoren"]}
    return _render(hb, "aan_de_slag.md.j2", "", programmas=hb.programmas, per_sector=per_sector,
                   reeksen={ident: _reeksen(hb, p) for ident, p in hb.programmas.items()},
                   # the card is HTML, which MkDocs does not rewrite: from aan-de-slag/ the root is one up
                   kaarten=_kaarten(hb, "../"))


def volledigheid(hb: model.Handboek) -> str:
    """The completeness dashboard: per programme and outline section whether it is present,
    how many of its fields are filled, the share marked derived and the sources cited.
    Computed by ``inventory.volledigheid``, the same code as ``methodiek check --volledigheid``."""
    cellen = {ident: inventory.volledigheid(hb.schema, p) for ident, p in hb.programmas.items()}
    budget = {ident: schemas.per_niveau(hb.schema.root.get("x-budget"), schemas.niveau_van(hb.schema, p))
              for ident, p in hb.programmas.items()}
    return _render(hb, "volledigheid.md.j2", "", programmas=hb.programmas, outline=hb.outline, cellen=cellen,
                   budget=budget)


MACROS = [methodebeschrijving, conceptbeschrijving, foutpagina, competentieprofielen, checklists, programma_overzicht, programma_index, opzet,
          vergelijking_overzicht, vergelijking_sectie, vergelijking_alles, competentiematrix, checklist_index, begrippenlijst,
          bronnenlijst, wijzigingenlijst, aan_de_slag, volledigheid]


def define_env(env) -> None:
    """Register every macro with mkdocs-macros, bound to the (cached) model of this build."""
    root = Path(env.conf["config_file_path"]).parent
    version = str((env.conf.get("extra") or {}).get("handboek_versie", ""))

    def bind(macro):
        def call(*args):
            hb = model.laad(root)
            # a page whose inputs did not change since the last build comes from the cache; the
            # year counts (the notice on sources older than the schema allows), the date does not
            entry = cache.key("pagina", macro.__name__, *args, version, datetime.date.today().year, hb.sleutel)
            hit = cache.get(root, "pagina", entry)
            if hit is None:
                hit = macro(hb, *args, versie=version) if macro in (checklists, competentieprofielen) else macro(hb, *args)
                cache.put(root, "pagina", entry, str(hit))
            return hit
        call.__doc__ = macro.__doc__
        return call

    for macro in MACROS:
        env.macro(bind(macro), macro.__name__)
