"""What a programme's reader and a coordinator meet, as properties over all the data (issue 34,
point 5): every row of every card, every evidence kind, every derived mark, every phase header,
every glossary entry, every tooltip of every term and spelling variant, and every record in the
preview's banner and in a draft's markers. Each reads the real site (built once per run) or
renders in-process, so all of them run in the fast loop without a build of their own."""
from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, VALID
from test_build import article_of, text_of
from test_structure import Elements

from macros import kaart, model, site
from macros.render import programmanaam, slug, zin

BAD = FIXTURES / "fout"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("METHODIEK_CACHE", "0")


def norm(text) -> str:
    return " ".join(str(text).split())


def _walk(value, trail=()):
    """(trail, dict) of every mapping in a programme, depth first, in document order."""
    if isinstance(value, dict):
        yield trail, value
        for k, v in value.items():
            yield from _walk(v, (*trail, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*trail, i))


def _card(site_dir: Path, ident: str) -> list[tuple[str, str]]:
    """(label, cell HTML) of every row of a programme's card, in order."""
    article = article_of(site_dir / "programmas" / ident / "index.html")
    card = article[article.index('id="in-een-oogopslag"'):]
    card = card[:card.index("</table>")]
    return re.findall(r'<th scope="row">([^<]*)</th>\s*<td>(.*?)</td>', card, re.S)


def _plain(fragment: str) -> str:
    """The reader's text of an HTML fragment: inline tags dropped, block tags a space."""
    fragment = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", fragment, flags=re.S)
    inline = re.sub(r"</?(a|em|strong|abbr|span|code|label)\b[^>]*>", "", fragment)
    return norm(html.unescape(re.sub(r"<[^>]+>", " ", inline)))


_cell_text = _plain


# ---------------------------------------------------------------- the card, row by row

def _not_described(p: dict, path: tuple):
    """The 'niet beschreven' answer that covers a card field: of the field or a part around it."""
    value = p
    for part in path:
        if isinstance(value, dict) and isinstance(value.get("niet_beschreven"), dict):
            return value["niet_beschreven"]
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value.get("niet_beschreven") if isinstance(value, dict) else None


def _at(p: dict, path: tuple):
    for part in path:
        if not isinstance(p, dict) or part not in p:
            return None
        p = p[part]
    return p


def test_every_card_has_a_row_for_every_field_it_fills_or_does_not_describe(real_site, hb):
    """Every card field of the schema that a programme fills, or that it (or the part around it)
    says the sources do not describe, is a row, in the schema's order; a row for a part not
    described says so and where to ask, in one line."""
    velden = kaart.velden(hb.schema)
    checked = 0
    for ident, p in hb.programmas.items():
        rows = _card(real_site, ident)
        expected = [v.label for v in velden if _at(p, v.pad) is not None or _not_described(p, v.pad)]
        assert [label for label, _ in rows] == expected, ident
        cells = dict(rows)
        for veld in velden:
            nb = _not_described(p, veld.pad)
            if nb:
                assert _cell_text(cells[veld.label]) == f"Niet beschreven in de bronnen; navragen bij: {zin(nb['navragen'])}", \
                    (ident, veld.label)
                checked += 1
    assert checked >= 1, "no card row of a part not described: the property checks nothing"


