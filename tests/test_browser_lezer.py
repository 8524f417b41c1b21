"""What a reader gets in Chromium (issue 19): no page scrolls sideways on a phone or a laptop,
a comparison of chosen programmes reachable by address and carried between comparison pages,
nothing moves while it loads, and printouts a trainer can use (version, review date, room to
write, one phase, a running header on every page of a competence profile).

The real site, as in test_browser.py, in the same browser (HANDBOEK_BROWSER, else 'chromium'
from the PATH; without one these tests skip, unless HANDBOEK_VEREIST names 'browser'). PDF text
is normalised with conftest.plain (ligatures, whitespace, hyphenation) before any assertion:
line breaks and fonts never matter."""
from __future__ import annotations

import io
import os
import re

import pytest

from conftest import REPO, plain, serve

pytestmark = pytest.mark.browser  # '-m "not browser"' leaves this module out

VIEWPORTS = {"telefoon": (390, 844), "laptop": (1366, 768)}
# The page has settled when its fonts are loaded and two frames have been laid out since: a
# condition, not a fixed pause, so a busy machine only makes it take longer.
SETTLED = "() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"
# One page of every kind (and every hand-written page).
PAGES = ["/", "/aan-de-slag/", "/programmas/", "/programmas/jok/", "/programmas/jos/competenties/",
         "/programmas/zwolle-generalist/checklists/", "/vergelijken/", "/vergelijken/alles/?p=jok,jos,saw,zwolle-generalist",
         "/vergelijken/inzet_en_kosten/?p=jok,jos,saw,zwolle-generalist", "/vergelijken/fasering/",
         "/competenties/", "/checklists/", "/begrippen/", "/bronnen/", "/wijzigingen/", "/volledigheid/",
         "/achtergrond/", "/opzet/", "/bijdragen/"]


@pytest.fixture(scope="module")
def site(real_site_url):
    return real_site_url



def _page(browser, width=1366, height=768, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL", **options)
    return context, context.new_page()


_normalised = plain  # both sides of every comparison with PDF text go through it


# ---------------------------------------------------------------- no sideways scrolling

# A page has what the reader sees once it is loaded and settled and, on a comparison page, once
# the chosen programmes' sections have arrived and are shown (the script marks that).
LOADED = """() => {
  const outcome = document.querySelector('.vergelijk-uitkomst') || document.querySelector('[data-kaart-keuze]');
  return !document.querySelector('[data-keuze-lijst]') || (outcome && outcome.hasAttribute('data-geladen'));
}"""


def test_no_page_scrolls_sideways(browser, site):
    """Every page at the width of a phone and of a laptop: each page is loaded once, at the
    phone's width, and then measured at both widths (the layout follows the width)."""
    context, page = _page(browser, *VIEWPORTS["telefoon"])
    wide = []
    for path in PAGES:
        page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS["telefoon"])))
        page.goto(site + path, wait_until="load")
        page.wait_for_function(LOADED)
        for name in VIEWPORTS:  # the width it was loaded at first
            width, height = VIEWPORTS[name]
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate(SETTLED)
            assert page.evaluate("window.innerWidth") == width
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide.append((name, path, scroll))
    context.close()
    assert not wide, wide


# ---------------------------------------------------------------- comparing chosen programmes

def _columns(page):
    """The column heads (programme names) of every comparison table on the page, in order."""
    page.wait_for_selector(".vergelijk-uitkomst[data-geladen]")
    return page.locator("article table.vergelijk-raster > thead th[scope=col]").all_inner_texts()


