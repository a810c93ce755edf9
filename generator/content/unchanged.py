"""What this process worked out from files that have not changed since: `serve` builds again on
every save, and at 10,000 sites reading every entry file and listing the folder again was a
third of the time before the edited page could be shown.

A file (or folder) counts as unchanged while its stamp (inode, size, mtime, ctime) is the same,
and a value is not kept when the file changed within the last `RACY_NS` (digests.settled).
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Generic, TypeVar

from generator.outputs.digests import Stamp, identity, settled

T = TypeVar("T")


def signature(path: Path) -> Stamp | None:
    """The stamp of `path`; None when it is missing or changed a moment ago."""
    found = identity(path)
    return found if settled(found) else None


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
