"""The one process pool: run a function over many items on every core.

Forked workers inherit the function and the items, so neither needs to be picklable: page
producers are closures over the (immutable) site model, and a page worker writes the files it
renders into the inherited staging folder, so no page travels back through a pipe and creating
files (the slow part on some disks) happens on every core too. Only indexes go to the workers and
only results come back. Results do not depend on which worker made them, so output stays
deterministic.

The work reaches each worker through the pool's initializer, at fork time: the parent keeps no
module state between calls, and two pools can run one after the other without clean-up.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from generator.outputs.staging import signals_deferred

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 64  # cheap items (pages, entries): below this, starting processes costs more
MAX_CHUNK = 64  # items per task

# Set in each worker process by its initializer (never in the parent): (function, items).
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def map_in_workers(func: Callable[[T], R], items: Sequence[T], workers: int,
                   min_items: int = PARALLEL_FROM,
                   tick: Callable[[], None] | None = None) -> list[R]:
    """`[func(item) for item in items]`, on `workers` forked processes when there are at least
    `min_items` items (heavy items, like photos or plates, pass 2). `tick` runs in the parent as
    each result arrives, to advance a progress bar. A worker's exception is raised here."""
    if workers <= 1 or len(items) < max(2, min_items) or not _can_fork():
        results = []
        for item in items:
            results.append(func(item))
            if tick:
                tick()
        return results
    out: list[Any] = [None] * len(items)
    with _forked_pool(min(workers, len(items)), func, items) as pool:
        for index, result in pool.imap_unordered(_call, range(len(items)),
                                                 chunksize=_chunk(len(items), workers)):
            out[index] = result
            if tick:
                tick()
        pool.close()
    return out


Progress = Callable[[str, int, int], None]  # (stage, done, total): the CLI draws bars with it


def counter(progress: Progress | None, stage: str, total: int,
            check: Callable[[], None] | None = None) -> Callable[[], None]:
    """A tick for each finished item that reports (stage, done, total), or does nothing; then
    runs `check`, which may stop the work by raising (serve: a newer save is waiting)."""
    if progress is None or not total:
        return check or (lambda: None)
    report, done = progress, 0
    report(stage, 0, total)

    def tick() -> None:
        nonlocal done
        done += 1
        report(stage, done, total)
        if check:
            check()

    return tick


def _call(index: int) -> tuple[int, Any]:
    assert _work is not None, "a pool task ran outside a worker"
    func, items = _work
    return index, func(items[index])


def _start_worker(func: Callable[[Any], Any], items: Sequence[Any], parent: int) -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which cleans up and reports, and die
    with it (Linux PR_SET_PDEATHSIG) instead of outliving a killed build and holding its output
    pipes open. They are forked with both signals held (see _forked_pool), so they release them
    here. A parent killed between the fork and the prctl sends no signal: hence the check."""
    global _work
    _work = (func, items)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


@contextlib.contextmanager
def _forked_pool(workers: int, func: Callable[[Any], Any],
                 items: Sequence[Any]) -> Iterator[Any]:
    """A pool of forked workers, terminated on leaving. Ctrl-C and SIGTERM are held while it
    forks: one landing in another module's at-fork handler is printed as "Exception ignored"
    with a traceback, and the build then carries on instead of stopping."""
    pool = None
    try:
        with signals_deferred():
            pool = multiprocessing.get_context("fork").Pool(
                workers, initializer=_start_worker, initargs=(func, items, os.getpid()))
        yield pool
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _chunk(count: int, workers: int) -> int:
    """Neighbouring pages (same entry: vi, en, landings) share one worker's rendered bodies."""
    return max(1, min(count // (workers * 8), MAX_CHUNK))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"
