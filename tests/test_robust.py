"""Robustness: tricky input shown exactly as typed, nothing silently dropped, no broken
links, and a failed build never leaves a half-written site."""
from __future__ import annotations

import datetime
import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, VALID, build, machine_text_project, make_project, run
from test_build import text_of

from macros import model, schema as schemas

TRICKY = {
    "naam": "Ωmega café <script>alert('naam')</script> | {{ 6 * 7 }}",
    "regio": "Łódź & Zürich <img src=x onerror=alert(1)>",
    "omschrijving": "Tabel | met {% raw %}pijp{% endraw %} en <b>vet</b>",
    "prose": ("# Geen kop\n\n<!-- geen commentaar --> [klik](javascript:alert(1)) *geen nadruk* "
              "{{ config }} {% if true %}ja{% endif %} <script>alert(2)</script> Привет, 東京, العربية."),
}


def _tricky_file(tmp_path: Path) -> Path:
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("naam: Voorbeeldmethodiek Jeugdhulp op de Basisschool", f'naam: "{TRICKY["naam"]}"')
    text = text.replace("regio: Voorbeeldstad", f'regio: "{TRICKY["regio"]}"')
    text = text.replace("omschrijving: Fasering aangevuld met een checklist per fase.",
                        f'omschrijving: "{TRICKY["omschrijving"]}"')
    prose = "\n".join("    " + line if line else "" for line in TRICKY["prose"].splitlines())
    text = text.replace("  tekst: |\n    Leerkrachten zien dagelijks kinderen",
                        f"  tekst: |\n{prose}\n\n    Leerkrachten zien dagelijks kinderen")
    path = tmp_path / "voorbeeld.yml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))  # BOM + CRLF
    return path


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lastig")
    root = make_project(tmp, [_tricky_file(tmp)])
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _pages(site: Path):
    return [p for p in site.rglob("*.html")]


def test_tricky_input_accepted(tmp_path):
    result = run("methodiek", "--root", str(REPO), "check", str(_tricky_file(tmp_path)))
    assert result.returncode == 0, result.stdout


def test_tricky_text_shown_literally(tricky_site):
    page = tricky_site / "programmas" / "voorbeeld" / "index.html"
    text = text_of(page)
    for value in (TRICKY["naam"], TRICKY["regio"], TRICKY["omschrijving"]):
        assert value in text, value
    assert " ".join(TRICKY["prose"].split()) in text
    raw = page.read_text(encoding="utf-8")
    assert "42" not in text.replace("2024", "")  # {{ 6 * 7 }} not evaluated
    # the table row with '|' in a cell kept its three cells
    assert re.search(r"<td>1\.1\.0</td>\s*<td>2024-02-01</td>\s*<td>Tabel \| met", raw)
    # nav and <title> show the name escaped
    assert "Ωmega café &lt;script&gt;alert(" in raw


def test_no_executable_markup_anywhere(tricky_site):
    for page in _pages(tricky_site):
        raw = page.read_text(encoding="utf-8")
        assert "<script>alert" not in raw, page
        assert not re.search(r"<img[^>]*onerror", raw), page
        assert not re.search(r"""href=["']?\s*javascript:""", raw, re.I), page
        assert "<!-- geen commentaar -->" not in raw, page


# ---------------------------------------------------------------- nothing lost

