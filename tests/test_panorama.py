"""Issue 16 §2: 360° views. Equirectangular JPEGs are checked, published as a flat preview and
two viewer files, and opened in the vendored Pannellum only after the visitor taps."""

from __future__ import annotations

import io
import json
import struct
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import entry, make_project
from PIL import Image, ImageDraw
from test_errors import CATALOGUES, assert_problem, line_of
from test_html_valid import _vnu

PANORAMA = "\n  src: a/360.jpg\n  alt: Bên trong chính điện\n  caption: Chính điện nhìn từ giữa"


def equirect(size=(4096, 2048)) -> bytes:
    """A gradient all round with a numbered white post every 45°, sky on top, floor below."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 8):
        draw.rectangle([x, 0, x + 8, height], fill=(x * 255 // width, 120, 255 - x * 255 // width))
    draw.rectangle([0, 0, width, height // 10], fill=(40, 40, 200))
    draw.rectangle([0, height * 9 // 10, width, height], fill=(60, 40, 20))
    for n, x in enumerate(range(0, width, width // 8)):
        draw.rectangle([x, height * 4 // 10, x + width // 64, height * 6 // 10], fill="white")
        draw.text((x + 4, height // 2), str(n), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


REASONS = CATALOGUES["vi"]["_reasons"]


def claimed_size(width: int, height: int) -> bytes:
    """A small JPEG whose header claims `width`×`height` (nothing is decoded to refuse it),
    padded past the bytes-per-pixel floor so that only the size it claims can refuse it."""
    data = bytearray(equirect((64, 32)))
    at = data.index(b"\xff\xc0") + 5  # SOF0: length (2), precision (1), then height, width
    data[at:at + 4] = struct.pack(">HH", height, width)
    return bytes(data) + b"\0" * (width * height // 1000)


def pano_project(project, source: bytes | None = None, **extra):
    p = project({"sites/a.md": entry(panorama=extra.pop("panorama", PANORAMA), **extra)})
    p.write("media/a/360.jpg", source if source is not None else equirect())
    return p


def soup(path):
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


# --- refused panoramas, each naming the file ---------------------------------------------------

@pytest.mark.parametrize(("source", "message_id", "params"), [
    (lambda: equirect((3000, 2000)), "panorama-ratio", {"width": 3000, "height": 2000}),
    (lambda: equirect((2000, 1040)), "panorama-ratio", {"width": 2000, "height": 1040}),
    (lambda: equirect()[:2000] + b"\0" * 50, "image-unreadable",
     {"reason": REASONS["truncated"]}),
    (lambda: b"not a picture at all", "image-unreadable", {"reason": REASONS["unknown"]}),
    (lambda: claimed_size(16390, 8000), "panorama-too-big",
     {"width": 16390, "height": 8000, "max": "16384×8192"}),
    (lambda: claimed_size(60000, 30000), "image-bomb",
     {"size": str(60000 * 30000), "limit": round(16384 * 8192 / 1e6)}),
], ids=["3:2", "1.92:1", "truncated", "not-a-jpeg", "too-big", "bomb"])
def test_bad_panoramas_are_refused_naming_the_file(project, source, message_id, params):
    p = pano_project(project, source())
    run = p.run("build")
    line = line_of((p.root / "sites/a.md").read_text("utf-8"), "panorama:")
    block = assert_problem(run, "sites/a.md", line, message_id, media="media/a/360.jpg", **params)
    assert "media/a/360.jpg" in block
    assert not (p.out / "index.html").exists()


def test_ratio_within_one_percent_is_accepted(project):
    p = pano_project(project, equirect((2020, 1000)))  # 2.02:1
    p.build()
    assert sorted(f.name.split(".", 2)[-1] for f in (p.out / "media/a").iterdir()) == [
        "360.2020.jpg", "960.jpg", "960.webp"]  # narrower than 2048: one viewer file, as is


@pytest.mark.parametrize(("yaml", "message_id", "params"), [
    ("\n  src: a/360.jpg", "missing-panorama-alt", {"src": "a/360.jpg"}),
    ("a/360.jpg", "bad-panorama", {"got": "text"}),
    ("\n  src: a/360.jpg\n  alt: x\n  title: y", "bad-panorama-key",
     {"key": "title", "allowed": "alt, caption, credit, license, src"}),
    ("\n  src: a/360.png\n  alt: x", "not-panorama-name",
     {"value": "a/360.png", "allowed": ".jpg, .jpeg"}),
])
def test_panorama_key_is_checked(project, yaml, message_id, params):
    p = pano_project(project, panorama=yaml)
    p.write("media/a/360.png", b"")
    run = p.run("build")
    assert_problem(run, "sites/a.md", 7, message_id, **params)


# --- published files and the page before any tap ---------------------------------------------

def test_preview_and_viewer_files_are_published_and_the_page_loads_no_viewer(project):
    p = pano_project(project)
    p.build()
    files = {f.name.split(".", 2)[-1]: f for f in (p.out / "media/a").iterdir()}
    assert sorted(files) == ["360.2048.jpg", "360.4096.jpg", "960.jpg", "960.webp"]
    sizes = {name: Image.open(path).size for name, path in files.items()}
    assert sizes == {"360.2048.jpg": (2048, 1024), "360.4096.jpg": (4096, 2048),
                     "960.jpg": (960, 480), "960.webp": (960, 480)}
    assert files["360.4096.jpg"].stat().st_nlink == 2, "hard-linked from the media cache"
    for name in ("pannellum.js", "pannellum.css", "panorama.css", "COPYING"):
        assert (p.out / "assets/pannellum" / name).is_file()
    page = soup(p.out / "a/index.html")
    section = page.select_one("section[data-pano]")
    assert section.select_one("picture img")["alt"] == "Bên trong chính điện"
    assert section["data-small"].endswith(".360.2048.jpg")
    assert section["data-large"].endswith(".360.4096.jpg")
    assert section.select_one("a[data-pano-open]").has_attr("hidden"), "no JS, no button"
    scripts = [s["src"] for s in page.select("script[src]")]
    assert not any("pannellum" in s for s in scripts)
    assert not page.select('link[rel="stylesheet"]')
    csp = page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "style-src 'self' 'sha256-" in csp and "img-src 'self';" in csp
    assert "style-src 'self' 'sha256-" in (p.out / "_headers").read_text()
    assert "blob:" not in csp and "data:" not in csp


def test_a_site_without_panorama_publishes_no_viewer_and_keeps_its_policy(project):
    p = project({"sites/a.md": entry()})
    p.build()
    assert not (p.out / "assets/pannellum").exists()
    assert not (p.out / "assets/panorama.js").exists()
    csp = soup(p.out / "a/index.html").select_one('meta[http-equiv="Content-Security-Policy"]')
    assert "style-src 'sha256-" in csp["content"]


def test_a_saved_trail_keeps_the_panorama_and_the_viewer(project):
    p = pano_project(project)
    p.write("sites/b.md", entry("NT02", "Đình Hai"))
    p.write("trails/di.md",
            "---\ntitle: Đi\nsummary: Một tuyến.\nstops: [NT01, NT02]\n---\n\nĐi.\n")
    p.build()
    files = json.loads(next(p.out.glob("trails/di/offline.json")).read_text())
    names = {f.rsplit("/", 1)[-1] for f in files}
    assert {"pannellum.js", "pannellum.css", "panorama.css", "panorama.js"} <= names
    assert any(f.endswith(".360.2048.jpg") for f in files)
    assert any(f.endswith(".960.webp") for f in files)
    base = p.out / "trails/di/"
    assert all((base / f).resolve().exists() for f in files), files


@pytest.mark.slow
def test_a_panorama_page_is_valid_html(project):
    p = pano_project(project)
    p.build()
    assert _vnu(p.out) == []


# --- in Chromium ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pano_site(tmp_path_factory):
    from server import serve

    p = make_project(tmp_path_factory.mktemp("pano"), {
        "sites/a.md": entry(panorama=PANORAMA), "sites/b.md": entry("NT02", "Đình Hai"),
        "trails/di.md": "---\ntitle: Đi\nsummary: Một tuyến.\nstops: [NT01, NT02]\n---\n\nĐi.\n",
    })
    p.write("media/a/360.jpg", equirect())
    p.build()
    with serve(p.out) as base:
        yield base


CSP_WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));"""


