"""Render many pages on every core, each worker writing the files it renders.

Producers are closures over the (immutable) site model, which cannot be pickled; forked workers
inherit them instead, along with the staging folder, so each worker gets the index of a page,
renders it and writes it. No page travels back through a pipe, and creating files and folders
(the slow part on some disks) happens on every core too. File contents do not depend on which
worker wrote them, so the output stays deterministic.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence

from generator.outputs.staging import OutputError, signals_deferred

PARALLEL_FROM = 64  # below this, starting processes costs more than it saves
MAX_CHUNK = 64  # pages per task

_TODO: Sequence = ()
_STAGE = None
_JOBS: tuple[Callable, Sequence] | None = None


def _quiet_worker() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which cleans up and reports, and die
    with it (Linux PR_SET_PDEATHSIG) instead of outliving a killed build. They are forked with
    both signals held (see _forked_pool), so they release them here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def _forked_pool(workers: int) -> Iterator:
    """A pool of forked workers, terminated on leaving. Ctrl-C and SIGTERM are held while it
    forks: one landing in another module's at-fork handler is printed as "Exception ignored"
    with a traceback, and the build then carries on instead of stopping."""
    pool = None
    try:
        with signals_deferred():
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker)
        yield pool
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _produce_and_write(index: int) -> tuple:
    """Runs in a worker: (path, size, mtime_ns), or an output error as a value (its exception
    would not survive pickling with its parameters)."""
    output = _TODO[index]
    try:
        return (output.path, *_STAGE.write(output.path, output.produce()))
    except OutputError as err:
        return None, err.code, err.params


def produce_into(stage, outputs: Sequence, workers: int,
                 advance: Callable[[], None] = lambda: None) -> dict[str, tuple[int, int]]:
    """`stage.write(output.path, output.produce())` for every output; `advance` ticks a bar.
    Returns each written path's (size, mtime_ns)."""
    global _TODO, _STAGE
    written: dict[str, tuple[int, int]] = {}
    if workers <= 1 or len(outputs) < PARALLEL_FROM or not _can_fork():
        for output in outputs:
            written[output.path] = stage.write(output.path, output.produce())
            advance()
        return written
    _TODO, _STAGE = outputs, stage
    try:
        with _forked_pool(workers) as pool:
            for path, *rest in pool.imap_unordered(_produce_and_write, range(len(outputs)),
                                                   chunksize=_chunk(len(outputs), workers)):
                if path is None:
                    raise OutputError(rest[0], **rest[1])
                written[path] = (rest[0], rest[1])
                advance()
            pool.close()
            return written
    finally:
        _TODO, _STAGE = (), None


def _call(index: int):
    func, items = _JOBS
    return func(items[index])


def map_in_workers(func: Callable, items: Sequence, workers: int) -> list:
    """`[func(item) for item in items]` on every core; `func` may be a closure (forked workers
    inherit it), only results are pickled back."""
    global _JOBS
    if workers <= 1 or len(items) < PARALLEL_FROM or not _can_fork():
        return [func(item) for item in items]
    _JOBS = (func, items)
    try:
        with _forked_pool(workers) as pool:
            results = list(pool.imap(_call, range(len(items)),
                                     chunksize=_chunk(len(items), workers)))
            pool.close()
            return results
    finally:
        _JOBS = None


def _chunk(count: int, workers: int) -> int:
    """Neighbouring pages (same entry: vi, en, landings) share one worker's rendered bodies."""
    return max(1, min(count // (workers * 8), MAX_CHUNK))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"
