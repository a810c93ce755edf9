"""Link-preview images (Open Graph) for Facebook/Zalo: one 1200×630 JPEG per page and language.

A card is set in the font of its language (plates/text.py `font_file`): Noto Sans, or the bundled
CJK face for Korean and Chinese, which also has every Vietnamese letter of a site's name.

Lines are broken and fitted by plates/text.py (the plates' algorithm, measured here in pixels)
and the cover is decoded by media/decode.py, like every other picture of the site.
"""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from math import cos, pi, sin
from pathlib import Path
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont, ImageOps

from generator.media.decode import decode_srgb
from generator.plates.text import (
    CJK_FONT,
    balanced_wrap,
    cut_to,
    ellipsize,
    first_fit,
    font_file,
)

SHARE_SIZE = (1200, 630)
MARGIN = 60
MAX_LINES = 4
MAX_BYTES = 300_000
RED, DOT, GOLD, PINK = (139, 26, 26), (153, 36, 34), (236, 196, 110), (246, 218, 214)
# Title boxes (left, top, right, bottom); the cover's is bottom-aligned above the meta line.
PLAIN_AREA = (MARGIN, 128, SHARE_SIZE[0] - MARGIN, 480)
COVER_AREA = (MARGIN, MARGIN, SHARE_SIZE[0] - MARGIN, 516)
SIZES = (76, 70, 64, 58, 54, 50, 46, 42)
PROBE = "ỖẶỸgjpỵ"  # tallest stacked marks and deepest descenders: every line gets this room


class Line(NamedTuple):
    """One laid-out line: baseline origin for drawing, ink box for checking margins."""

    text: str
    origin: tuple[int, int]
    box: tuple[int, int, int, int]
    size: int


@lru_cache(maxsize=32)
def _font(font_dir: Path, size: int, bold: bool = True, lang: str = "vi") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(font_dir, lang, bold)), size)


def _fit(font: ImageFont.FreeTypeFont, text: str, width: int) -> str:
    """One line of `text` within `width` pixels, cut with an ellipsis if it must be."""
    return ellipsize(text, font.getlength, width)


class _Leading(NamedTuple):
    """Vertical metrics of the title font at one size, from the tallest and deepest glyphs."""

    ascent: int  # negative: above the baseline
    descent: int
    pitch: int  # baseline to baseline

    def height(self, count: int) -> int:
        return (count - 1) * self.pitch + self.descent - self.ascent


