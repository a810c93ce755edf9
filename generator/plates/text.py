"""Fonts and line breaking for plate text, and the one wrap-and-fit algorithm of the project.

`load_faces` opens the bundled Noto Sans once per font directory, and `language_face` the face a
second language is printed in (the bundled CJK subset for Korean and Chinese); the layout measures
and wraps with them, and the PDF and PNG renderers draw with the very same files, so widths agree.
Wrapping, balancing, shrinking to fit and cutting with an ellipsis take a `Measure` (text → width)
instead of a font, so share cards (Pillow pixels) break lines exactly as plates (reportlab mm) do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from reportlab.pdfbase.ttfonts import TTFont

from generator.outputs.digests import file_digest

FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
CJK_FONT = "DiachidoCJK-Regular.ttf"  # Hangul, GB 2312 hanzi and Latin; scripts/make_cjk_font.py
CJK_LANGS = ("ko", "zh")  # printed in CJK_FONT; not "ja": GB 2312 lacks many Japanese kanji
SHRINK = 0.93  # each try is 7 % smaller: fine enough steps that a title never jumps in size
ELLIPSIS = "…"

Measure = Callable[[str], float]
"""Width of a single line of text in the caller's unit (mm, points or pixels)."""
S = TypeVar("S", int, float)
T = TypeVar("T")


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

    def measure(self, size: float) -> Measure:
        """The advance width of text at `size` (no kerning), for the wrapping functions."""
        return lambda text: self.ttf.stringWidth(text, size)

    def block_height(self, count: int, size: float, pitch: float) -> float:
        """Height from the first line's ascent to the last line's descent (0 for no lines)."""
        return (self.ascent + self.descent + (count - 1) * pitch) * size if count else 0.0


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Greedy word wrap; a word wider than `width` (a long URL) is split between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and measure(current + char) > width:
                lines.append(current)
                current = ""
            current += char
    return lines + [current] if current else lines


def balanced_wrap(text: str, measure: Measure, width: float) -> list[str]:
    """As few lines as greedy wrapping needs, but of even length, so no word is left orphaned.

    The narrowest width that keeps the line count is found by bisection (14 halvings: well under
    a pixel or a tenth of a millimetre), never below the widest word, so no word is split for it.
    Chinese is written without spaces and breaks between any two hanzi, so a word holding hanzi
    counts by its characters: a Chinese title is balanced too, not left with an orphan.
    """
    lines = wrap(text, measure, width)
    widest_word = max((measure(unit) for word in text.split()
                       for unit in (word if _has_hanzi(word) else [word])), default=0.0)
    low, high = min(width, max(width / 2, widest_word)), width
    for _ in range(14 if len(lines) > 1 else 0):
        middle = (low + high) / 2
        fits = len(wrap(text, measure, middle)) <= len(lines)
        low, high = (low, middle) if fits else (middle, high)
    return wrap(text, measure, high)


def _has_hanzi(word: str) -> bool:
    """Whether `word` holds a CJK ideograph (U+3400–U+9FFF), after which a line may break."""
    return any("\u3400" <= char <= "\u9fff" for char in word)


def shrinking(largest: float, smallest: float) -> Iterator[float]:
    """`largest`, then 7 % smaller each time, ending with `smallest` (or `largest` if smaller)."""
    size = largest
    while size > smallest:
        yield size
        size = max(smallest, size * SHRINK)
    yield size


def first_fit(sizes: Iterable[S], lay_out: Callable[[S], T],
              fits: Callable[[S, T], bool]) -> tuple[S, T]:
    """The first size (largest first) whose layout fits, or the last size and its layout.

    `sizes` is never empty: callers pass a fixed tuple or `shrinking`, which yields at least once.
    """
    for size in sizes:
        layout = lay_out(size)
        if fits(size, layout):
            break
    return size, layout


def fit_lines(text: str, face: Face, width: float, largest: float, smallest: float,
              max_lines: int) -> tuple[float, list[str]]:
    """Largest size (shrinking in 7 % steps) at which `text` wraps into `max_lines` lines."""
    return first_fit(shrinking(largest, smallest),
                     lambda size: balanced_wrap(text, face.measure(size), width),
                     lambda _size, lines: len(lines) <= max_lines)


def ellipsize(text: str, measure: Measure, width: float) -> str:
    """`text` if it fits `width`; else cut (at a word when that keeps half of it) plus "…"."""
    if measure(text) <= width:
        return text
    while text and measure(text + ELLIPSIS) > width:
        cut = text.rstrip().rfind(" ")
        text = text[:cut] if cut > len(text) // 2 else text[:-1]
        text = text.rstrip(" ,.;:·-–")
    return text + ELLIPSIS


def cut_to(lines: list[str], count: int, measure: Measure, width: float) -> list[str]:
    """The first `count` lines, the last of them holding what is left, cut with an ellipsis."""
    count = max(1, min(count, len(lines)))
    return lines[: count - 1] + [ellipsize(" ".join(lines[count - 1 :]), measure, width)]


@lru_cache(maxsize=16)
def _load_face(path: Path) -> Face:
    """A font file as a Face; the reportlab name is keyed by file content, so two different
    font folders never share a name in reportlab's registry (see pdf.py)."""
    ttf = TTFont(f"{path.stem}-{file_digest(path)[:10]}", str(path))
    metrics = (ttf.face.ascent / 1000, -ttf.face.descent / 1000, ttf.face.capHeight / 1000)
    return Face(path, ttf, "Bold" in path.name, *metrics)


def load_faces(font_dir: Path) -> tuple[Face, Face]:
    """(regular, bold) Noto Sans from `font_dir`: the Vietnamese text of every plate."""
    regular, bold = (_load_face(Path(font_dir) / filename) for filename in FONT_FILES)
    return regular, bold


def font_file(font_dir: Path, lang: str, bold: bool = False) -> Path:
    """The font a text in `lang` is set in, on plates and share cards alike: the CJK subset
    (regular only) for Korean and Chinese, which Noto Sans cannot draw, else Noto Sans, so
    Vietnamese and English print exactly as they always did."""
    if lang.split("-")[0].lower() in CJK_LANGS:
        return Path(font_dir) / CJK_FONT
    return Path(font_dir) / FONT_FILES[bold]


def language_face(font_dir: Path, lang: str, bold: bool = False) -> Face:
    """The face a plate line in `lang` is measured and drawn with (see `font_file`)."""
    return _load_face(font_file(font_dir, lang, bold))