def test_every_card_states_age_recognition_currency_evidence_and_first_steps(real_site, hb):
    """The rows a school decides on, for every programme: the age range (marked when derived),
    the recognition (or that it was not checked), the newest source with its age when older
    than the schema allows, the count per evidence kind, and the first steps followed by the
    first phase of the introduction's checklist."""
    bronnen = hb.vocabulaires["bronnen"]
    limit = next(s.schema["x-verouderd-na"] for s in hb.outline if "x-verouderd-na" in s.schema)
    old = 0
    for ident, p in hb.programmas.items():
        cells = {label: cell for label, cell in _card(real_site, ident)}
        age = _cell_text(cells["Leeftijd"])
        assert age.startswith(f"{p['leeftijd']['van']} tot en met {p['leeftijd']['tot']} jaar"), (ident, age)
        assert ("(afgeleid;" in age) == bool(p["leeftijd"].get("afgeleid")), (ident, age)

        erkenning = _cell_text(cells["Erkenning"])
        nagegaan = p["erkenning"].get("nagegaan")
        assert erkenning == (f"{p['erkenning']['status'].capitalize()} (nagegaan op {nagegaan['datum']})."
                             if nagegaan else
                             "Niet nagegaan: de Databank Effectieve Jeugdinterventies is niet geraadpleegd."), ident

        actualiteit = _cell_text(cells["Actualiteit"])
        years = [bronnen[k]["jaar"] for _, d in _walk(p) for ref in (d.get("bronnen") or []) if isinstance(ref, dict)
                 for k in [ref["bron"]]]
        newest = max(years)
        years_old = datetime.date.today().year - newest
        assert f"Nieuwste bron: {newest}" in actualiteit, (ident, actualiteit)
        article = article_of(real_site / "programmas" / ident / "index.html")
        notice = f"De nieuwste bron van deze beschrijving is uit {newest}, {years_old} jaar geleden."
        assert (notice in _plain(article[:article.index('id="in-een-oogopslag"')])) == (years_old > limit), ident
        if years_old > limit:
            assert actualiteit.endswith(f"Nieuwste bron: {newest} ({years_old} jaar oud)."), (ident, actualiteit)
            old += 1
        else:
            assert actualiteit.endswith(f"Nieuwste bron: {newest}.") and "jaar oud" not in actualiteit, ident

        counts: dict[str, int] = {}
        for _, d in _walk(p):
            if isinstance(d.get("bewijs"), dict):
                counts[d["bewijs"]["soort"]] = counts.get(d["bewijs"]["soort"], 0) + 1
        telling = re.search(r"naar soort bewijs: (.*)\.$", _cell_text(cells["Bewijskracht"]))
        assert telling and set(telling[1].split(", ")) == {f"{n} {k}" for k, n in counts.items()}, ident

        steps = cells["Eerste stappen"]
        assert re.findall(r"<li>(.*?)</li>", steps, re.S) == \
            [html.escape(norm(s["stap"]), quote=False) for s in p["eerste_stappen"]["stappen"]], ident
        fasen = ((p.get("fasering") or {}).get("invoering") or {}).get("fasen")
        if fasen:
            link = re.search(r'Daarna: <a href="([^"]+)">([^<]+)</a>', steps)
            assert link, ident
            assert link[1].endswith(f"programmas/{ident}/checklists/#invoering-{slug(fasen[0]['id'])}"), (ident, link[1])
            assert html.unescape(link[2]) == f"Fase 1: {fasen[0]['naam']}", ident
        else:
            assert "Daarna" not in steps, ident
    assert old >= 1, "no programme with sources older than the limit: the age mark is not checked"


# ---------------------------------------------------------------- evidence kinds and derived marks

def test_every_evidence_kind_is_marked_and_explained(real_site, hb):
    """Every result and effective element: its evidence paragraph carries the kind as a class
    (its colour) and the kind's explanation from the schema as a tooltip."""
    labels = hb.schema.resolve(hb.schema.root["$defs"]["bewijs"])["properties"]["soort"]["x-labels"]
    checked = 0
    for ident, p in hb.programmas.items():
        shown = [(attrs.get("class", ""), attrs.get("title"), norm(text)) for tag, attrs, text in
                 Elements(article_of(real_site / "programmas" / ident / "index.html")).found
                 if tag == "p" and "bewijs" in attrs.get("class", "").split()]
        for _, d in _walk(p):
            bewijs = d.get("bewijs")
            if not isinstance(bewijs, dict):
                continue
            text = f"Soort bewijs: {bewijs['soort']}. {norm(bewijs['toelichting'])}"
            match = [(cls, title) for cls, title, t in shown if t == text]
            assert match, (ident, text[:80])
            cls, title = match[0]
            assert f"bewijs-{bewijs['soort']}" in cls.split(), (ident, cls)
            assert title == labels[bewijs["soort"]], (ident, bewijs["soort"], title)
            checked += 1
    assert checked >= 20, checked


