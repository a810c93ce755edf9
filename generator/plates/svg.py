"""SVG plates: the layout in mm user units, text as glyph outlines, the QR as a single path.

The text is drawn from the bundled font files themselves (outlines.py), so the SVG looks the
same on a computer without Noto Sans or the CJK face; each line keeps its words as its
`aria-label` and its language as `xml:lang`. One `<path>` for the QR keeps the file small and
lets viewers fill the symbol without hairline seams between modules;
`shape-rendering="crispEdges"` keeps module edges sharp when the SVG is rasterised.
"""

from __future__ import annotations

import base64
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .geometry import BLACK, WHITE, PlateLayout, PlateText, Stamp, TextLine
from .layout import compute_layout
from .outlines import Outlines
from .qr import dark_runs
from .text import language_face


def num(value: float, digits: int = 3) -> str:
    """Fixed-precision number (µm by default), so output is byte-identical across platforms."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def render_svg(p: PlateText, font_dir: Path) -> bytes:
    """The plate as a standalone SVG document, sized in mm at trim size."""
    return svg_document(compute_layout(p, font_dir), font_dir)


def svg_document(layout: PlateLayout, font_dir: Path) -> bytes:
    """`render_svg` for a plate already laid out (the build lays out each plate once)."""
    w, h = num(layout.width), num(layout.height)
    outlines = Outlines()
    body = [_rect(fill.box.x, fill.box.y, fill.box.w, fill.box.h, fill.color)
            for fill in layout.fills]
    body.extend(_text(outlines, line, Path(font_dir)) for line in layout.lines)
    if layout.logo and layout.logo_box:
        body.append(_logo(layout))
    body.extend(_stamp(outlines, stamp, Path(font_dir)) for stamp in layout.stamps)
    body.append(_qr(layout))
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}" role="img">',
        f"<title>{escape(layout.description)}</title>",
        "<defs>", *outlines.defs, "</defs>",
        f'<rect width="{w}" height="{h}" fill="{WHITE}"/>',
        *body,
        "</svg>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _rect(x: float, y: float, w: float, h: float, color: str) -> str:
    return f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{color}"/>'


def _glyphs(outlines: Outlines, font: Path, text: str, centre: float, baseline: float,
            size: float, attributes: str) -> str:
    """A line of outlines centred on `centre`: a group scaled from font units to mm."""
    uses, advance, upem = outlines.line(font, text)
    scale = size / upem
    return (f'<g transform="translate({num(centre - advance * scale / 2)} {num(baseline)}) '
            f'scale({num(scale, 7)} {num(-scale, 7)})"{attributes} aria-label={quoteattr(text)}>'
            f"{uses}</g>")


def _text(outlines: Outlines, line: TextLine, font_dir: Path) -> str:
    lang = f' xml:lang="{line.lang}"' if line.lang else ""
    font = language_face(font_dir, line.lang, line.bold).path
    return _glyphs(outlines, font, line.text, line.x, line.baseline, line.size,
                   f' fill="{line.color}"{lang}')


def _stamp(outlines: Outlines, stamp: Stamp, font_dir: Path) -> str:
    """A sample's band (plates/sample.py), turned about its centre; SVG's y grows downwards."""
    font = language_face(font_dir, "vi", True).path
    return (
        f'<g transform="translate({num(stamp.x)} {num(stamp.y)}) rotate({num(-stamp.angle)})">'
        + _rect(-stamp.w / 2, -stamp.h / 2, stamp.w, stamp.h, stamp.color)
        + _glyphs(outlines, font, stamp.text, 0.0, stamp.drop, stamp.size,
                  f' fill="{stamp.text_color}" xml:lang="vi"')
        + "</g>"
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
