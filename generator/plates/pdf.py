"""Print-ready PDF plates: CMYK inks, vector QR, embedded subset fonts, 3 mm bleed, Trim and
Bleed boxes.

Every colour is a CMYK ink (inks.py): the QR and the text in black ink alone, never RGB. The print
files put together from these pages (assemble.py) are PDF/X-4 with the FOGRA39 output intent.

Text is set in Noto Sans, and a Korean or Chinese second language in the bundled CJK face; both are
TrueType, which reportlab embeds as subsets holding only the glyphs the plate prints.

Print shops impose pages by TrimBox and expect colour that touches the edge to continue 3 mm past
it, so the red bands run into the bleed while all content stays inside the 5 mm safe margin.
`invariant=1` fixes the document ID and dates, making the bytes depend only on the input.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .geometry import BLACK, BLEED_MM, WHITE, Box, PlateLayout, PlateText
from .inks import cmyk, cmyk_logo
from .layout import compute_layout
from .qr import dark_runs
from .text import Face, language_face, load_faces

PDF_TITLE = "diachido QR plates"
PDF_CREATOR = "diachido"


def render_pdf(first: PlateText, font_dir: Path, more: Sequence[PlateText] = ()) -> bytes:
    """One page per plate, each at its own trim size plus bleed: `first` alone for a plate's
    PDF, `first` and `more` for all.pdf. A PDF needs a page, so `first` is not optional."""
    return pdf_document([compute_layout(plate, font_dir) for plate in (first, *more)], font_dir)


def pdf_document(layouts: Sequence[PlateLayout], font_dir: Path) -> bytes:
    """`render_pdf` for plates already laid out, one page each (the build lays out once)."""
    regular, _bold = _registered(*load_faces(Path(font_dir)))
    buffer = io.BytesIO()
    canvas = Canvas(  # enforceColorSpace: an RGB colour would raise instead of printing
        buffer, invariant=1, pageCompression=1, initialFontName=regular.ttf.fontName, lang="vi",
        enforceColorSpace="cmyk",
    )
    canvas.setTitle(PDF_TITLE)
    canvas.setCreator(PDF_CREATOR)
    canvas.setAuthor(PDF_CREATOR)
    for layout in layouts:
        _page(canvas, layout, Path(font_dir))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _registered(*faces: Face) -> tuple[Face, ...]:
    """`faces`, registered in reportlab's font registry (once per process).

    The registry is process-wide and a canvas finds fonts only there, by name, so it cannot be
    scoped to one PDF. That is safe here: the names carry the font files' content digest
    (text.load_faces), so a name always means the same file and registering is idempotent.
    """
    known = set(pdfmetrics.getRegisteredFontNames())
    for face in faces:
        if face.ttf.fontName not in known:
            pdfmetrics.registerFont(face.ttf)
    return faces


class _Frame:
    """Converts layout mm (top-left origin, trim coordinates) to PDF points on the bleed page."""

    def __init__(self, layout: PlateLayout) -> None:
        self.trim_w, self.trim_h = layout.width, layout.height

    def x(self, x_mm: float) -> float:
        return (x_mm + BLEED_MM) * mm

    def y(self, y_mm: float) -> float:
        return (self.trim_h + BLEED_MM - y_mm) * mm

    def rect(self, box: Box, bleed: bool = False) -> tuple[float, float, float, float]:
        """(x, y, w, h) in points; with `bleed`, edges on the trim line move out into the bleed."""
        x0, y0, x1, y1 = box.x, box.y, box.x + box.w, box.y + box.h
        if bleed:
            x0 = -BLEED_MM if x0 <= 0 else x0
            y0 = -BLEED_MM if y0 <= 0 else y0
            x1 = self.trim_w + BLEED_MM if x1 >= self.trim_w else x1
            y1 = self.trim_h + BLEED_MM if y1 >= self.trim_h else y1
        return self.x(x0), self.y(y1), (x1 - x0) * mm, (y1 - y0) * mm


def _page(canvas: Canvas, layout: PlateLayout, font_dir: Path) -> None:
    frame = _Frame(layout)
    page_w = (layout.width + 2 * BLEED_MM) * mm
    page_h = (layout.height + 2 * BLEED_MM) * mm
    canvas.setPageSize((page_w, page_h))
    canvas.setBleedBox((0, 0, page_w, page_h))
    canvas.setTrimBox(
        (BLEED_MM * mm, BLEED_MM * mm, page_w - BLEED_MM * mm, page_h - BLEED_MM * mm)
    )
    canvas.setFillColorCMYK(*cmyk(WHITE))
    canvas.rect(0, 0, page_w, page_h, stroke=0, fill=1)
    for fill in layout.fills:
        canvas.setFillColorCMYK(*cmyk(fill.color))
        canvas.rect(*frame.rect(fill.box, bleed=True), stroke=0, fill=1)
    for line in layout.lines:
        canvas.setFillColorCMYK(*cmyk(line.color))
        face = _registered(language_face(font_dir, line.lang, line.bold))[0]
        canvas.setFont(face.ttf.fontName, line.size * mm)
        canvas.drawCentredString(frame.x(line.x), frame.y(line.baseline), line.text)
    if layout.logo and layout.logo_box:
        canvas.drawImage(ImageReader(cmyk_logo(layout.logo)), *frame.rect(layout.logo_box))
    _stamps(canvas, layout, frame, font_dir)
    _qr(canvas, layout, frame)


def _stamps(canvas: Canvas, layout: PlateLayout, frame: _Frame, font_dir: Path) -> None:
    """A sample's bands (plates/sample.py), each turned about its centre; the QR comes after."""
    bold = _registered(load_faces(font_dir)[1])[0]
    for stamp in layout.stamps:
        canvas.saveState()
        canvas.translate(frame.x(stamp.x), frame.y(stamp.y))
        canvas.rotate(stamp.angle)  # PDF's y grows upwards: a positive angle turns as seen
        canvas.setFillColorCMYK(*cmyk(stamp.color))
        canvas.rect(-stamp.w / 2 * mm, -stamp.h / 2 * mm, stamp.w * mm, stamp.h * mm,
                    stroke=0, fill=1)
        canvas.setFillColorCMYK(*cmyk(stamp.text_color))
        canvas.setFont(bold.ttf.fontName, stamp.size * mm)
        canvas.drawCentredString(0, -stamp.drop * mm, stamp.text)
        canvas.restoreState()


def _qr(canvas: Canvas, layout: PlateLayout, frame: _Frame) -> None:
    """White quiet zone, then one filled path made of a rectangle per run of dark modules."""
    box, module = layout.qr_box, layout.module_mm
    canvas.setFillColorCMYK(*cmyk(WHITE))
    canvas.rect(*frame.rect(box), stroke=0, fill=1)
    origin_x, origin_y = layout.qr_origin
    path = canvas.beginPath()
    for row, col, length in dark_runs(layout.symbol):
        run = Box(origin_x + col * module, origin_y + row * module, length * module, module)
        path.rect(*frame.rect(run))
    canvas.setFillColorCMYK(*cmyk(BLACK))
    canvas.drawPath(path, stroke=0, fill=1)
