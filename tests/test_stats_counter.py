"""Issue 24: a counter only when the deployer chose one. Without `analytics`, no page asks any
other host for anything; with `analytics.goatcounter`, each page carries exactly GoatCounter's
no-JavaScript pixel and the policy allows exactly its /count for images; a landing still works
with images blocked, and a code typed in the box reaches the log as typed."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from tests.conftest import entry
from tests.servers import BASE, nginx, published

COUNTER = "https://doan-nt.goatcounter.com"
CONFIG = """\
languages: [vi, en]
title: Địa chỉ đỏ thử
base_url: https://doan.example.vn/diachido
"""
PHONE = ("Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0.0.0 Mobile Safari/537.36")
SITES = {"sites/a.md": entry("NT01", "Địa đạo thử"), "sites/b.md": entry("NT02", "Đình thử")}


def pages(out):
    return sorted(path for path in out.rglob("*.html") if "admin" not in path.parts)


def policy(html: str) -> str:
    meta = BeautifulSoup(html, "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})
    return meta["content"] if meta else ""


def test_no_page_has_a_counter_without_the_key(project):
    p = project({"diachido.yml": CONFIG, **SITES})
    p.build("--no-plates")
    for path in [*pages(p.out), p.out / "_headers"]:
        text = path.read_text("utf-8")
        assert "goatcounter" not in text and "count?p=" not in text, path
        for img in BeautifulSoup(text, "html.parser").find_all("img"):
            assert not re.match(r"^(https?:)?//", img.get("src", "")), (path, img)
        assert "img-src 'self';" in policy(text) or path.name == "_headers" or not policy(text)


def test_with_the_key_every_page_has_exactly_the_pixel_and_the_policy_its_origin(project):
    p = project({"diachido.yml": CONFIG + f"analytics:\n  goatcounter: {COUNTER}/\n", **SITES})
    p.build("--no-plates")
    landing = p.out / "q" / "NT01.html"
    expected = {landing: "/q/NT01", p.out / "q" / "NT01" / "index.html": "/q/NT01",
                p.out / "en" / "q" / "NT01" / "index.html": "/en/q/NT01",
                p.out / "a" / "index.html": "/a", p.out / "index.html": "/"}
    for path in pages(p.out):
        html = path.read_text("utf-8")
        if "http-equiv=\"refresh\"" in html:
            continue  # a moved page: it forwards at once, the page it opens counts
        soup = BeautifulSoup(html, "html.parser")
        foreign = [img for img in soup.find_all("img") if img["src"].startswith("https://")]
        assert len(foreign) == 1, path
        src = foreign[0]["src"]
        assert src.startswith(f"{COUNTER}/count?p=/") and foreign[0]["alt"] == ""
        if path in expected:
            assert src == f"{COUNTER}/count?p={expected[path]}"
        images = re.search(r"img-src ([^;]*)", policy(html))[1]
        assert images == f"'self' {COUNTER}/count", path
        assert COUNTER not in policy(html).replace(f"img-src {images}", "")
        assert "<script src=\"http" not in html
    headers = (p.out / "_headers").read_text()
    assert f"img-src 'self' {COUNTER}/count;" in headers


def test_a_counter_address_that_is_not_an_origin_is_refused(project):
    p = project({"diachido.yml": CONFIG + "analytics:\n  goatcounter: http://x.goatcounter.com/p\n",
                 **SITES})
    run = p.run("build", "--no-plates")
    assert run.code == 1 and "diachido.yml" in run.err and "GoatCounter" in run.err
    assert "Traceback" not in run.err


@pytest.mark.browser
@pytest.mark.slow
def test_landing_works_with_the_counter_blocked_and_typed_codes_reach_the_log(
        project, browser, tmp_path):
    p = project({"diachido.yml": CONFIG + f"analytics:\n  goatcounter: {COUNTER}\n", **SITES})
    p.build("--no-plates")
    www = published(p.out)
    try:
        with nginx(www, tmp_path) as server:
            # A visitor's phone; headless Chromium's own agent is (rightly) a bot to the list.
            context = browser.new_context(viewport={"width": 360, "height": 740},
                                          locale="vi-VN", user_agent=PHONE)
            page = context.new_page()
            asked = []
            page.route(f"{COUNTER}/**", lambda route: (asked.append(route.request.url),
                                                        route.abort()))
            page.route("**/*.{png,jpg,jpeg,webp,avif,gif,svg}", lambda route: route.abort())
            page.goto(f"http://127.0.0.1:{server.port}{BASE}/q/NT01")
            assert page.locator("h1").inner_text() == "Địa đạo thử"
            assert "NT01" in page.locator("aside.plate-check").inner_text()
            assert asked == [f"{COUNTER}/count?p=/q/NT01"]
            page.goto(f"http://127.0.0.1:{server.port}{BASE}/")
            page.locator("#code").fill("nt02")
            with page.expect_navigation():
                page.locator("form.codebox button").click()
            assert page.url.endswith(f"{BASE}/q/NT02/")  # the marker is not left in the bar
            assert page.locator("h1").inner_text() == "Đình thử"
            context.close()
        log = server.log.read_text()
        assert f"GET {BASE}/q/NT02/?typed=1 " in log
        run = p.run("stats", str(server.log), "--format", "json")
        assert run.code == 0, run.err
        counts = {row["code"]: (row["scans"], row["typed"])
                  for row in json.loads(run.out)["plates"]}
        assert counts == {"NT01": (1, 0), "NT02": (0, 1)}
        assert {row["slug"]: row["views"] for row in json.loads(run.out)["pages"]}[""] == 1
    finally:
        shutil.rmtree(www, ignore_errors=True)
