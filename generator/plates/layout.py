"""One plate layout, computed in millimetres, that the SVG, PDF and PNG renderers all draw.

Everything is designed at A5 and scaled by plate width (`u` = width / 148 mm), so the four sizes
look alike. Positions are measured with the bundled Noto Sans advance widths (no kerning, so real
renderers are never wider than the layout), and every text block records its box so tests can prove
that nothing overlaps the QR quiet zone or leaves the 5 mm safe area.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .composer import prepared_logo, start
from .geometry import RED, Box, Fill, PlateLayout, PlateText, plate_size
from .label import label_layout
from .sample import stamped
from .text import language_face


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
    if p.size == "label":
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
