"""What this process worked out from files that have not changed since: `serve` builds again on
every save, and at 10,000 sites reading every entry file and listing the folder again was a
third of the time before the edited page could be shown.

A file (or folder) counts as unchanged when its inode, size and modification time are the same.
Like git's "racy clean" rule, a value is not kept when the file changed within the last
`RACY_NS`: a second same-size save inside one tick of the file system's clock would otherwise
look unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Hashable
from pathlib import Path
from typing import Generic, TypeVar

from generator.outputs.digests import identity

T = TypeVar("T")
RACY_NS = 100_000_000  # 0.1 s: coarser than any file system's clock tick on Linux
Signature = tuple[int, int, int]


def signature(path: Path) -> Signature | None:
    """(inode, size, mtime) of `path`; None when it is missing or changed a moment ago."""
    found = identity(path)
    return None if found is None or time.time_ns() - found[2] < RACY_NS else found


class Memo(Generic[T]):
    """key → value, valid while the files' signatures are those it was stored with."""

    def __init__(self) -> None:
        self._rows: dict[Hashable, tuple[tuple, T]] = {}

    def get(self, key: Hashable, signatures: tuple) -> T | None:
        row = self._rows.get(key)
        if row is None or None in signatures or row[0] != signatures:
            return None
        return row[1]

    def put(self, key: Hashable, signatures: tuple, value: T) -> None:
        if None not in signatures:
            self._rows[key] = (signatures, value)
