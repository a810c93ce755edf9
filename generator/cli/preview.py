"""The core of `diachido serve` (serve.py wires it to livereload): rebuild, and answer requests.

`rebuild()` runs the ordinary incremental build (same Options every time, so the manifest
reuses every unchanged output) and remembers the outcome; `respond(path)` answers a request
from the output folder. The pages of the entries just saved, and those the browser showed last,
are committed before the rest of the build (outputs/early.py): `reload` runs as soon as they are
in place, and again at the end only if the rest changed a page the browser shows. A failed
rebuild keeps the last good build on disk (the build is atomic), and every HTML response then
carries an error panel listing each problem as `render_problem` writes it, HTML-escaped.

`Preview` is the WSGI app of a `livereload.Server`, so the page, `/livereload.js` and its
WebSocket share one origin. The site's Content-Security-Policy (`script-src 'self'`, hashed
`style-src`) therefore allows the script tag we add; in served responses only (never in the
files in build/) the policy is widened to let the WebSocket connect and the error panel's own
stylesheet apply.
"""

from __future__ import annotations

import html
import io
import mimetypes
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote, urlsplit

from generator.cli.panel import PANEL_CSS, PANEL_STYLE_HASH, panel_html
from generator.messages import summary
from generator.problems import Invalid, Problem

if TYPE_CHECKING:
    from generator.build import Options, Result

LIVERELOAD_JS = "/livereload.js"
VIEWED_PAGES = 16  # the pages last served: what the open tabs show, rendered first
VIEWED_SECONDS = 600.0
TEXT_TYPES = {"application/javascript", "application/json", "application/xml",
              "image/svg+xml", "application/manifest+json"}
EXTRA_TYPES = {".webp": "image/webp", ".avif": "image/avif", ".vtt": "text/vtt",
               ".webmanifest": "application/manifest+json", ".js": "application/javascript",
               ".geojson": "application/json", ".mjs": "application/javascript"}

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_CSP_META = re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?content-security-policy[\"']?[^>]*>",
                       re.IGNORECASE)
_CONTENT_ATTR = re.compile(r"(content\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_SAFE_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]+$")


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class _Seen:
    """What one rebuild ended with, caught on its way to the terminal report."""

    result: Result | None = None
    problems: list[Problem] | None = None
    bug: str | None = None


@dataclass
class Outcome:
    """What the last rebuild did, for the terminal and the decision to reload the browser."""

    ok: bool
    unchanged: bool = False
    problems: list[Problem] = field(default_factory=list)
    bug: str | None = None
    changed: bool = True  # the browser should reload


