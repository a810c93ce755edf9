"""Issue 24: `diachido stats` on the access logs real servers wrote for known requests reports
exactly the counts that were sent: scans per code and language, typed codes, page views,
bots and link previews left out, reloads merged, other sites ignored, unknown codes apart."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import entry
from tests.servers import BASE, apache, caddy, nginx, published

PHONE = ("Mozilla/5.0 (Linux; Android 1{n}; SM-A12{n}F) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0.0.0 Mobile Safari/537.36")
PHONE1, PHONE2, PHONE3, PHONE4 = (PHONE.format(n=n) for n in range(1, 5))
ZALO = PHONE.format(n=9) + " Zalo android/12 ZaloTheme/light ZaloLanguage/vn"  # in-app: a person
HOSTILE = '"><script>alert(2)</script> \' OR 1=1 --'
BOTS = ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
CONFIG = """\
languages: [vi, en]
title: Địa chỉ đỏ thử
organisation: Đoàn xã thử
base_url: https://doan.example.vn/diachido
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("stats-site"), {
        "diachido.yml": CONFIG,
        "sites/a.md": entry("NT01", "Địa đạo thử"),
        "sites/b.md": entry("NT02", "Đình thử"),
        "sites/c.md": entry("NT03", "Giồng thử"),
    })
    project.build("--no-plates")
    www = published(project.out)
    yield project, www
    shutil.rmtree(www, ignore_errors=True)


def send(server) -> None:
    """The known traffic, in order; what it must count to is in EXPECTED."""
    q = f"{BASE}/q"
    assert server.get(f"{q}/NT01", PHONE1) == 200
    assert server.get(f"{q}/NT01", PHONE1) == 200  # a reload: the same scan
    assert server.get(f"{BASE}/en/q/NT01/", PHONE1) == 200  # the landing's language hop
    assert server.get(f"{q}/NT01/", PHONE2) == 200
    assert server.get(f"{q}/NT02.html", PHONE2) == 200
    assert server.get(f"{q}/NT02/", ZALO) == 200
    assert server.get(f"{q}/?code=nt02", PHONE3) == 200  # the code box without scripts…
    assert server.get(f"{q}/NT02/", PHONE3) == 200  # …and the landing it leads to
    assert server.get(f"{q}/NT01/?typed=1", PHONE3) == 200  # the code box with site.js
    assert server.get(f"{q}/NT03", HOSTILE) == 200
    for bot in BOTS:
        assert server.get(f"{q}/NT01", bot) == 200
    assert server.get(f"{BASE}/a/", PHONE1) == 200
    assert server.get(f"{BASE}/en/a/", PHONE1) == 200
    assert server.get(f"{BASE}/a/", PHONE1) == 200  # a reload
    assert server.get(f"{BASE}/", PHONE2) == 200
    assert server.get(f"{q}/ZZ99", PHONE2) == 404  # a typo on a hand-written link
    assert server.get(f"{q}/%3Cscript%3Ealert(1)%3C%2Fscript%3E", PHONE4) == 404
    assert server.get("/other/q/NT01", PHONE4) == 404  # another site on the host
    assert server.get(f"{q}/NT03", PHONE4, method="HEAD") in (200, 301)  # a check, no visit


EXPECTED = {
    "NT01": {"scans": 2, "typed": 1, "visitors": 3, "languages": {"en": 1, "vi": 1}},
    "NT02": {"scans": 2, "typed": 1, "visitors": 3, "languages": {"vi": 2}},
    "NT03": {"scans": 1, "typed": 0, "visitors": 1, "languages": {"vi": 1}},
}


def check(summary: dict) -> None:
    plates = {p["code"]: p for p in summary["plates"]}
    assert set(plates) == {"NT01", "NT02", "NT03"}
    for code, want in EXPECTED.items():
        got = {key: plates[code][key] for key in want}
        assert got == want, code
        assert plates[code]["last_scan"] == summary["period"]["until"]
    assert summary["totals"]["scans"] == 5
    assert summary["totals"]["typed"] == 2
    assert summary["unknown_codes"] == {"ZZ99": 1, "<script>alert(1)</script>": 1}
    assert summary["bots"] == len(BOTS)
    pages = {p["slug"]: p for p in summary["pages"]}
    assert pages["a"]["views"] == 2 and pages["a"]["languages"] == {"en": 1, "vi": 1}
    assert pages[""]["views"] == 1 and pages["b"]["views"] == 0
    assert summary["skipped_lines"] == 0


@pytest.mark.slow
@pytest.mark.parametrize("start", [nginx, apache, caddy], ids=["nginx", "apache", "caddy"])
def test_stats_counts_what_a_real_server_logged(site, tmp_path, start):
    if start is caddy and not shutil.which("caddy"):
        pytest.skip("Caddy is not packaged here")  # nginx and Apache are required
    project, www = site
    with start(www, tmp_path) as server:
        send(server)
    log = server.log.read_text("utf-8", errors="replace")
    assert "/other/q/NT01" in log and "Googlebot" in log  # the server saw everything sent
    run = project.run("stats", str(server.log), "--format", "json")
    assert run.code == 0, run.err
    check(json.loads(run.out))
    cache = project.root / ".diachido-cache" / "last-scans.json"
    assert "127.0.0.1" in log and "127.0.0.1" not in run.out + run.err + cache.read_text()
