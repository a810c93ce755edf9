"""GoatCounter's CSV export (version 2; https://www.goatcounter.com/help/export): a header
`2Path,Title,Event,UserAgent,Browser,System,Session,Bot,Referrer,Referrer scheme,Screen size,
Location,FirstVisit,Date`, one pageview a row. GoatCounter already dropped the address and
judged bots (`Bot` ≠ 0); its `Session` id stands in for the visitor. Paths are the `p=` the
pixel sent (`/q/NT01`), relative to the site, so the base path is put in front of them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from generator.stats.hits import Hit, Skip

NEEDED = ("Path", "Event", "Session", "Bot", "Date")


def detect(line: str) -> bool:
    head = line.lstrip("\ufeff").split(",", 2)
    return len(head) > 1 and (head[0] in ("2Path", "1Path") or
                              (head[0] == "2" and head[1] == "Path"))


def rows(stream: io.TextIOBase, base_path: str) -> Iterator[Hit | None]:
    """Hits in file order; None for a row that is malformed (counted as skipped)."""
    reader = csv.reader(stream)
    try:
        header = next(reader, [])
    except csv.Error:
        raise Skip from None
    if header[:2] == ["2", "Path"]:
        header = ["2Path", *header[2:]]
    names = [name.lstrip("\ufeff") for name in header]
    names[0] = names[0].lstrip("0123456789")  # the version digit in front of "Path"
    where = {name: index for index, name in enumerate(names)}
    if any(name not in where for name in NEEDED):
        raise Skip
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a huge field, a NUL byte, a stray quote
            yield None
            continue
        if not row:
            continue
        try:
            yield _hit(row, where, number, base_path)
        except (Skip, IndexError, ValueError, OverflowError):
            yield None


def _hit(row: list[str], where: dict[str, int], number: int, base_path: str) -> Hit:
    if row[where["Event"]].strip().lower() in ("true", "1"):
        raise Skip  # an event, not a pageview
    path = row[where["Path"]]
    if not path.startswith("/") or any("\udc80" <= c <= "\udcff" for c in path):
        raise Skip
    when = dt.datetime.fromisoformat(row[where["Date"]].strip())
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    session = row[where["Session"]].strip() or f"row-{number}"
    bot = row[where["Bot"]].strip() not in ("", "0")
    return Hit(int(when.timestamp()), session, "GET", base_path + path, 200, None, bot)
