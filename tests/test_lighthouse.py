"""Lighthouse (mobile: simulated slow 4G, 4x CPU slowdown) on the bundled site's index page.

Runs scripts/lighthouse, which installs lighthouse@12.2.3 into .lighthouse/ when it is missing,
builds the bundled project into a temporary folder and serves it locally. Accessibility, best
practices and SEO must be 100. Performance is scored from *simulated* timings that move a few
points between runs, so the bar is 90 and the metrics behind it are checked directly instead.
About 20 s (plus a one-time npm install).
"""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_index_scores_100_on_lighthouse(tmp_path):
    out = tmp_path / "reports"
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "lighthouse"), "--report-only", "--site",
         str(tmp_path / "site"), "--out", str(out), "/"],
        cwd=REPO, capture_output=True, text=True, timeout=110,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    print(done.stdout)
    report = json.loads((out / "index.json").read_text("utf-8"))
    assert report["lighthouseVersion"] == "12.2.3"
    assert report["configSettings"]["formFactor"] == "mobile"
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {name: round(100 * (category["score"] or 0))
              for name, category in report["categories"].items()}
    failing = {ref["id"]: report["audits"][ref["id"]].get("displayValue", "")
               for name in scores for ref in report["categories"][name]["auditRefs"]
               if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
               and report["audits"][ref["id"]]["scoreDisplayMode"] != "notApplicable"}
    assert scores["accessibility"] == 100, failing
    assert scores["best-practices"] == 100, failing
    assert scores["seo"] == 100, failing
    assert scores["performance"] >= 90, failing
    metrics = {key: report["audits"][key]["numericValue"] for key in (
        "largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time")}
    assert metrics["cumulative-layout-shift"] < 0.01, "nothing moves once the page shows"
    assert metrics["largest-contentful-paint"] < 2500, metrics
    assert metrics["total-blocking-time"] < 200, metrics
