"""Issue 5, "proven in a real browser": what a visitor does on a phone, in headless Chromium.

A scan of the plate, the language they read, searching without diacritics, photos and a video,
losing the signal, assistive technology (axe-core), zoom and reduced motion, and page weight.
Every page is served under /diachido/ by tests/server.py, like GitHub Pages; nothing leaves
127.0.0.1 (requests to other hosts are aborted and recorded).
"""

from __future__ import annotations

import gzip
import time
from urllib.parse import urlsplit

import pytest
from conftest import ARTIFACTS, bundled_project, entry, jpeg_with_exif, make_project
from server import serve
from tools import AXE_JS, CHROMIUM, CHROMIUM_ARGS, PA11Y, require, switch_language

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
VI = {"locale": "vi-VN"}
EN = {"locale": "en-US"}
BUDGET = 30 * 1024  # a site page's HTML + CSS + JS, bytes transferred uncompressed


# --- sites and browser ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The bundled project (four Nhơn Trạch sites and a trail), built and served."""
    project = bundled_project(tmp_path_factory.mktemp("visitor"))
    with serve(project.out) as base:
        yield base


GALLERY = ('[{src: hinh-anh/a.jpg, alt: "Ba bức hoành phi", caption: "Hoành phi"}, '
           '{src: hinh-anh/b.jpg, alt: "Mái đình lợp ngói âm dương"}, '
           '{src: hinh-anh/c.jpg, alt: "Sân đình trước lễ Kỳ yên"}]')
VIDEO = ('[{youtube: "https://www.youtube.com/watch?v=aqz-KE-bpKQ", '
         'title: "Phim tư liệu về đình", speech: false}]')


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    """A small project with a cover, a three-photo gallery and a YouTube video (NT01), and a
    draft whose code is already registered (NT02: the plate shows "temporarily unavailable")."""
    root = tmp_path_factory.mktemp("media-site")
    project = make_project(root, {
        "diachido.yml": "title: Địa chỉ đỏ thử\ntitle_en: Test red addresses\n"
                        "description: Trang thử nghiệm.\ndescription_en: A test site.\n"
                        "organisation: Đoàn xã\nbase_url: https://doan.example.vn/diachido\n",
        "codes.yml": "NT01:\n  slug: hinh-anh\n  issued: 2026-01-01\n"
                     "NT02:\n  slug: ban-nhap\n  issued: 2026-01-01\n",
        "sites/hinh-anh.md": entry("NT01", "Đình Có Ảnh", cover="hinh-anh/cong.jpg",
                                   cover_alt="Cổng đình nhìn từ đường làng", gallery=GALLERY,
                                   videos=VIDEO),
        "sites/ban-nhap.md": entry("NT02", "Đình Đang Viết", draft="true"),
    })
    colors = {"cong": (160, 40, 30), "a": (30, 90, 160), "b": (40, 140, 60), "c": (200, 160, 40)}
    for name, color in colors.items():
        jpeg_with_exif(root / "media" / "hinh-anh" / f"{name}.jpg", color=color)
    project.build("--base-url", "https://doan.example.vn/diachido")
    with serve(project.out) as base:
        yield base


def phone(browser, **options):
    """A phone-sized browser context that may only talk to the local test server: requests to
    any other host are aborted (the suite stays offline) and listed in `context.outside`."""
    context = browser.new_context(**{**PHONE, **options})
    context.outside = []

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            context.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


def navigations(page) -> list[str]:
    """Every URL the main frame commits to, in order (a client-side redirect adds one)."""
    seen: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and seen.append(frame.url))
    return seen


def h1(page) -> str:
    return page.locator("h1").inner_text().strip()


# --- 1. a scan opens the site at once -------------------------------------------------------

def test_plate_url_without_slash_opens_the_site_with_no_redirect(browser, site):
    context = phone(browser, **VI)
    page = context.new_page()
    page.goto(site + "/giong-san/")
    title = h1(page)
    page.close()

    page = context.new_page()
    seen = navigations(page)
    response = page.goto(site + "/q/NT03")
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    assert seen == [site + "/q/NT03"], "a Vietnamese phone reads the landing as served"
    assert "NT03" in page.locator("aside.plate-check").inner_text()
    assert h1(page) == title
    assert page.locator("html").get_attribute("lang") == "vi"
    assert not context.outside
    context.close()


# --- 2. language: the browser's, until the visitor picks one --------------------------------

