"""SVG plates: the layout in mm user units, the QR as a single path of horizontal runs.

One `<path>` keeps the file small and lets viewers fill the symbol without hairline seams between
modules; `shape-rendering="crispEdges"` keeps module edges sharp when the SVG is rasterised.
"""

from __future__ import annotations

import base64
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .layout import BLACK, WHITE, PlateLayout, PlateText, TextLine, compute_layout
from .qr import dark_runs
from .sample import Stamp

FONT_FAMILY = "'Noto Sans', sans-serif"
# Lines in Korean or Chinese name our bundled CJK face first (installed beside the plate, it
# prints exactly as the PDF), then the usual system CJK fonts, since Noto Sans has no Hangul/hanzi.
SCRIPT_FAMILIES = {
    "ko": "'Diachido CJK', 'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', "
          "'Malgun Gothic', sans-serif",
    "zh": "'Diachido CJK', 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', "
          "'Microsoft YaHei', sans-serif",
}


def num(value: float, digits: int = 3) -> str:
    """Fixed-precision number (µm by default), so output is byte-identical across platforms."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def render_svg(p: PlateText, font_dir: Path) -> bytes:
    """The plate as a standalone SVG document, sized in mm at trim size."""
    return svg_document(compute_layout(p, font_dir))


def svg_document(layout: PlateLayout) -> bytes:
    """`render_svg` for a plate already laid out (the build lays out each plate once)."""
    w, h = num(layout.width), num(layout.height)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}" role="img">',
        f"<title>{escape(layout.description)}</title>",
        f'<rect width="{w}" height="{h}" fill="{WHITE}"/>',
    ]
    for fill in layout.fills:
        parts.append(_rect(fill.box.x, fill.box.y, fill.box.w, fill.box.h, fill.color))
    parts.append(f'<g font-family="{FONT_FAMILY}" text-anchor="middle">')
    parts.extend(_text(line) for line in layout.lines)
    parts.append("</g>")
    if layout.logo and layout.logo_box:
        parts.append(_logo(layout))
    parts.extend(_stamp(stamp) for stamp in layout.stamps)
    parts.append(_qr(layout))
    parts.append("</svg>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _rect(x: float, y: float, w: float, h: float, color: str) -> str:
    return f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{color}"/>'


def _text(line: TextLine) -> str:
    weight = ' font-weight="700"' if line.bold else ""
    lang = f' xml:lang="{line.lang}"' if line.lang else ""
    family = SCRIPT_FAMILIES.get(line.lang.split("-")[0].lower())
    lang += f' font-family="{family}"' if family else ""
    return (
        f'<text x="{num(line.x)}" y="{num(line.baseline)}" font-size="{num(line.size)}"'
        f'{weight} fill="{line.color}"{lang}>{escape(line.text)}</text>'
    )


def _stamp(stamp: Stamp) -> str:
    """A sample's band (plates/sample.py), turned about its centre; SVG's y grows downwards."""
    return (
        f'<g transform="translate({num(stamp.x)} {num(stamp.y)}) rotate({num(-stamp.angle)})">'
        + _rect(-stamp.w / 2, -stamp.h / 2, stamp.w, stamp.h, stamp.color)
        + f'<text y="{num(stamp.drop)}" font-family="{FONT_FAMILY}" font-size="{num(stamp.size)}"'
        f' font-weight="700" text-anchor="middle" fill="{stamp.text_color}" xml:lang="vi">'
        f"{escape(stamp.text)}</text></g>"
    )


def _qr(layout: PlateLayout) -> str:
    """White quiet zone, then all dark runs as one path in module units."""
    box, module = layout.qr_box, layout.module_mm
    origin_x, origin_y = layout.qr_origin
    d = "".join(
        f"M{col} {row}h{length}v1h-{length}z" for row, col, length in dark_runs(layout.symbol)
    )
    return (
        _rect(box.x, box.y, box.w, box.h, WHITE) + "\n"
        f'<path transform="translate({num(origin_x)} {num(origin_y)}) scale({num(module, 6)})" '
        f'fill="{BLACK}" shape-rendering="crispEdges" d="{d}"/>'
    )


def _logo(layout: PlateLayout) -> str:
    assert layout.logo is not None and layout.logo_box is not None
    mime = "image/jpeg" if layout.logo[:3] == b"\xff\xd8\xff" else "image/png"
    href = f"data:{mime};base64,{base64.b64encode(layout.logo).decode('ascii')}"
    box = layout.logo_box
    return (
        f'<image x="{num(box.x)}" y="{num(box.y)}" width="{num(box.w)}" height="{num(box.h)}" '
        f'preserveAspectRatio="xMidYMid meet" href={quoteattr(href)}/>'
    )
