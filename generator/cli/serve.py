"""`diachido serve`: build, serve the output over HTTP, rebuild and reload the browser on change.

Thin livereload wiring around `Preview` (preview.py), which does the work and is tested on its
own: livereload watches the project and serves Preview as its WSGI app, so the page,
`/livereload.js` and its WebSocket share one origin.
"""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cli.preview import POLL_SECONDS, Preview
from generator.messages import summary
from generator.problems import Problem

if TYPE_CHECKING:
    from generator.build import Options
    from generator.cli.report import Reporter


def serve(options: Options, host: str, port: int, reporter: Reporter) -> int:
    """Build, then serve until Ctrl-C; every change rebuilds and reloads the open pages."""
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    try:  # a busy port is said before the first build, not after it
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return _port_problem(error, host, port, reporter)
    preview = Preview(options, reporter.lang, port, reporter.out, reporter.err)
    preview.rebuild()
    state: dict[str, Any] = {"scheduled": False, "path": None}
    root = Path(options.root).resolve()

    def rebuild_and_reload() -> None:
        state["scheduled"] = False
        preview.rebuild(reason=state["path"])
        if preview.outcome and preview.outcome.changed:
            LiveReloadHandler.reload_waiters("*")

    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    watcher = _watcher(lambda: print(summary("serve_started", reporter.lang, url=url),
                                     file=reporter.out, flush=True))

    def changed() -> None:  # a watch callback: runs inside the watcher's poll
        try:
            state["path"] = Path(watcher.filepath).resolve().relative_to(root).as_posix()
        except (TypeError, ValueError, OSError):
            state["path"] = str(watcher.filepath or "")
        if not state["scheduled"]:
            state["scheduled"] = True
            IOLoop.current().add_callback(rebuild_and_reload)

    server = _server(preview, watcher)
    for path in preview.watched():
        server.watch(str(path), changed, delay="forever")
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    except OSError as error:
        return _port_problem(error, host, port, reporter)
    print(summary("serve_stopped", reporter.lang, out=preview._out_name()), file=reporter.out)
    return 0


def _watcher(started: Callable[[], None]) -> Any:
    """livereload's mtime watcher, polled more often than its default 0.8 s; `started` runs
    once the server listens."""
    from livereload.watcher import Watcher
    from tornado.ioloop import PeriodicCallback

    class PollingWatcher(Watcher):
        def start(self, callback: Callable[[], None]) -> bool:
            started()
            PeriodicCallback(callback, POLL_SECONDS * 1000).start()
            return True

    return PollingWatcher()


def _server(preview: Preview, watcher: Any) -> Any:
    from livereload import Server

    class LiveServer(Server):
        def get_web_handlers(self, _script: Any) -> Any:  # livereload passes it positionally
            return super().get_web_handlers(b"")  # Preview adds a same-origin script tag

        def _setup_logging(self) -> None:
            for name, level in (("livereload", logging.WARNING),
                                ("tornado.access", logging.ERROR)):
                logging.getLogger(name).setLevel(level)

    return LiveServer(app=preview, watcher=watcher)


def _port_problem(error: OSError, host: str, port: int, reporter: Reporter) -> int:
    """Say why the port cannot be used (exit 1); any other OSError is a bug."""
    usage = (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL, errno.EPERM)
    if not isinstance(error, socket.gaierror) and error.errno not in usage:
        raise error
    reporter.problems([Problem("serve-port-busy", params=(
        ("port", port), ("host", host), ("detail", error.strerror or str(error)),
        ("suggestion", port + 1)))])
    return 1
