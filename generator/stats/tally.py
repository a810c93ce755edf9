"""Counting hits the way privacy-respecting counters do, in memory that does not grow with the
log: bots and link previews are left out (crawlerdetect's list), a visitor is a hash of
address + user agent under a salt made for this run and never written anywhere, counted once
per day (as GoatCounter and Plausible do), and reloads of one page by one visitor within a
short window count once.

Everything is tallied per day (Vietnam time), so any period and the one before it can be read
off afterwards; the only per-visitor state is the last half hour's and the open days' hashes."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field

from crawlerdetect import CrawlerDetect

from generator.stats.hits import Hit
from generator.stats.paths import SiteMap

DIGITS = re.compile(r"\d+")
WINDOW = 30 * 60  # a reload (or the landing's own language switch) within 30 minutes is one
OFFSET = 7 * 3600  # days and hours are Vietnam's (UTC+7, no daylight saving)
DAY = 86400
MAX_UNKNOWN = 1000  # distinct unknown codes kept; the rest are added up under one key
OTHER = "…"


@dataclass
class Tally:
    site: SiteMap
    codes: frozenset[str]  # every registered code (sites and points)
    scans: Counter[tuple[int, str, str]] = field(default_factory=Counter)  # day, code, lang
    typed: Counter[tuple[int, str]] = field(default_factory=Counter)  # day, code
    views: Counter[tuple[int, str, str]] = field(default_factory=Counter)  # day, slug, lang
    hours: Counter[tuple[int, int]] = field(default_factory=Counter)  # day, hour: landings
    unknown: Counter[tuple[int, str]] = field(default_factory=Counter)  # day, code
    visitors: Counter[int] = field(default_factory=Counter)  # day → distinct visitors
    plate_visitors: Counter[tuple[int, str]] = field(default_factory=Counter)  # day, code
    bots: Counter[int] = field(default_factory=Counter)  # day → bot requests left out
    skipped: int = 0

    def __post_init__(self) -> None:
        self._salt = secrets.token_bytes(16)  # only ever in this process's memory
        self._crawlers = CrawlerDetect()
        self._bot_cache: dict[str, bool] = {}
        self._recent: dict[tuple[bytes, str], list] = {}  # (visitor, key) → [last, …]
        self._open: dict[int, tuple[set[bytes], set[tuple[bytes, str]]]] = {}
        self._latest = 0
        self._seen = 0

    def add(self, hit: Hit | None) -> None:
        if hit is None:
            self.skipped += 1
            return
        if hit.method != "GET" or hit.referrer.endswith("/sw.js"):
            return  # a check (HEAD), or the service worker storing pages for offline use
        request = self.site.classify(hit.target)
        if request is None:
            return
        local = hit.epoch + OFFSET
        day = local // DAY
        # The day is added where visitors are counted (each day's set), not hashed in: a reload
        # across midnight is still one scan.
        visitor = hashlib.blake2b(f"{hit.client}\0{hit.agent}".encode(errors="replace"),
                                  digest_size=8, key=self._salt).digest()
        if self._is_bot(hit):  # counted like a visit (a redirect and its follow-up are one)
            slot = (visitor, f"bot:{request.kind}:{request.key}:{request.lang}")
            recent = self._recent.get(slot)
            if recent is None or hit.epoch - recent[0] > WINDOW:
                self.bots[day] += 1
                self._recent[slot] = [hit.epoch, "bot", day, request.lang]
            else:
                recent[0] = hit.epoch
            return
        known = request.key in self.codes if request.kind != "page" else True
        if hit.status >= 400 and known:
            return  # a broken page or a refused request is not a view
        self._count(request.kind, request.key, request.lang, known, visitor, hit.epoch, day,
                    local)
        self._latest = max(self._latest, hit.epoch)
        self._seen += 1
        if self._seen % 20000 == 0:
            self._forget()

    def _count(self, kind: str, key: str, lang: str, known: bool, visitor: bytes, epoch: int,
               day: int, local: int) -> None:
        slot = (visitor, f"/{key}/{lang}") if kind == "page" else (visitor, key)
        recent = self._recent.get(slot)
        if recent is not None and epoch - recent[0] <= WINDOW:
            recent[0] = epoch
            if kind != "page" and recent[1] == "scan" and known and recent[3] != lang:
                self.scans[(recent[2], key, recent[3])] -= 1  # the landing moved to the
                self.scans[(recent[2], key, lang)] += 1  # visitor's language: count that one
                recent[3] = lang
            return
        self._recent[slot] = [epoch, kind, day, lang]
        seen_visitors, seen_plates = self._open.setdefault(day, (set(), set()))
        if visitor not in seen_visitors:
            seen_visitors.add(visitor)
            self.visitors[day] += 1
        if kind == "page":
            self.views[(day, key, lang)] += 1
            return
        if not known:
            self._unknown(day, key)
            return
        self.hours[(day, local % DAY // 3600)] += 1
        if kind == "typed":
            self.typed[(day, key)] += 1
        else:
            self.scans[(day, key, lang)] += 1
        if (visitor, key) not in seen_plates:
            seen_plates.add((visitor, key))
            self.plate_visitors[(day, key)] += 1

    def _unknown(self, day: int, code: str) -> None:
        text = "".join(c if c.isprintable() else "\ufffd" for c in code)
        if (day, text) not in self.unknown and len(self.unknown) >= MAX_UNKNOWN:
            text = OTHER
        self.unknown[(day, text)] += 1

    def _is_bot(self, hit: Hit) -> bool:
        if hit.bot is not None:
            return hit.bot
        if hit.agent is None:
            return False  # a format without agents: nothing to judge by
        if not hit.agent.strip():
            return True  # every browser sends one
        # The list names crawlers, not version numbers: agents that differ only in their digits
        # (Chrome/120.0.6099.43 and …/121.0.6167.101 on a thousand phone models) share one
        # verdict, so its large pattern runs a few thousand times a year, not once per agent.
        shape = DIGITS.sub("0", hit.agent)
        bot = self._bot_cache.get(shape)
        if bot is None:
            bot = self._crawlers.is_crawler(hit.agent)
            if len(self._bot_cache) > 50_000:
                self._bot_cache.clear()
            self._bot_cache[shape] = bot
        return bot

    def _forget(self) -> None:
        """Drop what no later line can need: reload windows long past, days long closed (a
        log is nearly in time order; two windows and two days leave room for stragglers)."""
        horizon = self._latest - 2 * WINDOW
        self._recent = {slot: value for slot, value in self._recent.items()
                        if value[0] >= horizon}
        last_day = (self._latest + OFFSET) // DAY
        for day in [day for day in self._open if day < last_day - 1]:
            del self._open[day]
