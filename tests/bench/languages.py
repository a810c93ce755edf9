"""What a missing translation costs: files, bytes and cold build time of 1,000 Vietnamese-only
sites in 2 and in 4 languages (each missing page is a fallback page), and what the "no page"
choice would leave out (the fallback pages and landings, counted in the same build).

    python -m tests.bench.languages [WORKDIR]      (default /dev/shm/diachido-languages)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.corpus import make_corpus

REPO = Path(__file__).resolve().parents[2]
SETS = {"2 languages": "[vi, en]", "4 languages": "[vi, en, ko, zh-Hans]"}
FALLBACK = b'<div lang="vi">'  # the text block of a page showing the default language's text


def _build(project: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(project / ".diachido-cache", ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--no-plates", "--out", str(out)],
                   cwd=project, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    project = work / "project"
    make_corpus(project, 1000)
    config = (project / "diachido.yml").read_text("utf-8")
    for name, langs in SETS.items():
        (project / "diachido.yml").write_text(config + f"languages: {langs}\n", "utf-8")
        out = work / name.replace(" ", "-")
        times = [_build(project, out) for _ in range(3)]
        files = [p for p in out.rglob("*") if p.is_file() and ".diachido-cache" not in p.parts]
        size = sum(p.stat().st_size for p in files)
        other = [p for p in files if p.suffix == ".html" and len(p.parts) > len(out.parts) + 1
                 and p.parts[len(out.parts)] in ("en", "ko", "zh-hans")]
        fallback = [p for p in other if FALLBACK in p.read_bytes()]
        fsize = sum(p.stat().st_size for p in fallback)
        print(f"{name}: cold --no-plates median {statistics.median(times):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in times)}); fallback pages: {len(files)} files, "
              f"{size / 2**20:.1f} MiB, of which {len(fallback)} fallback ({fsize / 2**20:.1f} "
              f"MiB); no page: {len(files) - len(fallback)} files, "
              f"{(size - fsize) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/dev/shm/diachido-languages"))
