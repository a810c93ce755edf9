"""Points of interest (issue 16, part 1): the `points:` key, permanent `<CODE>-<n>` codes in
codes.yml, small plates that scan, `/q/<CODE>-<n>` landings at the point, open data, trails."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from conftest import entry, make_project
from PIL import Image
from pypdf import PdfReader
from test_errors import assert_problem
from test_structured_data import place_node

BASE = "https://doan.example.vn/diachido"
CONFIG = ("title: Thử\ntitle_en: Test\norganisation: Đoàn xã\n"
          f"base_url: {BASE}\n")
STELE = "大南\n忠義祠"  # two lines of Hán characters, as on a stele
STELE_YAML = STELE.replace("\n", "\\n")


def points_yaml(*items: str) -> str:
    """The value of a `points:` key (a YAML list, items indented under it) from item blocks."""
    return "\n" + "\n".join("  - " + textwrap.indent(textwrap.dedent(item).strip(), "    ")[4:]
                            for item in items)


GATE = """\
id: cong-dinh
title: Cổng đình
summary: Lối vào, nhìn ra đường làng.
"""
STELE_POINT = f"""\
id: bia-da
title: Bia đá
summary: Tấm bia trước sân đình.
body: "Bia **dựng** trước sân."
location: {{lat: 10.75, lon: 106.9}}
inscription:
  original: "{STELE_YAML}"
  transliteration: "Đại Nam\\nTrung nghĩa từ"
  translation: "Đền thờ người trung nghĩa nước Đại Nam"
