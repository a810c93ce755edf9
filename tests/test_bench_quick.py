"""The benchmark harness still runs end to end (`python -m tests.bench --quick`).

Behaviour only: it exits 0 and prints its table with every expected row. No timing is asserted
(CI machines vary); the point is to catch a harness that no longer works, or a build that broke
on a many-entry corpus.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ROWS = (
    "interpreter + CLI start (--version)",
    "cold build, plates",
    "cold build, --no-plates",
    "warm, --no-plates (nothing changed)",
    "warm, plates (nothing changed)",
    "edit 1 entry, --no-plates: process",
    "edit 1 entry, --no-plates: build step",
    "edit 1 entry, plates: build step",
    "edit 1 entry: files written/reused",
    "plate cost per plate (wall, cold)",
    "plate cost per plate (CPU, cold)",
    "peak RSS, cold --no-plates",
    "peak RSS, cold plates",
    "Hugo cold",
    "Pelican cold",
)


@pytest.mark.slow
def test_quick_benchmark_prints_the_table():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "tests.bench", "--quick"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    table = done.stdout
    assert "N=20" in table
    for row in ROWS:
        line = next((line for line in table.splitlines() if line.startswith(row)), None)
        assert line is not None, f"row {row!r} missing from:\n{table}"
        assert "FAILED" not in line, line
    assert "did not take the nothing-changed path" not in table, table
    assert "Targets missed:" in table
