"""The plate drawing layer: QR matrix, millimetre layout and the SVG, PDF and PNG renderers."""

from __future__ import annotations

import io
import itertools
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps
from tools import pdftoppm

from generator.content.model import PLATE_SIZES
from generator.plates import (
    PLATE_TRIM_MM,
    PlateText,
    compute_layout,
    decode_png,
    make_symbol,
    missing_glyphs,
    plate_metrics,
    render_pdf,
    render_png,
    render_svg,
)
from generator.plates.geometry import SAFE_MM, Box
from generator.plates.png import module_pixels
from generator.plates.qr import symbol_metrics
from generator.plates.text import load_faces
from generator.problems import Invalid

FONT_DIR = Path(__file__).resolve().parents[1] / "theme" / "fonts"
URL = "https://doan.example.vn/diachido/q/NT03"
URL_40 = "https://doan.example.vn/diachido/q/NT003"
LONG_TITLE = (
    "Khu di tích lịch sử – văn hóa địa đạo và căn cứ của Huyện ủy Nhơn Trạch trong rừng "
    "Lòng Chảo, ấp 5, xã Long Thọ cũ, nay thuộc xã Phước An, tỉnh Đồng Nai"
)
SVG_NS = "{http://www.w3.org/2000/svg}"
VIETNAMESE_BASES = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def plate(size: str = "A5", **changes: object) -> PlateText:
    base = PlateText(
        code="NT03",
        url=URL,
        title_vi="Di tích vụ thảm sát Giồng Sắn",
        title_second="Giồng Sắn Massacre Site",
        organisation="Đoàn TNCS Hồ Chí Minh xã Nhơn Trạch",
        cta_vi="Quét mã để xem thuyết minh",
        cta_second="Scan for the story",
        size=size,
    )
    return replace(base, **changes)


def logo_bytes() -> bytes:
    image = Image.new("RGB", (200, 120), "#9b1c1c")
    ImageDraw.Draw(image).ellipse((60, 20, 140, 100), fill="#facc15")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def encode_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def vietnamese_letters() -> str:
    lower = [unicodedata.normalize("NFC", b + t) for b in VIETNAMESE_BASES for t in TONES]
    letters = "".join(lower) + "đbcdghklmnpqrstvx"
    return letters + letters.upper()


# --- QR matrix ---------------------------------------------------------------------------


def test_40_byte_url_fits_version_5_at_level_h() -> None:
    assert len(URL_40.encode()) == 40
    symbol = make_symbol(URL_40)
    assert symbol.version <= 5
    assert len(symbol.modules) == 17 + 4 * symbol.version
    result = zxingcpp.read_barcodes(png_image(render_png(plate(url=URL_40), FONT_DIR)))[0]
    assert result.format == zxingcpp.BarcodeFormat.QRCode  # regular QR, not Micro
    assert result.ec_level == "H"


@pytest.mark.parametrize("size", sorted(PLATE_TRIM_MM))
def test_png_decodes_to_the_payload_at_every_size(size: str) -> None:
    assert decode_png(render_png(plate(size), FONT_DIR)) == [URL]


def test_module_size_scales_with_plate_width_and_meets_the_a5_floor() -> None:
    metrics = {size: plate_metrics(plate(size, url=URL_40)) for size in PLATE_TRIM_MM}
    assert metrics["A5"].module_mm >= 1.5
    assert metrics["A5"].symbol_mm >= 90
    assert metrics["A6"].module_mm < metrics["A5"].module_mm < metrics["A4"].module_mm
    assert metrics["board"].module_mm > metrics["A5"].module_mm
    a5 = metrics["A5"]
    assert a5.symbol_mm == pytest.approx(a5.module_mm * (17 + 4 * a5.version + 8))
    assert a5.scan_distance_m == pytest.approx(
        10 * a5.module_mm * (17 + 4 * a5.version) / 1000, abs=0.01
    )


def test_an_inverted_plate_does_not_decode() -> None:
    """Light modules on dark read on some phones only: the build's check must refuse them."""
    data = render_png(plate(), FONT_DIR)
    inverted = io.BytesIO()
    ImageOps.invert(png_image(data)).save(inverted, "PNG")
    assert decode_png(data) == [URL] and decode_png(inverted.getvalue()) == []


