"""The SVG overview map: simplified boundary files, projection, markup, safety and accessibility."""

from __future__ import annotations

import itertools
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ARTIFACTS, REPO

from generator.problems import Invalid
from generator.render.maps.geodata import regenerate, simplify_geojson
from generator.render.maps.geomap import (
    COMMUNES_FILE,
    GEO_DIR,
    PROVINCE_FILE,
    MapPoint,
    map_frame,
    render_map_svg,
    route_svg,
)
from generator.render.maps.geometry import frame_for, project

SVG = "{http://www.w3.org/2000/svg}"
# The upstream boundary files are not in the repository: they are in the shared folder that
# sits beside the clone (../shared, where CI checks it out too).
SOURCE = REPO.parent / "shared" / "data" / "geo"


def upstream() -> Path:
    """The upstream GeoJSON folder. Missing is a broken set-up, never a reason to skip."""
    assert (SOURCE / "dong-nai-province.geojson").is_file(), (
        f"the upstream boundaries are missing: {SOURCE} (../shared/data/geo from the repository "
        "root) must hold dong-nai-province.geojson and the commune files; check the shared "
        "folder out beside the clone")
    return SOURCE
# Upstream bounding boxes (west, south, east, north), from the raw files.
ORIGINAL_BBOX = {
    "75": (106.411796, 10.579703, 107.575787, 12.300009),
    "26485": (106.825679, 10.687912, 106.963696, 10.785334),
    "26491": (106.75131, 10.626917, 106.863545, 10.780808),
    "26503": (106.816133, 10.579113, 107.01783, 10.731778),
}
POINTS = [
    MapPoint("NT01", "Địa đạo Nhơn Trạch", 10.75, 106.90, "/dia-dao-nhon-trach/"),  # Nhơn Trạch
    MapPoint("NT02", "Đình Phước Thiền", 10.70, 106.78, "/dinh-phuoc-thien/"),  # Đại Phước
    MapPoint("NT03", "Di tích Giồng Sắn", 10.62, 106.97, "/giong-san/"),  # Phước An
    MapPoint("NT04", "Đình Phú Mỹ", 10.78, 106.86, "/dinh-phu-my/"),  # Nhơn Trạch, north
]
FITS = ("province", "communes", "points")


def _features(name: str) -> list[dict]:
    return json.loads((GEO_DIR / name).read_text(encoding="utf-8"))["features"]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


def _marker(link: ET.Element) -> tuple[float, float]:
    """Centre of the visible (filled) marker circle inside a link."""
    circle = [c for c in link.iter(f"{SVG}circle") if c.get("fill") not in ("none", "#ffffff")]
    return float(circle[0].get("cx")), float(circle[0].get("cy"))


def _viewbox(root: ET.Element) -> tuple[float, float]:
    _, _, w, h = map(float, root.get("viewBox").split())
    return w, h


# --- the simplified files -------------------------------------------------------------------

