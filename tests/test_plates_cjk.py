"""Korean and Chinese on plates and share cards: the glyphs are really there, in every format.

A CJK line must print in a font that has it (never a tofu box), be embedded as a font subset in
the PDF (vector text), carry its language in the SVG, and leave the QR readable.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from conftest import REPO, entry
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from generator.plates import (
    PlateText,
    compute_layout,
    missing_glyphs,
    render_pdf,
    render_png,
    render_svg,
)
from generator.plates.geometry import SAFE_MM, Box
from generator.plates.text import CJK_FONT, balanced_wrap, language_face, wrap
from generator.sharecards.draw import render_share_card, title_lines

FONT_DIR = REPO / "theme" / "fonts"
URL = "https://doan.example.vn/diachido/q/NT03"
SVG_NS = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TITLES = {  # written for these tests, not taken from the program
    "ko": "응우옌 집안의 사당 – 1945년 혁명 근거지",
    "zh-Hans": "阮氏宗祠：一九四五年革命根据地遗址",
}

TWINS = [("ko", "혁명", "사당"), ("zh-Hans", "革命", "遗址")]  # same length, different glyphs


def cta(lang: str) -> str:
    return yaml.safe_load((REPO / "theme" / "i18n" / f"{lang}.yml").read_text("utf-8"))["plate_cta"]


def plate(lang: str, size: str = "A5", **changes: object) -> PlateText:
    fields: dict = dict(
        code="NT03", url=URL, title_vi="Nhà thờ họ Nguyễn – căn cứ cách mạng năm 1945",
        title_second=TITLES[lang], organisation="Đoàn TNCS Hồ Chí Minh xã Nhơn Trạch",
        cta_vi=cta("vi"), cta_second=cta(lang), size=size, second_lang=lang)
    return PlateText(**{**fields, **changes})


def embedded_fonts(pdf: bytes) -> dict[str, tuple[TTFont, dict[int, str], int]]:
    """BaseFont → (the embedded TrueType, its code → text map, the embedded stream's size)."""
    fonts = {}
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        data = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        codes = {int(code, 16): bytes.fromhex(text).decode("utf-16-be")
                 for code, text in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4,})>", cmap)}
        fonts[str(font["/BaseFont"])] = (TTFont(io.BytesIO(data)), codes, len(data))
    return fonts


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_cjk_plate_png_decodes_and_lines_stay_in_the_safe_area(lang: str) -> None:
    for size in ("A6", "A5"):
        image = Image.open(io.BytesIO(render_png(plate(lang, size), FONT_DIR)))
        assert [r.text for r in zxingcpp.read_barcodes(image, try_invert=False)] == [URL]
        layout = compute_layout(plate(lang, size), FONT_DIR)
        safe = Box(SAFE_MM, SAFE_MM, layout.width - 2 * SAFE_MM, layout.height - 2 * SAFE_MM)
        for name, box in layout.text_boxes:
            assert box.inside(safe) and not box.overlaps(layout.qr_box), (size, name)
        second = [line.text for line in sorted(layout.lines, key=lambda line: line.baseline)
                  if line.lang == lang]
        assert "".join(second).replace(" ", "") == (TITLES[lang] + cta(lang)).replace(" ", "")


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_cjk_pdf_embeds_a_subset_that_has_every_printed_glyph(lang: str) -> None:
    fonts = embedded_fonts(render_pdf(plate(lang), FONT_DIR))
    cjk = [name for name in fonts if re.fullmatch(r"/[A-Z]{6}\+DiachidoCJK-Regular", name)]
    assert len(cjk) == 1, sorted(fonts)
    font, codes, size = fonts[cjk[0]]
    assert size < (FONT_DIR / CJK_FONT).stat().st_size / 20  # a subset, not the whole font
    glyph_of = font["cmap"].getcmap(1, 0).cmap  # reportlab: one-byte codes, as ToUnicode maps
    printed = set((TITLES[lang] + cta(lang)).replace(" ", ""))
    by_char = {char: code for code, char in codes.items()}
    assert printed <= set(by_char), printed - set(by_char)
    for char in printed:
        glyph = font["glyf"][glyph_of[by_char[char]]]
        assert glyph.numberOfContours != 0, (char, "has no outline")  # .notdef would be a box
    assert len(font.getGlyphOrder()) <= 256  # one reportlab subset, of the font's ~10,000 glyphs


