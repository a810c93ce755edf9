"""Raster plates at print resolution, for previews, messaging apps and the build's decode check.

The QR is drawn with whole pixels per module and integer rectangles only, so no module edge is
anti-aliased and a decoder sees exactly the matrix. Pillow's BASIC text layout is used on purpose:
it gives the same pixels with or without libraqm, and NFC Vietnamese needs no shaping.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.media.decode import decode_srgb

from .layout import BLACK, WHITE, Box, PlateLayout, PlateText, compute_layout
from .qr import QUIET_ZONE_MODULES, dark_runs
from .text import language_face

PNG_COMPRESS_LEVEL = 6  # fixed so the bytes never depend on a library default


def render_png(p: PlateText, font_dir: Path, dpi: int = 300) -> bytes:
    """The plate at trim size and `dpi`, with dpi metadata and deterministic bytes."""
    layout = compute_layout(p, font_dir)
    scale = dpi / 25.4
    image = Image.new("RGB", (round(layout.width * scale), round(layout.height * scale)), WHITE)
    draw = ImageDraw.Draw(image)
    for fill in layout.fills:
        _rectangle(draw, fill.box, scale, fill.color)
    for line in layout.lines:
        face = language_face(Path(font_dir), line.lang, line.bold)
        font = _font(str(face.path), line.size * scale)
        draw.text(
            (line.x * scale, line.baseline * scale),
            line.text,
            font=font,
            fill=line.color,
            anchor="ms",
        )
    if layout.logo and layout.logo_box:
        _paste_logo(image, layout.logo, layout.logo_box, scale)
    _draw_qr(draw, layout, dpi)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=False, compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


@lru_cache(maxsize=64)
def _font(path: str, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=size_px, layout_engine=ImageFont.Layout.BASIC)


def _rectangle(draw: ImageDraw.ImageDraw, box: Box, scale: float, color: str) -> None:
    x0, y0 = round(box.x * scale), round(box.y * scale)
    x1, y1 = round((box.x + box.w) * scale), round((box.y + box.h) * scale)
    if x1 > x0 and y1 > y0:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=color)


def _paste_logo(image: Image.Image, logo: bytes, box: Box, scale: float) -> None:
    """The layout's logo (checked by compute_layout), decoded like every picture of the site."""
    size = (max(1, round(box.w * scale)), max(1, round(box.h * scale)))
    picture = decode_srgb(logo, background=None).resize(size, Image.Resampling.LANCZOS)
    image.paste(picture, (round(box.x * scale), round(box.y * scale)), picture)


def module_pixels(module_mm: float, dpi: int) -> int:
    """Whole pixels per module at `dpi` (at 300 dpi this equals the layout's module exactly)."""
    return max(1, round(module_mm / 25.4 * dpi))


def _draw_qr(draw: ImageDraw.ImageDraw, layout: PlateLayout, dpi: int) -> None:
    """Quiet zone and modules on an integer pixel grid centred on the layout's QR box."""
    scale = dpi / 25.4
    module = module_pixels(layout.module_mm, dpi)
    side = (layout.symbol.size + 2 * QUIET_ZONE_MODULES) * module
    box = layout.qr_box
    left = round((box.x + box.w / 2) * scale - side / 2)
    top = round((box.y + box.h / 2) * scale - side / 2)
    draw.rectangle((left, top, left + side - 1, top + side - 1), fill=WHITE)
    origin_x = left + QUIET_ZONE_MODULES * module
    origin_y = top + QUIET_ZONE_MODULES * module
    for row, col, length in dark_runs(layout.symbol):
        x0, y0 = origin_x + col * module, origin_y + row * module
        draw.rectangle((x0, y0, x0 + length * module - 1, y0 + module - 1), fill=BLACK)
