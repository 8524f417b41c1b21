"""`mkdocs serve`, the coordinator's preview: it never hangs on an error, shows the Dutch
records on every page, recovers by itself, and shows a draft with its gaps; a strict
build and `methodiek check` still refuse both."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from conftest import BIN, FIXTURES, VALID, WAIT, _env, build, run

pytestmark = pytest.mark.traag  # a real `mkdocs serve` per test, with rebuilds

TIMEOUT = WAIT  # seconds for the server to come up, to rebuild after a change or to answer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = TIMEOUT) -> tuple[int, str, float]:
    """(status, text, seconds) of one request; a page that does not answer within ``timeout``
    (a hanging preview) fails the test."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, body.decode("utf-8", "replace"), time.perf_counter() - start


@contextmanager
def serve(root):
    """Start `mkdocs serve` on a free localhost port; always stop it again."""
    port = _free_port()
    log = open(root / "serve.log", "w")
    process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-f", str(root / "mkdocs.yml"),
                                "-a", f"127.0.0.1:{port}"], cwd=root, stdout=log, stderr=subprocess.STDOUT,
                               env=_env())
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait(lambda: _get(base, timeout=TIMEOUT)[0] == 200, process, root)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait(condition, process, root, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, (root / "serve.log").read_text(encoding="utf-8")[-3000:]
        try:
            if condition():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    raise AssertionError("timed out; log:\n" + (root / "serve.log").read_text(encoding="utf-8")[-3000:])


def test_serve_shows_errors_on_every_page_and_recovers(project, tmp_path):
    root = project([VALID])
    page = "programmas/voorbeeld/"
    with serve(root) as base:
        assert "methodiek-fouten" not in _get(base + page)[1]
        # break the file while the server runs: a syntax error (unquoted colon)
        target = root / "methodiek" / "voorbeeld.yml"
        good = target.read_text(encoding="utf-8")
        target.write_text(good.replace("regio: Voorbeeldstad", "regio: Voorbeeldstad: centrum"), encoding="utf-8")
        # a request during the rebuild waits for it (mkdocs' own livereload); then every page answers
        # (with the records, not by hanging: _get fails after TIMEOUT; no fixed bound in seconds,
        # which would measure the machine's load rather than the preview)
        deadline = time.monotonic() + TIMEOUT
        while "methodiek-fouten" not in _get(base, timeout=TIMEOUT)[1] and time.monotonic() < deadline:
            time.sleep(0.3)
        for url in ("", page, "programmas/voorbeeld/checklists/", "opzet/", "bestaat-niet/"):
            status, text, seconds = _get(base + url)
            assert "methodiek-fouten" in text, url
            assert "methodiek/voorbeeld.yml:7:21" in text, url
            assert "een dubbele punt staat op een plek waar dat niet mag" in text
            assert "Zet tekst met een dubbele punt tussen aanhalingstekens" in text
            assert "mapping values" not in text
        # fixed again: the site recovers by itself
        target.write_text(good, encoding="utf-8")
        deadline = time.monotonic() + TIMEOUT
        while "methodiek-fouten" in _get(base + page, timeout=TIMEOUT)[1] and time.monotonic() < deadline:
            time.sleep(0.3)
        status, text, _ = _get(base + page)
        assert status == 200 and "methodiek-fouten" not in text
        assert "Voorbeeldmethodiek Jeugdhulp op de Basisschool" in text
    # the strict build still refuses the broken file
    broken = tmp_path / "kapot"
    broken.mkdir()
    shutil.copy(FIXTURES / "fout" / "syntaxfout.yml", root / "methodiek" / "syntaxfout.yml")
    result = build(root, broken / "site")
    assert result.returncode == 1 and "De site is niet gebouwd" in result.stderr


def test_serve_starts_with_a_broken_file(project):
    root = project([VALID, FIXTURES / "fout" / "onbekende-sleutel.yml"])
    with serve(root) as base:
        for url in ("", "programmas/voorbeeld/", "programmas/onbekende-sleutel/"):
            status, text, seconds = _get(base + url)
            assert "methodiek/onbekende-sleutel.yml:70:3" in text and "Bedoelde u" in text, url


def test_new_draft_is_previewed_with_its_gaps_but_never_built(project, tmp_path):
    root = project([VALID])
    assert run("methodiek", "--root", str(root), "nieuw", "nieuw-programma", cwd=root).returncode == 0
    with serve(root) as base:
        status, text, seconds = _get(base + "programmas/nieuw-programma/")
        assert status == 200
        assert "Concept: nog niet gepubliceerd" in text
        assert text.count("Nog niet ingevuld") >= 10
        assert "Nog niet ingevuld: probleem.tekst (regel" in text
        assert "Zie de vraag: Welk probleem pakt de methodiek aan?" in text
        assert "methodiek-fouten" not in text  # a draft's gaps are no error banner
        assert "Concept: " in _get(base)[1]  # in the navigation
    check = run("methodiek", "--root", str(root), "check", cwd=root)
    assert check.returncode == 1 and "methodiek/nieuw-programma.yml:" in check.stdout
    result = build(root, tmp_path / "site")
    assert result.returncode == 1 and "De site is niet gebouwd" in result.stderr
    assert not (tmp_path / "site" / "programmas" / "nieuw-programma").exists()
