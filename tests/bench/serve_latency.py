"""Save-to-browser latency of `diachido serve` on a large project (a benchmark, not a test).

    python -m tests.bench.serve_latency [--sites 1000] [--edits 5] [--no-plates] [--keep]

Generates N small valid entries in a temporary project, starts the real `diachido serve` in a
subprocess, waits for the first build, then edits one entry's title at a time and polls the
served page until it shows the new title. Prints each latency (from the moment the file is saved
to the moment the server returns the new page) and their median, plus the rebuild times the
server reported. The generator runs from a snapshot of generator/ and theme/ (the build hashes its
own sources, so an edit to the checkout during the run would otherwise force full rebuilds).
"""

from __future__ import annotations

import argparse
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


def entry(number: int, title: str) -> str:
    return (f"---\ncode: NT{number:04d}\ntitle: \"{title}\"\n"
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
        registry.append(f"NT{number:04d}:\n  slug: s{number:04d}\n  issued: 2026-01-15\n")
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
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    code = REPO
    if not args.live_code:  # the build hashes its own sources: freeze them for the run
        code = tmp / "code"
        skip = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / "generator", code / "generator", ignore=skip)
        shutil.copytree(REPO / "theme", code / "theme", ignore=skip)
    env = {**os.environ, "PYTHONPATH": str(code), "DIACHIDO_LANG": "vi"}
    log = (tmp / "serve.log").open("w+", encoding="utf-8")
    started = time.perf_counter()
    command = [sys.executable, "-m", "generator", "serve", "--port", str(port)]
    command += ["--no-plates"] if args.no_plates else []
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while title_at(f"{base}/s0001/") != "Đình số 1":
            if server.poll() is not None:
                raise SystemExit(f"serve exited:\n{(tmp / 'serve.log').read_text('utf-8')}")
            time.sleep(0.2)
        print(f"{args.sites} sites: first build and start {time.perf_counter() - started:.1f} s")
        time.sleep(2)  # let the watcher settle (codes.yml was just written)
        latencies = []
        for edit in range(1, args.edits + 1):
            number = 1 + (edit * 197) % args.sites
            title = f"Đình số {number} (sửa lần {edit})"
            url = f"{base}/s{number:04d}/"
            (root / "sites" / f"s{number:04d}.md").write_text(entry(number, title), "utf-8")
            saved = time.perf_counter()
            while title_at(url) != title:
                if time.perf_counter() - saved > 300:
                    raise SystemExit(f"edit {edit}: page not updated after 300 s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - saved)
            print(f"edit {edit}: s{number:04d} served after {latencies[-1]:.2f} s")
            time.sleep(1.5)
        builds = BUILT.findall((tmp / "serve.log").read_text("utf-8"))
        for written, reused, seconds in builds[1:]:
            print(f"  rebuild: {written} written, {reused} reused, {seconds} s")
        print(f"median save-to-browser latency over {len(latencies)} edits: "
              f"{statistics.median(latencies):.2f} s "
              f"(min {min(latencies):.2f}, max {max(latencies):.2f})")
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if args.keep:
            print(f"project kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
