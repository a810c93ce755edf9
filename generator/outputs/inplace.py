"""Small rebuilds written straight into `build/`, made crash-safe by a journal.

Re-creating a 1,000-site tree in staging (thousands of folders and hard links) costs seconds on
a slow disk, for an edit that changes a dozen files. So when few files change, each new file is
written beside its target under a hidden temporary name, and the set of renames is recorded in a
journal (in the cache folder) before the first one happens. The renames themselves take
milliseconds and run with Ctrl-C held. If the process is killed in between, the next diachido
run finishes them (journal "commit") or removes the temporary files (journal "write"), so every
run starts from either the whole old tree or the whole new one.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from generator.outputs.atomic import write_atomic
from generator.outputs.staging import FileWriter, committing, os_error, signals_deferred
from generator.outputs.staging import recover as recover_staged

TEMP_SUFFIX = ".diachido-new"


def _temp(rel: str) -> str:
    folder, _, name = rel.rpartition("/")
    return f"{folder}/.{name}{TEMP_SUFFIX}" if folder else f".{name}{TEMP_SUFFIX}"


class InPlace(FileWriter):
    """Same interface as output.Staging: write/link, then commit or abort."""

    def __init__(self, out: Path, journal: Path, changed: list[str], removed: list[str]):
        self.out, self.journal = out, journal
        self.changed, self.removed = sorted(changed), sorted(removed)
        self.new_dirs = sorted({str(Path(rel).parent) for rel in self.changed
                                if not (out / rel).parent.is_dir()}, key=lambda d: d.count("/"))

    def open(self) -> None:
        recover_staged(self.out)
        self._save("write")

    def _save(self, state: str) -> None:
        write_atomic(self.journal, json.dumps({
            "out": str(self.out), "state": state, "changed": self.changed,
            "removed": self.removed, "new_dirs": self.new_dirs,
        }), durable=True)

    def _place(self, rel: str) -> Path:
        target = self.out / _temp(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a link cannot replace a file
        return target

    def commit(self) -> None:
        try:
            self._save("commit")
            _finish(self.out, self.changed, self.removed)
            self.journal.unlink()
        except OSError as err:
            raise os_error(err, self.out) from err

    def abort(self) -> None:
        _undo(self.out, self.changed, self.new_dirs)
        self.journal.unlink(missing_ok=True)


def _finish(out: Path, changed: list[str], removed: list[str]) -> None:
    for rel in changed:
        temp = out / _temp(rel)
        if temp.exists():
            os.replace(temp, out / rel)
    for rel in removed:
        (out / rel).unlink(missing_ok=True)
        _prune(out, (out / rel).parent)


def _undo(out: Path, changed: list[str], new_dirs: list[str]) -> None:
    for rel in changed:
        (out / _temp(rel)).unlink(missing_ok=True)
    for folder in reversed(new_dirs):
        _prune(out, out / folder)


def _prune(out: Path, folder: Path) -> None:
    """Remove `folder` and its parents while they are empty, never `out` itself."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def recover(journal: Path) -> None:
    """Finish or undo an in-place rebuild that was killed half-way."""
    try:
        state = json.loads(journal.read_text("utf-8"))
        out = Path(state["out"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    with signals_deferred():
        if state.get("state") == "commit":
            _finish(out, state["changed"], state["removed"])
        else:
            _undo(out, state["changed"], state["new_dirs"])
        journal.unlink(missing_ok=True)


def in_place(out: Path, journal: Path, changed: list[str],
             removed: list[str]) -> contextlib.AbstractContextManager[FileWriter]:
    """`with in_place(...) as stage:` commits on success, undoes on any exception or Ctrl-C."""
    return committing(InPlace(out, journal, changed, removed))
