"""What search engines and feed readers fetch: the sitemap lists every indexable, self-canonical
page with its hreflang alternates and a `<lastmod>` taken from the content; robots.txt under a
sub-path is called out; the Atom and JSON feeds parse cleanly in feedparser, newest first."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import bundled_project, entry, make_project

BASE = "https://doan.example.vn/diachido"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
EPOCH = {"SOURCE_DATE_EPOCH": "1780000000"}  # 2026-05-28, the day new codes are issued


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    return bundled_project(tmp_path_factory.mktemp("crawl")).out


def head_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser").head


def indexable(out: Path) -> dict[str, Path]:
    """canonical URL → file, for every page that is its own canonical and not noindex."""
    found = {}
    for path in sorted(out.rglob("*.html")):
        head = head_of(path)
        canonical = head.select_one("link[rel=canonical]")
        robots = head.select_one("meta[name=robots]")
        if canonical is None or (robots and "noindex" in robots["content"]):
            continue
        rel = path.relative_to(out).as_posix()
        url = f"{BASE}/{rel.removesuffix('index.html')}"
        if canonical["href"] == url:
            found[url] = path
    return found


def sitemap(out: Path) -> dict[str, dict]:
    root = ET.parse(out / "sitemap.xml").getroot()
    return {u.find("s:loc", NS).text: {
        "lastmod": u.find("s:lastmod", NS).text,
        "alternates": {a.get("hreflang"): a.get("href") for a in u.findall("x:link", NS)},
    } for u in root.findall("s:url", NS)}


def test_every_indexable_page_is_in_the_sitemap_with_its_alternates(bundled, capsys):
    pages, listed = indexable(bundled), sitemap(bundled)
    with capsys.disabled():
        print(f"\nsitemap: {len(listed)} URLs, {len(pages)} indexable self-canonical pages")
    assert set(listed) == set(pages)
    for rel in ("data/", "map/", "trails/", "q/", "en/data/", "ko/map/", "zh-hans/trails/"):
        assert f"{BASE}/{rel}" in listed, rel
    for url, path in pages.items():
        head = {link["hreflang"]: link["href"]
                for link in head_of(path).select("link[rel=alternate][hreflang]")}
        assert head == listed[url]["alternates"], url  # the head and the sitemap agree
    data = listed[f"{BASE}/data/"]["alternates"]
    assert data["x-default"] == f"{BASE}/data/" and data["zh-Hans"] == f"{BASE}/zh-hans/data/"


def _dated(tmp_path: Path) -> object:
    return make_project(tmp_path, {
        "diachido.yml": f"title: Thử\norganisation: Đoàn xã\nbase_url: {BASE}\n",
        "codes.yml": ("NT01:\n  slug: a\n  issued: 2026-01-10\n"
                      "NT02:\n  slug: b\n  issued: 2026-02-20\n"),
        "sites/a.md": entry(updated="2026-03-05"),
        "sites/b.md": entry("NT02", "Đình Hai", reviewed="{date: 2026-02-25, by: Ban}"),
        "sites/c.md": entry("NT03", "Đình Ba"),  # new: issued by this build
    })


def test_lastmod_and_feed_dates_come_from_the_content(tmp_path):
    project = _dated(tmp_path)
    result = project.run("build", "--no-plates", env=EPOCH)
    assert result.code == 0, result.err
    days = {url.removeprefix(BASE): row["lastmod"] for url, row in sitemap(project.out).items()}
    assert days["/a/"] == "2026-03-05"  # its `updated:`
    assert days["/b/"] == "2026-02-25"  # its review, later than the issue day
    assert days["/c/"] == "2026-05-28"  # issued today (the pinned clock), as codes.yml says
    assert days["/"] == days["/data/"] == "2026-05-28"
    first = (project.out / "sitemap.xml").read_bytes()
    project.run("build", "--no-plates")  # codes.yml now has NT03: same bytes without the pin
    assert (project.out / "sitemap.xml").read_bytes() == first

    feed = feedparser.parse((project.out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == ["Đình Ba", "Đình Phú Mỹ", "Đình Hai"]
    top = feed.entries[1]
    assert top.link == f"{BASE}/a/" and top.id == f"{BASE}/q/NT01"
    assert top.updated.startswith("2026-03-05") and top.published.startswith("2026-01-10")
    assert top.summary == "Một ngôi đình cổ." and top.title_detail.language == "vi"


def test_the_feeds_are_valid_and_linked_from_every_page(bundled, capsys):
    for lang, folder in (("vi", ""), ("en", "en/"), ("ko", "ko/"), ("zh-Hans", "zh-hans/")):
        feed = feedparser.parse((bundled / f"{folder}feed.xml").read_bytes())
        assert not feed.bozo, (lang, feed.get("bozo_exception"))
        assert feed.feed.language == lang and len(feed.entries) == 4
        assert feed.feed.links[0].href == f"{BASE}/{folder}feed.xml"
        dates = [e.updated for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
        for item in feed.entries:
            assert item.title and item.summary and item.link.startswith(f"{BASE}/{folder}")
            image = next(link.href for link in item.links if link.rel == "enclosure")
            assert (bundled / image.removeprefix(f"{BASE}/")).is_file()
        if lang == "vi":
            first = feed.entries[0]
            with capsys.disabled():
                print(f"\nfeed's first item: {first.title} | {first.link} | {first.updated}"
                      f" | {first.summary[:60]}…")
        data = json.loads((bundled / f"{folder}feed.json").read_text("utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert [i["url"] for i in data["items"]] == [e.link for e in feed.entries]
    for path in bundled.rglob("index.html"):
        if "admin" in path.parts or "plates" in path.parts:
            continue
        link = head_of(path).select_one("link[rel=alternate][type='application/atom+xml']")
        assert link is not None, path
        assert (path.parent / link["href"]).resolve().name == "feed.xml"


def test_feedparser_notices_a_broken_feed():
    """The check can fail: a feed cut short is `bozo`."""
    assert feedparser.parse(b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                            b"<title>x</title><entry>").bozo


def test_robots_under_a_sub_path_is_called_out(tmp_path):
    project = make_project(tmp_path / "sub", {
        "diachido.yml": f"title: Thử\nbase_url: {BASE}\n", "sites/a.md": entry()})
    result = project.run("build", "--no-plates")
    assert result.code == 0
    assert "robots.txt" in result.err and "https://doan.example.vn/robots.txt" in result.err
    assert "Sitemap: " + BASE + "/sitemap.xml" in (project.out / "robots.txt").read_text()
    root = make_project(tmp_path / "root", {
        "diachido.yml": "title: Thử\nbase_url: https://diachido.example.org\n",
        "sites/a.md": entry()})
    assert "robots.txt" not in root.run("build", "--no-plates").err
