"""Shared test helpers: the repository, throwaway handbook projects, the commands."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import sys
import unicodedata
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "geldig" / "voorbeeld.yml"
BIN = Path(sys.executable).parent

# ---------------------------------------------------------------- how long a test waits

# The one limit for every wait in the tests: a server coming up, a rebuild after an edit, a page
# element appearing, a search answering. Every wait is for a condition and returns as soon as it
# holds, so a generous limit costs nothing on a quiet machine and keeps a loaded 2-core runner
# (other builds, other test runs) from failing a test that is right. HANDBOEK_WACHTTIJD (seconds)
# overrides it, e.g. 180 on a very slow machine.
WAIT = float(os.environ.get("HANDBOEK_WACHTTIJD", "") or 60)
WAIT_MS = WAIT * 1000

# ---------------------------------------------------------------- what this machine must provide

# HANDBOEK_VEREIST names the requirements this machine promises to meet, comma-separated,
# e.g. "browser,bronnen" (.ci/run) or "browser" (the GitHub workflows). A test that needs a
# listed requirement FAILS when it is missing; one that needs an unlisted requirement SKIPS
# with the reason. Nothing else (not CI=true) decides between the two.
REQUIREMENTS = {
    "browser": "een Chromium of Chrome voor de browsertests (HANDBOEK_BROWSER, standaard 'chromium' uit het PATH)",
    "bronnen": "../shared naast het project, met tools/overlap.py en de bronteksten",
}
SHARED = REPO.parent / "shared"


def required() -> set[str]:
    """The requirements named in HANDBOEK_VEREIST; an unknown name is a usage error."""
    names = {n.strip().lower() for n in re.split(r"[,\s]+", os.environ.get("HANDBOEK_VEREIST", "")) if n.strip()}
    unknown = names - REQUIREMENTS.keys()
    if unknown:
        raise pytest.UsageError(
            f"HANDBOEK_VEREIST noemt {', '.join(sorted(unknown))}; bekend zijn: {', '.join(REQUIREMENTS)}")
    return names


def unavailable(requirement: str, why: str):
    """A requirement is not met here: fail when HANDBOEK_VEREIST names it, otherwise skip."""
    if requirement in required():
        pytest.fail(f"{why} (HANDBOEK_VEREIST={os.environ['HANDBOEK_VEREIST']} eist '{requirement}')",
                    pytrace=False)
    pytest.skip(f"{why}; overgeslagen (zet HANDBOEK_VEREIST={requirement} om dit een fout te maken)")


def browser_executable() -> str | None:
    """The browser the browser tests drive: HANDBOEK_BROWSER (a path, or a command on the PATH),
    else Debian's 'chromium' (or Ubuntu's 'chromium-browser') from the PATH."""
    chosen = os.environ.get("HANDBOEK_BROWSER", "").strip()
    if chosen:
        if os.sep in chosen:
            return chosen if os.path.isfile(chosen) and os.access(chosen, os.X_OK) else None
        return shutil.which(chosen)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def plain(text: str) -> str:
    """Text as a reader reads it, whatever the fonts and the line width did to it: ligatures
    unfolded (NFKC: 'ﬁ' is 'fi'), soft hyphens dropped, a hyphen and the line break (or space)
    after it joined to the next word, all whitespace one space. Apply it to both sides: 'IKC-brede'
    and 'IKC-\nbrede' (or 'preven-\ntie' and 'preventie') compare equal."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(?<=\w)[-\u2010\u2011]\s*(?=\w)", "", text)
    return " ".join(text.split())


def pytest_configure(config):
    required()  # an unknown requirement stops the run before anything is collected


def pytest_xdist_auto_num_workers(config):
    """'-n auto' (pyproject.toml): one worker more than this process may use cores. A worker
    often waits (for a page to settle, a server to answer, a build to finish) and a core would
    sit idle; measured on 2 cores, the whole suite: 6 min 8 s with two workers, 5 min 30 s with
    three, 5 min 33 s with four (tests/README.md)."""
    return len(os.sched_getaffinity(0)) + 1


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Every test that drives a browser carries the 'browser' marker, so '-m "not browser"' leaves
    out exactly those and cannot miss one; every test that is neither 'browser' nor 'traag' carries
    'snel', the fast loop ('-m snel'). A marker expression that names an unknown marker, or
    that leaves no test at all, stops the run instead of passing quietly."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if not item.get_closest_marker("browser") and not item.get_closest_marker("traag"):
            item.add_marker(pytest.mark.snel)  # the fast loop: -m snel
    result = yield  # pytest applies -m (and -k) here
    expression = config.getoption("markexpr")
    if not expression:
        return result
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    unknown = set(re.findall(r"[A-Za-z_]\w*", expression)) - {"and", "or", "not"} - known
    if unknown:
        raise pytest.UsageError(f"-m {expression!r} noemt een onbekende marker: {', '.join(sorted(unknown))}")
    if not items:
        raise pytest.UsageError(f"-m {expression!r} laat geen enkele test over")
    return result


