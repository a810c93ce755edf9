"""What the previous build wrote, so the next one can reuse files and skip unchanged work.

Kept in the cache folder (never deployed). Each output path maps to the key it was made from and
the (size, mtime) it had, so a file edited or deleted by hand is never mistaken for reusable.

"Nothing changed" is decided from the inputs' stamps (digests.stamp), as git decides from its
index; and, as git does for "racily clean" entries, an input that changed a moment before its
stamp was taken is also recorded by content, since a second same-size save within the same clock
tick would leave its stamp as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.outputs.atomic import write_atomic
from generator.outputs.digests import file_digest, identity


@dataclass(frozen=True)
class Inputs:
    """What a build was made from: a digest of every input's stamp and the options, and the
    content digests of the inputs whose stamps were racy (digests.settled) when taken."""

    digest: str
    racy: dict[str, str] = field(default_factory=dict)

    def still(self) -> bool:
        """Every racy input still holds the bytes it held."""
        for path, digest in self.racy.items():
            try:
                if file_digest(Path(path)) != digest:
                    return False
            except OSError:
                return False
        return True


@dataclass
class Manifest:
    file: Path
    inputs: Inputs = Inputs("")
    out_stat: list = field(default_factory=list)  # (inode, mtime) of the output folder
    outputs: dict[str, list] = field(default_factory=dict)  # path → [key, size, mtime_ns]
    kept: dict[str, list] = field(default_factory=dict, repr=False)  # [size, mtime] known
    # What stays true of the output while nothing changes, for a run that finds nothing to do
    # to say again: {"sample_plates": base_url} when the plates are samples (not to print).
    notes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, cache_dir: Path, out: Path) -> Manifest:
        name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        file = cache_dir / f"manifest-{name}.json"
        kept = _saved.get(file)
        if kept is not None and kept[0] is not None and kept[0] == identity(file):  # serve
            inputs, out_stat, outputs, notes = kept[1]
            return cls(file, inputs, list(out_stat), dict(outputs), notes=dict(notes))
        try:
            before = identity(file)
            data = json.loads(file.read_text("utf-8"))
            inputs = Inputs(str(data["inputs"]), {str(k): str(v) for k, v in data["racy"].items()})
            manifest = cls(file, inputs, data["out_stat"], data["outputs"],
                           notes=dict(data.get("notes", {})))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(file)
        if before is not None and before == identity(file):  # not replaced while read
            _saved[file] = (before, (manifest.inputs, manifest.out_stat, dict(manifest.outputs),
                                     dict(manifest.notes)))
        return manifest

    @property
    def journal(self) -> Path:
        """Where an in-place rebuild records its renames (output_inplace.py)."""
        return self.file.with_suffix(".journal")

    def describes(self, out: Path) -> bool:
        """`out` is still the folder this manifest was written for (not replaced or moved)."""
        return bool(self.outputs) and self.out_stat[:1] == _dir_stat(out)[:1]

    def keep_rows(self, paths: set[str], written: dict[str, tuple[int, int]]) -> None:
        """Sizes and times `save` need not stat again: reused files are untouched, and the
        writers report what they wrote (a rename keeps both)."""
        self.kept = {p: self.outputs[p][1:] for p in paths if p in self.outputs}
        self.kept.update((p, list(stat)) for p, stat in written.items())

    def fresh(self, inputs: Inputs, out: Path) -> bool:
        """Nothing changed since the last build, and its output is still in place."""
        return (bool(self.inputs.digest) and self.inputs.digest == inputs.digest
                and self.out_stat == _dir_stat(out) and self.inputs.still())

    def reusable(self, path: str, key: str, out: Path) -> str | None:
        """The previous build's file for `path`, if it was made from the same key."""
        row = self.outputs.get(path)
        if not row or row[0] != key:
            return None
        old = os.path.join(out, path)  # a str: pathlib's parsing was most of 50,000 calls
        try:
            stat = os.stat(old)
        except OSError:
            return None
        return old if [stat.st_size, stat.st_mtime_ns] == row[1:] else None

    def save(self, inputs: Inputs, out: Path, keys: dict[str, str],
             notes: dict[str, str] | None = None) -> None:
        outputs = {}
        for path, key in keys.items():
            if path in self.kept:
                outputs[path] = [key, *self.kept[path]]
                continue
            stat = (out / path).stat()
            outputs[path] = [key, stat.st_size, stat.st_mtime_ns]
        self.inputs, self.out_stat, self.outputs = inputs, _dir_stat(out), outputs
        self.notes = dict(notes or {})
        write_atomic(self.file, json.dumps({"inputs": inputs.digest, "racy": inputs.racy,
                                            "out_stat": self.out_stat, "outputs": outputs,
                                            "notes": self.notes}, sort_keys=True))
        _saved[self.file] = (identity(self.file), (inputs, self.out_stat, outputs,
                                                   dict(self.notes)))


# The manifest this process read or wrote last, by the identity of that file: reading 50,000
# rows of JSON back was a fifth of serve's time to the first page at 10,000 sites. Any other
# writer replaces the file (a new inode, size or time), and it is read from disk again.
_saved: dict[Path, tuple[tuple[int, int, int, int] | None,
                         tuple[Inputs, list, dict, dict]]] = {}


def _dir_stat(out: Path) -> list:
    try:
        stat = out.stat()
    except OSError:
        return []
    return [stat.st_ino, stat.st_mtime_ns]
