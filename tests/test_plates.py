"""Plates as the print shop and a visitor's phone get them, and the rules that keep codes alive."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from conftest import REPO, entry, make_project
from PIL import Image
from pypdf import PdfReader
from tools import pdftoppm

BASE = "https://doan.example.vn/diachido"
CODES = ["NT01", "NT02", "NT03", "NT04"]
POINT_CODES = ["NT01-1", "NT01-2"]  # the bundled tunnels' two points of interest
ALL_CODES = sorted(CODES + POINT_CODES)  # the order of all.pdf, the index and the code list


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, try_invert=False)]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plates")
    shutil.copytree(REPO / "sites", root / "sites")
    shutil.copy(REPO / "diachido.yml", root / "diachido.yml")
    project = make_project(root, {})
    project.build("--base-url", BASE)
    return root / "build"


@pytest.mark.parametrize("code", ALL_CODES)
def test_png_plate_decodes_to_exactly_its_url_at_level_h(bundled, code):
    image = Image.open(bundled / "plates" / f"{code}.png")
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    results = zxingcpp.read_barcodes(image, try_invert=False)
    assert [r.text for r in results] == [f"{BASE}/q/{code}"]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    assert results[0].ec_level == "H"


def _qr_geometry(image: Image.Image) -> tuple[int, int, int, int]:
    """(left, top, size in px, version) of the QR, measured on the pixels.

    The decoder only says roughly where the symbol is; the exact edge is the bounding box of
    the black pixels there, and the module size is the top-left finder pattern's width / 7.
    """
    grey = image.convert("L")
    pos = zxingcpp.read_barcodes(grey, try_invert=False)[0].position
    xs = [pos.top_left.x, pos.top_right.x, pos.bottom_left.x, pos.bottom_right.x]
    ys = [pos.top_left.y, pos.top_right.y, pos.bottom_left.y, pos.bottom_right.y]
    pad = 10
    box = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
    dark = grey.crop(box).point(lambda v: 255 if v < 128 else 0).getbbox()
    left, top = box[0] + dark[0], box[1] + dark[1]
    right, bottom = box[0] + dark[2], box[1] + dark[3]
    pixels = grey.load()
    finder = 0
    while pixels[left + finder, top] < 128:
        finder += 1
    module = finder / 7
    size = right - left
    assert bottom - top == size, "the symbol is square"
    version = round((size / module - 17) / 4)
    return left, top, size, version


@pytest.mark.parametrize("code", CODES)
def test_quiet_zone_and_module_size_measured_on_the_printed_png(bundled, code):
    image = Image.open(bundled / "plates" / f"{code}.png").convert("L")
    left, top, size, version = _qr_geometry(image)
    modules = 17 + 4 * version
    module_px = size / modules
    assert abs(module_px - round(module_px)) < 0.05, "whole pixels per module"
    module_mm = module_px / 300 * 25.4
    assert module_mm >= 1.5, "A5 plates need modules of at least 1.5 mm"
    assert version <= 5
    pixels = image.load()
    quiet = round(4 * module_px)
    ring = [(x, y) for x in range(left - quiet, left + size + quiet)
            for y in range(top - quiet, top + size + quiet)
            if not (left <= x < left + size and top <= y < top + size)]
    assert all(pixels[x, y] == 255 for x, y in ring), "4-module quiet zone is pure white"
    assert pixels[left + 1, top + 1] == 0, "pure black modules, not inverted"


@pytest.mark.parametrize("code", CODES)
def test_pdf_is_vector_with_text_layer_and_decodes_when_rasterised(bundled, code, tmp_path):
    pdf_path = bundled / "plates" / f"{code}.pdf"
    reader = PdfReader(pdf_path)
    page = reader.pages[0]
    resources = page["/Resources"]
    xobjects = resources.get("/XObject", {})
    assert not any(xobjects[name]["/Subtype"] == "/Image" for name in xobjects), "no raster"
    text = page.extract_text()
    source = REPO / "sites"
    slug = {"NT01": "dia-dao-nhon-trach", "NT02": "dinh-phu-my", "NT03": "giong-san",
            "NT04": "dinh-phuoc-thien"}[code]
    title = yaml.safe_load((source / f"{slug}.md").read_text("utf-8").split("---\n")[1])["title"]
    flat = " ".join(text.split())
    assert all(word in flat for word in title.split()), (title, flat)
    assert f"{BASE}/q/{code}" in flat.replace(" ", "") or f"{BASE}/q/{code}" in flat
    fonts = [resources["/Font"][name].get_object() for name in resources["/Font"]]
    descriptors = [f["/FontDescriptor"].get_object() for f in fonts if "/FontDescriptor" in f]
    descriptors += [d.get_object()["/FontDescriptor"].get_object()
                    for f in fonts for d in f.get("/DescendantFonts", [])]
    assert descriptors and all("/FontFile2" in d for d in descriptors), "fonts are embedded"
    assert any("NotoSans" in str(d["/FontName"]) for d in descriptors)
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    mm = 72 / 25.4
    assert trim[2] - trim[0] == pytest.approx(148 * mm, abs=0.5)
    assert bleed[2] - bleed[0] == pytest.approx((148 + 6) * mm, abs=0.5)
    subprocess.run([pdftoppm(), "-r", "200", "-png", str(pdf_path), str(tmp_path / "page")],
                   check=True)
    raster = Image.open(next(tmp_path.glob("page*.png")))
    assert decode(raster) == [f"{BASE}/q/{code}"]


def test_svg_draws_the_qr_as_one_path(bundled):
    tree = ET.parse(bundled / "plates" / "NT01.svg")
    ns = "{http://www.w3.org/2000/svg}"
    root = tree.getroot()
    assert root.get("width").endswith("mm")
    assert not list(root.iter(f"{ns}image"))
    paths = [path for path in root.iter(f"{ns}path") if path.get("id") is None]  # not glyphs
    assert len(paths) == 1 and paths[0].get("d").count("M") > 20
    texts = " ".join(g.get("aria-label") for g in root.iter(f"{ns}g") if g.get("aria-label"))
    assert f"{BASE}/q/NT01" in texts and "NT01" in texts


def test_all_pdf_has_one_page_per_plate(bundled):
    assert len(PdfReader(bundled / "plates" / "all.pdf").pages) == len(ALL_CODES)


def test_plates_index_lists_code_url_version_and_module_size(bundled):
    page = soup(bundled / "plates" / "index.html")
    rows = page.select("table.plates tbody tr")
    assert len(rows) == len(ALL_CODES)
    for row, code in zip(rows, ALL_CODES, strict=True):
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        assert cells[0] == code
        assert cells[2] == f"{BASE}/q/{code}"
        assert 1 <= int(cells[3]) <= 5
        image = Image.open(bundled / "plates" / f"{code}.png")
        _l, _t, size, version = _qr_geometry(image.convert("L"))
        assert int(cells[3]) == version
        assert float(cells[4]) == pytest.approx(size / (17 + 4 * version) / 300 * 25.4, abs=0.01)
        for link in row.select("a[href$='.pdf'], a[href$='.svg'], a[href$='.png']"):
            assert (bundled / "plates" / link["href"]).is_file()


def test_bundled_titles_are_covered_by_the_plate_font():
    from generator.plates import missing_glyphs

    fonts = REPO / "theme" / "fonts"
    assert (fonts / "OFL.txt").is_file()
    for path in sorted((REPO / "sites").glob("*.md")):  # the Latin-script titles (see CJK tests)
        if path.name.count(".") > 1 and not path.name.endswith(".en.md"):
            continue
        title = yaml.safe_load(path.read_text("utf-8").split("---\n")[1])["title"]
        assert missing_glyphs(title, fonts) == set(), path.name


def test_forty_byte_url_fits_version_five():
    from generator.plates import make_symbol

    url = "https://doan.example.vn/diachido/q/NT001"
    assert len(url.encode()) == 40
    assert make_symbol(url).version <= 5


@pytest.mark.parametrize("code", CODES)
def test_landing_shows_code_title_and_report_link(bundled, code):
    for file in (f"q/{code}.html", f"q/{code}/index.html"):
        page = soup(bundled / file)
        box = page.select_one("aside.plate-check")
        assert code in box.get_text()
        title = page.find("h1").get_text(strip=True)
        assert title in box.get_text()
        report = box.find("a")["href"]
        assert report.startswith("mailto:") and code in report
        canonical = page.find("link", rel="canonical")["href"]
        slug = canonical.rstrip("/").rsplit("/", 1)[1]
        assert (bundled / slug / "index.html").is_file()
        for link in page.select("header a[href]"):
            href = link["href"]
            target = (bundled / file).parent / href
            assert (target / "index.html" if href.endswith("/") else target).exists(), href


def test_code_list_lists_every_code(bundled):
    page = soup(bundled / "q" / "index.html")
    links = {a.find("strong").get_text(): a["href"] for a in page.select("ul.codes a")}
    assert sorted(links) == ALL_CODES
    for href in links.values():
        assert (bundled / "q" / href / "index.html").is_file()


def test_redirects_file_maps_codes_and_aliases(project):
    p = project({"sites/moi.md": entry(aliases="[cu]")})
    p.build("--base-url", "https://example.org/x")
    lines = (p.out / "_redirects").read_text().splitlines()
    assert "/x/cu/ /x/moi/ 301" in lines
    assert "/x/q/NT01 /x/q/NT01/ 200" in lines


# -- the registry through the CLI ---------------------------------------------------------

def registry(p) -> dict:
    return yaml.safe_load((p.root / "codes.yml").read_text("utf-8"))


def test_first_build_registers_codes_with_slug_and_date(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02", draft="true")})
    result = p.run("build", env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.code == 0, result.err
    reg = registry(p)
    assert set(reg) == {"NT01"}, "drafts are not published, so not registered"
    assert reg["NT01"]["slug"] == "a"
    assert str(reg["NT01"]["issued"]) == "2026-01-01"
    assert "NT01" in result.out


def test_rename_needs_an_alias(project):
    p = project({"sites/dinh-cu.md": entry("NT01")})
    p.build()
    (p.root / "sites" / "dinh-cu.md").rename(p.root / "sites" / "dinh-moi.md")
    failed = p.run("build")
    assert failed.code == 1
    assert "NT01" in failed.err and "dinh-cu" in failed.err and "aliases: [dinh-cu]" in failed.err
    assert "sites/dinh-moi.md, dòng 2" in failed.err
    p.write("sites/dinh-moi.md", entry("NT01", aliases="[dinh-cu]"))
    p.build()
    assert (p.out / "dinh-cu" / "index.html").is_file(), "old links keep working"
    landing = soup(p.out / "q" / "NT01" / "index.html")
    assert landing.find("link", rel="canonical")["href"].endswith("/dinh-moi/")
    assert registry(p)["NT01"]["slug"] == "dinh-cu", "the registry keeps the printed history"


@pytest.mark.slow
def test_delete_needs_a_retirement(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02", title="Đình B")})
    p.build()
    (p.root / "sites" / "b.md").unlink()
    failed = p.run("build")
    assert failed.code == 1
    assert "NT02" in failed.err and "retired" in failed.err and "codes.yml" in failed.err
    text = (p.root / "codes.yml").read_text("utf-8")
    p.write("codes.yml", text.replace("  slug: b\n", "  slug: b\n  retired: {target: NT01}\n"))
    p.build()
    notice = soup(p.out / "q" / "NT02" / "index.html")
    link = notice.select_one("a.button")["href"]
    assert (p.out / "q" / "NT02" / link / "index.html").resolve() == (
        p.out / "a" / "index.html").resolve()
    assert not (p.out / "b").exists()
    p.write("codes.yml", text.replace("  slug: b\n",
                                      "  slug: b\n  retired: {notice: \"Đã sáp nhập.\"}\n"))
    p.build()
    assert "Đã sáp nhập." in soup(p.out / "q" / "NT02.html").get_text()


def test_retired_or_registered_code_cannot_be_reused(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02")})
    p.build()
    (p.root / "sites" / "b.md").unlink()
    text = (p.root / "codes.yml").read_text("utf-8")
    p.write("codes.yml", text.replace("  slug: b\n", "  slug: b\n  retired: {notice: x}\n"))
    p.write("sites/c.md", entry("NT02", title="Đình C"))
    failed = p.run("build")
    assert failed.code == 1 and "NT02" in failed.err and "NT03" in failed.err
    p.write("sites/c.md", entry("NT01", title="Đình C"))
    p.write("sites/a.md", entry("NT05"))
    failed = p.run("build")
    assert failed.code == 1
    assert "sites/c.md" in failed.err and "“a”" in failed.err


@pytest.mark.slow
def test_draft_keeps_its_code_and_lands_on_a_notice(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02")})
    p.build()
    p.write("sites/b.md", entry("NT02", draft="true"))
    p.build()
    page = soup(p.out / "q" / "NT02" / "index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "NT02" in page.get_text()
    assert not (p.out / "plates" / "NT02.png").exists()
    assert not (p.out / "b").exists()
    p.write("sites/c.md", entry("NT02", title="Đình khác"))
    assert p.run("build").code == 1, "a draft's code stays reserved"


def test_plate_size_per_site_and_from_config(project):
    p = project({"sites/a.md": entry("NT01", plate_size="A4"), "sites/b.md": entry("NT02"),
                 "diachido.yml": "plates:\n  size: A6\n"})
    p.build()
    a = PdfReader(p.out / "plates" / "NT01.pdf").pages[0]
    b = PdfReader(p.out / "plates" / "NT02.pdf").pages[0]
    mm = 72 / 25.4
    assert float(a.trimbox[2]) - float(a.trimbox[0]) == pytest.approx(210 * mm, abs=0.5)
    assert float(b.trimbox[2]) - float(b.trimbox[0]) == pytest.approx(105 * mm, abs=0.5)


@pytest.mark.slow
def test_plates_are_cached_and_redrawn_only_when_printed_text_changes(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02")})
    p.build()
    before = {c: (p.out / "plates" / f"{c}.png").stat().st_ino for c in ("NT01", "NT02")}
    p.write("sites/a.md", entry("NT01", summary="Tóm tắt khác."))
    p.build()
    same = {c: (p.out / "plates" / f"{c}.png").stat().st_ino for c in ("NT01", "NT02")}
    assert same == before, "a summary is not printed: plates are linked, not redrawn"
    p.write("sites/a.md", entry("NT01", title="Đình Phú Mỹ mới"))
    p.build()
    png = (p.out / "plates" / "NT01.png").read_bytes()
    assert decode(Image.open(io.BytesIO(png))) == ["https://example.org/q/NT01"]
    assert (p.out / "plates" / "NT01.png").stat().st_ino != before["NT01"]


def test_plates_report_lists_due_inspections(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02"),
                 "diachido.yml": "plates:\n  inspection_days: 180\n"})
    p.build()
    text = (p.root / "codes.yml").read_text("utf-8")
    text = text.replace("  slug: a\n", "  slug: a\n  plate: {installed: 2025-01-10, "
                        "material: nhôm, size: A5, last_inspected: 2025-03-01}\n")
    p.write("codes.yml", text)
    report = p.run("plates", "--report", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert report.code == 0, report.err
    lines = {line.split()[0]: line for line in report.out.splitlines() if re.match(r"NT\d", line)}
    assert "QUÁ HẠN" in lines["NT01"] and "2025-08-28" in lines["NT01"]
    assert "chưa ghi ngày lắp" in lines["NT02"]
    assert "1 trên 2" in report.out
    p.build()
    row = soup(p.out / "plates" / "index.html").select("tbody tr")[0]
    assert "2025-08-28" in row.get_text() and "nhôm" in row.get_text()


def test_logo_from_config_is_drawn_beside_the_code_and_the_plate_still_decodes(project):
    logo = Image.new("RGB", (120, 120), (155, 28, 28))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    p = project({"sites/a.md": entry("NT01"), "theme/logo.png": buffer.getvalue(),
                 "diachido.yml": "plates:\n  logo: theme/logo.png\n"})
    p.build()
    plate = Image.open(p.out / "plates" / "NT01.png").convert("RGB")
    assert decode(plate) == ["https://example.org/q/NT01"]
    left, top, size, _version = _qr_geometry(plate)
    reds = [(x, y) for x in range(0, plate.width, 4) for y in range(0, plate.height, 4)
            if plate.getpixel((x, y)) == (155, 28, 28)]
    assert reds, "the logo is on the plate"
    assert not any(left <= x < left + size and top <= y < top + size for x, y in reds)
    bad = project({"sites/a.md": entry("NT01"), "diachido.yml": "plates:\n  logo: ../x.png\n"})
    failed = bad.run("build")
    assert failed.code == 1 and "diachido.yml, dòng 2" in failed.err


def test_landing_shows_the_cover_photo_near_the_top(project):
    from conftest import jpeg_with_exif

    p = project({"sites/a.md": entry("NT01", cover="a/cong.jpg", cover_alt="Cổng đình",
                                     body="## Lịch sử\n\n" + "Đoạn văn. " * 200)})
    jpeg_with_exif(p.root / "media" / "a" / "cong.jpg")
    p.build()
    page = soup(p.out / "q" / "NT01" / "index.html")
    main = page.find("main")
    order = [el for el in main.find_all(["aside", "h1", "img", "h2"])]
    names = [el.name for el in order]
    assert names[:3] == ["aside", "h1", "img"], names[:5]
    assert order[2]["alt"] == "Cổng đình"
    assert (p.out / "q" / "NT01" / order[2]["src"]).resolve().is_file()


NAME_LINES = """() => [...document.querySelectorAll('table.plates td.name a')].map(a => ({
  text: a.textContent.trim(), lines: a.getClientRects().length}))"""


@pytest.mark.browser
@pytest.mark.slow
def test_plates_list_is_cards_on_a_phone_and_a_table_on_a_desktop(bundled, browser):
    """At 360 px one card per plate, every value named, nothing wider than the screen and each
    site's name on a line or two (the 11-column table put it one word per line); at 1280 px the
    table with its header row."""
    from conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    url = (bundled / "plates" / "index.html").as_uri()
    labels = yaml.safe_load((REPO / "theme" / "i18n" / "vi.yml").read_text("utf-8"))[
        "plates_columns"]
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = phone.new_page()
    page.goto(url)
    page.screenshot(path=str(ARTIFACTS / "plates-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
    assert page.evaluate("(() => { const w = document.querySelector('.table-wrap');"
                         " return w.scrollWidth <= w.clientWidth; })()"), "nothing hidden"
    assert not page.locator("table.plates thead").is_visible()
    rows = page.locator("table.plates tbody tr")
    assert rows.count() == len(ALL_CODES)
    first = rows.first
    assert first.evaluate("r => getComputedStyle(r).display") == "block", "a card"
    shown = first.evaluate("""r => [...r.cells].filter(td => td.offsetHeight).map(td =>
      [td.cellIndex, getComputedStyle(td, '::before').content, td.innerText.trim()])""")
    assert all(value for _n, _label, value in shown), "an empty cell is left out of the card"
    assert [n for n, _label, _value in shown][:3] == [0, 1, 2], "code, name, encoded URL first"
    for n, label, _value in shown:
        assert label == ("none" if n < 2 else f'"{labels[n]}"'), (n, label)
    names = page.evaluate(NAME_LINES)
    assert names and all(n["lines"] <= 2 for n in names), names
    urls = page.evaluate("""() => [...document.querySelectorAll('td.url code')].map(c =>
      c.getClientRects().length)""")
    assert urls == [1] * len(ALL_CODES), "a plate's URL (~40 characters) reads on one line"
    assert any(len(n["text"].split()) >= 3 for n in names), "a long name was measured"
    phone.close()

    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    desk.goto(url)
    desk.screenshot(path=str(ARTIFACTS / "plates-1280.png"), full_page=True)
    assert desk.locator("table.plates thead").is_visible()
    assert desk.locator("table.plates thead th").all_inner_texts() == labels
    assert desk.locator("table.plates tbody tr").first.evaluate(
        "r => getComputedStyle(r).display") == "table-row"
    names = desk.evaluate(NAME_LINES)
    assert all(n["lines"] <= 2 for n in names), names
    desk.close()
