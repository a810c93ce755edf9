"""Fonts and line breaking for plate text, shared by all three renderers.

`load_faces` opens the bundled Noto Sans once per font directory; the layout measures and wraps
with it, and the PDF and PNG renderers draw with the very same files, so widths always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from generator.outputs.digests import file_digest

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")


@dataclass(frozen=True)
class Face:
    """A bundled font: its file (for Pillow), its reportlab TTFont, and its metrics in em.

    The ascent (1.069 em in Noto Sans) clears Vietnamese stacked marks on capitals, so line boxes
    built from it contain every diacritic.
    """

    path: Path
    ttf: TTFont
    bold: bool
    ascent: float
    descent: float
    cap: float

    def width(self, text: str, size: float) -> float:
        return self.ttf.stringWidth(text, size)

    def block_height(self, count: int, size: float, pitch: float) -> float:
        """Height from the first line's ascent to the last line's descent (0 for no lines)."""
        return (self.ascent + self.descent + (count - 1) * pitch) * size if count else 0.0


def wrap(text: str, face: Face, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than `width` (a long URL) is split between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if face.width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and face.width(current + char, size) > width:
                lines.append(current)
                current = ""
            current += char
    return lines + [current] if current else lines


def balanced_wrap(text: str, face: Face, size: float, width: float) -> list[str]:
    """As few lines as greedy wrapping needs, but of even length, so no word is left orphaned."""
    lines = wrap(text, face, size, width)
    widest_word = max((face.width(word, size) for word in text.split()), default=0.0)
    low, high = min(width, max(width / 2, widest_word)), width
    for _ in range(14 if len(lines) > 1 else 0):
        middle = (low + high) / 2
        fits = len(wrap(text, face, size, middle)) <= len(lines)
        low, high = (low, middle) if fits else (middle, high)
    return wrap(text, face, size, high)


def fit_lines(
    text: str, face: Face, width: float, largest: float, smallest: float, max_lines: int
) -> tuple[float, list[str]]:
    """Largest size (shrinking in 7 % steps) at which `text` wraps into `max_lines` lines."""
    size = largest
    while True:
        lines = balanced_wrap(text, face, size, width)
        if len(lines) <= max_lines or size <= smallest:
            return size, lines
        size = max(smallest, size * 0.93)


@lru_cache(maxsize=8)
def load_faces(font_dir: Path) -> tuple[Face, Face]:
    """(regular, bold) Noto Sans from `font_dir`; the reportlab name is keyed by file content."""
    faces = []
    for filename in FONT_FILES:
        path = Path(font_dir) / filename
        ttf = TTFont(f"{path.stem}-{file_digest(path)[:10]}", str(path))
        metrics = (ttf.face.ascent / 1000, -ttf.face.descent / 1000, ttf.face.capHeight / 1000)
        faces.append(Face(path, ttf, "Bold" in filename, *metrics))
    return faces[0], faces[1]
