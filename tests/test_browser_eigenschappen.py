"""Properties of the real site in Chromium over every page and every filter value (issue 34):

- print media, for every page the build wrote (so a new page kind is covered without editing
  this file): what print hides (the site around the article, the controls, the links between
  pages, the introductions a printed checklist or profile replaces by its running headers) and
  what it shows (everything else the article shows on screen, the programme's name and its
  concept marker, the print-only headers and fields, every column of every table within the
  paper width the print style itself declares);
- the sector filter of every comparison page for every combination of sectors, with and
  without an age: exactly the union of the programmes of those sectors (from the YAML), within
  the age; and every choice of two to four programmes shows exactly those columns, in the order
  chosen.

Computed styles and layout in print media (Playwright's emulate_media), not PDFs: one browser
context for the module, one page load per page, every filter combination evaluated in that page
without a reload."""
from __future__ import annotations

import itertools
import re

import pytest

from conftest import plain

pytestmark = pytest.mark.browser

# ---------------------------------------------------------------- what print is meant to do

# What print hides, with why. Anything in the article that is not in one of these and is shown
# on screen must be shown on paper too.
PRINT_HIDES = {
    # the site around the article
    ".md-header": "kopbalk met zoeken en versiekeuze",
    ".md-tabs": "tabbladen",
    ".md-sidebar": "menu en inhoudsopgave",
    ".md-footer": "voettekst met vorige/volgende",
    ".md-banner": "balk boven de pagina",
    ".md-top": "knop naar boven",
    ".md-content__button": "knop bewerken",
    ".zoeken": "zoeken",
    ".md-typeset .headerlink": "ankerteken bij een kop",
    # controls and links between pages: nothing to click on paper
    ".programma-filter": "filter op sector en leeftijd",
    ".programma-keuze": "keuze van programma's",
    ".vergelijk-onderdelen": "links naar de andere onderdelen",
    ".programma-blok__meer": "link naar de volledige beschrijving",
    ".programma-paginas": "links tussen de drie pagina's van een programma",
    ".fase-print": "knop 'Alleen deze fase printen'",
    # introductions that a printout replaces by its own header on every page
    ".profiel-inleiding": "inleiding van de competentieprofielen",
    ".checklist-inleiding:has(~ .checklist-fase)": "inleiding vóór de fasen (elke fase heeft een kopregel)",
    # with programmes chosen the page prints the chosen ones side by side, not the lists of all
    "body.vergelijk-gekozen .vergelijk-inleiding": "uitleg bij de keuze",
    "body.vergelijk-gekozen .vergelijk-per-onderdeel": "lijst per onderdeel",
    "body.vergelijk-gekozen .vergelijk-tabel-kader": "kaart van alle programma's",
    ".vergelijk-zonder-keuze": "links naar elk programma, zonder keuze",
}
# Only on paper: the running header of a competence profile and the fields of a checklist.
PRINT_ONLY = (".rolprofiel-kop", ".checklist-invullen")
TEXT = "h1, h2, h3, h4, h5, h6, p, li, td, th, dt, dd, summary, figcaption, caption"

SCREEN = """([hides, text]) => {
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && el.getClientRects().length > 0;
  const article = document.querySelector('article');
  window.__opScherm = Array.from(article.querySelectorAll(text)).filter(el => el.textContent.trim() && visible(el));
}"""

