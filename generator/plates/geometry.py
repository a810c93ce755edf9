"""What a plate is, in millimetres: its text, its boxes and lines, the sizes and the QR's
measures. The layouts (layout.py, label.py), the sample mark (sample.py) and the three renderers
all build on these, and this module on none of them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from typing import Any

from generator.content.model import PLATE_TRIM_MM
from generator.problems import Invalid

from .qr import QUIET_ZONE_MODULES, PlateMetrics, QrSymbol, make_symbol, symbol_metrics

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
class Stamp:
    """One band: a `w`×`h` rectangle centred on (`x`, `y`) mm, turned `angle` degrees
    counter-clockwise as seen, with `text` centred on it at em size `size`, its baseline `drop`
    below the centre (along the band's own axes)."""

    x: float
    y: float
    w: float
    h: float
    angle: float
    text: str
    size: float
    drop: float
    color: str = BLACK  # pure K ink in print
    text_color: str = WHITE  # white text knocks out


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


def margin(width: float) -> float:
    return max(SAFE_MM + 2.0, 10.0 * width / REFERENCE_WIDTH_MM)


def metrics(symbol: QrSymbol, size: str) -> PlateMetrics:
    width, height = plate_size(size)
    if size == "label":  # QR on the left, as tall as the room between band and foot
        room = height - LABEL_BAND_MM - LABEL_FOOT_MM - 2 * LABEL_GAP_MM
        return symbol_metrics(symbol, LABEL_MODULE_MM, room)
    limit = min(width - 2 * margin(width), 0.5 * height)  # long payloads: shrink, don't spill
    return symbol_metrics(symbol, MODULE_AT_A5_MM * width / REFERENCE_WIDTH_MM, limit)


def plate_metrics(p: PlateText, symbol: QrSymbol | None = None) -> PlateMetrics:
    """QR version, module size, symbol size and estimated scan distance for a plate (`symbol`:
    its QR symbol, when the caller has it already)."""
    return metrics(symbol or make_symbol(nfc(p).url), p.size)
