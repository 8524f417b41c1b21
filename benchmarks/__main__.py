"""Benchmarks of the handbook: ``python -m benchmarks`` (see benchmarks/README.md).

Prints one table: each measurement several times (min and median), with its target.
These are measurements, not tests: machines here are shared and noisy, so nothing
fails on a slow run. ``--snel`` is the smoke run CI uses (N = 2, one run, one query, no Lighthouse,
the data layer and the weight on a handbook of the first two real programmes).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


class Row:
    def __init__(self, name, values, unit, target=None, ok=None):
        self.name, self.values, self.unit, self.target, self.ok = name, values, unit, target, ok

    def cells(self):
        if isinstance(self.values, list):
            lo, med = min(self.values), statistics.median(self.values)
            shown = (f"{lo:.3f}", f"{med:.3f}") if self.unit == "s" else (f"{lo:,.0f}", f"{med:,.0f}")
        else:
            shown = ("", f"{self.values:,.2f}" if isinstance(self.values, float) else f"{self.values:,}")
        verdict = "" if self.ok is None else ("gehaald" if self.ok else "NIET gehaald")
        return [self.name, *shown, self.unit, self.target or "", verdict]


def run(cmd, cwd, env=None, check=True):
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if check and result.returncode != 0:
        raise SystemExit(f"benchmark: {' '.join(map(str, cmd))} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed, result


def project(tmp: Path, programmes: list[Path] | None = None) -> Path:
    """A copy of the handbook (config, docs, data, schemas); optionally other programmes."""
    root = tmp / "handboek"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("docs", "data", "schemas", "methodiek", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "CONTRIBUTING.md", root)
    (root / "macros").mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  - macros/hook.py", f"  - {REPO / 'macros' / 'hook.py'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    if programmes is not None:
        shutil.rmtree(root / "methodiek")
        (root / "methodiek").mkdir()
        for p in programmes:
            shutil.copy(p, root / "methodiek" / p.name)
    return root


def build(root: Path, site: Path, env=None) -> float:
    """Wall time of a strict build (with the cache, unless env switches it off)."""
    return run([BIN / "mkdocs", "build", "--strict", "-q", "-d", site], root, env)[0]


def synthetic(folder: Path, n: int) -> list[Path]:
    """N valid programmes of realistic size: the real ones, cloned under new ids."""
    folder.mkdir(parents=True, exist_ok=True)
    from macros import reader  # the handbook's own reader: dates stay text, as the schema wants
    real = [reader.read(p)[0].data for p in sorted((REPO / "methodiek").glob("*.yml"))]
    out = []
    for i in range(n):
        data = json.loads(json.dumps(real[i % len(real)]))
        data["id"] = f"{data['id']}-{i:04d}"
        data["naam"] = f"{data['naam']} (kopie {i})"
        path = folder / f"{data['id']}.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out.append(path)
    return out


def data_layer(tmp: Path, runs: int, warm_up: bool = True, programmes: list[Path] | None = None) -> list[Row]:
    """The real build against the same pages as plain static Markdown (no macros, no hook).
    ``warm_up`` False (the smoke run): the dump build is the one that fills the cache.
    ``programmes``: the handbook with only these (the smoke run), else all real ones."""
    root = project(tmp / "echt", programmes)
    dump = tmp / "dump"
    build(root, tmp / "site-dump", dict(ENV, METHODIEK_MARKDOWN_DUMP=str(dump)))
    plain = tmp / "plat"
    shutil.rmtree(plain, ignore_errors=True)
    shutil.copytree(dump / "docs", plain / "docs")
    shutil.copytree(REPO / "docs" / "assets", plain / "docs" / "assets", dirs_exist_ok=True)
    shutil.copytree(REPO / "overrides", plain / "overrides", dirs_exist_ok=True)
    loader = type("EnvLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda load, node: None)  # environment settings are not used here
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    config.pop("hooks", None)
    config.pop("watch", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p)]
    config["nav"] = json.loads((dump / "nav.json").read_text(encoding="utf-8"))
    for key in ("repo_url", "edit_uri"):
        config.pop(key, None)
    config["extra"]["handboek_versie"] = "ontwikkelversie"
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the real site as a coordinator rebuilds it: the cache holds the validated files and
    # rendered sections of the first build; the plain build has no data layer at all
    if warm_up:
        build(root, tmp / "site-echt-warm")
    real_times = [build(root, tmp / f"site-echt-{i}") for i in range(runs)]
    cold_times = [build(root, tmp / f"site-koud-{i}", dict(ENV, METHODIEK_CACHE="0")) for i in range(runs)]
    # the real build ends with the search index (Pagefind, in the hook); the plain one gets
    # Pagefind's own indexing of its pages, so both have search
    plain_times = [build(plain, tmp / f"site-plat-{i}") + run([sys.executable, "-m", "pagefind", "--site",
                                                               tmp / f"site-plat-{i}", "--quiet"], plain)[0]
                   for i in range(runs)]
    ratio = statistics.median(real_times) / statistics.median(plain_times)
    cold_ratio = statistics.median(cold_times) / statistics.median(plain_times)
    return [Row("mkdocs build, echte site (cache warm)", real_times, "s"),
            Row("mkdocs build, echte site, koud (zonder cache)", cold_times, "s"),
            Row("mkdocs build, dezelfde pagina's als platte Markdown (+ Pagefind over de site)", plain_times, "s"),
            Row("verhouding (mediaan echt warm / plat)", ratio, "x", "≤ 1,10", ratio <= 1.10),
            Row("verhouding (mediaan echt koud / plat)", cold_ratio, "x", "≤ 1,10", cold_ratio <= 1.10)]


def scaling(tmp: Path, sizes: list[int], runs: int, with_build: bool, queries=None) -> list[Row]:
    rows, checks, builds = [], {}, {}
    for n in sizes:
        folder = tmp / f"synth-{n}"
        root = project(tmp / f"schaal-{n}", synthetic(folder, n))
        cold = dict(ENV, METHODIEK_CACHE="0")
        checks[n] = [run([BIN / "methodiek", "--root", root, "check"], root, cold)[0] for _ in range(runs)]
        rows.append(Row(f"methodiek check, N = {n}, koud (zonder cache)", checks[n], "s",
                        "≤ 2 s" if n == 500 else None, statistics.median(checks[n]) <= 2 if n == 500 else None))
        run([BIN / "methodiek", "--root", root, "check"], root)  # fills the cache
        warm = [run([BIN / "methodiek", "--root", root, "check"], root)[0] for _ in range(runs)]
        rows.append(Row(f"methodiek check, N = {n}, warm (ongewijzigde bestanden uit de cache)", warm, "s",
                        "≤ 2 s" if n == 500 else None, statistics.median(warm) <= 2 if n == 500 else None))
        if with_build:
            cold = dict(ENV, METHODIEK_CACHE="0")
            builds[n] = [build(root, tmp / f"site-schaal-{n}-{i}", cold) for i in range(max(1, runs if n <= 100 else 1))]
            rows.append(Row(f"mkdocs build, N = {n}", builds[n], "s",
                            "≤ 60 s" if n == 100 else None, statistics.median(builds[n]) <= 60 if n == 100 else None))
            COMPARISON[n] = _largest_comparison(tmp / f"site-schaal-{n}-0")
            rows.append(Row(f"HTML vergelijking per onderdeel (grootste), N = {n}", COMPARISON[n], "bytes"))
            rows += search_bytes(tmp / f"site-schaal-{n}-0", n, queries)
    if 100 in sizes and 500 in sizes:
        for name, table in (("check", checks), ("build", builds)):
            if 100 in table and 500 in table:
                growth = statistics.median(table[500]) / statistics.median(table[100])
                rows.append(Row(f"groei {name}: tijd bij 500 / tijd bij 100", growth, "x", "≤ 5,5", growth <= 5.5))
    return rows


# bytes of the largest comparison page by number of programmes (the real site is N = 4)
COMPARISON: dict[int, int] = {}


def _largest_comparison(site: Path) -> int:
    return max(p.stat().st_size for p in site.glob("vergelijken/*/index.html"))


def comparison_growth() -> list[Row]:
    """The comparison page loads the chosen programmes' sections: its weight must not grow
    with the number of programmes (target: at most twice the weight at N = 4)."""
    if 4 not in COMPARISON or len(COMPARISON) < 2:
        return []
    n = max(COMPARISON)
    if n == 4:
        return []
    ratio = COMPARISON[n] / COMPARISON[4]
    return [Row(f"groei vergelijkingspagina: bytes bij N = {n} / bij N = 4", ratio, "x", "≤ 2", ratio <= 2)]


def edit_loop(runs: int) -> list[Row]:
    target = sorted((REPO / "methodiek").glob("*.yml"))[0]
    times = [run([BIN / "methodiek", "check", target.relative_to(REPO)], REPO)[0] for _ in range(runs)]
    return [Row(f"methodiek check {target.relative_to(REPO)} (heel proces)", times, "s", "≤ 0,3 s",
                statistics.median(times) <= 0.3)]


def weight(tmp: Path, site: Path | None = None, queries=None, n: int = 4) -> list[Row]:
    """The weight of each page kind of the real site; ``site``: a build of it to reuse (the smoke
    run), with ``n`` programmes compared."""
    if site is None:
        site = tmp / "site-gewicht"
        build(project(tmp / "gewicht"), site)
    COMPARISON.setdefault(n, _largest_comparison(site))
    kinds = {
        "programmapagina (grootste)": sorted(site.glob("programmas/*/index.html"), key=lambda p: p.stat().st_size)[-1],
        "competentieprofiel (grootste)": sorted(site.glob("programmas/*/competenties/index.html"),
                                               key=lambda p: p.stat().st_size)[-1],
        "checklistpagina (grootste)": sorted(site.glob("programmas/*/checklists/index.html"),
                                            key=lambda p: p.stat().st_size)[-1],
        "vergelijking per onderdeel (grootste)": sorted(site.glob("vergelijken/*/index.html"),
                                                        key=lambda p: p.stat().st_size)[-1],
        "home": site / "index.html",
        "begrippen": site / "begrippen" / "index.html",
    }
    rows = []
    for kind, path in kinds.items():
        size = path.stat().st_size
        target = "≤ 150 KB" if kind.startswith("programmapagina") else None
        rows.append(Row(f"HTML {kind}: {path.relative_to(site).parent}", size, "bytes", target,
                        size <= 150_000 if target else None))
        rows.append(Row(f"  idem, gzip (wat over het netwerk gaat)", len(gzip.compress(path.read_bytes())), "bytes"))
    bundle = site / "pagefind"
    rows.append(Row("zoekindex pagefind/ op schijf (alle bestanden samen; een lezer haalt er een klein deel van)",
                    sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()), "bytes"))
    rows += search_bytes(site, n, queries)
    return rows


SEARCHES = ("kosten", "school", "Jeugdhulp op School", "budget")
SEARCH_LIMIT = 300_000


def search_bytes(site: Path, n: int, queries=None) -> list[Row]:
    """What one query costs a reader: in Chromium, from opening the search to the first page
    of results, every byte fetched (Pagefind's code, the index chunks of the query's words,
    the result fragments, the search words), each query in a fresh browser (nothing cached).
    The heaviest of SEARCHES counts: as stored (raw) and as a compressing host sends it."""
    chrome = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chrome = None
    if not chrome:
        return [Row(f"zoeken, N = {n}: overgeslagen (chromium of playwright ontbreekt)", 0, "")]
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    raw, sent = {}, {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chrome, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                                              "--disable-background-networking", "--disable-component-update"])
            for query in queries or SEARCHES:
                context = browser.new_context()
                page = context.new_page()
                page.goto(url, wait_until="networkidle")
                responses = []
                page.on("response", lambda r: responses.append(r))
                page.keyboard.press("/")
                page.locator("#zoeken-invoer").fill(query)
                page.locator(f"[data-zoeken][data-gezocht={json.dumps(query)}]").wait_for(state="attached", timeout=60000)
                page.wait_for_load_state("networkidle")
                raw[query] = sum(len(r.body()) for r in responses)
                sent[query] = sum(r.request.sizes()["responseBodySize"] for r in responses)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    heaviest = max(raw, key=raw.get)
    return [Row(f"zoeken: bytes voor één zoekvraag, N = {n} (zwaarste: '{heaviest}'; ongecomprimeerd)", raw[heaviest],
                "bytes", "≤ 300 KB", raw[heaviest] <= SEARCH_LIMIT),
            Row(f"  idem, zoals een comprimerende host ze stuurt", max(sent.values()), "bytes")]


def published(tmp: Path) -> Path:
    """The site as readers get it: deployed with mike (version 1.0, alias latest) into a
    throwaway git repository, checked out into a folder."""
    root = project(tmp / "gepubliceerd")
    git = lambda *a: subprocess.run(["git", *a], cwd=root, check=True, capture_output=True)
    git("init", "-q", "-b", "main")
    git("-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid", "add", "-A")
    git("-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid", "commit", "-qm", "bench")
    env = dict(ENV, HANDBOEK_VERSIE="1.0", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               GIT_AUTHOR_NAME="benchmark", GIT_AUTHOR_EMAIL="benchmark@example.invalid",
               GIT_COMMITTER_NAME="benchmark", GIT_COMMITTER_EMAIL="benchmark@example.invalid")
    run([BIN / "mike", "deploy", "-b", "gh-pages", "--update-aliases", "1.0", "latest"], root, env)
    run([BIN / "mike", "set-default", "-b", "gh-pages", "latest"], root, env)
    out = tmp / "gepubliceerd-site"
    git("worktree", "add", "-q", str(out), "gh-pages")
    return out


def lighthouse(tmp: Path) -> list[Row]:
    chrome = shutil.which("chromium")
    if not chrome or not shutil.which("npm"):
        return [Row("Lighthouse overgeslagen (chromium of npm ontbreekt)", 0, "")]
    tools = tmp / "lighthouse"
    tools.mkdir(exist_ok=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "lighthouse@12"], cwd=tools,
                   check=True, capture_output=True)
    site = published(tmp)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    try:
        longest = max(site.glob("latest/programmas/*/index.html"), key=lambda f: f.stat().st_size).parent.name
        for name, path in (("home", "/latest/"), (f"programmapagina (langste, {longest})", f"/latest/programmas/{longest}/"),
                           ("vergelijking", "/latest/vergelijken/fasering/"),
                           ("vergelijking, twee gekozen", "/latest/vergelijken/doelgroep/?p=jok,saw")):
            out = tmp / f"lh-{name}.json"
            subprocess.run([tools / "node_modules" / ".bin" / "lighthouse", f"http://127.0.0.1:{server.server_address[1]}{path}",
                            "--quiet", "--output=json", f"--output-path={out}", "--only-categories=performance,accessibility,best-practices,seo",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                            "--disable-component-update --disable-sync --no-first-run"],
                           env=dict(ENV, CHROME_PATH=chrome), check=True, capture_output=True, timeout=300)
            report = json.loads(out.read_text(encoding="utf-8"))
            tbt = report["audits"]["total-blocking-time"]["numericValue"]
            cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
            rows.append(Row(f"Lighthouse {name}: total blocking time", round(tbt), "ms", "< 100", tbt < 100))
            rows.append(Row(f"Lighthouse {name}: cumulative layout shift", round(cls, 4), "", "0", cls == 0))
            for category in ("performance", "accessibility", "best-practices", "seo"):
                score = round((report["categories"][category]["score"] or 0) * 100)
                missed = [ref["id"] for ref in report["categories"][category]["auditRefs"]
                          if ref.get("weight") and report["audits"][ref["id"]].get("score") is not None
                          and report["audits"][ref["id"]]["score"] < 1]
                rows.append(Row(f"Lighthouse {name}: {category}" + (f" (mist: {', '.join(missed)})" if missed else ""),
                                score, "punten", "100", score == 100))
    finally:
        server.shutdown()
    return rows


class _Gzip(SimpleHTTPRequestHandler):
    """A static file server that compresses like a real host does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or \
                path.suffix not in (".html", ".css", ".js", ".json", ".svg"):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def machine() -> str:
    mem = ""
    try:
        kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB geheugen"
    except (OSError, StopIteration):
        pass
    from importlib.metadata import version
    import markdown
    import mkdocs
    import material
    versions = f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__ if hasattr(material, '__version__') else '?'}, " \
               f"Markdown {markdown.__version__}, jsonschema {version('jsonschema')}, PyYAML {version('PyYAML')}"
    return f"{socket.gethostname()}: {os.cpu_count()} cores{mem}; {versions}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snel", action="store_true", help="rookproef: N = 2, één run, één zoekvraag, geen Lighthouse; "
                        "datalaag en gewicht met de eerste twee echte programma's")
    parser.add_argument("--runs", type=int, default=3, help="aantal herhalingen (standaard 3)")
    parser.add_argument("--zonder-lighthouse", action="store_true")
    parser.add_argument("--alleen", nargs="+", choices=["datalaag", "schaal", "bewerken", "gewicht", "lighthouse"],
                        help="alleen deze metingen")
    parser.add_argument("--n", nargs="+", type=int, help="aantallen programma's voor de schaalmeting (standaard 10 100 500)")
    args = parser.parse_args(argv)
    runs = 1 if args.snel else args.runs
    sizes = args.n or ([2] if args.snel else [10, 100, 500])
    # the smoke run: one query, no warm-up build, the weight measured on the data layer's own build
    queries = SEARCHES[:1] if args.snel else None
    wanted = set(args.alleen or ["datalaag", "schaal", "bewerken", "gewicht", "lighthouse"])
    if args.snel or args.zonder_lighthouse:
        wanted.discard("lighthouse")

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="methodiek-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "datalaag" in wanted:
            first_two = sorted((REPO / "methodiek").glob("*.yml"))[:2] if args.snel else None
            rows += data_layer(tmp, runs, warm_up=not args.snel, programmes=first_two)
        if "schaal" in wanted:
            rows += scaling(tmp, sizes, runs, with_build=True, queries=queries)
        if "bewerken" in wanted:
            rows += edit_loop(max(runs, 5) if not args.snel else 1)
        if "gewicht" in wanted:
            reuse = tmp / "site-koud-0" if args.snel and "datalaag" in wanted else None
            rows += weight(tmp, reuse, queries, n=2 if reuse else 4)
        rows += comparison_growth()
        if "lighthouse" in wanted:
            rows += lighthouse(tmp)

    header = ["meting", "min", "mediaan", "eenheid", "doel", "oordeel"]
    table = [header, *[r.cells() for r in rows]]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    print(f"Benchmark {time.strftime('%Y-%m-%d %H:%M')} op {machine()}")
    for i, line in enumerate(table):
        print("  ".join(str(c).ljust(w) if j == 0 else str(c).rjust(w) for j, (c, w) in enumerate(zip(line, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
