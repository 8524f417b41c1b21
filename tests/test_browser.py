"""The site in a real browser (Chromium or Chrome driven by Playwright): navigation, the
comparison filter, tooltips, printing to A4 and accessibility (axe-core, WCAG 2.1 AA).
Search is tested in test_search.py. The browser is HANDBOEK_BROWSER, else 'chromium' from
the PATH. Without one these tests skip, unless HANDBOEK_VEREIST names 'browser': then they fail."""
from __future__ import annotations

import io
import re

import pytest

from conftest import REPO, build, make_project, plain, serve

pytestmark = pytest.mark.browser  # '-m "not browser"' leaves this module out

ARTEFACTS = REPO / "tests" / "artefacten"  # screenshots and PDFs for a person to look at (git-ignored)
@pytest.fixture(scope="module")
def site(real_site_url):
    return real_site_url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def _open(page, url):
    page.goto(url, wait_until="networkidle")
    # the network can be idle before the page's scripts ran (a busy machine): wait until
    # handboek.js has set the page up (scrolling tables made reachable by keyboard, and so on)
    page.locator("html[data-handboek-klaar]").wait_for(state="attached")


# Search (Pagefind) has its own file: tests/test_search.py.


# ---------------------------------------------------------------- navigation

def test_every_programme_within_three_clicks_of_home(page, site):
    from macros import model
    _open(page, site + "/")
    hrefs = set(page.eval_on_selector_all("article a[href]", "els => els.map(e => e.href)"))
    for ident in model.laad(REPO).programmas:
        assert any(h.rstrip("/").endswith(f"programmas/{ident}") for h in hrefs), ident  # one click
    page.get_by_role("link", name=re.compile("^JOS: Jeugdhulp op School")).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/programmas/jos/")


def test_keyboard_reaches_main_navigation(page, site):
    _open(page, site + "/")
    page.keyboard.press("Tab")
    # the first Tab stop skips to the page's own first heading, which exists on the page
    target = page.evaluate("(document.activeElement.getAttribute('href') || '').split('#')[1] || ''")
    assert target and page.locator(f"article [id='{target}']").count() == 1, target
    for _ in range(60):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "aan-de-slag" in href:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url.endswith("/aan-de-slag/")
            return
    pytest.fail("de hoofdnavigatie is niet met Tab te bereiken")


def test_comparison_filter_changes_what_is_shown(page, site):
    from macros import model
    programmas = model.laad(REPO).programmas
    name = {ident: f"{p['afkorting']}: {p['naam']}" for ident, p in programmas.items()}
    _open(page, site + "/vergelijken/")
    rows = page.locator("table.vergelijk-tabel tbody tr")
    total = rows.count()
    assert total == len(programmas) and page.locator(".programma-filter[role=group]").is_visible()

    def shown():
        return {rows.nth(i).locator("th a").inner_text() for i in range(total) if rows.nth(i).is_visible()}

    page.get_by_label("Middelbaar beroepsonderwijs").check()
    mbo = {name[i] for i, p in programmas.items() if "mbo" in p["sectoren"]}
    assert mbo and shown() == mbo
    assert re.search(rf"{len(mbo)} van {total} programma", page.locator(".filter-status").inner_text())
    page.get_by_label("Middelbaar beroepsonderwijs").uncheck()
    page.get_by_label(re.compile("Leeftijd")).fill("5")
    five = {name[i] for i, p in programmas.items() if p["leeftijd"]["van"] <= 5 <= p["leeftijd"]["tot"]}
    assert five and shown() == five and len(five) < total


def test_comparison_shows_everything_without_javascript(browser, site):
    from macros import model
    programmas = model.laad(REPO).programmas
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site + "/vergelijken/doelgroep/")
    links = pg.locator("article .vergelijk-links a")  # every programme's section, as a link
    assert links.count() == len(programmas)
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert pg.locator(".programma-filter input[name=sector]").first.is_disabled()  # nothing pretends to work
    context.close()


def test_abbreviation_shows_tooltip(page, site):
    _open(page, site + "/programmas/jok/")
    abbr = page.locator("article abbr", has_text=re.compile(r"^IKC$")).first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    tooltip = page.locator(".md-tooltip2, .md-tooltip, [role='tooltip']").filter(has_text="kindcentrum")
    tooltip.first.wait_for(state="visible")
    page.keyboard.press("Tab")


