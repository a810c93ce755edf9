"""PDF/X-4 for the print files: the output intent, the XMP identification and the Info keys.

A print shop's preflight asks for PDF/X: the file says for which printing condition its CMYK was
made (FOGRA39, coated offset, the most common condition) and carries the ICC profile of it, so
the RIP prints the inks as they are instead of guessing. PDF/X-4 (ISO 15930-7) needs that
profile embedded (DestOutputProfile) even for a registered condition, the identification in XMP
(pdfxid:GTS_PDFXVersion), dates, a title and Trapped, and a TrimBox on every page, which the
plates' own pages have. pikepdf writes the dictionaries and the XMP packet; the dates are the
fixed ones reportlab's invariant mode gives every plate PDF, so the bytes depend only on the
input.
"""

from __future__ import annotations

import hashlib
import uuid
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

from .inks import OUTPUT_CONDITION, OUTPUT_CONDITION_TEXT, PROFILE, REGISTRY

if TYPE_CHECKING:
    import pikepdf

PDFX_VERSION = "PDF/X-4"
PDF_VERSION = "1.6"  # PDF/X-4 is based on PDF 1.6
FIXED_DATE, FIXED_XMP_DATE = "D:20000101000000+00'00'", "2000-01-01T00:00:00+00:00"


@lru_cache(maxsize=1)
def profile_digest() -> str:
    """Part of the print files' cache key: another profile is another file."""
    return hashlib.sha256(PROFILE.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _compressed_profile() -> bytes:
    """The print profile, Flate-compressed once per process (fixed level: fixed bytes)."""
    return zlib.compress(PROFILE.read_bytes(), 9)


def make_pdfx(pdf: pikepdf.Pdf, title: str, creator: str, identity: str) -> None:
    """Mark `pdf` (its pages already CMYK with Trim and Bleed boxes) as PDF/X-4. Any output
    intent or metadata it had is replaced, so a spliced file gets what a fresh one gets.
    `identity` names the document (its XMP DocumentID is derived from it)."""
    from pikepdf import Array, Dictionary, Name, Stream, String

    profile = Stream(pdf, b"")
    profile.write(_compressed_profile(), filter=Name.FlateDecode)
    profile.N = 4
    pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX,
        OutputConditionIdentifier=String(OUTPUT_CONDITION),
        OutputCondition=String(OUTPUT_CONDITION_TEXT), RegistryName=String(REGISTRY),
        Info=String(OUTPUT_CONDITION_TEXT), DestOutputProfile=pdf.make_indirect(profile)))])
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    pdf.docinfo = pdf.make_indirect(Dictionary(
        Title=String(title), Author=String(creator), Creator=String(creator),
        CreationDate=String(FIXED_DATE), ModDate=String(FIXED_DATE), Trapped=Name("/False"),
        GTS_PDFXVersion=String(PDFX_VERSION)))
    document = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'diachido:' + identity)}"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfxid:GTS_PDFXVersion"] = PDFX_VERSION
        meta["dc:title"] = title
        meta["dc:creator"] = [creator]
        meta["xmp:CreatorTool"] = creator
        meta["xmp:CreateDate"] = meta["xmp:ModifyDate"] = FIXED_XMP_DATE
        meta["xmp:MetadataDate"] = FIXED_XMP_DATE
        meta["pdf:Trapped"] = "False"
        meta["xmpMM:DocumentID"] = document
        meta["xmpMM:InstanceID"] = document
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