def test_simplified_files_exist_and_are_small():
    sizes = {name: (GEO_DIR / name).stat().st_size for name in (PROVINCE_FILE, COMMUNES_FILE)}
    assert sum(sizes.values()) < 40_000, sizes
    attribution = (GEO_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for text in ("vietnamese-provinces-database", "Thang Le Quoc", "MIT License",
                 "Permission is hereby granted", "Douglas–Peucker", "sapnhap.bando.com.vn",
                 "--regenerate"):
        assert text in attribution


def test_simplified_files_hold_the_province_and_three_communes_with_name_and_code():
    province, communes = _features(PROVINCE_FILE), _features(COMMUNES_FILE)
    assert [f["properties"]["code"] for f in province] == ["75"]
    assert [f["properties"]["code"] for f in communes] == ["26485", "26491", "26503"]
    assert [f["properties"]["name"] for f in communes] == ["Nhơn Trạch", "Đại Phước", "Phước An"]


@pytest.mark.parametrize("name", [PROVINCE_FILE, COMMUNES_FILE])
def test_every_ring_is_closed_rounded_and_inside_the_original_bbox(name):
    half_unit = 0.5e-5  # rounding to 5 decimals may move a vertex this far
    for feature in _features(name):
        assert feature["geometry"]["type"] == "MultiPolygon"
        west, south, east, north = ORIGINAL_BBOX[feature["properties"]["code"]]
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert len({tuple(p) for p in ring}) >= 3
                for lon, lat in ring:
                    assert round(lon, 5) == lon and round(lat, 5) == lat
                    assert west - half_unit <= lon <= east + half_unit
                    assert south - half_unit <= lat <= north + half_unit


def test_douglas_peucker_drops_noise_and_keeps_corners(tmp_path):
    # A 0.1° square whose bottom edge wobbles by 0.0001° (below the tolerance).
    bottom = [[round(0.01 * k, 5), 0.0001 * (k % 2)] for k in range(11)]
    ring = bottom + [[0.1, 0.1], [0.0, 0.1], [0.0, 0.0]]
    src = tmp_path / "square.geojson"
    src.write_text(json.dumps({"type": "Feature", "properties": {"code": "1", "name": "Ô",
                                                                 "extra": "dropped"},
                               "geometry": {"type": "Polygon", "coordinates": [ring]}}))
    out = simplify_geojson(src, 0.001)
    (feature,) = out["features"]
    assert feature["properties"] == {"code": "1", "name": "Ô"}
    (polygon,) = feature["geometry"]["coordinates"]
    assert sorted(map(tuple, polygon[0][:-1])) == [(0.0, 0.0), (0.0, 0.1), (0.1, 0.0), (0.1, 0.1)]
    assert polygon[0][0] == polygon[0][-1]
    with pytest.raises(Invalid):
        simplify_geojson(src, 1.0)  # the whole square collapses


def test_regeneration_is_reproducible(tmp_path):
    sizes = regenerate(upstream(), tmp_path)
    for name in (PROVINCE_FILE, COMMUNES_FILE, "ATTRIBUTION.md"):
        assert (tmp_path / name).read_bytes() == (GEO_DIR / name).read_bytes(), name
        assert sizes[name] == (GEO_DIR / name).stat().st_size


def test_regenerate_entry_point(tmp_path):
    done = subprocess.run([sys.executable, "-m", "generator.render.maps.geodata",
                           "--regenerate", str(upstream()), "--out", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert COMMUNES_FILE in done.stdout and (tmp_path / PROVINCE_FILE).is_file()


# --- projection -----------------------------------------------------------------------------

def test_project_scales_longitude_by_the_cosine_of_latitude():
    frame = frame_for((106.0, 10.0, 107.0, 11.0), 360, pad=10)
    assert project(11.0, 106.0, frame) == pytest.approx((10, 10))  # north-west corner
    x, y = project(10.0, 107.0, frame)  # south-east corner
    assert x == pytest.approx(350)
    ratio = (y - 10) / (x - 10)
    assert frame.kx == pytest.approx(math.cos(math.radians(10.5)))
    assert ratio == pytest.approx(1 / frame.kx)
    assert frame.height == pytest.approx(y + 10)


# --- the rendered map -----------------------------------------------------------------------

@pytest.mark.parametrize("fit", FITS)
def test_map_has_one_titled_link_per_point(fit):
    root = _parse(render_map_svg(POINTS, GEO_DIR, fit=fit))
    links = _links(root)
    assert [a.get("href") for a in links] == [p.href for p in POINTS]
    for link, point in zip(links, POINTS, strict=True):
        assert link.find(f"{SVG}title").text == f"{point.code} {point.title}"
        label = [t.text for t in link.iter(f"{SVG}text")]
        assert label == [point.code]


def test_map_root_is_labelled_and_commune_boundaries_are_titled():
    root = _parse(render_map_svg(POINTS, GEO_DIR))
    assert root.get("role") == "group"  # not img: it would hide the links (axe nested-interactive)
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id") and title.text
    assert root.get("aria-describedby") == desc.get("id") and "4" in desc.text
    paths = [p.find(f"{SVG}title").text for p in root.iter(f"{SVG}path")
             if p.find(f"{SVG}title") is not None]
    assert paths == ["Đồng Nai", "Phường Nhơn Trạch", "Xã Đại Phước", "Xã Phước An"]
    assert _parse(render_map_svg([], GEO_DIR)).get("role") == "img"  # nothing to click: a picture


@pytest.mark.parametrize("fit", FITS)
def test_points_project_inside_and_in_geographic_order(fit):
    root = _parse(render_map_svg(POINTS, GEO_DIR, fit=fit))
    width, height = _viewbox(root)
    frame = map_frame(POINTS, GEO_DIR, fit=fit)
    xy = [_marker(a) for a in _links(root)]
    for (x, y), point in zip(xy, POINTS, strict=True):
        assert 0 < x < width and 0 < y < frame.height < height
        px, py = project(point.lat, point.lon, frame)
        assert (x, y) == pytest.approx((px, py), abs=0.06)
    for (a, pa), (b, pb) in itertools.combinations(zip(xy, POINTS, strict=True), 2):
        assert (a[0] < b[0]) == (pa.lon < pb.lon), "east is right"
        assert (a[1] < b[1]) == (pa.lat > pb.lat), "north is up"


def test_province_fit_shows_the_whole_province_and_points_outside_widen_it():
    frame = map_frame(POINTS, GEO_DIR)
    west, south, east, north = ORIGINAL_BBOX["75"]
    assert frame.west <= west + 1e-5 and frame.east >= east - 1e-5
    assert frame.south <= south + 1e-5 and frame.north >= north - 1e-5
    saigon = MapPoint("HCM", "Dinh Độc Lập", 10.777, 106.695, "/hcm/")
    vung_tau = MapPoint("VT", "Tượng Chúa Kitô", 10.325, 107.085, "/vt/")
    root = _parse(render_map_svg([*POINTS, vung_tau], GEO_DIR))
    width, _ = _viewbox(root)
    frame = map_frame([*POINTS, vung_tau], GEO_DIR)
    assert frame.south <= 10.325
    x, y = _marker(_links(root)[-1])
    assert 0 < x < width and 0 < y < frame.height
    assert map_frame([saigon], GEO_DIR, fit="communes").west <= 106.695


def test_attribution_is_printed():
    svg = render_map_svg(POINTS, GEO_DIR)
    text = " ".join(_parse(svg).itertext())
    for needle in ("vietnamese-provinces-database", "Thang Le Quoc", "MIT", "sapnhap.bando.com.vn"):
        assert needle in text
    assert "Boundaries:" in render_map_svg(POINTS, GEO_DIR, lang="en")


def test_output_is_deterministic_and_scalable():
    for draw in (render_map_svg, route_svg):
        first = draw(POINTS, GEO_DIR, highlight="NT02")
        assert first == draw(POINTS, GEO_DIR, highlight="NT02")
        root = _parse(first)
        assert root.get("viewBox") and root.get("width") is None and root.get("height") is None
    numbers = re.findall(r"\d+\.\d+", render_map_svg(POINTS, GEO_DIR))
    assert numbers and all(len(n.split(".")[1]) == 1 for n in numbers), "one decimal, fixed"


def test_text_is_escaped():
    hostile = MapPoint('X<1>&"', '<script>alert("x")</script> & "quotes" \'q\'', 10.74, 106.9,
                       '/a?b=1&c="2"')
    svg = render_map_svg([hostile], GEO_DIR, title="<b>Bản đồ</b>", desc="a & b")
    root = _parse(svg)
    assert not any(el.tag.endswith(("script", "b")) for el in root.iter())
    (link,) = _links(root)
    assert link.get("href") == hostile.href
    assert link.find(f"{SVG}title").text == f"{hostile.code} {hostile.title}"
    assert root.find(f"{SVG}title").text == "<b>Bản đồ</b>"
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_no_scripts_handlers_styles_or_external_references():
    for svg in (render_map_svg(POINTS, GEO_DIR), route_svg(POINTS, GEO_DIR, highlight="NT01")):
        for el in _parse(svg).iter():
            assert not el.tag.endswith(("script", "foreignObject", "image", "use", "style"))
            for key in el.attrib:
                assert not key.startswith("on") and key != "style"
                assert "href" not in key or el.tag == f"{SVG}a"
        assert "url(" not in svg and "xlink" not in svg
        assert svg.count("http") == 1  # the xmlns only
    for bad in ("javascript:alert(1)", " JavaScript:x", "data:text/html,x", "vbscript:x"):
        with pytest.raises(Invalid):
            render_map_svg([MapPoint("X", "x", 10.7, 106.9, bad)], GEO_DIR)


@pytest.mark.parametrize("fit", FITS)
def test_svg_for_four_points_is_small(fit):
    assert len(render_map_svg(POINTS, GEO_DIR, fit=fit).encode()) < 50_000
    assert len(route_svg(POINTS, GEO_DIR, fit=fit).encode()) < 50_000


def test_highlight_marks_one_point():
    root = _parse(render_map_svg(POINTS, GEO_DIR, highlight="NT03"))
    current = [a.get("href") for a in _links(root) if a.get("aria-current")]
    assert current == ["/giong-san/"]


def test_route_draws_the_points_in_order_with_numbered_markers():
    root = _parse(route_svg(POINTS, GEO_DIR))
    lines = list(root.iter(f"{SVG}polyline"))
    assert lines
    coords = [float(v) for v in lines[-1].get("points").split()]
    links = _links(root)
    assert list(zip(coords[::2], coords[1::2], strict=True)) == [_marker(a) for a in links]
    for number, (link, point) in enumerate(zip(links, POINTS, strict=True), 1):
        assert link.find(f"{SVG}title").text == f"{number}. {point.code} {point.title}"
        assert [t.text for t in link.iter(f"{SVG}text")][:1] == [str(number)]
    assert not list(_parse(render_map_svg(POINTS, GEO_DIR)).iter(f"{SVG}polyline"))


def test_two_maps_on_one_page_get_distinct_ids():
    a = _parse(render_map_svg(POINTS, GEO_DIR))
    b = _parse(route_svg(POINTS, GEO_DIR))
    assert a.get("aria-labelledby") != b.get("aria-labelledby")
    with pytest.raises(Invalid):
        render_map_svg(POINTS, GEO_DIR, id_prefix='x" onload="alert(1)')


# --- in a real page -------------------------------------------------------------------------

def _page(svg: str) -> str:
    return ("<!doctype html><html lang=vi><head><meta charset=utf-8><title>Bản đồ</title>"
            "<meta name=viewport content='width=device-width'></head><body><main>"
            f"<h1>Bản đồ</h1>{svg}</main></body></html>")


@pytest.mark.slow
def test_inlined_map_is_valid_html(tmp_path):
    from test_html_valid import _vnu

    (tmp_path / "map.html").write_text(_page(render_map_svg(POINTS, GEO_DIR, highlight="NT01")
                                             + route_svg(POINTS, GEO_DIR)), encoding="utf-8")
    assert _vnu(tmp_path) == []


@pytest.mark.browser
def test_inlined_map_in_chromium_is_focusable_and_passes_axe(tmp_path):
    from playwright.sync_api import sync_playwright
    from tools import AXE_JS, CHROMIUM, CHROMIUM_ARGS, require

    page_file = tmp_path / "map.html"
    page_file.write_text(_page(render_map_svg(POINTS, GEO_DIR, fit="communes")), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(require(CHROMIUM)),
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 640}, device_scale_factor=2)
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        assert requests == [page_file.as_uri()], "no external references"
        box = page.locator("svg.geomap").bounding_box()
        assert 340 <= box["width"] <= 360, "scales to the page width"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == POINTS[0].href
        page.add_script_tag(path=str(require(AXE_JS)))
        result = page.evaluate("axe.run(document.querySelector('svg.geomap'))")
        assert result["violations"] == [], json.dumps(result["violations"], indent=1)[:2000]
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("svg.geomap").screenshot(path=str(ARTIFACTS / "geomap.png"))
        browser.close()