# ---------------------------------------------------------------- print

def _pdf(page, url, name):
    _open(page, url)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    data = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / name).write_bytes(data)
    from pypdf import PdfReader
    return PdfReader(io.BytesIO(data))


A4 = (595.3, 841.9)  # points
SITE_CHROME = ("Zoeken", "Inhoudsopgave", "Aan de slag", "Beleidsachtergrond")  # header, navigation, toc


def _is_a4(pdf_page) -> bool:
    box = pdf_page.mediabox
    return abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2


def test_checklist_prints_one_a4_page_per_phase(page, site):
    """Each phase on a page of its own, in order, with its header line, its name and its whole
    checklist, and nothing of the site around it. Text is compared as a reader reads it (plain():
    a word split at a line end is still that word), so fonts and line width do not matter."""
    from macros import model
    hb = model.laad(REPO)
    for ident, p in hb.programmas.items():
        reeksen = p.get("fasering") or {}
        phases = [(fase, number, len(reeksen[key]["fasen"]))
                  for key in ("werkwijze", "invoering") if key in reeksen
                  for number, fase in enumerate(reeksen[key]["fasen"], start=1)]
        if not phases:  # a praktijkvoorbeeld without phases has no checklist to print
            assert p.get("niveau") == "praktijkvoorbeeld", ident
            continue
        pdf = _pdf(page, f"{site}/programmas/{ident}/checklists/", f"checklists-{ident}.pdf")
        assert len(pdf.pages) == len(phases), (ident, f"{len(pdf.pages)} pagina's voor {len(phases)} fasen")
        # on paper an abbreviation's first use is followed by its full form: 'JET (Jeugdexpertteam)'
        full_forms = "|".join(re.escape(plain(re.sub(r"\s*\(.*?\)", "", b["voluit"])))
                              for b in hb.data["begrippen"]["begrippen"] if b.get("voluit"))
        texts = [re.sub(rf" \((?:{full_forms})\)", "", plain(pg.extract_text())) for pg in pdf.pages]
        for page_number, (text, (fase, number, total)) in enumerate(zip(texts, phases), start=1):
            where = (ident, f"pagina {page_number}", fase["naam"])
            assert _is_a4(pdf.pages[page_number - 1]), where
            assert plain(p["naam"]) in text, where
            assert f"fase {number} van {total}" in text, where
            assert plain(fase["naam"]) in text, where
            for item in fase["checklist"]:
                assert plain(item) in text, (*where, item)
            for chrome in SITE_CHROME:
                assert chrome not in text, (*where, chrome)


def test_programme_page_prints_without_sidebars(page, site):
    _open(page, site + "/programmas/jos/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-sidebar--secondary").is_visible()
    assert not page.locator(".md-header").is_visible()
    pdf = _pdf(page, site + "/programmas/jos/", "programma-jos.pdf")
    assert all(_is_a4(pg) for pg in pdf.pages)
    first = plain(pdf.pages[0].extract_text())
    assert plain("Jeugdhulp op School") in first
    assert "Zoeken" not in first and "Inhoudsopgave" not in first, first[:300]


# ---------------------------------------------------------------- accessibility

PAGE_KINDS = {
    "home": "/",
    "methodiekbeschrijving": "/programmas/jos/",
    "competentieprofiel": "/programmas/jos/competenties/",
    "checklist": "/programmas/jok/checklists/",
    "vergelijking": "/vergelijken/",
    "vergelijking-onderdeel": "/vergelijken/fasering/",
    "competentiematrix": "/competenties/",
    "begrippen": "/begrippen/",
    "bronnen": "/bronnen/",
    "aan-de-slag": "/aan-de-slag/",
    "volledigheid": "/volledigheid/",
}


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_serious_accessibility_violations(page, site, kind):
    from conftest import serious_violations
    _open(page, site + PAGE_KINDS[kind])
    bad = serious_violations(page)
    assert not bad, bad


