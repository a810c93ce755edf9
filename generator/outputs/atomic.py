"""The one way a file outside the staged tree is written: whole or not at all.

Caches, the manifest, the journal, `codes.yml`, plates and share cards in the cache, the bundle:
each is written to a temporary file beside its target and renamed over it, so a reader (or the
next build after a crash) sees the old file or the new one, never half of one. The temporary name
carries the process id, so pool workers writing the same cache file never share a temporary.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(path: Path, durable: bool = False) -> Iterator[Path]:
    """Yields a temporary path to fill; on success it replaces `path`, on failure it is removed.

    `durable` also flushes the file and its folder to disk, for the files whose loss after a
    power cut matters (the code registry people commit, the journal that undoes a half rebuild).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        if durable:
            _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        _fsync(path.parent)


def write_atomic(path: Path, data: bytes | str, durable: bool = False) -> None:
    """`path` holds `data` (text as UTF-8), whole or not at all."""
    with replacing(path, durable) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
