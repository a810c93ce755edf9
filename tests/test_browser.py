"""The built site in a real headless Chromium on a phone-sized screen."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, bundled_project
from server import serve
from tools import switch_language

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = bundled_project(tmp_path_factory.mktemp("browser"))
    with serve(project.out) as base:
        yield base


PAGES = [("index", "/"), ("site", "/giong-san/"), ("site-en", "/en/dinh-phu-my/"),
         ("alias-404", "/khong-co-trang-nay/")]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_a_phone_without_javascript(browser, site, name, path):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().strip()
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 16
    for link in page.locator("header a, header summary").all():
        if not link.is_visible():  # the languages inside a closed list
            continue
        box = link.bounding_box()
        assert box["height"] >= 44, "tap targets in the header are at least 44 px tall"
    assert all(url.startswith("http://127.0.0.1") for url in requests), requests
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    context.close()


def test_card_opens_the_site_page(browser, site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site + "/")
    title = page.locator(".card-title").first.inner_text()
    with page.expect_navigation():
        page.locator(".card a").first.tap()
    assert page.locator("h1").inner_text() == title
    with page.expect_navigation():
        switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_typing_a_worn_plate_code_opens_the_site(browser, site):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site + "/")
    page.locator("#code").fill("nt03")
    with page.expect_navigation():
        page.locator("form.codebox button").tap()
    assert page.url.endswith("/q/NT03/")
    assert "NT03" in page.locator("aside.plate-check").inner_text()
    context.close()


def test_code_box_without_javascript_falls_back_to_the_code_list(browser, site):
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(site + "/khong-co/")
    page.locator("#code").fill("NT02")
    with page.expect_navigation():
        page.locator("form.codebox button").tap()
    assert "/q/" in page.url
    page.locator("ul.codes a", has_text="NT02").tap()
    page.wait_for_url("**/q/NT02/")
    assert "NT02" in page.locator("aside.plate-check").inner_text()
    context.close()
