"""Own words: no run of 12+ words in the content is copied from the source reports."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO

OVERLAP = REPO.parent / "shared" / "tools" / "overlap.py"


def test_no_copied_runs_from_sources():
    if not OVERLAP.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{OVERLAP} ontbreekt; CI draait met ../shared naast het project")
        pytest.skip("../shared/tools/overlap.py is not beside this checkout")
    result = subprocess.run([sys.executable, str(OVERLAP), "methodiek", "data", "docs"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 copied run(s) of 12+ words")