@pytest.mark.browser
def test_viewer_opens_on_tap_draws_and_closes_with_escape(browser, pano_site):
    from test_visitor import BUDGET, phone

    context = phone(browser, service_workers="block")
    page = context.new_page()
    page.add_init_script(CSP_WATCH)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: fetched.append(
        (urlsplit(r.url).path, r.sizes()["responseBodySize"])))
    page.goto(pano_site + "/a/")
    page.wait_for_load_state("networkidle")
    before = list(fetched)
    assert not any("pannellum" in path or ".360." in path for path, _ in before), before
    code = sum(size for path, size in before if not path.endswith((".webp", ".jpg", ".svg")))
    assert code < BUDGET, before
    assert sum(size for _, size in before) < 100 * 1024, before
    page.screenshot(path="/tmp/pano-page-360.png", full_page=True)

    button = page.locator("[data-pano-open]")
    button.click()
    page.wait_for_selector(".pano-view[data-ready] canvas", timeout=20_000)
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.screenshot(path="/tmp/pano-viewer-360.png")
    drawn = page.evaluate("""() => {
      const canvas = document.querySelector('.pano-view canvas');
      return canvas.width > 0 && canvas.height > 0;
    }""")
    assert drawn
    after = [path for path, _ in fetched[len(before):]]
    assert any(path.endswith("pannellum.js") for path in after)
    assert sum(path.endswith((".360.4096.jpg", ".360.2048.jpg")) for path in after) == 1, after

    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog').open")
    assert page.evaluate("document.activeElement.hasAttribute('data-pano-open')")
    button.click()  # a second look reuses the viewer: nothing is fetched again
    page.locator("button[data-pano-close]").click()
    assert page.evaluate("document.activeElement.hasAttribute('data-pano-open')")
    assert page.evaluate("window.__csp") == []
    assert not errors
    assert not context.outside
    context.close()


