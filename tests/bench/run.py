"""Measure diachido (and Hugo, Pelican) on synthetic projects; print one plain-text table.

What is measured, per size N (every figure is the median of `--runs` runs unless said otherwise):
- whole-process wall time of the real CLI, `python -m generator build [--no-plates]`, run in a
  subprocess from the project folder with PYTHONPATH set to the checkout under test (`--repo`,
  default: this repository), so that checkout is what runs;
- cold: `build/`, `.diachido-cache/` and any `.build.*` removed and `codes.yml` restored first
  (removed with `--fresh-registry`: a first publication). The OS file cache stays warm: this is
  "fresh clone", not "fresh boot";
- warm: the same command again right after, nothing changed (the run must report "Nothing has
  changed", else it is flagged);
- edit: one paragraph added to one entry's body, then the same command; shown both as
  whole-process time and as the build step the CLI itself reports ("… 0.12 seconds");
- title change (plates on only): one entry's title rewritten, so its plate and all.pdf change,
  then the same command, whole-process time;
- peak memory: the `ru_maxrss` that `os.wait4()` returns for the build process. On Linux that is
  the largest resident set of the process *or any of its reaped descendants* (the image/plate
  pool workers), i.e. the biggest single process in the tree, not the sum of concurrent workers.
  wait4 gives it per run, with no reliance on /usr/bin/time and no RUSAGE_CHILDREN high-water mark
  carried over from earlier children. The maximum over the cold runs is shown;
- plate cost: (cold with plates − cold `--no-plates`) / published sites, as wall time (with the
  default worker pool, one per core) and as CPU time (user+sys of the process tree, from wait4);
- peers: the same corpus converted for Hugo and Pelican (see peers.py), cold builds, and the ratio
  diachido cold `--no-plates` / peer cold (wall time; CPU-time ratios are shown for information);
- serve: the real `diachido serve` started on the corpus (plates on when the plate rows were
  measured at that size), one entry's title saved at a time, the page polled every 10 ms until
  the server returns the new title: save → browser latency, median of max(3, --runs) edits, each
  made once the previous rebuild finished (tests/bench/serve_latency.py);
- the 1-minute load average before and after each size: on a shared machine, a figure taken
  while other processes ran is flagged in the notes (the CPU-time rows are less sensitive).

Before timing, the checkout's `generator/` is byte-compiled, so no run pays for (or changes the
build fingerprint by) writing `__pycache__`. Targets are printed beside the figures; a figure
that misses its target is marked MISS. Nothing here asserts on time: the exit status is non-zero
only when a build fails.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile  # noqa: F401 - imported so a missing profiler fails at start, not at the end
import io
import os
import platform
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.corpus import Corpus, body_entry, make_corpus, retitle_entry
from tests.bench.peers import Peer, available, make_peers
from tests.bench.serve_latency import serve_latencies

REPO = Path(__file__).resolve().parents[2]
QUICK_SIZE = 20
NOT_INSTALLED = "n/a (not installed)"
SECONDS_RE = re.compile(r"\(?([0-9]+(?:\.[0-9]+)?) (?:seconds|giây)")
FILES_RE = re.compile(r"(\d+) files written, (\d+) files reused")


class BenchError(Exception):
    """A build or a peer failed: the harness stops and exits 1."""


@dataclass
class Sample:
    wall: float  # seconds, whole process
    cpu: float  # user+sys seconds of the process and its reaped children
    maxrss_mib: float
    code: int
    stdout: str
    stderr: str

    @property
    def step(self) -> float | None:
        """The build time the CLI reports itself (without interpreter start-up)."""
        match = SECONDS_RE.search(self.stdout)
        return float(match[1]) if match else None


def run_process(argv: list[str], cwd: Path, env: dict[str, str]) -> Sample:
    """Run one command; time it and read its rusage with wait4 (see the module docstring)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err)
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                      proc.returncode, out.read().decode("utf-8", "replace"),
                      err.read().decode("utf-8", "replace"))


def count_files(folder: Path) -> int:
    return sum(len(files) for _dir, _dirs, files in os.walk(folder))


