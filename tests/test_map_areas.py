"""Every site on the map (issue 16 §3): a site without coordinates is drawn as its commune,
hatched, found from `area:` or from its address; checked through the CLI and the built files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ARTIFACTS, REPO, bundled_project, entry
from test_errors import assert_problem, line_of

from generator.content.communes import commune_in_address

STRINGS = {lang: yaml.safe_load((REPO / f"theme/i18n/{lang}.yml").read_text("utf-8"))
           for lang in ("vi", "en")}
COMMUNES = ("Nhơn Trạch", "Phước An", "Đại Phước")
BUNDLED = {"dia-dao-nhon-trach": "Phước An", "dinh-phu-my": "Nhơn Trạch",
           "dinh-phuoc-thien": "Nhơn Trạch", "giong-san": "Đại Phước"}


def _map(out: Path, lang: str = "vi") -> BeautifulSoup:
    return BeautifulSoup((out / ("en/" if lang == "en" else "") / "map" / "index.html")
                         .read_text("utf-8"), "html5lib")


def _areas(page: BeautifulSoup) -> dict[str, set[str]]:
    """Commune → the links of its label, read from the map's SVG: hatched outlines (filled with
    the hatch pattern) and the label groups beside them."""
    svg = page.select_one("figure.map svg")
    hatched = [p for p in svg.find_all("path") if p.get("fill", "").startswith("url(#")]
    labels = svg.select("g.area")
    assert len(hatched) == len(labels)
    found = {}
    for label in labels:
        name = label.find("text").get_text()
        assert any(p.title.get_text().startswith(name + ":") for p in hatched), name
        found[name] = {a["href"] for a in label.find_all("a")}
    return found


def _markers(page: BeautifulSoup) -> set[str]:
    svg = page.select_one("figure.map svg")
    return {a["href"] for a in svg.find_all("a") if a.find("circle")}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    return bundled_project(tmp_path_factory.mktemp("bundled-map"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bundled_map_shows_all_four_sites_as_approximate_areas(bundled, lang):
    page = _map(bundled.out, lang)
    map_dir = bundled.out / ("en" if lang == "en" else "") / "map"
    prefix = "en/" if lang == "en" else ""

    def pages(hrefs: set[str]) -> set[str]:  # the built page each link opens
        files = {(map_dir / h / "index.html").resolve() for h in hrefs}
        assert all(f.is_file() for f in files), files
        return {f.parent.relative_to(bundled.out.resolve()).as_posix() for f in files}

    areas = {name: pages(links) for name, links in _areas(page).items()}
    expected: dict[str, set[str]] = {}
    for slug, commune in BUNDLED.items():
        expected.setdefault(commune, set()).add(prefix + slug)
    assert areas == expected
    assert not _markers(page), "no bundled site has coordinates: no invented markers"
    legend = page.select_one("figure.map figcaption").get_text(" ", strip=True)
    assert STRINGS[lang]["map_legend_area"] in legend
    assert STRINGS[lang]["map_unlocated"] not in page.get_text()
    listed = pages({a["href"] for a in page.select("ul.areas a")})
    assert listed == {prefix + slug for slug in BUNDLED}, "the list under the map has them too"
    svg = page.select_one("figure.map svg")
    assert svg.title.get_text() and "4" in svg.desc.get_text()


def test_addresses_give_the_current_commune_not_the_former_one():
    assert commune_in_address("Hương lộ 19B, ấp 5 (xã Long Thọ cũ), xã Phước An, tỉnh Đồng Nai",
                              COMMUNES) == "Phước An"
    assert commune_in_address("Xã Nhơn Trạch (xã Phú Hội cũ), tỉnh Đồng Nai",
                              COMMUNES) == "Nhơn Trạch"
    assert commune_in_address("Ngã ba Giồng Sắn, ấp Bến Đình (xã Phú Đông cũ), xã Đại Phước, "
                              "tỉnh Đồng Nai", COMMUNES) == "Đại Phước"
    assert commune_in_address("ấp 3 xa dai phuoc", COMMUNES) == "Đại Phước"
    assert commune_in_address("(xã Nhơn Trạch cũ), xã Phú Hội", COMMUNES) is None
    assert commune_in_address("ấp 3 xã Phước An cũ, nay là xã Nhơn Trạch",
                              COMMUNES) == "Nhơn Trạch"
    assert commune_in_address("xã Phú Hội, huyện Nhơn Trạch", COMMUNES) is None


def test_area_key_beats_the_address(project):
    p = project({"sites/a.md": entry("NT01", area='"phường đại phước"'),
                 "sites/b.md": entry("NT02", area="Phuoc An", address='"ấp 3, tỉnh Đồng Nai"')})
    p.build()
    assert _areas(_map(p.out)) == {"Đại Phước": {"../a/"}, "Phước An": {"../b/"}}


def test_unknown_area_is_an_error_with_file_and_line(project):
    text = entry("NT01", area="Long Thọ")
    p = project({"sites/a.md": text})
    run = p.run("build")
    assert_problem(run, "sites/a.md", line_of(text, "area:"), "unknown-area", fix="fix",
                   value="Long Thọ", known="Nhơn Trạch, Phước An, Đại Phước")
    assert not p.out.exists()


def test_area_is_not_translatable(project):
    p = project({"sites/a.md": entry("NT01"),
                 "sites/a.en.md": "---\ntitle: Phu My\narea: Phuoc An\n---\n\nText.\n"})
    assert p.run("check").code == 1


def test_address_without_a_known_commune_lists_the_site_under_the_map(project):
    p = project({"sites/a.md": entry("NT01"),
                 "sites/b.md": entry("NT02", title="Đình Long Thọ",
                                     address='"ấp 5 (xã Long Thọ cũ), tỉnh Đồng Nai"')})
    p.build()
    page = _map(p.out)
    assert _areas(page) == {"Nhơn Trạch": {"../a/"}}
    heading = page.find("h2", string=STRINGS["vi"]["map_unlocated"])
    assert heading is not None
    assert [a["href"] for a in heading.find_next("ul").find_all("a")] == ["../b/"]


def test_site_with_location_keeps_its_marker_beside_the_areas(project):
    p = project({"sites/a.md": entry("NT01", location="{lat: 10.75, lon: 106.9}"),
                 "sites/b.md": entry("NT02"), "sites/c.md": entry("NT03")})
    p.build()
    page = _map(p.out)
    assert _markers(page) == {"../a/"}
    assert _areas(page) == {"Nhơn Trạch": {"../b/", "../c/"}}, "one area, shared"
    legend = page.select_one("figure.map figcaption").get_text(" ", strip=True)
    assert STRINGS["vi"]["map_legend_exact"] in legend
    assert STRINGS["vi"]["map_legend_area"] in legend
    assert page.find("a", href=lambda h: h and h.startswith("geo:10.75,106.9"))


@pytest.mark.slow
def test_bundled_map_page_is_valid_html(bundled, tmp_path):
    from test_html_valid import _vnu

    for lang in ("vi", "en"):
        page = bundled.out / ("en" if lang == "en" else "") / "map" / "index.html"
        (tmp_path / f"map-{lang}.html").write_bytes(page.read_bytes())
    assert _vnu(tmp_path) == []


@pytest.mark.browser
def test_bundled_map_in_chromium_is_keyboard_reachable_and_passes_axe(browser, bundled):
    from server import serve
    from test_visitor import AXE_RUN, AXE_TAGS
    from tools import AXE_JS, require

    with serve(bundled.out) as base:
        # The pages' CSP allows only same-origin script files: bypass it for the checker alone.
        context = browser.new_context(viewport={"width": 360, "height": 740},
                                      device_scale_factor=2, bypass_csp=True)
        page = context.new_page()
        page.goto(base + "/map/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        reached = set()
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("!!document.activeElement.closest('figure.map svg')"):
                reached.add(page.evaluate("document.activeElement.getAttribute('href')"))
        assert reached == {f"../{slug}/" for slug in BUNDLED}
        page.add_script_tag(path=str(require(AXE_JS)))
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)[:2000]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-areas-360.png"), full_page=True)
        context.close()
