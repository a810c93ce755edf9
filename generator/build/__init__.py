"""The pipeline, phase by phase: config → entries → images → plan → produce → commit.

Nothing is written until every input has been validated; then the site is produced into a
staging folder and swapped in whole (outputs/staging.py). Unchanged files are hard-linked from the
previous build, and an untouched project exits before the heavy libraries are even imported.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.build.load import Loaded, load
from generator.build.options import (
    CACHE_DIR,
    PACKAGE_DIR,
    Options,
    Result,
    check_superseded,
    theme_dir,
)
from generator.build.plan import plan
from generator.outputs.digests import file_digest, settled, tree_stat
from generator.outputs.manifest import Inputs, Manifest
from generator.outputs.pool import counter
from generator.problems import Problem, Problems, UserError

if TYPE_CHECKING:
    from generator.render.pages import Pages

__all__ = ["Options", "Result", "build_site", "theme_dir"]


def build_site(options: Options) -> Result:
    """Build (or with `check_only`, validate and render in memory). Raises UserError."""
    started = time.perf_counter()
    root, out = options.root.resolve(), options.out.resolve()
    _check_out_dir(root, out)
    cache_dir = root / CACHE_DIR
    with _lock(cache_dir):
        manifest = Manifest.load(cache_dir, out)
        if manifest.journal.exists():  # an in-place rebuild was killed half-way
            from generator.outputs.inplace import recover

            recover(manifest.journal)
        inputs = _fingerprint(root, options)
        if not options.check_only and manifest.fresh(inputs, out):
            if options.warm:  # serve's start: the model in memory before the first save
                load(root, options, cache_dir, Problems())
            return Result(unchanged=True, seconds=time.perf_counter() - started,
                          sample_plates=manifest.notes.get("sample_plates", ""))
        result = _run(root, out, options, manifest, inputs, cache_dir)
    result.seconds = time.perf_counter() - started
    return result


def _run(root: Path, out: Path, options: Options, manifest: Manifest, inputs: Inputs,
         cache_dir: Path) -> Result:
    problems = Problems()
    loaded = load(root, options, cache_dir, problems)
    # The model lives as long as the build: the collector need not walk it again and again
    # (at 10,000 sites each full pass took a tenth of a second), and forked workers share it.
    gc.freeze()
    try:  # what parsed is kept even when a later check fails: the next run parses only edits
        return _produce(root, out, options, manifest, inputs, cache_dir, loaded, problems)
    finally:
        gc.unfreeze()
        loaded.parsed.save()


def _produce(root: Path, out: Path, options: Options, manifest: Manifest, inputs: Inputs,
             cache_dir: Path, loaded: Loaded, problems: Problems) -> Result:
    """Phases 2 and 3: plan (serve's first pages on the way), then produce and commit."""
    from generator.content.registry import append_new_codes
    from generator.outputs.commit import commit_outputs
    from generator.outputs.early import commit_early

    _stop_on_errors(problems)

    def first(pages: Pages) -> None:  # every input is valid: show serve's pages now
        if options.early and not options.check_only:
            early = options.early
            commit_early(out, pages.shown(early.slugs, early.files), manifest, early)
            check_superseded(options)

    outputs, plates = plan(root, loaded, options, cache_dir, problems, first)
    _stop_on_errors(problems)
    result = Result(len(loaded.site.entries), len(loaded.site.drafts), warnings=problems.warnings,
                    plates=len(plates.rows) if plates else 0,
                    sample_plates=loaded.site.config.base_url if plates and plates.sample else "")
    if options.check_only:
        for output in outputs:
            if output.produce:
                output.produce()
        _check_existing_build(out, loaded.site.config.base_path, problems)
        result.warnings = problems.warnings
        _stop_on_errors(problems)
        return result
    check_superseded(options)
    keys, result.reused, result.changed = commit_outputs(  # serve: a newer save stops it too
        out, outputs, manifest, options.workers,
        lambda total: counter(options.progress, "pages", total, options.early.check
                              if options.early else None))
    result.written = len(outputs) - result.reused
    result.new_codes = append_new_codes(root, loaded.site, loaded.records, loaded.new_points)
    if result.new_codes:
        inputs = _fingerprint(root, options)
    manifest.save(inputs, out, keys,
                  {"sample_plates": result.sample_plates} if result.sample_plates else {})
    loaded.cache.save_index()
    loaded.cache.clean()
    return result


def _check_existing_build(out: Path, base_path: str, problems: Problems) -> None:
    """`check` also proves the last build's links, images, aliases and QR targets resolve."""
    from generator.outputs.linkcheck import check_links

    if out.is_dir():
        for broken in check_links(out, base_path):
            problems.add("broken-link", f"{out.name}/{broken.page}", url=broken.url)


def _stop_on_errors(problems: Problems) -> None:
    if problems.errors:
        raise UserError(problems.errors + problems.warnings)


def _check_out_dir(root: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources."""
    protected = [root, root / "sites", root / "media", root / "theme", root / ".git"]
    if out in protected or out in root.parents or any(p in out.parents for p in protected[1:]):
        raise UserError([Problem("bad-out-dir", params=(("out", str(out)),))])


def _fingerprint(root: Path, options: Options) -> Inputs:
    from generator.content.config import CONFIG_NAME
    from generator.content.registry import REGISTRY_NAME

    content = [root / "sites", root / "media", root / "trails", root / CONFIG_NAME,
               root / REGISTRY_NAME]
    linked = [theme_dir(root), PACKAGE_DIR]  # the theme's files are hard-linked into build/
    rows = tree_stat([p for p in content if p.exists()])
    rows += tree_stat([p for p in linked if p.exists()], ctime=False)
    state = [__version__, str(options.base_url), options.plates, options.strict, str(options.out),
             rows]
    racy = {row[0]: file_digest(Path(row[0])) for row in rows if not settled(row[1:])}
    return Inputs(hashlib.sha256(json.dumps(state).encode()).hexdigest(), racy)


@contextlib.contextmanager
def _lock(cache_dir: Path) -> Iterator[None]:
    """One build at a time per project (serve and a manual build must not interleave)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
