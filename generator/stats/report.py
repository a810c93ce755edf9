"""The monthly report the union files as evidence: one HTML page, the same as a PDF (charts
drawn by reportlab), and the CSV, in Vietnamese, named after the period."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.outputs.atomic import write_atomic
from generator.outputs.clock import today
from generator.stats.exports import as_csv

TOTALS = ("scans", "typed", "views", "visitors")
CHART_PLATES = 30  # the busiest plates drawn as bars; the table below lists every one


@dataclass(frozen=True)
class Figures:
    """What both renderings show, worked out once so the HTML and the PDF agree."""

    labels: Mapping[str, str]
    summary: dict[str, Any]
    made: dt.date
    totals: list[tuple[str, int, int, str]]  # label, this period, previous, change
    bars: list[tuple[str, str, int]]  # code, title, scans (busiest first)
    languages: list[tuple[str, int]]  # language name, scans
    hours: list[int]
    silent: list[tuple[str, str, str, str]]  # code, title, installed, the note

    def text(self, key: str, **params: Any) -> str:
        """A label, its {dates} written the Vietnamese way (08/12/2026), as on paper."""
        return self.labels[key].format(**{k: vn_date(v) for k, v in params.items()})


def figures(summary: dict[str, Any], labels: Mapping[str, str]) -> Figures:
    previous = summary["previous"]
    totals = [(labels[key], summary["totals"][key], previous[key],
               _change(summary["totals"][key], previous[key])) for key in TOTALS]
    plates = sorted(summary["plates"], key=lambda p: (-p["scans"], p["code"]))
    bars = [(p["code"], p["title"], p["scans"]) for p in plates[:CHART_PLATES]]
    languages: Counter[str] = Counter()
    for plate in summary["plates"]:
        languages.update(plate["languages"])
    named = [(labels.get(f"lang_{tag}", tag), n) for tag, n in languages.most_common()]
    titles = {p["code"]: p["title"] for p in summary["plates"]}
    silent = [(row["code"], titles.get(row["code"], ""), str(vn_date(row["installed"])),
               labels["silent_row"].format(since=vn_date(row["last_scan"] or row["installed"])))
              for row in summary["silent"]]
    return Figures(labels, summary, today(), totals, bars, named, summary["hours"], silent)


def vn_date(value: object) -> object:
    """"2026-11-03" → "03/11/2026"; anything else as it is."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:]}/{value[5:7]}/{value[:4]}"
    return value


def _change(now: int, before: int) -> str:
    if now == before:
        return "0"
    sign = "+" if now > before else "-"
    text = f"{sign}{abs(now - before)}"
    return f"{text} ({sign}{abs(now - before) * 100 // before}%)" if before else text


def report_name(summary: dict[str, Any]) -> str:
    """`bao-cao-2026-11` for a whole month, else `bao-cao-2026-11-03_2026-11-20`."""
    start, until = summary["period"]["from"], summary["period"]["until"]
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(until)
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1 and first.month == last.month:
        return f"bao-cao-{start[:7]}"
    return f"bao-cao-{start}_{until}"


def write_report(summary: dict[str, Any], out: Path, labels: Mapping[str, str]) -> list[str]:
    """The three files, each written atomically; returns their names."""
    from generator.stats.report_html import render_html
    from generator.stats.report_pdf import render_pdf

    seen = figures(summary, labels)
    name = report_name(summary)
    out.mkdir(parents=True, exist_ok=True)
    files = {f"{name}.html": render_html(seen).encode("utf-8"), f"{name}.pdf": render_pdf(seen),
             f"{name}.csv": ("\ufeff" + as_csv(summary)).encode("utf-8")}
    for file, data in files.items():
        write_atomic(out / file, data)
    return list(files)