def test_screenshots_for_a_person(page, site):
    ARTEFACTS.mkdir(exist_ok=True)
    for name, path in (("home", "/"), ("programma", "/programmas/jos/"), ("vergelijken", "/vergelijken/")):
        _open(page, site + path)
        page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=False)
    _open(page, site + "/programmas/jok/checklists/")
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTEFACTS / "checklist-printvoorbeeld.png"), full_page=True)
    # what the print preview shows: no site navigation, and every tick box drawn at a size to tick
    assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).display") == "none"
    boxes = page.locator("article .checklist-fase .task-list-indicator")
    assert boxes.count() > 5
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('article .checklist-fase .task-list-indicator'))
        .map(el => { const r = getComputedStyle(el, '::before'); return [parseFloat(r.width), parseFloat(r.height)]; })""")
    assert all(w >= 12 and h >= 12 for w, h in sizes), sizes[:5]


# ---------------------------------------------------------------- tricky input runs nothing

def test_tricky_input_runs_no_script(browser, tmp_path):
    from test_robust import _tricky_file
    root = make_project(tmp_path, [_tricky_file(tmp_path)])
    assert build(root).returncode == 0
    server, url = serve(root / "site")
    try:
        context = browser.new_context()
        pg = context.new_page()
        dialogs = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("/programmas/voorbeeld/", "/vergelijken/probleem/", "/", "/wijzigingen/"):
            pg.goto(url + path, wait_until="networkidle")
            for link in pg.locator("article a[href]").all()[:40]:
                assert not (link.get_attribute("href") or "").lower().startswith("javascript")
        assert dialogs == []
        context.close()
    finally:
        server.shutdown()


def test_preview_tabs_follow_a_broken_file_and_come_back_by_themselves(browser, tmp_path):
    """mkdocs serve in Chromium: tabs open on an existing page, on the page of the file being
    edited, on the page of a new file and on an address that does not exist show the Dutch
    records after a save that breaks the files, and return to the fixed pages by themselves
    (MkDocs' live-reload script in every one of them); nobody reloads a tab."""
    from conftest import VALID
    from test_serve import serve as mkdocs_serve

    root = make_project(tmp_path, [VALID])
    target = root / "methodiek" / "voorbeeld.yml"
    good = target.read_text(encoding="utf-8")
    new = root / "methodiek" / "nieuw-programma.yml"
    new.write_text(good.replace("id: voorbeeld", "id: nieuw-programma"), encoding="utf-8")
    banner = ".methodiek-fouten"
    with mkdocs_serve(root) as base:
        context = browser.new_context(locale="nl-NL")
        tabs = {}
        for url in ("opzet/", "programmas/voorbeeld/", "programmas/nieuw-programma/", "bestaat-niet/"):
            tab = context.new_page()
            tab.goto(base + url, wait_until="load")
            tabs[url] = tab
        assert tabs["bestaat-niet/"].locator("h1").inner_text() == "Pagina niet gevonden"
        broken = good.replace("regio: Voorbeeldstad", "regio: Voorbeeldstad: centrum")
        target.write_text(broken, encoding="utf-8")
        new.write_text(broken.replace("id: voorbeeld", "id: nieuw-programma"), encoding="utf-8")
        for url, tab in tabs.items():
            tab.locator(banner).first.wait_for(state="visible")
            text = tab.locator(banner).first.inner_text()
            assert "methodiek/voorbeeld.yml:7:21" in text and "een dubbele punt staat op een plek" in text, url
        # the page being edited keeps its last good text under the records
        assert "Voorbeeldstad" in tabs["programmas/voorbeeld/"].locator("article").inner_text()
        target.write_text(good, encoding="utf-8")
        new.write_text(good.replace("id: voorbeeld", "id: nieuw-programma"), encoding="utf-8")
        for url, tab in tabs.items():
            tab.locator(banner).first.wait_for(state="detached")
        assert "Voorbeeldmethodiek Jeugdhulp op de Basisschool" in tabs["programmas/nieuw-programma/"].locator("h1").inner_text()
        assert "Ontwikkelversie." in tabs["opzet/"].locator(".md-banner").inner_text()
        assert "Kies bovenaan een versienummer" not in tabs["opzet/"].locator(".md-banner").inner_text()  # no selector here
        context.close()
