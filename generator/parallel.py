"""Render many pages on every core.

Producers are closures over the (immutable) site model, which cannot be pickled; forked workers
inherit them instead, so each worker gets the index of the pages to render and sends bytes back.
Results come back in input order, so output stays deterministic.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence

PARALLEL_FROM = 64  # below this, starting processes costs more than it saves
MAX_CHUNK = 256  # pages per task
WINDOW = 2048  # pages in flight between the workers and the writer

_TODO: Sequence = ()


def _quiet_worker() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which cleans up and reports, and die
    with it (Linux PR_SET_PDEATHSIG) instead of outliving a killed build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _produce(index: int) -> bytes:
    return _TODO[index].produce()


def produce_all(outputs: Sequence, workers: int,
                advance: Callable[[], None] = lambda: None) -> Iterator[bytes]:
    """`output.produce()` for every output, yielded in order as soon as it is ready, so the
    caller writes files while the workers are still rendering; `advance` ticks a progress bar."""
    global _TODO
    if workers <= 1 or len(outputs) < PARALLEL_FROM or not _can_fork():
        for output in outputs:
            data = output.produce()
            advance()
            yield data
        return
    _TODO = outputs
    chunk = _chunk(len(outputs), workers)
    # Backpressure: at most WINDOW pages rendered but not yet written. Without it, workers that
    # outpace a slow disk pile every page of a 10,000-site build up in this process (~1 GiB).
    window = threading.Semaphore(max(WINDOW, 2 * chunk * workers))
    stopped = threading.Event()

    def feed() -> Iterator[int]:
        for index in range(len(outputs)):
            window.acquire()
            if stopped.is_set():
                return
            yield index

    try:
        context = multiprocessing.get_context("fork")
        pool = context.Pool(workers, initializer=_quiet_worker)
        try:
            for data in pool.imap(_produce, feed(), chunksize=chunk):
                window.release()
                advance()
                yield data
            pool.close()
        finally:
            # The pool's feeder thread may wait on the window: free it, or terminate() hangs.
            stopped.set()
            window.release(len(outputs))
            pool.terminate()
            pool.join()
    finally:
        _TODO = ()


def _chunk(count: int, workers: int) -> int:
    """Neighbouring pages (same entry: vi, en, landings) share one worker's rendered bodies."""
    return max(1, min(count // (workers * 8), MAX_CHUNK))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"