"""


def points_project(project, *items: str, files: dict | None = None):
    return project({"diachido.yml": CONFIG,
                    "sites/a.md": entry(points=points_yaml(*(items or (GATE, STELE_POINT)))),
                    **(files or {})})


def registry(p) -> dict:
    return yaml.safe_load((p.root / "codes.yml").read_text("utf-8"))


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def decode_png(path) -> list[str]:
    image = Image.open(path)
    return [r.text for r in zxingcpp.read_barcodes(image, try_invert=False)]


# --- codes -------------------------------------------------------------------------------------

def test_points_get_permanent_codes_in_the_registry_in_order(project):
    p = points_project(project)
    run = p.build()
    assert "NT01-1" in run.out and "NT01-2" in run.out  # "registered new codes" names them
    points = registry(p)["NT01"]["points"]
    assert {number: record["id"] for number, record in points.items()} == {
        1: "cong-dinh", 2: "bia-da"}
    for code in ("NT01-1", "NT01-2"):
        assert (p.out / f"q/{code}.html").is_file() and (p.out / f"q/{code}/index.html").is_file()
    before = (p.root / "codes.yml").read_bytes()
    p.build()
    assert (p.root / "codes.yml").read_bytes() == before  # nothing new: nothing written


def test_a_renamed_point_keeps_its_code_when_it_says_so(project):
    p = points_project(project)
    p.build()
    renamed = GATE.replace("id: cong-dinh", "id: cong-chinh")
    p.write("sites/a.md", entry(points=points_yaml(renamed, STELE_POINT)))
    run = p.run("build")
    assert_problem(run, "codes.yml", 8, "point-code-missing", fix="fix_if_suggestion",
                   code="NT01-1", id="cong-dinh", path="sites/a.md", suggestion="cong-chinh")
    p.write("sites/a.md", entry(points=points_yaml(renamed + "code: NT01-1\n", STELE_POINT)))
    p.build()
    assert registry(p)["NT01"]["points"][1]["id"] == "cong-dinh"  # the id it was issued for
    assert 3 not in registry(p)["NT01"]["points"]
    section = soup(p.out / "a/index.html").select_one("li#cong-chinh")
    assert section.select_one(".code").get_text() == "NT01-1"


def test_a_deleted_point_needs_retired_and_its_number_is_never_reused(project):
    p = points_project(project)
    p.build()
    p.write("sites/a.md", entry(points=points_yaml(STELE_POINT)))
    assert_problem(p.run("build"), "codes.yml", 8, "point-code-missing", code="NT01-1",
                   id="cong-dinh", path="sites/a.md", suggestion="")
    text = (p.root / "codes.yml").read_text("utf-8")
    text = text.replace("1: {id: cong-dinh, issued:", "1: {retired: {notice: Cổng đã dời.}, "
                        "id: cong-dinh, issued:")
    p.write("codes.yml", text)
    new = "id: cong-moi\ntitle: Cổng mới\nsummary: Cổng xây lại.\n"
    p.write("sites/a.md", entry(points=points_yaml(STELE_POINT, new)))
    p.build()
    points = registry(p)["NT01"]["points"]
    assert points[3]["id"] == "cong-moi" and points[1]["retired"]["notice"] == "Cổng đã dời."
    notice = soup(p.out / "q/NT01-1/index.html")
    assert "Cổng đã dời." in notice.get_text()
    assert notice.select_one("main a[href$='a/']") is not None  # a way on to its site
    # A retired number cannot be taken back by writing it on a point.
    p.write("sites/a.md", entry(points=points_yaml(STELE_POINT, new + "code: NT01-1\n")))
    assert_problem(p.run("build"), "sites/a.md", 17, "point-code-retired", code="NT01-1",
                   id="cong-moi")


def test_new_codes_go_under_their_site_and_keep_the_rest_of_the_registry(project):
    p = project({"diachido.yml": CONFIG, "sites/a.md": entry(),
                 "sites/b.md": entry("NT02", "Đình Hai")})
    p.build()
    p.write("codes.yml", (p.root / "codes.yml").read_text("utf-8").replace(
        "NT01:\n", "# giữ dòng này\nNT01:\n"))
    p.write("sites/a.md", entry(points=points_yaml(GATE)))
    p.build()
    text = (p.root / "codes.yml").read_text("utf-8")
    assert "# giữ dòng này" in text
    assert text.index("cong-dinh") < text.index("NT02:")  # inside NT01's record
    assert registry(p)["NT02"] == {"slug": "b", "issued": registry(p)["NT02"]["issued"]}


@pytest.mark.parametrize(("items", "line", "message_id", "params"), [
    ((GATE, GATE), 11, "point-duplicate-id", {"number": 2, "id": "cong-dinh"}),
    (("id: Cổng Đình\ntitle: A\nsummary: B\n",), 8, "bad-point-id",
     {"number": 1, "value": "Cổng Đình", "suggestion": "cong-dinh"}),
    # A point's 360° box suffixes these ids with the point's id: none may be taken whole.
    (("id: pano-dialog-bia\ntitle: A\nsummary: B\n",), 8, "bad-point-id",
     {"number": 1, "value": "pano-dialog-bia", "suggestion": "diem-pano-dialog-bia"}),
    ((GATE, "id: bia\nsummary: B\n"), 11, "point-missing-key",
     {"number": 2, "id": "bia", "missing": "title"}),
    (("id: bia\ntitle: A\nsummary: B\ninscription: {translation: C}\n",), 8,
     "point-missing-key", {"number": 1, "id": "bia", "missing": "inscription.original"}),
    (("id: bia\ntitle: A\nsummary: B\ninscription: [C]\n",), 8, "bad-inscription",
     {"number": 1, "got": "list"}),
    (("id: bia\ntitle: A\nsummary: B\ncode: NT01-x\n",), 8, "bad-point-code",
     {"number": 1, "value": "NT01-x"}),
])
def test_bad_points_name_the_file_and_the_item_line(project, items, line, message_id, params):
    p = points_project(project, *items)
    assert_problem(p.run("build"), "sites/a.md", line, message_id, key="points", **params)


def test_a_translation_translates_points_by_id(project):
    en = ("---\ntitle: Phu My communal house\nsummary: An old house.\ncategory: c\naddress: a\n"
          "points:\n  - id: bia-da\n    title: The stele\n    summary: A stele.\n"
          "    inscription: {translation: Temple of the loyal}\n---\n\nText.\n")
    p = points_project(project, files={"sites/a.en.md": en})
    p.build()
    page = soup(p.out / "en/a/index.html")
    stele = page.select_one("li#bia-da")
    assert stele.h3.get_text().startswith("The stele")
    assert "Temple of the loyal" in stele.select_one(".inscription").get_text()
    assert page.select_one("li#cong-dinh")["lang"] == "vi"  # untranslated: marked Vietnamese
    data = json.loads((p.out / "data/sites.json").read_bytes())["points"]
    assert [(d["title_en"], d["identifier"]) for d in data] == [("", "NT01-1"),
                                                               ("The stele", "NT01-2")]
    p.write("sites/a.en.md", en.replace("id: bia-da", "id: bia"))
    assert_problem(p.run("build"), "sites/a.en.md", 7, "point-unknown-id", id="bia",
                   known="cong-dinh, bia-da")


# --- pages and landings ------------------------------------------------------------------------

def test_points_are_anchored_sections_in_order_with_the_inscription(project):
    p = points_project(project)
    p.build()
    page = soup(p.out / "a/index.html")
    items = page.select("section.points li.point")
    assert [li["id"] for li in items] == ["cong-dinh", "bia-da"]
    original = items[1].select_one(".inscription .han")
    assert original["lang"] == "lzh" and original.get_text() == STELE
    assert items[1].select_one(".body strong").get_text() == "dựng"
    assert page.select_one(".plate-check") is None  # the page itself is no landing


def test_a_point_landing_is_the_site_page_with_the_box_in_the_point(project):
    p = points_project(project)
    p.build()
    for file in ("q/NT01-2.html", "q/NT01-2/index.html"):
        page = soup(p.out / file)
        box = page.select_one("li#bia-da .plate-check")
        assert box is not None and box["data-point"] == "bia-da", file
        assert [s.get_text() for s in box.select("strong")] == ["Bia đá", "NT01-2"]
        assert page.select_one("li#bia-da h3 .code").get_text() == "NT01-2"  # codes filled in
        assert "Đình Phú Mỹ" in box.get_text()
        assert len(page.select(".plate-check")) == 1
        assert page.select_one("link[rel=canonical]")["href"] == f"{BASE}/a/"
    assert "Bia đá · Đình Phú Mỹ" in soup(p.out / "q/index.html").get_text()


def test_open_data_and_json_ld_list_the_points(project):
    p = points_project(project)
    p.build()
    data = json.loads((p.out / "data/sites.json").read_bytes())
    assert "points" not in data["sites"][0]  # rows of their own, naming their site
    assert [(d["identifier"], d["isPartOf"]) for d in data["points"]] == [
        ("NT01-1", "NT01"), ("NT01-2", "NT01")]
    assert data["points"][1]["plate_url"] == f"{BASE}/q/NT01-2"
    features = json.loads((p.out / "data/sites.geojson").read_bytes())["features"]
    assert [(f["id"], f["properties"]["isPartOf"], f["geometry"]["coordinates"])
            for f in features] == [("NT01-2", "NT01", [106.9, 10.75])]  # the stele's location
    ld = place_node(soup(p.out / "a/index.html"))
    assert [place["identifier"] for place in ld["containsPlace"]] == ["NT01-1", "NT01-2"]
    assert ld["containsPlace"][1]["geo"]["latitude"] == 10.75


def test_a_trail_stop_may_name_a_point(project):
    trail = "---\ntitle: Đi\nsummary: Một tuyến.\nstops: [NT01, NT01-2, NT02]\n---\n\nĐi.\n"
    p = points_project(project, files={"sites/b.md": entry("NT02", "Đình Hai"),
                                       "trails/di.md": trail})
    p.build()
    links = soup(p.out / "trails/di/index.html").select("ol.stops a")
    assert [a["href"] for a in links] == ["../../a/", "../../a/#bia-da", "../../b/"]
    assert "Bia đá" in links[1].get_text()


# --- plates ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("size", "trim_mm"), [("A6", (105, 148)), ("label", (100, 70))])
def test_point_plates_decode_at_size_and_join_all_pdf(project, size, trim_mm):
    p = points_project(project)
    p.write("diachido.yml", CONFIG + f"plates:\n  point_size: {size}\n")
    p.build()
    for code in ("NT01-1", "NT01-2"):
        assert decode_png(p.out / f"plates/{code}.png") == [f"{BASE}/q/{code}"]
        image = Image.open(p.out / f"plates/{code}.png")
        assert [round(px / 300 * 25.4) for px in image.size] == list(trim_mm)
        svg = (p.out / f"plates/{code}.svg").read_text("utf-8")
        assert f'width="{trim_mm[0]}mm" height="{trim_mm[1]}mm"' in svg
    assert len(PdfReader(p.out / "plates/all.pdf").pages) == 3
    index = soup(p.out / "plates/index.html")
    row = next(tr for tr in index.select("tr") if "NT01-2" in tr.get_text())
    assert re.search(r"\d\.\d\d", row.get_text())  # the module size, in mm
    assert row.select_one("a[href$='a/#bia-da']") is not None


def test_point_size_is_checked(project):
    p = points_project(project)
    p.write("diachido.yml", CONFIG + "plates:\n  point_size: A5\n")
    assert_problem(p.run("build"), "diachido.yml", 6, "bad-plate-size", key="plates.point_size",
                   value="A5", allowed="A6, label")


def test_plates_report_covers_point_plates(project):
    p = points_project(project)
    p.build()
    run = p.run("plates", "--report")
    assert run.code == 0, run.err
    assert re.search(r"NT01-2\s+a#bia-da", run.out)


def test_plates_report_has_headers_and_its_columns_stay_aligned_with_points(project):
    """A point's slug (site#point) is longer than a site's: every row's columns still start
    under their header."""
    from test_errors import CATALOGUES

    p = points_project(project, GATE.replace("cong-dinh", "cong-dinh-phia-truoc-san-dinh"),
                       STELE_POINT)
    p.build()
    text = (p.root / "codes.yml").read_text("utf-8").replace(
        "  slug: a\n", "  slug: a\n  plate: {installed: 2026-01-10}\n")
    p.write("codes.yml", text)
    run = p.run("plates", "--report", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert run.code == 0, run.err
    labels = CATALOGUES["vi"]["_summary"]
    heads = [labels[f"inspection_head_{c}"] for c in ("code", "site", "last", "due", "status")]
    header, *rows = run.out.splitlines()[:4]
    starts = [header.index(head) for head in heads]
    assert starts == sorted(starts) and starts[0] == 0
    assert [row.split()[0] for row in rows] == ["NT01", "NT01-1", "NT01-2"]
    for row in rows:
        cells = [row[start:end].strip()
                 for start, end in zip(starts, [*starts[1:], None], strict=True)]
        assert all(cells) and " " not in cells[0] and " " not in cells[1], (row, cells)
    assert "a#cong-dinh-phia-truoc-san-dinh" in rows[1]
    assert rows[0][starts[2]:].startswith("2026-01-10")
    assert rows[0][starts[3]:].startswith("2027-01-10")


def test_plates_report_on_a_broken_registry_names_the_date_line_and_no_build(project):
    from test_errors import CATALOGUES, assert_problem, fill

    p = points_project(project)
    p.build()
    text = (p.root / "codes.yml").read_text("utf-8").replace(
        "  slug: a\n", "  slug: a\n  plate:\n    installed: 2026-01-10\n"
                       "    last_inspected: \"tháng trước\"\n")
    p.write("codes.yml", text)
    run = p.run("plates", "--report")
    line = text.split("\n").index('    last_inspected: "tháng trước"') + 1
    assert_problem(run, "codes.yml", line, "registry-bad-date", fix="fix",
                   key="plate.last_inspected", value="tháng trước", code="NT01")
    assert fill(CATALOGUES["vi"]["_summary"]["report_failed"], errors=1) in run.err
    assert "build/" not in run.err


# --- validity ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_page_with_points_and_an_inscription_is_valid_html(project):
    from test_html_valid import _vnu

    p = points_project(project)
    p.build()
    assert _vnu(p.out) == []


@pytest.fixture(scope="module")
def points_site(tmp_path_factory):
    from server import serve

    p = make_project(tmp_path_factory.mktemp("points"), {
        "diachido.yml": CONFIG, "sites/a.md": entry(
            body="\n\n".join(["## Lịch sử", *(["Một đoạn văn dài về lịch sử ngôi đình."] * 30)]),
            points=points_yaml(GATE, STELE_POINT)),
        "sites/b.md": entry("NT02", "Đình Hai")})
    p.build("--base-url", BASE)
    with serve(p.out) as base:
        yield base


@pytest.mark.browser
def test_a_point_plate_lands_on_its_section(browser, points_site):
    from test_visitor import VI, phone

    context = phone(browser, service_workers="block", **VI)
    page = context.new_page()
    page.goto(points_site + "/q/NT01-2")
    page.wait_for_load_state("load")
    assert page.url == points_site + "/q/NT01-2"  # no hop
    top = page.evaluate("document.querySelector('#bia-da .plate-check')"
                        ".getBoundingClientRect().top")
    assert page.evaluate("window.scrollY") > 200 and -1 <= top < 100
    page.screenshot(path="/tmp/points-landing-360.png", full_page=False)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("typed", ["nt01-2", "NT012", " NT01-2 "])
def test_the_code_box_finds_a_point(browser, points_site, typed):
    from test_visitor import VI, phone

    context = phone(browser, service_workers="block", **VI)
    page = context.new_page()
    page.goto(points_site + "/")
    page.locator("#code").fill(typed)
    page.locator("form.codebox button").click()
    page.wait_for_url("**/q/NT01-2/")
    assert page.locator("#bia-da .plate-check .code").inner_text() == "NT01-2"
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/a/", "/q/NT01-2/", "/en/a/"])
def test_axe_finds_nothing_on_pages_with_points(browser, points_site, path):
    from test_visitor import AXE_RUN, AXE_TAGS, phone
    from tools import AXE_JS, require

    context = phone(browser, bypass_csp=True, service_workers="block")
    page = context.new_page()
    page.goto(points_site + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(require(AXE_JS)))
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    context.close()


def test_a_located_point_has_its_own_marker_and_legend_on_the_map(project):
    p = points_project(project)
    p.build()
    page = soup(p.out / "map/index.html")
    link = page.select_one("svg a[href$='a/#bia-da']")
    assert link is not None and "NT01-2" in link.title.get_text()
    assert link.select("circle")[-1]["fill"] == "#ffffff"  # a ring, not the sites' dot
    legend = page.select_one("figcaption.legend").get_text()
    assert "điểm tham quan" in legend


def test_a_point_photo_is_published_and_shown_in_its_section(project):
    from conftest import jpeg_with_exif

    photo = "photo: {src: a/bia.jpg, alt: Tấm bia đá trước sân, caption: Mặt trước}\n"
    p = points_project(project, GATE, STELE_POINT + photo)
    jpeg_with_exif(p.root / "media/a/bia.jpg")
    p.build()
    figure = soup(p.out / "a/index.html").select_one("li#bia-da figure")
    assert figure.img["alt"] == "Tấm bia đá trước sân"
    assert (p.out / figure.img["src"].replace("../", "", 1)).is_file()
    assert figure.figcaption.get_text() == "Mặt trước"
    no_alt = STELE_POINT + "photo: {src: a/bia.jpg}\n"
    p.write("sites/a.md", entry(points=points_yaml(GATE, no_alt)))
    assert_problem(p.run("build"), "sites/a.md", 11, "point-photo-missing-alt", key="points",
                   number=2, src="a/bia.jpg")


@pytest.mark.parametrize("title", ["Bia", "Đền thờ liệt sĩ và công viên nghĩa trang của huyện "
                                          "Nhơn Trạch, một tên rất dài phải xuống dòng"])
def test_label_layout_keeps_text_in_the_safe_area_and_off_the_qr(title):

    from conftest import REPO

    from generator.plates.geometry import SAFE_MM, Box, PlateText
    from generator.plates.layout import compute_layout

    plate = PlateText("NT01-12", f"{BASE}/q/NT01-12", title, "The martyrs' temple",
                      "Địa đạo Nhơn Trạch", "Quét mã để xem thuyết minh", "Scan for the story",
                      "label")
    layout = compute_layout(plate, REPO / "theme" / "fonts")
    assert (layout.width, layout.height) == (100.0, 70.0)
    safe = Box(SAFE_MM, SAFE_MM, layout.width - 2 * SAFE_MM, layout.height - 2 * SAFE_MM)
    qr, quiet = layout.qr_box, 4 * layout.module_mm
    assert Box(qr.x + quiet, qr.y + quiet, qr.w - 2 * quiet, qr.h - 2 * quiet).inside(safe)
    assert layout.module_mm >= 1.0
    for name, box in layout.text_boxes:
        assert box.inside(safe) and not box.overlaps(qr), name


def test_a_project_without_points_carries_nothing_of_them(project):
    """The byte-for-byte promise, as far as a test can hold it without the old generator: no
    point CSS, the code box as before, and no `points:` in the registry. (The open data's
    points table is always there, empty here: one shape for every project, issue 23.)"""
    p = project({"diachido.yml": CONFIG, "sites/a.md": entry()})
    p.build()
    page = (p.out / "a/index.html").read_text("utf-8")
    assert ".inscription" not in page and "points" not in page
    data = json.loads((p.out / "data/sites.json").read_text("utf-8"))
    assert data["points"] == [] and "points" not in data["sites"][0]
    box = soup(p.out / "index.html").select_one("form.codebox")
    assert "data-point-digits" not in box.attrs
    assert box.input["pattern"] == "[A-Za-z]{2,4}[0-9]{2,4}"
    assert "points" not in registry(p)["NT01"]


def test_a_code_written_on_a_new_point_is_registered_and_the_next_goes_past_it(project):
    p = points_project(project, GATE + "code: NT01-5\n", STELE_POINT)
    p.build()
    assert {n: r["id"] for n, r in registry(p)["NT01"]["points"].items()} == {
        5: "cong-dinh", 6: "bia-da"}
    p.write("sites/a.md", entry(points=points_yaml(GATE + "code: NT02-1\n")))
    assert_problem(p.run("build"), "sites/a.md", 8, "point-code-other-site", code="NT02-1",
                   id="cong-dinh", site="NT01")


def test_a_printed_code_cannot_silently_move_to_another_point(project):
    """`code: NT01-1` on another point while the point it was issued for still exists would
    send every printed NT01-1 plate to the wrong place: both are named instead."""
    p = points_project(project)
    p.build()
    p.write("sites/a.md", entry(points=points_yaml(GATE, STELE_POINT + "code: NT01-1\n")))
    assert_problem(p.run("build"), "sites/a.md", 11, "point-duplicate-code", code="NT01-1",
                   id="bia-da", owner="cong-dinh")


def test_a_printed_point_code_stays_with_its_point_whatever_the_order_of_the_points(project):
    """The newcomer is listed first this time: the point NT01-1 was issued for keeps it."""
    p = points_project(project)
    p.build()
    text = entry(points=points_yaml(STELE_POINT + "code: NT01-1\n", GATE))
    p.write("sites/a.md", text)
    run = p.run("build")
    lines = text.split("\n")
    stele, gate = lines.index("  - id: bia-da") + 1, lines.index("  - id: cong-dinh") + 1
    assert_problem(run, "sites/a.md", stele, "point-duplicate-code", code="NT01-1", id="bia-da",
                   owner="cong-dinh")
    assert f"sites/a.md, dòng {gate}" not in run.err, run.err


def test_a_translation_may_repeat_shared_keys_and_the_vietnamese_ones_win(project):
    """The web editor writes a translated list whole: its copies of code, location and the
    inscription's original must not break the build nor replace the Vietnamese facts."""
    en = ("---\ntitle: T\nsummary: S.\ncategory: c\naddress: a\npoints:\n"
          "  - id: bia-da\n    title: The stele\n    summary: A stele.\n"
          "    location: {lat: 1.0, lon: 2.0}\n"
          "    inscription: {original: X, translation: Loyal}\n---\n\nText.\n")
    p = points_project(project, files={"sites/a.en.md": en})
    p.build()
    stele = soup(p.out / "en/a/index.html").select_one("li#bia-da")
    assert stele.select_one(".han").get_text() == STELE
    features = json.loads((p.out / "data/sites.geojson").read_bytes())["features"]
    assert features[0]["geometry"]["coordinates"] == [106.9, 10.75]


