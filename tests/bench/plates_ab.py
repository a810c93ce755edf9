"""Plate figures of two checkouts, run alternately so that both see the same machine load.

    python -m tests.bench.plates_ab --before DIR --after DIR [--sites 1000] [--rounds 3]
                                    [--workdir /dev/shm]

Per round and checkout (before, then after, on one corpus): a cold `--no-plates` build, a cold
build with plates, then one entry's title changed (its plate and all.pdf change) and built
again. Prints the medians: wall and CPU time (user+sys of the process tree) of each, and the
cold plate cost per published site, (cold plates − cold --no-plates) / sites, which also counts
the share cards that plates on draws. On a shared machine the CPU figures are the steadier.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from tests.bench.corpus import make_corpus, retitle_entry
from tests.bench.run import Diachido, precompile, progress


def one_round(tool: Diachido, r: int) -> dict[str, tuple[float, float]]:
    figures = {}
    tool.reset_cold()
    sample = tool.build(plates=False)
    figures["cold --no-plates"] = (sample.wall, sample.cpu)
    tool.reset_cold()
    sample = tool.build(plates=True)
    figures["cold plates"] = (sample.wall, sample.cpu)
    corpus = tool.corpus
    path = corpus.entry_path(corpus.published_index(r * 104729 + 17))
    original = path.read_bytes()
    try:
        retitle_entry(corpus, corpus.published_index(r * 104729 + 17), r)
        sample = tool.build(plates=True)
        figures["title change, plates"] = (sample.wall, sample.cpu)
    finally:
        path.write_bytes(original)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="diachido-plates-ab-", dir=args.workdir))
    try:
        corpus = make_corpus(work / "project", args.sites, 0, 7, (4000, 3000), registry=True)
        tools = {name: Diachido(repo.resolve(), corpus)
                 for name, repo in (("before", args.before), ("after", args.after))}
        seen: dict[str, dict[str, list[tuple[float, float]]]] = {name: {} for name in tools}
        for tool in tools.values():
            precompile(tool.repo)
        for r in range(args.rounds):
            for name, tool in tools.items():
                progress(f"round {r + 1}/{args.rounds}: {name}")
                for label, pair in one_round(tool, r).items():
                    seen[name].setdefault(label, []).append(pair)
                    print(f"round {r + 1} {name} {label}: {pair[0]:.3f} s wall, {pair[1]:.3f} s "
                          "CPU", flush=True)  # a long run cut short still leaves its rounds
        sites = args.sites - corpus.drafts
        print(f"{sites} published sites, medians of {args.rounds} alternating rounds "
              "(wall s / CPU s)")
        for name, figures in seen.items():
            med = {label: (statistics.median(w for w, _c in pairs),
                           statistics.median(c for _w, c in pairs))
                   for label, pairs in figures.items()}
            cells = "  ".join(f"{label}: {w:.3f} / {c:.3f}" for label, (w, c) in med.items())
            wall = (med["cold plates"][0] - med["cold --no-plates"][0]) * 1000 / sites
            cpu = (med["cold plates"][1] - med["cold --no-plates"][1]) * 1000 / sites
            print(f"{name:>6}: {cells}  | per plate: {wall:.1f} ms wall, {cpu:.1f} ms CPU")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
