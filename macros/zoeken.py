"""Search: a Pagefind index of the built site, one record per section of a method description.

Pagefind stems Dutch with Snowball (school/scholen, kost/kosten), matches the word being
typed as a prefix, and writes its index in small chunks, so one query downloads only the
chunks for its words. The hook collects the records while MkDocs writes the pages
(``records``) and writes the index into ``<site>/pagefind/`` after the build (``indexeer``),
inside each mike version's own folder.

A method description is split into records: the introduction (title and key facts) and
one record per outline section (its glossary list and change log are left to the site-wide
Begrippen and Wijzigingen pages), each with the programme, the outline section and the
sectors as filters and metadata, so a result links to its section and says where it is.
Other searchable pages are one record each; Pagefind's sub-results link to their headings.
Pages with ``search: exclude: true`` in their front matter stay out, as they did with
Material's search.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .render import programmanaam, programmatitel

BUNDLE = "pagefind"
SYNONYMS_FILE = "handboek-zoekwoorden.json"
LANGUAGE = "nl"
TITLE_WEIGHT = 10  # a programme's name and abbreviation: its own page first
# Every record has the filter 'soort': the handbook's content, or a page about the handbook
# itself (its outline, how to contribute, its completeness and change log). The search script
# lists the content first and these pages after it, so a word like 'budget' (the word budget
# of a description) or 'meldcode' (a change log entry) leads to the programmes first.
SOORT = "soort"
INHOUD = "Handboek"
REDACTIE = "Over het handboek"
REDACTIE_PAGINAS = ("opzet/", "bijdragen/", "volledigheid/", "wijzigingen/")
# Left out of every record: permalink signs, the guiding question repeated on every
# programme (it is the outline's, not the programme's), the programme's page links and
# Material's edit button.
_IGNORED = re.compile(r'<(\w+)(\s[^>]*?class="[^"]*\b(?:headerlink|leidende-vraag|programma-paginas|'
                      r'md-content__button|md-source-file)\b)')


class ZoekFout(Exception):
    """Indexing failed; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class Record:
    """One searchable unit. ``path``: where its HTML goes in the folder Pagefind indexes;
    Pagefind makes the result URL from it: ``<page>/index.html`` is the page itself,
    ``<page>/<id>.html`` stands for ``<page>/#<id>`` (the search script turns it back)."""
    path: str
    html: str


def _article(output: str) -> str | None:
    start = output.find('<article class="md-content__inner')
    if start < 0:
        return None
    start = output.index(">", start) + 1
    end = output.find("</article>", start)
    return output[start:end] if end > 0 else None


def _document(body: str, meta: dict[str, str], filters: dict[str, list[str]]) -> str:
    head = [f'<meta data-pagefind-meta="{html.escape(k)}[content]" content="{html.escape(v, quote=True)}">'
            for k, v in meta.items() if v]
    for key, values in filters.items():
        head += [f'<meta data-pagefind-filter="{html.escape(key)}[content]" content="{html.escape(v, quote=True)}">'
                 for v in values]
    body = _IGNORED.sub(r'<\1 data-pagefind-ignore="all"\2', body)
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8">{"".join(head)}</head>'
            f"<body><main data-pagefind-body>{body}</main></body></html>")


_H1 = re.compile(r"<h1\b")
_H2 = re.compile(r'(?=<h2 id=")')
_H2_ID = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", fragment)).replace("\u00b6", "").split())


def records(output: str, url: str, programme: dict | None = None, outline=(), sectors: dict | None = None,
            slug=None) -> list[Record]:
    """The records of one built page (``output``: the whole HTML page; ``url``: its
    site-relative URL). ``programme``: the programme data when the page is its method
    description; ``outline``: the outline sections; ``sectors``: the sector vocabulary;
    ``slug``: the function that made the section ids."""
    article = _article(output)
    if article is None:
        return []
    folder = url.strip("/")
    folder = folder + "/" if folder else ""
    if programme is None:
        soort = REDACTIE if folder in REDACTIE_PAGINAS else INHOUD
        return [Record(folder + "index.html", _document(article, {}, {SOORT: [soort]}))]
    name = programmanaam(programme)
    sector_names = [sectors[s]["naam"] for s in programme["sectoren"] if s in (sectors or {})]
    base_filters = {"programma": [name], "sector": sector_names, SOORT: [INHOUD]}
    titles = {str(slug(s.key)): s.titel for s in outline}
    parts = _H2.split(article)
    intro = _H1.sub(f'<h1 data-pagefind-weight="{TITLE_WEIGHT}"', parts[0], count=1)
    out = [Record(folder + "index.html", _document(intro, {"title": programmatitel(programme),
                                         "programma": name, "onderdeel": "Kenmerken"}, base_filters))]
    for part in parts[1:]:
        match = _H2_ID.match(part)
        if not match:
            continue
        ident, heading = match.group(1), _text(match.group(2))
        section = titles.get(ident)
        if section is None:  # the page's glossary terms and change log: the site-wide pages have them
            continue
        out.append(Record(f"{folder}{ident}.html", _document(part, {"title": heading, "programma": name,
                                                "onderdeel": section}, dict(base_filters, onderdeel=[section]))))
    return out