def test_english_phone_lands_on_english_in_one_hop_and_a_choice_is_remembered(browser, site):
    context = phone(browser, **EN)
    page = context.new_page()
    seen = navigations(page)
    page.goto(site + "/q/NT03")
    page.wait_for_url("**/en/q/NT03/")
    page.wait_for_load_state("networkidle")
    assert seen == [site + "/q/NT03", site + "/en/q/NT03/"], "exactly one client-side hop"
    assert page.locator("html").get_attribute("lang") == "en"
    assert "NT03" in page.locator("aside.plate-check").inner_text()

    with page.expect_navigation():
        switch_language(page, "vi")  # the visitor prefers Vietnamese
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert urlsplit(page.url).path == "/diachido/q/NT03/"

    seen.clear()
    page.goto(site + "/q/NT02")  # a later scan, at another site
    page.wait_for_load_state("networkidle")
    assert seen == [site + "/q/NT02"], "the saved choice beats the browser's language"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.evaluate("localStorage.getItem('diachido-lang')") == "vi"
    context.close()


def test_vietnamese_phone_that_chose_english_keeps_english(browser, site):
    context = phone(browser, **VI)
    page = context.new_page()
    page.goto(site + "/")  # the switch works from any page, not only a landing
    with page.expect_navigation():
        switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"

    seen = navigations(page)
    page.goto(site + "/q/NT02")
    page.wait_for_url("**/en/q/NT02/")
    page.wait_for_load_state("networkidle")
    assert seen == [site + "/q/NT02", site + "/en/q/NT02/"]
    assert "NT02" in page.locator("aside.plate-check").inner_text()
    context.close()


# --- 3. search and filters on the index -----------------------------------------------------

def visible_titles(page) -> list[str]:
    return [title.strip() for title in
            page.locator("ul.cards > li:not([hidden]) .card-title").all_inner_texts()]


def test_search_without_diacritics_and_filters(browser, site):
    context = phone(browser, **VI)
    page = context.new_page()
    page.goto(site + "/")
    count = page.locator("[data-count]")
    assert len(visible_titles(page)) == 4 and count.inner_text() == "4 di tích"

    search = page.locator("#q")
    search.tap()
    search.press_sequentially("dinh phu my")
    assert visible_titles(page) == ["Đình Phú Mỹ"]
    assert count.inner_text() == "1 di tích"

    search.fill("")
    search.press_sequentially("giong san")
    assert visible_titles(page) == ["Di tích vụ thảm sát Giồng Sắn"]
    assert count.inner_text() == "1 di tích"

    search.fill("")
    page.locator("select[name=ranking]").select_option("Di tích quốc gia")
    assert sorted(visible_titles(page)) == ["Di tích vụ thảm sát Giồng Sắn", "Địa đạo Nhơn Trạch"]
    assert count.inner_text() == "2 di tích"
    page.locator("select[name=ranking]").select_option("Di tích cấp tỉnh")
    assert sorted(visible_titles(page)) == ["Đình Phú Mỹ", "Đình Phước Thiền"]
    search.press_sequentially("thien")  # words and filters combine
    assert visible_titles(page) == ["Đình Phước Thiền"]
    page.locator("select[name=ranking]").select_option("")
    search.fill("")
    search.dispatch_event("input")
    assert len(visible_titles(page)) == 4 and count.inner_text() == "4 di tích"
    context.close()


def test_the_search_has_a_submit_button_for_keyboards_and_screen_readers(browser, site):
    """HTML_CodeSniffer's H32.2: a form needs a submit button. Typing still filters live; the
    button (or Enter) filters too, stays on the page and drops the phone's keyboard."""
    context = phone(browser, **VI)
    page = context.new_page()
    page.goto(site + "/")
    button = page.locator("form.finder button[type=submit]")
    assert button.is_visible() and button.inner_text() == "Tìm"
    box = button.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44  # a thumb's target
    page.locator("#q").fill("phuoc thien")  # no input event: only the button applies it
    button.tap()
    assert visible_titles(page) == ["Đình Phước Thiền"]
    assert page.url.rstrip("/") == site and page.evaluate("document.activeElement.id") != "q"
    page.locator("#q").fill("")
    page.locator("#q").press("Enter")
    assert len(visible_titles(page)) == 4
    context.close()


LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) { if (!shift.hadRecentInput) total += shift.value; }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


@pytest.mark.parametrize(("path", "control"), [("/", "form.finder"),
                                               ("/trails/ve-nguon-nhon-trach/", "button.save")])
