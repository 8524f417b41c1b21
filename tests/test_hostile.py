"""Hostile text in every string field of the schema, on every generated page.

One programme is generated from the schema with every optional field present. Every free
string leaf (not an id, date, version, enum or reference) gets a unique marker followed by
a hostile payload. The site is built once; then every page (and every comparison fragment,
the comparison choice list, the search records and the open data) is scanned: nothing from
the payload may execute, and wherever a marker is shown the whole payload follows it as
plain text. Every marker reaches the programme page and the open data verbatim.
"""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build, machine_text_project, make_project

pytestmark = pytest.mark.traag  # a full build of a hostile programme
from test_build import text_of

from macros import model, pages, zoeken
from macros.render import slug

PAYLOAD = "<script>x</script> <img src=x onerror=y> {{ 7*7 }} | a | b | [x](javascript:y) {: .x } *"
IDENT = "vijand"


class _Live(HTMLParser):
    """What a browser would act on: elements and attributes, not text that looks like them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = not dict(attrs).get("src")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")
            if name == "class" and "x" in value.split():  # the attribute list {: .x } applied
                self.found.append(f"<{tag} class=x>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip() == "x":
            self.found.append("<script>x</script>")


class Generator:
    """A programme with every property of the schema, every free string marked and hostile."""

    def __init__(self, hb: model.Handboek):
        self.hb = hb
        self.sch = hb.schema
        self.markers: dict[str, tuple] = {}  # marker -> path of its field
        self.ids = 0

    def marker(self, path) -> str:
        m = f"mrk{len(self.markers):03d}q"
        self.markers[m] = path
        return m

    def text(self, sub: dict, path) -> str:
        m = self.marker(path)
        value = f"{m} {PAYLOAD}"
        while len(value) < sub.get("minLength", 1):
            value += " vulling"
        if sub.get("maxLength"):
            assert len(value) <= sub["maxLength"], path
        return value

    def value(self, sub: dict, path=(), soort: str | None = None):
        sch = self.sch
        sub = sch.resolve(sub)
        if "if" in sub:
            return self.value(sch.resolve(sub["then"]), path, soort)
        vocab = sub.get("x-verwijzing")
        if vocab == "verschillen":
            return "verschil-een"
        if vocab == "competenties":
            return next(k for k, c in self.hb.vocabulaires["competenties"].items() if c.get("soort") == soort)
        if vocab:
            return sorted(self.hb.vocabulaires[vocab])[0]
        if "enum" in sub:
            return sub["enum"][0]
        kind = sub.get("type")
        if isinstance(kind, list):  # a list that may instead say 'niet beschreven': the list here
            kind = "array"
        if kind == "integer":
            return sub.get("minimum", 4) + (1 if path[-1:] == ("van",) else 3)
        if kind == "number":
            return 1
        if kind == "boolean":
            return True
        if kind == "string":
            pattern = sub.get("pattern", "")
            if path == ("id",):
                return IDENT
            if pattern.startswith("^[a-z0-9]+"):
                self.ids += 1
                return f"id{self.ids}"
            if "format" in sub or pattern.startswith("^[0-9]{4}"):
                return "2024-03-01"
            if pattern.startswith("^(0|[1-9]"):
                return "1.0.0"
            return self.text(sub, path)
        if kind == "array":
            soort = sub.get("x-soort", soort)
            if sub.get("x-volledig"):  # every key of a vocabulary once; the last one 'niet beschreven'
                keys, field = sorted(self.hb.vocabulaires[sub["x-volledig"]]), sub["x-uniek"]
                items = [{**self.value(sub["items"], path + (i,), soort), field: k} for i, k in enumerate(keys[:-1])]
                nb_schema = sch.resolve(sch.resolve(sub["items"])["properties"]["niet_beschreven"])
                at = path + (len(keys) - 1, "niet_beschreven")
                return items + [{field: keys[-1], "niet_beschreven": self.value(nb_schema, at)}]
            n = max(sub.get("minItems", 1), 1)
            return [self.value(sub["items"], path + (i,), soort) for i in range(n)]
        if kind == "object":
            out = {}
            rows = sub.get("x-rijlengte") or {}
            for key, child in (sub.get("properties") or {}).items():
                if key not in rows and key != "niet_beschreven":  # content, not 'niet beschreven' beside it
                    out[key] = self.value(child, path + (key,), soort)
            for key, columns in rows.items():  # a table: two rows as wide as the header
                out[key] = [[self.text({}, path + (key, i, j)) for j in range(len(out[columns]))] for i in range(2)]
            return out
        raise AssertionError(f"no value for {path}: {sub}")


def _programme():
    hb = model.laad(REPO)
    gen = Generator(hb)
    p = gen.value(hb.schema.root)
    # the references to a discrepancy name the programme's own one
    p["bronverschillen"]["verschillen"][0]["id"] = "verschil-een"
    p["wijzigingen"] = p["wijzigingen"][:1]
    p["versie"], p["laatst_herzien"] = p["wijzigingen"][0]["versie"], p["wijzigingen"][0]["datum"]
    p["status"] = "vastgesteld"
    p["leeftijd"].update(van=4, tot=12)
    return p, gen.markers


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vijandig")
    programme, markers = _programme()
    source = tmp / f"{IDENT}.yml"
    source.write_text(yaml.safe_dump(programme, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    root = make_project(tmp, [source])
    machine_text_project(root)  # the same payload in every field repeats by construction
    model._cache.clear()
    hb = model.laad(root)
    assert hb.fouten == [], [str(f) for f in hb.fouten][:10]
    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site", programme, markers, hb


def _all_generated_pages(site: Path, hb) -> list[Path]:
    docs = [page.path for page in pages.generated(hb.programmas, hb.bestanden, hb.outline)]
    out = [site / d.removesuffix("index.md").removesuffix(".md") / "index.html"
           if not d.endswith("/index.md") else site / d.removesuffix("index.md") / "index.html" for d in docs]
    for page in out:
        assert page.exists(), page
    return out


def _shown(text: str) -> list[str]:
    return re.findall(r"mrk\d{3}q", text)


def _assert_inert(raw: str, where: str):
    parser = _Live()
    parser.feed(raw)
    assert not parser.found, f"{where}: {parser.found}"


def _assert_literal(text: str, where: str):
    """Every marker in the text is followed by the whole payload, exactly as typed."""
    found = []
    for match in re.finditer(r"mrk\d{3}q", text):
        i = match.start()
        assert text[i:match.end() + 1 + len(PAYLOAD)] == f"{match.group(0)} {PAYLOAD}", \
            f"{where}: {match.group(0)} not followed by the literal payload: {text[i:i + 160]!r}"
        found.append(match.group(0))
    return found


def test_every_page_is_inert_and_shows_the_payload_literally(hostile):
    site, programme, markers, hb = hostile
    every = _all_generated_pages(site, hb)
    assert len(every) >= 20
    quiet = []
    for page in every:
        where = str(page.relative_to(site))
        raw = page.read_text(encoding="utf-8")
        _assert_inert(raw, where)  # the whole page: title, navigation and article
        assert "{{" not in raw.replace("{{ 7*7 }}", ""), where
        if not _assert_literal(text_of(page), where):
            quiet.append(where)
    for page in site.rglob("*.html"):  # the hand-written pages too (the home page lists the programmes)
        _assert_inert(page.read_text(encoding="utf-8"), str(page.relative_to(site)))
    # each generated page shows hostile text, except the pages that only link to the programme
    # by its abbreviation and name (which carry a marker too) — so none is quiet
    assert not quiet, quiet


def test_every_marker_on_the_programme_page_and_its_pages(hostile):
    site, programme, markers, hb = hostile
    description = text_of(site / "programmas" / IDENT / "index.html")
    missing = [f"{m} {'.'.join(map(str, path))}" for m, path in markers.items() if m not in description]
    assert not missing, missing[:10]
    # the competence profiles show every role field, the checklists every checklist item
    profiles = text_of(site / "programmas" / IDENT / "competenties" / "index.html")
    for m, path in markers.items():
        if path[:2] == ("competenties", "rollen"):
            assert m in profiles, path
    checklists = text_of(site / "programmas" / IDENT / "checklists" / "index.html")
    items = [m for m, path in markers.items() if path[0] == "fasering" and "checklist" in path]
    assert items
    for m in items:
        assert m in checklists, markers[m]


def test_comparison_fragments_hold_every_marker_of_their_section(hostile):
    site, programme, markers, hb = hostile
    fragment = site / pages.COMPARE / pages.INHOUD / f"{IDENT}.html"
    whole = fragment.read_text(encoding="utf-8")
    _assert_inert(whole, str(fragment))
    for sectie in hb.outline:
        found = re.search(rf'<section data-onderdeel="{sectie.key}">(.*?)</section>\n', whole, re.S)
        assert found, sectie.key
        raw = found.group(1)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(
            r"</?(a|em|strong|abbr|span|code|label)\b[^>]*>", "", raw))).split())
        own = [m for m, path in markers.items() if path[0] == sectie.key]
        assert own, sectie.key
        assert set(_assert_literal(text, str(fragment))) >= set(own), sectie.key


def test_comparison_overview_shows_the_card(hostile):
    site, programme, markers, hb = hostile
    text = text_of(site / pages.COMPARE / "index.html")
    card = [m for m, path in markers.items() if m in text]
    assert len(card) >= 5, card  # name, abbreviation, region and the card's short texts


def test_choice_list_and_open_data_hold_the_text_verbatim(hostile):
    site, programme, markers, hb = hostile
    choice = json.loads((site / pages.COMPARE / "programmas.json").read_text(encoding="utf-8"))
    (entry,) = choice
    assert entry["naam"] == programme["naam"] and entry["regio"] == programme["regio"]
    data = json.loads((site / "handboek.json").read_text(encoding="utf-8"))
    (published,) = [p for p in data["programmas"] if p["id"] == IDENT]
    assert published == programme  # every string exactly as typed: data, not markup
    dump = json.dumps(published, ensure_ascii=False)
    assert all(m in dump for m in markers)


def test_search_records_are_inert(hostile):
    site, programme, markers, hb = hostile
    page = site / "programmas" / IDENT / "index.html"
    records = zoeken.records(page.read_text(encoding="utf-8"), f"programmas/{IDENT}/", hb.programmas[IDENT],
                             hb.outline, hb.vocabulaires["sectoren"], slug)
    assert len(records) > len(hb.outline) // 2
    shown = set()
    for record in records:
        _assert_inert(record.html, record.path)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(
            r"</?(a|em|strong|abbr|span|code|label)\b[^>]*>", "", record.html))).split())
        shown |= set(_assert_literal(text, record.path))
        # the title in the meta data is an attribute value: escaped, the payload intact
        for value in re.findall(r'content="([^"]*)"', record.html):
            assert "<" not in value
    assert len(shown) > len(markers) // 2
