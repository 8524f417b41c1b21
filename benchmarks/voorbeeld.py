"""Edit-to-preview: from saving a programme file to the new sentence on screen, in Chromium.

``mkdocs serve`` runs as a coordinator starts it (``mkdocs serve``, nothing else). A
Chromium tab (Playwright, HANDBOEK_BROWSER or ``chromium``) shows the programme's page;
each run writes a new sentence at the start of its summary, saves the file, and waits
until the tab (reloaded by MkDocs' live-reload script) shows the sentence. The clock runs
from just before the file is written to the moment the sentence is in the page's text.

    .venv/bin/python -m benchmarks.voorbeeld                 # the real site and 100 programmes
    .venv/bin/python -m benchmarks.voorbeeld --n 100 --runs 5

The real site's programmes are used as they are (a programme that does not pass
``methodiek check`` is shown as a draft, as in a coordinator's preview). The 100
programmes are the valid test fixture cloned under new ids.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.__main__ import project

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXTURE = REPO / "tests" / "fixtures" / "geldig" / "voorbeeld.yml"
TIMEOUT = 300  # seconds: one save, on a busy machine
FIRST_BUILD = 1200  # seconds: a first build of 100 programmes on a busy machine takes minutes


def _project(tmp: Path, n: int | None) -> tuple[Path, str]:
    """A copy of the handbook; with ``n``: n clones of the valid fixture. Returns (root, id to edit)."""
    root = project(tmp, None if n is None else [])
    if n is None:
        return root, "jos"
    text = FIXTURE.read_text(encoding="utf-8")
    for i in range(n):
        ident = f"voorbeeld-{i:03d}"
        (root / "methodiek" / f"{ident}.yml").write_text(
            text.replace("id: voorbeeld", f"id: {ident}").replace(
                "naam: Voorbeeldmethodiek", f"naam: Voorbeeldmethodiek {i:03d}"), encoding="utf-8")
    return root, f"voorbeeld-{n // 2:03d}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, process, log: Path, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("mkdocs serve stopped:\n" + log.read_text(encoding="utf-8")[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("mkdocs serve did not come up:\n" + log.read_text(encoding="utf-8")[-3000:])


def _insert(path: Path, sentence: str, previous: str | None) -> None:
    """Put ``sentence`` as the first paragraph of the summary (replacing the previous one)."""
    text = path.read_text(encoding="utf-8")
    if previous:
        text = text.replace(f"    {previous}\n\n", "", 1)
    text, count = re.subn(r"(\nsamenvatting:\n  tekst: [|>]-?\n)", lambda m: m.group(1) + f"    {sentence}\n\n", text, count=1)
    assert count == 1, f"no 'samenvatting: tekst: |' in {path}"
    path.write_text(text, encoding="utf-8")


def measure(n: int | None, runs: int, browser_path: str) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="methodiek-voorbeeld-") as tmp_name:
        root, ident = _project(Path(tmp_name), n)
        target = root / "methodiek" / f"{ident}.yml"
        port = _free_port()
        log = root / "serve.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        with open(log, "w") as out:
            process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                       stdout=out, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}/programmas/{ident}/"
        times, rebuilds = [], []
        try:
            start = time.perf_counter()
            _wait_http(url, process, log, FIRST_BUILD)
            first = time.perf_counter() - start
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=browser_path, headless=True)
                page = browser.new_page()
                page.goto(url, wait_until="load", timeout=TIMEOUT * 1000)
                previous = None
                for i in range(runs):
                    sentence = f"Meetzin {i} {time.time_ns()} voor de voorbeeldweergave."
                    before = log.read_text(encoding="utf-8").count("Documentation built in")
                    t0 = time.perf_counter()
                    _insert(target, sentence, previous)
                    page.get_by_text(sentence).first.wait_for(state="attached", timeout=TIMEOUT * 1000)
                    times.append(time.perf_counter() - t0)
                    previous = sentence
                    # the build's own figure, as MkDocs logs it
                    deadline = time.monotonic() + TIMEOUT
                    while log.read_text(encoding="utf-8").count("Documentation built in") <= before \
                            and time.monotonic() < deadline:
                        time.sleep(0.1)
                    built = re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text(encoding="utf-8"))
                    rebuilds.append(float(built[-1]))
                    # let the server settle (the browser's reload poll) before the next save
                    page.wait_for_load_state("load")
                browser.close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        return {"n": n, "first": first, "times": times, "rebuilds": rebuilds}


def _load() -> str:
    try:
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.voorbeeld", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="aantal keer opslaan per site (standaard 5)")
    parser.add_argument("--n", nargs="*", type=int, default=[100],
                        help="aantallen programma's naast de echte site (standaard 100; leeg: alleen de echte site)")
    parser.add_argument("--zonder-echte-site", action="store_true", help="alleen de gekloonde programma's")
    args = parser.parse_args(argv)
    browser_path = os.environ.get("HANDBOEK_BROWSER") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser_path:
        raise SystemExit("benchmark: geen Chromium gevonden (apt-get install chromium of HANDBOEK_BROWSER)")
    sizes = ([] if args.zonder_echte_site else [None]) + list(args.n)
    print(f"Bewerken tot voorbeeld {time.strftime('%Y-%m-%d %H:%M')}; {_load()} (bij het begin)")
    for n in sizes:
        result = measure(n, args.runs, browser_path)
        label = "echte site" if n is None else f"N = {n}"
        times, rebuilds = result["times"], result["rebuilds"]
        print(f"{label}: eerste bouw {result['first']:.1f} s; opslaan tot zin in beeld: min {min(times):.2f} s, "
              f"mediaan {statistics.median(times):.2f} s, max {max(times):.2f} s; herbouw volgens MkDocs: mediaan "
              f"{statistics.median(rebuilds):.2f} s ({', '.join(f'{t:.2f}' for t in times)}); {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