def test_two_chosen_programmes_by_address_and_carried_along(browser, site):
    context, page = _page(browser)
    page.goto(site + "/vergelijken/fasering/?p=saw,jok", wait_until="networkidle")
    headings = _columns(page)
    assert len(headings) == 2 and headings[0].startswith("SAW:") and headings[1].startswith("JOK:")
    assert page.locator(".vergelijk-links").is_hidden()  # the no-JavaScript links make way
    # their own sections, as on the programme pages
    assert page.locator("article table.vergelijk-raster > tbody > tr > td").nth(1).locator(".task-list-item").count() > 0
    assert page.get_by_label(re.compile("^JOK:")).is_checked() and page.get_by_label(re.compile("^SAW:")).is_checked()
    assert not page.get_by_label(re.compile("^JOS:")).is_checked()
    # choosing a third one puts it in the address
    page.get_by_label(re.compile("^JOS:")).check()
    page.wait_for_function("document.querySelector('.vergelijk-uitkomst').dataset.geladen === 'saw,jok,jos'")
    assert page.url.endswith("/vergelijken/fasering/?p=saw,jok,jos")
    # the sector filter too, and both travel to the next comparison page
    page.get_by_label("Middelbaar beroepsonderwijs").check()
    assert "sector=mbo" in page.url
    page.locator(".vergelijk-onderdelen a", has_text="Doelgroep").click()
    page.wait_for_load_state("networkidle")
    assert "/vergelijken/doelgroep/?p=saw,jok,jos&sector=mbo" in page.url
    assert [h.split(":")[0] for h in _columns(page)] == ["SAW", "JOK", "JOS"]
    assert page.get_by_label("Middelbaar beroepsonderwijs").is_checked()
    context.close()


def test_every_section_of_the_chosen_programmes(browser, site):
    from macros import schema as schemas
    context, page = _page(browser)
    page.goto(site + "/vergelijken/alles/?p=jos,zwolle-generalist", wait_until="networkidle")
    from macros import model
    programmas = model.laad(REPO).programmas
    headings = _columns(page)
    outline = schemas.outline(REPO)
    assert len(headings) == 2 * len(outline)
    assert headings[:2] == [f"{programmas[i]['afkorting']}: {programmas[i]['naam']}" for i in ("jos", "zwolle-generalist")]
    assert page.locator(".vergelijk-onderdeel > h2").all_inner_texts() == [s.titel for s in outline]
    # sections of one programme side by side (a role named in two sections) never share an id
    doubles = page.evaluate("""() => { const seen = {}, out = [];
      document.querySelectorAll('[id]').forEach(e => { if (seen[e.id]) out.push(e.id); seen[e.id] = true; });
      return out; }""")
    assert doubles == []
    context.close()