@pytest.mark.browser
def test_slow_connection_gets_the_smaller_file(browser, pano_site):
    from test_visitor import phone

    context = phone(browser, service_workers="block")
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'connection', "
                         "{value: {saveData: true, effectiveType: '4g'}})")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(pano_site + "/a/")
    page.locator("[data-pano-open]").click()
    page.wait_for_selector(".pano-view[data-ready]", timeout=20_000)
    assert [u for u in fetched if ".360." in u][0].endswith(".360.2048.jpg")
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("state", ["closed", "open"])
def test_axe_finds_nothing_on_a_panorama_page(browser, pano_site, state):
    from test_visitor import AXE_RUN, AXE_TAGS, phone
    from tools import AXE_JS, require

    context = phone(browser, bypass_csp=True, service_workers="block")
    page = context.new_page()
    page.goto(pano_site + "/a/")
    page.wait_for_load_state("networkidle")
    if state == "open":
        page.locator("[data-pano-open]").click()
        page.wait_for_selector(".pano-view[data-ready]", timeout=20_000)
    page.add_script_tag(path=str(require(AXE_JS)))
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    context.close()


@pytest.mark.browser
def test_a_saved_trail_opens_the_viewer_offline(browser, pano_site):
    from test_visitor import phone, wait_for_service_worker

    context = phone(browser)
    page = context.new_page()
    page.goto(pano_site + "/trails/di/")
    wait_for_service_worker(page)
    page.locator("button[data-offline]").click()
    done = page.locator("[data-offline-status]").get_attribute("data-done")
    page.wait_for_function("(done) => document.querySelector('[data-offline-status]')"
                           ".textContent === done", arg=done)
    context.set_offline(True)
    page.goto(pano_site + "/a/")
    page.locator("[data-pano-open]").click()
    page.wait_for_selector(".pano-view[data-ready] canvas", timeout=20_000)
    assert not context.outside
    context.close()


def test_an_english_text_may_describe_the_panorama_in_english(project):
    p = pano_project(project)
    p.write("sites/a.en.md", entry(title="Phu My communal house", summary="An old house.",
                                   category="architecture", address="Nhon Trach",
                                   code=None, panorama="\n  src: a/360.jpg\n  alt: Inside the hall",
                                   body="## History\n\nText."))
    p.build()
    assert soup(p.out / "en/a/index.html").select_one("section[data-pano] img")["alt"] == (
        "Inside the hall")
    assert soup(p.out / "a/index.html").select_one("section[data-pano] img")["alt"] == (
        "Bên trong chính điện")


