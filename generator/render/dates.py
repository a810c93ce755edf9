"""When a site was published and last updated, from the content alone (so the same input gives
the same sitemap `<lastmod>` and feed dates): published is the day its code was issued
(`codes.yml`, written by the build that first published it); updated is the latest of that day,
`reviewed.date` and the entry's own `updated:` date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from generator.content.model import Entry, PartialDate
from generator.outputs.clock import today


def _day(date: PartialDate | None) -> dt.date | None:
    return dt.date(date.year, date.month, date.day) if date and date.month and date.day else None


def published(entry: Entry, issued: Mapping[str, dt.date]) -> dt.date:
    """The code's issue day; today (the day this build registers it) for a new code."""
    return issued.get(entry.code) or today()


def updated(entry: Entry, issued: Mapping[str, dt.date]) -> dt.date:
    days = [published(entry, issued), _day(entry.reviewed.date if entry.reviewed else None),
            _day(entry.updated)]
    return max(day for day in days if day)


def latest(entries: Iterable[Entry], issued: Mapping[str, dt.date]) -> dt.date:
    """The last update of any site: the date of a page that lists them all."""
    return max((updated(entry, issued) for entry in entries), default=dt.date(1970, 1, 1))