def test_every_derived_text_carries_the_derived_mark(real_site, hb):
    """Every 'afgeleid' in every programme stands on its page as the handbook's own synthesis:
    in a derived block (an admonition of the kind 'afgeleid'), after 'Afgeleid:' on a one-line
    item, or in the key facts as the derived age; a phase's on its printable checklist too."""
    checked = 0
    for ident, p in hb.programmas.items():
        page = real_site / "programmas" / ident / "index.html"
        blocks = Elements(article_of(page)).texts("div", "afgeleid")
        assert all("admonition" in a.get("class", "") for t, a, _ in Elements(article_of(page)).found
                   if t == "div" and "afgeleid" in a.get("class", "").split())
        text = text_of(page)
        checklists = text_of(real_site / "programmas" / ident / "checklists" / "index.html")
        for trail, d in _walk(p):
            value = d.get("afgeleid")
            if not isinstance(value, str):
                continue
            derived = norm(value)
            marked = (any(b.startswith("Afgeleid, niet letterlijk uit de bronnen") and derived in b for b in blocks)
                      or f"Afgeleid: {derived}" in text or f"Leeftijd, afgeleid {derived}" in text)
            assert marked, (ident, trail, derived[:80])
            if "fasen" in trail:
                assert f"Afgeleid, niet letterlijk uit de bronnen: {derived}" in checklists, (ident, trail)
            checked += 1
    assert checked >= 30, checked


def test_every_contra_indication_names_where_to_go_instead(real_site, hb):
    checked = 0
    for ident, p in hb.programmas.items():
        text = text_of(real_site / "programmas" / ident / "index.html")
        for trail, d in _walk(p):
            if "situatie" in d and "in_plaats_daarvan" in d:
                line = f"{norm(d['situatie'])} In plaats daarvan: {norm(d['in_plaats_daarvan'])}"
                assert text.count(line) >= 2, (ident, trail, line[:80])  # the card and the section
                checked += 1
    assert checked >= 6, checked


# ---------------------------------------------------------------- printable checklists

def test_every_phase_checklist_is_headed_with_programme_series_phase_and_version(real_site, hb):
    """Every phase of every phase series: the printed header names the programme, the series,
    'fase i van n', the description's version and review date; the heading and the print link
    lead to that phase."""
    checked = 0
    for ident, p in hb.programmas.items():
        article = article_of(real_site / "programmas" / ident / "checklists" / "index.html")
        koppen = [norm(html.unescape(re.sub(r"<[^>]+>", "", k)))
                  for k in re.findall(r'<p class="checklist-kop">(.*?)</p>', article, re.S)]
        expected = []
        for key, titel, reeks in site._reeksen(hb, p):
            n = len(reeks["fasen"])
            for i, fase in enumerate(reeks["fasen"], 1):
                expected.append(f"{programmanaam(p, ' – ')} · {titel} · fase {i} van {n} · beschrijving versie "
                                f"{p['versie']}, laatst herzien {p['laatst_herzien']}")
                anchor = f"{key}-{slug(fase['id'])}"
                heading = html.escape(f"{titel}: {fase['naam']}", quote=False)
                assert re.search(rf'<h2 id="{anchor}">{re.escape(heading)}', article), (ident, anchor)
                assert f'<div class="checklist-fase" id="print-{anchor}">' in article, (ident, anchor)
                assert f'href="#print-{anchor}"' in article, (ident, anchor)
        assert len(koppen) == len(expected), ident
        for kop, want in zip(koppen, expected):
            assert kop.startswith(want), (ident, kop, want)
            checked += 1
    assert checked >= 10, checked


def test_every_role_profile_is_headed_with_programme_role_and_version(real_site, hb):
    """Every role of every programme: its printed profile is headed with the programme, the
    role's name and the description's version and review date."""
    checked = 0
    for ident, p in hb.programmas.items():
        rollen = (p.get("competenties") or {}).get("rollen", [])
        article = article_of(real_site / "programmas" / ident / "competenties" / "index.html")
        koppen = [_plain(k) for k in re.findall(r'<p class="rolprofiel-kop">(.*?)</p>', article, re.S)]
        koppen = [k for k in koppen if "competentieprofielen, voor elke functie" not in k]  # the shared part
        assert len(koppen) == len(rollen), ident
        for kop, rol in zip(koppen, rollen):
            want = (f"{programmanaam(p, ' – ')} · competentieprofiel {norm(rol['naam'])} · beschrijving versie "
                    f"{p['versie']}, laatst herzien {p['laatst_herzien']}")
            assert kop.startswith(want), (ident, kop, want)
            checked += 1
    assert checked >= 5, checked


