"""The report as an A4 PDF for the union's files: the same figures as the HTML page, charts
drawn by reportlab (vector, fonts embedded: Vietnamese prints as it reads on screen)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from generator.stats.report import Figures, vn_date

FONTS = Path(__file__).resolve().parents[2] / "theme" / "fonts"
RED = colors.HexColor("#b71c1c")
WIDTH = A4[0] - 36 * mm


def _fonts() -> tuple[str, str]:
    for name, file in (("DiachidoSans", "NotoSans-Regular.ttf"),
                       ("DiachidoSans-Bold", "NotoSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    return "DiachidoSans", "DiachidoSans-Bold"


def _styles(regular: str, bold: str) -> tuple[ParagraphStyle, ...]:
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12,
                           textColor=colors.HexColor("#444444"))
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=17, leading=22, textColor=RED,
                        spaceBefore=4, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12, leading=16,
                        spaceBefore=12, spaceAfter=5)
    unit = ParagraphStyle("unit", parent=body, fontName=bold)
    return body, small, h1, h2, unit


def render_pdf(figures: Figures) -> bytes:
    regular, bold = _fonts()
    body, small, h1, h2, unit = _styles(regular, bold)
    s, f = figures.summary, figures

    def para(text: object, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    story: list = []
    if s["unit"]:
        story.append(para(s["unit"].upper(), unit))
    story += [para(s["site"]), para(f.text("heading"), h1),
              para(f.text("period", start=s["period"]["from"], until=s["period"]["until"])),
              para(f.text("made", date=f.made.isoformat())), Spacer(1, 4 * mm)]
    story += [para(f.text("totals"), h2), _table(
        [["", f.text("this_period"), f.text("previous_period", start=s["previous"]["from"],
                                            until=s["previous"]["until"]), f.text("change")],
         *[[label, now, before, change] for label, now, before, change in f.totals]],
        para, small, [WIDTH * 0.34, WIDTH * 0.18, WIDTH * 0.3, WIDTH * 0.18], numeric_from=1)]
    story.append(KeepTogether([para(f.text("per_plate"), h2),
                               *([_plate_chart(f, regular)] if f.bars else [])]))
    story.append(_table(
        [[f.text("code"), f.text("site"), f.text("scans"), f.text("visitors"), f.text("typed"),
          f.text("last_scan")],
         *[[p["code"], p["title"], p["scans"], p["visitors"], p["typed"],
            vn_date(p["last_scan"]) if p["last_scan"] else f.text("never")]
           for p in s["plates"]]],
        para, small, [WIDTH * w for w in (0.11, 0.37, 0.13, 0.13, 0.11, 0.15)],
        numeric_from=2, numeric_to=5))
    story += [para(f.text("languages"), h2), _table(
        [[f.text("language"), f.text("count")], *[[name, n] for name, n in f.languages]],
        para, small, [WIDTH * 0.5, WIDTH * 0.2], numeric_from=1)]
    story.append(KeepTogether([para(f.text("hours"), h2), _hour_chart(f.hours, regular)]))
    story += [para(f.text("pages"), h2), _table(
        [[f.text("site"), f.text("views")],
         *[[p["title"] if p["slug"] else f.text("home"), p["views"]] for p in s["pages"]]],
        para, small, [WIDTH * 0.5, WIDTH * 0.2], numeric_from=1)]
    story.append(para(f.text("silent"), h2))
    if f.silent:
        story.append(_table([[f.text("code"), f.text("site"), f.text("installed"), ""],
                             *[list(row) for row in f.silent]], para, small,
                            [WIDTH * w for w in (0.11, 0.34, 0.15, 0.4)]))
    else:
        story.append(para(f.text("silent_none", days=s["silent_days"])))
    if s["unknown_codes"]:
        story += [para(f.text("unknown"), h2), _table(
            [[f.text("code"), f.text("count")],
             *[[code, n] for code, n in list(s["unknown_codes"].items())[:50]]],
            para, small, [WIDTH * 0.5, WIDTH * 0.2], numeric_from=1)]
    story += [para(f.text("notes"), h2), para(f.text("note_counted"), small), Spacer(1, 2 * mm),
              para(f.text("note_privacy"), small), Spacer(1, 2 * mm),
              para(f.text("note_skipped", skipped=s["skipped_lines"], bots=s["bots"]), small)]
    return _document(story, f)


def _document(story: list, f: Figures) -> bytes:
    s = f.summary
    out = io.BytesIO()
    title = f"{f.text('heading')} {s['period']['from']} – {s['period']['until']}"
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm, title=title,
                            author=s["unit"] or s["site"], creator="diachido",
                            invariant=True)  # the same logs give the same bytes
    doc.build(story)
    return out.getvalue()


def _table(rows: Sequence[Sequence[object]], para: Callable[[object, ParagraphStyle], Paragraph],
           style: ParagraphStyle, widths: list[float],
           numeric_from: int = 99, numeric_to: int = 99) -> Table:
    cells = [[para(cell, style) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#cccccc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3e5e5"))]
    table.setStyle(TableStyle(commands))
    for row in cells:
        for index, cell in enumerate(row):
            if numeric_from <= index <= numeric_to:
                cell.style = ParagraphStyle("num", parent=style, alignment=2)
    return table


def _plate_chart(figures: Figures, font: str) -> Drawing:
    bars = list(reversed(figures.bars))  # reportlab draws the first bar at the bottom
    height = 14 * len(bars) + 30
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60, 20, WIDTH - 90, height - 30
    chart.data = [[scans for _c, _t, scans in bars]]
    chart.categoryAxis.categoryNames = [code for code, _t, _s in bars]
    _style(chart, font)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7.5
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    drawing.add(chart)
    return drawing


def _hour_chart(hours: list[int], font: str) -> Drawing:
    drawing = Drawing(WIDTH, 120)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 20, WIDTH - 40, 90
    chart.data = [hours]
    chart.categoryAxis.categoryNames = [f"{h}h" if h % 3 == 0 else "" for h in range(24)]
    _style(chart, font)
    drawing.add(chart)
    return drawing


def _style(chart: HorizontalBarChart | VerticalBarChart, font: str) -> None:
    """Both charts alike: the report's font at 8 pt, red bars from zero, no outline."""
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = RED
    chart.bars[0].strokeColor = None