PRINTED = """([hides, only, text]) => {
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && el.getClientRects().length > 0;
  const article = document.querySelector('article');
  const where = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                      + ': ' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60);
  const shown = [];
  for (const [selector, why] of Object.entries(hides)) {
    document.querySelectorAll(selector).forEach(el => { if (visible(el)) shown.push(why + ' (' + selector + ')'); });
  }
  const anyHide = Object.keys(hides).join(', ');
  const lost = window.__opScherm.filter(el => !el.closest(anyHide) && !visible(el)).map(where);
  const onlyOnPaper = [];
  for (const selector of only) {
    document.querySelectorAll(selector).forEach(el => {
      if (!el.closest(anyHide) && !visible(el)) onlyOnPaper.push(where(el));
    });
  }
  // every cell of every table lies within the paper and within whatever frame could clip it
  const paper = document.documentElement.clientWidth;
  const clipped = [];
  article.querySelectorAll('table').forEach(table => {
    if (!visible(table)) return;
    const cells = Array.from(table.rows).flatMap(r => Array.from(r.cells)).filter(visible);
    for (const cell of cells) {
      const right = cell.getBoundingClientRect().right;
      let limit = paper, frame = cell.parentElement;
      while (frame && frame !== document.body) {
        if (getComputedStyle(frame).overflowX !== 'visible' && frame.clientWidth > 1) {  // (1 px: for screen readers only)
          limit = Math.min(limit, frame.getBoundingClientRect().left + frame.clientLeft + frame.clientWidth);
        }
        frame = frame.parentElement;
      }
      if (right > limit + 1) {
        const head = (table.tHead || table).querySelector('th, td');
        clipped.push(where(cell) + ' in de tabel met kop ' + (head ? head.textContent.trim().slice(0, 30) : '?')
                     + ': rechterrand ' + Math.round(right) + ' px, zichtbaar tot ' + Math.round(limit) + ' px');
        break;
      }
    }
  });
  const shortForms = Array.from(article.querySelectorAll('[data-voluit]')).filter(visible)
    .filter(el => !getComputedStyle(el, '::after').content.includes(el.getAttribute('data-voluit'))).map(where);
  return {shown, lost, onlyOnPaper, clipped, shortForms, text: article.innerText,
          heads: Array.from(article.querySelectorAll('table.vergelijk-raster > thead th[scope=col]')).filter(visible).map(th => th.textContent)};
}"""

PAGE_RULES = """() => {
  const rules = [];
  const walk = list => Array.from(list).forEach(rule => {
    if (rule instanceof CSSPageRule) rules.push({name: rule.selectorText, size: rule.style.size,
        left: rule.style.marginLeft, right: rule.style.marginRight});
    else if (rule.cssRules) walk(rule.cssRules);
  });
  for (const sheet of document.styleSheets) { try { walk(sheet.cssRules); } catch (e) {} }
  return {rules, page: getComputedStyle(document.body).page};
}"""

MM = 96 / 25.4
SIZES = {"a4": (210, 297), "a5": (148, 210), "a3": (297, 420), "letter": (215.9, 279.4)}


