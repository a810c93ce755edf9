"""Reading a log or an export: plain or gzip (decompressed as a stream, never to disk), line by
line with a bounded line length, in whichever of the formats its first lines show."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Generator, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Protocol

from generator.stats import caddy, combined, goatcounter, iis
from generator.stats.hits import Hit, Skip

MAX_LINE = 16 * 1024  # longer than any real request line; a longer one is skipped, not kept
PROBE_LINES = 200  # lines read to recognise a format before the file is called unknown


class UnknownFormat(Exception):  # noqa: N818 - named for what the user is told
    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


class Parser(Protocol):
    name: str

    def parse(self, line: str) -> Hit: ...


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _lines(stream: BinaryIO) -> Iterator[str | None]:
    """Text lines without their ending; None for one that is too long, not UTF-8 or binary.
    A truncated or corrupt .gz ends the file with one skipped line."""
    try:
        while raw := stream.readline(MAX_LINE):
            if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):
                    raw = stream.readline(MAX_LINE)
                yield None
                continue
            try:
                text = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                yield None
                continue
            if "\x00" in text:
                yield None
            elif text.strip():
                yield text
    except (EOFError, OSError, zlib.error):
        yield None


def read(path: Path, base_path: str) -> Generator[Hit | None, None, None]:
    """Every request of one file, None for each skipped line. Raises UnknownFormat when none
    of the first lines is in a known format, OSError when the file cannot be read."""
    stream = _open(path)
    with stream:
        lines = _lines(stream)
        probed: list[str | None] = []
        for line in lines:
            probed.append(line)
            if line is None:
                if len(probed) >= PROBE_LINES:
                    break
                continue
            if goatcounter.detect(line):
                yield from (None for _ in probed[:-1])  # lines before the header
                yield from _export(path, base_path)
                return
            parser = _parser_for(line)
            if parser is not None:
                yield from _parsed(parser, chain(probed, lines))
                return
            if len(probed) >= PROBE_LINES:
                break
        if any(line is not None for line in probed):
            raise UnknownFormat(path)
        yield from (None for _ in probed)  # empty, or nothing but unreadable lines


def _parser_for(line: str) -> Parser | None:
    if combined.detect(line):
        return combined.Combined()
    if iis.detect(line):
        return iis.Iis()
    if caddy.detect(line):
        return caddy.Caddy()
    return None


def _parsed(parser: Parser, lines: Iterator[str | None]) -> Iterator[Hit | None]:
    directive = getattr(parser, "directive", None)
    for line in lines:
        if line is None:
            yield None
        elif directive is not None and line.startswith("#"):
            directive(line)
        else:
            try:
                yield parser.parse(line)
            except Skip:
                yield None


def _export(path: Path, base_path: str) -> Iterator[Hit | None]:
    """GoatCounter's CSV may quote newlines inside a field: read with the csv module."""
    with _open(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
        try:
            yield from goatcounter.rows(text, base_path)
        except (Skip, EOFError, OSError, zlib.error, ValueError):
            yield None


def first_time(path: Path, base_path: str) -> int:
    """When a file's first request was made (0 if it has none): rotated files are read
    oldest first whatever order they were named in, so reloads spanning two files merge."""
    hits = read(path, base_path)
    try:
        return next((hit.epoch for hit in hits if hit is not None), 0)
    finally:
        hits.close()