def test_script_only_controls_show_without_moving_the_page(browser, site, path, control):
    """The search form and the trail's save button need JavaScript: hidden without it, and with
    it shown from the first paint (CSS `scripting` media query), so nothing jumps (CLS 0)."""
    context = phone(browser, java_script_enabled=False, **VI)
    page = context.new_page()
    page.goto(site + path)
    assert page.locator(control).is_hidden()
    context.close()

    context = phone(browser, **VI)
    page = context.new_page()

    def slow_script(route):  # a phone on a weak signal: the page paints before site.js runs
        time.sleep(0.6)
        route.continue_()

    page.route("**/assets/site.js", slow_script)
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert page.locator(control).is_visible()
    assert page.evaluate(LAYOUT_SHIFT) < 0.001
    context.close()


# --- 4. photos and the YouTube facade -------------------------------------------------------

def test_gallery_thumbnail_opens_the_large_photo(browser, media_site):
    context = phone(browser, **VI)
    page = context.new_page()
    page.goto(media_site + "/hinh-anh/")
    cover = page.locator("figure.cover img")
    assert cover.evaluate("img => img.complete && img.naturalWidth > 0")
    thumbs = page.locator(".gallery li a")
    assert thumbs.count() == 3
    thumbs.first.scroll_into_view_if_needed()
    with page.expect_navigation() as navigation:
        thumbs.first.tap()
    response = navigation.value
    assert urlsplit(page.url).path.endswith(".jpg")
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert page.evaluate("document.images[0].naturalWidth") >= 960
    assert not context.outside
    context.close()


def test_youtube_loads_nothing_until_the_visitor_taps_play(browser, media_site):
    context = phone(browser, **VI)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(media_site + "/hinh-anh/")
    page.wait_for_load_state("networkidle")
    youtube = ("youtube", "ytimg", "googlevideo", "ggpht", "doubleclick")
    assert not [url for url in requests if any(host in (urlsplit(url).hostname or "")
                                               for host in youtube)], requests
    assert not context.outside
    assert page.locator("iframe").count() == 0

    link = page.locator(".yt a.yt-link")
    link.scroll_into_view_if_needed()
    link.tap()
    frame = page.locator(".yt iframe")
    frame.wait_for(state="attached")
    src = frame.get_attribute("src")
    assert urlsplit(src).hostname == "www.youtube-nocookie.com"
    assert "/embed/aqz-KE-bpKQ" in src
    assert frame.get_attribute("title") == "Phim tư liệu về đình"
    context.close()


# --- 5. offline ----------------------------------------------------------------------------

def wait_for_service_worker(page) -> None:
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => !!r.active)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def wait_until_saved(page, url: str) -> None:
    page.wait_for_function("(url) => caches.match(url).then((hit) => !!hit)", arg=url)


def test_visited_pages_reopen_offline(browser, site):
    context = phone(browser, **VI)
    page = context.new_page()
    page.goto(site + "/")
    wait_for_service_worker(page)
    home = h1(page)
    page.goto(site + "/dinh-phu-my/")
    wait_until_saved(page, site + "/dinh-phu-my/")
    story = h1(page)

    context.set_offline(True)
    page.reload()
    assert h1(page) == story
    page.goto(site + "/")
    assert h1(page) == home
    page.reload()
    assert h1(page) == home

    page.goto(site + "/dinh-phuoc-thien/")  # never opened: the saved 404 page, not an error
    assert h1(page) == "Không tìm thấy trang"
    assert page.locator("#code").is_visible()
    context.close()


def test_a_trail_saved_for_offline_opens_every_stop(browser, site):
    context = phone(browser, **VI)
    page = context.new_page()
    page.goto(site + "/trails/ve-nguon-nhon-trach/")
    wait_for_service_worker(page)
    stops = [(link.get_attribute("href"), link.locator(".card-title").inner_text().strip())
             for link in page.locator("ol.stops a").all()]
    assert len(stops) == 4

    save = page.locator("button.save")
    save.tap()
    status = page.locator("[data-offline-status]")
    done = status.get_attribute("data-done")
    page.wait_for_function("(done) => document.querySelector('[data-offline-status]')"
                           ".textContent === done", arg=done)
    trail = page.url

    context.set_offline(True)
    for href, title in stops:
        page.goto(trail + href)
        assert h1(page) == title, href
        assert page.locator("nav.trail-nav").count() == 1
    context.close()


