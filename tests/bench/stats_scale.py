"""Issue 24's scale figure: `diachido stats` on a year of a busy host, about 1 GB of nginx log
(≈5 million lines), plain and gzip'd, with the wall time and the peak memory of each run, and a
100 MB slice to show that memory does not grow with the file. A benchmark, not a test:

    python tests/bench/stats_scale.py [--lines 5000000] [--dir /dev/shm]

The log is synthetic but shaped like a real one: three requests in four are assets, the rest
landings (sites and points, four languages, some typed), pages, bots and probes, from ~60 000
visitors over 365 days, in time order."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AGENTS = [
    "Mozilla/5.0 (Linux; Android 1{n}; {model}) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/12{n}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 1{n}; {model} Build/TP1A.{m}) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/12{n}.0.0.0 Mobile Safari/537.36 Zalo android/1{n} ZaloTheme/light",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{n} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.{n} Mobile/15E148 Safari/604.1 {m}",
]
BRANDS = ["SM-", "Redmi ", "CPH", "vivo ", "Nokia ", "itel ", "TECNO ", "moto "]
BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"]
ASSETS = ["assets/site.js", "favicon.svg", "media/dinh-phu-my/cong-640.webp", "sw.js",
          "media/giong-san/bia-960.avif"]
START = 1_764_522_000  # 2025-12-01 00:00 +07:00


def model(rng: random.Random) -> str:
    """A phone model: ~5 000 shapes even once digits are set aside (as the bot check does)."""
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    return f"{rng.choice(BRANDS)}{letters}{rng.randrange(10, 999)}"


def generate(path: Path, lines: int) -> None:
    rng = random.Random(24)
    codes = ["NT01", "NT02", "NT03", "NT04", "NT01-1", "NT01-2"]
    langs = ["", "", "", "en/", "ko/", "zh-hans/"]
    slugs = ["dia-dao-nhon-trach", "dinh-phu-my", "giong-san", "dinh-phuoc-thien"]
    visitors = [(f"{rng.randrange(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}."
                 f"{rng.randrange(1, 255)}",
                 rng.choice(AGENTS).format(n=rng.randrange(10), m=rng.randrange(100, 999),
                                           model=model(rng)))
                for _ in range(60_000)]
    step = 365 * 86400 / lines
    with path.open("w", buffering=1 << 20) as out:
        for number in range(lines):
            when = time.gmtime(START + int(number * step) + 7 * 3600)
            stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0700", when)
            ip, agent = visitors[rng.randrange(len(visitors))]
            kind = rng.random()
            if kind < 0.75:
                target = f"/diachido/{rng.choice(ASSETS)}"
            elif kind < 0.90:
                target = f"/diachido/{rng.choice(langs)}q/{rng.choice(codes)}/"
            elif kind < 0.92:
                target = f"/diachido/q/{rng.choice(codes)}/?typed=1"
            elif kind < 0.97:
                target = f"/diachido/{rng.choice(langs)}{rng.choice(slugs)}/"
            elif kind < 0.99:
                target, agent = f"/diachido/q/{rng.choice(codes)}", rng.choice(BOTS)
            else:
                target = f"/wp-login.php?{rng.randrange(10**6)}"
            out.write(f'{ip} - - [{stamp}] "GET {target} HTTP/1.1" 200 {rng.randrange(300, 90000)}'
                      f' "https://doan.example.vn/diachido/" "{agent}"\n')


# `diachido stats` in-process, then that process's own peak resident memory on stderr
WRAPPER = """
import resource, sys
from generator.cli.main import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def run(project: Path, log: Path) -> dict:
    """One `diachido stats` in its own process: wall seconds and that process's peak RSS."""
    before = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, "stats", str(log), "--format",
                           "json"], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    seconds = time.perf_counter() - before
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024  # KiB on Linux → MiB
    summary = json.loads(done.stdout)
    return {"file": log.name, "bytes": log.stat().st_size, "seconds": round(seconds, 1),
            "peak_rss_mib": round(peak, 1), "scans": summary["totals"]["scans"],
            "skipped": summary["skipped_lines"], "bots": summary["bots"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/dev/shm"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="diachido-stats-bench-", dir=args.dir))
    try:
        project = work / "project"
        for folder in ("sites", "trails"):
            shutil.copytree(REPO / folder, project / folder)
        for name in ("diachido.yml", "codes.yml"):
            shutil.copy(REPO / name, project / name)
        (project / "media").mkdir()
        log = work / "access.log"
        before = time.perf_counter()
        generate(log, args.lines)
        print(f"generated {log.stat().st_size / 1e9:.2f} GB, {args.lines} lines in "
              f"{time.perf_counter() - before:.0f} s", flush=True)
        small = work / "access-slice.log"
        with log.open("rb") as full, small.open("wb") as part:
            part.write(full.read(log.stat().st_size // 10))
        print(json.dumps(run(project, small)), flush=True)
        print(json.dumps(run(project, log)), flush=True)
        subprocess.run(["gzip", "-1", "-k", str(log)], check=True)
        print(json.dumps(run(project, log.with_name("access.log.gz"))), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
