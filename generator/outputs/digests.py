"""Content hashes: the keys that decide what a build may reuse."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


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


def tree_stat(paths: list[Path]) -> list[list]:
    """(path, size, mtime) of every file under `paths`: cheap change detection for warm builds."""
    rows: list[list] = []
    for top in paths:
        if top.is_file():
            stat = top.stat()
            rows.append([str(top), stat.st_size, stat.st_mtime_ns])
            continue
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                rows.append([path, stat.st_size, stat.st_mtime_ns])
    return rows


def identity(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime) of a file, None when it is missing: the same three numbers only while
    nobody wrote or replaced it (a rename over it brings a new inode)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns
