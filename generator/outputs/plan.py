"""The plan's unit: one output file with the key that decides whether it must be made again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: str
    key: str
    produce: Callable[[], bytes] | None = field(default=None, compare=False)
    source: Path | None = None  # an existing file to publish as is (static asset, cached media)
    copy: bool = False  # copy `source` instead of hard-linking it (editors' files may change)
    group: str = ""  # pages of one entry share rendered bodies: rendered by the same worker