def test_overview_filter_from_the_address(browser, site):
    context, page = _page(browser, 390, 844)
    page.goto(site + "/vergelijken/?sector=mbo", wait_until="networkidle")
    rows = page.locator("table.vergelijk-tabel tbody tr")
    visible = [rows.nth(i).locator("th").inner_text() for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert visible and not any(v.startswith(("JOK", "JOS")) for v in visible)
    assert page.get_by_label("Middelbaar beroepsonderwijs").is_checked()
    # on a phone every row is a card: the column names are shown with the cells
    assert page.locator("table.vergelijk-tabel td").first.evaluate("e => getComputedStyle(e, '::before').content") != "none"
    context.close()


def test_without_javascript_every_programmes_section_is_a_link(browser, site):
    from macros import model
    context, page = _page(browser, java_script_enabled=False)
    page.goto(site + "/vergelijken/doelgroep/")
    links = page.locator("article .vergelijk-links a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert sorted(hrefs) == sorted(f"../../programmas/{ident}/#doelgroep" for ident in model.laad(REPO).programmas)
    assert page.locator(".programma-filter input[name=sector]").first.is_disabled()
    context.close()


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1500);
})"""


@pytest.mark.parametrize("path", ["/vergelijken/", "/vergelijken/fasering/", "/vergelijken/alles/?p=jok,jos",
                                  "/vergelijken/doelgroep/?p=jok,saw,jos,zwolle-generalist&leeftijd=12"])
@pytest.mark.parametrize("viewport", [*sorted(VIEWPORTS), "lighthouse"])
def test_nothing_shifts_while_a_comparison_loads(browser, site, path, viewport):
    size = (412, 823) if viewport == "lighthouse" else VIEWPORTS[viewport]  # Lighthouse's mobile screen
    context, page = _page(browser, *size)
    page.goto(site + path, wait_until="networkidle")
    assert page.evaluate(LAYOUT_SHIFT) == 0
    context.close()


# ---------------------------------------------------------------- the comparison table

ROW_TOPS = """() => Array.from(document.querySelectorAll('article table.vergelijk-raster > tbody > tr')).map(tr =>
    Array.from(tr.children).map(c => { const r = c.getBoundingClientRect(); return [r.top, r.left, r.bottom]; }))"""


@pytest.mark.parametrize("path", ["/vergelijken/alles/?p=jok,jos,saw", "/vergelijken/?p=jok,jos,saw"])
def test_comparison_rows_line_up_at_1366_with_three_programmes(browser, site, path):
    """One row per section (or card field), one column per programme: every cell of a row
    starts at the same height, side by side, in the order chosen."""
    context, page = _page(browser, 1366, 900)
    page.goto(site + path, wait_until="networkidle")
    page.wait_for_selector("[data-geladen='jok,jos,saw']", state="attached")
    heads = page.locator("article table.vergelijk-raster > thead th[scope=col]").all_inner_texts()
    assert [h.split(":")[0] for h in heads[:3]] == ["JOK", "JOS", "SAW"], heads
    rows = page.evaluate(ROW_TOPS)
    assert len(rows) >= (20 if "alles" in path else 8), len(rows)
    for i, cells in enumerate(rows):
        programme_cells = cells[-3:]
        assert len(programme_cells) == 3, (i, cells)
        tops = {round(c[0], 1) for c in cells}
        assert len(tops) == 1, (i, cells)  # the row starts at one height in every column
        lefts = [c[1] for c in programme_cells]
        assert lefts == sorted(lefts) and len(set(lefts)) == 3, (i, cells)  # side by side
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    context.close()


def test_four_columns_from_1024_px(browser, site):
    context, page = _page(browser, 1024, 768)
    page.goto(site + "/vergelijken/inzet_en_kosten/?p=jok,jos,saw,zwolle-generalist", wait_until="networkidle")
    page.wait_for_selector("[data-geladen='jok,jos,saw,zwolle-generalist']", state="attached")
    cells = page.evaluate(ROW_TOPS)[0]
    assert len(cells) == 4 and len({round(c[0], 1) for c in cells}) == 1 and len({c[1] for c in cells}) == 4, cells
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    context.close()


def test_on_a_phone_one_field_at_a_time_with_the_programme_name_in_view(browser, site):
    """390 px: the cells stack, each under its programme's name, which stays in view while
    the reader scrolls through that programme's part."""
    context, page = _page(browser, 390, 844)
    page.goto(site + "/vergelijken/doelgroep/?p=jok,jos", wait_until="networkidle")
    page.wait_for_selector("[data-geladen='jok,jos']", state="attached")
    cells = page.locator("article table.vergelijk-raster > tbody > tr > td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # one below the other
    assert first["height"] > 2 * 844, first  # long enough to scroll through
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for cell, name in ((0, "JOK"), (1, "JOS")):
        box = cells.nth(cell).bounding_box()
        page.evaluate(f"window.scrollTo(0, window.scrollY + {box['y'] + box['height'] / 2})")
        label = cells.nth(cell).locator(".vergelijk-cel__naam")
        page.wait_for_function("""el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= 844; }""",
                               arg=label.element_handle())
        assert label.inner_text() == name
        # and it is not hidden under the site's header
        top = label.bounding_box()["y"]
        header = page.locator("header.md-header").bounding_box()
        assert top >= header["y"] + header["height"] - 1, (top, header)
    context.close()


def _longest_pair(page) -> list[str]:
    """The two programmes whose cards hold the most text (read from the overview table)."""
    lengths = page.evaluate("""() => Array.from(document.querySelectorAll('.vergelijk-tabel tr[data-programma]'))
        .map(tr => [tr.dataset.programma, tr.textContent.length])""")
    return [ident for ident, _ in sorted(lengths, key=lambda x: -x[1])[:2]]


def _words(text: str) -> set[str]:
    import unicodedata
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return {w for w in re.split(r"[^\w]+", text) if len(w) >= 2}


def test_printed_two_programme_card_fits_one_a4_and_splits_no_word(browser, site):
    """Printed, the chosen programmes' cards are one landscape A4: fields as rows, programmes as
    columns, and every word of the table is printed whole (no hyphenation, no word broken to
    fit a column: 'salariskoste n')."""
    from pypdf import PdfReader
    context, page = _page(browser, 1366, 900)
    page.goto(site + "/vergelijken/", wait_until="networkidle")
    pair = _longest_pair(page)
    page.goto(site + "/vergelijken/?p=" + ",".join(pair), wait_until="networkidle")
    page.wait_for_selector(f"[data-geladen='{','.join(pair)}']", state="attached")
    page.emulate_media(media="print")
    styles = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('table.vergelijk-raster td'));
        return [s.hyphens, s.overflowWrap, s.wordBreak]; }""")
    assert styles == ["manual", "normal", "normal"], styles
    table_words = _words(" ".join(page.locator("article table.vergelijk-raster > :is(thead, tbody)").all_inner_texts()))
    assert len(table_words) > 200
    data = page.pdf(prefer_css_page_size=True, print_background=False)
    folder = REPO / "tests" / "artefacten"
    folder.mkdir(exist_ok=True)
    (folder / "vergelijking-kaart.pdf").write_bytes(data)
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1, (pair, len(pdf.pages))
    box = pdf.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert abs(float(box.width) - 842) < 2 and abs(float(box.height) - 595) < 2  # A4
    printed = _words(pdf.pages[0].extract_text())
    missing = sorted(table_words - printed)
    assert not missing, (pair, missing[:20])
    context.close()


SCROLLERS = """() => Array.from(document.querySelectorAll('article *')).filter(el => {
    const s = getComputedStyle(el);
    return /(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
  }).map(el => ({cls: el.className, tab: el.getAttribute('tabindex'), role: el.getAttribute('role'),
                 name: el.getAttribute('aria-label') || ''}))"""


@pytest.mark.parametrize("path, width", [("/programmas/jos/", 390), ("/programmas/jok/", 390),
                                         ("/vergelijken/alles/?p=jos,jok,saw,zwolle-generalist", 1366),
                                         ("/vergelijken/alles/?p=jos,jok", 390)])
def test_every_table_that_scrolls_is_reachable_by_keyboard(browser, site, path, width):
    """Whatever scrolls sideways in the article is a focusable region with a name, so a
    keyboard user can reach it and scroll it with the arrow keys."""
    context, page = _page(browser, width, 844)
    page.goto(site + path, wait_until="networkidle")
    if "?p=" in path:
        page.wait_for_selector(".vergelijk-uitkomst[data-geladen]", state="attached")
    page.wait_for_function(f"({SCROLLERS})().every(s => s.tab === '0')")
    scrollers = page.evaluate(SCROLLERS)
    assert scrollers, "nothing scrolls here; the test would prove nothing"
    bad = [s for s in scrollers if s["tab"] != "0" or s["role"] != "region" or not s["name"].startswith("Tabel")]
    assert not bad, bad
    # reached by Tab, it scrolls with the arrow key
    first = page.locator("[data-schuift]").first
    first.focus()
    before = first.evaluate("el => el.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=first.element_handle())
    assert first.evaluate("el => el.scrollLeft") > before
    context.close()


# ---------------------------------------------------------------- print for trainers

def _pdf(page, name):
    page.emulate_media(media="print")
    data = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    folder = REPO / "tests" / "artefacten"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    from pypdf import PdfReader
    return [_normalised(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def test_printed_checklist_shows_version_review_date_and_room_to_write(browser, site):
    from macros import model
    p = model.laad(REPO).programmas["jos"]
    context, page = _page(browser)
    page.goto(site + "/programmas/jos/checklists/", wait_until="networkidle")
    texts = _pdf(page, "checklists-jos-trainer.pdf")
    assert len(texts) > 1
    for text in texts:
        assert _normalised(f"JOS – {p['naam']}") in text
        assert _normalised(f"beschrijving versie {p['versie']}, laatst herzien {p['laatst_herzien']}") in text
        for field in ("School:", "Naam:", "Datum:", "Aantekeningen:"):
            assert field in text, field
    # room to write: boxes of at least 5 mm with space between the items, a notes area of at least 3 cm
    page.emulate_media(media="print")
    box = page.evaluate("""() => {
      const item = document.querySelector('.checklist-fase .task-list-item');
      const box = getComputedStyle(item.querySelector('.task-list-indicator'), '::before');
      const next = item.nextElementSibling;
      return {size: parseFloat(box.width), gap: next ? next.getBoundingClientRect().top - item.getBoundingClientRect().bottom : 99,
              notes: document.querySelector('.checklist-fase .invulvak').getBoundingClientRect().height};
    }""")
    mm = 96 / 25.4
    assert box["size"] >= 5 * mm and box["gap"] >= 2 * mm and box["notes"] >= 30 * mm, box
    context.close()


def test_printed_phase_notes_fill_the_page(browser, site):
    """Each phase prints on one page of its own, and its notes box takes the room the phase
    leaves (not five lines with a third of the page blank below)."""
    context, page = _page(browser)
    page.goto(site + "/programmas/jok/checklists/", wait_until="networkidle")
    texts = _pdf(page, "checklists-jok-aantekeningen.pdf")
    page.emulate_media(media="print")
    phases = page.evaluate("""() => Array.from(document.querySelectorAll('.checklist-fase')).map(f => {
        const box = f.querySelector('.invulvak').getBoundingClientRect(), phase = f.getBoundingClientRect();
        return {notes: box.height, gap: phase.bottom - box.bottom, phase: phase.height}; })""")
    assert len(texts) == len(phases), (len(texts), len(phases))  # one page each, none spills over
    mm = 96 / 25.4
    for number, phase in enumerate(phases[1:], start=2):
        assert phase["phase"] >= 240 * mm, (number, phase)  # the phase is a page high
        assert phase["notes"] >= 60 * mm and phase["gap"] <= 2 * mm, (number, phase)  # the box fills it
    context.close()


def test_printed_abbreviations_are_written_out_on_first_use(browser, site):
    """On paper there are no tooltips: the first use of a glossary abbreviation in a phase is
    followed by its full form; on screen it is not (the tooltip gives it)."""
    from macros import model
    glossary = {b["term"]: re.sub(r"\s*\(.*?\)", "", b["voluit"])  # the full form without its own brackets
                for b in model.laad(REPO).data["begrippen"]["begrippen"] if b.get("voluit")}
    context, page = _page(browser)
    page.goto(site + "/programmas/jok/checklists/", wait_until="networkidle")
    assert page.locator("article [data-voluit]").count() > 0
    # on screen nothing is added (the tooltip gives the full form)
    assert page.evaluate("getComputedStyle(document.querySelector('article [data-voluit]'), '::after').content") == "none"
    texts = _pdf(page, "checklists-jok-afkortingen.pdf")
    checked = 0
    for number, text in enumerate(texts, start=1):
        for term, full in glossary.items():
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w'-])", text):
                # 'JET (Jeugdexpertteam)', or a name that is written out already: 'JOK – Jeugdondersteuner ...'
                written = rf"{re.escape(term)} (\(|– ){re.escape(_normalised(' '.join(full.split())))}"
                assert re.search(written, text), (number, term, text[:300])
                checked += 1
    assert checked >= 3, checked
    context.close()


def test_one_phase_prints_on_its_own(browser, site):
    from macros import model
    p = model.laad(REPO).programmas["saw"]
    fasen = p["fasering"]["invoering"]["fasen"]
    target = fasen[1]
    for script in (True, False):
        context, page = _page(browser, java_script_enabled=script)
        page.goto(site + "/programmas/saw/checklists/", wait_until="networkidle")
        link = page.locator(f"a.fase-printen[href='#print-invoering-{target['id']}']")
        if script:  # the button marks the phase and opens the print dialog
            page.evaluate("window.print = () => {}")
            link.click()
        else:  # without JavaScript the link leads to the phase, and print takes only that one
            link.click()
            assert page.url.endswith(f"#print-invoering-{target['id']}")
        texts = _pdf(page, f"checklist-saw-een-fase-{'js' if script else 'zonder-js'}.pdf")
        assert len(texts) == 1, (script, len(texts))
        assert _normalised(target["naam"]) in texts[0] and "fase 2 van" in texts[0]
        assert _normalised(fasen[0]["naam"]) + " Doel" not in texts[0]
        context.close()


def test_printed_competence_profile_has_a_running_header_on_every_page(browser, site):
    from macros import model
    p = model.laad(REPO).programmas["jos"]
    rollen = [r["naam"] for r in p["competenties"]["rollen"]]
    context, page = _page(browser)
    page.goto(site + "/programmas/jos/competenties/", wait_until="networkidle")
    texts = _pdf(page, "competenties-jos.pdf")
    assert len(texts) > len(rollen)  # some role runs onto a second page
    header = _normalised(f"JOS – {p['naam']} · competentieprofiel")
    for number, text in enumerate(texts[1:], start=2):
        assert text.startswith(header), (number, text[:120])
        assert _normalised(f"beschrijving versie {p['versie']}, laatst herzien {p['laatst_herzien']}") in text
    for rol in rollen:
        assert any(t.startswith(f"{header} {_normalised(rol)} ·") for t in texts), rol
    # the handbook's version, 'concept' while the description is one, and a column to tick
    # or note on every page of a role
    import yaml
    version = str(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
                  ["extra"]["handboek_versie"][-1])
    for number, text in enumerate(texts[1:], start=2):
        assert _normalised(f"handboek {os.environ.get('HANDBOEK_VERSIE', version)}") in text, (number, text[:200])
        if p["status"] == "concept":
            assert "concept, nog niet vastgesteld" in text, number
        assert "Beheerst" in text and "aantekening" in text, (number, text[:200])
    page.emulate_media(media="print")
    tick = page.evaluate("""() => { const li = document.querySelector('table.rolprofiel td li');
        const box = getComputedStyle(li, '::after'); const r = li.getBoundingClientRect();
        return {size: parseFloat(box.width), border: box.borderTopStyle, room: parseFloat(getComputedStyle(li).paddingRight),
                width: r.width}; }""")
    mm = 96 / 25.4
    assert tick["size"] >= 3.5 * mm and tick["border"] == "solid" and tick["room"] >= 40 * mm, tick
    # what holds for every role comes first, not after the last role
    assert "voor elke functie" in texts[0]
    for chrome in ("Methodiekbeschrijving · Competentieprofielen", "Checklists per fase", "Zoeken"):
        assert not any(chrome in t for t in texts), chrome
    context.close()


# ---------------------------------------------------------------- accessibility of the new states

# Each comparison page kind with a choice: a section page with two programmes, the whole outline
# with all four (the most cells and the widest tables; two chosen on that page is the same markup
# with fewer columns), the overview with three, the overview filtered.
@pytest.mark.parametrize("path", ["/vergelijken/fasering/?p=jok,jos",
                                  "/vergelijken/alles/?p=jos,jok,saw,zwolle-generalist", "/vergelijken/?p=jok,jos,saw",
                                  "/vergelijken/?sector=po"])
@pytest.mark.parametrize("width", [1366, 390])
def test_comparison_with_a_choice_has_no_serious_accessibility_violations(browser, site, path, width):
    from conftest import serious_violations
    context, page = _page(browser, width, 844)
    page.goto(site + path, wait_until="networkidle")
    page.wait_for_selector("[data-geladen]", state="attached")
    assert page.locator("article table.vergelijk-raster").count() > 0  # programmes are chosen and shown
    bad = serious_violations(page)
    context.close()
    assert not bad, bad


# ---------------------------------------------------------------- versions

def test_version_switch_keeps_the_page_and_lists_the_release_first(browser, published):
    """Published with mike as the deploy workflow does it (two releases and the development
    version; the shared publication of conftest): the selector lists the releases first, and
    switching version stays on the page."""
    server, base = serve(published["site"])
    try:
        context, page = _page(browser)
        page.goto(base + "/1.1/programmas/voorbeeld/checklists/", wait_until="networkidle")
        page.wait_for_selector(".md-version__list", state="attached")
        links = page.locator(".md-version__list .md-version__link")
        listed = [links.nth(i).evaluate("a => a.firstChild.textContent.trim()") for i in range(links.count())]
        assert listed == ["1.1", "1.0", "ontwikkelversie"], listed  # (1.1 also carries its alias "latest")
        assert page.locator(".handboek-ontwikkelversie").count() == 0
        with page.expect_navigation():
            page.locator(".md-version__link", has_text="1.0").first.evaluate("a => a.click()")
        assert page.url == base + "/1.0/programmas/voorbeeld/checklists/"
        page.goto(base + "/0-ontwikkel/programmas/voorbeeld/", wait_until="networkidle")
        assert page.locator(".md-banner .handboek-ontwikkelversie").is_visible()
        context.close()
    finally:
        server.shutdown()


# ---------------------------------------------------------------- the filter at its boundaries

def _expected(programmes, age=None, sector=None):
    return sorted(p["afkorting"] for p in programmes.values()
                  if (age is None or p["leeftijd"]["van"] <= age <= p["leeftijd"]["tot"])
                  and (sector is None or sector in p["sectoren"]))


def _filtered(page, path):
    """The programmes a comparison page offers after filtering: the visible rows of the
    overview, or the choice list of a per-section page."""
    if path == "/vergelijken/":
        page.wait_for_function("document.querySelector('.filter-status').textContent !== ''")
        rows = page.locator("table.vergelijk-tabel tbody tr")
        return sorted(rows.nth(i).get_attribute("data-programma") for i in range(rows.count()) if rows.nth(i).is_visible())
    # the list is filled once vergelijken/programmas.json has arrived; until then it holds the
    # page's own paragraph for readers without JavaScript, so wait for the status line the
    # script writes with it (empty in the page as built)
    page.wait_for_function("document.querySelector('.filter-status').textContent !== ''")
    return sorted(page.locator("[data-keuze-lijst] input[name=programma]").evaluate_all("bs => bs.map(b => b.value)"))


@pytest.mark.parametrize("path", ["/vergelijken/", "/vergelijken/doelgroep/", "/vergelijken/alles/"])
def test_filter_on_every_comparison_page_at_the_age_and_sector_boundaries(browser, site, path):
    """Both ends of an age range count ('van' and 'tot' inclusive), one year outside does not;
    a sector shows exactly the programmes working in it."""
    from macros import model
    hb = model.laad(REPO)
    programmes = hb.programmas
    by_abbr = {p["afkorting"]: ident for ident, p in programmes.items()}
    ages = sorted({a for p in programmes.values() for v in (p["leeftijd"]["van"], p["leeftijd"]["tot"])
                   for a in (v - 1, v, v + 1) if 0 <= a <= 30})
    sectors = sorted({s for p in programmes.values() for s in p["sectoren"]})
    context, page = _page(browser)
    wrong = []
    for age in ages:
        page.goto(f"{site}{path}?leeftijd={age}", wait_until="load")
        expected = sorted(by_abbr[a] for a in _expected(programmes, age=age))
        if _filtered(page, path) != expected:
            wrong.append((age, _filtered(page, path), expected))
    for sector in sectors:
        page.goto(f"{site}{path}?sector={sector}", wait_until="load")
        expected = sorted(by_abbr[a] for a in _expected(programmes, sector=sector))
        if _filtered(page, path) != expected:
            wrong.append((sector, _filtered(page, path), expected))
    # typing an age in the box filters as well (the boundary of the first programme)
    first = next(iter(programmes.values()))
    page.goto(site + path, wait_until="load")
    page.locator("input[name=leeftijd]").fill(str(first["leeftijd"]["tot"]))
    page.locator("input[name=leeftijd]").dispatch_event("input")
    page.locator("input[name=leeftijd]").dispatch_event("change")
    page.wait_for_function("location.search.indexOf('leeftijd=') >= 0")
    expected = sorted(by_abbr[a] for a in _expected(programmes, age=first["leeftijd"]["tot"]))
    if _filtered(page, path) != expected:
        wrong.append(("ingetypt", _filtered(page, path), expected))
    context.close()
    assert not wrong, wrong
