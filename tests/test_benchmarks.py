"""The benchmark script runs (a quick smoke with small N), so it cannot rot.
Its figures are not judged here: timings on shared machines are noise."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import WAIT, REPO

pytestmark = pytest.mark.traag  # the benchmark smoke builds several sites


def test_benchmark_smoke_prints_every_figure():
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--snel"], cwd=REPO, capture_output=True,
                            text=True, timeout=15 * WAIT)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for label in ("mkdocs build, echte site", "platte Markdown", "verhouding (mediaan echt warm / plat)",
                  "methodiek check, N = 2, koud", "mkdocs build, N = 2", "(heel proces)",
                  "HTML programmapagina", "zoekindex pagefind/ op schijf",
                  "zoeken: bytes voor één zoekvraag, N = 2"):
        assert label in out, label
    # one query on the scaling site and one on the site of the data layer (two programmes each)
    assert out.count("zoeken: bytes voor één zoekvraag") == 2, out
    assert out.splitlines()[0].startswith("Benchmark ") and "cores" in out.splitlines()[0]