def _expected(hb: model.Handboek, sub: dict, value, path=()):
    """(kind, text) pairs every string leaf of a programme must produce on its page."""
    sch = hb.schema
    sub = sch.resolve(sub)
    if "if" in sub:
        branch = sub["then"] if isinstance(value, dict) else sub["else"]
        yield from _expected(hb, sch.resolve(branch), value, path)
        return
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _expected(hb, (sub.get("properties") or {})[key], child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _expected(hb, sub["items"], child, path + (i,))
    elif isinstance(value, str):
        vocab = sub.get("x-verwijzing")
        if vocab and sub.get("x-lokaal"):  # a discrepancy of the programme itself: its subject links to it
            yield "anchor", value
        elif vocab:
            shown = {"bronnen": "auteurs", "sectoren": "naam", "begrippen": "term", "competenties": "naam",
                     "zorgstructuur": "naam", "privacy": "naam"}[vocab]
            yield "text", hb.vocabulaires[vocab][value][shown]
        elif path == ("id",):
            yield "page", value  # the programme id is the page's address
        elif path[-1] == "id":
            yield "anchor", value
        else:
            yield "text", value
    elif isinstance(value, int) and not isinstance(value, bool):
        yield "text", str(value)


def _assert_nothing_lost(hb: model.Handboek, ident: str, page: Path):
    text = text_of(page)
    raw = page.read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', raw))
    missing = []
    for kind, expected in _expected(hb, hb.schema.root, hb.programmas[ident]):
        if kind == "page":
            if f"/programmas/{expected}/" not in page.as_posix() + "/":
                missing.append(f"page {expected}")
        elif kind == "anchor":
            if not any(i == expected or i.endswith("-" + expected) for i in ids):
                missing.append(f"anchor {expected}")
        elif " ".join(expected.split()) not in text:
            missing.append(expected[:80])
    assert not missing, f"{ident}: {len(missing)} value(s) not on the page, e.g. {missing[:5]}"


def test_every_real_value_reaches_the_site(real_site):
    hb = model.laad(REPO)
    assert hb.programmas
    for ident in hb.programmas:
        _assert_nothing_lost(hb, ident, real_site / "programmas" / ident / "index.html")


# ---------------------------------------------------------------- generated programmes

WORDS = ["school", "kind", "ouders", "<script>", "{{ x }}", "{% y %}", "a|b", "# kop", "*", "_", "[x](javascript:y)",
         "&amp;", "<!-- c -->", "\\", "café", "Ωμέγα", "東京", "IKC", "'", '"', "1.", "-", ">", "`code`",
         "Привет", "العربية", "naïef", "ĳsvogel", "🙂", "x²", "€ 1.200", "50%", "---", "***", "<b>", "</div>"]


def _text(min_size: int, max_size: int | None, max_words: int | None = None):
    words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)
    paragraphs = st.lists(words.map(" ".join), min_size=1, max_size=2).map("\n\n".join)

    def fit(text):
        while len(text) < min_size:
            text += " " + text
        text = text[:max_size].strip() if max_size else text
        # within a hard word limit (x-woorden), the strictest of the levels
        return " ".join(text.split()[:max_words]) if max_words and len(text.split()) > max_words else text

    return paragraphs.map(fit).filter(lambda t: len(t) >= min_size and t.strip())


def _niet_beschreven(hb: model.Handboek, sub: dict):
    """The 'niet beschreven' form of a part marked x-niet-beschreven (the fields it keeps beside it)."""
    props = hb.schema.resolve(sub).get("properties") or {}
    keep = {k: _strategy(hb, props[k]) for k in sub["x-niet-beschreven"]}
    return st.fixed_dictionaries({**keep, "niet_beschreven": _strategy(hb, props["niet_beschreven"])})


def _conditionals(hb: model.Handboek, sub: dict, strategy):
    """Complete a generated object with what its conditionals (allOf: if/then) require for it,
    e.g. the sections a methodiek must have, or 'nagegaan' for a checked recognition."""
    from jsonschema import Draft202012Validator
    conds = [c for c in sub.get("allOf", []) if "then" in c and "niet_beschreven" not in c["if"].get("required", [])]
    if not conds:
        return strategy
    props = sub["properties"]

    def complete(d):
        need = {k: _strategy(hb, props[k]) for c in conds if Draft202012Validator(c["if"]).is_valid(d)
                for k in c["then"].get("required", []) if k not in d}
        return st.fixed_dictionaries(need).map(lambda extra: {**d, **extra})

    return strategy.flatmap(complete)


