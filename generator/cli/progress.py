"""The terminal's progress bars (pages, images, plates), drawn by tqdm on a TTY only.

The library never imports this module: the build takes a plain callback, `progress(stage, done,
total)`, and the CLI passes `TerminalProgress` (or nothing off a terminal: CI logs, pipes, `CI`
set, `TERM=dumb`, so logs stay clean). tqdm is used rather than hand-drawn bars: it handles
terminal width, redraw rate and clearing, and is well kept.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # imported on the first bar drawn: off a terminal, a build never pays for it
    from tqdm import tqdm

STAGES = ("pages", "images", "plates")


def interactive(stream: TextIO) -> bool:
    """A terminal a person is watching: a TTY, not CI, not a dumb terminal."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class TerminalProgress:
    """One bar per stage; each is cleared when its stage is done, so the summary follows on a
    clean line."""

    def __init__(self, stream: TextIO, lang: str):
        self.stream, self.lang = stream, lang
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            from tqdm import tqdm

            bar = self.bars[stage] = tqdm(total=total, desc=label(stage, self.lang),
                                          file=self.stream, leave=False, mininterval=0.1,
                                          dynamic_ncols=True)
        bar.update(done - bar.n)
        if done >= total:
            self.bars.pop(stage).close()

    def close(self) -> None:
        """Clear any bar a failed build left open."""
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


def make_progress(stream: TextIO | None = None, lang: str = "vi") -> TerminalProgress | None:
    """The build's progress callback for `stream` (default stderr), or None off a terminal."""
    stream = stream if stream is not None else sys.stderr
    return TerminalProgress(stream, lang) if interactive(stream) else None


def label(stage: str, lang: str) -> str:
    from generator.messages import catalogue

    if stage in STAGES:
        return str(catalogue(lang)["_summary"][f"progress_{stage}"])
    return stage
