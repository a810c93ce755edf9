"""The `label` plate (100×70 mm, landscape): a point's small plate, fixed beside what it names.

A portrait layout squeezed to 70 mm high would leave the QR a few millimetres wide, so the label
puts the QR on the left at the full height between a thin band (the site's name) and a red foot,
and the point's title, the call to action, the code and the URL in a column on its right. It
reuses the portrait plate's composer (text measuring, wrapping, shrinking), only with a column.
"""

from __future__ import annotations

from pathlib import Path

from .composer import Composer, prepared_logo, start
from .geometry import (
    INK,
    LABEL_BAND_MM,
    LABEL_FOOT_MM,
    LABEL_GAP_MM,
    RED,
    SAFE_MM,
    WHITE,
    Box,
    Fill,
    PlateLayout,
    PlateText,
    plate_size,
)
from .text import cut_to, fit_lines


def label_layout(p: PlateText, font_dir: Path) -> PlateLayout:
    """Band with the site's name; QR left; title, calls to action, code and URL right."""
    c, symbol, metrics = start(p, font_dir)
    p, (width, height) = c.p, plate_size(p.size)
    _band(c, width)
    side = metrics.symbol_mm
    qr_x = SAFE_MM  # quiet zone included: a trim that runs a little wide never eats it
    qr_y = LABEL_BAND_MM + (height - LABEL_BAND_MM - LABEL_FOOT_MM - side) / 2
    left, right = qr_x + side, width - SAFE_MM - 1.0
    c.inner, c.centre = right - left, (left + right) / 2
    code_top = _code_and_url(c, height - LABEL_FOOT_MM - LABEL_GAP_MM)
    rule_y = c.calls_to_action(code_top - 1.0)
    overflow = c.titles(LABEL_BAND_MM + LABEL_GAP_MM, rule_y - 1.5)
    fills = (
        Fill(Box(0, 0, width, LABEL_BAND_MM), RED),
        Fill(Box(c.centre - 8.0, rule_y + 1.0, 16.0, 0.5), RED),
        Fill(Box(0, height - LABEL_FOOT_MM, width, LABEL_FOOT_MM), RED),
    )
    return PlateLayout(
        width=width, height=height, fills=fills, lines=tuple(c.lines),
        text_boxes=tuple(c.boxes), qr_box=Box(qr_x, qr_y, side, side), symbol=symbol,
        module_mm=metrics.module_mm, logo_box=c.logo_box,
        logo=prepared_logo(p.logo_png)[0] if p.logo_png else None, overflow=overflow,
        description=f"{p.code} · {p.title_vi}",
    )


def _code_and_url(c: Composer, bottom: float) -> float:
    """The URL on one line if it fits at 1.6 mm (it is the fallback to the QR and the code
    box; a URL broken at its code's hyphen reads as two codes), then the code above it."""
    regular, bold = c.regular, c.bold
    size, lines = fit_lines(c.p.url, regular, c.inner, 2.2, 1.6, max_lines=1)
    if len(lines) > 1:
        size, lines = fit_lines(c.p.url, regular, c.inner, 2.2, 1.6, max_lines=2)
    top = bottom - regular.block_height(len(lines), size, 1.2)
    c.place("url", lines, regular, size, 1.2, top, INK)
    code_size = fit_lines(c.p.code, bold, c.inner * 0.8, 7.4, 4.0, max_lines=1)[0]
    code_top = top - 0.5 - bold.block_height(1, code_size, 1.0)
    c.code_row(code_size, code_top)
    return code_top


def _band(c: Composer, width: float) -> None:
    """The site's name on one line, white on the red band (cut with an ellipsis if long)."""
    bold = c.bold
    inner = width - 2 * (SAFE_MM + 1.0)
    size, lines = fit_lines(c.p.organisation, bold, inner, 2.8, 2.2, max_lines=1)
    lines = cut_to(lines, 1, bold.measure(size), inner)
    top = (LABEL_BAND_MM - bold.cap * size) / 2 - (bold.ascent - bold.cap) * size
    c.place("organisation", lines, bold, size, 1.25, top, WHITE, "vi")
