"""Which plate code to propose: the one rule for `diachido new`, the web editor and the build,
and the short list of codes a form can show at any size."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

DEFAULT_PREFIX = "NT"
_CODE_PARTS = re.compile(r"^([A-Z]{2,4})([0-9]{2,4})$")


def code_order(code: str) -> tuple[str, int]:
    """Sites by code, each followed by its points by number: NT01, NT01-2, NT01-10, NT02."""
    site, _, number = code.partition("-")
    return site, int(number) if number.isdigit() else 0


def next_free_code(taken: Iterable[str], own: Iterable[str] = ()) -> str:
    """The code to propose for a new site, the one rule for `diachido new` and the build.

    A code registered to this very slug and not in use (a re-created entry) comes first. Else
    one past the highest number of the most used prefix: never a gap below it, since a plate
    may have been printed from a preview build whose registry never landed.
    """
    mine = sorted(own)
    if mine:
        return mine[0]
    numbers: dict[str, list[int]] = defaultdict(list)
    for code in taken:
        match = _CODE_PARTS.match(code)
        if match:
            numbers[match[1]].append(int(match[2]))
    prefix = max(sorted(numbers), key=lambda p: len(numbers[p]), default=DEFAULT_PREFIX)
    return f"{prefix}{max(numbers.get(prefix, [0])) + 1:02d}"


def highest_codes(taken: Iterable[str]) -> list[str]:
    """The highest code of each prefix (NT12, BH03): what a form can show at any size."""
    best: dict[str, tuple[int, str]] = {}
    for code in taken:
        match = _CODE_PARTS.match(code)
        if match and (int(match[2]), code) > best.get(match[1], (-1, "")):
            best[match[1]] = (int(match[2]), code)
    return [best[prefix][1] for prefix in sorted(best)]
