"""`diachido bundle`: one ZIP that works opened from disk, for the relic management board."""

from __future__ import annotations

import zipfile

import pytest
from conftest import entry

from generator.outputs.linkcheck import check_links


def _bundle(project, tmp_path):
    p = project({"sites/a.md": entry("NT01", title="Đình Phú Mỹ", aliases="[cu]"),
                 "sites/b.md": entry("NT02", title="Đình Phước Thiền")})
    target = tmp_path / "ban-giao.zip"
    result = p.run("bundle", "--out", str(target))
    assert result.code == 0, result.err
    assert str(target) in result.out
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "unzipped")
    return p, target, names, tmp_path / "unzipped"


def test_zip_holds_site_plates_data_and_a_vietnamese_readme(project, tmp_path):
    _p, target, names, folder = _bundle(project, tmp_path)
    assert "DOC-TRUOC.txt" in names
    for needed in ("index.html", "a/index.html", "plates/all.pdf", "plates/NT01.pdf",
                   "data/sites.json", "data/sites.csv", "data/sites.geojson"):
        assert f"diachido-site/{needed}" in names, needed
    assert not any(name.startswith("diachido-site/admin/") for name in names), "no web editor"
    readme = (folder / "DOC-TRUOC.txt").read_text("utf-8")
    assert "index.html" in readme and "plates/all.pdf" in readme and "Mã QR" in readme
    site = folder / "diachido-site"
    assert check_links(site) == []
    index = (site / "index.html").read_text("utf-8")
    assert 'href="a/index.html"' in index, "folder links spelled out for file://"


FOUR = "languages: [vi, en, ko, zh-Hans]\nbase_url: https://doan.example.vn/diachido\n"


def test_readme_names_every_language_folder(project, tmp_path):
    """DOC-TRUOC.txt tells the board where each language's pages are, not only en/."""
    p = project({"diachido.yml": FOUR, "sites/a.md": entry("NT01")})
    target = tmp_path / "four.zip"
    assert p.run("bundle", "--out", str(target)).code == 0
    with zipfile.ZipFile(target) as archive:
        readme = archive.read("DOC-TRUOC.txt").decode("utf-8")
        names = set(archive.namelist())
    line = next(line for line in readme.splitlines() if "trang web tiếng" in line)
    for name, folder in (("tiếng Anh", "en/"), ("tiếng Hàn", "ko/"), ("tiếng Trung", "zh-hans/")):
        assert f"{name} trong thư mục {folder}" in line, line
        assert f"diachido-site/{folder}index.html" in names, "the folder it names exists"
    assert line.index("tiếng Việt") < line.index("tiếng Anh")
    assert "English" not in readme and "Korean" not in readme, "the text stays Vietnamese"


def test_zip_is_deterministic(project, tmp_path):
    _p, first, _names, _folder = _bundle(project, tmp_path / "one")
    _p, second, _names, _folder = _bundle(project, tmp_path / "two")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.browser
@pytest.mark.slow
def test_bundle_opens_from_disk_in_a_browser(project, tmp_path, browser):
    _p, _target, _names, folder = _bundle(project, tmp_path)
    home = (folder / "diachido-site" / "index.html").as_uri()
    page = browser.new_page(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page.goto(home)
    with page.expect_navigation():
        page.locator(".card a").first.click()
    assert page.url.endswith("/a/index.html")
    assert page.locator("h1").inner_text() == "Đình Phú Mỹ"
    page.goto(home)
    page.locator("#code").fill("nt02")
    with page.expect_navigation():
        page.locator("form.codebox button").click()
    assert page.url.endswith("/q/NT02/index.html")
    assert "NT02" in page.locator("aside.plate-check").inner_text()
    english = browser.new_page(viewport={"width": 360, "height": 740}, locale="en-US")
    english.goto(home.replace("index.html", "q/NT01/index.html"))
    english.wait_for_url("**/en/q/NT01/index.html")
    assert "NT01" in english.locator("aside.plate-check").inner_text()
    with english.expect_navigation():  # the switcher's link back to Vietnamese: a page too
        english.locator('a.lang[hreflang="vi"]').first.click()
    assert english.url.endswith("/q/NT01/index.html") and "/en/" not in english.url
    assert "NT01" in english.locator("aside.plate-check").inner_text()
    page.close()
    english.close()