# ---------------------------------------------------------------- glossary and tooltips

def _section_of(article: str, anchor: str) -> str:
    start = article.index(f'<h2 id="{anchor}"')
    end = article.find("<h2", start + 1)
    return article[start:end if end != -1 else len(article)]


def test_every_glossary_entry_shows_its_forms_explanation_and_where_it_is_used(real_site, hb):
    article = article_of(real_site / "begrippen" / "index.html")
    begrippen = hb.vocabulaires["begrippen"]
    for key, b in begrippen.items():
        section = _section_of(article, slug(key))
        text = _plain(section)
        assert text.startswith(norm(b["term"])), key
        if b.get("voluit"):
            assert norm(b["voluit"]) in text, key
        if b.get("varianten"):
            assert f"Ook geschreven als: {', '.join(b['varianten'])}." in text, key
        else:
            assert "Ook geschreven als" not in text, key
        assert norm(b["omschrijving"]) in text, key
        users = [ident for ident, p in hb.programmas.items() if key in p.get("begrippen", [])]
        links = re.findall(r'<a href="\.\./programmas/([^/"]+)/">', section)
        assert links == users, (key, links, users)


def test_every_programme_lists_its_glossary_terms_with_their_full_form(real_site, hb):
    begrippen = hb.vocabulaires["begrippen"]
    for ident, p in hb.programmas.items():
        if not p.get("begrippen"):
            continue
        section = _section_of(article_of(real_site / "programmas" / ident / "index.html"), "begrippen")
        items = [norm(html.unescape(re.sub(r"<[^>]+>", "", li))) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]
        expected = [f"{begrippen[k]['term']}: {norm(begrippen[k]['voluit'])}" if begrippen[k].get("voluit")
                    else begrippen[k]["term"] for k in p["begrippen"]]
        assert items == expected, ident
        for key in p["begrippen"]:
            assert f'href="../../begrippen/#{slug(key)}"' in section, (ident, key)


def test_every_term_and_spelling_variant_a_description_uses_has_its_tooltip_there(real_site, hb):
    """A glossary term or one of its spelling variants that a programme's description uses (as a
    whole word, in its running text) is explained on that page by an <abbr> at least once.
    Not checked: the card (raw HTML, which Markdown does not touch) and headings; and terms with
    punctuation ('CAP-J', 'plus-IKC', 'Eén gezin, één plan'): text from YAML has every punctuation
    mark escaped, so Markdown's abbreviations never match them (a known gap, see tests/README.md)."""
    terms = sorted({t for b in hb.vocabulaires["begrippen"].values() for t in [b["term"], *b.get("varianten", [])]
                    if re.fullmatch(r"[\w ]+", t)}, key=len, reverse=True)
    found = set()
    for ident in hb.programmas:
        article = article_of(real_site / "programmas" / ident / "index.html")
        prose = re.sub(r'<table class="kaart-tabel">.*?</table>', " ", article, flags=re.S)
        prose = re.sub(r"<(code|pre|h1|h2|h3|h4|h5|h6)\b.*?</\1>", " ", prose, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", prose))
        explained = {html.unescape(t) for t in re.findall(r"<abbr\b[^>]*>(.*?)</abbr>", article, re.S)}
        for term in terms:
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text):
                assert term in explained, (ident, term)
                found.add(term)
    variants = {v for b in hb.vocabulaires["begrippen"].values() for v in b.get("varianten", [])}
    assert len(found) >= 20 and len(found & variants) >= 2, (found, found & variants)


def test_every_term_and_spelling_variant_is_defined_for_the_tooltips(hb):
    """The abbreviation definitions every page gets: each term and each spelling variant of the
    glossary, with its full form (or else its short description)."""
    from macros.hook import abbreviations
    begrippen = hb.vocabulaires["begrippen"]
    defined = dict(re.fullmatch(r"\*\[(.+?)\]: (.*)", line).groups()
                   for line in abbreviations(begrippen).splitlines() if line)
    expected = {t: norm(b.get("voluit") or b["omschrijving"]) for b in begrippen.values()
                for t in [b["term"], *b.get("varianten", [])]}
    assert defined == expected


