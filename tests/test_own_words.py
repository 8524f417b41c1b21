"""Own words: no run of 12+ words in the content is copied from the source reports.
The sources (../shared/tools/overlap.py and the source texts) sit beside the project where the
editors work and in .ci/run; elsewhere (a fresh clone, GitHub) this test skips and says why,
unless HANDBOEK_VEREIST names 'bronnen'."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import WAIT, REPO, SHARED, unavailable

pytestmark = pytest.mark.traag  # compares every description with every source report

OVERLAP = SHARED / "tools" / "overlap.py"


@pytest.fixture
def overlap():
    if not OVERLAP.is_file():
        unavailable("bronnen", f"de bronnen ontbreken: {OVERLAP} bestaat niet (../shared naast het project)")
    return OVERLAP


def test_no_copied_runs_from_sources(overlap):
    result = subprocess.run([sys.executable, str(overlap), "methodiek", "data", "docs"], cwd=REPO,
                            capture_output=True, text=True, timeout=15 * WAIT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 copied run(s) of 12+ words")
