"""The composer every plate layout uses (layout.py's portrait plates, label.py's landscape
label): it measures, wraps and shrinks text blocks and records their lines and boxes."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from generator.media.decode import DecodeError, decode_srgb, is_plain, opened, upright_size
from generator.problems import Invalid

from .geometry import (
    GREY,
    INK,
    RED,
    REFERENCE_WIDTH_MM,
    SAFE_MM,
    WHITE,
    Box,
    PlateText,
    TextLine,
    margin,
    metrics,
    nfc,
    plate_size,
)
from .qr import PlateMetrics, QrSymbol, make_symbol
from .text import (
    Face,
    balanced_wrap,
    cut_to,
    first_fit,
    fit_lines,
    language_face,
    load_faces,
    shrinking,
)


def start(p: PlateText, font_dir: Path) -> tuple[Composer, QrSymbol, PlateMetrics]:
    """What every plate layout begins with: its text in NFC, its QR symbol and measures, and a
    composer with the faces of both its languages."""
    p = nfc(p)
    symbol = make_symbol(p.url)
    faces = load_faces(Path(font_dir)), language_face(Path(font_dir), p.second_lang)
    return Composer(p, *faces, plate_size(p.size)[0]), symbol, metrics(symbol, p.size)


class Composer:
    """Places the text blocks of one plate and records their lines and named boxes."""

    def __init__(self, p: PlateText, faces: tuple[Face, Face], second: Face,
                 width: float) -> None:
        self.p, (self.regular, self.bold), self.second = p, faces, second
        self.u, self.centre = width / REFERENCE_WIDTH_MM, width / 2
        self.inner = width - 2 * margin(width)
        self.lines: list[TextLine] = []
        self.boxes: list[tuple[str, Box]] = []
        self.logo_box: Box | None = None

    def place(
        self,
        name: str,
        lines: list[str],
        face: Face,
        size: float,
        pitch: float,
        top: float,
        color: str,
        lang: str = "",
        centre: float | None = None,
    ) -> Box:
        """Centred lines whose first ascent starts at `top`; returns the box they occupy."""
        centre = self.centre if centre is None else centre
        widest = 0.0
        for i, text in enumerate(lines):
            width = face.width(text, size)
            baseline = top + (face.ascent + i * pitch) * size
            self.lines.append(TextLine(text, centre, baseline, size, face.bold, color, lang, width))
            widest = max(widest, width)
        box = Box(centre - widest / 2, top, widest, face.block_height(len(lines), size, pitch))
        self.boxes.append((name, box))
        return box

    def organisation(self) -> float:
        """White organisation name centred in the top band; returns the band height."""
        bold, u = self.bold, self.u
        size, lines = fit_lines(self.p.organisation, bold, self.inner, 4.2 * u, 2.4, max_lines=2)
        above_cap = (bold.ascent - bold.cap) * size
        visual = (bold.cap + (len(lines) - 1) * 1.25) * size  # cap top to last baseline
        band_h = max(20 * u, 2 * (SAFE_MM + above_cap + 0.5) + visual)
        top = (band_h - visual) / 2 - above_cap
        self.place("organisation", lines, bold, size, 1.25, top, WHITE, "vi")
        return band_h

    def code_and_url(self, bottom: float) -> float:
        """URL, then the site code (with the logo) above it; returns the top of the code row."""
        regular, bold, u = self.regular, self.bold, self.u
        size, lines = fit_lines(self.p.url, regular, self.inner, 3.2 * u, 2.2, max_lines=3)
        top = bottom - regular.block_height(len(lines), size, 1.2)
        self.place("url", lines, regular, size, 1.2, top, INK)
        code_size = fit_lines(self.p.code, bold, self.inner * 0.6, 11 * u, 4.0, max_lines=1)[0]
        code_top = top - 0.5 * u - bold.block_height(1, code_size, 1.0)
        self.code_row(code_size, code_top)
        return code_top

    def code_row(self, size: float, top: float) -> None:
        """Site code in large type, with the organisation logo to its left when there is one."""
        code_w = self.bold.width(self.p.code, size)
        logo_w = logo_h = gap = 0.0
        if self.p.logo_png:
            aspect = prepared_logo(self.p.logo_png)[1]
            gap = 3 * self.u
            room = max(self.inner - code_w - gap, 0.1)  # a very wide logo shrinks, never spills
            logo_w = min(1.05 * size * aspect, 3 * 1.05 * size, room)
            logo_h = logo_w / aspect
        start = self.centre - (logo_w + gap + code_w) / 2
        code_centre = start + logo_w + gap + code_w / 2
        self.place("code", [self.p.code], self.bold, size, 1.0, top, INK, centre=code_centre)
        if self.p.logo_png:
            middle = self.lines[-1].baseline - self.bold.cap * size / 2
            self.logo_box = Box(start, middle - logo_h / 2, logo_w, logo_h)
            self.boxes.append(("logo", self.logo_box))

    def calls_to_action(self, bottom: float) -> float:
        """Bilingual 'scan me' lines just above the QR; returns the y of the red rule above."""
        second, bold, u, lang = self.second, self.bold, self.u, self.p.second_lang
        size_2, cta_2 = fit_lines(self.p.cta_second, second, self.inner, 3.6 * u, 2.4, max_lines=2)
        size_vi, vi = fit_lines(self.p.cta_vi, bold, self.inner, 4.4 * u, 2.6, max_lines=2)
        top_2 = bottom - second.block_height(len(cta_2), size_2, 1.25)
        vi_top = top_2 - bold.block_height(len(vi), size_vi, 1.25)
        self.place("cta_vi", vi, bold, size_vi, 1.25, vi_top, RED, "vi")
        self.place("cta_second", cta_2, second, size_2, 1.25, top_2, GREY, lang)
        return vi_top - 4 * u

    def titles(self, top: float, bottom: float) -> bool:
        """Vietnamese title (bold) and second title, as large as fits between band and rule.

        Sizes shrink in 7 % steps, re-wrapping at every step; below the minimum the second title
        is dropped and the Vietnamese one cut with an ellipsis, and True is returned so the build
        can warn instead of overflowing.
        """
        room = bottom - top
        _size, t = first_fit(shrinking(9.0 * self.u, max(3.2, 3.6 * self.u)), self._titles,
                             lambda _size, t: t.height <= room)
        overflow = t.height > room
        if overflow:
            count = max((n for n in range(1, len(t.vi) + 1)
                         if self.bold.block_height(n, t.size, 1.25) <= room), default=1)
            vi = cut_to(t.vi, count, self.bold.measure(t.size), self.inner)
            t = _Titles(t.size, vi, self.bold.block_height(len(vi), t.size, 1.25),
                        t.second_size, [], 0.0, 0.0)
        y = top + (room - t.vi_h - t.gap - t.second_h) / 2  # term by term: no float (byte) moves
        self.place("title_vi", t.vi, self.bold, t.size, 1.25, y, INK, "vi")
        if t.second:
            self.place("title_second", t.second, self.second, t.second_size, 1.3,
                       y + t.vi_h + t.gap, GREY, self.p.second_lang)
        return overflow

    def _titles(self, size: float) -> _Titles:
        """Both titles wrapped for a Vietnamese size of `size` (the second at 60 % of it)."""
        size_2, face_2 = max(2.5, 0.6 * size), self.second
        vi = balanced_wrap(self.p.title_vi, self.bold.measure(size), self.inner)
        lines_2 = (balanced_wrap(self.p.title_second, face_2.measure(size_2), self.inner)
                   if self.p.title_second else [])
        return _Titles(size, vi, self.bold.block_height(len(vi), size, 1.25), size_2, lines_2,
                       0.6 * size_2 if lines_2 else 0.0,
                       face_2.block_height(len(lines_2), size_2, 1.3) if lines_2 else 0.0)


class _Titles(NamedTuple):
    """The title block at one size: lines and heights in mm (gap: between the two titles)."""

    size: float
    vi: list[str]
    vi_h: float
    second_size: float
    second: list[str]
    gap: float
    second_h: float

    @property
    def height(self) -> float:
        return self.vi_h + self.gap + self.second_h


@lru_cache(maxsize=4)
def prepared_logo(data: bytes) -> tuple[bytes, float]:
    """The logo all three renderers draw, and its width / height.

    A PNG or JPEG that is already upright 8-bit sRGB is drawn as given; any other is decoded by
    media/decode.py (orientation, colour profile) and re-encoded as PNG, so the SVG, the PDF and
    the PNG show the same upright picture.
    """
    try:
        with opened(data) as image:
            width, height = upright_size(image)
            if image.format not in ("PNG", "JPEG"):
                raise Invalid("plate-logo-unreadable", reason="logo-format")
            if is_plain(image):
                return data, width / height
        picture = decode_srgb(data, background=None)
    except DecodeError as err:
        raise Invalid("plate-logo-unreadable", reason=err.kind) from err
    buffer = io.BytesIO()
    picture.info.clear()  # the colour profile is applied; no metadata travels on
    picture.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue(), width / height
