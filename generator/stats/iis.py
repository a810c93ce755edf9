"""IIS's W3C extended log (what Windows-hosted sites write): `#` directives, then lines of
space-separated fields in the order the last `#Fields:` line gave, times in UTC, spaces in the
user agent written as `+`:

    #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
      cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
    2026-12-08 03:15:32 10.0.0.4 GET /q/NT01 - 443 - 203.0.113.7 Mozilla/5.0+(Linux…) - 200 0 0 46
"""

from __future__ import annotations

import calendar
import datetime as dt

from generator.stats.hits import Hit, Skip

DEFAULT_FIELDS = ["date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port",
                  "cs-username", "c-ip", "cs(User-Agent)", "cs(Referer)", "sc-status",
                  "sc-substatus", "sc-win32-status", "time-taken"]


def detect(line: str) -> bool:
    return line.startswith(("#Software: Microsoft Internet Information Services", "#Fields: ",
                            "#Version: 1.0"))


class Iis:
    name = "iis"

    def __init__(self) -> None:
        self._columns(DEFAULT_FIELDS)

    def _columns(self, fields: list[str]) -> None:
        where = {name: index for index, name in enumerate(fields)}
        self.width = len(fields)
        try:
            self.at = [where[name] for name in ("date", "time", "cs-method", "cs-uri-stem",
                                                "sc-status")]
        except KeyError:
            self.at = []
        self.query, self.client = where.get("cs-uri-query"), where.get("c-ip")
        self.agent, self.referrer = where.get("cs(User-Agent)"), where.get("cs(Referer)")

    def directive(self, line: str) -> None:
        """`#Fields:` can change after a restart; the other directives say nothing we count."""
        if line.startswith("#Fields:"):
            self._columns(line[len("#Fields:"):].split())

    def parse(self, line: str) -> Hit:
        values = line.split(" ")
        if len(values) != self.width or not self.at:
            raise Skip
        date, time, method, stem, status = (values[i] for i in self.at)
        try:
            year, month, day = (int(part) for part in date.split("-"))
            hour, minute, second = (int(part) for part in time.split(":"))
            dt.date(year, month, day)  # refuses 2026-02-31 rather than rolling it over
            epoch = calendar.timegm((year, month, day, hour, minute, second))
            code = int(status)
        except ValueError:
            raise Skip from None
        query = values[self.query] if self.query is not None else "-"
        target = stem + ("" if query == "-" else "?" + query)
        agent = values[self.agent].replace("+", " ") if self.agent is not None else None
        client = values[self.client] if self.client is not None else ""
        if not stem.startswith("/"):
            raise Skip
        referrer = values[self.referrer] if self.referrer is not None else ""
        return Hit(epoch, client, method, target, code, "" if agent == "-" else agent,
                   referrer=referrer)