# --- 6. axe-core on every kind of page, light and dark --------------------------------------

AXE_PAGES = [
    ("index", "site", "/"),
    ("site", "site", "/giong-san/"),
    ("site-en", "site", "/en/dinh-phu-my/"),
    ("landing", "site", "/q/NT01/"),
    ("landing-en", "site", "/en/q/NT01/"),
    ("codes", "site", "/q/"),
    ("trail", "site", "/trails/ve-nguon-nhon-trach/"),
    ("trails", "site", "/trails/"),
    ("map", "site", "/map/"),
    ("data", "site", "/data/"),
    ("plates", "site", "/plates/"),
    ("404", "site", "/khong-co-trang-nay/"),
    ("media", "media_site", "/hinh-anh/"),
    ("draft-notice", "media_site", "/q/NT02/"),
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
  // The default rule set plus every WCAG 2.x A/AA rule (target-size is off by default).
  const rules = {};
  for (const rule of axe.getRules(tags)) { rules[rule.ruleId] = {enabled: true}; }
  const result = await axe.run(document, {rules, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("name", "which", "path"), AXE_PAGES, ids=[p[0] for p in AXE_PAGES])
def test_axe_finds_no_violations(browser, request, name, which, path, scheme):
    base = request.getfixturevalue(which)
    # The pages' CSP allows only same-origin script files: bypass it for the checker alone.
    context = phone(browser, bypass_csp=True, color_scheme=scheme, service_workers="block", **VI)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    page.add_script_tag(path=str(require(AXE_JS)))
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"visitor-{name}-{scheme}.png"), full_page=True)
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations)
    assert not errors
    assert not context.outside
    context.close()


