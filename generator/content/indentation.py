"""Find the line whose indentation broke a YAML document, from the document's own lines.

PyYAML reports where it gave up ("did not find expected '-' indicator", "mapping values are
not allowed here"), which for an indentation slip reads as a quote or colon problem. Here the
lines are read the way an editor aligns them: every key of one mapping (one list item) starts
at the same column. A key line that starts at no open mapping's column is the one to fix, and
the column it should start at is its siblings'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A key as this project writes them (snake_case), after an optional list dash.
_KEY = re.compile(r"^(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(?P<value>.*))?$")
_DASH = re.compile(r"^-(?:[ ]+|$)")
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?[0-9]?[ ]*(?:#.*)?$")


@dataclass(frozen=True)
class Misindented:
    """Line `index` (0-based) starts at column `found`; it should start at `expected`, like
    its sibling `sibling` on line `sibling_index`."""

    index: int
    key: str
    found: int
    expected: int
    sibling: str
    sibling_index: int


@dataclass
class _Level:
    column: int  # where this mapping's keys (or this list's dashes) start
    is_list: bool
    last: tuple[str, int]  # the latest key (or "-") at this column, and its line


def find(lines: Sequence[str], upto: int) -> Misindented | None:
    """The first key line at or before `upto` that fits no open mapping or list, else None
    (the YAML error is something else)."""
    levels = [_Level(0, False, ("", -1))]
    opens = False  # the previous key had no value on its line: a nested block may follow
    skip_deeper_than: int | None = None  # inside a block scalar (`|`, `>`)
    closing = ""  # inside a quoted or bracketed value spanning lines: what ends it
    for index, line in enumerate(lines[: upto + 1]):
        content = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if not content or content.startswith("#"):
            continue
        if skip_deeper_than is not None:
            if indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if closing:
            if closing in content:
                closing = ""
            continue
        match = _KEY.match(content)
        if match is None and not _DASH.match(content):
            continue  # a plain value's continuation line: no column of its own
        dash = bool(match["dash"]) if match else True
        key = match["key"] if match else "-"
        key_column = indent + (len(match["dash"] or "") if match else 0)
        if opens and (indent > levels[-1].column or (dash and indent == levels[-1].column)):
            if dash:
                levels.append(_Level(indent, True, ("-", index)))
            else:
                levels.append(_Level(indent, False, (key, index)))
        else:
            columns = [lv for lv in levels if lv.is_list == dash]
            same = [lv for lv in columns if lv.column == indent]
            if not same:
                return _misindented(lines, index, key, indent, columns)
            while levels[-1] is not same[-1]:
                levels.pop()
            levels[-1].last = ("-" if dash else key, index)
        if dash and match:  # `- key: …` opens the item's mapping at the key's column
            levels.append(_Level(key_column, False, (key, index)))
        value = (match["value"] or "").strip() if match else content[1:].strip()
        opens = not value or value.startswith("#")
        if _BLOCK_SCALAR.match(value):
            skip_deeper_than, opens = key_column if match else indent, False
        elif value and value[0] in "\"'[{":
            closing = _unclosed(value)
    return None


def _misindented(lines: Sequence[str], index: int, key: str, indent: int,
                 columns: Sequence[_Level]) -> Misindented | None:
    """Over-indented: the innermost level's column; between two levels: the deeper one (the
    line is most often aligned with the line above it). The sibling named is the latest key at
    that column, or (for the document's first line) the next one."""
    if not columns:
        return None
    deeper = [lv for lv in columns if lv.column > indent]
    level = deeper[0] if deeper else columns[-1]
    sibling, sibling_index = level.last
    if sibling_index < 0:
        after = ((n, _KEY.match(lines[n].strip())) for n in range(index + 1, len(lines))
                 if len(lines[n]) - len(lines[n].lstrip(" ")) == level.column)
        sibling, sibling_index = next(((m["key"], n) for n, m in after if m), ("", -1))
    if sibling_index < 0:
        return None
    return Misindented(index, key, indent, level.column, sibling, sibling_index)


_CLOSERS = {'"': '"', "'": "'", "[": "]", "{": "}"}


def _unclosed(value: str) -> str:
    """What closes a quoted or bracketed value that does not end on its own line, or ""."""
    opener = value[0]
    if opener in "[{":
        depth = sum(value.count(c) for c in "[{") - sum(value.count(c) for c in "]}")
        return _CLOSERS[opener] if depth > 0 else ""
    rest = value[1:].replace("\\\\", "").replace('\\"', "") if opener == '"' else \
        value[1:].replace("''", "")
    return "" if opener in rest else opener