def test_vietnamese_lines_stay_in_noto_sans_beside_a_cjk_line() -> None:
    fonts = embedded_fonts(render_pdf(plate("ko"), FONT_DIR))
    names = {re.sub(r"^/[A-Z]{6}\+", "", name) for name in fonts}
    assert names == {"NotoSans-Bold", "NotoSans-Regular", "DiachidoCJK-Regular"}


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_svg_names_the_language_and_draws_cjk_lines_as_outlines(lang: str) -> None:
    """Every printed character of a Korean or Chinese line is a glyph outline of its own
    (issue 23: no font needed to see it), and the line keeps its words and language."""
    root = ET.fromstring(render_svg(plate(lang), FONT_DIR))
    lines = [el for el in root.iter(f"{SVG_NS}g") if el.get(XML_LANG) == lang]
    assert {el.get("aria-label") for el in lines} >= {TITLES[lang], cta(lang)}
    for el in lines:
        text = el.get("aria-label")
        assert len(el.findall(f"{SVG_NS}use")) == sum(not char.isspace() for char in text)
    assert not list(root.iter(f"{SVG_NS}text"))


@pytest.mark.parametrize(("lang", "one", "other"), TWINS)
def test_cjk_png_draws_real_glyphs_not_boxes(lang: str, one: str, other: str) -> None:
    """Every missing glyph is the same box: two different titles look alike only as tofu."""

    def pixels(title: str, face_lang: str) -> bytes:
        return render_png(plate(lang, "A6", title_second=title, second_lang=face_lang), FONT_DIR)

    assert pixels(one, "en") == pixels(other, "en")  # Noto Sans has neither: boxes
    assert pixels(one, lang) != pixels(other, lang)


def test_every_catalogues_call_to_action_prints_in_its_plate_face() -> None:
    for path in sorted((REPO / "theme" / "i18n").glob("*.yml")):
        assert missing_glyphs(cta(path.stem), FONT_DIR, path.stem) == set(), path.name


def test_cjk_face_lacks_what_it_lacks_and_latin_faces_lack_cjk() -> None:
    assert missing_glyphs("혁명 根据地 Nhơn Trạch", FONT_DIR, "ko") == set()
    assert missing_glyphs("阮氏 䶵 書", FONT_DIR, "zh-Hans") == {"䶵", "書"}  # rare, traditional
    assert missing_glyphs("Đình 혁명", FONT_DIR, "en") == {"혁", "명"}
    assert language_face(FONT_DIR, "ko").path.name == CJK_FONT
    assert language_face(FONT_DIR, "en").path.name == "NotoSans-Regular.ttf"


# --- Through the command line -------------------------------------------------------------


def plate_lines(svg: Path) -> dict[str, list[str]]:
    """lang → text lines of a built SVG plate (each line a group of outlines, its words as its
    label, placed by its transform's translate)."""
    found: dict[str, list[str]] = {}
    lines = [el for el in ET.parse(svg).getroot().iter(f"{SVG_NS}g") if el.get("aria-label")]
    for el in sorted(lines, key=lambda el: float(el.get("transform").split()[1].rstrip(")"))):
        found.setdefault(el.get(XML_LANG) or "", []).append(el.get("aria-label"))
    return found


def test_entry_without_its_plate_language_prints_english(project) -> None:
    p = project({"diachido.yml": "languages: [vi, en, ko]\n",
                 "sites/a.md": entry("NT01", plate_language="ko"),
                 "sites/a.en.md": "---\ntitle: Phu My Communal House\n---\n\nText.\n",
                 "sites/b.md": entry("NT02", title="Đình Bình Phú")})
    p.build()
    a, b = plate_lines(p.out / "plates" / "NT01.svg"), plate_lines(p.out / "plates" / "NT02.svg")
    assert a["en"] == ["Phu My Communal House", cta("en")] and "ko" not in a
    assert b["en"] == [cta("en")]  # no English text: no second title, as before


def test_unknown_plate_language_is_refused_where_it_is_written(project) -> None:
    p = project({"sites/a.md": entry("NT01", plate_language="fr"),
                 "diachido.yml": "languages: [vi, en, ko]\nplates:\n  second_language: ko\n"})
    result = p.run("build")
    assert result.code != 0
    assert re.search(r"sites/a\.md.*\n?.*fr", result.err) and "en, ko" in result.err
    bad_tag = project({"sites/a.md": entry("NT01", plate_language="'korean please'")})
    assert "korean please" in bad_tag.run("build").err
    config = project({"sites/a.md": entry("NT01"),
                      "diachido.yml": "plates:\n  second_language: vi\n"})
    result = config.run("build", env={"DIACHIDO_LANG": "en"})
    assert result.code != 0 and "diachido.yml" in result.err and "“vi”" in result.err


