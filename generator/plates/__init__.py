"""QR plates: one QR matrix and one millimetre layout, drawn as SVG, print PDF and 300-dpi PNG.

`render_svg`, `render_pdf` and `render_png` draw a plate from its text. The build (produce.py)
lays each plate out once, draws the three formats from that one layout, decodes what a phone
would see of the picture as a self-check, and puts all.pdf together from the plates' own PDFs
(assemble.py). `missing_glyphs` lets the build report text the bundled Noto Sans cannot draw
before any plate is printed.
"""

from generator.content.model import PLATE_TRIM_MM

from .geometry import PlateLayout, PlateText, plate_metrics
from .layout import compute_layout, missing_glyphs
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