def test_a_drafts_panorama_is_checked_but_not_published(project):
    p = pano_project(project, draft="true")
    p.write("sites/b.md", entry("NT02", "Đình Hai"))
    p.build()
    assert not (p.out / "assets/pannellum").exists()
    assert not list(p.out.rglob("*.360.*"))
    bad = pano_project(project, equirect((300, 200)), draft="true")
    bad.write("sites/b.md", entry("NT02", "Đình Hai"))
    assert bad.run("build").code == 1


# --- a point's panorama: the entry's guarantees, at the point --------------------------------

POINT = ("\n  - id: chinh-dien\n    title: Chính điện\n    summary: Gian thờ chính."
         "\n    panorama:\n      src: a/diem.jpg\n      alt: Gian thờ nhìn từ cửa"
         "\n      caption: Gian thờ chính")


def point_project(project, source: bytes | None = None, with_entry: bool = False, **extra):
    """A site whose point `chinh-dien` has a panorama (and, `with_entry`, the site one too)."""
    if with_entry:
        extra.setdefault("panorama", PANORAMA)
    p = project({"sites/a.md": entry(points=extra.pop("points", POINT), **extra)})
    p.write("media/a/diem.jpg", source if source is not None else equirect((2048, 1024)))
    if with_entry:
        p.write("media/a/360.jpg", equirect())
    return p


def point_line(p, point_id: str = "chinh-dien") -> int:
    """The line of the point's `- id:` item: where its messages land."""
    lines = (p.root / "sites/a.md").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == f"- id: {point_id}")


def test_a_points_panorama_publishes_its_files_in_its_own_box(project):
    p = point_project(project)
    p.build()
    names = sorted(f.name.split(".", 2)[-1] for f in (p.out / "media/a").iterdir())
    assert names == ["360.2048.jpg", "960.jpg", "960.webp"]
    assert (p.out / "assets/pannellum/pannellum.js").is_file()
    page = soup(p.out / "a/index.html")
    box = page.select_one("li#chinh-dien section[data-pano]")
    assert box.select_one("picture img")["alt"] == "Gian thờ nhìn từ cửa"
    assert box["aria-labelledby"] == "pano-title-chinh-dien"
    assert box.select_one("h4")["id"] == "panorama-title-chinh-dien"
    assert box.select_one("a[data-pano-open]")["href"] == "#pano-dialog-chinh-dien"
    assert box.select_one("dialog")["aria-labelledby"] == "pano-title-chinh-dien"
    assert "Chính điện" in box.select_one("#pano-title-chinh-dien").get_text()
    assert [s["src"] for s in page.select("script[src]") if "panorama" in s["src"]] == [
        "../assets/panorama.js"]
    csp = page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "style-src 'self' 'sha256-" in csp


@pytest.mark.parametrize(("source", "message_id", "params"), [
    (lambda: equirect((3000, 2000)), "panorama-ratio", {"width": 3000, "height": 2000}),
    (lambda: equirect()[:2000] + b"\0" * 50, "image-unreadable",
     {"reason": REASONS["truncated"]}),
    (lambda: claimed_size(16390, 8000), "panorama-too-big",
     {"width": 16390, "height": 8000, "max": "16384×8192"}),
    (lambda: claimed_size(60000, 30000), "image-bomb",
     {"size": str(60000 * 30000), "limit": round(16384 * 8192 / 1e6)}),
], ids=["3:2", "truncated", "too-big", "bomb"])
def test_a_bad_points_panorama_names_the_file_and_the_points_line(project, source, message_id,
                                                                  params):
    p = point_project(project, source())
    run = p.run("build")
    block = assert_problem(run, "sites/a.md", point_line(p), message_id,
                           media="media/a/diem.jpg", **params)
    assert "media/a/diem.jpg" in block
    assert not (p.out / "index.html").exists()


def test_a_points_panorama_key_is_checked_like_the_entrys(project):
    p = point_project(project, points=POINT.replace("      alt: Gian thờ nhìn từ cửa\n", ""))
    assert_problem(p.run("build"), "sites/a.md", point_line(p), "missing-panorama-alt",
                   src="a/diem.jpg")


def test_a_translation_describes_a_points_panorama_by_id(project):
    p = point_project(project)
    p.write("sites/a.en.md", (
        "---\ntitle: Phu My communal house\nsummary: An old house.\ncategory: c\naddress: a\n"
        "points:\n  - id: chinh-dien\n    title: Main hall\n    summary: The hall.\n"
        "    panorama: {src: a/diem.jpg, alt: The altar seen from the door}\n---\n\nText.\n"))
    p.build()
    img = soup(p.out / "en/a/index.html").select_one("li#chinh-dien section[data-pano] img")
    assert img["alt"] == "The altar seen from the door"
    assert soup(p.out / "a/index.html").select_one("li#chinh-dien section[data-pano] img")[
        "alt"] == "Gian thờ nhìn từ cửa"


