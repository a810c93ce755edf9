"""QR plates: one QR matrix and one millimetre layout, drawn as SVG, print PDF and 300-dpi PNG.

The build calls `render_svg`, `render_pdf` and `render_png` per site (and `render_pdf` once for
all.pdf), then `decode_png` on the PNG it wrote as a self-check. `missing_glyphs` lets the build
report text the bundled Noto Sans cannot draw before any plate is printed.
"""

from .layout import (
    PLATE_TRIM_MM,
    PlateLayout,
    PlateText,
    compute_layout,
    missing_glyphs,
    plate_metrics,
)
from .pdf import render_pdf
from .png import render_png
from .qr import PlateMetrics, QrSymbol, decode_png, make_symbol
from .svg import render_svg

__all__ = [
    "PLATE_TRIM_MM",
    "PlateLayout",
    "PlateMetrics",
    "PlateText",
    "QrSymbol",
    "compute_layout",
    "decode_png",
    "make_symbol",
    "missing_glyphs",
    "plate_metrics",
    "render_pdf",
    "render_png",
    "render_svg",
]