def test_a_draft_keeps_its_point_codes_and_they_land_on_a_notice(project):
    p = points_project(project)
    p.build()
    p.write("sites/a.md", entry(points=points_yaml(GATE, STELE_POINT), draft="true"))
    p.write("sites/b.md", entry("NT02", "Đình Hai"))
    p.build()
    assert set(registry(p)["NT01"]["points"]) == {1, 2}
    notice = soup(p.out / "q/NT01-2/index.html")
    assert notice.select_one("li.point") is None and notice.h1 is not None
    assert not (p.out / "plates/NT01-2.png").exists()  # no plate for an unpublished site


def test_code_list_orders_points_by_number_after_their_site():
    from generator.content.code_choice import code_order

    codes = ["NT01-10", "NT02", "NT01-2", "NT01", "NT01-1"]
    assert sorted(codes, key=code_order) == ["NT01", "NT01-1", "NT01-2", "NT01-10", "NT02"]


def test_retiring_the_highest_point_never_gives_its_number_again(project):
    """The next number comes from codes.yml (every number ever issued), not from the points the
    entry still has: with the highest point (NT01-2) retired and gone from the entry, the new
    point is NT01-3, not NT01-2 again."""
    p = points_project(project)
    p.build()
    assert sorted(registry(p)["NT01"]["points"]) == [1, 2]
    text = (p.root / "codes.yml").read_text("utf-8")
    assert "2: {id: bia-da, issued:" in text
    p.write("codes.yml", text.replace("2: {id: bia-da, issued:",
                                      "2: {retired: {notice: Bia đã chuyển về bảo tàng.}, "
                                      "id: bia-da, issued:"))
    new = "id: cong-moi\ntitle: Cổng mới\nsummary: Cổng xây lại.\n"
    p.write("sites/a.md", entry(points=points_yaml(GATE, new)))
    p.build()
    points = registry(p)["NT01"]["points"]
    assert sorted(points) == [1, 2, 3]
    assert points[3]["id"] == "cong-moi" and "retired" in points[2]
    assert "NT01-3" in (p.out / "a/index.html").read_text("utf-8")
