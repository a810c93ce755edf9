"""all.pdf, put together from the plates' own PDFs instead of drawing every plate again.

Each page is copied as it is (content, fonts and boxes untouched), so a plate looks the same in
its own PDF and in all.pdf, and changing one title costs one page's drawing plus this copy, not
a thousand pages' drawing. pikepdf (qpdf, in C++) does the copying: it writes a fresh, valid
cross-reference table and copies streams byte for byte, and for a thousand pages it takes a
fraction of the time of pypdf, which parses and writes in Python. A hand-written merger would
have to get object renumbering and resource sharing right; qpdf has done so for years.
The result is a PDF/X-4 file for the print shop (pdfx.py).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator.outputs.atomic import write_atomic

from .pdf import PDF_CREATOR, PDF_TITLE
from .pdfx import PDF_VERSION, make_pdfx

if TYPE_CHECKING:
    import pikepdf

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


SPLICE_AT_MOST = 0.25  # of the pages: past this, copying every page anew is as quick


def assemble_pdf(plates: Sequence[Path], last: Path | None = None) -> bytes:
    """One PDF with every page of `plates`, in order; same inputs, same bytes.

    With `last`, a folder where the previous result and the list of plates it was made of are
    kept: when only a few plates changed, their pages are replaced in the previous PDF instead
    of copying all of them again (the bytes are the same as a fresh assembly's: qpdf numbers the
    objects it writes afresh, the subset tags go by position, and the file ID is recomputed)."""
    import pikepdf

    sources: list[pikepdf.Pdf] = []
    try:
        out = _spliced(plates, last, sources) if last else None
        if out is None:
            out = pikepdf.new()
            for path in plates:
                sources.append(pikepdf.open(path))
                out.pages.extend(sources[-1].pages)
            out.Root.Lang = pikepdf.String("vi")
        _retag_subsets(out)
        # Named by the plates' cache folders (their keys), not by where the project lies.
        make_pdfx(out, PDF_TITLE, PDF_CREATOR,
                  "\n".join(f"{path.parent.name}/{path.name}" for path in plates))
        buffer = io.BytesIO()
        # Streams as they are: reportlab compressed them, and re-encoding is most of the cost.
        out.save(buffer, deterministic_id=True, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none, force_version=PDF_VERSION)
    finally:
        for source in sources:
            source.close()
    data = buffer.getvalue()
    if last:
        write_atomic(last / "all.pdf", data)
        write_atomic(last / "plates.json", json.dumps([str(path) for path in plates]))
    return data


def _spliced(plates: Sequence[Path], last: Path, sources: list[pikepdf.Pdf]) -> pikepdf.Pdf | None:
    """The previous all.pdf with the pages of the changed plates replaced, or None when it
    cannot be used (missing, another number of plates, too many changes, a plate of two
    pages). Opened PDFs are added to `sources`, for the caller to close."""
    import pikepdf

    try:
        before = json.loads((last / "plates.json").read_text("utf-8"))
        sources.append(pikepdf.open(last / "all.pdf"))
    except (OSError, ValueError, pikepdf.PdfError):
        return None
    out = sources[-1]
    changed = [i for i, path in enumerate(plates) if i >= len(before) or before[i] != str(path)]
    if (len(before) != len(plates) or len(out.pages) != len(plates)
            or len(changed) > SPLICE_AT_MOST * len(plates)):
        return None
    for index in changed:
        sources.append(pikepdf.open(plates[index]))
        if len(sources[-1].pages) != 1:
            return None
        out.pages[index] = sources[-1].pages[0]
    del out.trailer["/ID"]  # else the first half of the ID would stay the previous file's
    return out


def _retag_subsets(pdf: pikepdf.Pdf) -> None:
    """Give each embedded font subset a tag of its own.

    reportlab tags its subsets AAAAAA+, AAAAAB+, … in every PDF, so after the merge a thousand
    different subsets of Noto Sans would share a name. The PDF standard asks for a different tag
    per subset in one file, and a print shop's RIP may otherwise reuse the first subset it saw
    for every page and print the wrong glyphs. The new tag counts fonts in page order.
    """
    from pikepdf import Name

    count = 0
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if resources is None or "/Font" not in resources:
            continue
        for key in sorted(resources.Font.keys()):
            font = resources.Font[key]
            descendants = font.get("/DescendantFonts")
            for target in [font, *(descendants if descendants is not None else ())]:
                base = str(target.get("/BaseFont", ""))
                if len(base) > 8 and base[7] == "+":
                    name = Name("/" + _tag(count) + base[7:])
                    target.BaseFont = name
                    if "/FontDescriptor" in target:
                        target.FontDescriptor.FontName = name
                    count += 1


def _tag(number: int) -> str:
    """Six capital letters for `number` (base 26), as the PDF standard shapes subset tags."""
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(LETTERS[digit])
    return "".join(reversed(letters))