def test_a_saved_trail_keeps_the_points_panorama(project):
    p = point_project(project)
    p.write("sites/b.md", entry("NT02", "Đình Hai"))
    p.write("trails/di.md",
            "---\ntitle: Đi\nsummary: Một tuyến.\nstops: [NT01-1, NT02]\n---\n\nĐi.\n")
    p.build()
    files = json.loads(next(p.out.glob("trails/di/offline.json")).read_text())
    assert any("/diem." in f and f.endswith(".360.2048.jpg") for f in files), files
    assert any("/diem." in f and f.endswith(".960.webp") for f in files), files
    assert any(f.endswith("pannellum/pannellum.js") for f in files)
    assert all((p.out / "trails/di/" / f).resolve().exists() for f in files), files


@pytest.fixture(scope="module")
def two_pano_site(tmp_path_factory):
    """A page with the site's panorama and a point's: two boxes, two dialogs."""
    from server import serve

    p = make_project(tmp_path_factory.mktemp("pano2"),
                     {"sites/a.md": entry(panorama=PANORAMA, points=POINT)})
    p.write("media/a/360.jpg", equirect())
    p.write("media/a/diem.jpg", equirect((2048, 1024)))
    p.build()
    with serve(p.out) as base:
        yield base, p


@pytest.mark.browser
def test_each_panorama_opens_on_its_own_tap_and_gives_focus_back(browser, two_pano_site):
    from test_visitor import phone

    base, _p = two_pano_site
    context = phone(browser, service_workers="block")
    page = context.new_page()
    page.add_init_script(CSP_WATCH)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "/a/")
    page.wait_for_load_state("networkidle")
    for box in ("pano-title", "pano-title-chinh-dien"):
        section = page.locator(f"section[aria-labelledby='{box}']")
        dialog = section.locator("dialog")
        section.locator("[data-pano-open]").click()
        assert dialog.evaluate("d => d.open")
        assert page.locator("dialog[open]").count() == 1, "only the tapped box opens"
        dialog.locator(".pano-view[data-ready] canvas").wait_for(timeout=20_000)
        assert dialog.evaluate("d => { const c = d.querySelector('canvas');"
                               " return c.width > 0 && c.height > 0; }")
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('dialog[open]')")
        assert section.locator("[data-pano-open]").evaluate("b => b === document.activeElement")
    assert page.evaluate("window.__csp") == []
    assert not errors
    assert not context.outside
    context.close()


@pytest.mark.browser
def test_axe_finds_nothing_on_a_page_with_two_panoramas(browser, two_pano_site):
    from test_visitor import AXE_RUN, AXE_TAGS, phone
    from tools import AXE_JS, require

    context = phone(browser, bypass_csp=True, service_workers="block")
    page = context.new_page()
    page.goto(two_pano_site[0] + "/a/")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(require(AXE_JS)))
    for opened in (None, "#pano-dialog-chinh-dien"):
        if opened:
            page.locator(f"a[href='{opened}']").click()
            page.wait_for_selector(f"{opened} .pano-view[data-ready]", timeout=20_000)
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    context.close()


@pytest.mark.slow
def test_a_page_with_two_panoramas_is_valid_html(two_pano_site):
    assert _vnu(two_pano_site[1].out) == []


def test_the_editor_offers_a_points_panorama_with_the_entrys_boxes():
    from generator.content.model import Config
    from generator.render.admin import cms_config

    sites = next(c for c in cms_config(Config(), {"NT01"})["collections"] if c["name"] == "sites")
    fields = {f["name"]: f for f in sites["fields"]}
    point = {f["name"]: f for f in fields["points"]["fields"]}["panorama"]
    assert point["widget"] == "object" and point["required"] is False
    # The same boxes; only the entry's carry the editor's per-language marks (i18n).
    assert point["fields"] == [{k: v for k, v in f.items() if k != "i18n"}
                               for f in fields["panorama"]["fields"]]
    assert [f["name"] for f in point["fields"]] == ["src", "alt", "caption", "credit", "license"]