@lru_cache(maxsize=32)
def _leading(font_dir: Path, size: int, lang: str) -> _Leading:
    _, ascent, _, descent = _font(font_dir, size, lang=lang).getbbox(PROBE, anchor="ls")
    # Pillow's boxes are whole pixels, typed as floats.
    return _Leading(int(ascent), int(descent), int(descent - ascent) + size // 25)


def layout_lines(text: str, font_dir: Path, area: tuple[int, int, int, int],
                 valign: str = "middle", max_lines: int = MAX_LINES,
                 lang: str = "vi") -> list[Line]:
    """Largest size whose wrap fits `area` in ≤ max_lines; else smallest size plus ellipsis."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    left, top, right, bottom = area
    width = right - left
    size, lines = first_fit(
        SIZES, lambda size: balanced_wrap(text, _font(font_dir, size, lang=lang).getlength, width),
        lambda size, lines: (len(lines) <= max_lines
                             and _leading(font_dir, size, lang).height(len(lines)) <= bottom - top))
    font, leading = _font(font_dir, size, lang=lang), _leading(font_dir, size, lang)
    if len(lines) > max_lines:
        lines = cut_to(lines, max_lines, font.getlength, width)
    spare = bottom - top - leading.height(len(lines))
    y = top - leading.ascent + {"top": 0, "middle": spare // 2, "bottom": spare}[valign]
    pitch = leading.pitch
    boxes = [tuple(int(v) for v in font.getbbox(line, anchor="ls")) for line in lines]
    return [Line(line, (left, y + i * pitch), (x0 + left, y0 + y + i * pitch, x1 + left,
                                               y1 + y + i * pitch), size)
            for i, (line, (x0, y0, x1, y1)) in enumerate(zip(lines, boxes, strict=True))]


def title_lines(title: str, font_dir: Path, cover: bool, lang: str = "vi") -> list[Line]:
    """The title layout `render_share_card` draws, exposed so tests can check the margins."""
    return layout_lines(title, font_dir, COVER_AREA if cover else PLAIN_AREA,
                        "bottom" if cover else "middle", lang=lang)


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[Line], font_dir: Path, lang: str) -> None:
    """White title lines; the CJK face has no bold, so its strokes are thickened by a stroke of
    the same colour (about 1/30 em: as heavy as Noto Sans Bold looks beside it)."""
    cjk = font_file(font_dir, lang, bold=True).name == CJK_FONT
    for line in lines:
        draw.text(line.origin, line.text, "white", _font(font_dir, line.size, lang=lang),
                  anchor="ls", stroke_width=line.size // 30 if cjk else 0, stroke_fill="white")


def _load_cover(cover: Path) -> Image.Image:
    """Upright, sRGB, transparency on the card's red, centre-cropped to fill the card.

    Raises media.decode.DecodeError when the cover cannot be decoded."""
    image = decode_srgb(cover, RED)
    return ImageOps.fit(image, SHARE_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def _gradient(text_top: int) -> Image.Image:
    """Alpha mask: clear high up, already dark at the text's top, darkest at the bottom edge."""
    w, h = SHARE_SIZE  # a 160 px soft ramp above the text, so the band has no visible edge
    column = [165 * max(0.0, 1 - (text_top - y) / 160) ** 1.6 if y < text_top
              else 165 + 65 * (y - text_top) / max(h - text_top, 1) for y in range(h)]
    return Image.frombytes("L", (1, h), bytes(map(round, column))).resize((w, h))


def _cover_card(title: str, code: str, site_name: str, font_dir: Path, cover: Path,
                lang: str) -> Image.Image:
    """Photo first; a dark band under the text keeps white type readable on any photo."""
    image = _load_cover(cover)
    lines = title_lines(title, font_dir, True, lang)
    image.paste((0, 0, 0), mask=_gradient(lines[0].box[1] - 10 if lines else COVER_AREA[3]))
    draw = ImageDraw.Draw(image)
    _draw_lines(draw, lines, font_dir, lang)
    meta = _font(font_dir, 26, False, lang)
    text = _fit(meta, " · ".join(p for p in (site_name, code) if p), SHARE_SIZE[0] - 2 * MARGIN)
    draw.text((MARGIN, SHARE_SIZE[1] - MARGIN - 6), text, font=meta, fill=GOLD, anchor="ls")
    return image


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    """The five-pointed gold star: the 'red address' emblem beside the site name."""
    points = [(cx + (r if i % 2 == 0 else r * 0.4) * sin(i * pi / 5),
               cy - (r if i % 2 == 0 else r * 0.4) * cos(i * pi / 5)) for i in range(10)]
    draw.polygon(points, fill=GOLD)


def _plain_card(title: str, subtitle: str, code: str, site_name: str,
                font_dir: Path, lang: str) -> Image.Image:
    """Deep red card with a dot grid and inset frame, so pages without photos still look made."""
    w, h = SHARE_SIZE
    image = Image.new("RGB", SHARE_SIZE, RED)
    draw = ImageDraw.Draw(image)
    for x in range(42, w - 30, 24):
        for y in range(42, h - 30, 24):
            draw.ellipse((x - 1.5, y - 1.5, x + 1.5, y + 1.5), fill=DOT)
    draw.rectangle((24, 24, w - 25, h - 25), outline=GOLD, width=2)
    _star(draw, MARGIN + 13, MARGIN + 21, 14)
    small = _font(font_dir, 28, lang=lang)
    draw.text((MARGIN + 38, MARGIN + 31), _fit(small, site_name, w - 2 * MARGIN - 38),
              font=small, fill=GOLD, anchor="ls")
    _draw_lines(draw, title_lines(title, font_dir, False, lang), font_dir, lang)
    code = _fit(small, code, 320)
    pw = round(small.getlength(code)) + 44 if code else 0
    if code:
        draw.rounded_rectangle((w - MARGIN - pw, h - MARGIN - 50, w - MARGIN, h - MARGIN),
                               radius=25, fill=GOLD)
        draw.text((w - MARGIN - pw / 2, h - MARGIN - 25), code, font=small, fill=RED, anchor="mm")
    sub = _font(font_dir, 30, False, lang)
    sub_text = _fit(sub, subtitle, w - 2 * MARGIN - pw - 30)
    draw.text((MARGIN, h - MARGIN - 14), sub_text, font=sub, fill=PINK, anchor="ls")
    return image


def render_share_card(title: str, subtitle: str, code: str, site_name: str, font_dir: Path,
                      cover: Path | None = None, lang: str = "vi") -> bytes:
    """The page's og:image in `lang`: plain JPEG without metadata, identical bytes for identical
    input."""
    title, subtitle, code, site_name = (unicodedata.normalize("NFC", s)
                                        for s in (title, subtitle, code, site_name))
    image = (_plain_card(title, subtitle, code, site_name, font_dir, lang) if cover is None
             else _cover_card(title, code, site_name, font_dir, Path(cover), lang))
    image.info.clear()  # Pillow would copy a cover's comment/ICC/EXIF into the JPEG
    for quality in (85, 80, 75, 70, 60):  # 85 normally; lower only to stay under the cap
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, progressive=True, optimize=True)
        if buffer.tell() <= MAX_BYTES:
            break
    return buffer.getvalue()
