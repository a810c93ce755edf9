"""The benchmark harness still runs end to end (`python -m tests.bench --quick`).

Behaviour only: it exits 0 and prints its table with a figure in every expected row. No timing
is asserted (CI machines vary); the point is to catch a harness that no longer works (a row left
empty because the CLI's output changed, a peer said to run when it is not installed), or a build
that broke on a many-entry corpus.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.peers import available

REPO = Path(__file__).resolve().parent.parent
# label → unit, as the table prints them
ROWS = {
    "interpreter + CLI start (--version)": "s",
    "cold build, plates": "s",
    "cold build, --no-plates": "s",
    "warm, --no-plates (nothing changed)": "s",
    "warm, plates (nothing changed)": "s",
    "edit 1 body, --no-plates: process": "s",
    "edit 1 body, --no-plates: build step": "s",
    "edit 1 body, plates: process": "s",
    "edit 1 body, plates: build step": "s",
    "serve: save -> browser shows it": "ms",
    "title change 1 entry, plates: process": "s",
    "plate cost per plate (wall, cold)": "ms",
    "plate cost per plate (CPU, cold)": "ms",
    "peak RSS, cold --no-plates": "MiB",
    "peak RSS, cold plates": "MiB",
    "Hugo cold": "s",
    "Pelican cold": "s",
}
FIGURE = re.compile(r"\d+(?:\.\d+)?(?P<verdict> ok| MISS)?")


def cell(table: str, label: str, unit: str = "") -> str:
    """The N=20 value of a row (the table has one size column; targets follow 3 spaces on)."""
    line = next((line for line in table.splitlines() if line.startswith(label)), None)
    assert line is not None, f"row {label!r} missing from:\n{table}"
    rest = line[len(label):].strip()
    assert rest.startswith(unit), line
    return rest[len(unit):].strip().split("   ")[0]


@pytest.mark.slow
def test_quick_benchmark_fills_every_row():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "tests.bench", "--quick"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    table = done.stdout
    assert "N=20" in table
    assert "did not take the nothing-changed path" not in table, table
    peers = available()
    misses = 0
    for label, unit in ROWS.items():
        value = cell(table, label, unit)
        peer = label.split()[0]
        if peer in peers and not peers[peer]:
            assert value == "n/a (not installed)", f"{label}: {value!r}, but {peer} is not " \
                "installed"
            continue
        figure = FIGURE.fullmatch(value)
        assert figure, f"{label}: {value!r} is not a figure\n{table}"
        misses += figure["verdict"] == " MISS"
    written, reused = map(int, cell(table, "edit 1 body: files written/reused").split("/"))
    outputs = int(cell(table, "output files, --no-plates / plates").split(" / ")[0])
    assert 0 < written < reused and written + reused == outputs, table
    listed = table.split("Targets missed:", 1)[1].split("\n\n", 1)[0]
    assert listed.count("\n  - ") == misses, f"{misses} rows say MISS:\n{table}"
    assert (listed.split("\n")[0].strip() == "none") == (misses == 0), table
