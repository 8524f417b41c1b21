"""The suite itself: the fast loop (-m "not browser") leaves out exactly the browser tests,
and HANDBOEK_VEREIST, not CI=true, decides whether a missing browser or missing sources
fail or skip."""
from __future__ import annotations

import functools
import os
import subprocess
import sys

import pytest

from conftest import WAIT, REPO, plain, unavailable

pytestmark = pytest.mark.traag  # runs pytest itself in subprocesses


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOEK_") and k != "CI"}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", *args], cwd=REPO,
                          capture_output=True, text=True, env={**clean, **env}, timeout=15 * WAIT)


@functools.cache  # the same collection is asked for by two tests
def _collected(*args: str) -> frozenset[str]:
    result = _pytest("--collect-only", "-q", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return frozenset(line for line in result.stdout.splitlines() if "::" in line)


def test_browser_marker_splits_the_suite_in_two():
    everything, fast, slow = _collected(), _collected("-m", "not browser"), _collected("-m", "browser")
    assert len(fast) > 50 and len(slow) > 10, (len(fast), len(slow))
    assert fast.isdisjoint(slow) and fast | slow == everything
    # every test of the browser modules needs a browser, and only modules that drive one have such tests
    # (every module named test_browser*.py, so a new one is covered without editing this test)
    browser_modules = tuple(f"tests/{path.name}::" for path in sorted((REPO / "tests").glob("test_browser*.py")))
    assert len(browser_modules) >= 3, browser_modules
    assert {t for t in everything if t.startswith(browser_modules)} <= slow
    assert all(t.startswith((*browser_modules, "tests/test_search.py::")) for t in slow), slow
    # a search test that only reads the built index runs in the fast loop
    assert "tests/test_search.py::test_build_writes_index_and_search_words_not_materials_index" in fast


def test_fast_loop_is_everything_but_the_browser_and_the_slow_tests():
    everything, fast = _collected(), _collected("-m", "snel")
    browser, slow = _collected("-m", "browser"), _collected("-m", "traag")
    assert fast == everything - browser - slow
    # what the fast loop must still cover: validation, every page kind, the structure of the real site
    for module in ("test_check", "test_meldingen", "test_grenzen", "test_schema", "test_build", "test_pages",
                   "test_structure", "test_beslissen", "test_opzet12", "test_macros"):
        assert any(t.startswith(f"tests/{module}.py::") for t in fast), module
    # and never a real server, a mike deploy or a benchmark
    assert not any(t.startswith(("tests/test_serve.py::", "tests/test_voorbeeld.py::", "tests/test_workflow.py::",
                                 "tests/test_benchmarks.py::")) for t in fast)


def test_a_marker_expression_that_selects_nothing_stops_the_run():
    result = _pytest("--collect-only", "-q", "-m", "browser and not browser")
    assert result.returncode != 0
    assert "laat geen enkele test over" in result.stderr


def test_an_unknown_requirement_stops_the_run():
    result = _pytest("--collect-only", "-q", HANDBOEK_VEREIST="browser,brownen")
    assert result.returncode != 0
    assert "HANDBOEK_VEREIST noemt brownen; bekend zijn: browser, bronnen" in result.stdout + result.stderr


def test_missing_browser_skips_unless_required(tmp_path):
    one = "tests/test_browser.py::test_comparison_filter_changes_what_is_shown"
    missing = str(tmp_path / "geen-browser")
    skipped = _pytest("-q", "-rs", one, HANDBOEK_BROWSER=missing, CI="true")
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout
    assert "geen browser gevonden" in skipped.stdout and "HANDBOEK_VEREIST=browser" in skipped.stdout
    failed = _pytest("-q", one, HANDBOEK_BROWSER=missing, HANDBOEK_VEREIST="bronnen, browser")
    assert failed.returncode == 1 and "1 error" in failed.stdout, failed.stdout
    assert "eist 'browser'" in failed.stdout


def test_unavailable_fails_only_what_is_required(monkeypatch):
    monkeypatch.delenv("HANDBOEK_VEREIST", raising=False)
    monkeypatch.setenv("CI", "true")  # GitHub sets it everywhere; it decides nothing
    with pytest.raises(pytest.skip.Exception, match="de bronnen ontbreken; overgeslagen"):
        unavailable("bronnen", "de bronnen ontbreken")
    monkeypatch.setenv("HANDBOEK_VEREIST", "browser")
    with pytest.raises(pytest.skip.Exception):
        unavailable("bronnen", "de bronnen ontbreken")
    monkeypatch.setenv("HANDBOEK_VEREIST", "browser,bronnen")
    with pytest.raises(pytest.fail.Exception, match="eist 'bronnen'"):
        unavailable("bronnen", "de bronnen ontbreken")


def test_plain_text_ignores_line_breaks_and_fonts_but_not_words():
    assert plain("Verbreding naar groeps- en IKC-\nbrede preventie") == plain("Verbreding naar groeps- en IKC-brede preventie")
    assert plain("preven\u00adtie") == plain("preven-\ntie") == plain("preventie")
    assert plain("de \ufb01nanciering") == plain("de  financiering")  # the 'fi' ligature of some fonts
    assert plain("fase 1 van 5\n· handboek") == "fase 1 van 5 · handboek"
    assert plain("IKC-brede preventie") not in plain("IKC-brede interventie")
    assert plain("fase 1 van 5") not in plain("fase 1 van 3")
