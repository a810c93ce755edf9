"""Regenerate theme/fonts/DiachidoCJK-Regular.ttf: a TrueType subset of Noto Sans CJK SC Regular.

Why: reportlab embeds (and subsets) only TrueType (`glyf`) outlines, and Noto Sans CJK ships as
CFF. So this takes the SC face of Debian's `fonts-noto-cjk`, keeps the characters a Korean or
Simplified Chinese plate title needs, converts the cubic outlines to quadratic ones (cu2qu, the
fontTools `otf2ttf` recipe) and renames the family, as the OFL asks of a Modified Version.

Covered: printable ASCII, Latin-1, Latin Extended-A/B and Additional (all of Vietnamese, so a
Korean title may name "Nhơn Trạch" and a card's Vietnamese site name prints), general
punctuation, CJK symbols and punctuation, Hangul compatibility jamo, full-width forms, the 2,350
Hangul syllables of KS X 1001 and the 6,763 hanzi (and symbols) of GB 2312. Hanja beyond GB 2312
and rarer Hangul are not covered: the plate glyph check names any such character. fontTools is
needed only here, not by the build:

    .venv/bin/pip install fonttools && .venv/bin/python scripts/make_cjk_font.py
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # JP, KR, SC, TC, HK: the SC face draws hanzi in their mainland forms
TARGET = Path(__file__).resolve().parent.parent / "theme" / "fonts" / "DiachidoCJK-Regular.ttf"
FAMILY = "Diachido CJK"  # not "Noto": a subset is a Modified Version under the OFL
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x1E00, 0x1EFF), (0x2010, 0x2027), (0x3000, 0x303F),
          (0x3131, 0x318E), (0xFF01, 0xFF5E))


def _double_byte(encoding: str) -> set[int]:
    """Every character of a two-byte EUC encoding (KS X 1001 as EUC-KR, GB 2312 as EUC-CN)."""
    chars = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.update(map(ord, bytes((lead, trail)).decode(encoding)))
    return chars


def codepoints() -> set[int]:
    hangul = {c for c in _double_byte("euc_kr") if 0xAC00 <= c <= 0xD7A3}
    chars = {c for low, high in RANGES for c in range(low, high + 1)}
    return chars | hangul | _double_byte("gb2312")


def to_truetype(font: TTFont) -> None:
    """CFF to `glyf` in place: the otf2ttf recipe (max error 1 unit of 1000, no hinting)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = font["glyf"] = newTable("glyf")
    font["loca"] = newTable("loca")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont) -> None:
    names = font["name"]
    names.names = [n for n in names.names if n.nameID in (0, 5, 7, 8, 9, 11, 12, 13, 14)]
    for name_id, value in ((1, FAMILY), (2, "Regular"), (3, f"{FAMILY} Regular subset"),
                           (4, f"{FAMILY} Regular"), (6, "DiachidoCJK-Regular")):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def main() -> int:
    font = TTFont(SOURCE, fontNumber=SC_INDEX, recalcTimestamp=False, lazy=False)
    options = Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.notdef_outline = True
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    to_truetype(font)
    rename(font)
    font.save(TARGET, reorderTables=True)
    cmap = font.getBestCmap()
    print(f"{TARGET.name}: {len(cmap)} characters, {TARGET.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
