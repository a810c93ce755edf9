"""Vietnamese reaches every output in NFC, whatever form the editor's tool saved it in.

macOS file names and some keyboards and copy-pastes give decomposed text (NFD: "ê" + U+0301).
Every bundled input is NFC already, so only a project written in NFD can tell whether the one
normalisation at the door (content/frontmatter.decode) still holds: later steps (plates, titles)
normalise again, and would hide its loss for the fields they touch but not for the rest."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import entry

NFD_ENTRY = entry(
    "NT01", title="Đình Phú Mỹ", summary="Ngôi đình cổ bên sông Đồng Nai.",
    category="di tích kiến trúc nghệ thuật", address="xã Phước Thiền, tỉnh Đồng Nai",
    body="""\
        ## Lịch sử

        Đình được dựng lại năm 1925, **mái ngói âm dương**, thờ Thành hoàng bổn cảnh.

        | Hạng mục | Năm |
        |---|---|
        | Chánh điện | 1925 |
        """,
    events="\n  - {date: 1964, text: Nơi họp bí mật của cán bộ cách mạng.}",
    people="[Nguyễn Văn Trỗi]",
    periods="[kháng chiến chống Mỹ]",
)
NFD_TRAIL = """\
---
title: Về nguồn Nhơn Trạch
summary: Một ngày đi qua những địa chỉ đỏ.
stops: [NT01, NT02]
---

Đi bộ chậm, hỏi chuyện các cụ trong làng.
"""
TEXT_SUFFIXES = {".html", ".json", ".csv", ".geojson", ".xml", ".txt", ".js", ".svg",
                 ".webmanifest", ".yml", ""}


def nfd(text: str) -> str:
    out = unicodedata.normalize("NFD", text)
    assert out != text
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import make_project

    p = make_project(tmp_path_factory.mktemp("nfc"), {
        "sites/dinh-phu-my.md": nfd(NFD_ENTRY),
        "sites/den-loi.md": nfd(entry("NT02", title="Đền Lòi", summary="Ngôi đền thờ liệt sĩ.")),
        "trails/ve-nguon.md": nfd(NFD_TRAIL),
    })
    p.build()
    return p


def test_every_text_output_is_nfc(built):
    offenders = []
    checked = 0
    for path in sorted(built.out.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        checked += 1
        if path.parts[len(built.out.parts)] == "admin" and path.suffix == ".js":
            continue  # the vendored editor app, not made from the entries
        if unicodedata.normalize("NFC", text) != text:
            offenders.append(str(path.relative_to(built.out)))
    assert checked > 20 and offenders == []


@pytest.mark.parametrize("page", ["dinh-phu-my/index.html", "en/dinh-phu-my/index.html",
                                  "q/NT01.html", "index.html"])
def test_pages_show_the_nfc_text(built, page):
    html = (built.out / page).read_text("utf-8")
    assert "Đình Phú Mỹ" in html
    if page.startswith("dinh"):
        for text in ("mái ngói âm dương", "Thành hoàng bổn cảnh", "Chánh điện",
                     "Nơi họp bí mật", "Nguyễn Văn Trỗi", "Phước Thiền"):
            assert text in html, text


def test_open_data_search_index_and_plate_texts_are_nfc(built):
    data = json.loads((built.out / "data/sites.json").read_text("utf-8"))
    assert "Đình Phú Mỹ" in json.dumps(data, ensure_ascii=False)
    assert "Đình Phú Mỹ" in (built.out / "data/sites.csv").read_text("utf-8")
    # The home page's search index: each card's folded search text and its category.
    home = (built.out / "index.html").read_text("utf-8")
    assert 'data-search="dinh phu my ' in home
    assert 'data-category="di tích kiến trúc nghệ thuật"' in home
    assert "Đình Phú Mỹ" in (built.out / "plates/NT01.svg").read_text("utf-8") or \
        "<text" not in (built.out / "plates/NT01.svg").read_text("utf-8")
    trail = (built.out / "trails/ve-nguon/index.html").read_text("utf-8")
    assert "Về nguồn Nhơn Trạch" in trail
    assert "hỏi chuyện các cụ" in trail
