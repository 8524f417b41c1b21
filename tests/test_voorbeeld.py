"""The preview (`mkdocs serve`) while a coordinator edits: a broken file never leaves a dead
tab (every page answers with the Dutch records and mkdocs' live-reload script, and comes
back by itself after the fix), and a draft shows everything written so far, with each gap
and error marked in the section where it occurs. No fixed waits: every wait is for a
condition, with a generous timeout."""
from __future__ import annotations

import re
import time
import urllib.request

import pytest

from conftest import VALID, run

pytestmark = pytest.mark.traag  # a real `mkdocs serve` per test, with rebuilds
from test_serve import TIMEOUT, _get, serve

PAGE = "programmas/voorbeeld/"
RELOAD = re.compile(r"livereload\((\d+), \d+\)")
BROKEN = "regio: Voorbeeldstad: centrum"  # an unquoted colon: the file cannot be read


def _until(condition, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _epoch(text: str) -> int:
    found = RELOAD.search(text)
    assert found, "no live-reload script on the page"
    return int(found.group(1))


def _newer_build(base: str, epoch: int) -> bool:
    """mkdocs' own live-reload poll, as the script in an open tab makes it: it answers with a
    newer build number once the site was rebuilt (the script then reloads the tab)."""
    with urllib.request.urlopen(f"{base}livereload/{epoch}/1", timeout=TIMEOUT + 5) as response:
        return int(response.read()) > epoch


def _article(text: str) -> str:
    return text[text.index("<article"):text.index("</article>")]


def _section(article: str, key: str) -> str:
    """The HTML of one section (from its h2 to the next h2)."""
    start = article.index(f'<h2 id="{key}"')
    end = article.find("<h2", start + 1)
    return article[start:end if end != -1 else len(article)]


def test_broken_file_answers_every_page_with_records_and_live_reload_and_recovers(project):
    root = project([VALID])
    target = root / "methodiek" / "voorbeeld.yml"
    good = target.read_text(encoding="utf-8")
    new = root / "methodiek" / "nieuw-programma.yml"
    with serve(root) as base:
        assert "methodiek-fouten" not in _get(base + PAGE)[1]
        # the file being edited breaks, and a new file is saved with an error too
        target.write_text(good.replace("regio: Voorbeeldstad", BROKEN), encoding="utf-8")
        new.write_text(good.replace("id: voorbeeld", "id: nieuw-programma").replace("regio: Voorbeeldstad", BROKEN),
                       encoding="utf-8")
        _until(lambda: "nieuw-programma.yml" in _get(base, timeout=TIMEOUT)[1], "the error banner")
        pages = {"": 200, PAGE: 200, PAGE + "checklists/": 200, "opzet/": 200,
                 "programmas/nieuw-programma/": 200, "bestaat-niet/": 404}
        epochs = {}
        for url, status_wanted in pages.items():
            status, text, _ = _get(base + url, timeout=TIMEOUT)
            assert status == status_wanted, (url, status)
            assert 'class="admonition danger methodiek-fouten"' in text, url
            assert "methodiek/voorbeeld.yml:7:21" in text and "methodiek/nieuw-programma.yml:7:21" in text, url
            assert "een dubbele punt staat op een plek waar dat niet mag" in text, url
            assert "Not found" not in text and "mapping values" not in text, url
            epochs[url] = _epoch(text)
        # the page being edited keeps its last version without errors
        assert "Voorbeeldmethodiek Jeugdhulp op de Basisschool" in _article(_get(base + PAGE)[1])
        assert "Voorbeeldstad" in _get(base + PAGE)[1]
        # the new file's page says which file it is, in Dutch
        assert "methodiek/nieuw-programma.yml bevat" in _get(base + "programmas/nieuw-programma/")[1]
        # the 404 page is the theme's Dutch one
        assert "Pagina niet gevonden" in _get(base + "bestaat-niet/")[1]
        # fixed: every open tab is told to reload, and then shows the fixed site
        target.write_text(good, encoding="utf-8")
        new.write_text(good.replace("id: voorbeeld", "id: nieuw-programma"), encoding="utf-8")
        for url, epoch in epochs.items():
            _until(lambda: _newer_build(base, epoch), f"a reload signal for {url}")
        _until(lambda: "methodiek-fouten" not in _get(base + "programmas/nieuw-programma/", timeout=TIMEOUT)[1],
               "the fixed site")
        for url in ("", PAGE, "programmas/nieuw-programma/"):
            status, text, _ = _get(base + url, timeout=TIMEOUT)
            assert status == 200 and "methodiek-fouten" not in text, url
        assert "bevat een fout" not in _get(base + "programmas/nieuw-programma/")[1]


def _without(text: str, start: str, end: str) -> str:
    """``text`` with the lines from the one starting with ``start`` up to (not including) ``end``."""
    a = text.index(start)
    return text[:a] + text[text.index(end, a):]


def test_draft_shows_text_without_sources_its_card_and_marks_a_non_gap_error(project):
    root = project([VALID])
    good = VALID.read_text(encoding="utf-8")
    # a draft whose summary has text but no sources yet
    zonder = _without(good.replace("id: voorbeeld", "id: zonder-bronnen"),
                      "  bronnen:\n    - bron: nji2015\n      plaats: hoofdstuk 2\n", "\n\n")
    assert zonder.count("plaats: hoofdstuk 2") == good.count("plaats: hoofdstuk 2") - 1
    # and a table, as written so far
    zonder = zonder.replace("\ninzet_en_kosten:\n", "\ninzet_en_kosten:\n  tabellen:\n    - bijschrift: Uren per school "
                            "in het eerste jaar\n      kolommen: [School, Uren]\n      rijen:\n        - [De Linde, '8']\n", 1)
    (root / "methodiek" / "zonder-bronnen.yml").write_text(zonder, encoding="utf-8")
    # a draft whose problem text is too short: an error that is not an empty part
    kort = re.sub(r"probleem:\n  tekst: \|\n(    .*\n)+", "probleem:\n  tekst: Te kort.\n",
                  good.replace("id: voorbeeld", "id: te-kort"), count=1)
    (root / "methodiek" / "te-kort.yml").write_text(kort, encoding="utf-8")
    with serve(root) as base:
        status, text, _ = _get(base + "programmas/zonder-bronnen/", timeout=TIMEOUT)
        assert status == 200
        article = _article(text)
        assert "Concept: nog niet gepubliceerd" in article
        # the summary's text is shown although its sources are missing, with the gap marked
        summary = _section(article, "samenvatting")
        assert "De voorbeeldmethodiek brengt een jeugdhulpverlener naar de basisschool" in summary
        assert "Nog niet ingevuld: samenvatting.bronnen (regel" in summary
        # the card: region, sectors and ages as written
        card = article[article.index('id="in-een-oogopslag"'):]
        assert "Primair onderwijs" in card and "Kinderopvang" in card and "0" in card and "12" in card
        assert "Voorbeeldstad" in article
        costs = _section(article, "inzet-en-kosten")
        assert "<table" in costs and "Uren per school in het eerste jaar" in costs and "De Linde" in costs
        # the non-gap error is marked in the section where it occurs; the rest of the draft stays
        status, text, _ = _get(base + "programmas/te-kort/", timeout=TIMEOUT)
        assert status == 200
        article = _article(text)
        problem = _section(article, "probleem")
        assert "methodiek/te-kort.yml:" in problem and "de tekst is te kort (8 tekens; minimaal" in problem
        assert "Versnipperde hulp" in problem  # what the section holds besides the short text
        assert "De voorbeeldmethodiek brengt een jeugdhulpverlener" in article  # other sections stay
        # marked in its section only (the banner above the page lists it too)
        assert "te kort" not in article[article.index("</h1>"):article.index('<h2 id="probleem"')]
        # the error also stands in the banner on every page; gaps do not
        home = _get(base)[1]
        assert "methodiek/te-kort.yml" in home and "zonder-bronnen.yml" not in home.split("md-content")[1]
    # the strict check (which the build runs) refuses both drafts
    check = run("methodiek", "--root", str(root), "check", cwd=root)
    assert check.returncode == 1
    assert "methodiek/te-kort.yml:" in check.stdout and "methodiek/zonder-bronnen.yml:" in check.stdout


def _log(root) -> str:
    return (root / "serve.log").read_text(encoding="utf-8")


def test_an_edit_rebuilds_only_that_programme_and_its_fragments(project):
    """In serve, saving one programme renders its own pages and rewrites its comparison
    fragments, not the whole site; a new programme reaches every page's navigation, a
    removed one leaves no page behind."""
    root = project([VALID])
    good = VALID.read_text(encoding="utf-8")
    (root / "methodiek" / "tweede.yml").write_text(
        good.replace("id: voorbeeld", "id: tweede").replace("naam: Voorbeeldmethodiek", "naam: Tweede methodiek"),
        encoding="utf-8")
    target = root / "methodiek" / "voorbeeld.yml"
    with serve(root) as base:
        before = _get(base + "programmas/tweede/")[1]
        builds = _log(root).count("Documentation built in")
        target.write_text(good.replace("direct iemand\n", "direct iemand Meetzin-een.\n", 1), encoding="utf-8")
        _until(lambda: "Meetzin-een" in _get(base + PAGE, timeout=TIMEOUT)[1], "the edited sentence")
        _until(lambda: _log(root).count("Documentation built in") > builds, "the end of the build")
        counted = re.findall(r"methodiek: (\d+) van de (\d+) pagina's opnieuw opgemaakt", _log(root))
        assert counted and counted[-1][0] == "3", counted  # index, competences, checklists of this programme
        # its comparison fragment has the sentence; the other programme's page is untouched
        assert "Meetzin-een" in _get(base + "vergelijken/inhoud/voorbeeld.html")[1]
        status, other, _ = _get(base + "vergelijken/inhoud/tweede.html")
        assert status == 200 and "Meetzin" not in other
        assert _get(base + "programmas/tweede/")[1].split("livereload(")[0] == before.split("livereload(")[0]
        # a new programme: every page's navigation names it
        (root / "methodiek" / "derde.yml").write_text(
            good.replace("id: voorbeeld", "id: derde").replace("naam: Voorbeeldmethodiek", "naam: Derde methodiek"),
            encoding="utf-8")
        _until(lambda: "Derde methodiek" in _get(base + "programmas/tweede/", timeout=TIMEOUT)[1], "the new programme")
        assert "Derde methodiek" in _get(base + "programmas/derde/")[1]
        # removed again: its pages and fragments are gone
        (root / "methodiek" / "derde.yml").unlink()
        _until(lambda: "Derde methodiek" not in _get(base + "programmas/tweede/", timeout=TIMEOUT)[1],
               "the programme to leave the navigation")
        assert _get(base + "programmas/derde/")[0] == 404
        assert _get(base + "vergelijken/samenvatting/derde.html")[0] == 404
