"""Permanent codes for points of interest: `<site code>-<n>` (NT01-1, NT01-2, …).

The rules are the site codes' (content/registry.py), one level down, and they live in the same
file: under its site's record, `codes.yml` lists every number ever issued,

    NT01:
      slug: dia-dao-nhon-trach
      issued: 2026-11-29
      points:
        1: {id: loi-vao, issued: 2026-11-30}
        2: {id: bep-hoang-cam, issued: 2026-11-30, retired: {notice: "…"}}

- a point finds its number by its `id`, or by a `code: NT01-2` written on it (which is how a
  renamed point keeps its number: the registry keeps the id the number was issued for);
- a new point gets one past the highest number ever issued for the site, never a gap, and the
  build appends it (`register_points`), so a number is never reused;
- a registered number that no point holds any more is an error until it is `retired`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from generator.content.fields import SLUG_RE, Ctx
from generator.content.model import Entry, Point, Site
from generator.content.points import POINT_CODE_RE
from generator.problems import Invalid, Problems

REGISTRY_NAME = "codes.yml"
DATE_KEYS = ("installed", "last_inspected")
PLATE_KEYS = {*DATE_KEYS, "material", "size", "location"}  # as under a site's `plate:`


@dataclass(frozen=True)
class PointRecord:
    """One issued point number under a site's record in codes.yml."""

    number: int
    id: str  # the id the number was issued for
    issued: dt.date | None = None
    notice: str = ""  # retired: what its QR shows (with a link to the site)
    retired: bool = False
    plate: tuple[tuple[str, object], ...] = ()  # its plate's life, as for a site's plate

    def plate_info(self) -> dict[str, object]:
        return dict(self.plate)


def point_code(site_code: str, number: int) -> str:
    return f"{site_code}-{number}"


def point_records(value: Any, ctx: Ctx) -> tuple[PointRecord, ...]:
    """The `points:` mapping of a site's record: number → {id, issued, retired: {notice}}."""
    if not isinstance(value, dict):
        raise Invalid("registry-bad-points")
    records = []
    for key, item in value.items():
        # The loader gives mapping keys as text: "1".
        number = int(key) if re.fullmatch(r"[1-9][0-9]{0,2}", str(key)) else 0
        if not number or not isinstance(item, dict) or \
                not SLUG_RE.match(str(item.get("id", ""))) or \
                set(item) - {"id", "issued", "retired", "plate"}:
            raise Invalid("registry-bad-points", point=str(key))
        retired, plate = item.get("retired"), item.get("plate", {})
        if retired is not None and (not isinstance(retired, dict) or set(retired) - {"notice"}):
            raise Invalid("registry-bad-points", point=str(key))
        if not isinstance(plate, dict) or set(plate) - PLATE_KEYS or any(
                not isinstance(plate[k], dt.date) for k in DATE_KEYS if k in plate):
            raise Invalid("registry-bad-points", point=str(key))
        issued = item.get("issued")
        records.append(PointRecord(number, str(item["id"]),
                                   issued if isinstance(issued, dt.date) else None,
                                   str((retired or {}).get("notice", "")).strip(),
                                   retired is not None, tuple(sorted(plate.items()))))
    return tuple(sorted(records, key=lambda r: r.number))


@dataclass(frozen=True)
class Issued:
    """The point numbers of one site after reconciling: every point's code, and the new ones."""

    points: tuple[Point, ...]  # with `code` filled in
    new: tuple[tuple[int, str], ...]  # (number, id) to register


