"""Building sites through the CLI and reading the built files as a visitor's browser would."""

from __future__ import annotations

import gzip
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, entry, jpeg_with_exif, make_project, tree_digest

BUNDLED = sorted(p.name[:-3] for p in (REPO / "sites").glob("*.md") if p.name.count(".") == 1)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


def front_value(path: Path, key: str) -> str:
    import yaml

    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])[key]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """The repository's own project, copied and built with a sub-path base URL."""
    root = tmp_path_factory.mktemp("bundled")
    for name in ("sites", "media", "diachido.yml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy(source, root / name)
    project = make_project(root, {})
    project.build("--base-url", "https://doan.example.vn/diachido")
    return root / "build"


def test_bundled_sites_are_the_four_nhon_trach_addresses():
    assert BUNDLED == ["dia-dao-nhon-trach", "dinh-phu-my", "dinh-phuoc-thien", "giong-san"]


@pytest.mark.parametrize("slug", BUNDLED)
def test_site_page_shows_the_entry(bundled: Path, slug: str):
    source = REPO / "sites" / f"{slug}.md"
    page = soup(bundled / slug / "index.html")
    h1s = page.find_all("h1")
    assert [h.get_text(strip=True) for h in h1s] == [front_value(source, "title")]
    assert page.html["lang"] == "vi"
    text = page.get_text(" ", strip=True)
    assert front_value(source, "summary") in text
    assert front_value(source, "address") in text
    assert front_value(source, "code") in text
    sources = page.select("section.sources li a")
    expected = [s["url"] for s in front_value(source, "sources")]
    assert [a["href"] for a in sources] == expected
    assert page.select(".body h2"), "Markdown headings render below the single h1"


@pytest.mark.parametrize("slug", BUNDLED)
def test_english_page_exists_and_links_both_ways(bundled: Path, slug: str):
    vi = soup(bundled / slug / "index.html")
    en = soup(bundled / "en" / slug / "index.html")
    assert en.html["lang"] == "en"
    assert en.find("h1").get_text(strip=True) == front_value(
        REPO / "sites" / f"{slug}.en.md", "title")
    hreflangs = {link["hreflang"]: link["href"] for link in vi.find_all("link", hreflang=True)}
    assert hreflangs["en"] == f"https://doan.example.vn/diachido/en/{slug}/"
    switch = vi.select_one("a.lang")
    assert (bundled / slug / switch["href"] / "index.html").resolve() == (
        bundled / "en" / slug / "index.html").resolve()


def test_index_lists_every_published_site(bundled: Path):
    page = soup(bundled / "index.html")
    links = [a["href"] for a in page.select("ul.cards a")]
    assert links == [f"{slug}/" for slug in sorted(BUNDLED, key=lambda s: front_value(
        REPO / "sites" / f"{s}.md", "code"))]
    titles = [t.get_text(strip=True) for t in page.select(".card-title")]
    assert titles == [front_value(REPO / "sites" / f"{link[:-1]}.md", "title") for link in links]


def test_sitemap_and_robots_use_absolute_urls(bundled: Path):
    tree = ET.parse(bundled / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    assert "https://doan.example.vn/diachido/" in locs
    for slug in BUNDLED:
        assert f"https://doan.example.vn/diachido/{slug}/" in locs
    robots = (bundled / "robots.txt").read_text()
    assert "Sitemap: https://doan.example.vn/diachido/sitemap.xml" in robots


def _internal_targets(page: Path, build: Path):
    html = soup(page)
    for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                      ("source", "srcset"), ("img", "srcset")):
        for element in html.find_all(tag):
            value = element.get(attr)
            if not value:
                continue
            for candidate in value.split(",") if attr == "srcset" else [value]:
                url = candidate.strip().split(" ")[0]
                parsed = urlparse(url)
                if parsed.scheme or url.startswith("#"):
                    continue
                yield tag, url


def _resolve(page: Path, url: str, build: Path, base_path: str) -> Path:
    path = urlparse(url).path
    if path.startswith("/"):
        assert path.startswith(base_path + "/"), url
        target = build / path[len(base_path) + 1:]
    else:
        target = (page.parent / path).resolve()
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def _switch_target(page: Path, bundled: Path) -> Path:
    """The file a page's language switch (a.lang) leads to, resolved relative to the page."""
    href = soup(page).select_one("a.lang")["href"]
    assert not urlparse(href).scheme and not href.startswith("/"), f"{href} is not relative"
    return _resolve(page, href, bundled, "/diachido")


@pytest.mark.parametrize("slug", BUNDLED)
def test_english_page_switches_back_to_the_same_site_in_vietnamese(bundled: Path, slug: str):
    page = bundled / "en" / slug / "index.html"
    switch = soup(page).select_one("a.lang")
    assert (switch["hreflang"], switch["lang"]) == ("vi", "vi")
    target = _switch_target(page, bundled)
    assert target == (bundled / slug / "index.html").resolve()
    vi = soup(target)
    assert vi.html["lang"] == "vi"
    assert vi.find("h1").get_text(strip=True) == front_value(REPO / "sites" / f"{slug}.md",
                                                             "title")


def test_every_language_switch_leads_to_the_same_page_in_that_language(bundled: Path):
    folders = {"en": "en/", "ko": "ko/", "zh-Hans": "zh-hans/"}  # the default, vi, at the top
    switches = 0
    for page in sorted(bundled.rglob("*.html")):
        rel = page.relative_to(bundled).as_posix()
        if not rel.endswith("index.html"):  # q/NT01.html: the plate URL /q/NT01, served as is
            rel = rel.removesuffix(".html") + "/index.html"
        lang = soup(page).html["lang"]
        same = rel.removeprefix(folders.get(lang, ""))  # the page's path in the default language
        for switch in soup(page).select("header a.lang"):
            tag = switch["hreflang"]
            href = switch["href"]
            assert not urlparse(href).scheme and not href.startswith("/"), f"{href} not relative"
            target = _resolve(page, href, bundled, "/diachido")
            assert target == (bundled / (folders.get(tag, "") + same)).resolve(), rel
            assert target.is_file(), f"{rel}: the switch leads to a missing page"
            assert soup(target).html["lang"] == tag == switch["lang"]
            switches += 1
    assert switches >= 4 * 3 * (1 + len(BUNDLED)), "home and every site page, in every language"


def test_every_internal_link_resolves_under_a_sub_path(bundled: Path):
    pages = sorted(bundled.rglob("*.html"))
    assert len(pages) >= 2 + 2 * len(BUNDLED)
    for page in pages:
        for tag, url in _internal_targets(page, bundled):
            target = _resolve(page, url, bundled, "/diachido")
            assert target.is_file(), f"{page.relative_to(bundled)}: <{tag}> {url} is broken"
            assert bundled in target.resolve().parents, f"{url} leaves the site"


def test_no_third_party_requests(bundled: Path):
    for page in sorted(bundled.rglob("*.html")):
        html = soup(page)
        for element in html.find_all(["script", "img", "link", "iframe", "source", "video",
                                      "audio"]):
            if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                continue
            for attr in ("src", "href", "srcset"):
                value = element.get(attr, "")
                assert not urlparse(value).scheme and not value.startswith("//"), (page, value)
        assert not html.find("style", string=lambda s: s and "@import" in s)


@pytest.mark.parametrize("slug", BUNDLED)
def test_site_page_html_and_css_fit_one_round_trip(bundled: Path, slug: str):
    data = (bundled / slug / "index.html").read_bytes()
    assert len(gzip.compress(data, 9)) < 14 * 1024


def test_all_text_is_nfc(bundled: Path):
    for page in bundled.rglob("*.html"):
        text = page.read_text("utf-8")
        assert unicodedata.is_normalized("NFC", text), page


def test_404_page_links_work_from_any_depth(bundled: Path):
    page = soup(bundled / "404.html")
    home = page.select_one("a.brand")["href"]
    assert home.startswith("/diachido/")
    css_free_links = [a["href"] for a in page.find_all("a", href=True)
                      if "license" not in a.get("rel", [])]  # the licence's own address
    assert all(h.startswith(("/diachido/", "#")) for h in css_free_links), css_free_links


def test_drafts_are_checked_but_not_published(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02", draft="true")})
    result = p.build()
    assert (p.out / "a" / "index.html").is_file()
    assert not (p.out / "b").exists()
    assert "1 bản nháp" in result.out
    p.write("sites/b.md", entry("NT02", draft="true", ranking="không rõ"))
    assert p.run("check").code == 1


def test_alias_lands_on_current_page(project):
    p = project({"sites/dinh-moi.md": entry(aliases="[dinh-cu]")})
    p.build()
    alias = soup(p.out / "dinh-cu" / "index.html")
    refresh = alias.find("meta", attrs={"http-equiv": "refresh"})["content"]
    target = refresh.split("url=", 1)[1]
    assert (p.out / "dinh-cu" / target / "index.html").resolve() == (
        p.out / "dinh-moi" / "index.html").resolve()
    link = alias.find("a", class_="button")["href"]
    assert link == target
    assert (p.out / "en" / "dinh-cu" / "index.html").is_file()


def test_deleted_site_leaves_no_stale_page(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02")})
    p.build()
    assert (p.out / "b" / "index.html").is_file()
    (p.root / "sites" / "b.md").unlink()
    registry = (p.root / "codes.yml").read_text("utf-8")
    p.write("codes.yml", registry.replace("  slug: b\n", "  slug: b\n  retired: {target: NT01}\n"))
    p.build()
    assert not (p.out / "b").exists()
    assert not (p.out / "en" / "b").exists()


def test_markdown_renders_the_usual_constructs(project):
    body = """
    ## Lịch sử

    Đình có **chạm khắc** và *hoành phi*.

    - một
    - hai

    1. ba

    | Năm | Sự kiện |
    |----:|:--------|
    | 1802 | Dựng đình |

    [Sở VHTTDL](https://svhttdl.dongnai.gov.vn/) và ![Cổng đình](a/cong.jpg)
    """
    p = project({"sites/a.md": entry(body=body)})
    jpeg_with_exif(p.root / "media" / "a" / "cong.jpg")
    p.build()
    page = soup(p.out / "a" / "index.html")
    body_el = page.select_one(".body")
    assert body_el.find("h2").get_text() == "Lịch sử"
    assert body_el.find("strong").get_text() == "chạm khắc"
    assert body_el.find("em").get_text() == "hoành phi"
    assert len(body_el.select("ul li")) == 2 and len(body_el.select("ol li")) == 1
    assert [td.get_text() for td in body_el.select("tbody td")] == ["1802", "Dựng đình"]
    assert body_el.find("a", href="https://svhttdl.dongnai.gov.vn/")
    img = body_el.find("img")
    assert img["alt"] == "Cổng đình"
    assert (p.out / "a" / img["src"]).resolve().is_file()
    assert img["width"] and img["height"]


def test_body_image_whose_file_name_has_spaces_is_shown(project):
    """CommonMark ends a link target at a space; editors write `![…](a/cổng đình.jpg)` anyway
    (the first parser took it), so it must still show the photo, not the raw Markdown."""
    p = project({"sites/a.md": entry(body="Ảnh: ![Cổng đình](a/cổng đình.jpg) đây.")})
    jpeg_with_exif(p.root / "media" / "a" / "cổng đình.jpg")
    p.build()
    body_el = soup(p.out / "a" / "index.html").select_one(".body")
    assert "![" not in body_el.get_text()
    img = body_el.find("img")
    assert img["alt"] == "Cổng đình" and (p.out / "a" / img["src"]).resolve().is_file()


def test_heading_without_a_space_after_the_hashes_is_still_a_heading(project):
    """`##Lịch sử` is a paragraph in CommonMark; editors write it (the first parser took it)."""
    p = project({"sites/a.md": entry(body="##Lịch sử\n\nNội dung.\n\n```\n#giữ nguyên\n```")})
    p.build()
    body_el = soup(p.out / "a" / "index.html").select_one(".body")
    assert [h.get_text() for h in body_el.find_all("h2")] == ["Lịch sử"]
    assert body_el.find("pre").get_text() == "#giữ nguyên\n"


def test_body_level_one_headings_are_shifted_below_the_title(project):
    p = project({"sites/a.md": entry(body="# Phần một\n\nA\n\n## Chi tiết\n\nB")})
    p.build()
    page = soup(p.out / "a" / "index.html")
    assert len(page.find_all("h1")) == 1
    assert page.select_one(".body h2").get_text() == "Phần một"
    assert page.select_one(".body h3").get_text() == "Chi tiết"


def test_location_gives_a_map_app_link(project):
    p = project({"sites/a.md": entry(location="{lat: 10.75, lon: 106.9}")})
    p.build()
    page = soup(p.out / "a" / "index.html")
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert any(h.startswith("geo:10.75,106.9") for h in hrefs)


def test_same_input_gives_byte_identical_build_in_any_folder(project, tmp_path):
    files = {"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02", title="Đình Phước Thiền")}
    first, second = project(files), project(files)
    photo = jpeg_with_exif(first.root / "media" / "a" / "x.jpg")
    second.write("media/a/x.jpg", photo.read_bytes())
    for p in (first, second):
        p.write("sites/a.md", entry("NT01", cover="a/x.jpg", cover_alt="Cổng"))
        p.build()
    assert tree_digest(first.out) == tree_digest(second.out)
    assert len(tree_digest(first.out)) > 10


def test_second_build_reuses_and_edit_rebuilds_only_what_changed(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02")})
    p.build()
    unchanged = p.build()
    assert "Không có gì thay đổi" in unchanged.out
    before = tree_digest(p.out)
    p.write("sites/b.md", entry("NT02", summary="Tóm tắt mới."))
    p.build()
    after = tree_digest(p.out)
    changed = {path for path in after if before.get(path) != after[path]}
    assert "b/index.html" in changed and "index.html" in changed
    assert "a/index.html" not in changed
    assert "Tóm tắt mới." in (p.out / "b" / "index.html").read_text("utf-8")


def test_out_and_base_url_options(project, tmp_path):
    p = project({"sites/a.md": entry()})
    out = tmp_path / "elsewhere" / "site"
    p.build("--out", str(out), "--base-url", "https://example.org/x/")
    assert (out / "a" / "index.html").is_file()
    canonical = soup(out / "a" / "index.html").find("link", rel="canonical")["href"]
    assert canonical == "https://example.org/x/a/"
    assert not p.out.exists()


def test_refuses_to_replace_the_project_itself(project):
    p = project({"sites/a.md": entry()})
    result = p.run("build", "--out", ".")
    assert result.code == 1
    assert (p.root / "sites" / "a.md").is_file()
