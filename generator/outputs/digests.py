"""Content hashes: the keys that decide what a build may reuse."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from pathlib import Path

# A file changed less than this long ago is not trusted to be unchanged when its stamp matches:
# a second same-size save inside one tick of the file system's clock would look the same (git's
# "racy clean" rule). 0.1 s is coarser than any Linux file system's clock tick.
RACY_NS = 100_000_000
Stamp = tuple[int, int, int, int]  # inode, size, mtime, ctime (all ns)


def hash_files(folder: Path, patterns: tuple[str, ...] = ("*",)) -> str:
    """One digest over a folder's file names and bytes, in sorted order."""
    hasher = hashlib.sha256()
    found = {p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()}
    for path in sorted(found):
        hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def file_digest(path: Path, salt: str = "") -> str:
    """sha256 of `salt` and then the file's bytes, read in 1 MiB chunks: photos and videos can be
    far larger than what should sit in memory at once."""
    hasher = hashlib.sha256(salt.encode())
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def key(*parts: object) -> str:
    """A short stable key for an output, from everything it depends on."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(str(part).encode("utf-8") + b"\0")
    return hasher.hexdigest()[:32]


def stamp(stat: os.stat_result) -> Stamp:
    """What changes whenever a file's bytes may have: a rename over it brings a new inode, and
    every write sets the change time (ctime), which, unlike mtime, nobody can set back:
    `cp -p`, `rsync -t`, unzip and restores from backup put the old mtime on new bytes."""
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def settled(found: Sequence[int] | None) -> bool:
    """`found` may be trusted to mean "unchanged" while it stays the same (not racy)."""
    return found is not None and time.time_ns() - max(found[2], found[3]) >= RACY_NS


def tree_stat(paths: list[Path], ctime: bool = True) -> list[list]:
    """[path, *stamp] of every file under `paths`: cheap change detection for warm builds.
    `ctime=False` (as 0) for files the build itself hard-links into its output (the theme's):
    a new link sets the change time of the file it links to."""
    rows: list[list] = []
    for top in paths:
        if top.is_file():
            rows.append([str(top), *_row(top.stat(), ctime)])
            continue
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    rows.append([path, *_row(os.stat(path), ctime)])
                except OSError:
                    continue
    return rows


def _row(stat: os.stat_result, ctime: bool) -> Stamp:
    found = stamp(stat)
    return found if ctime else (*found[:3], 0)


def identity(path: Path) -> Stamp | None:
    """The file's stamp, None when it is missing."""
    try:
        return stamp(os.stat(path))
    except OSError:
        return None
