"""The registry of issued plate codes (`codes.yml`): once printed, a code works forever.

Rules (each failure names the code and says exactly what to write):
- a registered code stays with its site: renaming the entry's file is allowed only when the entry
  lists the registered slug in `aliases`; no other site may take the code;
- a registered code with no entry must be retired in the registry, with a `target` (another code)
  or a `notice`, so its QR still lands somewhere meaningful;
- a draft keeps its code; its QR lands on a "temporarily unavailable" notice.
The build only ever appends newly published codes, so hand edits and comments are kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.content.code_choice import code_order, next_free_code
from generator.content.fields import CODE_RE, SLUG_RE, Ctx
from generator.content.frontmatter import decode, parse_yaml
from generator.content.media_paths import MediaRef
from generator.content.model import Broken, Entry, Point, Site
from generator.content.parse_cache import ParseCache
from generator.content.point_codes import (
    PointRecord,
    assign,
    point_code,
    point_records,
    register_points,
    with_points,
)
from generator.content.schema import Field, Messages, Schema, child_items
from generator.outputs.atomic import write_atomic
from generator.outputs.clock import today
from generator.problems import Invalid, Problems

REGISTRY_NAME = "codes.yml"
HEADER = """\
# Registry of every plate code ever published (see README: "Plates and permanent codes").
# `diachido build` appends new codes. Edit by hand only to retire a code
#   retired: {target: NT02}   or   retired: {notice: "…"}
# or to record a plate's life: plate: {installed: 2026-01-15, material: …, size: A5,
#   location: …, last_inspected: 2026-06-01}
# Points of interest (NT01-1, NT01-2, …) are numbered under their site's `points:`; retire one
# with `3: {id: …, issued: …, retired: {notice: "…"}}`.
"""


@dataclass(frozen=True)
class Record:
    code: str
    slug: str
    issued: dt.date | None
    line: int
    target: str = ""  # retired: the code whose page the QR now opens
    notice: str = ""  # retired: the text shown instead
    plate: tuple[tuple[str, object], ...] = ()
    points: tuple[PointRecord, ...] = ()  # every point number issued under this site

    @property
    def retired(self) -> bool:
        return bool(self.target or self.notice)

    def plate_info(self) -> dict[str, object]:
        return dict(self.plate)


@dataclass(frozen=True)
class Landing:
    """What `/q/<code>` shows: a published entry, a draft notice, or a retirement."""

    code: str
    entry: Entry | None = None  # published site
    draft: Entry | None = None  # temporarily unavailable
    target: Entry | None = None  # retired, pointing at another site
    notice: str = ""  # retired with a notice
    point: Point | None = None  # a point's code: the site's page, at that point


def load_registry(root: Path, problems: Problems,
                  cache: ParseCache | None = None) -> dict[str, Record]:
    """Every issued code; read from the cache when codes.yml has not changed."""
    path = root / REGISTRY_NAME
    if not path.is_file():
        return {}
    data = path.read_bytes()
    cache_key = ParseCache.key(REGISTRY_NAME, {"": data}) if cache else ""
    hit = cache.get(cache_key) if cache else None
    if hit is not None:
        problems.items.extend(hit[1])
        return hit[0]
    count = len(problems.items)
    records = _parse(data, problems)
    new = tuple(problems.items[count:])
    if cache and not any(p.severity == "error" for p in new):
        cache.put(cache_key, records, new)
    return records


def _parse(data: bytes, problems: Problems) -> dict[str, Record]:
    src = decode(REGISTRY_NAME, data, problems)
    # The registry grows with every code ever issued (~55 bytes each): no front-matter limit.
    fields = parse_yaml(src, src.text, 1, problems, max_chars=100_000_000) if src else None
    if src is None or not fields:
        return {}
    records = {}
    ctx = Ctx("", MediaRef(Path("/nonexistent")))
    for code, item in fields.items():
        if not CODE_RE.match(code) or not isinstance(item.value, dict):
            problems.add("registry-bad-record", REGISTRY_NAME, item.line, src.line(item.line),
                         code=code, key="code" if not CODE_RE.match(code) else "slug")
            continue
        items = child_items(item.value, item.children, item.line)
        values, ok = RECORD.validate(items, src, ctx, problems, item.line, code=code)
        if ok:
            retired, plate = values.get("retired", {}), values.get("plate", {})
            records[code] = Record(code, values["slug"], values.get("issued"), item.line,
                                   retired.get("target", ""), retired.get("notice", ""),
                                   tuple(sorted(plate.items())), values.get("points", ()))
    for record in records.values():
        if record.target and (record.target not in records or records[record.target].retired):
            problems.add("registry-bad-target", REGISTRY_NAME, record.line,
                         src.line(record.line), code=record.code, target=record.target)
    return records


def _slug(value: Any, ctx: Ctx) -> str:
    if not SLUG_RE.match(str(value)):
        raise Invalid("registry-bad-record")
    return str(value)


def _date(value: Any, ctx: Ctx) -> dt.date:
    if not isinstance(value, dt.date):
        raise Invalid("registry-bad-date", value=str(value)[:80])
    return value


def _as_text(value: Any, ctx: Ctx) -> str:
    return str(value).strip()


def _as_is(value: Any, ctx: Ctx) -> Any:
    return value


_RECORD_MESSAGES = Messages(unknown="registry-bad-record", missing="registry-bad-record",
                            not_mapping="registry-bad-record")
RECORD = Schema({
    "slug": Field(_slug, required=True),
    "issued": Field(_as_is),
    "retired": Field(section=Schema({"target": Field(_as_text), "notice": Field(_as_text)},
                                    _RECORD_MESSAGES)),
    "plate": Field(section=Schema({
        "installed": Field(_date), "last_inspected": Field(_date),
        **{key: Field(_as_is) for key in ("material", "size", "location")},
    }, _RECORD_MESSAGES)),
    "points": Field(point_records),
}, _RECORD_MESSAGES)


def reconcile_points(site: Site, records: dict[str, Record], landings: list[Landing],
                     problems: Problems, complete: bool) -> tuple[Site, list[Landing], dict]:
    """The point codes' rules (content/point_codes.py), after the sites' (`reconcile`).

    Returns the site with every point's code filled in, the landings with one per point code
    added (the site's page at that point; a retired point: a notice linking to its site), and
    the numbers to register (site code → ((number, id), …)). `complete`: no entry failed to
    validate before the registry was checked."""
    issued = {e.slug: assign(e, records[e.code].points if e.code in records else (),
                             records[e.code].line if e.code in records else 1, problems,
                             complete)
              for e in site.entries + site.drafts
              if e.points or (e.code in records and records[e.code].points)}
    if not issued and not any(record.points for record in records.values()):
        return site, landings, {}  # no point anywhere, and none ever registered
    site = with_points(site, issued)
    fresh = {e.slug: e for e in site.entries + site.drafts}  # the entries with their codes

    def renewed(entry: Entry | None) -> Entry | None:
        return fresh.get(entry.slug, entry) if entry else None

    def renew(landing: Landing) -> Landing:
        entry, draft, target = (renewed(landing.entry), renewed(landing.draft),
                                renewed(landing.target))
        if entry is landing.entry and draft is landing.draft and target is landing.target:
            return landing  # identity, not equality: comparing entries field by field is slow
        return replace(landing, entry=entry, draft=draft, target=target)

    by_code = {landing.code: renew(landing) for landing in landings}
    for entry in site.entries + site.drafts:
        for point in entry.points:
            base = by_code.get(entry.code)
            if base is not None:
                by_code[point.code] = replace(base, code=point.code,
                                              point=point if base.entry else None)
    for code, record in records.items():
        base = by_code.get(code)
        for number in record.points:
            pcode = point_code(code, number.number)
            if base is not None and number.retired:
                by_code[pcode] = Landing(pcode, notice=number.notice or base.notice,
                                         target=base.entry or base.target)
            elif base is not None and base.entry is None and pcode not in by_code:
                by_code[pcode] = replace(base, code=pcode)  # the site itself is retired
    new = {e.code: issued[e.slug].new for e in site.entries
           if e.slug in issued and issued[e.slug].new}
    return site, [by_code[code] for code in sorted(by_code, key=code_order)], new


def reconcile(site: Site, records: dict[str, Record], problems: Problems) -> list[Landing]:
    """Check the rules; return one landing per code that must resolve (sorted by code)."""
    entries_complete = not problems.errors
    landings = _site_landings(site, records, problems, entries_complete)
    return [landings[code] for code in sorted(landings)]


def _claims(site: Site, records: dict[str, Record], problems: Problems) -> dict[str, Entry]:
    """One entry per code. When two files write the same code, the registered owner keeps it
    (its plate may hang on a wall) and the other file is told to change, whatever the file
    names; when neither is registered, the first by file name keeps it and the later one is
    told that either may change. An entry with other problems still claims its code (Broken),
    so a duplicate is reported in the same run, not after the first fix."""
    by_code: dict[str, list[Entry | Broken]] = defaultdict(list)
    found: list[Entry | Broken] = [*site.entries, *site.drafts,
                                   *(b for b in site.broken if b.code)]
    for claim in sorted(found, key=lambda e: e.path):
        by_code[claim.code].append(claim)
    suggestion = next_free_code(set(records) | set(by_code))
    claims: dict[str, Entry] = {}
    for code, claimants in sorted(by_code.items()):
        record = records.get(code)
        owners = [e for e in claimants if record and not record.retired
                  and (e.slug == record.slug or record.slug in _aliases(e))]
        if record and not owners:  # registered to a missing site: each one is told
            entries = [e for e in claimants if isinstance(e, Entry)]
            if entries:
                claims[code] = entries[0]
            for entry in entries[1:]:
                _check_record(entry, record, records, site, problems)
            continue
        keeper = owners[0] if owners else claimants[0]
        if isinstance(keeper, Entry):
            claims[code] = keeper
        for claim in claimants:
            if claim is keeper:
                continue
            problems.add("duplicate-code" if owners else "duplicate-code-new", claim.path,
                         claim.code_line, f"code: {code}", code=code, other=keeper.path,
                         title=keeper.main.title if isinstance(keeper, Entry) else keeper.slug,
                         suggestion=suggestion)
    return claims


def _aliases(claim: Entry | Broken) -> tuple[str, ...]:
    return claim.aliases if isinstance(claim, Entry) else ()


def _check_record(entry: Entry, record: Record, records: dict[str, Record], site: Site,
                  problems: Problems) -> bool:
    """False (and the problem named) when `entry` may not hold its registered code."""
    taken = set(records) | {e.code for e in site.entries + site.drafts}
    if record.retired:
        problems.add("registry-code-retired", entry.path, entry.code_line, code=record.code,
                     suggestion=next_free_code(taken))
        return False
    if record.slug != entry.slug and record.slug not in entry.aliases:
        problems.add("registry-renamed", entry.path, entry.code_line, code=record.code,
                     slug=record.slug, suggestion=next_free_code(taken))
        return False
    return True


def _site_landings(site: Site, records: dict[str, Record], problems: Problems,
                   entries_complete: bool) -> dict[str, Landing]:
    entries = _claims(site, records, problems)
    landings: dict[str, Landing] = {}
    for code, entry in sorted(entries.items()):
        record = records.get(code)
        if record is None or _check_record(entry, record, records, site, problems):
            landings[code] = Landing(code, draft=entry) if entry.draft else Landing(code,
                                                                                   entry=entry)
    for code, record in sorted(records.items()):
        if code in entries:
            continue
        if not record.retired:
            if not entries_complete:
                continue
            problems.add("registry-code-missing", REGISTRY_NAME, record.line, code=code,
                         slug=record.slug)
        elif record.target:
            target = entries.get(record.target)
            if target is not None and not target.draft:
                landings[code] = Landing(code, target=target)
            else:
                landings[code] = Landing(code, notice=record.notice)
        else:
            landings[code] = Landing(code, notice=record.notice)
    return landings


def code_holders(records: dict[str, Record], site: Site) -> dict[str, str]:
    """Every plate code in codes.yml or in an entry (drafts too), sites' and points' alike →
    the slug of the site holding it: what the web editor must not let another site take."""
    holders = {code: record.slug for code, record in records.items()}
    holders.update({point_code(code, p.number): record.slug
                    for code, record in records.items() for p in record.points})
    for entry in site.entries + site.drafts:
        holders[entry.code] = entry.slug
        holders.update({point.code: entry.slug for point in entry.points if point.code})
    return holders


def codes_of(records: dict[str, Record], slug: str) -> tuple[set[str], set[str]]:
    """(codes a new entry `slug` may not take, codes registered to `slug` itself)."""
    own = {code for code, record in records.items() if record.slug == slug and not record.retired}
    return set(records) - own, own


def append_new_codes(root: Path, site: Site, records: dict[str, Record],
                     new_points: dict[str, tuple] | None = None) -> list[str]:
    """Register codes published for the first time, sites' and points'; returns them. Never
    rewrites old lines (point numbers are inserted under their site: point_codes.py)."""
    new = [e for e in site.entries if e.code not in records]
    new_points = new_points or {}
    if not new and not new_points:
        return []
    path = root / REGISTRY_NAME
    text = path.read_text("utf-8") if path.is_file() else HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    issued = today().isoformat()
    for entry in sorted(new, key=lambda e: e.code):
        text += f"{entry.code}:\n  slug: {entry.slug}\n  issued: {issued}\n"
    for code, numbers in sorted(new_points.items()):
        text = register_points(text, code, numbers, issued)
    write_atomic(path, text, durable=True)
    return [e.code for e in new] + [point_code(code, number)
                                    for code, numbers in sorted(new_points.items())
                                    for number, _id in numbers]


def inspection_due(record: Record | PointRecord, interval_days: int) -> dt.date | None:
    """When the plate should next be inspected (None: not installed yet)."""
    info = record.plate_info()
    last = info.get("last_inspected") or info.get("installed")
    return last + dt.timedelta(days=interval_days) if isinstance(last, dt.date) else None


@dataclass(frozen=True)
class Inspection:
    code: str
    slug: str
    status: str  # "overdue" | "due-soon" | "ok" | "not-installed" | "retired"
    due: dt.date | None
    last: str


def inspection_report(records: dict[str, Record], interval_days: int,
                      on: dt.date) -> list[Inspection]:
    """Every registered plate with its inspection status on `on` (soon = within 30 days)."""
    rows = []
    plates: list[tuple[str, str, Record | PointRecord]] = []
    for code, site in sorted(records.items()):
        plates.append((code, site.slug, site))
        plates += [(point_code(code, p.number), f"{site.slug}#{p.id}", p)
                   for p in site.points]  # a point's plate is inspected like its site's
    for code, slug, record in plates:
        info = record.plate_info()
        last = str(info.get("last_inspected") or info.get("installed") or "")
        due = inspection_due(record, interval_days)
        if record.retired:
            status = "retired"
        elif due is None:
            status = "not-installed"
        elif due < on:
            status = "overdue"
        elif due <= on + dt.timedelta(days=30):
            status = "due-soon"
        else:
            status = "ok"
        rows.append(Inspection(code, slug, status, due, last))
    return rows