@pytest.mark.parametrize("path", ["/", "/en/", "/dinh-phu-my/", "/data/", "/q/"])
def test_pa11y_finds_no_wcag2aa_error(site, path, tmp_path):
    """pa11y (HTML_CodeSniffer, WCAG2AA) in Debian's Chromium: its Puppeteer is installed with
    --ignore-scripts (no browser of its own) and pointed at /usr/bin/chromium."""
    import json
    import os
    import subprocess

    config = tmp_path / "pa11y.json"
    config.write_text(json.dumps({"standard": "WCAG2AA", "timeout": 60000, "chromeLaunchConfig": {
        "executablePath": str(require(CHROMIUM)), "args": CHROMIUM_ARGS}}))
    done = subprocess.run(
        [str(require(PA11Y)), "--config", str(config), "--reporter", "json", site + path],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1",
             "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)})
    assert done.returncode in (0, 2), done.stderr[-2000:]  # 2: it found issues
    issues = json.loads(done.stdout or "[]")
    assert issues == [], "\n".join(f"{i['code']}: {i['context'][:120]}" for i in issues)
    assert done.returncode == 0


# --- 7. zoom, reduced motion, visible focus -------------------------------------------------

ZOOM_PAGES = ["/", "/en/", "/giong-san/", "/en/giong-san/", "/q/NT01",
              "/trails/ve-nguon-nhon-trach/", "/en/trails/ve-nguon-nhon-trach/", "/map/", "/data/",
              "/khong-co-trang-nay/"]


@pytest.mark.parametrize("path", ZOOM_PAGES)
def test_200_percent_zoom_needs_no_sideways_scrolling(browser, site, path):
    # 360 px at 200 % zoom is a 180 CSS px wide layout viewport.
    context = phone(browser, viewport={"width": 180, "height": 370}, **VI)
    page = context.new_page()
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.clientWidth")
    assert width == 180
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wide = page.evaluate("""(width) => [...document.querySelectorAll('body *:not(svg *)')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5
                      && getComputedStyle(el).position !== 'absolute')
      .map((el) => el.tagName + '.' + el.className)""", width)
    assert wide == []
    context.close()


def test_reduced_motion_means_no_transitions_or_animations(browser, site):
    context = phone(browser, reduced_motion="reduce", **VI)
    page = context.new_page()
    for path in ["/", "/giong-san/"]:
        page.goto(site + path)
        assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
        moving = page.evaluate("""() => [...document.querySelectorAll('*')].filter((el) => {
          const s = getComputedStyle(el);
          return s.transitionDuration.split(',').some((d) => parseFloat(d) > 0)
            || s.animationName !== 'none' || s.scrollBehavior === 'smooth';
        }).map((el) => el.tagName)""")
        assert moving == [], path
    context.close()


FOCUS_STATE = """() => {
  const el = document.activeElement, s = getComputedStyle(el), box = el.getBoundingClientRect();
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  // What the outline is drawn on: the first opaque background just outside the element.
  const gap = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth) / 2;
  const x = box.left - gap >= 0 ? box.left - gap : box.right + gap, y = box.top + box.height / 2;
  const under = document.elementsFromPoint(x, y).filter((e) => e !== el && !el.contains(e))
    .map((e) => rgb(getComputedStyle(e).backgroundColor)).find((c) => c.length === 3 || c[3] > 0)
    || [255, 255, 255];
  const [a, b] = [lum(rgb(s.outlineColor)), lum(under)].sort((p, q) => q - p);
  return {what: el.tagName + "." + el.className + " " + (el.textContent || "").trim().slice(0, 30),
          style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          contrast: (a + 0.05) / (b + 0.05), left: box.left, right: box.right};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("which", "path"), [("site", "/"), ("site", "/giong-san/"),
                                             ("media_site", "/hinh-anh/")])
def test_keyboard_focus_is_visible(browser, request, which, path, scheme):
    """Tab through the page: every stop draws an outline of 3:1 contrast (WCAG 1.4.11) with
    what surrounds it, starting with the skip link, on screen."""
    context = phone(browser, color_scheme=scheme, **VI)
    page = context.new_page()
    page.goto(request.getfixturevalue(which) + path)
    page.wait_for_load_state("networkidle")
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        focused = page.evaluate(FOCUS_STATE)
        if seen and focused["what"] == seen[0]["what"]:
            break
        seen.append(focused)
        assert focused["style"] != "none" and focused["width"] >= 2, focused
        assert focused["contrast"] >= 3, focused
    assert seen and seen[0]["what"].startswith("A.skip"), seen[:1]
    assert seen[0]["left"] >= 0 and seen[0]["right"] <= 360, "the skip link shows on screen"
    assert len(seen) >= 8
    context.close()


# --- 8. page weight, from the browser's own network log --------------------------------------

def first_view(browser, url: str) -> list[dict]:
    """Every response of a first visit (empty cache, no service worker yet): type, bytes on the
    wire (headers + body, as the browser counted them), body bytes and gzip -6 body bytes."""
    context = phone(browser, service_workers="block", **VI)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    rows = []
    for request in finished:
        response = request.response()
        body = response.body()
        sizes = request.sizes()
        rows.append({"url": request.url, "type": request.resource_type,
                     "wire": sizes["responseHeadersSize"] + sizes["responseBodySize"],
                     "body": len(body), "gzip": len(gzip.compress(body, 6))})
    timing = page.evaluate("""() => performance.getEntriesByType('resource')
      .map((e) => ({url: e.name, transfer: e.transferSize, body: e.decodedBodySize}))""")
    for entry_ in timing:  # the Resource Timing API agrees on the body sizes
        row = next(r for r in rows if r["url"] == entry_["url"])
        assert entry_["body"] == row["body"], (entry_, row)
    context.close()
    return rows


def test_page_weight_of_a_first_view(browser, site, capsys):
    report = []
    for name, path in [("index", "/"), ("site", "/giong-san/")]:
        rows = first_view(browser, site + path)
        code = [r for r in rows if r["type"] in ("document", "stylesheet", "script")]
        assert {r["type"] for r in code} == {"document", "script"}, "CSS is inlined"
        wire, body, packed = (sum(r[k] for r in code) for k in ("wire", "body", "gzip"))
        report.append(f"{name:<6} HTML+CSS+JS: {wire / 1024:.1f} KB transferred "
                      f"({body / 1024:.1f} KB bodies, {packed / 1024:.1f} KB gzipped) in "
                      f"{len(code)} requests; all requests: "
                      f"{sum(r['wire'] for r in rows) / 1024:.1f} KB")
        for row in rows:
            report.append(f"         {row['type']:<10} {row['wire']:>7} B  gzip {row['gzip']:>6} B"
                          f"  {urlsplit(row['url']).path}")
        if name == "site":
            assert wire < BUDGET, f"site page HTML+CSS+JS {wire} B > {BUDGET} B"
            document = next(r for r in code if r["type"] == "document")
            assert document["gzip"] < 14 * 1024, "HTML+CSS fit the first round trip (14 KB)"
    with capsys.disabled():
        print("\nPage weight, first view (uncompressed local server; gzip -6 of the bodies):")
        print("\n".join(report))