# ---------------------------------------------------------------- the preview's banner, every record

@pytest.fixture(scope="module")
def bad_records():
    """Every record of the corpus of mistakes (fixtures/fout), checked once in-process."""
    import os
    saved = os.environ.get("METHODIEK_CACHE")
    os.environ["METHODIEK_CACHE"] = "0"
    try:
        model._cache.clear()
        return model.laad(REPO, sorted(BAD.glob("*.yml"))).fouten
    finally:
        if saved is None:
            del os.environ["METHODIEK_CACHE"]
        else:
            os.environ["METHODIEK_CACHE"] = saved


def _items(banner_html: str) -> list[str]:
    return [norm(html.unescape(re.sub(r"<[^>]+>", "", li))) for li in re.findall(r"<li>(.*?)</li>", banner_html, re.S)]


def test_every_record_of_every_bad_file_stands_whole_in_the_preview_banner(bad_records):
    """Every record the check gives for the corpus of mistakes: in the banner with its file, line
    and column (as 'methodiek check' prints them), its field, its Dutch message and what to do
    ("Bedoelde u …?" included)."""
    from macros.hook import BANNER_LIMIT, banner
    fouten = bad_records
    assert len(fouten) > BANNER_LIMIT
    for f in fouten:
        (item,) = _items(banner([f]))
        where = re.search(r"<code>([^<]*)</code>", banner([f]))[1]
        assert html.unescape(where) == f"{f.bestand}:{f.regel}:{f.kolom}", str(f)
        expected = f"{f.bestand}:{f.regel}:{f.kolom} {f.pad + ': ' if f.pad else ''}{norm(f.melding)}."
        if f.hint:
            expected += f" {norm(f.hint)}"
        assert item == expected, (item, str(f))
    assert sum("Bedoelde u" in f.hint for f in fouten) >= 3


@pytest.mark.parametrize("extra", [-1, 0, 1, 7])
def test_the_banner_shows_the_first_records_up_to_its_limit_and_counts_the_rest(bad_records, extra):
    from macros.errors import samenvatting
    from macros.hook import BANNER_LIMIT, banner
    fouten = bad_records[:BANNER_LIMIT + extra]
    shown = banner(fouten)
    items = _items(shown)
    assert items[:min(len(fouten), BANNER_LIMIT)] == [_items(banner([f]))[0] for f in fouten[:BANNER_LIMIT]]
    rest = len(fouten) - BANNER_LIMIT
    if rest > 0:
        assert items[-1] == f"en nog {rest} {'fout' if rest == 1 else 'fouten'}; 'methodiek check' toont ze allemaal."
        assert len(items) == BANNER_LIMIT + 1
    else:
        assert len(items) == len(fouten)
    assert f'<p class="admonition-title">{html.escape(samenvatting(fouten))}</p>' in shown


# ---------------------------------------------------------------- a draft's markers, every record

def _unescape_md(text: str) -> str:
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text))


def test_every_gap_and_error_of_a_draft_is_marked_in_its_section_with_its_line(tmp_path, monkeypatch):
    """A draft with a gap in the key facts, gaps in sections and an error that is not a gap: each
    record is marked in the section it lies in (or at the key facts), a gap with its field and
    line, an error with its file, line, column, field, message and what to do."""
    text = VALID.read_text(encoding="utf-8").replace("id: voorbeeld", "id: concept-proef")
    text = text.replace("regio: Voorbeeldstad\n", "", 1)  # a gap in the key facts
    text = re.sub(r"probleem:\n  tekst: \|\n(    .*\n)+", "probleem:\n  tekst: Te kort.\n", text, count=1)  # an error
    text = text.replace("    - bron: nji2015\n      plaats: hoofdstuk 2\n\neerste_stappen:", "\neerste_stappen:", 1)
    path = tmp_path / "concept-proef.yml"
    path.write_text(text, encoding="utf-8")
    model._cache.clear()
    hb = model.laad(REPO, [path])
    assert "concept-proef" in hb.concepten, [str(f) for f in hb.fouten]
    hb.voorbeeld = True
    page = _unescape_md(site.conceptbeschrijving(hb, "concept-proef"))
    gaten = hb.gaten["concept-proef"]
    assert "" in gaten and len(gaten) >= 3, gaten.keys()
    kinds = set()
    for key, records in gaten.items():
        if key:
            start = page.index(f"{{ #{slug(key)} }}")
            end = page.find("\n## ", start)
            part = page[start:end if end != -1 else len(page)]
        else:
            part = page[:page.index("\n## ")]
        for f in records:
            if f.gat:
                assert f"{f.pad} (regel {f.regel})" in part, (key, str(f))
                kinds.add("gat")
            else:
                line = f"{f.bestand}:{f.regel}:{f.kolom} {f.pad}: {f.melding}."
                assert line in part, (key, str(f), part[:500])
                if f.hint:
                    assert norm(line + " " + f.hint) in norm(part), (key, f.hint)
                kinds.add("fout")
    assert kinds == {"gat", "fout"}


