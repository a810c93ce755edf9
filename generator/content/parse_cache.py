"""Validated entries (and the code registry) from the last build, so an edit re-parses one
file instead of all.

Parsing and validating YAML is most of the load phase (about 0.5 ms per entry, 0.1 ms per
registered code). A value is reused only when the bytes it was read from, the generator's code
and the state of `media/` (which validation checks paths against) are what they were; its
warnings are kept with it and reported again. Values with errors are never stored. The file is a
pickle in the project's own cache folder, which only diachido writes. A process that builds again
(`serve`) keeps what it saved in memory instead of reading the pickle back: values are keyed by
the bytes they were read from, so they stay right whichever process saved last.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from generator.outputs.atomic import write_atomic
from generator.problems import Problem

FILE_NAME = "parsed.pickle"
FORMAT = 1


Rows = dict[str, tuple[Any, tuple[Problem, ...]]]
_saved: dict[Path, tuple[str, Rows]] = {}  # file → (salt, rows) this process saved


class ParseCache:
    def __init__(self, file: Path | None, salt: str):
        self.file, self.salt = file, salt
        self._old: Rows = {}
        self._new: Rows = {}
        if file is None:
            return
        if file in _saved and _saved[file][0] == salt:
            self._old = _saved[file][1]
            return
        try:
            with open(file, "rb") as handle:
                fmt, salt_was, entries = pickle.load(handle)
            if fmt == FORMAT and salt_was == salt:
                self._old = entries
                _saved[file] = (salt, entries)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
                ImportError, IndexError):
            self._old = {}

    @staticmethod
    def key(slug: str, files: dict[str, bytes]) -> str:
        hasher = hashlib.sha256(slug.encode())
        for lang in sorted(files):
            hasher.update(b"\0" + lang.encode() + b"\0" + files[lang])
        return hasher.hexdigest()

    def get(self, key: str) -> tuple[Any, tuple[Problem, ...]] | None:
        hit = self._old.get(key)
        if hit is not None:
            self._new[key] = hit
        return hit

    def put(self, key: str, value: Any, problems: tuple[Problem, ...]) -> None:
        self._new[key] = (value, problems)

    def save(self) -> None:
        """Keep exactly what this build read (a deleted entry's row goes with it)."""
        if self.file is None or (self._new.keys() == self._old.keys()):
            return
        _saved[self.file] = (self.salt, self._new)
        write_atomic(self.file, pickle.dumps((FORMAT, self.salt, self._new),
                                             protocol=pickle.HIGHEST_PROTOCOL))
