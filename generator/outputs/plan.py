"""The plan's unit: one output file with the key that decides whether it must be made again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.outputs.pool import map_in_workers


@dataclass(frozen=True)
class Output:
    path: str
    key: str
    produce: Callable[[], bytes] | None = field(default=None, compare=False)
    source: Path | None = None  # an existing file to publish as is (static asset, cached media)
    copy: bool = False  # copy `source` instead of hard-linking it (editors' files may change)
    group: str = ""  # pages of one entry share rendered bodies: rendered by the same worker


class Stage(Protocol):
    def write(self, rel: str, data: bytes) -> tuple[int, int]: ...


def produce_into(stage: Stage, outputs: list[Output], workers: int,
                 tick: Callable[[], None] | None = None) -> dict[str, tuple[int, int]]:
    """Each output produced and written into `stage` by the worker that rendered it, so no page
    travels back through a pipe. Returns each written path's (size, mtime_ns)."""

    def make(output: Output) -> tuple[int, int]:
        assert output.produce is not None, output.path
        return stage.write(output.path, output.produce())

    sizes = map_in_workers(make, outputs, workers, tick=tick)
    return {output.path: size for output, size in zip(outputs, sizes, strict=True)}
