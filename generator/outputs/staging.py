"""Atomic output: a build is staged beside `build/` and swapped in by one rename.

On Linux the swap is `renameat2(RENAME_EXCHANGE)`, so at every instant `build/` is either the
whole old tree or the whole new one, even under SIGKILL. Elsewhere two renames are used and a
start-up recovery step puts the old tree back if a build died between them.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

from generator.problems import Invalid

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when the platform cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


class FileWriter:
    """Writes and links files where `_place(rel)` says; OS errors become Invalid."""

    out: Path

    def open(self) -> None:
        """Create what the writer needs; runs inside `committing`, so an interruption here is
        cleaned up by `abort()` like any other."""

    def commit(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def _place(self, rel: str) -> Path:
        raise NotImplementedError

    def write(self, rel: str, data: bytes) -> tuple[int, int]:
        """(size, mtime_ns) of the file written."""
        try:
            return write_file(self._place(rel), data)
        except OSError as err:
            raise os_error(err, self.out) from err

    def link(self, rel: str, source: Path, copy: bool = False) -> None:
        """Reuse an unchanged file (from the cache or the previous build) without copying."""
        target = self._place(rel)
        try:
            if copy:
                raise OSError("copy requested")
            os.link(source, target)
        except OSError:
            try:
                shutil.copyfile(source, target)
            except OSError as err:
                raise os_error(err, self.out) from err


class Staging(FileWriter):
    """A folder that becomes `out` on `commit()`, or vanishes on `abort()`."""

    def __init__(self, out: Path):
        self.out = out
        self.tmp = staging_dir(out)
        self.old = out.parent / f".{out.name}.old"
        self._made: set[Path] = {self.tmp}

    def open(self) -> None:
        recover(self.out)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.tmp.mkdir()
        except OSError as err:
            raise os_error(err, self.out) from err

    def _place(self, rel: str) -> Path:
        target = self.tmp / rel
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def commit(self) -> None:
        try:
            if self.out.exists() and _exchange(self.tmp, self.out):
                shutil.rmtree(self.tmp, ignore_errors=True)
                return
            if self.out.exists():
                os.rename(self.out, self.old)
            os.rename(self.tmp, self.out)
            shutil.rmtree(self.old, ignore_errors=True)
        except OSError as err:
            raise os_error(err, self.out) from err

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_file(path: Path, data: bytes) -> tuple[int, int]:
    """Create `path` with `data`; return its (size, mtime_ns) for the manifest. Path.write_bytes
    adds an isatty ioctl, a seek and a stat per file, and the manifest would stat each again:
    on a slow virtual disk that is ~0.15 s for a 5,000-file site."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        stat = os.fstat(fd)
        return stat.st_size, stat.st_mtime_ns
    finally:
        os.close(fd)


def staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.staging"


def recover(out: Path) -> None:
    """Undo a two-rename commit that was interrupted half-way, and remove the staging folder
    of a build that was killed (every build that writes anything starts here)."""
    shutil.rmtree(staging_dir(out), ignore_errors=True)
    old = out.parent / f".{out.name}.old"
    if old.exists():
        if not out.exists():
            os.rename(old, out)
        else:
            shutil.rmtree(old, ignore_errors=True)


def os_error(err: OSError, out: Path) -> Invalid:
    if err.errno == errno.ENOSPC:
        return Invalid("disk-full", out=str(out))
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Invalid("out-not-writable", out=str(out))
    return Invalid("out-error", out=str(out), detail=err.strerror or str(err))


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C/SIGTERM while the tree is swapped or cleaned; they arrive right after."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def staged(out: Path) -> contextlib.AbstractContextManager[FileWriter]:
    """`with staged(out) as stage:` commits on success, aborts on any exception or Ctrl-C."""
    return committing(Staging(out))


@contextlib.contextmanager
def committing(stage: FileWriter) -> Iterator[FileWriter]:
    """Commit `stage` (Staging or InPlace) on success; abort it on any exception or Ctrl-C,
    including one that lands while it is being set up."""
    try:
        stage.open()
        yield stage
    except BaseException:
        with signals_deferred():
            stage.abort()
        raise
    with signals_deferred():
        stage.commit()
