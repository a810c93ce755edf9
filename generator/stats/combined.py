"""nginx's and Apache's "combined" access log (NCSA common format plus referrer and agent):

    203.0.113.7 - - [08/Dec/2026:10:15:32 +0700] "GET /q/NT01 HTTP/1.1" 200 5120 "-" "Mozilla/…"

nginx writes a quote inside a field as \\x22, Apache as \\"; both are accepted."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from generator.stats.hits import Hit, Skip

_QUOTED = r'"([^"\\]*(?:\\.[^"\\]*)*)"'  # an escaped quote inside; the loop unrolled (fast)
LINE = re.compile(
    r'(\S+) \S+ \S+ \[(\d\d)/(\w\w\w)/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\] '
    + _QUOTED + r' (\d{3}) \S+ ' + _QUOTED + ' ' + _QUOTED)  # a line cut short never matches
EPOCH = dt.date(1970, 1, 1)
MONTHS = {name: number for number, name in enumerate(calendar.month_abbr) if name}


def detect(line: str) -> bool:
    return LINE.match(line) is not None


class Combined:
    """Parses one line at a time; a day's midnight is worked out once, not per line."""

    name = "combined"

    def __init__(self) -> None:
        self._midnights: dict[tuple[str, str, str], int] = {}

    def parse(self, line: str) -> Hit:
        match = LINE.match(line)
        if match is None:
            raise Skip
        (client, day, month, year, hour, minute, second, sign, off_h, off_m, request, status,
         referrer, agent) = match.groups()
        midnight = self._midnights.get((day, month, year))
        if midnight is None:
            if month not in MONTHS:
                raise Skip
            try:  # a date, so 33/Nov is refused rather than rolled over into December
                midnight = (dt.date(int(year), MONTHS[month], int(day)) - EPOCH).days * 86400
            except (ValueError, OverflowError):
                raise Skip from None
            if len(self._midnights) > 4096:
                self._midnights.clear()
            self._midnights[(day, month, year)] = midnight
        offset = (int(off_h) * 3600 + int(off_m) * 60) * (1 if sign == "+" else -1)
        epoch = midnight + int(hour) * 3600 + int(minute) * 60 + int(second) - offset
        parts = request.split(" ")
        if len(parts) != 3 or not parts[1].startswith("/"):
            raise Skip  # "-", a TLS handshake sent to the HTTP port, a truncated request
        return Hit(epoch, client, parts[0], parts[1], int(status), _unescape(agent),
                   referrer=referrer)


def _unescape(field: str) -> str:
    if "\\" in field:
        field = field.replace("\\x22", '"').replace('\\"', '"')
    return "" if field == "-" else field
