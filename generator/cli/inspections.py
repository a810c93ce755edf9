"""`diachido plates --report`: which plates on walls are due for inspection today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.content.config import load_config
from generator.content.registry import Inspection, inspection_report, load_registry
from generator.outputs.clock import today
from generator.problems import Problems, UserError


def plates_report(root: Path) -> tuple[list[Inspection], int, dict[str, str]]:
    """Rows for every registered code, how many need a visit (overdue or due soon), and the
    plates nobody scans (code → the date since when), as far as `diachido stats` has seen."""
    problems = Problems()
    config = load_config(root, problems)
    records = load_registry(root, problems)
    if problems.errors:
        raise UserError(problems.errors)
    rows = inspection_report(records, config.inspection_days, today())
    silent = silent_plates(root, config.silent_days)  # nobody scans it: worth a visit too
    return rows, sum(row.status in ("overdue", "due-soon") or row.code in silent
                     for row in rows), silent


def silent_plates(root: Path, silent_days: int) -> dict[str, str]:
    """Installed plates with no scan for `silent_days` days; nothing before stats first ran
    (no logs read yet says nothing about the plates)."""
    from generator.stats.project import load_project
    from generator.stats.run import last_scans
    from generator.stats.summary import day_number, silent

    seen = last_scans(root)
    if not seen:
        return {}
    last = {code: day_number(dt.date.fromisoformat(day)) for code, day in seen.items()}
    rows = silent(load_project(root).plates, last, today(), silent_days)
    return {str(row["code"]): str(row["last_scan"] or row["installed"]) for row in rows}
