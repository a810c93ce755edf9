"""`serve`'s first pages: the ones a person is looking at, in place before the rest of a rebuild.

A title edit at 1,000 sites changes a plate, `all.pdf`, the map and both indexes: about a second
of work, of which the browser needs only the edited page. So once every input is validated, the
pages `Early.wanted` names are rendered and committed first (in place, behind the journal, like
any small rebuild), the browser is told, and the rest of the build follows. Their manifest rows
are updated in memory, so the rest reuses them instead of writing them twice; should the rest
fail, the manifest on disk still holds their old rows and the next build makes them again.

A save that arrives meanwhile supersedes the rest: at 10,000 sites the rest takes seconds, and
finishing it first would make every following save wait for it. The build stops before its
commit (`Superseded`), leaving `build/` as the early commit left it, and serve starts again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.outputs.inplace import in_place
from generator.outputs.manifest import Manifest
from generator.outputs.plan import Output, produce_into

MAX_EARLY = 24  # pages; past this, they are no longer what one person looks at


class Superseded(Exception):
    """Newer saves are waiting: the rest of this build would be thrown away."""


@dataclass(frozen=True)
class Early:
    slugs: frozenset[str]  # the entries saved: their pages in every language
    files: frozenset[str]  # pages the browser showed last (output paths)
    done: Callable[[list[str]], None]  # they are in place: reload the browser
    superseded: Callable[[], bool] = lambda: False  # newer saves are waiting

    def wanted(self, path: str, group: str) -> bool:
        return path.endswith(".html") and (group in self.slugs or path in self.files)

    def check(self) -> None:
        if self.superseded():
            raise Superseded


def commit_early(out: Path, outputs: list[Output], manifest: Manifest, early: Early) -> None:
    """Commit the wanted pages whose key changed; only pages the last build already wrote, into
    the folder it wrote them to (a new page may need folders the rest of the build makes)."""
    if not manifest.describes(out):
        return
    todo = [output for output in outputs
            if output.produce is not None and output.path in manifest.outputs
            and early.wanted(output.path, output.group)
            and manifest.reusable(output.path, output.key, out) is None]
    if not todo or len(todo) > MAX_EARLY:
        return
    with in_place(out, manifest.journal, [output.path for output in todo], []) as stage:
        written = produce_into(stage, todo, 1)
    for output in todo:
        manifest.outputs[output.path] = [output.key, *written[output.path]]
    early.done(sorted(written))
