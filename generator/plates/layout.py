"""One plate layout, computed in millimetres, that the SVG, PDF and PNG renderers all draw.

Everything is designed at A5 and scaled by plate width (`u` = width / 148 mm), so the four sizes
look alike. Positions are measured with the bundled Noto Sans advance widths (no kerning, so real
renderers are never wider than the layout), and every text block records its box so tests can prove
that nothing overlaps the QR quiet zone or leaves the 5 mm safe area.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from generator.content.model import PLATE_TRIM_MM
from generator.media.decode import DecodeError, decode_srgb, is_plain, opened, upright_size
from generator.problems import Invalid

from .qr import QUIET_ZONE_MODULES, PlateMetrics, QrSymbol, make_symbol, symbol_metrics
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

if TYPE_CHECKING:
    from .sample import Stamp

SAFE_MM = 5.0  # print shops trim within a few mm; no content closer to the edge than this
BLEED_MM = 3.0
REFERENCE_WIDTH_MM = 148.0  # A5: the size every proportion below was designed at
MODULE_AT_A5_MM = 2.0  # phones read a 2 mm module from ~0.75 m; 1.5 mm is our floor on A5

# The landscape `label` (plates/label.py): band, foot and gaps fixed, so its QR size is known
# before any text is laid out; the band fits a 2.8 mm line inside the safe area.
LABEL_BAND_MM, LABEL_FOOT_MM, LABEL_GAP_MM, LABEL_MODULE_MM = 15.0, 4.0, 2.0, 1.4
RED, INK, GREY, WHITE, BLACK = "#9b1c1c", "#1c1917", "#57534e", "#ffffff", "#000000"


@dataclass(frozen=True)
class Box:
    """Axis-aligned rectangle in mm, y growing downwards."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def inside(self, other: Box) -> bool:
        return (
            other.x <= self.x
            and self.x + self.w <= other.x + other.w
            and other.y <= self.y
            and self.y + self.h <= other.y + other.h
        )


@dataclass(frozen=True)
class TextLine:
    """One line of text, centred on `x`, sitting on `baseline`; `size` is the em size in mm."""

    text: str
    x: float
    baseline: float
    size: float
    bold: bool
    color: str
    lang: str
    width: float


@dataclass(frozen=True)
class PlateText:
    """What a plate says. Text is NFC-normalised before layout; `url` is the exact QR payload.

    Below the Vietnamese title and call to action comes a second language (`second_lang`, a
    BCP 47 tag such as "en", "ko" or "zh-Hans"): its title (None: none printed) and its CTA.
    """

    code: str
    url: str
    title_vi: str
    title_second: str | None
    organisation: str
    cta_vi: str
    cta_second: str
    size: str = "A5"
    logo_png: bytes | None = None  # drawn beside the site code, never over the QR
    second_lang: str = "en"
    sample: bool = False  # an example base_url: marked "BẢN MẪU — KHÔNG IN" (plates/sample.py)


@dataclass(frozen=True)
class Fill:
    """A decorative rectangle; edges lying on the trim line run on into the bleed in the PDF."""

    box: Box
    color: str


@dataclass(frozen=True)
class PlateLayout:
    """Everything a renderer draws, in mm from the top-left corner of the trimmed plate."""

    width: float
    height: float
    fills: tuple[Fill, ...]
    lines: tuple[TextLine, ...]
    text_boxes: tuple[tuple[str, Box], ...]  # (name, box) per text block, for overlap checks
    qr_box: Box  # the symbol including its quiet zone
    symbol: QrSymbol
    module_mm: float
    logo_box: Box | None
    logo: bytes | None
    overflow: bool  # True if the title had to be cut even at the smallest font size
    description: str  # accessible name of the plate (SVG <title>)
    stamps: tuple[Stamp, ...] = ()  # a sample's bands, drawn under the QR (plates/sample.py)

    @property
    def qr_origin(self) -> tuple[float, float]:
        """Top-left corner of the symbol's first module, inside the quiet zone, in mm."""
        quiet = QUIET_ZONE_MODULES * self.module_mm
        return self.qr_box.x + quiet, self.qr_box.y + quiet


def nfc(p: PlateText) -> PlateText:
    """Return `p` with every text field in NFC, which Vietnamese needs for single-glyph letters."""
    changes: dict[str, Any] = {
        f.name: unicodedata.normalize("NFC", getattr(p, f.name))
        for f in fields(p)
        if isinstance(getattr(p, f.name), str)
    }
    return replace(p, **changes)