def _strategy(hb: model.Handboek, sub: dict, content_only: bool = False):
    sch = hb.schema
    sub = sch.resolve(sub)
    if "if" in sub:
        return _strategy(hb, sch.resolve(sub["else"]))
    if "x-niet-beschreven" in sub and not content_only:  # the content, or 'niet beschreven' instead
        return st.one_of(_strategy(hb, sub, content_only=True), _niet_beschreven(hb, sub))
    if "x-verwijzing" in sub and not sub.get("x-lokaal"):
        return st.sampled_from(sorted(hb.vocabulaires[sub["x-verwijzing"]]))
    if "enum" in sub:
        return st.sampled_from(sub["enum"])
    kind = sub.get("type")
    if isinstance(kind, list):  # a list that may instead say 'niet beschreven': here the list
        kind = "array"
    if kind == "integer":
        return st.integers(sub.get("minimum", 0), sub.get("maximum", 30))
    if kind == "string":
        pattern = sub.get("pattern", "")
        if pattern.startswith("^[a-z0-9]+"):
            return st.from_regex(r"\A[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}\Z")
        if "format" in sub:
            # dates of what happened: never after the day of the check
            return st.dates(datetime.date(2000, 1, 1), datetime.date.today()).map(datetime.date.isoformat)
        if pattern.startswith("^(0|[1-9]"):
            return st.tuples(*[st.integers(0, 20)] * 3).map(lambda t: ".".join(map(str, t)))
        limit = sub.get("x-woorden")
        limit = min(limit.values()) if isinstance(limit, dict) else limit
        return _text(sub.get("minLength", 1), sub.get("maxLength"), limit)
    if kind == "array":
        items = _strategy(hb, sub["items"])
        unique = sub.get("x-uniek")
        if sub.get("x-volledig"):  # every key of a shared vocabulary exactly once, in its order
            keys = sorted(hb.vocabulaires[sub["x-volledig"]])
            return st.tuples(*[items.map(lambda d, k=k, u=unique: {**d, u: k}) for k in keys]).map(list)
        size = sub.get("minItems", 0)
        kwargs = {"unique_by": (lambda x: x[unique])} if unique else {"unique": True} if sub.get("uniqueItems") else {}
        return st.lists(items, min_size=size, max_size=min(max(size, 2), sub.get("maxItems", 99)), **kwargs)
    if kind == "object":
        props = sub["properties"]
        names = schemas.vereist(sub)
        for alt in (sub.get("anyOf") or [])[:1]:  # e.g. 'bronnen' or 'afgeleid': the first is given
            names += [k for k in alt.get("required", []) if k not in names]
        for cond in sub.get("allOf", []):  # and so within the content branch of a part
            for alt in ((cond.get("else") or {}).get("anyOf") or [])[:1]:
                names += [k for k in alt.get("required", []) if k not in names]
        required = {k: _strategy(hb, props[k]) for k in names}
        # a reference into the programme's own list (x-lokaal) is left out: it must name an id there;
        # 'niet_beschreven' is generated only as the whole answer (above), never beside content
        optional = {k: _strategy(hb, v) for k, v in props.items()
                    if k not in required and k != "niet_beschreven" and not sch.resolve(v).get("x-lokaal")}
        strategy = _conditionals(hb, sub, st.fixed_dictionaries(required, optional=optional))
        if sub.get("x-oplopend"):  # an ordered pair such as an age range: low first
            low, high = sub["x-oplopend"]
            strategy = strategy.map(lambda d, lo=low, hi=high: {**d, lo: min(d[lo], d[hi]), hi: max(d[lo], d[hi])})
        for rows, columns in (sub.get("x-rijlengte") or {}).items():  # a table: rows as wide as the header
            strategy = strategy.map(lambda d, r=rows, c=columns: {
                **d, r: [(row * len(d[c]))[:len(d[c])] for row in d[r]]})
        return strategy
    raise AssertionError(f"no strategy for {sub}")


def _programme_strategy():
    hb = model.laad(REPO)

    terms = {item["term"].lower(): key for key, item in hb.vocabulaires["begrippen"].items()}

    def consistent(p):
        change = p["wijzigingen"][-1]
        p["wijzigingen"] = [change]
        p["versie"], p["laatst_herzien"] = change["versie"], change["datum"]
        # an abbreviation in the text (e.g. IKC) is listed under begrippen, as a coordinator does
        used = {terms[w.lower()] for w in re.findall(r"[A-Z]{2,}", yaml.safe_dump(p, allow_unicode=True))
                if w.lower() in terms}
        if used:
            p["begrippen"] = sorted(set(p.get("begrippen", [])) | used)
        return p

    return _strategy(hb, hb.schema.root).map(consistent)


