"""What a build is asked to do and what it reports back; where a project keeps its cache and
finds its theme. Every phase of the build (load, plan, produce) reads these."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.outputs.pool import Progress
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.outputs.early import Early

CACHE_DIR = ".diachido-cache"
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # generator/: its code is an input
DEFAULT_THEME = PACKAGE_DIR.parent / "theme"


@dataclass(frozen=True)
class Options:
    root: Path
    out: Path
    base_url: str | None = None
    plates: bool = True
    check_only: bool = False
    strict: bool = False
    workers: int = os.cpu_count() or 1
    # (stage, done, total) as work advances; the CLI draws bars with it on a terminal.
    progress: Progress | None = field(default=None, compare=False, repr=False)
    # `serve`: pages to commit before the rest of a rebuild, and whom to tell (early.py).
    early: Early | None = field(default=None, compare=False, repr=False)
    warm: bool = False  # `serve`: load the project even when nothing changed (memos warm)


@dataclass
class Result:
    published: int = 0
    drafts: int = 0
    written: int = 0
    reused: int = 0
    unchanged: bool = False
    plates: int = 0
    new_codes: list[str] = field(default_factory=list)
    bundle: tuple[str, int] | None = None  # (ZIP path, files) after `diachido bundle`
    sample_plates: str = ""  # the example base_url the plates in the output were drawn with
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    changed: frozenset[str] = frozenset()  # output paths written or removed


def theme_dir(root: Path) -> Path:
    own = root / "theme"
    return own if (own / "templates").is_dir() else DEFAULT_THEME


def check_superseded(options: Options) -> None:
    """`serve`: stop this build when newer saves wait (outputs/early.py)."""
    if options.early:
        options.early.check()
