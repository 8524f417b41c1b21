"""Outline 1.2 on paper (Chromium's print to PDF): a description that is still a concept says
so on the printed programme page, on every printed checklist and on every page of a printed
competence profile; an approved one does not. Built from the fixtures, so it does not wait
for the real content. PDF text goes through conftest.plain."""
from __future__ import annotations

import io

import pytest

from conftest import VALID, build, make_project, plain, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("papier12")
    approved = tmp / "vastgesteld.yml"
    approved.write_text(VALID.read_text(encoding="utf-8").replace("id: voorbeeld", "id: vastgesteld")
                        .replace("afkorting: VJB", "afkorting: VST")
                        .replace("status: concept\n", "status: vastgesteld\nvastgesteld:\n  door: De werkgroep\n"
                                 "  datum: 2024-03-01\n"), encoding="utf-8")
    root = make_project(tmp, [VALID, approved])
    result = build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    server, base = serve(root / "site")
    yield base
    server.shutdown()


def _pdf(browser, url) -> list[str]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL")
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    data = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    context.close()
    from pypdf import PdfReader
    return [plain(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def test_concept_on_paper(browser, site):
    page = _pdf(browser, site + "/programmas/voorbeeld/")
    assert plain("Concept: nog niet vastgesteld") in page[0]
    checklists = _pdf(browser, site + "/programmas/voorbeeld/checklists/")
    assert len(checklists) >= 4 and all("concept, nog niet vastgesteld" in t for t in checklists)
    profiles = _pdf(browser, site + "/programmas/voorbeeld/competenties/")
    headed = [t for t in profiles if "competentieprofiel" in t]
    assert headed and all("concept, nog niet vastgesteld" in t for t in headed)


def test_approved_description_prints_without_the_concept_marks(browser, site):
    page = _pdf(browser, site + "/programmas/vastgesteld/")
    assert "Concept: nog niet vastgesteld" not in " ".join(page)
    assert plain("Vastgesteld door De werkgroep op 2024-03-01.") in " ".join(page)
    checklists = _pdf(browser, site + "/programmas/vastgesteld/checklists/")
    assert not any("concept, nog niet vastgesteld" in t for t in checklists)