def test_a_symbol_too_wide_for_its_room_shrinks_by_whole_pixels_and_never_below_one() -> None:
    symbol = make_symbol(URL_40)
    span, pixel = symbol.size + 8, 25.4 / 300
    assert symbol_metrics(symbol, 20 * pixel, 1000).module_mm == pytest.approx(20 * pixel)
    # Room for 12.5 pixels a module: the largest whole number that fits, 12.
    fitted = symbol_metrics(symbol, 20 * pixel, 12.5 * pixel * span)
    assert fitted.module_mm == pytest.approx(12 * pixel)
    assert fitted.symbol_mm <= 12.5 * pixel * span
    exact = symbol_metrics(symbol, 20 * pixel, 12 * pixel * span)
    assert exact.module_mm == pytest.approx(12 * pixel), "a symbol that just fits is kept"
    assert symbol_metrics(symbol, 20 * pixel, 1).module_mm == pytest.approx(pixel), \
        "no room at all: one pixel a module, reported rather than hidden"


@pytest.mark.parametrize("size", ["A6", "A5"])
def test_png_quiet_zone_is_white_and_modules_are_whole_pixels(size: str) -> None:
    p = plate(size)
    layout = compute_layout(p, FONT_DIR)
    image = png_image(render_png(p, FONT_DIR))
    black = Image.eval(image.convert("L"), lambda v: 255 if v == 0 else 0)
    left, top, right, bottom = black.getbbox()
    module = module_pixels(layout.module_mm, 300)
    assert right - left == bottom - top == layout.symbol.size * module
    ring = 4 * module
    region = image.crop((left - ring, top - ring, right + ring, bottom + ring))
    pixels = region.load()
    for y, x in itertools.product(range(region.height), range(region.width)):
        inside = ring <= x < ring + right - left and ring <= y < ring + bottom - top
        assert inside or pixels[x, y] == (255, 255, 255), (x, y)
        assert pixels[x, y] in ((0, 0, 0), (255, 255, 255))
    module_mm = module * 25.4 / 300
    assert module_mm == pytest.approx(layout.module_mm)
    if size == "A5":
        assert module_mm >= 1.5


