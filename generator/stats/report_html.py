"""The report as one self-contained HTML page: no script, no font or image from anywhere, bars
drawn by CSS widths, everything taken from a log escaped by Jinja's autoescape."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.stats.report import Figures, vn_date

TEMPLATE = Path(__file__).with_name("report.html")
_ENV = jinja2.Environment(autoescape=True, keep_trailing_newline=True,
                          undefined=jinja2.StrictUndefined)
_ENV.filters["vn"] = vn_date


def render_html(figures: Figures) -> str:
    return _ENV.from_string(TEMPLATE.read_text("utf-8")).render(f=figures, s=figures.summary)
