"""The summary for scripts and spreadsheets: JSON as it is, CSV one plate a row."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

CSV_COLUMNS = ("code", "slug", "title", "scans", "visitors", "typed", "last_scan", "languages")


def as_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=1) + "\n"


def as_csv(summary: dict[str, Any]) -> str:
    """Plates, then pages (`page` in the code column), then unknown codes: a sheet opens it
    as one table. A cell a spreadsheet would run as a formula is prefixed with '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for plate in summary["plates"]:
        writer.writerow([_cell(plate[name]) if name != "languages" else _langs(plate[name])
                         for name in CSV_COLUMNS])
    for page in summary["pages"]:
        writer.writerow(["page", _cell(page["slug"]), _cell(page["title"]), page["views"], "",
                         "", "", _langs(page["languages"])])
    for code, count in summary["unknown_codes"].items():
        writer.writerow(["unknown", _cell(code), "", count, "", "", "", ""])
    return out.getvalue()


def _langs(languages: dict[str, int]) -> str:
    return " ".join(f"{tag}:{count}" for tag, count in languages.items())


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