def test_png_survives_downscaling_blur_and_low_contrast() -> None:
    p = plate("A5")
    image = png_image(render_png(p, FONT_DIR)).convert("L")
    module = module_pixels(compute_layout(p, FONT_DIR).module_mm, 300)
    factor = 2 / module  # about two pixels per module
    small = image.resize(
        (round(image.width * factor), round(image.height * factor)), Image.Resampling.BILINEAR
    )
    blurred = image.filter(ImageFilter.GaussianBlur(module * 0.4))
    grey = image.point(lambda v: 90 + v * 80 // 255)  # black→90, white→170
    for degraded in (small, blurred, grey):
        assert decode_png(encode_png(degraded)) == [URL]


def test_png_has_300_dpi_metadata_and_trim_size() -> None:
    data = render_png(plate("A6"), FONT_DIR)
    image = Image.open(io.BytesIO(data))
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert image.size == (round(105 / 25.4 * 300), round(148 / 25.4 * 300))
    assert b"tIME" not in data


# --- PDF ---------------------------------------------------------------------------------


def test_rasterised_pdf_decodes(tmp_path: Path) -> None:
    pdf = tmp_path / "plates.pdf"
    pdf.write_bytes(render_pdf(plate("A6"), FONT_DIR, [plate("A5", url=URL_40)]))
    subprocess.run([pdftoppm(), "-r", "150", "-png", str(pdf), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert [decode_png(page.read_bytes()) for page in pages] == [[URL], [URL_40]]


def test_pdf_text_fonts_boxes_and_pages() -> None:
    nfd_title = unicodedata.normalize("NFD", LONG_TITLE)
    plates = [plate("A5", title_vi=nfd_title), plate("A6"), plate("board")]
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(plates[0], FONT_DIR, plates[1:])))
    assert len(reader.pages) == 3
    text = " ".join(reader.pages[0].extract_text().split())
    assert unicodedata.normalize("NFC", LONG_TITLE) in text
    assert URL in text.split()
    bleed = 3 * 72 / 25.4
    for page, p in zip(reader.pages, plates, strict=True):
        width, height = (v * 72 / 25.4 for v in PLATE_TRIM_MM[p.size])
        assert list(page["/TrimBox"]) == pytest.approx(
            [bleed, bleed, bleed + width, bleed + height], abs=0.01
        )
        assert list(page["/BleedBox"]) == pytest.approx(
            [0, 0, width + 2 * bleed, height + 2 * bleed], abs=0.01
        )
        assert list(page.mediabox) == pytest.approx(list(page["/BleedBox"]), abs=0.01)
        resources = page["/Resources"]
        assert "/XObject" not in resources  # the QR is vector paths, never an image
        assert b"\nBI " not in page.get_contents().get_data()  # nor an inline image
        fonts = [font.get_object() for font in resources["/Font"].values()]
        assert fonts and all("/FontFile2" in f["/FontDescriptor"] for f in fonts)
        assert all("NotoSans" in f["/BaseFont"] for f in fonts)


def test_pdf_logo_is_the_only_image_and_stays_clear_of_the_qr() -> None:
    p = plate("A5", logo_png=logo_bytes())
    layout = compute_layout(p, FONT_DIR)
    assert layout.logo_box is not None and not layout.logo_box.overlaps(layout.qr_box)
    page = pypdf.PdfReader(io.BytesIO(render_pdf(p, FONT_DIR))).pages[0]
    images = list(page["/Resources"]["/XObject"].values())
    assert len(images) == 1 and images[0].get_object()["/Width"] == 200
    assert decode_png(render_png(p, FONT_DIR)) == [URL]


# --- SVG ---------------------------------------------------------------------------------


def test_svg_structure() -> None:
    title = "Đình <Phú> & \"Nhơn\" 'Trạch'"
    root = ET.fromstring(render_svg(plate("A6", title_vi=title), FONT_DIR))
    assert root.tag == f"{SVG_NS}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "105mm",
        "148mm",
        "0 0 105 148",
    )
    paths = [path for path in root.findall(f".//{SVG_NS}path") if path.get("id") is None]
    assert len(paths) == 1 and paths[0].get("fill") == "#000000"  # the QR; glyphs are in defs
    assert root.findall(f".//{SVG_NS}image") == []
    # Text as outlines (issue 23): no live text, no font to find; each line keeps its words.
    assert root.findall(f".//{SVG_NS}text") == [] and b"font-family" not in ET.tostring(root)
    labels = [g.get("aria-label") for g in root.iter(f"{SVG_NS}g") if g.get("aria-label")]
    assert title in labels or title in " ".join(labels)
    assert URL in labels
    glyphs = {path.get("id") for path in root.find(f"{SVG_NS}defs")}
    uses = {use.get("href")[1:] for use in root.iter(f"{SVG_NS}use")}
    assert uses == glyphs, "every glyph drawn is defined once, and every one defined is drawn"


def test_svg_path_covers_exactly_the_dark_modules() -> None:
    p = plate("A5")
    root = ET.fromstring(render_svg(p, FONT_DIR))
    d = next(path for path in root.iter(f"{SVG_NS}path") if path.get("id") is None).get("d")
    dark = sum(sum(row) for row in make_symbol(URL).modules)
    runs = [part.split("h")[1].split("v")[0] for part in d.split("M")[1:]]
    assert sum(int(length) for length in runs) == dark


# --- Layout and fonts --------------------------------------------------------------------


def test_bundled_fonts_cover_every_vietnamese_letter() -> None:
    letters = vietnamese_letters()
    assert len(set(letters)) == 2 * (len(VIETNAMESE_BASES) * len(TONES) + 17)
    assert "ơ" in letters and "Ư" in letters and "Đ" in letters
    assert missing_glyphs(letters, FONT_DIR) == set()
    assert missing_glyphs("Ả漢 ", FONT_DIR) == {"漢"}


def test_vietnamese_ink_stays_within_the_line_box_used_by_the_layout() -> None:
    for face in load_faces(FONT_DIR):
        font = ImageFont.truetype(str(face.path), 1000)
        for letter in vietnamese_letters():
            _, top, _, bottom = font.getbbox(letter, anchor="ls")
            assert -top <= face.ascent * 1000 + 1 and bottom <= face.descent * 1000 + 1, letter


