"""Normalisers for the relic metadata profile: type, ranking decision, events, people, …

Controlled values are matched without caring about case or diacritics ("dinh" finds "đình"),
and partial dates stay partial: a year, a year-month or a full day, never shifted by time zones.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.content.fields import Ctx, Normaliser, nested, text, type_name
from generator.content.model import Decision, Event, Managed, PartialDate, Person, Review
from generator.content.slugs import slugify
from generator.problems import Invalid

TYPES = ("căn cứ – địa đạo", "đình", "đền – chùa", "tưởng niệm – thảm sát", "nghĩa trang liệt sĩ",
         "nhà tù", "chiến trường", "bảo tàng", "khác")
_PARTIAL = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")


def controlled(allowed: tuple[str, ...], message: str) -> Normaliser:
    """Match against a controlled list; the error lists every allowed value."""
    by_slug = {slugify(value): value for value in allowed}

    def normalise(value: Any, ctx: Ctx) -> str:
        found = by_slug.get(slugify(str(value))) if isinstance(value, str) else None
        if found is None:
            raise Invalid(message, value=str(value), allowed=" | ".join(allowed))
        return found

    return normalise


relic_type = controlled(TYPES, "bad-type")


def partial_date(value: Any, ctx: Ctx) -> PartialDate:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    match = _PARTIAL.match(str(value).strip()) if isinstance(value, (str, int)) else None
    if match and not isinstance(value, bool):
        year, month, day = int(match["y"]), match["m"], match["d"]
        try:
            if day:
                dt.date(year, int(month), int(day))
            elif month and not 1 <= int(month) <= 12:
                raise ValueError
        except ValueError:
            raise Invalid("bad-date", value=str(value)) from None
        return PartialDate(year, int(month) if month else None, int(day) if day else None)
    raise Invalid("bad-date", value=str(value))


def _mapping(value: Any, allowed: set[str], required: set[str]) -> dict:
    if not isinstance(value, dict):
        raise Invalid("expected-mapping", got=type_name(value), keys=", ".join(sorted(allowed)))
    unknown = set(value) - allowed
    missing = required - set(value)
    if unknown or missing:
        raise Invalid("bad-mapping-keys", subkey=sorted(unknown or missing)[0],
                      keys=", ".join(sorted(allowed)))
    return value


def ranking_decision(value: Any, ctx: Ctx) -> Decision:
    item = _mapping(value, {"number", "date", "issued_by"}, set())
    return Decision(
        number=text(80)(item["number"], ctx) if "number" in item else "",
        date=partial_date(item["date"], ctx) if "date" in item else None,
        issued_by=text(200)(item["issued_by"], ctx) if "issued_by" in item else "",
    )


def text_list(max_len: int) -> Normaliser:
    def normalise(value: Any, ctx: Ctx) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        return tuple(nested(text(max_len), item, ctx, n) for n, item in enumerate(items, 1))

    return normalise


def events(value: Any, ctx: Ctx) -> tuple[Event, ...]:
    if not isinstance(value, list):
        raise Invalid("expected-list", got=type_name(value))
    result = []
    for number, item in enumerate(value, start=1):
        item = nested(lambda v, c: _mapping(v, {"date", "text"}, {"date", "text"}), item, ctx,
                      number)
        result.append(Event(nested(partial_date, item["date"], ctx, number),
                            nested(text(500), item["text"], ctx, number)))
    return tuple(sorted(result, key=lambda e: e.date.sort_key()))


def people(value: Any, ctx: Ctx) -> tuple[Person, ...]:
    if not isinstance(value, list):
        raise Invalid("expected-list", got=type_name(value))
    result = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            item = nested(lambda v, c: _mapping(v, {"name", "role"}, {"name"}), item, ctx, number)
            result.append(Person(nested(text(120), item["name"], ctx, number),
                                 nested(text(200), item["role"], ctx, number)
                                 if "role" in item else ""))
        else:
            result.append(Person(nested(text(120), item, ctx, number)))
    return tuple(result)


def managed_by(value: Any, ctx: Ctx) -> Managed:
    item = _mapping(value, {"unit", "contact"}, {"unit"})
    return Managed(text(200)(item["unit"], ctx),
                   text(200)(item["contact"], ctx) if "contact" in item else "")


def full_date(value: Any, ctx: Ctx) -> PartialDate:
    """A day (2026-05-01): what a verification or a content update happened on."""
    date = partial_date(value, ctx)
    if date.day is None:
        raise Invalid("bad-date", value=str(value))
    return date


def reviewed(value: Any, ctx: Ctx) -> Review:
    item = _mapping(value, {"date", "by"}, {"date", "by"})
    return Review(full_date(item["date"], ctx), text(200)(item["by"], ctx))
