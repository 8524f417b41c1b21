"""The site: programme pages generated from YAML alone; a bad file stops the build."""
from __future__ import annotations

import html
import re

import pytest

from conftest import FIXTURES, REPO, VALID, build, run

from macros import schema as schemas


def article_of(page) -> str:
    """The HTML of a built page's <article> (the theme's own markup left out)."""
    raw = page.read_text(encoding="utf-8")
    return raw[raw.index("<article"):raw.index("</article>")]


def text_of(page) -> str:
    """Visible text of a built page's article, whitespace-normalised."""
    raw = page.read_text(encoding="utf-8")
    article = raw[raw.index("<article"):raw.index("</article>")]
    article = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", article)
    inline = re.sub(r"</?(a|em|strong|abbr|span|code|label)\b[^>]*>", "", article)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def test_fixture_programme_yields_its_pages(project):
    root = project([VALID])
    result = build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site" / "programmas" / "voorbeeld"
    method = text_of(site / "index.html")
    assert "Voorbeeldmethodiek Jeugdhulp op de Basisschool (VJB)" in method
    # every outline section, in schema order, with its guiding question
    positions = []
    for sectie in schemas.outline(REPO):
        # the section heading followed by its guiding question (a title alone also names a card row)
        heading = f"{sectie.titel} {' '.join(sectie.vraag.split())}"
        assert heading in method, sectie.titel
        positions.append(method.index(heading))
    assert positions == sorted(positions)
    assert "Kennismakingsgesprek met ouders en kind." in method
    assert "Afgeleid, niet letterlijk uit de bronnen" in method
    assert "Nederlands Jeugdinstituut (2015), hoofdstuk 4." in method
    profile = text_of(site / "competenties" / "index.html")
    assert "Jeugdhulpverlener op school" in profile and "Gespreksvoering met kinderen en ouders." in profile
    checklist_html = article_of(site / "checklists" / "index.html")
    assert checklist_html.count('class="checklist-fase"') == 4
    # a tick box per item inside the article (the theme's own menu toggles are checkboxes too)
    assert re.search(r'<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled '
                     r'aria-label="Toestemming van ouders vastgelegd\."', checklist_html)
    home = text_of(root / "site" / "index.html")
    assert "VJB: Voorbeeldmethodiek Jeugdhulp op de Basisschool" in home


@pytest.mark.traag  # two builds of its own
def test_second_programme_adds_pages_without_other_change(project, tmp_path):
    second = tmp_path / "tweede.yml"
    second.write_text(VALID.read_text(encoding="utf-8").replace("id: voorbeeld", "id: tweede")
                      .replace("naam: Voorbeeldmethodiek Jeugdhulp op de Basisschool", "naam: Tweede voorbeeld"),
                      encoding="utf-8")
    root = project([VALID, second])
    assert build(root).returncode == 0
    for kind in ("index.html", "competenties/index.html", "checklists/index.html"):
        assert (root / "site" / "programmas" / "tweede" / kind).is_file()
    assert "Tweede voorbeeld" in text_of(root / "site" / "programmas" / "tweede" / "index.html")
    nav = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "VJB: Tweede voorbeeld" in nav


def test_bad_programme_stops_the_build_with_the_same_records(project):
    root = project([FIXTURES / "fout" / "onbekende-sleutel.yml"])
    result = build(root)
    assert result.returncode == 1
    assert "methodiek/onbekende-sleutel.yml:70:3: doelgroep.primiar: het veld 'primiar' is onbekend" in result.stderr
    assert "De site is niet gebouwd" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site" / "programmas").exists()


@pytest.mark.traag  # a strict build of its own
def test_every_bad_fixture_stops_the_build(project, tmp_path):
    """Every bad file gets, from the build, exactly the records `methodiek check` gives it, and
    the build stops with nothing published. One build over the whole corpus: the build reports
    every file's records at once (test_bad_fixture_reports_dutch_error_at_line refuses each file
    alone, test_bad_programme_stops_the_build_with_the_same_records builds one alone)."""
    bad = sorted((FIXTURES / "fout").glob("*.yml"))
    root = project(bad)
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"fouten in {len(bad)} bestanden. De site is niet gebouwd" in result.stderr, result.stderr[-500:]
    assert not (site / "programmas").exists()
    built = [line.split("-  ", 1)[1] for line in result.stderr.splitlines()
             if line.startswith("ERROR") and "-  methodiek/" in line]
    checked = run("methodiek", "check", *(f"methodiek/{p.name}" for p in bad), cwd=root)
    assert checked.returncode == 1
    for path in bad:
        mine = lambda lines: sorted(ln for ln in lines if ln.startswith(f"methodiek/{path.name}:"))
        assert mine(built), (path.name, result.stderr[-2000:])
        assert mine(built) == mine(checked.stdout.splitlines()), path.name


@pytest.mark.traag  # a build of its own; in the fast loop test_robust's tricky site checks the same payload kinds
def test_yaml_text_is_data_not_markup_or_jinja(project, tmp_path):
    text = VALID.read_text(encoding="utf-8").replace(
        "Ouders krijgen met veel loketten te maken",
        "Ouders {{ 7 * 7 }} {% if true %}x{% endif %} <script>alert(1)</script> "
        "[klik](javascript:alert(1)) <img src=x onerror=alert(1)> a | b *nadruk* "
        "# kop <!-- commentaar --> krijgen met veel loketten te maken")
    path = tmp_path / "voorbeeld.yml"
    path.write_text(text, encoding="utf-8")
    root = project([path])
    assert build(root).returncode == 0
    page = (root / "site" / "programmas" / "voorbeeld" / "index.html").read_text(encoding="utf-8")
    body = page[page.index("<article"):page.index("</article>")]
    assert "{{ 7 * 7 }}" in html.unescape(body) and "49" not in body
    assert "{% if true %}x{% endif %}" in html.unescape(body)
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img" not in body and 'href="javascript' not in body
    assert "[klik](javascript:alert(1))" in html.unescape(body)
    assert "a | b *nadruk* # kop &lt;!-- commentaar --&gt;" in body


def test_real_site_builds_strict(real_site):
    # real_site is `mkdocs build --strict` of the repository, built once per run (conftest)
    for ident in (p.stem for p in (REPO / "methodiek").glob("*.yml")):
        assert (real_site / "programmas" / ident / "index.html").is_file()