def plate_size(size: str) -> tuple[float, float]:
    """Trim size of a named plate size. The build only passes sizes the content checks accepted
    (against the same names); a direct caller gets the same message an editor would."""
    if size not in PLATE_TRIM_MM:
        raise Invalid("bad-plate-size", value=size, allowed=", ".join(PLATE_TRIM_MM))
    return PLATE_TRIM_MM[size]


def _margin(width: float) -> float:
    return max(SAFE_MM + 2.0, 10.0 * width / REFERENCE_WIDTH_MM)


def _metrics(symbol: QrSymbol, size: str) -> PlateMetrics:
    width, height = plate_size(size)
    if size == "label":  # QR on the left, as tall as the room between band and foot
        room = height - LABEL_BAND_MM - LABEL_FOOT_MM - 2 * LABEL_GAP_MM
        return symbol_metrics(symbol, LABEL_MODULE_MM, room)
    limit = min(width - 2 * _margin(width), 0.5 * height)  # long payloads: shrink, don't spill
    return symbol_metrics(symbol, MODULE_AT_A5_MM * width / REFERENCE_WIDTH_MM, limit)


def plate_metrics(p: PlateText, symbol: QrSymbol | None = None) -> PlateMetrics:
    """QR version, module size, symbol size and estimated scan distance for a plate (`symbol`:
    its QR symbol, when the caller has it already)."""
    return _metrics(symbol or make_symbol(nfc(p).url), p.size)


def missing_glyphs(text: str, font_dir: Path, lang: str = "vi") -> set[str]:
    """Characters of `text` (whitespace aside) that a face printing `lang` lacks: for Vietnamese
    (and Latin languages) the regular or the bold Noto Sans, for Korean or Chinese the CJK face.
    A plate must never print a tofu box, so the build refuses such a title."""
    faces = {language_face(Path(font_dir), lang, bold) for bold in (False, True)}
    return {
        char
        for face in faces
        for char in unicodedata.normalize("NFC", text)
        if not char.isspace() and ord(char) not in face.ttf.face.charToGlyph
    }


def compute_layout(p: PlateText, font_dir: Path) -> PlateLayout:
    """Lay out a plate: red band with the organisation, title, call to action, QR, code, URL.

    The QR and everything below it are placed from the bottom up at fixed sizes; the titles get
    whatever height is left between the band and the call to action.
    """
    from .sample import stamped  # both build on this module

    if p.size == "label":
        from .label import label_layout

        return stamped(label_layout(p, font_dir), p, font_dir)
    c, symbol, metrics = start(p, font_dir)
    p, (width, height) = c.p, plate_size(p.size)
    u, side = c.u, metrics.symbol_mm
    band_h = c.organisation()
    qr_top = c.code_and_url(height - 11 * u) - 1.5 * u - side
    rule_y = c.calls_to_action(qr_top - 1.5 * u)
    overflow = c.titles(band_h + 6 * u, rule_y - 5 * u)
    fills = (
        Fill(Box(0, 0, width, band_h), RED),
        Fill(Box((width - 24 * u) / 2, rule_y, 24 * u, 0.7 * u), RED),
        Fill(Box(0, height - 7 * u, width, 7 * u), RED),
    )
    return stamped(PlateLayout(
        width=width, height=height, fills=fills, lines=tuple(c.lines), text_boxes=tuple(c.boxes),
        qr_box=Box((width - side) / 2, qr_top, side, side), symbol=symbol,
        module_mm=metrics.module_mm, logo_box=c.logo_box,
        logo=prepared_logo(p.logo_png)[0] if p.logo_png else None, overflow=overflow,
        description=f"{p.code} · {p.title_vi}",
    ), p, font_dir)


def start(p: PlateText, font_dir: Path) -> tuple[_Composer, QrSymbol, PlateMetrics]:
    """What every plate layout begins with: its text in NFC, its QR symbol and measures, and a
    composer with the faces of both its languages."""
    p = nfc(p)
    symbol = make_symbol(p.url)
    faces = load_faces(Path(font_dir)), language_face(Path(font_dir), p.second_lang)
    return _Composer(p, *faces, plate_size(p.size)[0]), symbol, _metrics(symbol, p.size)


class _Composer:
    """Places the text blocks of one plate and records their lines and named boxes."""

    def __init__(self, p: PlateText, faces: tuple[Face, Face], second: Face,
                 width: float) -> None:
        self.p, (self.regular, self.bold), self.second = p, faces, second
        self.u, self.centre = width / REFERENCE_WIDTH_MM, width / 2
        self.inner = width - 2 * _margin(width)
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