def _length(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(mm|cm|in|px|pt)?", value.strip()).groups()
    return float(number) * {"mm": MM, "cm": 10 * MM, "in": 96, "px": 1, "pt": 96 / 72, None: 1}[unit]


def _paper_width(page) -> int:
    """The width of the printed area in CSS pixels: the @page size and margins that the print
    style declares for this page (a named page when the body asks for one, e.g. a landscape
    comparison), so the test follows the style instead of repeating its numbers."""
    found = page.evaluate(PAGE_RULES)
    rules = {r["name"]: r for r in found["rules"]}
    rule = dict(rules.get("", {}))
    if found["page"] not in ("auto", ""):
        rule.update({k: v for k, v in rules.get(found["page"], {}).items() if v})
    words = (rule.get("size") or "a4").lower().split()
    width, height = next((SIZES[w] for w in words if w in SIZES), SIZES["a4"])
    if "landscape" in words:
        width, height = height, width
    margins = sum(_length(rule.get(side) or "0") for side in ("left", "right"))
    return int(width * MM - margins)


# ---------------------------------------------------------------- the pages the build wrote

def _pages(site) -> list[str]:
    """Every page of the built site (not the comparison fragments nor the search bundle)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        if relative.startswith(("pagefind/", "vergelijken/inhoud/", "assets/")):
            continue
        paths.append("/" + relative.removesuffix("index.html"))
    return paths


def _kind(path: str, programmes) -> str:
    """A page's kind: its address with the programme or outline section in it made general."""
    parts = path.split("/")  # '/programmas/jos/checklists/' -> ['', 'programmas', 'jos', 'checklists', '']
    if len(parts) > 3 and parts[1] == "programmas" and parts[2] in programmes:
        parts[2] = "*"
    if len(parts) == 4 and parts[1] == "vergelijken" and parts[2] != "alles":
        parts[2] = "*"
    return "/".join(parts)


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    yield context
    context.close()


def _chosen_sets(programmes):
    """Choices to print: the first two and the first four programmes."""
    ids = list(programmes)
    return [ids[:2], ids[:4]]


def test_print_hides_the_site_and_the_controls_and_shows_the_whole_article_on_every_page(context, real_site, real_site_url, hb):
    """For every page the build wrote, and for the comparison pages with programmes chosen:
    in print media (at the paper width the print style declares) every part of PRINT_HIDES on
    the page is hidden; every text of the article shown on screen outside those parts is shown;
    the print-only headers and fields appear; no table column is cut off at the paper's edge; an
    abbreviation is followed by its full form; a programme's page names the programme and, while
    it is a concept, says so; a comparison prints exactly the chosen programmes as its columns.
    Programme pages are checked for every programme (each prints differently: phases or none,
    profiles or none); of the per-section comparison pages, which share one template, one."""
    programmes = hb.programmas
    pages, kinds = [], set()
    for path in _pages(real_site):
        kind = _kind(path, programmes)
        if kind == "/vergelijken/*/" and kind in kinds:
            continue
        kinds.add(kind)
        pages.append(path)
    section = next(p for p in pages if _kind(p, programmes) == "/vergelijken/*/")
    for chosen in _chosen_sets(programmes):
        for path in ("/vergelijken/", section, "/vergelijken/alles/"):
            pages.append(f"{path}?p={','.join(chosen)}")
    assert {"/", "/programmas/*/", "/programmas/*/checklists/", "/programmas/*/competenties/", "/aan-de-slag/",
            "/vergelijken/", "/vergelijken/*/", "/vergelijken/alles/", "/begrippen/", "/bronnen/", "/volledigheid/",
            "/wijzigingen/", "/opzet/", "/bijdragen/", "/404.html"} <= kinds, kinds
    page = context.new_page()
    problems = []
    for path in pages:
        page.set_viewport_size({"width": 1366, "height": 900})
        page.emulate_media(media="screen")
        page.goto(real_site_url + path, wait_until="load")
        chosen = path.split("?p=")[1].split(",") if "?p=" in path else []
        if page.locator("[data-keuze-lijst]").count():  # wait until the page has made its choice and shown it
            page.wait_for_selector(f"[data-geladen='{','.join(chosen)}']" if chosen else "[data-geladen]", state="attached")
        page.evaluate(SCREEN, [", ".join(PRINT_HIDES), TEXT])
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        page.set_viewport_size({"width": _paper_width(page), "height": 900})
        found = page.evaluate(PRINTED, [PRINT_HIDES, list(PRINT_ONLY), TEXT])
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        for what in ("shown", "lost", "onlyOnPaper", "clipped", "shortForms"):
            for item in found[what][:5]:
                problems.append((path, {"shown": "getoond op papier", "lost": "verdwijnt op papier",
                                        "onlyOnPaper": "alleen-op-papier ontbreekt", "clipped": "kolom afgesneden",
                                        "shortForms": "afkorting zonder voluit"}[what], item))
        text = plain(found["text"])
        match = re.fullmatch(r"/programmas/([^/]+)/.*", path)
        if match and match.group(1) in programmes:
            p = programmes[match.group(1)]
            if plain(p["naam"]) not in text:
                problems.append((path, "naam van het programma ontbreekt op papier", p["naam"]))
            if p["status"] == "concept" and "nog niet vastgesteld" not in text:
                problems.append((path, "conceptmarkering ontbreekt op papier", p["status"]))
        if not text.strip():
            problems.append((path, "lege afdruk", ""))
        if chosen:
            from macros.render import programmanaam
            labels = [programmanaam(programmes[i]) for i in chosen]
            heads = found["heads"]
            if not heads or [heads[i:i + len(chosen)] for i in range(0, len(heads), len(chosen))] != \
                    [labels] * (len(heads) // len(chosen)):
                problems.append((path, "kolommen op papier", heads[:8]))
    page.close()
    assert not problems, "\n".join(map(str, problems))


# ---------------------------------------------------------------- the filter: every combination

FILTER_RUN = """async ([combos, wait]) => {
  const group = document.querySelector('.programma-filter');
  const boxes = Array.from(group.querySelectorAll('input[name=sector]'));
  const age = group.querySelector('input[name=leeftijd]');
  const list = document.querySelector('[data-keuze-lijst]');
  const rows = Array.from(document.querySelectorAll('tr[data-programma]'));
  const read = first => ({
    rows: rows.filter(r => !r.hidden && r.getClientRects().length > 0).map(r => r.dataset.programma),
    offered: list ? Array.from(list.querySelectorAll('input[name=programma]')).map(b => b.value) : null,
    ticked: list ? Array.from(list.querySelectorAll('input[name=programma]:checked')).map(b => b.value) : null,
    status: (group.querySelector('.filter-status') || {}).textContent || '',
    search: location.search,
    carried: first ? Array.from(document.querySelectorAll('.vergelijk-onderdelen a, .vergelijk-inleiding a')).map(a => new URL(a.href).search) : null,
  });
  const out = [];
  for (const combo of combos) {
    if (combo === null) { out.push(read(false)); continue; }  // as the page stands
    const [sectors, years] = combo;
    boxes.forEach(b => { b.checked = sectors.includes(b.value); });
    age.value = years === null ? '' : String(years);
    group.dispatchEvent(new Event('change', {bubbles: true}));
    out.push(read(out.length === 0));
  }
  return out;
}"""

CHOOSE = """async ([order, wait]) => {
  const list = document.querySelector('[data-keuze-lijst]');
  const box = id => list.querySelector(`input[name=programma][value="${id}"]`);
  const tick = (id, on) => { const b = box(id); b.checked = on; b.dispatchEvent(new Event('change', {bubbles: true})); };
  Array.from(list.querySelectorAll('input[name=programma]:checked')).map(b => b.value).forEach(id => tick(id, false));
  order.forEach(id => tick(id, true));
  const shown = document.querySelector('.vergelijk-uitkomst, [data-kaart-keuze]');
  const until = Date.now() + wait;
  while (shown.getAttribute('data-geladen') !== order.join(',')) {
    if (Date.now() > until) return {timeout: shown.getAttribute('data-geladen')};
    await new Promise(r => setTimeout(r, 20));
  }
  const link = document.querySelector('.vergelijk-onderdelen a, .vergelijk-inleiding a');
  return {heads: Array.from(document.querySelectorAll('article table.vergelijk-raster > thead th[scope=col]')).map(th => th.textContent),
          search: location.search, carried: link ? new URL(link.href).search : null};
}"""


def _fitting(programmes, sectors, age):
    """The programmes a reader expects for a choice of sectors and an age: working in any of
    the sectors (all, when none is ticked) and, given an age, taking children of that age."""
    return [ident for ident, p in programmes.items()
            if (not sectors or set(sectors) & set(p["sectoren"]))
            and (age is None or p["leeftijd"]["van"] <= age <= p["leeftijd"]["tot"])]


def _filter_pages(site) -> list[str]:
    return [path for path in _pages(site) if path.endswith("/")
            and 'class="programma-filter"' in (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")]


def test_every_combination_of_sectors_and_age_shows_the_union_on_every_comparison_page(context, real_site, real_site_url, hb):
    """On every comparison page with the filter: the sector boxes are the sectors the programmes
    work in (names from data/sectoren.yml); two sectors and an age in the address are read as
    such; then, driving the boxes, for every set of ticked sectors (all subsets), and for every
    set of up to two with every age at a programme's boundary, the page offers
    exactly the programmes of any ticked sector within that age, computed from the YAML: the
    overview's rows and count, the choice list, and the programmes ticked for the reader when
    at most four remain. What the reader ticks is written into the address and the links to
    the other comparison pages. One page load per page, every combination in that page: all
    of them on the overview, 'Alle onderdelen' and one per-section page (the others share its
    template and script), the address and one combination on every other page."""
    from conftest import WAIT_MS
    programmes = hb.programmas
    vocabulary = hb.data["sectoren"]["sectoren"]
    used = [s["key"] for s in vocabulary if any(s["key"] in p["sectoren"] for p in programmes.values())]
    names = {s["key"]: s["naam"] for s in vocabulary}
    ages = sorted({a for p in programmes.values() for v in (p["leeftijd"]["van"], p["leeftijd"]["tot"])
                   for a in (v - 1, v, v + 1) if 0 <= a <= 30})
    subsets = [list(c) for n in range(len(used) + 1) for c in itertools.combinations(used, n)]
    # with an age: every set of up to two sectors at every programme's lower and upper age
    # (one year outside a boundary is the boundary test's, test_browser_lezer.py)
    edges = sorted({v for p in programmes.values() for v in (p["leeftijd"]["van"], p["leeftijd"]["tot"])})
    combos = [(s, None) for s in subsets] + [(s, a) for s in subsets if len(s) <= 2 for a in edges]
    paths = _filter_pages(real_site)
    assert {"/vergelijken/", "/vergelijken/alles/"} <= set(paths) and len(paths) > 3, paths
    section = next(p for p in paths if p not in ("/vergelijken/", "/vergelijken/alles/"))
    # from the address: two sectors and an age that leave some programmes but not all
    two, age = next((list(pair), a) for pair in itertools.combinations(used, 2) for a in ages
                    if 0 < len(_fitting(programmes, pair, a)) < len(_fitting(programmes, pair[:1], None)))
    # ticked by the reader, first of all: two other sectors and an age
    other = next(((list(pair), a) for pair in itertools.combinations(used, 2) for a in ages
                  if list(pair) != two and 0 < len(_fitting(programmes, pair, a))))
    page = context.new_page()
    wrong = []
    for path in paths:
        page.goto(f"{real_site_url}{path}?sector={','.join(two)}&leeftijd={age}", wait_until="load")
        page.wait_for_selector("[data-geladen]", state="attached")
        boxes = page.evaluate("""() => Array.from(document.querySelectorAll('.programma-filter input[name=sector]'))
            .map(b => [b.value, b.closest('label').textContent.trim(), b.checked])""")
        if [b[:2] for b in boxes] != [[k, names[k]] for k in used]:
            wrong.append((path, "vakjes", boxes))
        expected = _fitting(programmes, two, age)
        got = page.evaluate(FILTER_RUN, [[None], WAIT_MS])[0]  # as the address left it
        if got["offered"] != expected or (path == "/vergelijken/" and got["rows"] != expected) \
                or [b[0] for b in boxes if b[2]] != two:
            wrong.append((path, "uit het adres", two, age, got["offered"], got["rows"], expected))
        # every combination on the overview, 'Alle onderdelen' and one per-section page (the
        # per-section pages share one template); on the others the first one
        full = path in ("/vergelijken/", "/vergelijken/alles/", section)
        results = page.evaluate(FILTER_RUN, [[other, *(combos if full else [])], WAIT_MS])
        search = f"?sector={','.join(other[0])}&leeftijd={other[1]}"
        if results[0]["search"] != search or set(results[0]["carried"]) != {search}:
            wrong.append((path, "in het adres", results[0]["search"], sorted(set(results[0]["carried"]))[:3], search))
        for (sectors, years), got in zip([other, *combos], results):
            expected = _fitting(programmes, sectors, years)
            seen = {"keuzelijst": got["offered"]}
            if path == "/vergelijken/":
                seen["rijen"] = got["rows"]
                if not got["status"].startswith(f"{len(expected)} van {len(programmes)} programma"):
                    wrong.append((path, sectors, years, "telling", got["status"], len(expected)))
            for what, value in seen.items():
                if value != expected:
                    wrong.append((path, sectors, years, what, value, expected))
            if got["ticked"] != (expected if len(expected) <= 4 else []):
                wrong.append((path, sectors, years, "aangevinkt", got["ticked"], expected))
        if len(wrong) > 40:
            break
    page.close()
    assert not wrong, "\n".join(map(str, wrong[:40]))


def test_every_choice_of_two_to_four_programmes_shows_exactly_those_in_the_order_chosen(context, real_site, real_site_url, hb):
    """The choice of programmes is a multi-value filter too: on the overview and a per-section
    page every set of two to four programmes (on 'Alle onderdelen' every set of four), ticked one after the other in
    an order that is not the list's, shows exactly those programmes as the columns of every
    comparison table, in that order, and puts them in the address and the links onward."""
    from conftest import WAIT_MS
    programmes = hb.programmas
    from macros.render import programmanaam
    labels = {i: programmanaam(p) for i, p in programmes.items()}
    paths = _filter_pages(real_site)
    section = next(p for p in paths if p not in ("/vergelijken/", "/vergelijken/alles/"))
    choices = [list(reversed(c)) for n in (2, 3, 4) for c in itertools.combinations(programmes, n)]
    page = context.new_page()
    wrong = []
    for path in ("/vergelijken/", section, "/vergelijken/alles/"):
        page.goto(real_site_url + path, wait_until="load")
        page.wait_for_selector("[data-geladen]", state="attached")
        # 'Alle onderdelen' builds every section's table for each choice: there, the choices of
        # four (every programme is in one; the per-section page has them all)
        for order in (choices if path != "/vergelijken/alles/" else [c for c in choices if len(c) == 4]):
            got = page.evaluate(CHOOSE, [order, WAIT_MS])
            heads = got.get("heads") or []
            groups = [heads[i:i + len(order)] for i in range(0, len(heads), len(order))]
            if "timeout" in got or not groups or groups != [[labels[i] for i in order]] * len(groups):
                wrong.append((path, order, got.get("timeout"), heads[:len(order) + 1]))
                continue
            if got["search"] != f"?p={','.join(order)}" or got["carried"] != got["search"]:
                wrong.append((path, order, got["search"], got["carried"]))
    page.close()
    assert not wrong, "\n".join(map(str, wrong[:30]))
