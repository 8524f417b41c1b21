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
from functools import partial

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

@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_no_page_scrolls_sideways(browser, site, viewport):
    context, page = _page(browser, *VIEWPORTS[viewport])
    wide = []
    for path in PAGES:
        page.goto(site + path, wait_until="networkidle")
        page.evaluate(SETTLED)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORTS[viewport][0]:
            wide.append((path, width))
    context.close()
    assert not wide, wide


# ---------------------------------------------------------------- comparing chosen programmes

def _columns(page):
    page.wait_for_selector(".vergelijk-uitkomst[data-geladen]")
    return page.locator(".vergelijk-raster .programma-blok > :is(h2, h3)").all_inner_texts()


def test_two_chosen_programmes_by_address_and_carried_along(browser, site):
    context, page = _page(browser)
    page.goto(site + "/vergelijken/fasering/?p=saw,jok", wait_until="networkidle")
    headings = _columns(page)
    assert len(headings) == 2 and headings[0].startswith("SAW:") and headings[1].startswith("JOK:")
    assert page.locator(".vergelijk-links").is_hidden()  # the no-JavaScript links make way
    # their own sections, as on the programme pages
    assert page.locator(".programma-blok").nth(1).locator(".task-list-item").count() > 0
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
    # what holds for every role comes first, not after the last role
    assert "voor elke functie" in texts[0]
    for chrome in ("Methodiekbeschrijving · Competentieprofielen", "Checklists per fase", "Zoeken"):
        assert not any(chrome in t for t in texts), chrome
    context.close()


# ---------------------------------------------------------------- accessibility of the new states

@pytest.mark.parametrize("path", ["/vergelijken/fasering/?p=jok,jos", "/vergelijken/alles/?p=saw,zwolle-generalist",
                                  "/vergelijken/?sector=po"])
def test_comparison_with_a_choice_has_no_serious_accessibility_violations(browser, site, path):
    from axe_playwright_python.sync_playwright import Axe
    context, page = _page(browser)
    page.goto(site + path, wait_until="networkidle")
    if "?p=" in path:
        page.wait_for_selector(".vergelijk-uitkomst[data-geladen]")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    context.close()
    assert not bad, bad


# ---------------------------------------------------------------- versions

def test_version_switch_keeps_the_page_and_lists_the_release_first(browser, tmp_path):
    """Published with mike as the deploy workflow does it (two releases and the development
    version): the selector lists the releases first, and switching version stays on the page."""
    import subprocess
    from conftest import BIN, VALID, make_project
    root = make_project(tmp_path, [VALID])
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid")
    git = partial(subprocess.run, cwd=root, check=True, capture_output=True, env=env)
    git(["git", "init", "-q", "-b", "main"])
    git(["git", "add", "-A"])
    git(["git", "commit", "-qm", "start"])
    for version, extra in (("1.0", []), ("1.1", ["latest"])):
        git([str(BIN / "mike"), "deploy", "--update-aliases", version, *extra], env=dict(env, HANDBOEK_VERSIE=version))
    git([str(BIN / "mike"), "deploy", "--title", "ontwikkelversie", "0-ontwikkel"], env=dict(env, HANDBOEK_VERSIE="ontwikkelversie"))
    git([str(BIN / "mike"), "set-default", "latest"])
    served = tmp_path / "gepubliceerd"
    git(["git", "worktree", "add", "-q", str(served), "gh-pages"])
    server, base = serve(served)
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
    page.wait_for_selector("[data-keuze-lijst] :is(ul, p)")
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
