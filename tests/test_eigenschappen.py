"""Properties over all the data rather than chosen cases (issue 34): a new programme, a new
glossary term, a new key in the example or a new outline section is covered without editing
these tests. Each reads the real site (built once per run) or checks in-process, so all of
them run in the fast loop."""
from __future__ import annotations

import functools
import gzip
import html
import json
import operator
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO, VALID, plain
from test_structure import _values

from macros import model
from macros.render import slug

TEXT = VALID.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")


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


# ---------------------------------------------------------------- a value of the wrong kind

def _holder(data, path):
    """The mapping or list at ``path`` of a loaded document."""
    return functools.reduce(operator.getitem, path, data)


def _dumped(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# what a coordinator wrote instead, for a value of each kind, and the hint the record must give
WRONG_KIND = [
    ("lijst als tekst", list, lambda v: "een, twee", "Zet elk punt op een eigen regel die begint met '- '."),
    ("velden als tekst", dict, lambda v: "een tekst", "Schrijf hier de onderliggende velden, elk op een eigen ingesprongen regel."),
    ("tekst leeg", str, lambda v: None, "Vul een tekst in, of verwijder het veld als het niet verplicht is."),
    ("tekst als getal", str, lambda v: 12, "Zet de waarde tussen aanhalingstekens als het tekst is."),
    ("getal als tekst", int, lambda v: "twaalf", "Schrijf een heel getal zonder aanhalingstekens, bijvoorbeeld 12."),
]


@pytest.mark.parametrize("kind, python_type, wrong, hint", WRONG_KIND, ids=[k[0] for k in WRONG_KIND])
def test_every_value_of_the_wrong_kind_gets_the_hint_what_to_write(tmp_path, kind, python_type, wrong, hint):
    """Every list, every group of fields, every text and every number of the example programme
    (outermost first, each alone in its branch), written in the wrong kind all at once in one
    file: each gets its record at its own place, and every record that says the kind is wrong
    ('hier hoort …') tells what to write for that kind."""
    from macros.errors import format_path
    data = yaml.safe_load(TEXT)
    chosen = []
    for path, value in _values(data):
        if (path and type(value) is python_type and path[0] not in ("id", "status")
                and not any(path[:len(c)] == c for c in chosen)):
            chosen.append(path)
    assert len(chosen) >= 2, chosen
    for path in chosen:
        _holder(data, path[:-1])[path[-1]] = wrong(_holder(data, path))
    records = [f for f in _records(tmp_path, _dumped(data)) if f.blokkeert]
    written = {format_path(p) for p in chosen}
    places = {f.pad for f in records}
    missing = [w for w in written if w not in places]
    assert not missing, missing[:10]  # each at its own place
    kind_records = [f for f in records if f.pad in written and f.melding.startswith("hier hoort ")]
    # (a place whose schema also takes this kind, such as 'niet beschreven' for a list, gets another record)
    assert len(kind_records) >= max(1, len(written) // 2), (len(kind_records), len(written), [str(f) for f in records][:10])
    # the hint for the kind comes first (the field's own explanation may follow)
    wrong_hint = [str(f) for f in kind_records if not (f.hint == hint or f.hint.startswith(hint + " "))]
    assert not wrong_hint, wrong_hint[:10]


# ---------------------------------------------------------------- a required field left out

def _key_lines(text: str) -> dict[tuple, int]:
    """The line (from 1) of every key of a YAML text, by its document path."""
    lines: dict[tuple, int] = {}

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[path + (key.value,)] = key.start_mark.line + 1
                walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, path + (i,))

    walk(yaml.compose(text), ())
    return lines


def test_every_required_field_left_out_is_placed_between_its_neighbours(tmp_path, hb):
    """In every group of fields of the example (at any depth; the first item of a list stands for
    the others) one required field left out, in three files: the first of its group, the last,
    and one between. Each record stands on the line of the field it goes before (or after, at
    the end) and says where to add it, naming the fields written just before and after it in the
    order of the outline (the schema) and that line, as the file shows it."""
    from macros.errors import format_path
    data = yaml.safe_load(TEXT)
    checked = {"na en vóór": 0, "vóór": 0, "na": 0, "alleen": 0}
    for position in (0, 1, -1):
        plan = []  # (path of the group, the field left out, before, after)
        for path, value in _values(data):
            sub = hb.schema.at(path) if isinstance(value, dict) else None
            if (not sub or any(isinstance(part, int) and part > 0 for part in path)
                    or any(path[:len(p) + 1] == p + (n,) for p, n, _, _ in plan)):
                continue
            order = [k for k in (sub.get("properties") or {}) if k in value]
            required = [k for k in order if k in sub.get("required", []) and (path or k not in ("id", "status"))]
            if not required:
                continue
            name = required[{0: 0, 1: len(required) // 2, -1: -1}[position]]
            i = order.index(name)
            plan.append((path, name, order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None))
        changed = yaml.safe_load(TEXT)
        for path, name, _, _ in plan:
            del _holder(changed, path)[name]
        text = _dumped(changed)
        lines = _key_lines(text)
        records = _records(tmp_path, text)
        for path, name, before, after in plan:
            found = [f for f in records if f.pad == format_path(path + (name,)) and "ontbreekt" in f.melding]
            assert len(found) == 1, (path, name, [str(f) for f in records][:5])
            if after:
                line = lines[path + (after,)]
                kind, where = (("na en vóór", f"na '{before}' en vóór '{after}' (regel {line})") if before
                               else ("vóór", f"vóór '{after}' (regel {line})"))
            elif before:
                line = lines[path + (before,)]
                kind, where = "na", f"na '{before}' (dat begint op regel {line})"
            else:  # the only field of its group: the record stands on the group's own key
                line, kind = lines[path], "alleen"
                assert found[0].regel == line and found[0].hint.startswith(f"Voeg '{name}:' toe."), (path, name, str(found[0]))
                checked[kind] += 1
                continue
            assert found[0].regel == line and f"Voeg '{name}:' toe {where}." in found[0].hint, (path, name, str(found[0]))
            checked[kind] += 1
    assert all(n >= 3 for kind, n in checked.items() if kind != "alleen"), checked  # (the example has no group of one)


# ---------------------------------------------------------------- a field indented too little

def test_every_field_indented_one_level_too_little_is_named_as_such(tmp_path, hb):
    """In every group of fields of the example (the first item of a list stands for the others)
    its last field is written one level too little indented, right under the field it belongs
    to, all in one file (a group of one field is left empty, as 'veld:' with nothing after it):
    each gets the record that the indentation is wrong, naming the field above, and what to do,
    and no record about an unknown field."""
    from macros.errors import format_path
    data = yaml.safe_load(TEXT)
    plan = []  # (path of the group's parent, the group, its last field)
    for path, value in _values(data):
        if not path or not isinstance(value, dict) or not value or isinstance(path[-1], int):
            continue
        parent, group = path[:-1], path[-1]
        name = list(value)[-1]
        if any(isinstance(part, int) and part > 0 for part in path) or any(
                path[:len(p) + 1] == p + (g,) or (p, n) == (parent, name) for p, g, n in plan):
            continue
        if name in ((hb.schema.at(parent) or {}).get("properties") or {}) or not isinstance(name, str):
            continue  # there it would be a field of its own
        plan.append((parent, group, name))
    assert len(plan) >= 10, plan
    changed = yaml.safe_load(TEXT)
    for parent, group, name in plan:
        holder = _holder(changed, parent)
        moved = holder[group].pop(name)
        if not holder[group]:
            holder[group] = None
        items = list(holder.items())
        at = [k for k, _ in items].index(group) + 1
        holder.clear()
        holder.update(items[:at] + [(name, moved)] + items[at:])
    records = _records(tmp_path, _dumped(changed))
    for parent, group, name in plan:
        here = [f for f in records if f.pad == format_path(parent + (name,))]
        assert [f.melding for f in here] == [f"de inspringing klopt niet: '{name}' hoort bij '{group}' erboven, maar "
                                            f"staat even ver ingesprongen als dat veld"], (parent, name, [str(f) for f in here])
        assert here[0].hint == f"Spring '{name}:' (en alles wat erbij hoort) twee spaties verder in dan '{group}:'."
    assert not [f for f in records if "is onbekend" in f.melding], [str(f) for f in records if "is onbekend" in f.melding]