class Preview:
    """The build's output as a live website, with the last rebuild's errors on every page."""

    def __init__(self, options: Options, lang: str = "vi", port: int = 8000,
                 out: TextIO | None = None, err: TextIO | None = None):
        self.options, self.lang, self.port = options, lang, port
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.folder = Path(options.out).resolve()
        self.error_html: str | None = None  # the panel, while the last rebuild failed
        self.outcome: Outcome | None = None
        self.prefix = ""  # the base URL's path, e.g. /diachido: served there too
        self.reload: Callable[[], None] = lambda: None  # tell the open pages (serve.py)
        self._viewed: dict[str, float] = {}  # output path → when it was last served
        self._viewed_lock = threading.Lock()  # requests are answered on the server's thread

    # -- building ---------------------------------------------------------------------------

    def rebuild(self, reason: str | None = None, saved: frozenset[str] = frozenset(),
                superseded: Callable[[], bool] = lambda: False) -> str | None:
        """Build once; returns the error panel's HTML, or None when the build succeeded.

        `saved` are the project files changed (relative paths): their entries' pages go first;
        once `superseded()` says newer saves wait, the rest is dropped (outputs/early.py).
        The terminal gets the usual messages, except for a no-change build (nothing to say);
        `self.outcome.changed` tells whether the browser should reload now (it was not told
        already, or the rest of the build changed a page it shows).
        """
        from generator.build import Result, build_site
        from generator.cli.report import Reporter
        from generator.outputs.early import Superseded
        from generator.problems import UserError

        seen = _Seen()
        previous = self.error_html
        shown: list[str] = []
        options = self._early(saved, superseded, shown)

        def build() -> Result:
            try:
                seen.result = build_site(options)
            except Superseded:  # the next rebuild, right after, reports
                seen.result = Result(unchanged=True)
            except UserError as error:
                seen.problems = list(error.problems)
                raise
            except Invalid as error:
                seen.problems = [error.problem()]
                raise
            except Exception:
                seen.bug = traceback.format_exc()
                raise
            return seen.result

        out, err = io.StringIO(), io.StringIO()
        code = Reporter(self.lang, out, err).run_build(build, self.options)
        if code == 130:
            raise KeyboardInterrupt
        if self._settle(code, seen, previous, shown):
            if reason:
                print(summary("serve_rebuilding", self.lang, path=reason), file=self.out)
            self.err.write(err.getvalue())
            self.out.write(out.getvalue())
            self.out.flush()
            self.err.flush()
        return self.error_html

    def _settle(self, code: int, seen: _Seen, previous: str | None, shown: list[str]) -> bool:
        """Record the outcome of a rebuild; whether it has news for the terminal."""
        if code == 0 and seen.result is not None:
            self.error_html = None
            self.prefix = self._base_path()
            outcome = Outcome(True, unchanged=seen.result.unchanged)
        else:
            problems = seen.problems or []
            bug = seen.bug if seen.problems is None else None
            self.error_html = self._panel(problems, bug)
            outcome = Outcome(False, problems=problems, bug=bug)
        news = not outcome.unchanged or self.error_html != previous
        outcome.changed = news
        if shown:  # the browser reloaded once: again only for the panel or a page it shows
            rest = seen.result.changed - set(shown) if seen.result else frozenset()
            outcome.changed = self.error_html is not None or bool(rest & self.viewed())
        self.outcome = outcome
        return news

    def _early(self, saved: frozenset[str], superseded: Callable[[], bool],
               shown: list[str]) -> Options:
        """The options of a rebuild that commits first the pages of the entries in `saved`
        and those the browser showed last, then reloads it (and lists them in `shown`)."""
        from dataclasses import replace

        from generator.outputs.early import Early

        slugs = frozenset(Path(path).name.split(".")[0] for path in saved
                          if path.startswith("sites/"))

        def done(paths: list[str]) -> None:  # every input is valid by now: no more panel
            shown.extend(paths)
            self.error_html = None
            self.reload()

        return replace(self.options, early=Early(slugs, frozenset(self.viewed()), done,
                                                 superseded))

    def _base_path(self) -> str:
        """The site's path under its host, for absolute links; "" while the config has errors,
        which every rebuild reports in the page's panel and on the terminal."""
        from generator.content.config import load_config
        from generator.problems import Problems

        problems = Problems()
        url = load_config(Path(self.options.root), problems, self.options.base_url).base_url
        return "" if problems.errors else urlsplit(url).path.rstrip("/")

    def _panel(self, problems: list[Problem], bug: str | None, opened: bool = False) -> str:
        has_build = (self.folder / "index.html").is_file()
        return panel_html(problems, bug, self.lang, has_build, self._out_name(), opened)

    def _out_name(self) -> str:
        return Path(self.options.out).as_posix().rstrip("/")

    # -- serving ----------------------------------------------------------------------------

    def respond(self, path: str, host: str = "") -> Response:
        """The response for a GET of `path` (already percent-decoded)."""
        host = host if _SAFE_HOST.match(host or "") else f"127.0.0.1:{self.port}"
        if self.error_html is not None and not (self.folder / "index.html").is_file():
            return self._html(500, self._standalone(), host, opened=True)
        kind, target = self._locate(path)
        if kind == "redirect":
            return Response(301, [("Location", quote(str(target))), ("Content-Length", "0")])
        if kind == "missing":
            page = self.folder / "404.html"
            if page.is_file():
                return self._html(404, page.read_text("utf-8", "replace"), host)
            return Response(404, [("Content-Type", "text/plain; charset=utf-8")], b"404\n")
        assert target is not None
        file = Path(target)
        kind = _content_type(file)
        # The web editor is served untouched: reloading it on each rebuild would throw away the
        # form an editor is filling in (saving from it writes files, which rebuilds the site).
        if kind.startswith("text/html") and file.parent != self.folder / "admin":
            self._saw(file)
            return self._html(200, file.read_text("utf-8", "replace"), host)
        return Response(200, [("Content-Type", kind), ("Cache-Control", "no-store")],
                        file.read_bytes())

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        """WSGI entry point (livereload wraps it in its Tornado server)."""
        raw = environ.get("PATH_INFO") or "/"
        path = raw.encode("latin-1", "replace").decode("utf-8", "replace")
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            response = Response(405, [("Allow", "GET, HEAD")])
        else:
            response = self.respond(path, environ.get("HTTP_HOST", ""))
        body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else response.body
        headers = [h for h in response.headers if h[0].lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{response.status} {_REASONS.get(response.status, 'OK')}", headers)
        return [body]

    def _locate(self, path: str) -> tuple[str, str | Path | None]:
        candidates = [path or "/"]
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            candidates.append(path[len(self.prefix):] or "/")
        for candidate in candidates:
            parts = [part for part in candidate.split("/") if part not in ("", ".")]
            if ".." in parts or any("\\" in part or "\0" in part for part in parts):
                return "missing", None
            target = self.folder.joinpath(*parts)
            if target.is_dir():
                if not candidate.endswith("/"):
                    return "redirect", path + "/"
                target = target / "index.html"
            if target.is_file() and _inside(target, self.folder):
                return "file", target
        return "missing", None

    def _saw(self, file: Path) -> None:
        with self._viewed_lock:
            self._viewed[file.relative_to(self.folder).as_posix()] = time.monotonic()

    def viewed(self) -> set[str]:
        """The output paths of the pages served last, which the open tabs probably show."""
        since = time.monotonic() - VIEWED_SECONDS
        with self._viewed_lock:
            recent = sorted(self._viewed.items(), key=lambda item: item[1])[-VIEWED_PAGES:]
            self._viewed = {path: seen for path, seen in recent if seen >= since}
            return set(self._viewed)

    def _html(self, status: int, text: str, host: str, opened: bool = False) -> Response:
        body = self.decorate(text, host, opened).encode("utf-8")
        return Response(status, [("Content-Type", "text/html; charset=utf-8"),
                                 ("Cache-Control", "no-store")], body)

    def decorate(self, text: str, host: str, opened: bool = False) -> str:
        """Add the reload script, widen the CSP for it, and show the errors if any (`opened`:
        the panel unfolded, on the page that has nothing else to show)."""
        text = _CSP_META.sub(lambda m: _widen_meta(m.group(0), host), text, count=1)
        head = f'<script src="{LIVERELOAD_JS}?port={self.port}"></script>\n'
        if self.error_html is not None:
            head = f"<style>{PANEL_CSS}</style>\n" + head
        text = _insert_before(_HEAD_END, text, head)
        if self.error_html is not None:
            panel = self.error_html
            if opened and self.outcome is not None:
                panel = self._panel(self.outcome.problems, self.outcome.bug, opened=True)
            match = _BODY_START.search(text)
            at = match.end() if match else len(text)
            text = text[:at] + "\n" + panel + "\n" + text[at:]
        return text

    def _standalone(self) -> str:
        """Every path's page while no build has ever succeeded: just the errors."""
        errors = sum(p.severity == "error" for p in (self.outcome.problems if self.outcome else []))
        title = summary("serve_errors_title", self.lang, errors=errors)
        return (f'<!doctype html>\n<html lang="{self.lang}">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{html.escape(title)}</title>\n</head>\n<body>\n</body>\n</html>\n")

    # -- watching ---------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        """Everything an edit to which can change the site."""
        from generator.build import theme_dir

        root = Path(self.options.root).resolve()
        paths = [root / name for name in ("sites", "media", "trails", "theme",
                                          "diachido.yml", "codes.yml")]
        theme = theme_dir(root).resolve()
        if theme not in paths:
            paths.append(theme)
        return paths


_REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 405: "Method Not Allowed",
            500: "Internal Server Error"}


def _content_type(path: Path) -> str:
    kind = EXTRA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") or kind in TEXT_TYPES:
        kind += "; charset=utf-8"
    return kind


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _insert_before(pattern: re.Pattern, text: str, insert: str) -> str:
    match = pattern.search(text)
    if not match:
        return insert + text
    return text[:match.start()] + insert + text[match.start():]


def _widen_meta(meta: str, host: str) -> str:
    def replace(match: re.Match) -> str:
        policy = html.unescape(match.group(2)[1:-1])
        widened = widen_csp(policy, {"connect-src": ["'self'", f"ws://{host}"],
                                     "style-src": [PANEL_STYLE_HASH]})
        return f'{match.group(1)}"{html.escape(widened, quote=True)}"'

    return _CONTENT_ATTR.sub(replace, meta, count=1)


def widen_csp(policy: str, extra: dict[str, list[str]]) -> str:
    """`policy` with `extra` sources added; a missing directive starts from default-src."""
    directives: dict[str, list[str]] = {}
    for item in policy.split(";"):
        words = item.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    default = directives.get("default-src", [])
    for name, sources in extra.items():
        current = directives.get(name)
        current = list(default) if current is None else current
        current = [s for s in current if s != "'none'"]
        current += [s for s in sources if s not in current]
        directives[name] = current
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())
