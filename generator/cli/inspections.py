"""`diachido plates --report`: which plates on walls are due for inspection today."""

from __future__ import annotations

from pathlib import Path

from generator.content.config import load_config
from generator.content.registry import Inspection, inspection_report, load_registry
from generator.outputs.clock import today
from generator.problems import Problems, UserError


def plates_report(root: Path) -> tuple[list[Inspection], int]:
    """Rows for every registered code, and how many need a visit (overdue or due soon)."""
    problems = Problems()
    config = load_config(root, problems)
    records = load_registry(root, problems)
    if problems.errors:
        raise UserError(problems.errors)
    rows = inspection_report(records, config.inspection_days, today())
    return rows, sum(row.status in ("overdue", "due-soon") for row in rows)