@pytest.mark.parametrize("ui", ["vi", "en"])
def test_title_with_a_character_no_font_has_fails_the_build(project, ui: str) -> None:
    p = project({"sites/a.md": entry("NT01", title="Đình 𠀧 Phú Mỹ 🏯"),
                 "sites/b.md": entry("NT02"),
                 "sites/b.en.md": "---\ntitle: Temple 혁명\n---\n\nText.\n"})
    result = p.run("build", env={"DIACHIDO_LANG": ui})
    assert result.code != 0 and "Traceback" not in result.err
    assert not (p.out / "plates").exists()
    messages = result.err
    assert "sites/a.md" in messages and "U+20027" in messages and "U+1F3EF" in messages
    assert "sites/b.en.md" in messages and "U+D601" in messages
    fix = {"vi": "giản thể", "en": "simplified"}[ui]
    assert fix in messages


def test_korean_translation_prints_on_the_plate(project) -> None:
    p = project({"diachido.yml": "languages: [vi, en, ko]\n",
                 "sites/a.md": entry("NT01", plate_language="ko"),
                 "sites/a.ko.md": f"---\ntitle: {TITLES['ko']}\n---\n\n본문.\n"})
    p.build()
    assert plate_lines(p.out / "plates" / "NT01.svg")["ko"] == [TITLES["ko"], cta("ko")]
    fonts = embedded_fonts((p.out / "plates" / "NT01.pdf").read_bytes())
    assert any(name.endswith("+DiachidoCJK-Regular") for name in fonts)


# --- Share cards in each language ---------------------------------------------------------


def og_image(page: Path) -> str:
    soup = BeautifulSoup(page.read_text("utf-8"), "html5lib")
    return soup.find("meta", property="og:image")["content"]


def test_each_language_with_a_text_gets_its_own_card(project) -> None:
    p = project({"sites/a.md": entry("NT01", title="Đình Phú Mỹ"),
                 "sites/a.en.md": "---\ntitle: Phu My Communal House\n---\n\nText.\n",
                 "sites/b.md": entry("NT02", title="Đình Bình Phú"),
                 "diachido.yml": "base_url: https://doan.example.vn/d\n"})
    p.build()
    share = p.out / "share"
    assert (share / "a.jpg").read_bytes() != (share / "en" / "a.jpg").read_bytes()
    assert (share / "index.jpg").read_bytes() != (share / "en" / "index.jpg").read_bytes()
    assert not (share / "en" / "b.jpg").exists()  # no English text: the fallback page's card
    base = "https://doan.example.vn/d/share/"
    assert og_image(p.out / "a" / "index.html") == base + "a.jpg"
    assert og_image(p.out / "en" / "a" / "index.html") == base + "en/a.jpg"
    assert og_image(p.out / "en" / "b" / "index.html") == base + "b.jpg"
    assert og_image(p.out / "en" / "index.html") == base + "en/index.jpg"


def card_pixels(title: str, lang: str) -> bytes:
    data = render_share_card(title, "", "", "Địa chỉ đỏ", FONT_DIR, None, lang)
    return Image.open(io.BytesIO(data)).convert("L").tobytes()


@pytest.mark.parametrize(("lang", "one", "other"), TWINS)
def test_cjk_card_draws_real_glyphs_not_boxes(lang: str, one: str, other: str) -> None:
    """Every missing glyph is the same box: two different titles look alike only as tofu."""
    assert card_pixels(one, "vi") == card_pixels(other, "vi")  # Noto Sans: boxes (the detector)
    assert card_pixels(one, lang) != card_pixels(other, lang)
    lines = title_lines(TITLES[lang], FONT_DIR, cover=False, lang=lang)
    assert all(line.box[0] >= 60 and line.box[2] <= 1140 for line in lines)


def test_chinese_breaks_evenly_between_hanzi_and_other_words_stay_whole() -> None:
    one_per_char = lambda text: float(len(text))  # noqa: E731  (a monospaced measure)
    assert balanced_wrap("阮氏宗祠一九四五年革命根据地遗址", one_per_char, 12) == [
        "阮氏宗祠一九四五", "年革命根据地遗址"]
    url = "https://doan.example.vn/diachido/q/NT03"  # no hanzi: split greedily, as before
    assert balanced_wrap(url, one_per_char, 30) == wrap(url, one_per_char, 30)
    korean = "응우옌 집안의 사당 근거지"  # spaces between words: words stay whole
    assert balanced_wrap(korean, one_per_char, 8) == ["응우옌 집안의", "사당 근거지"]