# The sites' sizes: a point's 100×70 mm label cuts a title this long (tests/test_points.py).
@pytest.mark.parametrize("size", sorted(PLATE_SIZES))
def test_long_title_fits_without_touching_the_qr(size: str) -> None:
    assert len(LONG_TITLE) >= 130
    layout = compute_layout(plate(size, title_vi=LONG_TITLE), FONT_DIR)
    assert not layout.overflow
    safe = Box(SAFE_MM, SAFE_MM, layout.width - 2 * SAFE_MM, layout.height - 2 * SAFE_MM)
    boxes = dict(layout.text_boxes)
    assert {"organisation", "title_vi", "title_second", "cta_vi", "cta_second", "code",
            "url"} <= set(boxes)
    assert layout.qr_box.inside(safe)
    for name, box in layout.text_boxes:
        assert box.inside(safe), name
        assert not box.overlaps(layout.qr_box), name
    for fill in layout.fills:
        assert not fill.box.overlaps(layout.qr_box)
    for (a, box_a), (b, box_b) in itertools.combinations(layout.text_boxes, 2):
        assert not box_a.overlaps(box_b), (a, b)
    assert (
        " ".join(
            line.text
            for line in layout.lines
            if line.bold and line.color == "#1c1917" and line.text != "NT03"
        )
        == LONG_TITLE
    )


def test_title_shrinks_before_it_overflows() -> None:
    short = compute_layout(plate("A6"), FONT_DIR)
    long = compute_layout(plate("A6", title_vi=LONG_TITLE), FONT_DIR)

    def title_size(layout: object) -> float:
        return next(line.size for line in layout.lines if line.text.startswith(("Di", "Khu")))

    assert title_size(long) < title_size(short)
    absurd = compute_layout(plate("A6", title_vi=LONG_TITLE * 4), FONT_DIR)
    assert absurd.overflow
    assert not dict(absurd.text_boxes)["title_vi"].overlaps(absurd.qr_box)


def test_nfd_input_is_normalised() -> None:
    nfc = plate("A6")
    nfd = replace(
        nfc,
        **{
            k: unicodedata.normalize("NFD", getattr(nfc, k))
            for k in ("title_vi", "title_second", "organisation", "cta_vi")
        },
    )
    assert render_svg(nfd, FONT_DIR) == render_svg(nfc, FONT_DIR)
    assert render_png(nfd, FONT_DIR) == render_png(nfc, FONT_DIR)


def test_unknown_size_and_bad_logo_are_reported_as_problems() -> None:
    with pytest.raises(Invalid) as size:
        compute_layout(plate("A3"), FONT_DIR)
    assert size.value.code == "bad-plate-size" and "A5" in size.value.params["allowed"]
    with pytest.raises(Invalid) as logo:
        compute_layout(plate(logo_png=b"not an image"), FONT_DIR)
    assert logo.value.code == "plate-logo-unreadable" and logo.value.params["reason"]


# --- Determinism -------------------------------------------------------------------------


def test_renders_are_byte_identical() -> None:
    p = plate("A6", title_vi=LONG_TITLE, logo_png=logo_bytes())
    assert render_svg(p, FONT_DIR) == render_svg(p, FONT_DIR)
    assert render_png(p, FONT_DIR) == render_png(p, FONT_DIR)
    assert render_pdf(p, FONT_DIR, [plate("A5")]) == render_pdf(p, FONT_DIR, [plate("A5")])


def test_a_plain_logo_is_drawn_as_given_and_a_turned_one_is_decoded_upright() -> None:
    plain = logo_bytes()
    assert compute_layout(plate(logo_png=plain), FONT_DIR).logo == plain
    stored = Image.new("RGB", (200, 100), "#9b1c1c")  # shown 100 wide, 200 tall
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", exif=exif)
    layout = compute_layout(plate(logo_png=buffer.getvalue()), FONT_DIR)
    assert layout.logo is not None and layout.logo_box is not None
    drawn = Image.open(io.BytesIO(layout.logo))
    assert (drawn.format, drawn.size) == ("PNG", (100, 200)) and not drawn.getexif()
    assert layout.logo_box.h == pytest.approx(2 * layout.logo_box.w)
    assert decode_png(render_png(plate(logo_png=buffer.getvalue()), FONT_DIR)) == [URL]
