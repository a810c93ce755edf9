"""`diachido stats`: the files read oldest first into one tally, read off for the period; the
last scan of every code is remembered (dates only) for `plates --report`."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path
from typing import Any

from generator.outputs.atomic import write_atomic
from generator.outputs.clock import today
from generator.problems import Problems, UserError
from generator.stats.project import load_project
from generator.stats.sources import UnknownFormat, first_time, read
from generator.stats.summary import Period, span, summarise
from generator.stats.tally import Tally

CACHE_DIR = ".diachido-cache"
LAST_SCANS = "last-scans.json"  # {code: "YYYY-MM-DD"}: no address, no agent, no count


def period_of(month: str | None, since: str | None, until: str | None) -> Period | None:
    """`--month 2026-11` or `--since … --until …` (either end may be left open)."""
    problems = Problems()
    try:
        if month:
            year, number = (int(part) for part in month.split("-"))
            last = calendar.monthrange(year, number)[1]
            return Period(dt.date(year, number, 1), dt.date(year, number, last))
        if since or until:
            start = dt.date.fromisoformat(since) if since else dt.date(2000, 1, 1)
            end = dt.date.fromisoformat(until) if until else today()
            if start <= end:
                return Period(start, end)
    except ValueError:
        pass
    else:
        if not (since or until):
            return None
    value = month or f"{since or ''}…{until or ''}"
    problems.add("stats-bad-period", "--month" if month else "--since/--until", value=value)
    raise UserError(problems.errors)


def collect(root: Path, files: list[Path], period: Period | None) -> dict[str, Any]:
    project = load_project(root)
    codes = frozenset(plate.code for plate in project.plates)
    tally = Tally(project.site, codes)
    base = project.config.base_path
    problems = Problems()
    order = []
    for path in files:
        try:
            order.append((first_time(path, base), str(path), path))
        except UnknownFormat:
            problems.add("stats-unknown-format", str(path), path=str(path))
        except OSError:
            problems.add("stats-no-file", str(path), path=str(path))
    if problems.errors:
        raise UserError(problems.errors)
    for _first, _name, path in sorted(order):
        for hit in read(path, base):
            tally.add(hit)
    chosen = period or span(tally) or Period(today(), today())
    summary = summarise(tally, project.plates, project.pages, chosen,
                        project.config.silent_days)
    summary["unit"] = project.config.text("organisation", project.config.languages.tags[0])
    summary["site"] = project.config.text("title", project.config.languages.tags[0])
    _remember(root, summary)
    return summary


def _remember(root: Path, summary: dict[str, Any]) -> None:
    """Keep the latest scan date per code across runs (a later run may read older logs)."""
    path = root / CACHE_DIR / LAST_SCANS
    known = last_scans(root)
    for plate in summary["plates"]:
        if plate["last_scan"] and plate["last_scan"] > known.get(plate["code"], ""):
            known[plate["code"]] = plate["last_scan"]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(dict(sorted(known.items())), indent=1) + "\n")


def last_scans(root: Path) -> dict[str, str]:
    """What `diachido stats` last learnt: {code: date of its latest scan}."""
    try:
        value = json.loads((root / CACHE_DIR / LAST_SCANS).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}
