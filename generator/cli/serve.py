"""`diachido serve`: build, serve the output over HTTP, rebuild and reload the browser on change.

Thin wiring around `Preview` (preview.py), which does the work and is tested on its own. The
HTTP server (livereload's, on Tornado) runs on a thread of its own and keeps answering while a
rebuild runs on the main thread, which also keeps the build's signal handling and process pool
where a CLI build has them. Changes are seen by the kernel (inotify, through watchfiles), not by
polling: a save starts its rebuild within milliseconds. The project's two root files are
checked between events, since a file replaced by a rename would slip out of a watch on itself.
"""

from __future__ import annotations

import errno
import gc
import logging
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli.preview import Preview
from generator.messages import summary
from generator.outputs.digests import Stamp, identity
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.build import Options
    from generator.cli.report import Reporter

QUIET_MS = 8  # a save's events (write, rename) arrive together: wait this long for the rest
SWITCH_SECONDS = 0.0005
CHECK_MS = 250  # how often the root files and the watched folders' existence are checked


def serve(options: Options, host: str, port: int, reporter: Reporter) -> int:
    """Build, then serve until Ctrl-C; every change rebuilds and reloads the open pages."""
    from livereload.handlers import LiveReloadHandler

    try:  # a busy port is said before the first build, not after it
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return _port_problem(error, host, port, reporter)
    preview = Preview(options, reporter.lang, port, reporter.out, reporter.err)
    watcher = _WatchThread(preview, Path(options.root).resolve())
    watcher.start()  # saves made during the first build rebuild right after it
    preview.rebuild()
    _settle_memory()
    # While a rebuild computes on this thread, the server's thread waits for the interpreter
    # lock up to this long at each step of a request (5 ms by default, several per request).
    sys.setswitchinterval(SWITCH_SECONDS)
    server = _ServerThread(preview, host, port)
    server.start()
    server.ready.wait()
    if server.error is not None:
        watcher.stop.set()
        return _port_problem(server.error, host, port, reporter)
    preview.reload = lambda: server.call(LiveReloadHandler.reload_waiters, "*")
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(summary("serve_started", reporter.lang, url=url), file=reporter.out, flush=True)
    try:
        while True:
            saved = watcher.next()
            preview.rebuild(reason=min(saved), saved=frozenset(saved),
                            superseded=watcher.waiting)
            if preview.outcome and preview.outcome.changed:
                preview.reload()
            _settle_memory()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop.set()
        server.stop()
    print(summary("serve_stopped", reporter.lang, out=preview._out_name()), file=reporter.out)
    return 0


def _settle_memory() -> None:
    """Between saves: collect the last build's garbage, then exempt what stays in memory for
    the next one (entries, listings, the theme) from the collector's passes, which at 10,000
    sites cost a quarter of the time to the first page."""
    gc.collect()
    gc.freeze()


class _WatchThread(threading.Thread):
    """Batches of saved files, gathered on a thread of its own so that a rebuild can ask
    whether newer saves are waiting (then its rest is dropped: outputs/early.py)."""

    def __init__(self, preview: Preview, root: Path):
        super().__init__(name="diachido-serve-watch", daemon=True)
        self.preview, self.root = preview, root
        self.batches: queue.Queue[set[str]] = queue.Queue()
        self.stop = threading.Event()

    def run(self) -> None:
        for saved in _changes(self.preview, self.root, self.stop):
            self.batches.put(saved)

    def waiting(self) -> bool:
        return not self.batches.empty()

    def next(self) -> set[str]:
        """The next batch, with every other one already waiting (one rebuild for them all)."""
        saved = self.batches.get()
        while not self.batches.empty():
            saved |= self.batches.get_nowait()
        return saved


def _changes(preview: Preview, root: Path, stop: threading.Event) -> Iterator[set[str]]:
    """Each batch of changed project files, as paths relative to `root`, until `stop`."""
    from watchfiles import watch

    while not stop.is_set():
        folders = [path for path in preview.watched() if path.is_dir()]
        files = [path for path in preview.watched() if not path.is_dir()]
        stamps = _stamps(files)
        if not folders:  # nothing to watch yet (no sites/): look again in a moment
            time.sleep(CHECK_MS / 1000)
            if (saved := {_relative(p, root) for p in files if identity(p) != stamps[p]}):
                yield saved
            continue
        for batch in watch(*folders, step=QUIET_MS, rust_timeout=CHECK_MS, stop_event=stop,
                           yield_on_timeout=True, debounce=1000, raise_interrupt=False):
            saved = {_relative(Path(name), root) for _change, name in batch}
            now = _stamps(files)
            saved |= {_relative(path, root) for path in files if now[path] != stamps[path]}
            stamps = now
            now_folders = [path for path in preview.watched() if path.is_dir()]
            saved |= {_relative(path, root) for path in set(now_folders) ^ set(folders)}
            if saved:
                yield saved
            if now_folders != folders:
                break  # a watched folder appeared or went (with its files): watch the new set


def _stamps(files: list[Path]) -> dict[Path, Stamp | None]:
    return {path: identity(path) for path in files}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


class _ServerThread(threading.Thread):
    """livereload's server on its own event loop; `ready` is set once it listens (or failed)."""

    def __init__(self, preview: Preview, host: str, port: int):
        super().__init__(name="diachido-serve-http", daemon=True)
        self.preview, self.host, self.port = preview, host, port
        self.ready = threading.Event()
        self.error: OSError | None = None
        self.loop: Any = None

    def run(self) -> None:
        import asyncio

        from tornado.ioloop import IOLoop

        asyncio.set_event_loop(asyncio.new_event_loop())
        self.loop = IOLoop.current()
        try:
            _server(self.preview, self.ready.set).serve(
                port=self.port, host=self.host, debug=False, restart_delay=0)
        except OSError as error:
            self.error = error
        finally:
            self.ready.set()

    def call(self, function: Callable[..., Any], *args: Any) -> None:
        """Run `function` on the server's loop (Tornado's add_callback is thread-safe)."""
        if self.loop is not None:
            self.loop.add_callback(function, *args)

    def stop(self) -> None:
        if self.loop is not None and self.is_alive():
            self.loop.add_callback(self.loop.stop)
            self.join(5)


def _server(preview: Preview, listening: Callable[[], None]) -> Any:
    from livereload import Server
    from livereload.watcher import Watcher

    class NoWatcher(Watcher):
        """serve.py watches; livereload only serves pages and its reload socket."""

        def start(self, _callback: Callable[[], None]) -> bool:
            listening()
            return True

    class LiveServer(Server):
        def get_web_handlers(self, _script: Any) -> Any:  # livereload passes it positionally
            return super().get_web_handlers(b"")  # Preview adds a same-origin script tag

        def _setup_logging(self) -> None:
            for name, level in (("livereload", logging.WARNING),
                                ("tornado.access", logging.ERROR)):
                logging.getLogger(name).setLevel(level)

    return LiveServer(app=preview, watcher=NoWatcher())


def _port_problem(error: OSError, host: str, port: int, reporter: Reporter) -> int:
    """Say why the port cannot be used (exit 1); any other OSError is a bug."""
    usage = (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL, errno.EPERM)
    if not isinstance(error, socket.gaierror) and error.errno not in usage:
        raise error
    reporter.problems([Problem("serve-port-busy", params=(
        ("port", port), ("host", host), ("detail", error.strerror or str(error)),
        ("suggestion", port + 1)))])
    return 1
