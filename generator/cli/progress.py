"""A one-line progress bar for long work (pages, images, plates), on a terminal only.

On a TTY the line is redrawn in place with "\\r" and cleared when the work is done; off a TTY
(CI logs, pipes, `CI` set, `TERM=dumb`) nothing at all is printed, so logs stay clean.

How the build uses it (the CLI makes the hook, the build only calls it):

    # cli.py                      progress = make_progress(sys.stderr, lang)   # None off a TTY
    # build.py                    with track(options.progress, "pages", len(outputs)) as bar:
    #                                 for output in outputs:
    #                                     ...
    #                                     bar.advance()

`make_progress` returns None or a callable `start(stage, total) -> Progress`; `track` accepts
either and returns a silent stand-in when there is no hook, so build code needs no `if`. Stages
are "pages", "images" and "plates" (labels come from the message catalogues); any other stage
name is shown as given.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

STAGES = ("pages", "images", "plates")
WIDTH = 24  # characters of bar
INTERVAL = 0.1  # seconds between redraws


class Progress:
    """`with Progress(total, label) as bar: ... bar.advance()` — draws on `stream` if enabled."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None,
                 enabled: bool | None = None):
        self.total, self.label, self.done = max(0, int(total)), label, 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = interactive(self.stream) if enabled is None else enabled
        self._drawn_at = 0.0
        self._width = 0

    def __enter__(self) -> Progress:
        self._draw(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        self._draw(force=self.done >= self.total)

    def line(self) -> str:
        if self.total:
            filled = WIDTH * self.done // self.total
            bar = "█" * filled + "░" * (WIDTH - filled)
            return f"{self.label} {bar} {self.done}/{self.total}"
        return f"{self.label} {self.done}"

    def close(self) -> None:
        """Erase the line, leaving the terminal as it was for the summary that follows."""
        if self.enabled and self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _draw(self, force: bool = False) -> None:
        if not self.enabled or not self.total:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < INTERVAL:
            return
        self._drawn_at = now
        text = self.line()
        pad = max(0, self._width - len(text))
        self._write("\r" + text + " " * pad)
        self._width = len(text)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal never stops a build
            self.enabled = False


class _Silent:
    """What `track` hands out without a hook: same interface, does nothing."""

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        return None


Starter = Callable[[str, int], Progress]


def interactive(stream: TextIO) -> bool:
    """A terminal a person is watching: a TTY, not CI, not a dumb terminal."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_progress(stream: TextIO | None = None, lang: str = "vi") -> Starter | None:
    """The build's progress hook for `stream` (default stderr), or None when not on a terminal."""
    stream = stream if stream is not None else sys.stderr
    if not interactive(stream):
        return None

    def start(stage: str, total: int) -> Progress:
        return Progress(total, label(stage, lang), stream, enabled=True)

    return start


def track(progress: Starter | None, stage: str, total: int) -> Progress | _Silent:
    """`progress(stage, total)` when there is a hook, else a silent stand-in."""
    return progress(stage, total) if progress else _Silent()


def label(stage: str, lang: str) -> str:
    from generator.messages import catalogue

    if stage in STAGES:
        return catalogue(lang)["_summary"][f"progress_{stage}"]
    return stage
