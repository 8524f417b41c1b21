"""Which pages each programme gets: one table, read by the hook and the overview.

Adding a page kind for every programme is adding one row here and one macro.
"""
from __future__ import annotations

# (file name inside programmas/<id>/, navigation title, macro that renders it)
KINDS = [
    ("index.md", "Methodiekbeschrijving", "methodebeschrijving"),
    ("competenties.md", "Competentieprofielen", "competentieprofielen"),
    ("checklists.md", "Checklists per fase", "checklists"),
]
FOLDER = "programmas"


def path(ident: str, filename: str = "index.md") -> str:
    """Docs-relative path of a generated page."""
    return f"{FOLDER}/{ident}/{filename}"


def source(ident: str, macro: str) -> str:
    """The Markdown of a generated page: one macro call. The id is a validated slug,
    and YAML text only ever enters through the macro's return value, never as
    template source."""
    return f'{{{{ {macro}("{ident}") }}}}\n'
