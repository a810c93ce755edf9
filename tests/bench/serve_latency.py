"""Save-to-browser latency of `diachido serve` on a large project (a benchmark, not a test).

    python -m tests.bench.serve_latency [--sites 1000] [--edits 5] [--no-plates] [--keep]

Generates N small valid entries in a temporary project, starts the real `diachido serve` in a
subprocess, waits for the first build, connects to it as an open tab would (livereload's
WebSocket), then edits one entry's title at a time and, on each reload message, fetches the page
until it shows the new title. Prints each latency (from the moment the file is saved to the
moment the tab has the new page) and their median, plus the rebuild times the server reported.
`python -m tests.bench` runs the same measurement (`serve_latencies`) on its own corpus. The
generator runs from a snapshot of generator/ and theme/ (the build hashes its own sources, so an
edit to the checkout during the run would otherwise force full rebuilds).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
BUILT = re.compile(r"(?:Xong|Done):.*?(\d+) (?:tệp viết mới|files written), (\d+) "
                   r"(?:tệp dùng lại|files reused).*?([\d.]+) (?:giây|seconds)")


def code(number: int) -> str:
    """NT0001 … NT9999, then NU0000 …: codes have at most four digits."""
    return f"N{chr(ord('T') + number // 10000)}{number % 10000:04d}"


def entry(number: int, title: str) -> str:
    return (f"---\ncode: {code(number)}\ntitle: \"{title}\"\n"
            f"summary: \"Di tích số {number}, một ngôi đình cổ của làng.\"\n"
            "category: di tích lịch sử\naddress: \"xã Nhơn Trạch, tỉnh Đồng Nai\"\n---\n\n"
            f"## Lịch sử\n\nNgôi đình số {number} được dựng từ thời Gia Long. "
            "Đình là nơi hội họp của dân làng và của cán bộ cách mạng.\n")


def make_project(root: Path, sites: int) -> None:
    (root / "sites").mkdir(parents=True)
    (root / "media").mkdir()
    (root / "diachido.yml").write_text(
        "title: Địa chỉ đỏ thử nghiệm\nbase_url: https://doan.example.vn/diachido\n", "utf-8")
    registry = []
    for number in range(1, sites + 1):
        (root / "sites" / f"s{number:04d}.md").write_text(
            entry(number, f"Đình số {number}"), "utf-8")
        registry.append(f"{code(number)}:\n  slug: s{number:04d}\n  issued: 2026-01-15\n")
    # a committed registry, as in a real project: the first build does not rewrite it
    (root / "codes.yml").write_text("".join(registry), "utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def title_at(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            match = TITLE.search(response.read().decode("utf-8", "replace"))
    except (OSError, urllib.error.URLError):
        return None
    return re.sub(r"<[^>]+>|\s+", " ", match[1]).strip() if match else None


def builds_done(log: Path) -> int:
    """How many builds the server has finished (its "Done:" lines, in English or Vietnamese)."""
    return len(BUILT.findall(log.read_text("utf-8", "replace")))


def set_title(path: Path, title: str) -> None:
    lines = path.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[at] = f'title: "{title}"'
    path.write_text("\n".join(lines), "utf-8")


class Browser:
    """What an open tab does: livereload's WebSocket handshake, then on each "reload" message
    a GET of the page. No polling: a client asking every few milliseconds would take the
    interpreter lock from the rebuild it is waiting for."""

    def __init__(self, base: str, page: str):
        import asyncio

        from tornado.websocket import websocket_connect

        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

        async def connect():  # noqa: ANN202 - a tornado connection
            return await websocket_connect(base.replace("http://", "ws://") + "/livereload")

        self.ws = self.loop.run_until_complete(connect())
        for message in ({"command": "hello",
                         "protocols": ["http://livereload.com/protocols/official-7"]},
                        {"command": "info", "url": base + page}):
            self.ws.write_message(json.dumps(message))
        self.read(30)  # the server's hello

    def read(self, limit: float) -> str | None:
        import asyncio

        async def next_message() -> str | None:
            return await asyncio.wait_for(self.ws.read_message(), limit)

        return self.loop.run_until_complete(next_message())

    def shows(self, url: str, title: str, limit: float) -> None:
        """Wait for reloads until the page at `url` has `title`."""
        deadline = time.perf_counter() + limit
        while title_at(url) != title:
            message = self.read(max(deadline - time.perf_counter(), 0.01))
            if message is None:
                raise SystemExit("the server closed the reload socket")

    def close(self) -> None:
        self.ws.close()
        self.loop.close()


def serve_latencies(root: Path, env: dict[str, str], files: list[Path], plates: bool,
                    log_path: Path, say=print) -> list[float]:
    """Start `diachido serve` in `root`, open a tab on it (`Browser`), then retitle each of
    `files` in turn (an entry's page is /<file stem>/) and time from the save to the tab having
    the page with the new title. Each edit waits for the previous rebuild to finish (an editor
    saves seconds apart). The files are left edited; the server is stopped."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "generator", "serve", "--port", str(port)]
    command += [] if plates else ["--no-plates"]
    log = log_path.open("w+", encoding="utf-8")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    started = time.perf_counter()
    try:
        while title_at(f"{base}/{files[0].stem}/") is None:
            if server.poll() is not None or time.perf_counter() - started > 1800:
                raise SystemExit(f"serve did not start:\n{log_path.read_text('utf-8')[-3000:]}")
            time.sleep(0.2)
        say(f"serve: first build and start {time.perf_counter() - started:.1f} s")
        time.sleep(1)
        latencies = []
        browser = Browser(base, f"/{files[0].stem}/")
        for number, path in enumerate(files, 1):
            done = builds_done(log_path)
            title = f"Đã sửa lần {number} ({path.stem})"
            title_at(f"{base}/{path.stem}/")  # the tab is on the page about to be edited
            set_title(path, title)
            saved = time.perf_counter()
            try:
                browser.shows(f"{base}/{path.stem}/", title, 300)
            except TimeoutError:
                raise SystemExit(f"edit {number}: page not updated after 300 s") from None
            latencies.append(time.perf_counter() - saved)
            say(f"edit {number}: {path.stem} served after {latencies[-1] * 1000:.0f} ms")
            while builds_done(log_path) <= done and time.perf_counter() - saved < 600:
                time.sleep(0.05)  # the rest of that rebuild (plates, all.pdf, the homes)
            time.sleep(0.5)
        browser.close()
        return latencies
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    parser.add_argument("--no-plates", action="store_true", help="serve --no-plates")
    parser.add_argument("--live-code", action="store_true",
                        help="run the checkout itself, not a snapshot of it (edits to the "
                             "generator during the run then force full rebuilds)")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="diachido-serve-bench-"))
    root = tmp / "project"
    make_project(root, args.sites)
    code = REPO
    if not args.live_code:  # the build hashes its own sources: freeze them for the run
        code = tmp / "code"
        skip = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / "generator", code / "generator", ignore=skip)
        shutil.copytree(REPO / "theme", code / "theme", ignore=skip)
    env = {**os.environ, "PYTHONPATH": str(code), "DIACHIDO_LANG": "vi"}
    files = [root / "sites" / f"s{1 + (edit * 197) % args.sites:04d}.md"
             for edit in range(1, args.edits + 1)]
    try:
        latencies = serve_latencies(root, env, files, not args.no_plates, tmp / "serve.log")
        for written, reused, seconds in BUILT.findall((tmp / "serve.log").read_text("utf-8"))[1:]:
            print(f"  rebuild: {written} written, {reused} reused, {seconds} s")
        print(f"{args.sites} sites: median save-to-browser latency over {len(latencies)} edits: "
              f"{statistics.median(latencies) * 1000:.0f} ms "
              f"(min {min(latencies) * 1000:.0f}, max {max(latencies) * 1000:.0f})")
    finally:
        if args.keep:
            print(f"project kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
