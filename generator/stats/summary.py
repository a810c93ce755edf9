"""The tally read for one period: the JSON object scripts get (`--format json`), from which the
CSV, the text summary and the union's report are all made, so they can never disagree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.stats.tally import Tally

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)


@dataclass(frozen=True)
class Plate:
    """A registered code as the report lists it."""

    code: str
    slug: str
    title: str
    installed: dt.date | None = None
    retired: bool = False


@dataclass(frozen=True)
class Period:
    start: dt.date
    until: dt.date  # inclusive

    def previous(self) -> Period:
        """The month before a whole month, else the same number of days just before."""
        if self.start.day == 1 and (self.until + dt.timedelta(days=1)).day == 1:
            until = self.start - dt.timedelta(days=1)
            return Period(until.replace(day=1), until)
        length = self.until - self.start
        until = self.start - dt.timedelta(days=1)
        return Period(until - length, until)

    def days(self) -> range:
        return range(day_number(self.start), day_number(self.until) + 1)


def span(tally: Tally) -> Period | None:
    """The days the input covers, for a run with no --month or --since."""
    days: set[int] = {key[0] for key in (*tally.scans, *tally.views)}
    days |= {key[0] for key in (*tally.typed, *tally.unknown)} | set(tally.bots)
    return Period(day_of(min(days)), day_of(max(days))) if days else None


def summarise(tally: Tally, plates: list[Plate], pages: Mapping[str, str], period: Period,
              silent_days: int) -> dict[str, Any]:
    """`pages` maps a site's slug to its title ("" is the home page)."""
    inside = set(period.days())
    scans: Counter[str] = Counter()
    langs: dict[str, Counter[str]] = {}
    last: dict[str, int] = {}
    for (day, code, lang), count in tally.scans.items():
        if count <= 0:
            continue
        if day in inside:
            scans[code] += count
            langs.setdefault(code, Counter())[lang] += count
        if day <= max(inside):
            last[code] = max(last.get(code, day), day)
    typed = _sum(tally.typed, inside)
    for (day, code), count in tally.typed.items():
        if count > 0 and day <= max(inside):
            last[code] = max(last.get(code, day), day)
    visitors = _sum(tally.plate_visitors, inside)
    rows = [{"code": p.code, "slug": p.slug, "title": p.title, "scans": scans[p.code],
             "visitors": visitors[p.code], "typed": typed[p.code],
             "last_scan": day_of(last[p.code]).isoformat() if p.code in last else None,
             "languages": dict(sorted(langs.get(p.code, Counter()).items()))}
            for p in plates if not p.retired or scans[p.code] or typed[p.code]]
    views: Counter[str] = Counter()
    view_langs: dict[str, Counter[str]] = {}
    for (day, slug, lang), count in tally.views.items():
        if day in inside:
            views[slug] += count
            view_langs.setdefault(slug, Counter())[lang] += count
    page_rows = [{"slug": slug, "title": title, "views": views[slug],
                  "languages": dict(sorted(view_langs.get(slug, Counter()).items()))}
                 for slug, title in pages.items()]
    hours = [sum(tally.hours[(day, hour)] for day in inside) for hour in range(24)]
    return {
        "period": {"from": period.start.isoformat(), "until": period.until.isoformat()},
        "totals": _totals(tally, period),
        "previous": {"from": period.previous().start.isoformat(),
                     "until": period.previous().until.isoformat(),
                     **_totals(tally, period.previous())},
        "plates": rows,
        "pages": page_rows,
        "unknown_codes": dict(sorted(_sum(tally.unknown, inside).items())),
        "silent": silent(plates, last, period.until, silent_days),
        "silent_days": silent_days,
        "hours": hours,
        "skipped_lines": tally.skipped,
        "bots": sum(count for day, count in tally.bots.items() if day in inside),
    }


def _sum(counter: Mapping[tuple[int, str], int], inside: set[int]) -> Counter[str]:
    total: Counter[str] = Counter()
    for (day, key), count in counter.items():
        if day in inside and count > 0:
            total[key] += count
    return total


def _totals(tally: Tally, period: Period) -> dict[str, int]:
    inside = set(period.days())
    return {
        "scans": sum(n for (day, _c, _l), n in tally.scans.items() if day in inside),
        "typed": sum(n for (day, _c), n in tally.typed.items() if day in inside),
        "views": sum(n for (day, _s, _l), n in tally.views.items() if day in inside),
        "visitors": sum(n for day, n in tally.visitors.items() if day in inside),
    }


def silent(plates: list[Plate], last: Mapping[str, int], on: dt.date,
           silent_days: int) -> list[dict[str, str | None]]:
    """Installed plates with no scan for `silent_days` days up to `on`: fallen, faded or
    covered, worth a visit. A plate installed more recently is not judged yet."""
    rows = []
    for plate in plates:
        if plate.retired or plate.installed is None or plate.installed > on:
            continue
        since = max(day_number(plate.installed), last.get(plate.code, -1))
        if day_number(on) - since >= silent_days:
            rows.append({"code": plate.code, "installed": plate.installed.isoformat(),
                         "last_scan": (day_of(last[plate.code]).isoformat()
                                       if plate.code in last else None)})
    return rows