def synonyms(begrippen_doc: dict) -> list[dict]:
    """Search words from the glossary (``data/begrippen.yml``): each term with its spelling
    variants and its full form is one group (any finds the others); each entry of
    ``zoekwoorden`` lets its ``woorden`` also find its ``ook`` words (one way)."""
    groups = []
    for item in begrippen_doc.get("begrippen", []):
        words = [item["term"], *item.get("varianten", [])]
        if item.get("voluit"):
            words.append(re.sub(r"\s*\(.*?\)", "", item["voluit"]).strip())
        words = list(dict.fromkeys(w for w in words if w))
        if len(words) > 1:
            groups.append({"woorden": words, "ook": words})
    for entry in begrippen_doc.get("zoekwoorden", []):
        groups.append({"woorden": list(entry["woorden"]), "ook": list(entry["ook"])})
    return groups


_IGNORED_BLOCK = re.compile(r'<(\w+)\s[^>]*data-pagefind-ignore="all"[^>]*>.*?</\1>', re.S)
_WORD = re.compile(r"[^\W\d_]+")
_LINK = ("", "s", "e", "en")  # what Dutch puts between the parts of a compound


def _words(folder: Path) -> dict[str, int]:
    """Every word (lower case, letters only) in the records' searchable text, with its count."""
    counts: dict[str, int] = {}
    for path in sorted(folder.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        text = text[text.find("<main"):]
        text = html.unescape(_TAGS.sub(" ", _IGNORED_BLOCK.sub(" ", text)))  # a tag ends a word
        for word in _WORD.findall(text.lower()):
            counts[word] = counts.get(word, 0) + 1
    return counts


def samenstellingen(folder: Path | str, extra=(), min_head: int = 4, min_tail: int = 5) -> dict[str, list[str]]:
    """Compound words of the handbook by their last part: ``{"budget": ["preventiebudget"]}``.
    Pagefind matches the start of a word, so 'budget' alone would not find 'preventiebudget';
    the search script also searches the compounds of a word the reader types. A word counts
    as a compound of ``tail`` when it is ``head`` + an optional linking s/e/en + ``tail``, both
    head and tail occur in the handbook as words of their own (or are glossary terms,
    ``extra``), the head has at least ``min_head`` letters and the tail ``min_tail``. That
    keeps prefixes out: 'veranderen' is not a compound of 'anderen' ('ver' is no word)."""
    counts = _words(Path(folder))
    known = set(counts) | {w.lower() for term in extra for w in _WORD.findall(term)}
    out: dict[str, set[str]] = {}
    for word in counts:
        for cut in range(min_head, len(word) - min_tail + 1):
            tail = word[cut:]
            if tail not in known:
                continue
            head = word[:cut]
            if any(head.endswith(link) and len(head) - len(link) >= min_head and head[:len(head) - len(link)] in known
                   for link in _LINK):
                out.setdefault(tail, set()).add(word)
    return {tail: sorted(words, key=lambda w: (-counts[w], w)) for tail, words in sorted(out.items())}


def write(record: Record, folder: Path) -> None:
    """Write one record into the folder Pagefind will index."""
    target = Path(folder) / record.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(record.html, encoding="utf-8")


def indexeer(records_dir: Path | str | None, site_dir: Path | str, words: dict) -> int:
    """Index the records in ``records_dir`` with Pagefind into ``<site_dir>/pagefind/`` and
    write ``words`` (the search words and the outline order, for the search script) beside
    it as JSON, with the handbook's compound words by their last part (``samenstellingen``;
    ``words["termen"]``: glossary terms that count as words for it); return the number of records. Any failure is a
    ``ZoekFout`` with a Dutch message."""
    bundle = Path(site_dir) / BUNDLE
    records_dir = Path(records_dir) if records_dir else None
    count = sum(1 for _ in records_dir.rglob("*.html")) if records_dir and records_dir.is_dir() else 0
    if not count:
        raise ZoekFout("er is geen enkele pagina om te doorzoeken")
    words = dict(words)
    words["samenstellingen"] = samenstellingen(records_dir, words.pop("termen", ()))
    shutil.rmtree(bundle, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(records_dir), "--output-path", str(bundle),
               "--force-language", LANGUAGE, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.SubprocessError) as error:
        raise ZoekFout(f"Pagefind kon niet starten ({error})") from error
    if result.returncode != 0:
        detail = " ".join((result.stderr or result.stdout or "").split())[-600:]
        raise ZoekFout(f"Pagefind stopte met code {result.returncode}: {detail or 'geen melding'}")
    if not (bundle / "pagefind.js").is_file() or not any(bundle.glob("pagefind.*.pf_meta")):
        raise ZoekFout(f"Pagefind schreef geen zoekindex in {bundle}")
    for unused in ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js",
                   "pagefind-worker.js"):
        for path in bundle.glob(unused):  # Pagefind's own interfaces (the handbook has its own) and its
            # web worker (the search script runs Pagefind on the main thread: noWorker)
            path.unlink()
    (bundle / SYNONYMS_FILE).write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")),
                                        encoding="utf-8")
    return count
