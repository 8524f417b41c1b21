"""Which pages the hook generates, and where they go in the navigation.

Two tables: the pages every programme gets, and the cross-programme pages.
Adding a page kind is adding one row here and one macro in ``site``; the
comparison pages follow the outline in the schema.
"""
from __future__ import annotations

from dataclasses import dataclass

# (file name inside programmas/<id>/, navigation title, macro that renders it)
KINDS = [
    ("index.md", "Methodiekbeschrijving", "methodebeschrijving"),
    ("competenties.md", "Competentieprofielen", "competentieprofielen"),
    ("checklists.md", "Checklists per fase", "checklists"),
]
FOLDER = "programmas"
COMPARE = "vergelijken"
ALLES = "alles"  # vergelijken/alles/: every section of the chosen programmes
INHOUD = "inhoud"  # vergelijken/inhoud/<id>.html: a programme's sections, loaded by the comparison pages

# Cross-programme pages: (path, navigation title, macro); the comparison pages per
# outline section are added after "Vergelijken" by ``generated``.
SITE = [
    ("aan-de-slag.md", "Aan de slag", "aan_de_slag"),
    (f"{FOLDER}/index.md", "Alle programma's", "programma_index"),
    (f"{COMPARE}/index.md", "Vergelijken", "vergelijking_overzicht"),
    ("competenties.md", "Competenties", "competentiematrix"),
    ("checklists.md", "Checklists", "checklist_index"),
    ("begrippen.md", "Begrippen", "begrippenlijst"),
    ("bronnen.md", "Bronnen", "bronnenlijst"),
    ("wijzigingen.md", "Wijzigingen", "wijzigingenlijst"),
    ("volledigheid.md", "Volledigheid", "volledigheid"),
]
# Up to this many programmes, each has its own entry in the navigation; beyond it the
# navigation shows only the overview page, so every page's navigation stays small.
NAV_LIMIT = 25
WIDE = "---\nhide:\n  - navigation\n  - toc\nsearch:\n  exclude: true\n---\n"
# Pages that repeat the method description are left out of the search index, so a search
# leads to the description itself (and the index stays small).
NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n"


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative path
    content: str  # the Markdown source: front matter and one macro call
    yaml: str | None = None  # the YAML file the page is made from (for the edit link)


def path(ident: str, filename: str = "index.md") -> str:
    """Docs-relative path of a generated programme page."""
    return f"{FOLDER}/{ident}/{filename}"


def source(macro: str, *args: str, front: str = "") -> str:
    """The Markdown of a generated page: front matter and one macro call with literal string
    arguments. Arguments are validated ids (slugs); YAML text only ever enters through
    the macro's return value, never as template source."""
    call = ", ".join(f'"{a}"' for a in args)
    return front + f"{{{{ {macro}({call}) }}}}\n"


def generated(programmas: dict, bestanden: dict, outline) -> list[Page]:
    """Every generated page of the site, in navigation order within its group."""
    pages = []
    for ident in programmas:
        for name, _title, macro in KINDS:
            front = "" if name == "index.md" else NOT_SEARCHED
            pages.append(Page(path(ident, name), source(macro, ident, front=front), bestanden[ident]))
    for page_path, _title, macro in SITE:
        compare = page_path.startswith(COMPARE)
        pages.append(Page(page_path, source(macro, front=WIDE if compare else "")))
        if compare:
            pages.append(Page(f"{COMPARE}/{ALLES}/index.md", source("vergelijking_alles", front=WIDE)))
            for sectie in outline:
                pages.append(Page(f"{COMPARE}/{sectie.key}/index.md",
                                  source("vergelijking_sectie", sectie.key, front=WIDE)))
    return pages


def titles(programmas: dict, outline) -> dict[str, str]:
    """The browser title of every generated page (docs-relative path -> plain text): unique
    and descriptive, so tabs, bookmarks and the sticky header can be told apart
    ("JOS – Checklists per fase", "Vergelijken – Fasering"). The navigation keeps its short labels."""
    out = {}
    for ident, p in programmas.items():
        for name, title, _ in KINDS:
            out[path(ident, name)] = f"{p['afkorting']} – {title}"
    for page_path, title, _ in SITE:
        out[page_path] = title
    out[f"{COMPARE}/index.md"] = "Programma's vergelijken"
    out[f"{COMPARE}/{ALLES}/index.md"] = "Vergelijken – Alle onderdelen"
    for sectie in outline:
        out[f"{COMPARE}/{sectie.key}/index.md"] = f"Vergelijken – {sectie.titel}"
    return out


def navigation(programmas: dict, outline, title_of) -> list[dict]:
    """Navigation entries for the generated pages; ``title_of(programme)`` gives a safe title."""
    nav: list[dict] = []
    for page_path, title, _ in SITE:
        if page_path.startswith(COMPARE):
            nav.append({title: [{"Overzicht": page_path}, {"Alle onderdelen": f"{COMPARE}/{ALLES}/index.md"},
                                *({s.titel: f"{COMPARE}/{s.key}/index.md"} for s in outline)]})
        elif page_path.startswith(FOLDER):
            entries = [{title: page_path}]
            if len(programmas) <= NAV_LIMIT:
                entries += [{title_of(p): [{t: path(ident, name)} for name, t, _ in KINDS]}
                            for ident, p in programmas.items()]
            nav.append({"Programma's": entries})
        else:
            nav.append({title: page_path})
    return nav
