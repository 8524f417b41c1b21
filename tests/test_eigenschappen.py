"""Properties over all the data rather than chosen cases (issue 34): a new programme, a new
glossary term, a new key in the example or a new outline section is covered without editing
these tests. Each reads the real site (built once per run) or checks in-process, so all of
them run in the fast loop."""
from __future__ import annotations

import gzip
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO, VALID, plain

from macros import model
from macros.render import slug

TEXT = VALID.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")


@pytest.fixture(scope="module")
def hb():
    model._cache.clear()
    return model.laad(REPO)


def _records(tmp_path, text: str, name: str = "voorbeeld.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    model._cache.clear()
    return model.laad(REPO, [path]).fouten


def _visible(page: Path) -> str:
    """The reader's text of a built page's article: tags dropped, entities decoded, spaces folded."""
    raw = page.read_text(encoding="utf-8")
    article = raw[raw.index("<article"):raw.index("</article>")]
    article = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", article, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", article)).split())


# ---------------------------------------------------------------- which line a record names

_SCALAR = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[a-z_]+): (?P<value>[^|>\s#].*)$")


def _scalar_key_lines(lines: list[str]) -> list[int]:
    """0-based indexes of the example's 'key: value' lines outside block scalars."""
    found, block = [], None
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if not line.strip() or indent > block:
                continue
            block = None
        stripped = line.strip()
        if re.match(r"^(- )?[a-z_]+: *[|>][-+]?$", stripped):
            block = indent + (2 if stripped.startswith("- ") else 0)
            continue
        if _SCALAR.match(line):
            found.append(i)
    return found


def test_every_duplicated_key_names_its_own_line_and_the_first(tmp_path):
    """Every 'key: value' line of the example written twice: the record for each copy names the
    copy's line and, as 'eerder op regel', the line of the first."""
    lines = TEXT.splitlines()
    targets = _scalar_key_lines(lines)
    assert len(targets) > 100, len(targets)
    out, expected = [], {}  # copy line (1-based) -> (first line, key)
    for i, line in enumerate(lines):
        out.append(line)
        if i in targets:
            m = _SCALAR.match(line)
            indent = m["indent"] + ("  " if m["dash"] else "")
            first = len(out)
            out.append(f"{indent}{m['key']}: {m['value']}")
            expected[len(out)] = (first, m["key"])
    fouten = _records(tmp_path, "\n".join(out) + "\n")
    named = {}
    for f in fouten:
        dup = re.search(r"het veld '([^']+)' staat hier twee keer \(eerder op regel (\d+)\)", f.melding)
        if dup:
            named[f.regel] = (int(dup[2]), dup[1])
    missing = {line: want for line, want in expected.items() if named.get(line) != want}
    assert not missing, sorted(missing.items())[:10]


def _list_blocks(lines: list[str]):
    """Pairs (first, second) of 0-based line indexes of sibling list items that start with the
    same 'key:' (the key that identifies an item: id, niveau, onderwerp, rol, bron, ...)."""
    open_items: dict[tuple[int, str], int] = {}
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        for (ind, key) in [k for k in open_items if k[0] > indent]:
            del open_items[(ind, key)]
        m = re.match(r"^( *)- ([a-z_]+): (\S.*)$", line)
        if m:
            where = (len(m[1]), m[2])
            if where in open_items:
                yield open_items[where], i
            else:
                open_items[where] = i


def test_every_duplicated_identifier_in_a_list_names_both_lines(tmp_path):
    """Every list whose items start with the same key: the second item given the first item's
    value. Where the outline demands unique values ('komt twee keer voor'), the record names the
    second item's line and the first item's line."""
    lines = TEXT.splitlines()
    pairs = list(_list_blocks(lines))
    checked = 0
    for first, second in pairs:
        value = re.match(r"^ *- [a-z_]+: (.*)$", lines[first])[1]
        edited = list(lines)
        edited[second] = re.sub(r"^( *- [a-z_]+: ).*$", lambda m: m[1] + value, lines[second])
        fouten = [f for f in _records(tmp_path, "\n".join(edited) + "\n") if "twee keer voor" in f.melding]
        if not fouten:
            continue  # this list may repeat a value (e.g. the same source twice)
        checked += 1
        assert [f.regel for f in fouten] == [second + 1], (lines[second], [str(f) for f in fouten])
        assert f"(eerder op regel {first + 1})" in fouten[0].melding, str(fouten[0])
    assert checked >= 3, checked  # phases, levels, privacy subjects at least


# ---------------------------------------------------------------- typed text is inert in the preview banner

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;'


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


HOSTILE_EDITS = {  # where a coordinator's typing comes back in a record: a key, a value, a reference, an id
    "unknown key": ("regio: Voorbeeldstad", f"regio: Voorbeeldstad\n'{PAYLOAD}': 1"),
    "unknown sector": ("sectoren: [po, kinderopvang]", f"sectoren: [po, '{PAYLOAD}']"),
    "unknown source": ("    - bron: nji2015\n      plaats: hoofdstuk 2", f"    - bron: '{PAYLOAD}'\n      plaats: hoofdstuk 2"),
    "id and file name": ("id: voorbeeld", f"id: '{PAYLOAD}'"),
    "wrong date": ("laatst_herzien: 2024-02-01", f"laatst_herzien: '{PAYLOAD}'"),
}


@pytest.mark.parametrize("edit", sorted(HOSTILE_EDITS))
def test_typed_text_is_inert_in_the_preview_banner(tmp_path, edit):
    from macros.hook import banner
    old, new = HOSTILE_EDITS[edit]
    assert old in TEXT, old
    fouten = _records(tmp_path, TEXT.replace(old, new, 1), name=f"{PAYLOAD[:4]}b>voorbeeld.yml")
    echoed = [f for f in fouten if PAYLOAD in f"{f.bestand} {f.pad} {f.melding} {f.hint}"]
    assert echoed, [str(f) for f in fouten]
    parser = _Tags()
    parser.feed(banner(fouten))
    assert {t for t, _ in parser.tags} <= {"div", "p", "ul", "li", "code"}, parser.tags
    assert not any(k.startswith("on") or k == "src" for _, attrs in parser.tags for k in attrs), parser.tags
    assert PAYLOAD in "".join(parser.text)  # shown literally, as typed


# ---------------------------------------------------------------- search: a record per outline section

def _fragments(site: Path) -> dict[str, dict]:
    out = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(f.read_bytes())
        assert data.startswith(b"pagefind_dcd"), f
        record = json.loads(data[len(b"pagefind_dcd"):])
        out[record["url"]] = record
    return out


def test_every_outline_section_of_every_programme_has_its_search_record(real_site, hb):
    fragments = _fragments(real_site)
    assert hb.programmas
    for ident, programme in hb.programmas.items():
        page = (real_site / "programmas" / ident / "index.html").read_text(encoding="utf-8")
        shown = set(re.findall(r'<h2 id="([^"]+)"', page))
        assert f"/programmas/{ident}/" in fragments, ident  # the page itself: name and key facts
        name = fragments[f"/programmas/{ident}/"]["filters"]["programma"]
        assert len(name) == 1 and programme["naam"] in name[0], (ident, name)
        sections = [s for s in hb.outline if slug(s.key) in shown]
        assert len(sections) >= 5, (ident, shown)
        for sectie in sections:
            url = f"/programmas/{ident}/{slug(sectie.key)}.html"
            assert url in fragments, (ident, sectie.key)
            record = fragments[url]
            assert record["meta"]["onderdeel"] == sectie.titel, url
            assert record["filters"]["programma"] == name, url
            assert record["content"].startswith(sectie.titel), url
            assert record["word_count"] > len(sectie.titel.split()) + 2, url  # the section's text, not just its title


# ---------------------------------------------------------------- every tooltip shows its explanation

def test_every_abbreviation_on_every_page_shows_its_explanation(real_site, hb):
    explanation = {}
    for item in hb.vocabulaires["begrippen"].values():
        text = " ".join((item.get("voluit") or item["omschrijving"]).split())
        for term in [item["term"], *item.get("varianten", [])]:
            explanation[term] = text
    seen = set()
    for page in real_site.rglob("*.html"):
        for title, term in re.findall(r'<abbr(?: title="([^"]*)")?[^>]*>(.*?)</abbr>', page.read_text(encoding="utf-8"), re.S):
            term = html.unescape(term)
            assert title, (page, term)
            assert term in explanation, (page, term)
            assert html.unescape(title) == explanation[term], (page, term, title)
            seen.add(term)
    assert len(seen) >= 10, seen


# ---------------------------------------------------------------- every citation shows its place

def _citations(value, trail=()):
    if isinstance(value, dict):
        if "bron" in value and "plaats" in value:
            yield value["bron"], value["plaats"], trail
        for k, v in value.items():
            yield from _citations(v, (*trail, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _citations(v, (*trail, i))


def test_every_citation_shows_its_source_and_place(real_site, hb):
    bronnen = hb.vocabulaires["bronnen"]
    count = 0
    for ident, path in sorted(hb.bestanden.items()):
        data = yaml.safe_load((REPO / path).read_text(encoding="utf-8"))
        folder = real_site / "programmas" / ident
        text = plain(" ".join(_visible(p) for p in sorted(folder.rglob("index.html"))))
        for key, place, trail in _citations(data):  # a discrepancy's readings too ("..., plaats: zegt")
            source = bronnen[key]
            cited = plain(f"{' '.join(source['auteurs'].split())} ({source['jaar']}), {' '.join(str(place).split())}")
            assert cited in text, (ident, trail, cited)
            count += 1
    assert count >= 50, count


# ---------------------------------------------------------------- "Bedoelde u ...?" from every name a coordinator may type

def test_every_name_term_and_variant_of_a_vocabulary_suggests_its_key(hb):
    """What a coordinator types instead of a key (a sector's name 'Basisonderwijs' for 'po', a
    glossary term or one of its spelling variants, in capitals or not) suggests that key, for
    every entry of every shared vocabulary."""
    from macros.validate import nearest
    checked = 0
    for name, known in hb.vocabulaires.items():
        texts: dict[str, set] = {}
        for key, item in known.items():
            for text in [item.get("naam"), item.get("term"), *(item.get("varianten") or [])]:
                if isinstance(text, str) and text.lower() != key.lower():
                    texts.setdefault(text.lower(), set()).add(key)
        for text, keys in texts.items():
            if len(keys) == 1 and text not in {k.lower() for k in known}:
                (key,) = keys
                assert nearest(text.upper(), known) == key, (name, text, key)
                checked += 1
    assert checked >= 20, checked
    assert nearest("iets heel anders dan alles", hb.vocabulaires["sectoren"]) is None


# ---------------------------------------------------------------- every syntax error in one run, each at its line

def test_every_syntax_error_of_a_file_is_reported_at_its_line_in_one_run(tmp_path):
    """A colon in an unquoted value breaks the YAML. Written into every top-level 'key: value'
    line of the example at once, each gives its own record at its own line and column, in one
    check: the reader reads on past each broken line (and nothing else is blamed on the lines
    it had to leave out)."""
    lines = TEXT.splitlines()
    broken = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+: [^|>\s#'\"\[{][^:#]*$", line)]
    assert len(broken) >= 5, broken
    edited = list(lines)
    for i in broken:
        edited[i] = lines[i] + ": iets"
    fouten = _records(tmp_path, "\n".join(edited) + "\n")
    at = {(f.regel, f.kolom) for f in fouten if "dubbele punt" in f.melding}
    assert at == {(i + 1, len(lines[i]) + 1) for i in broken}, (sorted(at), [i + 1 for i in broken])
    assert len(fouten) == len(broken), [str(f) for f in fouten]  # one record per mistake, no follow-ups