def _env() -> dict:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("MUTANT_UNDER_TEST", None)  # a command started by a test is the unmutated reference
    return env


@pytest.fixture(autouse=True)
def _fresh_under_mutation(monkeypatch):
    """In a mutation run (mutmut sets MUTANT_UNDER_TEST) every test is run in a process forked
    from one that already ran the tests unmutated: nothing may come from that run's memo of a
    checked file or loaded data, nor from the cache on disk, or a mutant would 'survive' on
    results the real code computed."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        from macros import model
        monkeypatch.setenv("METHODIEK_CACHE", "0")
        for memo in (model._cache, model._checked, model._data_memo):
            memo.clear()
    yield


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run a command of this virtual environment; output as text."""
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True,
                          text=True, env=_env(), timeout=15 * WAIT)  # a hang guard, not a speed limit


def make_project(tmp: Path, programmes: list[Path] = ()) -> Path:
    """A throwaway handbook: the repo's site configuration, docs, theme overrides, shared
    data and schemas, with the given programme files (and nothing else) in methodiek/."""
    root = tmp / "handboek"
    root.mkdir()
    for name in ("docs", "data", "schemas", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")  # included by docs/bijdragen.md
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - macros/hook.py", f"  - {REPO / 'macros' / 'hook.py'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "methodiek").mkdir()
    (root / "macros").mkdir()  # watched by mkdocs serve; the code itself is the installed package
    for p in programmes:
        shutil.copy(p, root / "methodiek" / p.name)
    return root


def machine_text_project(root: Path) -> None:
    """For a project whose programmes are generated (the same payload or a few sampled words in
    every field): the style check on repeated sentences is set beyond any sentence, through the
    schema's own limit (x-stijl), because such text repeats by construction; and a section over
    its word budget is a warning (x-budget-streng false), because sampled one-character 'words'
    say nothing about length. Every other check stays; the repetition rule and the budgets have
    their own fixtures and tests (fout/herhaalde-zin.yml, stijl/, test_opzet12.py, test_grenzen.py)."""
    import json
    path = root / "schemas" / "methodiek.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["x-stijl"] = {**schema.get("x-stijl", {}), "zin-woorden": 10**6}
    schema["x-budget-streng"] = False
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")


def build(root: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    site = site or root / "site"
    return run("mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site), cwd=root)


@pytest.fixture
def project(tmp_path):
    """Factory: make_project bound to this test's temporary folder."""
    return lambda programmes=(): make_project(tmp_path, list(programmes))


# ---------------------------------------------------------------- browser tests

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    """Serve a built site on a free localhost port: (server, base URL). Call server.shutdown()."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def browser():
    """Chromium (HANDBOEK_BROWSER, else 'chromium' from the PATH) driven by Playwright. Missing,
    it skips the test, or fails it when HANDBOEK_VEREIST names 'browser'."""
    executable = browser_executable()
    if not executable:
        unavailable("browser", "geen browser gevonden: installeer 'chromium' (apt-get install chromium) "
                               "of wijs HANDBOEK_BROWSER naar Chromium of Chrome")
    try:
        from playwright import sync_api
    except ImportError:
        unavailable("browser", "Playwright ontbreekt: installeer het project met '.[test]'")
    sync_api.expect.set_options(timeout=WAIT_MS)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=BROWSER_ARGS, headless=True,
                              timeout=WAIT_MS)
        yield _Patient(b)
        b.close()


# HANDBOEK_TRAGE_CPU=N slows every page's processor down N times (Chromium's own CPU throttling):
# a busy machine on demand, to find a test that reads a page before its scripts have run
# (tests/README.md, "Wachten zonder vaste tijden").
SLOWDOWN = float(os.environ.get("HANDBOEK_TRAGE_CPU", "") or 1)


class _Patient:
    """The browser, whose every new context and page waits up to WAIT for an element, an action
    or a navigation (Playwright's own default is 30 s, and 5 s for expect)."""

    def __init__(self, browser):
        self._browser = browser

    @staticmethod
    def _patient(thing):
        thing.set_default_timeout(WAIT_MS)
        thing.set_default_navigation_timeout(WAIT_MS)
        return thing

    def new_context(self, *args, **kwargs):
        context = self._patient(self._browser.new_context(*args, **kwargs))
        return _Slow(context) if SLOWDOWN > 1 else context

    def new_page(self, *args, **kwargs):
        return _slowed(self._patient(self._browser.new_page(*args, **kwargs)))

    def __getattr__(self, name):
        return getattr(self._browser, name)


def _slowed(page):
    if SLOWDOWN > 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
    return page


class _Slow:
    """A context whose every new page runs SLOWDOWN times slower."""

    def __init__(self, context):
        self._context = context

    def new_page(self, *args, **kwargs):
        return _slowed(self._context.new_page(*args, **kwargs))

    def __getattr__(self, name):
        return getattr(self._context, name)


def serious_violations(page) -> list:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now:
    (rule, impact, first targets). Only violations are collected in full (resultTypes), which
    roughly halves axe's time on a large page; what is judged is the same."""
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                                       "resultTypes": ["violations"]})
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """A folder made once per test run by ``make(folder)``, which returns "" or what went wrong.
    Under pytest-xdist the workers share it: the first one makes it under a lock, the others
    wait for the lock (a condition, not a pause) and get the same folder, or the same failure."""
    import fcntl
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / name
    folder.mkdir(exist_ok=True)
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the folder is made (or failed)
        outcome = folder / "uitkomst.txt"
        if not outcome.exists():
            outcome.write_text(make(folder) or "", encoding="utf-8")
        failure = outcome.read_text(encoding="utf-8")
    assert not failure, failure
    return folder


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real handbook, built once per test run with `mkdocs build --strict` and without a
    warning (shared by the workers, see ``once_per_run``). Tests only read it (each page kind,
    links, structure, search, browser)."""
    def make(folder):
        result = run("mkdocs", "build", "--strict", "-d", str(folder / "site"))
        return "" if result.returncode == 0 and "WARNING" not in result.stderr else result.stderr[-3000:] or "?"
    return once_per_run(tmp_path_factory, "echt-gedeeld", make) / "site"


# the second programme of the published example (release 1.1): the valid example under another name
TWEEDE = ("id: voorbeeld", "id: tweede"), ("naam: Voorbeeldmethodiek Jeugdhulp op de Basisschool",
                                           "naam: Tweede Route Mentoraat"), ("afkorting: VJB", "afkorting: TRM")


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The example handbook published with mike as the deploy workflow does it, once per test run
    (shared by the workers, see ``once_per_run``): release 1.0 (the valid example), release 1.1
    with alias 'latest' and a second programme (TRM), 'latest' as the default, and the
    development version '0-ontwikkel'. Returns a dict: 'repo' (the git repository; mike wrote
    the branch gh-pages), 'site' (gh-pages checked out, to serve) and 'before' (path -> blob of
    every file of 1.0/ before 1.1 was published). Tests only read it."""
    import json

    def make(folder):
        root = make_project(folder, [VALID])
        env = dict(_env(), PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # mike runs 'mkdocs'
                   GIT_AUTHOR_NAME="test", GIT_AUTHOR_EMAIL="test@example.invalid",
                   GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.invalid")

        def step(*cmd, version=""):
            result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=15 * WAIT,
                                    env=dict(env, HANDBOEK_VERSIE=version))
            if result.returncode:
                raise RuntimeError(f"{' '.join(cmd)}:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
            return result.stdout

        def tree(prefix):
            out = step("git", "ls-tree", "-r", "gh-pages", prefix)
            return {line.split("\t")[1]: line.split()[2] for line in out.splitlines()}

        try:
            step("git", "init", "-q", "-b", "main")
            step("git", "add", "-A")
            step("git", "commit", "-qm", "1.0")
            step(str(BIN / "mike"), "deploy", "--update-aliases", "1.0", "latest", version="1.0")
            step(str(BIN / "mike"), "set-default", "latest")
            before = tree("1.0/")
            text = VALID.read_text(encoding="utf-8")
            for old, new in TWEEDE:
                assert old in text, old
                text = text.replace(old, new, 1)
            (root / "methodiek" / "tweede.yml").write_text(text, encoding="utf-8")
            step("git", "add", "-A")
            step("git", "commit", "-qm", "1.1")
            step(str(BIN / "mike"), "deploy", "--update-aliases", "1.1", "latest", version="1.1")
            step(str(BIN / "mike"), "deploy", "--title", "ontwikkelversie", "0-ontwikkel", version="ontwikkelversie")
            step("git", "worktree", "add", "-q", str(folder / "gepubliceerd"), "gh-pages")
        except (RuntimeError, AssertionError, subprocess.TimeoutExpired) as error:
            return str(error)
        (folder / "voor.json").write_text(json.dumps(before), encoding="utf-8")
        return ""

    folder = once_per_run(tmp_path_factory, "gepubliceerd-gedeeld", make)
    return {"repo": folder / "handboek", "site": folder / "gepubliceerd",
            "before": json.loads((folder / "voor.json").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def hb():
    """The real handbook as the code reads it (methodiek/, data/, schemas/), once per module.
    A module that needs another handbook defines its own ``hb``."""
    from macros import model
    model._cache.clear()  # never a handbook another test left in the process memo
    return model.laad(REPO)


@pytest.fixture(scope="session")
def real_site_url(real_site):
    """The real handbook served on a free localhost port."""
    server, url = serve(real_site)
    yield url
    server.shutdown()
