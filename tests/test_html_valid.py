"""Every built page is valid HTML5 by the W3C Nu Html Checker, hostile bodies included."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, entry
from tools import VNU_JAR, java, require

HOSTILE_BODY = """
## Nội dung <b>đậm</b> chưa đóng

<div><p>Thẻ lồng sai</div></p> <script>alert("x")</script> <iframe src="https://evil.example"></iframe>
<img src=x onerror=alert(1)> <svg onload=alert(1)></svg> <table><tr><td>bảng hỏng

[liên kết](javascript:alert(1)) [dữ liệu](data:text/html,<script>alert(1)</script>)
<style>body{background:url(javascript:alert(1))}</style> {{ config }} {% raw %}

* mục <em>một
* mục hai</strong>

| a | b |
|---|---|
| <td>1</td> | 2 |
"""


def _vnu(folder: Path) -> list[dict]:
    """vnu's error messages for every HTML file under `folder`.

    Fails loudly, instead of returning "no errors", when vnu did not run to the end (its JSON
    report, written to stderr, is missing or unreadable), when its exit code disagrees with its
    report (0: no error, 1: errors), when it could not read a file, or when the files it checked
    (listed on stdout by --verbose) are not exactly the HTML files under `folder`."""
    pages = sorted(str(path) for path in folder.resolve().rglob("*.html"))
    assert pages, f"no HTML file under {folder} to check"
    done = subprocess.run(
        [java(), "-jar", str(require(VNU_JAR)), "--format", "json", "--skip-non-html",
         "--errors-only", "--verbose", str(folder.resolve())],
        capture_output=True, text=True, timeout=300,
    )
    crashed = f"vnu exited {done.returncode}:\n{done.stderr[-3000:]}\n{done.stdout[-1000:]}"
    try:
        messages = json.loads(done.stderr)["messages"]
    except (ValueError, KeyError, TypeError):
        raise AssertionError(f"no JSON report from vnu, it crashed; {crashed}") from None
    unread = [m for m in messages if m.get("type") != "error"]
    assert not unread, f"vnu could not check every file: {unread[:3]}"
    assert done.returncode == (1 if messages else 0), f"{len(messages)} error(s) but {crashed}"
    checked = sorted(line for line in done.stdout.splitlines() if line.strip())
    assert checked == pages, f"vnu checked {checked[:5]}…, not the {len(pages)} built pages"
    return messages


@pytest.mark.slow
def test_checker_itself_reports_invalid_html(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=vi><title>x</title><p><div></p><img src=a>")
    assert _vnu(tmp_path), "vnu found nothing in a page with obvious errors"


@pytest.mark.slow
def test_bundled_and_hostile_pages_have_zero_errors(project):
    p = project({"sites/hostile.md": entry("NT09", body=HOSTILE_BODY, aliases="[cu]")})
    for name in ("sites", "diachido.yml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, p.root / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, p.root / name)
    p.build()
    pages = sorted(p.out.rglob("*.html"))
    assert len(pages) >= 12
    messages = _vnu(p.out)
    assert messages == [], json.dumps(messages[:5], ensure_ascii=False, indent=1)
