"""The relic metadata profile, trails and open data, through the CLI and the built files."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, entry
from test_structured_data import place_node

VI = yaml.safe_load((REPO / "generator/messages/vi.yml").read_text("utf-8"))


def soup(path):
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


PROFILE = dict(
    type="đình",
    ranking="tỉnh",
    ranking_decision='{number: "3525/QĐCT-UBND", date: 2005-10-10, issued_by: "UBND tỉnh"}',
    periods="[kháng chiến chống Pháp, kháng chiến chống Mỹ]",
    events='\n  - {date: 1927, text: "Mở lớp đồng ấu"}\n  - {date: "1970-03", text: "Lập bàn thờ"}',
    people='\n  - {name: Lương Văn Sung, role: thầy giáo}\n  - Nguyễn Văn A',
    managed_by='{unit: "Ban quản lý di tích", contact: "0251 000 000"}',
    opening_hours='"7:00–17:00 hằng ngày"',
    admission="Miễn phí",
    reviewed='{date: 2026-05-01, by: "Ban quản lý di tích"}',
    location="{lat: 10.75, lon: 106.9}",
)


def test_profile_is_shown_on_the_page(project):
    p = project({"sites/a.md": entry(**PROFILE)})
    p.build()
    page = soup(p.out / "a" / "index.html")
    facts = page.select_one("dl.facts").get_text(" ", strip=True)
    for expected in ("Đình", "Di tích cấp tỉnh", "3525/QĐCT-UBND", "ngày 10/10/2005",
                     "kháng chiến chống Pháp", "7:00–17:00", "Miễn phí", "Ban quản lý di tích"):
        assert expected in facts, expected
    events = [li.get_text(" ", strip=True) for li in page.select("section.events li")]
    assert events == ["1927 Mở lớp đồng ấu", "3/1970 Lập bàn thờ"]
    assert [t["datetime"] for t in page.select("section.events time")] == ["1927", "1970-03"]
    people = [li.get_text(" ", strip=True) for li in page.select("section.people li")]
    assert people == ["Lương Văn Sung — thầy giáo", "Nguyễn Văn A"]
    assert "Đã kiểm chứng ngày 1/5/2026 bởi Ban quản lý di tích" in page.get_text(" ")


def test_content_note_comes_before_the_content_and_hides_images(project):
    from conftest import jpeg_with_exif

    p = project({"sites/a.md": entry(content_note="Trang kể về vụ thảm sát.",
                                     cover="a/c.jpg", cover_alt="Bia")})
    jpeg_with_exif(p.root / "media/a/c.jpg")
    p.build()
    page = soup(p.out / "a" / "index.html")
    note = page.select_one(".content-note")
    body = page.select_one(".body")
    assert note.sourceline < body.sourceline
    cover = page.select_one("figure.cover")
    assert cover.find_parent("details") is not None, "the photo waits behind 'show images'"
    assert "open" not in cover.find_parent("details").attrs


@pytest.mark.parametrize(("key", "value", "message"), [
    ("type", "lăng mộ", "bad-type"),
    ("ranking", "cấp huyện", "bad-ranking"),
    ("ranking_decision", "{date: 2005-13}", "bad-date"),
    ("ranking_decision", "{number: 1, signed: x}", "bad-mapping-keys"),
    ("events", '\n  - {date: "1964-02-30", text: "x"}', "bad-date"),
    ("events", '\n  - {text: "không có ngày"}', "bad-mapping-keys"),
    ("people", '\n  - {role: "không tên"}', "bad-mapping-keys"),
    ("managed_by", '"Ban quản lý"', "expected-mapping"),
    ("reviewed", "{date: 2026, by: x}", "bad-date"),
    ("periods", "{a: b}", "expected-text"),
], ids=["type", "ranking", "decision-date", "decision-key", "event-date", "event-no-date",
        "person-no-name", "managed-not-mapping", "reviewed-year-only", "periods-mapping"])
def test_controlled_values_give_friendly_errors(project, key, value, message):
    p = project({"sites/a.md": entry(**{key: value})})
    result = p.run("check")
    assert result.code == 1 and "Traceback" not in result.err
    what = VI[message]["what"].split("{")[0].strip()
    assert what in result.err, result.err
    assert "sites/a.md, dòng" in result.err
    if message in ("bad-type", "bad-ranking"):
        assert "|" in result.err, "the allowed values are listed"


def test_controlled_values_match_without_diacritics(project):
    p = project({"sites/a.md": entry(type="tuong niem – tham sat")})
    assert p.run("check").code == 0


def test_dates_stay_plain_dates_whatever_the_time_zone(project):
    for tz in ("Pacific/Kiritimati", "America/Adak"):  # UTC+14, UTC-10 (-9 in summer)
        # A fresh project each time: nothing parsed or rendered under one zone is reused.
        p = project({"sites/a.md": entry(events='\n  - {date: 1964-09-27, text: "x"}')})
        result = p.run("build", env={"TZ": tz})
        assert result.code == 0, result.err
        page = soup(p.out / "a" / "index.html")
        assert page.select_one("section.events time")["datetime"] == "1964-09-27"
        assert page.select_one("section.events time").get_text() == "27/9/1964"


TRAIL = "---\ntitle: Hành trình thử\nsummary: Ba điểm.\nstops: [NT02, NT01, NT03]\n---\n\nĐi bộ.\n"


def test_trail_pages_and_stop_navigation(project):
    p = project({"sites/a.md": entry("NT01", title="Điểm A"),
                 "sites/b.md": entry("NT02", title="Điểm B"),
                 "sites/c.md": entry("NT03", title="Điểm C"),
                 "trails/thu.md": TRAIL})
    p.build()
    trail = soup(p.out / "trails" / "thu" / "index.html")
    assert [a.select_one(".card-title").get_text() for a in trail.select("ol.stops a")] == [
        "Điểm B", "Điểm A", "Điểm C"]
    middle = soup(p.out / "a" / "index.html").select_one("nav.trail-nav")
    assert "Điểm dừng 2/3" in middle.get_text()
    prev, nxt = middle.find("a", rel="prev"), middle.find("a", rel="next")
    assert "Điểm B" in prev.get_text() and (p.out / "a" / prev["href"] / "index.html").is_file()
    assert "Điểm C" in nxt.get_text() and (p.out / "a" / nxt["href"] / "index.html").is_file()
    first = soup(p.out / "b" / "index.html").select_one("nav.trail-nav")
    assert first.find("a", rel="prev") is None and first.find("a", rel="next")
    offline = json.loads((p.out / "trails" / "thu" / "offline.json").read_text())
    for url in offline:
        target = (p.out / "trails" / "thu" / url).resolve()
        assert (target / "index.html" if url.endswith("/") else target).is_file(), url


def test_trail_with_an_unknown_stop_is_an_error(project):
    p = project({"sites/a.md": entry("NT01"), "trails/x.md": TRAIL})
    result = p.run("check")
    assert result.code == 1 and "trails/x.md, dòng 4" in result.err and "NT02" in result.err


def test_open_data_exports_agree_with_each_other_and_with_the_pages(project):
    p = project({"sites/a.md": entry("NT01", **PROFILE),
                 "sites/b.md": entry("NT02", title="Đình Phước Thiền"),
                 "sites/c.md": entry("NT03", draft="true")})
    p.build("--base-url", "https://example.org/dd")
    data = json.loads((p.out / "data" / "sites.json").read_text("utf-8"))["sites"]
    raw = (p.out / "data" / "sites.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "BOM for Excel"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    geo = json.loads((p.out / "data" / "sites.geojson").read_text("utf-8"))
    assert [r["identifier"] for r in data] == [r["identifier"] for r in rows] == ["NT01", "NT02"]
    for record, row in zip(data, rows, strict=True):
        for field, value in record.items():
            expected = " | ".join(value) if isinstance(value, list) else (
                "" if value is None else str(value))
            assert row[field] == expected, field
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
    feature = geo["features"][0]
    assert feature["geometry"]["coordinates"] == [106.9, 10.75], "RFC 7946: lon, lat"
    assert feature["properties"]["identifier"] == "NT01"
    for record in data:
        page = soup(p.out / record["slug"] / "index.html")
        assert page.find("h1").get_text() == record["title"]
        assert record["url"] == f"https://example.org/dd/{record['slug']}/"
        ld = place_node(page)
        assert ld["identifier"] == record["identifier"] and ld["name"] == record["title"]
        assert ld["description"] == record["description"]
        if record["latitude"] is not None:
            assert ld["geo"]["latitude"] == record["latitude"]
    assert data[0]["ranking_decision_date"] == "2005-10-10"
    assert data[0]["temporal"] == ["kháng chiến chống Pháp", "kháng chiến chống Mỹ"]
    page = soup(p.out / "data" / "index.html")
    assert "CC BY 4.0" in page.get_text()
    assert {dt.get_text() for dt in page.select("dl.fields dt")} >= set(data[0])


def test_bundled_entries_use_the_profile():
    fronts = [yaml.safe_load(p.read_text("utf-8").split("---\n")[1])
              for p in sorted((REPO / "sites").glob("*.md")) if p.name.count(".") == 1]
    assert all("type" in f for f in fronts)
    assert sum("events" in f for f in fronts) >= 3
    assert any("content_note" in f for f in fronts)
    assert sorted((REPO / "trails").glob("*.md")), "at least one trail is bundled"


def test_map_page_plots_sites_without_a_tile_server_unless_configured(project):
    p = project({"sites/a.md": entry("NT01", location="{lat: 10.75, lon: 106.9}"),
                 "sites/b.md": entry("NT02", title="Chưa có toạ độ",
                                     address='"ấp 3, tỉnh Đồng Nai"')})  # names no commune
    p.build()
    page = soup(p.out / "map" / "index.html")
    svg = page.select_one("figure.map svg")
    links = [a.get("href") or a.get("xlink:href") for a in svg.find_all("a")]
    assert links == ["../a/"]
    assert not page.find("image"), "no tile images by default"
    assert "Chưa có toạ độ" in page.select_one("main").get_text()
    assert page.find("a", href=lambda h: h and h.startswith("geo:10.75,106.9"))
    tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    p.write("diachido.yml", f"map:\n  tiles: {tiles}\n  attribution: © OpenStreetMap\n")
    p.build()
    page = soup(p.out / "map" / "index.html")
    images = page.select("figure.tiles image")
    assert images and all(i["href"].startswith("https://tile.openstreetmap.org/") for i in images)
    assert "© OpenStreetMap" in page.select_one("figure.tiles").get_text()
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "img-src 'self' https://tile.openstreetmap.org" in csp
    p.write("diachido.yml", "map:\n  tiles: http://evil.example/x.png\n")
    assert p.run("check").code == 1