# Two builds of two to four generated programmes each (as many programmes as five builds of one
# or two, in fewer builds: a build costs more than a programme in it).
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@pytest.mark.traag  # generated programmes, a build per example
@given(programmes=st.lists(_programme_strategy(), min_size=2, max_size=4, unique_by=lambda p: p["id"]))
def test_generated_programmes_pass_check_build_and_lose_nothing(programmes, tmp_path_factory):
    """Programmes generated from the schema (tricky text included) all pass the check,
    build together, and every value they hold reaches their page."""
    tmp = tmp_path_factory.mktemp("gegenereerd")
    sources = []
    for programme in programmes:
        source = tmp / f"{programme['id']}.yml"
        source.write_text(yaml.safe_dump(programme, allow_unicode=True, sort_keys=False), encoding="utf-8")
        sources.append(source)
    root = make_project(tmp, sources)
    machine_text_project(root)  # a few sampled words in every field repeat by construction
    hb = model.laad(root)
    assert hb.fouten == [], [str(f) for f in hb.fouten]
    result = build(root)
    assert result.returncode == 0, result.stderr
    for programme in programmes:
        _assert_nothing_lost(hb, programme["id"], root / "site" / "programmas" / programme["id"] / "index.html")


# ---------------------------------------------------------------- links

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for attr in ("href", "src"):
            if attrs.get(attr) and tag in ("a", "link", "script", "img"):
                self.links.append(attrs[attr])


def test_no_broken_internal_links_or_anchors(real_site):
    parsed = {}
    for page in _pages(real_site):
        p = _Links()
        p.feed(page.read_text(encoding="utf-8"))
        parsed[page] = p
    broken = []
    for page, p in parsed.items():
        for link in p.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            if parts.path.startswith("/"):  # 404.html links from the site root
                target = (real_site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(real_site)} -> {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(real_site)} -> {link} (anker)")
    assert not broken, broken[:20]


def test_ids_unique_on_every_page(real_site):
    for page in _pages(real_site):
        ids = re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8"))
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes, (page.relative_to(real_site), sorted(dupes)[:5])


# ---------------------------------------------------------------- atomic output

def _snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.traag  # two builds of its own
def test_failed_build_leaves_previous_site_untouched(project):
    root = project([VALID])
    assert build(root).returncode == 0
    before = _snapshot(root / "site")
    # a page that fails halfway through the build, after other pages were written
    (root / "docs" / "zzz-kapot.md").write_text("# Kapot\n\n{{ bestaat_niet() }}\n", encoding="utf-8")
    failed = build(root)
    assert failed.returncode != 0
    assert "bestaat_niet" in failed.stderr
    assert _snapshot(root / "site") == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []


def test_failed_first_build_leaves_no_site(project):
    root = project([REPO / "tests" / "fixtures" / "fout" / "lege-sectie.yml"])
    assert build(root).returncode == 1
    assert not (root / "site").exists()


def test_no_source_key_in_the_real_sites_visible_text(real_site):
    """Readers see sources as author (year); an internal key ('nhl2020') never shows."""
    keys = list(model.laad(REPO).vocabulaires["bronnen"])
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])", re.I)
    pages = [p for p in sorted(real_site.rglob("*.html")) if "<article" in p.read_text(encoding="utf-8")]
    assert len(pages) > 30
    def prose(page):  # YAML shown to coordinators as code (Bijdragen) may name a key
        raw = page.read_text(encoding="utf-8")
        article = re.sub(r"<(code|pre)\b.*?</\1>", " ", raw[raw.index("<article"):raw.index("</article>")], flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", " ", article))

    shown = {str(p.relative_to(real_site)): m.group(0) for p in pages if (m := pattern.search(prose(p)))}
    assert not shown, shown