def fs_floor(tree: Path) -> tuple[float, int, int]:
    """Seconds to re-create `tree`'s folders and files (same bytes) beside it, with nothing
    else to do: the part of a cold build this disk charges for the output's shape alone.
    Also returns (folders, files)."""
    rows = []
    for folder, _dirs, files in os.walk(tree):
        rel = os.path.relpath(folder, tree)
        rows.append((rel, [(name, (Path(folder) / name).read_bytes()) for name in files]))
    copy = tree.parent / f".{tree.name}.fsfloor"
    shutil.rmtree(copy, ignore_errors=True)
    start = time.perf_counter()
    for rel, files in rows:
        folder = copy / rel if rel != "." else copy
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, data)
            os.close(fd)
    seconds = time.perf_counter() - start
    shutil.rmtree(copy, ignore_errors=True)
    return seconds, len(rows), sum(len(files) for _rel, files in rows)


def machine() -> str:
    """The processor's name and the system, for a table read months later."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info
                          if line.startswith("model name")), model)
    except OSError:
        pass
    return f"{model}, {platform.system()} {platform.release()}"


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- diachido ---------------------------------------------------------------------------------
@dataclass
class Diachido:
    repo: Path
    corpus: Corpus

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(PYTHONPATH=str(self.repo), DIACHIDO_LANG="en", PYTHONHASHSEED="0")
        return env

    def run(self, *args: str, check: bool = True) -> Sample:
        sample = run_process([sys.executable, "-m", "generator", *args], self.corpus.root,
                             self.env())
        if check and sample.code != 0:
            raise BenchError(f"`diachido {' '.join(args)}` exited {sample.code} in "
                             f"{self.corpus.root}:\n{sample.stderr[-3000:]}")
        return sample

    def build(self, plates: bool) -> Sample:
        return self.run("build", *(() if plates else ("--no-plates",)))

    def reset_cold(self) -> None:
        root = self.corpus.root
        for path in [root / "build", root / ".diachido-cache", *root.glob(".build*")]:
            shutil.rmtree(path, ignore_errors=True)
        self.corpus.restore_registry()


def precompile(repo: Path) -> None:
    if not compileall.compile_dir(str(repo / "generator"), quiet=1):
        raise BenchError(f"{repo}/generator does not compile")


def checkout_label(repo: Path) -> str:
    try:
        head = subprocess.run(["git", "-C", str(repo), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, timeout=10)
        if head.returncode == 0:
            return f"{repo} @ {head.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        pass
    return str(repo)


# -- one size ---------------------------------------------------------------------------------
@dataclass
class SizeResult:
    n: int
    published: int
    values: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failed: bool = False


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def measure_size(n: int, runs: int, args, workdir: Path) -> SizeResult:
    progress(f"N={n}: generating corpus ({args.photos} photo(s)/site)")
    corpus = make_corpus(workdir / f"n{n}" / "project", n, args.photos, args.seed,
                         args.photo_size, registry=not args.fresh_registry)
    if args.languages:  # more languages than vi, en: each entry gets fallback pages in them
        config = corpus.root / "diachido.yml"
        config.write_text(config.read_text("utf-8") + f"languages: [{args.languages}]\n", "utf-8")
    result = SizeResult(n, n - corpus.drafts)
    values = result.values
    values["load"] = os.getloadavg()[0]
    tool = Diachido(args.repo, corpus)
    floor = [tool.run("--version").wall for _ in range(runs)]
    values["floor"] = median(floor)
    modes = [("np", False)]
    if args.plates_up_to is None or n <= args.plates_up_to:
        modes.append(("p", True))
    else:
        result.notes.append(f"N={n}: plate rows skipped (--plates-up-to {args.plates_up_to})")
    for tag, plates in modes:
        measure_mode(tool, tag, plates, runs, result)
    if isinstance(values.get("cold_p"), float) and isinstance(values.get("cold_np"), float):
        values["plate_wall_ms"] = (values["cold_p"] - values["cold_np"]) * 1000 / result.published
        values["plate_cpu_ms"] = ((values["cold_cpu_p"] - values["cold_cpu_np"]) * 1000
                                  / result.published)
    if not args.no_serve:
        measure_serve(tool, ("p", True) in modes, max(3, runs), result)
    shutil.rmtree(corpus.root / "build", ignore_errors=True)
    for peer in make_peers(corpus.root, workdir / f"n{n}", wanted=not args.no_peers):
        try:
            measure_peer(peer, runs, result)
        except BenchError as err:
            result.failed = True
            result.notes.append(f"N={n} {peer.name}: FAILED: {err}")
        shutil.rmtree(peer.root, ignore_errors=True)
    values["load_after"] = os.getloadavg()[0]
    if max(values["load"], values["load_after"]) > 1.5:
        result.notes.append(
            f"N={n}: load average {values['load']:.1f} before / {values['load_after']:.1f} after "
            f"on {os.cpu_count()} CPUs: other processes were running, wall times are inflated "
            "(the CPU row is less sensitive)")
    return result


def measure_mode(tool: Diachido, tag: str, plates: bool, runs: int, result: SizeResult) -> None:
    """`runs` × (cold, warm, edit one entry) in one mode; medians into `result.values`.

    A failing build is recorded (FAILED in the table, its error in the notes) and ends that phase
    for this mode; the other phases and modes still run.
    """
    corpus, n, values = tool.corpus, result.n, result.values
    label = "plates" if plates else "--no-plates"
    samples: dict[str, list[Sample]] = {"cold": [], "warm": [], "edit": [], "title": []}
    floors: list[float] = []
    broken: set[str] = set()

    def attempt(phase: str, r: int) -> Sample | None:
        if phase in broken:
            return None
        try:
            sample = tool.build(plates)
        except BenchError as err:
            broken.add(phase)
            result.failed = True
            result.notes.append(f"N={n} {label}, {phase} run {r + 1}: FAILED: {err}")
            return None
        samples[phase].append(sample)
        return sample

    for r in range(runs):
        progress(f"N={n}: run {r + 1}/{runs}, {label}: cold")
        tool.reset_cold()
        if attempt("cold", r) is None:
            break
        values[f"files_{tag}"] = count_files(corpus.root / "build")
        if tag == "np":
            floor_s, folders, _files = fs_floor(corpus.root / "build")
            floors.append(floor_s)
            values["folders_np"] = folders
        progress(f"N={n}: run {r + 1}/{runs}, {label}: warm, then edit one entry")
        warm = attempt("warm", r)
        if warm is not None and "Nothing has changed" not in warm.stdout:
            result.notes.append(f"N={n} {label}: warm run {r + 1} did not take the "
                                f"nothing-changed path: {warm.stdout.strip()[:160]}")
        index = corpus.published_index(r * 7919 + n // 2)
        path = corpus.entry_path(index)
        original = path.read_bytes()
        try:
            body_entry(corpus, index, r)
            edit = attempt("edit", r)
        finally:
            path.write_bytes(original)
        files = FILES_RE.search(edit.stdout) if edit else None
        if files:
            values[f"edit_files_{tag}"] = f"{files[1]}/{files[2]}"
        if plates:  # after the edit build, so only the title differs from the last build
            progress(f"N={n}: run {r + 1}/{runs}, {label}: change one entry's title")
            index = corpus.published_index(r * 104729 + n // 3)
            path = corpus.entry_path(index)
            original = path.read_bytes()
            try:
                retitle_entry(corpus, index, r)
                attempt("title", r)
            finally:
                path.write_bytes(original)
    for phase in broken:
        values[f"{phase}_{tag}"] = "FAILED"
    cold, warm_s, edit_s = samples["cold"], samples["warm"], samples["edit"]
    if cold and "cold" not in broken:
        values[f"cold_{tag}"] = median([s.wall for s in cold])
        values[f"cold_cpu_{tag}"] = median([s.cpu for s in cold])
        values[f"cold_step_{tag}"] = median([s.step or 0.0 for s in cold])
        values[f"rss_{tag}"] = max(s.maxrss_mib for s in cold)
    if floors:
        values["fs_np"] = median(floors)
    if warm_s and "warm" not in broken:
        values[f"warm_{tag}"] = median([s.wall for s in warm_s])
    if samples["title"] and "title" not in broken:
        values[f"title_{tag}"] = median([s.wall for s in samples["title"]])
    if edit_s and "edit" not in broken:
        values[f"edit_{tag}"] = median([s.wall for s in edit_s])
        steps = [s.step for s in edit_s if s.step is not None]
        values[f"edit_step_{tag}"] = median(steps) if steps else None
        values[f"edit_rss_{tag}"] = max(s.maxrss_mib for s in edit_s)


def measure_serve(tool: Diachido, plates: bool, edits: int, result: SizeResult) -> None:
    """`diachido serve` on the corpus: save → browser latency of `edits` title changes."""
    corpus, n = tool.corpus, result.n
    files = [corpus.entry_path(corpus.published_index(k * 7907 + n // 5)) for k in range(edits)]
    originals = {path: path.read_bytes() for path in files}
    label = "plates" if plates else "--no-plates"
    progress(f"N={n}: serve ({label}), {edits} edits")
    try:
        latencies = serve_latencies(corpus.root, tool.env(), files, plates,
                                    corpus.root.parent / "serve.log", progress)
    except SystemExit as err:
        result.failed = True
        result.values["serve"] = "FAILED"
        result.notes.append(f"N={n} serve: FAILED: {err}")
        return
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    result.values["serve"] = median(latencies)
    result.notes.append(f"N={n} serve ({label}): save → page served, each edit: "
                        + ", ".join(f"{s * 1000:.0f}" for s in latencies) + " ms")


def measure_peer(peer: Peer, runs: int, result: SizeResult) -> None:
    samples = []
    env = {**os.environ, **peer.env}
    for r in range(runs):
        progress(f"N={result.n}: run {r + 1}/{runs}, {peer.name}: cold")
        for path in peer.cold_paths:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        sample = run_process(peer.argv, peer.root, env)
        if sample.code != 0:
            raise BenchError(f"{peer.name} exited {sample.code}:\n{sample.stderr[-3000:]}")
        samples.append(sample)
    key = peer.name.lower()
    result.values[f"{key}_cold"] = median([s.wall for s in samples])
    result.values[f"{key}_rss"] = max(s.maxrss_mib for s in samples)
    result.values[f"{key}_cpu"] = median([s.cpu for s in samples])
    result.values[f"{key}_files"] = count_files(peer.output) if peer.output else 0
    if peer.output and result.values[f"{key}_files"] < peer.pages:
        # e.g. Pelican without Python-Markdown: it exits 0 having read no article at all
        raise BenchError(f"{peer.name} wrote {result.values[f'{key}_files']} files for "
                         f"{peer.pages} pages:\n{samples[-1].stderr[-3000:]}")
    if peer.output:
        result.values[f"{key}_fs"], result.values[f"{key}_folders"], _n = fs_floor(peer.output)
    if isinstance(result.values.get("cold_np"), float):
        result.values[f"ratio_{key}"] = result.values["cold_np"] / result.values[f"{key}_cold"]
        result.values[f"cpu_ratio_{key}"] = (result.values["cold_cpu_np"]
                                             / result.values[f"{key}_cpu"])


# -- the table --------------------------------------------------------------------------------
Check = Callable[[float, int], bool | None]  # (value, N) → pass/fail, or None: not applicable


def at(size: int, test: Callable[[float], bool]) -> Check:
    return lambda value, n: test(value) if n == size else None


def always(test: Callable[[float], bool]) -> Check:
    return lambda value, _n: test(value)


@dataclass(frozen=True)
class Row:
    label: str
    unit: str
    key: str
    target: str = ""
    check: Check | None = None
    scale: float = 1.0
    digits: int = 3


ROWS = (
    Row("interpreter + CLI start (--version)", "s", "floor"),
    Row("cold build, plates", "s", "cold_p"),
    Row("cold build, --no-plates", "s", "cold_np"),
    Row("  its build step (self-reported)", "s", "cold_step_np"),
    Row("  its CPU time (user+sys, whole tree)", "s", "cold_cpu_np"),
    Row("warm, --no-plates (nothing changed)", "s", "warm_np", "< 0.3 s", always(lambda v: v < .3)),
    Row("warm, plates (nothing changed)", "s", "warm_p", "< 0.5 s", always(lambda v: v < .5)),
    Row("edit 1 body, --no-plates: process", "s", "edit_np"),
    Row("edit 1 body, --no-plates: build step", "s", "edit_step_np"),
    Row("edit 1 body, plates: process", "s", "edit_p", "<= 0.3 s @1k",
        at(1000, lambda v: v <= .3)),
    Row("edit 1 body, plates: build step", "s", "edit_step_p"),
    Row("edit 1 body: files written/reused", "", "edit_files_np", "(--no-plates)"),
    Row("title change 1 entry, plates: process", "s", "title_p", "<= 1.5 s @1k",
        at(1000, lambda v: v <= 1.5)),
    Row("serve: save -> browser shows it", "ms", "serve", "<= 150 ms @1k, <= 500 ms @10k",
        lambda v, n: v <= 150 if n == 1000 else v <= 500 if n == 10000 else None,
        scale=1000, digits=0),
    Row("plate cost per plate (wall, cold)", "ms", "plate_wall_ms", "<= 40 ms @1k",
        at(1000, lambda v: v <= 40), digits=1),
    Row("plate cost per plate (CPU, cold)", "ms", "plate_cpu_ms", digits=1),
    Row("peak RSS, cold --no-plates", "MiB", "rss_np", "< 1024 MiB @10k",
        at(10000, lambda v: v < 1024), digits=0),
    Row("peak RSS, cold plates", "MiB", "rss_p", "< 1024 MiB @10k",
        at(10000, lambda v: v < 1024), digits=0),
    Row("output files, --no-plates / plates", "", "files"),
    Row("output folders, --no-plates", "", "folders_np", digits=0),
    Row("  file-system floor: re-create its folders+files", "s", "fs_np"),
    Row("load average (1 min) before / after", "", "load_pair"),
    Row("Hugo cold", "s", "hugo_cold"),
    Row("Pelican cold", "s", "pelican_cold"),
    Row("Hugo / Pelican output files", "", "peer_files"),
    Row("Hugo / Pelican output folders", "", "peer_folders"),
    Row("Hugo / Pelican file-system floor", "s", "peer_fs"),
    Row("Hugo / Pelican peak RSS", "MiB", "peer_rss"),
    Row("Hugo / Pelican CPU time (user+sys)", "s", "peer_cpu"),
    Row("cold time per output file: ours / Hugo / Pelican", "ms", "per_file"),
    Row("diachido/Hugo, cold --no-plates", "x", "ratio_hugo", "<= 2.5x @1k",
        at(1000, lambda v: v <= 2.5), digits=2),
    Row("  same, CPU time (info)", "x", "cpu_ratio_hugo", digits=2),
    Row("diachido/Pelican, cold --no-plates", "x", "ratio_pelican", "<= 0.35x @1k",
        at(1000, lambda v: v <= 0.35), digits=2),
    Row("  same, CPU time (info)", "x", "cpu_ratio_pelican", digits=2),
    Row("cold --no-plates, 10k / 1k", "x", "scale_np", "<= 11x", always(lambda v: v <= 11),
        digits=2),
    Row("  same, CPU time (info)", "x", "scale_cpu_np", digits=2),
    Row("cold plates, 10k / 1k", "x", "scale_p", "<= 11x", always(lambda v: v <= 11), digits=2),
)


def derive(results: list[SizeResult], peers_state: dict[str, bool]) -> None:
    by_n = {r.n: r for r in results}
    for result in results:
        v = result.values
        v["files"] = f"{v.get('files_np', '-')} / {v.get('files_p', '-')}"
        if "load" in v:
            v["load_pair"] = f"{v['load']:.1f} / {v.get('load_after', 0.0):.1f}"
        if "hugo_files" in v or "pelican_files" in v:
            v["peer_files"] = f"{v.get('hugo_files', '-')} / {v.get('pelican_files', '-')}"
            v["peer_folders"] = f"{v.get('hugo_folders', '-')} / {v.get('pelican_folders', '-')}"
            v["peer_fs"] = " / ".join(f"{v[k]:.3f}" if k in v else "-"
                                      for k in ("hugo_fs", "pelican_fs"))
            v["peer_rss"] = " / ".join(f"{v[k]:.0f}" if k in v else "-"
                                       for k in ("hugo_rss", "pelican_rss"))
            v["peer_cpu"] = " / ".join(f"{v[k]:.3f}" if k in v else "-"
                                       for k in ("hugo_cpu", "pelican_cpu"))
        # The tools do not make the same site: per output file is the like-for-like figure.
        per_file = []
        for cold, files in (("cold_np", "files_np"), ("hugo_cold", "hugo_files"),
                            ("pelican_cold", "pelican_files")):
            ok = isinstance(v.get(cold), float) and isinstance(v.get(files), int) and v[files]
            per_file.append(f"{v[cold] * 1000 / v[files]:.2f}" if ok else "-")
        v["per_file"] = " / ".join(per_file)
        for name, ok in peers_state.items():
            if not ok:
                v[f"{name.lower()}_cold"] = NOT_INSTALLED
        if result.n == 10000 and 1000 in by_n:
            small = by_n[1000].values
            for tag in ("np", "p", "cpu_np"):
                big_t, small_t = v.get(f"cold_{tag}"), small.get(f"cold_{tag}")
                if isinstance(big_t, float) and isinstance(small_t, float):
                    v[f"scale_{tag}"] = big_t / small_t


def cell(row: Row, value: object, n: int) -> tuple[str, bool | None]:
    if value is None:
        return "-", None
    if isinstance(value, str):
        return value, None
    number = float(value) * row.scale
    text = f"{number:.{row.digits}f}"
    verdict = row.check(number, n) if row.check else None
    if verdict is not None:
        text += " ok" if verdict else " MISS"
    return text, verdict


def render_table(results: list[SizeResult], args, peers_state: dict[str, bool],
                 partial: bool = False) -> str:
    derive(results, peers_state)
    width = 40
    col = max(16, *(len(str(v)) + 2 for r in results for v in r.values.values()
                    if isinstance(v, str)))
    runs = ", ".join(f"N={r.n}: {k}" for r, k in zip(results, args.runs_list, strict=False))
    lines = [
        f"diachido benchmark — {checkout_label(args.repo)}",
        f"{time.strftime('%Y-%m-%d')}, {machine()}",
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, runs per size: {runs}, "
        f"photos/site: {args.photos}, languages: {args.languages or 'vi, en'}, medians of "
        "whole-process wall time" + (" (partial)" if partial else ""),
        "",
        f"{'':{width}} {'unit':>4} " + "".join(f"{'N=' + str(r.n):>{col}}" for r in results)
        + "   target",
        "-" * (width + 6 + col * len(results) + 20),
    ]
    misses = []
    for row in ROWS:
        if all(row.key not in r.values for r in results):
            continue
        cells = []
        for result in results:
            text, verdict = cell(row, result.values.get(row.key), result.n)
            cells.append(f"{text:>{col}}")
            if verdict is False:
                misses.append(f"{row.label.strip()} at N={result.n}: {text.replace(' MISS', '')}"
                              f" {row.unit} (target {row.target})")
        lines.append(f"{row.label:<{width}} {row.unit:>4} " + "".join(cells) + f"   {row.target}")
    lines.append("")
    notes = [note for r in results for note in r.notes]
    if not all(peers_state.values()) and not args.no_peers:
        notes.append("peers missing: bash scripts/setup bench (installs pelican and hugo)")
    lines += [f"note: {note}" for note in notes]
    lines.append("Targets missed: " + ("none" if not misses else ""))
    lines += [f"  - {miss}" for miss in misses]
    lines += [
        "",
        "How: cold = build/ and .diachido-cache/ removed, codes.yml restored or, with",
        "--fresh-registry, removed (OS file cache warm);",
        "warm = the same command again; edit = a paragraph added to one body. Process times are",
        "whole-process wall time of `python -m generator build` (PYTHONPATH = the checkout); the",
        "'build step' is the time the CLI reports itself. Peak RSS = ru_maxrss from wait4(): the",
        "largest single process of the build's tree (main or a pool worker), max over cold runs.",
        "Plate cost = (cold plates - cold --no-plates) / published sites.",
    ]
    return "\n".join(lines)


# -- profile ----------------------------------------------------------------------------------
def profile(n: int, args, workdir: Path) -> int:
    progress(f"profile: generating a corpus of {n} sites")
    corpus = make_corpus(workdir / f"profile-{n}", n, args.photos, args.seed, args.photo_size,
                         registry=not args.fresh_registry)
    tool = Diachido(args.repo, corpus)
    tool.reset_cold()
    plain = tool.build(plates=False)
    tool.reset_cold()
    stats_file = workdir / "build.prof"
    progress(f"profile: cold --no-plates build of {n} sites under cProfile")
    sample = run_process([sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m",
                          "generator", "build", "--no-plates", "-j", "1"], corpus.root, tool.env())
    if sample.code != 0 or not stats_file.exists():
        raise BenchError(f"profiled build failed ({sample.code}):\n{sample.stderr[-3000:]}")
    out = io.StringIO()
    print(f"diachido profile — {checkout_label(args.repo)}", file=out)
    print(f"cold --no-plates build of N={n}: {plain.wall:.2f} s unprofiled "
          f"(build step {plain.step} s), {sample.wall:.2f} s under cProfile with -j 1 (one "
          "process, so the workers' rendering and writing show in the profile)", file=out)
    stats = pstats.Stats(str(stats_file), stream=out).strip_dirs()
    print("\nTop 25 by cumulative time:", file=out)
    stats.sort_stats("cumulative").print_stats(25)
    print("Top 15 by own time:", file=out)
    stats.sort_stats("tottime").print_stats(15)
    print(out.getvalue())
    return 0


# -- command line -----------------------------------------------------------------------------
def _ints(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers: {text}") from err
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected positive integers: {text}")
    return values


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", text)
    if not match:
        raise argparse.ArgumentTypeError("expected WIDTHxHEIGHT, e.g. 4000x3000")
    return int(match[1]), int(match[2])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split(
        "\n")[0], epilog="Peers: bash scripts/setup bench.")
    parser.add_argument("--sizes", type=_ints, default=[100, 1000, 10000],
                        help="corpus sizes, comma-separated (default: 100,1000,10000)")
    parser.add_argument("--runs", type=_ints, default=[3],
                        help="runs per size: one number, or one per size (e.g. 3,3,1)")
    parser.add_argument("--photos", type=int, default=0, help="photos per site (default 0)")
    parser.add_argument("--photo-size", type=_size, default=(4000, 3000),
                        help="pixel size of generated photos (default 4000x3000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--plates-up-to", type=int, default=None, metavar="N",
                        help="skip plate builds for sizes above N (they cost ~0.1-0.2 s/plate)")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo and Pelican")
    parser.add_argument("--languages", metavar="TAGS",
                        help="the site's languages, e.g. vi,en,ko,zh-Hans (default: vi, en)")
    parser.add_argument("--no-serve", action="store_true",
                        help="skip the serve save → browser latency")
    parser.add_argument("--fresh-registry", action="store_true",
                        help="corpora without codes.yml (a first publication: the cold build "
                             "registers every code)")
    parser.add_argument("--quick", action="store_true",
                        help=f"CI smoke run: N={QUICK_SIZE}, 1 run, peers only if installed")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="profile one cold --no-plates build of N sites instead")
    parser.add_argument("--repo", type=Path,
                        default=Path(os.environ.get("DIACHIDO_BENCH_REPO", REPO)),
                        help="checkout to benchmark (default: $DIACHIDO_BENCH_REPO or this repo)")
    parser.add_argument("--workdir", type=Path,
                        help="folder in which a fresh work folder is made (default: the temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = [QUICK_SIZE], [1]
    if len(args.runs) not in (1, len(args.sizes)):
        parser.error("--runs takes one number or one per size")
    args.runs_list = args.runs * len(args.sizes) if len(args.runs) == 1 else args.runs
    args.repo = args.repo.resolve()
    if not (args.repo / "generator" / "__main__.py").is_file():
        parser.error(f"--repo {args.repo} has no generator/ package")
    return args


def _terminate(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM ends like Ctrl-C: the running build is killed and the work folder removed.
    signal.signal(signal.SIGTERM, _terminate)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    # Always a fresh folder of our own (inside --workdir if given): only it is ever deleted.
    workdir = Path(tempfile.mkdtemp(prefix="diachido-bench-", dir=args.workdir)).resolve()
    started = time.perf_counter()
    try:
        precompile(args.repo)
        if args.profile:
            return profile(args.profile, args, workdir)
        peers_state = {} if args.no_peers else available()
        results: list[SizeResult] = []
        for n, runs in zip(args.sizes, args.runs_list, strict=True):
            results.append(measure_size(n, runs, args, workdir))
            if len(results) < len(args.sizes):  # a partial table, in case a long run is cut
                print(render_table(results, args, peers_state, partial=True), file=sys.stderr)
        print(render_table(results, args, peers_state))
        print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
        return 1 if any(r.failed for r in results) else 0
    except BenchError as err:
        print(f"benchmark failed: {err}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            progress(f"work folder kept: {workdir}")
