"""Phase 3 of a build: produce the outputs whose keys changed and commit them to `build/`.

A large change is produced into a staging folder that replaces `build/` whole (staging.py); a
small one is written beside its targets and renamed over them behind a journal (inplace.py),
which takes milliseconds instead of re-creating thousands of folders.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.outputs.inplace import in_place
from generator.outputs.manifest import Manifest
from generator.outputs.plan import Output, produce_into
from generator.outputs.staging import staged


def commit_outputs(out: Path, outputs: list[Output], manifest: Manifest, workers: int,
                   ticker: Callable[[int], Callable[[], None]]
                   ) -> tuple[dict[str, str], int, frozenset[str]]:
    """Produce what changed and commit it: into a staging folder swapped in whole, or, for a
    small change, straight into `build/` behind a journal (inplace.py). `ticker(total)` gives
    the tick for each page produced. Returns (key of every output, files reused, paths written or
    removed)."""
    outputs = sorted(outputs, key=lambda o: o.path)
    keys: dict[str, str] = {}
    reuse: dict[str, str] = {}
    for output in outputs:
        if output.path in keys:
            raise AssertionError(f"two producers for {output.path}")
        keys[output.path] = output.key
        previous = manifest.reusable(output.path, output.key, out)
        if previous is not None:
            reuse[output.path] = previous
    todo = sorted((o for o in outputs if o.path not in reuse and o.source is None),
                  key=lambda o: (not o.slow, o.group, o.path))
    changed = [o.path for o in outputs if o.path not in reuse]
    removed = sorted(set(manifest.outputs) - set(keys))
    small = _small_change(out, manifest, changed, removed, len(outputs))
    commit = (in_place(out, manifest.journal, changed, removed) if small else staged(out))
    with commit as stage:
        written = produce_into(stage, todo, workers, ticker(len(todo)))
        for output in outputs:
            if output.path in reuse:
                if not small:
                    stage.link(output.path, Path(reuse[output.path]))
            elif output.source is not None:
                stage.link(output.path, output.source, output.copy)
    manifest.keep_rows(set(reuse), written)
    return keys, len(reuse), frozenset(changed + removed)



IN_PLACE_MAX = 200  # files; more than this and the staging copy is no longer the slow part


def _small_change(out: Path, manifest: Manifest, changed: list[str], removed: list[str],
                  total: int) -> bool:
    """Few files change, `build/` is the one the manifest describes, and no new file would land
    where a folder is (or below a file)."""
    count = len(changed) + len(removed)
    if not manifest.describes(out) or count > min(IN_PLACE_MAX, total // 10):
        return False
    for rel in changed:
        if rel not in manifest.outputs:
            target = out / rel
            if target.is_dir() or any(p.exists() and not p.is_dir()
                                      for p in target.parents if out in p.parents):
                return False
    return True


