"""Text as glyph outlines, for the SVG plate: it looks the same where our fonts are not installed.

An SVG naming 'Noto Sans' is drawn in whatever font a viewer (or a sign maker's cutter) finds
instead, with other widths and, for Vietnamese, often with misplaced marks. So every line is
drawn from the very font files the PDF embeds and the PNG rasterises: each glyph once as a
path in `<defs>` (in font units), and each line a group of `<use>` placed at the glyphs'
advance widths, exactly the widths the layout measured (no kerning, as in the PDF). fontTools
reads the outlines (the well-kept font library; reportlab only measures).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont


def _number(value: float) -> str:
    """Font units at most to a tenth (TrueType outlines are integers and half-integers)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@lru_cache(maxsize=8)
def _font(path: Path) -> tuple[TTFont, dict[int, str], float]:
    """The font file (parsed lazily: a CJK face decodes only the glyphs a plate prints), its
    character map and its units per em. Read into memory first: a lazy TTFont on the file
    would seek and read later through one descriptor shared by every forked worker, whose
    offsets would race."""
    font = TTFont(io.BytesIO(path.read_bytes()), lazy=True)
    return font, font.getBestCmap(), float(font["head"].unitsPerEm)


def preload(fonts: set[Path]) -> None:
    """Read `fonts` now, in the parent, so the forked workers drawing plates share them rather
    than each reading them again (Noto Sans ~30 ms, the CJK face ~0.2 s)."""
    for font in sorted(fonts):
        _font(font)


@lru_cache(maxsize=8192)
def _glyph(path: Path, name: str) -> tuple[str, float]:
    """A glyph's outline as SVG path data in font units (y up) and its advance width."""
    font = _font(path)[0]
    glyphs = font.getGlyphSet()
    pen = SVGPathPen(glyphs, ntos=_number)
    glyphs[name].draw(pen)
    return pen.getCommands(), float(font["hmtx"][name][0])


class Outlines:
    """The glyphs one SVG document uses (`defs`) and its lines as groups of `<use>`."""

    def __init__(self) -> None:
        self.ids: dict[tuple[Path, str], str] = {}
        self.defs: list[str] = []

    def line(self, font: Path, text: str) -> tuple[str, float, float]:
        """`text` in `font`: its `<use>` elements (x in font units from the line's start), its
        advance width in font units, and the units per em."""
        _ttf, cmap, upem = _font(font)
        uses, advance = [], 0.0
        for char in text:
            name = cmap.get(ord(char), ".notdef")  # never drawn: the build refuses such text
            commands, width = _glyph(font, name)
            if commands:
                uses.append(f'<use href="#{self._id(font, name, commands)}"'
                            + (f' x="{_number(advance)}"' if advance else "") + "/>")
            advance += width
        return "".join(uses), advance, upem

    def _id(self, font: Path, name: str, commands: str) -> str:
        key = (font, name)
        if key not in self.ids:
            self.ids[key] = f"g{len(self.ids)}"
            self.defs.append(f'<path id="{self.ids[key]}" d="{commands}"/>')
        return self.ids[key]