# ---------------------------------------------------------------- a line named in a hint

@pytest.mark.parametrize("form", ["flow", "block"])
def test_the_hint_on_an_abbreviation_not_listed_names_the_line_of_begrippen(tmp_path, form):
    """'Voeg … toe aan begrippen: (regel N)': N is the line of 'begrippen:', whether the list is
    written on that line ([a, b]) or as items below it."""
    text = (BAD / "afkorting-niet-in-begrippen.yml").read_text(encoding="utf-8")
    flow = re.search(r"^begrippen: \[(.*)\]$", text, re.M)
    assert flow, "the fixture lists its terms on one line"
    if form == "block":
        text = text.replace(flow[0], "begrippen:\n" + "".join(f"  - {k.strip()}\n" for k in flow[1].split(",")).rstrip("\n"))
    line = text[:text.index("\nbegrippen:") + 1].count("\n") + 1
    path = tmp_path / "afkorting-niet-in-begrippen.yml"
    path.write_text(text, encoding="utf-8")
    model._cache.clear()
    records = [f for f in model.laad(REPO, [path]).fouten if "niet onder 'begrippen'" in f.melding]
    assert len(records) == 1, [str(f) for f in model.laad(REPO, [path]).fouten]
    assert f"toe aan 'begrippen:' (regel {line});" in records[0].hint, (line, records[0].hint)


class _HalfWritten:
    """A value a coordinator is still typing, in a form no template can show: every use fails."""
    def __getattr__(self, name):
        raise ValueError("half geschreven")

    def __str__(self):
        raise ValueError("half geschreven")

    def __iter__(self):
        raise ValueError("half geschreven")

    def _fail(self, *args):
        raise ValueError("half geschreven")

    __eq__ = __ne__ = __lt__ = __gt__ = __le__ = __ge__ = __bool__ = __len__ = __contains__ = _fail
    __hash__ = None


def test_a_draft_card_shows_every_row_it_can_and_says_which_it_cannot_yet(hb):
    """The preview's card of a draft, for every programme and every card field it fills: with
    nothing wrong it is the finished card; with that one field half-written, that row says it
    cannot be shown yet (unless its cell does not show the value, as Erkenning when nobody
    checked) and every other row stands as on the finished card, in the same order."""
    import copy

    context = site._context(hb, "../../")
    checked = 0
    for ident, p in hb.programmas.items():
        full = kaart.rijen(hb.schema, ident, p, context, "../../")
        assert kaart.rijen(hb.schema, ident, p, context, "../../", concept=True) == full, ident
        for veld in kaart.velden(hb.schema):
            if kaart._at(p, veld.pad) is None or any(label == veld.label and "niet beschreven" in html.lower()
                                                     for label, html in full):
                continue
            draft = copy.deepcopy(p)
            target = draft
            for part in veld.pad[:-1]:
                target = target[part]
            target[veld.pad[-1]] = _HalfWritten()
            rows = kaart.rijen(hb.schema, ident, draft, context, "../../", concept=True)
            assert [label for label, _ in rows] == [label for label, _ in full], (ident, veld.pad)
            for (label, shown), (_, finished) in zip(rows, full):
                if label == veld.label and shown != finished:  # (a cell that does not show the value stays)
                    assert shown == "nog niet te tonen: zie de fout op deze pagina", (ident, veld.pad)
                    checked += 1
                else:
                    assert shown == finished, (ident, veld.pad, label)
    assert checked >= 3 * len(hb.programmas), checked