def assign(entry: Entry, registered: Iterable[PointRecord], line: int,
           problems: Problems, complete: bool) -> Issued:
    """Give each point of `entry` its permanent number (see the module's rules).

    `line` is the site's record in codes.yml (or 1); `complete`: every entry validated, so a
    registered number no point holds is really gone (not merely in a broken file)."""
    records = {record.number: record for record in registered}
    by_id = {r.id: n for n, r in records.items() if not r.retired}
    numbers: dict[str, int] = {}
    for point in entry.points:
        number = _number(point.code) if point.code else by_id.get(point.id, 0)
        if point.code and not point.code.startswith(f"{entry.code}-"):
            problems.add("point-code-other-site", entry.path, point.line, code=point.code,
                         id=point.id, site=entry.code)
        elif number in records and records[number].retired:
            problems.add("point-code-retired", entry.path, point.line,
                         code=point_code(entry.code, number), id=point.id)
        numbers[point.id] = number
    _check_unique(entry, records, numbers, problems)
    next_number = max([*records, *numbers.values(), 0]) + 1
    # A number an editor wrote on a new point is registered too, so it is never reused.
    new = [(n, point_id) for point_id, n in numbers.items() if n and n not in records]
    for point in entry.points:
        if not numbers[point.id]:
            numbers[point.id] = next_number
            new.append((next_number, point.id))
            next_number += 1
    new.sort()
    held = set(numbers.values())
    for number, record in sorted(records.items()):
        if complete and number not in held and not record.retired:
            renamed = sorted(p.id for p in entry.points if p.id not in by_id and not p.code)
            problems.add("point-code-missing", REGISTRY_NAME, line,
                         code=point_code(entry.code, number), id=record.id, path=entry.path,
                         suggestion=renamed[0] if renamed else "")
    return Issued(tuple(replace(p, code=point_code(entry.code, numbers[p.id]))
                        for p in entry.points), tuple(new))


def _check_unique(entry: Entry, records: dict[int, PointRecord], numbers: dict[str, int],
                  problems: Problems) -> None:
    """Two points with one number: the point it was issued for keeps it (its plate may be on a
    wall), whatever the order of the points; else the first listed keeps it."""
    holders: dict[int, list[Point]] = {}
    for point in entry.points:
        if numbers[point.id]:
            holders.setdefault(numbers[point.id], []).append(point)
    for number, points in sorted(holders.items()):
        record = records.get(number)
        owner = next((p for p in points
                      if record and not record.retired and p.id == record.id), None)
        keeper = owner or points[0]
        for point in points:
            if point is not keeper:
                problems.add("point-duplicate-code" if owner else "point-duplicate-code-new",
                             entry.path, point.line, code=point_code(entry.code, number),
                             id=point.id, owner=keeper.id)


def _number(code: str) -> int:
    match = POINT_CODE_RE.match(code)
    return int(match[2]) if match else 0


def with_points(site: Site, issued: dict[str, Issued]) -> Site:
    """The site with every point's code filled in (entries are frozen: replaced, not edited)."""

    def entry_with(entry: Entry) -> Entry:
        if entry.slug not in issued or not entry.points:  # translations have the same points
            return entry
        codes = {p.id: p.code for p in issued[entry.slug].points}
        texts = {lang: replace(text, points=tuple(replace(p, code=codes[p.id])
                                                   for p in text.points))
                 for lang, text in entry.texts.items()}
        return replace(entry, texts=texts)

    return replace(site, entries=tuple(entry_with(e) for e in site.entries),
                   drafts=tuple(entry_with(e) for e in site.drafts))


_TOP_KEY = re.compile(r"^\S")
_POINTS_KEY = re.compile(r"^(\s+)points:\s*(#.*)?$")


def register_points(text: str, code: str, new: Iterable[tuple[int, str]], issued: str) -> str:
    """`codes.yml` with new point numbers appended under the site `code`'s record.

    Lines are only added (after the record's `points:` block, or as a new one at the end of the
    record), so comments and hand edits are kept, as for site codes."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{code}:"))
    end = start + 1
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines before the next record stay after the insertion
    indent = next((line[:len(line) - len(line.lstrip())] for line in lines[start + 1:end]
                   if line.strip() and not line.lstrip().startswith("#")), "  ")
    block = [f"{indent * 2}{n}: {{id: {point_id}, issued: {issued}}}" for n, point_id in new]
    points_at = next((i for i in range(start + 1, end) if _POINTS_KEY.match(lines[i])), None)
    if points_at is None:
        block.insert(0, f"{indent}points:")
    else:  # after the last line of the existing block, which may not end the record
        end = points_at + 1
        while end < len(lines) and (lines[end].startswith(indent * 2) or not lines[end].strip()):
            end += 1
        while not lines[end - 1].strip():
            end -= 1
    lines[end:end] = block
    return "\n".join(lines)
