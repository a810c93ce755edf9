"""Raster plates at print resolution, for previews, messaging apps and the build's decode check.

The QR is drawn with whole pixels per module and integer rectangles only, so no module edge is
anti-aliased and a decoder sees exactly the matrix. Pillow's BASIC text layout is used on purpose:
it gives the same pixels with or without libraqm, and NFC Vietnamese needs no shaping.

The PNG is written with a palette when the plate has no logo: a plate's only colours are its flat
fills and text anti-aliased over one background, so a fixed palette of those blends holds every
pixel to within a few levels of 255 (Pillow matches colours through a reduced-precision cache),
and the flat colours, so the QR's black and white, exactly. Pillow filters RGB rows adaptively
(five filters tried per row), which made the encoder most of a plate's cost; a palette image is
written unfiltered, several times faster and half the size.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.media.decode import decode_srgb

from .geometry import BLACK, WHITE, Box, PlateLayout, PlateText, Stamp, TextLine
from .layout import compute_layout
from .qr import QUIET_ZONE_MODULES, dark_runs
from .text import language_face

PNG_COMPRESS_LEVEL = 3  # fixed (never a library default); 6 took twice as long for 25 % fewer bytes
MIN_STEPS = 16  # fewer blend steps per text colour than this would show as banding: keep RGB


def render_png(p: PlateText, font_dir: Path, dpi: int = 300) -> bytes:
    """The plate at trim size and `dpi`, with dpi metadata and deterministic bytes."""
    return encode_png(raster_image(compute_layout(p, font_dir), font_dir, dpi), dpi)


def raster_image(layout: PlateLayout, font_dir: Path, dpi: int = 300,
                 palette: bool = True) -> Image.Image:
    """The plate drawn from its layout at `dpi` (trim size): a palette image when its colours
    fit one (see the module's docstring) and `palette` is left on, else RGB."""
    scale = dpi / 25.4
    ramps = _Ramps(layout) if palette else None
    size = (round(layout.width * scale), round(layout.height * scale))
    if ramps is None or not ramps.fits:
        ramps, image = None, Image.new("RGB", size, WHITE)
    else:
        image = Image.new("P", size, ramps.flat(WHITE))
        image.putpalette(ramps.palette())
    ink = ramps.flat if ramps else (lambda colour: colour)
    draw = ImageDraw.Draw(image)
    for fill in layout.fills:
        _rectangle(draw, fill.box, scale, ink(fill.color))
    for line in layout.lines:
        face = language_face(Path(font_dir), line.lang, line.bold)
        font = _font(str(face.path), line.size * scale)
        at = (line.x * scale, line.baseline * scale)
        if ramps:
            _paste_text(image, at, line.text, font, ramps.lut(layout, line))
        else:
            draw.text(at, line.text, font=font, fill=line.color, anchor="ms")
    if layout.logo and layout.logo_box:
        _paste_logo(image, layout.logo, layout.logo_box, scale)
    bold = language_face(Path(font_dir), "vi", True)
    for stamp in layout.stamps:
        _draw_stamp(image, draw, stamp, _font(str(bold.path), stamp.size * scale), scale,
                    ink(stamp.color), ramps.stamp_lut(stamp) if ramps else None)
    _draw_qr(draw, layout, dpi, ink(BLACK), ink(WHITE))
    return image


def encode_png(image: Image.Image, dpi: int = 300) -> bytes:
    """`image` as PNG bytes with dpi metadata and fixed encoder settings."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=False, compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


class _Ramps:
    """The palette of one plate: its flat colours, then for each (text colour, background) a
    ramp of blends from background to text colour, which is where anti-aliased pixels lie."""

    def __init__(self, layout: PlateLayout) -> None:
        self.flats = sorted({WHITE, BLACK, *(fill.color for fill in layout.fills),
                             *(stamp.color for stamp in layout.stamps)})
        self.pairs = sorted({(line.color, _background(layout, line.x, line.baseline))
                             for line in layout.lines}
                            | {(stamp.text_color, stamp.color) for stamp in layout.stamps})
        self.steps = (256 - len(self.flats)) // max(1, len(self.pairs))
        self.fits = not layout.logo and self.steps >= MIN_STEPS  # a logo has colours of its own

    def flat(self, colour: str) -> int:
        return self.flats.index(colour)

    def palette(self) -> list[int]:
        colours = [_rgb(colour) for colour in self.flats]
        for ink, paper in self.pairs:
            fg, bg = _rgb(ink), _rgb(paper)
            colours += [tuple(round(b + (f - b) * k / (self.steps - 1))
                              for f, b in zip(fg, bg, strict=True)) for k in range(self.steps)]
        colours += [colours[0]] * (256 - len(colours))
        return [value for colour in colours for value in colour]

    def lut(self, layout: PlateLayout, line: TextLine) -> list[int]:
        """Coverage (0-255) of `line`'s glyphs → palette index on its ramp."""
        return self._lut((line.color, _background(layout, line.x, line.baseline)))

    def stamp_lut(self, stamp: Stamp) -> list[int]:
        return self._lut((stamp.text_color, stamp.color))

    def _lut(self, pair: tuple[str, str]) -> list[int]:
        first = len(self.flats) + self.steps * self.pairs.index(pair)
        return [first + round(alpha * (self.steps - 1) / 255) for alpha in range(256)]


def _paste_text(image: Image.Image, at: tuple[float, float], text: str,
                font: ImageFont.FreeTypeFont, lut: list[int]) -> None:
    """Text drawn as coverage in grey, mapped onto its ramp and pasted where it has ink. The
    glyphs get the same sub-pixel offset as drawing on the plate itself would give them."""
    left, top, right, bottom = font.getbbox(text, anchor="ms")
    x0, y0 = math.floor(at[0] + left) - 1, math.floor(at[1] + top) - 1
    size = (math.ceil(at[0] + right) - x0 + 2, math.ceil(at[1] + bottom) - y0 + 2)
    coverage = Image.new("L", size, 0)
    ImageDraw.Draw(coverage).text((at[0] - x0, at[1] - y0), text, font=font, fill=255,
                                  anchor="ms")
    indices = Image.frombytes("P", size, coverage.point(lut).tobytes())
    image.paste(indices, (x0, y0), coverage.point([0] + [255] * 255))


def _draw_stamp(image: Image.Image, draw: ImageDraw.ImageDraw, stamp: Stamp,
                font: ImageFont.FreeTypeFont, scale: float, band: str | int,
                lut: list[int] | None) -> None:
    """A sample's band (plates/sample.py) as a turned polygon, and its words drawn level as
    coverage on a square around the band's centre, turned with it and pasted in the words'
    colour (through the palette ramp `lut` on a palette image)."""
    turn = math.radians(stamp.angle)
    cos, sin = math.cos(turn), math.sin(turn)
    cx, cy = stamp.x * scale, stamp.y * scale
    corners = [(dx * stamp.w / 2, dy * stamp.h / 2) for dx, dy in ((-1, -1), (1, -1), (1, 1),
                                                                    (-1, 1))]
    draw.polygon([(cx + (x * cos + y * sin) * scale, cy + (y * cos - x * sin) * scale)
                  for x, y in corners], fill=band)
    left, top, right, bottom = font.getbbox(stamp.text, anchor="ms")
    drop = stamp.drop * scale
    # The words drawn level on a strip centred on the band's centre, then turned about it:
    # the turned strip's centre is still the band's, wherever expand puts its corners.
    half_w = math.ceil(max(-left, right)) + 2
    half_h = math.ceil(max(-top - drop, bottom + drop)) + 2
    coverage = Image.new("L", (2 * half_w, 2 * half_h), 0)
    ImageDraw.Draw(coverage).text((half_w, half_h + drop), stamp.text, font=font, fill=255,
                                  anchor="ms")
    coverage = coverage.rotate(stamp.angle, resample=Image.Resampling.BILINEAR, expand=True)
    at = (round(cx - coverage.width / 2), round(cy - coverage.height / 2))
    if lut is None:
        image.paste(stamp.text_color, (*at, at[0] + coverage.width, at[1] + coverage.height),
                    coverage)
        return
    indices = Image.frombytes("P", coverage.size, coverage.point(lut).tobytes())
    image.paste(indices, at, coverage.point([0] + [255] * 255))


def _background(layout: PlateLayout, x: float, y: float) -> str:
    """The colour under a point of the plate: the last fill drawn there, else white."""
    colour = WHITE
    for fill in layout.fills:
        box = fill.box
        if box.x <= x <= box.x + box.w and box.y <= y <= box.y + box.h:
            colour = fill.color
    return colour


def _rgb(colour: str) -> tuple[int, ...]:
    value = colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


@lru_cache(maxsize=64)
def _font(path: str, size_px: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=size_px, layout_engine=ImageFont.Layout.BASIC)


def _rectangle(draw: ImageDraw.ImageDraw, box: Box, scale: float, color: str | int) -> None:
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


def _draw_qr(draw: ImageDraw.ImageDraw, layout: PlateLayout, dpi: int, black: str | int,
             white: str | int) -> None:
    """Quiet zone and modules on an integer pixel grid centred on the layout's QR box."""
    scale = dpi / 25.4
    module = module_pixels(layout.module_mm, dpi)
    side = (layout.symbol.size + 2 * QUIET_ZONE_MODULES) * module
    box = layout.qr_box
    left = round((box.x + box.w / 2) * scale - side / 2)
    top = round((box.y + box.h / 2) * scale - side / 2)
    draw.rectangle((left, top, left + side - 1, top + side - 1), fill=white)
    origin_x = left + QUIET_ZONE_MODULES * module
    origin_y = top + QUIET_ZONE_MODULES * module
    for row, col, length in dark_runs(layout.symbol):
        x0, y0 = origin_x + col * module, origin_y + row * module
        draw.rectangle((x0, y0, x0 + length * module - 1, y0 + module - 1), fill=black)
