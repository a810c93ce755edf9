"""The "BẢN MẪU — KHÔNG IN" (sample — do not print) mark of a plate drawn with an example address.

The bundled project and a project without `base_url` encode `…example…/q/<CODE>`: such a plate
must never pass for a finished one at the print shop. It gets two black bands with the words in
white: one across the titles, at a slant no finished plate has, and one over the printed URL
(the very thing that is wrong). The renderers draw the bands after the text and before the QR,
whose white quiet zone is painted over whatever lies beneath it, so the symbol and its margin
stay exactly those of a finished plate and the QR decodes the same.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from .geometry import Box, PlateLayout, PlateText, Stamp
from .text import load_faces

SAMPLE_TEXT = "BẢN MẪU — KHÔNG IN"
SLANT_DEG = 16.0  # the band across the titles rises to the right by this much


def stamped(layout: PlateLayout, p: PlateText, font_dir: Path) -> PlateLayout:
    """`layout` with the sample bands when `p` is a sample, else `layout` itself."""
    if not p.sample:
        return layout
    bold = load_faces(Path(font_dir))[1]
    boxes = dict(layout.text_boxes)
    unit = layout.width / 148.0

    def fit(height: float, room: float) -> tuple[float, float]:
        """Em size of the words on a band `height` high with `room` mm along it, and the
        drop that centres their capitals on the band."""
        size = min(0.5 * height, 0.9 * room * 10.0 / bold.width(SAMPLE_TEXT, 10.0))
        return size, bold.cap * size / 2

    left, right = _column(layout)
    titles = [box for name, box in boxes.items() if name.startswith("title")]
    top = min(box.y for box in titles)
    bottom = max(box.y + box.h for box in titles)
    band_h = 13.0 * unit
    size, drop = fit(band_h, right - left)
    # Across a portrait plate the slanted band runs off the page on both sides (the page and
    # the bleed clip it); beside the label's QR it spans the text column, ending at the QR.
    length = (2 * (layout.width + layout.height) if left == 0
              else (right - left) / math.cos(math.radians(SLANT_DEG)))
    stamps = [Stamp((left + right) / 2, (top + bottom) / 2, length, band_h, SLANT_DEG,
                    SAMPLE_TEXT, size, drop)]
    url = boxes["url"]
    url_h = max(url.h + 2.0 * unit, 6.0 * unit)
    size, drop = fit(url_h, right - left)
    stamps.append(Stamp((left + right) / 2, url.y + url.h / 2, right - left, url_h, 0.0,
                        SAMPLE_TEXT, size, drop))
    return replace(layout, stamps=tuple(stamps))


def _column(layout: PlateLayout) -> tuple[float, float]:
    """Left and right of the text beside the QR: the whole plate when the text is above and
    below it (portrait), the room right of the QR box on the landscape label."""
    qr: Box = layout.qr_box
    url = dict(layout.text_boxes)["url"]
    if url.y < qr.y + qr.h and qr.y < url.y + url.h:  # side by side
        return qr.x + qr.w, layout.width
    return 0.0, layout.width
