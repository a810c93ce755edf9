"""The plan's unit: one output file with the key that decides whether it must be made again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.outputs.pool import PARALLEL_FROM, map_in_workers


@dataclass(frozen=True)
class Output:
    path: str
    key: str
    produce: Callable[[], bytes] | None = field(default=None, compare=False)
    source: Path | None = None  # an existing file to publish as is (static asset, cached media)
    copy: bool = False  # copy `source` instead of hard-linking it (editors' files may change)
    group: str = ""  # pages of one entry share rendered bodies: rendered by the same worker
    slow: bool = False  # seconds of work (all.pdf): handed out first, so the rest runs beside it


class Stage(Protocol):
    def write(self, rel: str, data: bytes) -> tuple[int, int]: ...


def produce_into(stage: Stage, outputs: list[Output], workers: int,
                 tick: Callable[[], None] | None = None) -> dict[str, tuple[int, int]]:
    """Each output produced and written into `stage` by the worker that rendered it, so no page
    travels back through a pipe. Returns each written path's (size, mtime_ns)."""

    def make(output: Output) -> tuple[int, int]:
        assert output.produce is not None, output.path
        return stage.write(output.path, output.produce())

    # A slow output is worth forking for even beside a handful of pages (one title changed).
    few = 2 if any(output.slow for output in outputs) else PARALLEL_FROM
    sizes = map_in_workers(make, outputs, workers, min_items=few, tick=tick)
    return {output.path: size for output, size in zip(outputs, sizes, strict=True)}
