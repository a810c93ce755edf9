"""A local static host for browser tests, serving a build under a sub-path like GitHub Pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import urllib.parse
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/diachido"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix + "/") and path != self.prefix:
            return str(Path(self.directory) / "__missing__")
        local = super().translate_path(path[len(self.prefix):] or "/")
        # Like GitHub Pages: `/q/NT01` serves `q/NT01.html` when it exists (no slash redirect).
        clean = urllib.parse.urlsplit(path).path
        if not clean.endswith("/") and not Path(local).suffix and Path(local + ".html").is_file():
            return local + ".html"
        return local

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/diachido"):
    """Yields the base URL (e.g. http://127.0.0.1:PORT/diachido) of `folder`."""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
