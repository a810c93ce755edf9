"""Share cards (og:image): size, format, determinism, no metadata, text kept inside margins."""

from __future__ import annotations

import io
import random
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont, ImageStat

from generator.sharecards.draw import (
    COVER_AREA,
    MARGIN,
    PLAIN_AREA,
    SHARE_SIZE,
    layout_lines,
    render_share_card,
    title_lines,
)

FONTS = Path(__file__).resolve().parent.parent / "theme" / "fonts"
W, H = SHARE_SIZE
SITE = "Địa chỉ đỏ Nhơn Trạch"
SUB = "Di tích lịch sử · Di tích quốc gia"
# 160 characters of the tallest stacked marks and deepest descenders Vietnamese has.
WORST = " ".join(["ỖẶNG", "Quỷệ", "Ỹgjpỵ", "Ấp", "Giồng", "Sắn"] * 8)[:160].strip()
LETTERS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE = "".join(unicodedata.normalize("NFC", v + t) for v in LETTERS for t in TONES) + "đ"
PANGRAM = "Do bạch kim rất quý nên sẽ dùng để lắp vô xương. Trăm năm trong cõi người ta"


def card(title: str = "Di tích vụ thảm sát Giồng Sắn", cover: Path | None = None,
         **kwargs: str) -> bytes:
    args = {"subtitle": SUB, "code": "NT03", "site_name": SITE} | kwargs
    return render_share_card(title, args["subtitle"], args["code"], args["site_name"], FONTS,
                             cover)


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def markers(data: bytes) -> list[int]:
    """JPEG marker codes before the first scan: where APPn/COM metadata would live."""
    found, pos = [], 2
    while data[pos] == 0xFF and data[pos + 1] != 0xDA:
        found.append(data[pos + 1])
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
    return found


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A noisy, photo-like cover, larger than the card and of another aspect ratio."""
    rnd = random.Random(7)
    image = Image.effect_noise((1600, 1400), 60).convert("RGB")
    tint = Image.new("RGB", image.size, (rnd.randint(0, 255), 120, 60))
    path = tmp_path / "cover.jpg"
    Image.blend(image, tint, 0.4).save(path, quality=95)
    return path


@pytest.mark.parametrize("with_cover", [False, True])
def test_card_is_a_1200x630_progressive_jpeg_under_300kb(with_cover: bool, photo: Path) -> None:
    data = card(cover=photo if with_cover else None)
    image = decode(data)
    assert (image.format, image.size, image.mode) == ("JPEG", SHARE_SIZE, "RGB")
    assert image.info.get("progressive") or image.info.get("progression")
    assert len(data) <= 300_000


def test_pure_noise_cover_still_fits_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "noise.png"
    Image.merge("RGB", [Image.effect_noise(SHARE_SIZE, 128)] * 3).save(path)
    assert len(card(WORST, cover=path)) <= 300_000


@pytest.mark.parametrize("with_cover", [False, True])
def test_same_inputs_give_same_bytes(with_cover: bool, photo: Path) -> None:
    cover = photo if with_cover else None
    assert card(WORST, cover) == card(WORST, cover)
    assert card("Đình Phú Mỹ", cover) != card("Đình Phú Mỹ Hội", cover)


def test_decomposed_title_renders_like_composed() -> None:
    title = "Di tích vụ thảm sát Giồng Sắn"
    assert card(unicodedata.normalize("NFD", title)) == card(title)


@pytest.mark.parametrize("with_cover", [False, True])
def test_no_exif_or_other_metadata(with_cover: bool, tmp_path: Path) -> None:
    cover = tmp_path / "exif.jpg"
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 1
    Image.new("RGB", (800, 600), "green").save(cover, exif=exif, comment=b"private note")
    data = card(cover=cover if with_cover else None)
    image = decode(data)
    assert not image.getexif()
    assert "exif" not in image.info and "icc_profile" not in image.info
    found = markers(data)
    assert not [m for m in found if 0xE1 <= m <= 0xEF or m == 0xFE], [hex(m) for m in found]
    assert b"SecretCam" not in data and b"private note" not in data


@pytest.mark.parametrize("cover", [False, True])
def test_160_char_title_stays_inside_the_margins(cover: bool) -> None:
    assert len(WORST) >= 155
    lines = title_lines(WORST, FONTS, cover)
    area = COVER_AREA if cover else PLAIN_AREA
    assert 1 <= len(lines) <= 4
    for line in lines:
        left, top, right, bottom = line.box
        assert left >= MARGIN and right <= W - MARGIN and top >= MARGIN and bottom <= H - MARGIN
        assert area[1] <= top and bottom <= area[3], (line.text, line.box, area)
    for upper, lower in zip(lines, lines[1:], strict=False):
        assert lower.box[1] >= upper.box[3], "stacked marks would touch the descenders above"
    assert "".join(line.text.rstrip("…") for line in lines).replace(" ", "") in WORST.replace(
        " ", "")


def test_too_long_title_ends_in_an_ellipsis_within_four_lines() -> None:
    lines = layout_lines("Nhà tù Côn Đảo " * 40, FONTS, PLAIN_AREA)
    assert len(lines) == 4 and lines[-1].text.endswith("…")
    assert all(line.box[2] <= PLAIN_AREA[2] for line in lines)


def test_short_title_uses_a_larger_size_than_a_long_one() -> None:
    short = title_lines("Đình Phú Mỹ", FONTS, cover=False)
    long = title_lines(WORST, FONTS, cover=False)
    assert len(short) == 1 and short[0].size > long[0].size


def test_rendered_ink_on_a_black_cover_stays_inside_the_margins(tmp_path: Path) -> None:
    """Pixels, not just boxes: on a black photo only text is bright; none may reach the edge."""
    cover = tmp_path / "black.png"
    Image.new("RGB", SHARE_SIZE, "black").save(cover)
    image = decode(card(WORST, cover, site_name=SITE + " ỖẶỸ gjpỵ")).convert("L")
    edge = MARGIN - 8  # JPEG ringing may spread within the 8×8 block straddling the margin
    for box in ((0, 0, W, edge), (0, H - edge, W, H), (0, 0, edge, H), (W - edge, 0, W, H)):
        assert image.crop(box).getextrema()[1] < 40, box


def test_plain_card_text_stays_inside_the_margins() -> None:
    """Against an empty card, text may change nothing in the margin band (border, dots)."""
    blank = decode(card("", subtitle="", code="", site_name="")).convert("L")
    full = card(WORST, subtitle=SUB + " ỖẶ gjpỵ" * 4, site_name=SITE + " ỖẶỸ gjpỵ")
    full = decode(full).convert("L")
    diff = ImageChops.difference(blank, full)
    edge = MARGIN - 8
    for box in ((0, 0, W, edge), (0, H - edge, W, H), (0, 0, edge, H), (W - edge, 0, W, H)):
        assert diff.crop(box).getextrema()[1] < 24, box


def test_exif_orientation_6_is_applied_to_the_cover(tmp_path: Path) -> None:
    """Stored 630×1200 with red left half; orientation 6 shows it 1200×630 with red on top."""
    stored = Image.new("RGB", (H, W), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, H // 2, W))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "rotated.jpg"
    stored.save(path, exif=exif, quality=95)
    image = decode(card("A", cover=path))
    red = image.getpixel((900, 100))
    assert red[0] > 200 and red[2] < 60, red  # unrotated, this spot would be blue
    assert image.getpixel((300, 100))[0] > 200
    below = image.getpixel((900, 380))
    assert below[2] > below[0], below  # bottom half is the (darkened) blue


@pytest.mark.parametrize("mode", ["RGBA", "P", "L", "CMYK"])
def test_odd_cover_modes_become_rgb(mode: str, tmp_path: Path) -> None:
    path = tmp_path / ("cover.png" if mode != "CMYK" else "cover.jpg")
    Image.new("RGB", (500, 900), (40, 90, 160)).convert(mode).save(path)
    image = decode(card(cover=path))
    assert (image.size, image.mode) == (SHARE_SIZE, "RGB")
    # Above the title band the photo shows as it is: its own (mean, for dithered P) colour.
    with Image.open(path) as cover:
        expected = ImageStat.Stat(cover.convert("RGB")).mean
    shown = ImageStat.Stat(image.crop((MARGIN, 10, W - MARGIN, 120))).mean
    assert all(abs(a - b) <= 8 for a, b in zip(shown, expected, strict=True)), (shown, expected)


@pytest.mark.parametrize("name", ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf"])
def test_every_vietnamese_letter_has_a_real_glyph(name: str) -> None:
    font = ImageFont.truetype(str(FONTS / name), 48)
    missing = "\ue000"  # private use: the font draws its .notdef box for this
    notdef = font.getmask(missing)
    notdef_key = (notdef.size, bytes(notdef))
    chars = set(VIETNAMESE + VIETNAMESE.upper() + PANGRAM + SITE + SUB) - {" "}
    bad = []
    for char in sorted(chars):
        mask = font.getmask(char)
        if mask.size[0] == 0 or (mask.size, bytes(mask)) == notdef_key:
            bad.append(char)
    assert not bad, bad
    assert len(chars) > 140


# --- an unreadable cover ------------------------------------------------------------------


def test_unreadable_cover_gets_a_designed_card_a_warning_and_another_try(tmp_path: Path) -> None:
    from generator.sharecards.cards import Card
    from generator.sharecards.produce import produce_cards

    cover = tmp_path / "cong.1600.jpg"
    cover.write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    card = Card("share/dinh.jpg", "Đình Phú Mỹ", SUB, "NT01", SITE, str(cover), "d1",
                owner="sites/dinh.md", cover_name="media/a/cong.jpg")
    made = produce_cards([card], FONTS, tmp_path / "cache", workers=1)
    ((out, path, key),) = made.files
    assert out == "share/dinh.jpg" and key.endswith("-plain") and path.name == f"{key}.jpg"
    assert decode(path.read_bytes()).size == SHARE_SIZE
    (warning,) = made.warnings
    assert (warning.code, warning.file, warning.severity) == (
        "share-cover-unreadable", "sites/dinh.md", "warning")
    assert warning.args["media"] == "media/a/cong.jpg" and warning.args["page"] == out
    assert warning.args["reason"] and str(tmp_path) not in warning.args["reason"]
    again = produce_cards([card], FONTS, tmp_path / "cache", workers=1)
    assert again.warnings == made.warnings, "a cached designed card still warns"
    photo = Image.new("RGB", (1600, 900), (40, 90, 160))
    photo.save(cover, quality=90)
    fixed = produce_cards([card], FONTS, tmp_path / "cache", workers=1)
    ((_out, path, key),) = fixed.files
    assert not fixed.warnings and not key.endswith("-plain")
    assert sorted(p.name for p in (tmp_path / "cache" / "share").iterdir()) == [path.name]
