"""Plates for a build: one job per published site, cached by content, checked by decoding.

A plate is redrawn only when something printed on it changes (its text, size, the fonts, this
package, or the rendering libraries' versions); otherwise the cached SVG/PDF/PNG are reused.
Every PNG is decoded back with zxing-cpp, and a plate that does not read as exactly its URL
fails the build: a plate that cannot be scanned must never reach the print shop.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from generator.content.config import CONFIG_NAME
from generator.content.model import PLATE_TRIM_MM
from generator.outputs.atomic import write_atomic
from generator.outputs.digests import hash_files
from generator.outputs.plan import Output
from generator.outputs.pool import map_in_workers
from generator.outputs.urls import BOOK_FILE, print_file
from generator.problems import Invalid, Problems

from .assemble import assemble_pdf
from .composer import prepared_logo
from .geometry import PlateLayout, PlateText, nfc, plate_metrics
from .layout import compute_layout, missing_glyphs
from .outlines import preload
from .pdf import pdf_document
from .pdfx import profile_digest
from .png import encode_png, module_pixels, raster_image
from .qr import decode_image, phone_view
from .svg import svg_document
from .text import font_file

PACKAGE = Path(__file__).resolve().parent
KINDS = ("svg", "pdf", "png")


@dataclass(frozen=True)
class PlateRow:
    """What the plates index and `plates --report` say about one plate."""

    code: str
    slug: str
    title: str
    url: str
    size: str
    version: int
    module_mm: float
    symbol_mm: float
    scan_distance_m: float


class PlateJob(NamedTuple):
    """One published site's plate: what it says, and the files its two titles come from."""

    text: PlateText
    slug: str
    path: str  # the entry file (its Vietnamese title, and where plate problems point)
    second_path: str = ""  # the file of the second language's title, if not the entry's own


@dataclass(frozen=True)
class PlateSet:
    files: tuple[tuple[str, Path, str], ...]  # (output path, cached file, key)
    rows: tuple[PlateRow, ...]
    # all.pdf and one print file per size, assembled while the pages are written (`Book`)
    books: tuple[Book, ...] = ()
    sample: bool = False  # drawn with an example base_url: marked, never to be printed

    def outputs(self) -> list[Output]:
        """The plates' files (cached), then the print files, assembled while pages render."""
        outputs = [Output(path, key, source=cached) for path, cached, key in self.files]
        for book in self.books:
            outputs.append(Output(book.out, book.key, book.assemble, slow=True))
            # Linked after every produced output is written, so from the file just assembled.
            outputs += [Output(path, book.key, source=book.cached) for path in book.copies]
        return outputs


@dataclass(frozen=True)
class Book:
    """`plates/all.pdf` or `plates/print-A5.pdf`: its key and the plates' PDFs it is made of.
    It is assembled as one of the build's outputs, by a worker while the other renders pages (a
    second off a one-title edit at 1,000 plates), and only when its key changed: the last
    build's file is reused."""

    out: str
    key: str
    pdfs: tuple[Path, ...]
    last: Path | None = None  # the previous file's folder, kept to replace only what changed
    # Other outputs with the same pages (all.pdf of a one-size project): linked from `cached`,
    # which the assembly rewrites before any link is made, instead of assembling them again.
    copies: tuple[str, ...] = ()

    def assemble(self) -> bytes:
        return assemble_pdf(list(self.pdfs), self.last)

    @property
    def cached(self) -> Path | None:
        return self.last / "all.pdf" if self.last else None


def _versions() -> str:
    import zlib

    import PIL
    import reportlab

    return f"reportlab={reportlab.Version} pillow={PIL.__version__} zlib={zlib.ZLIB_VERSION}"


def produce_plates(jobs: list[PlateJob], font_dir: Path, cache_dir: Path,
                   workers: int, problems: Problems,
                   progress: Callable[[int], Callable[[], None]] | None = None) -> PlateSet:
    """`jobs`: one per published site (and point of one), sorted by code.

    `progress(total)` returns a tick, called as each plate to draw is done (a progress bar).
    An unreadable logo is one error pointing at the config, and no plate is drawn."""
    if not _logos_readable({job.text.logo_png for job in jobs}, problems):
        return PlateSet((), ())
    base = hashlib.sha256(
        (hash_files(font_dir) + hash_files(PACKAGE, ("*.py",)) + _versions()).encode()
    ).hexdigest()
    root = cache_dir / "plates"
    keys = [hashlib.sha256((base + repr(job.text)).encode()).hexdigest()[:32] for job in jobs]
    todo = [(job.text, str(font_dir), str(root / key)) for job, key in zip(jobs, keys, strict=True)
            if not (root / key / "done").exists()]
    if todo:  # the SVG's outlines: read once here, not once per worker
        langs = {"vi", *(text.second_lang for text, *_rest in todo)}
        preload({font_file(font_dir, lang, bold) for lang in langs for bold in (False, True)})
    tick = progress(len(todo)) if progress and todo else None
    drawn = {code: (meta, decoded) for code, meta, decoded in _run(todo, workers, tick)}
    rows = []
    for job, plate_key in zip(jobs, keys, strict=True):
        text = job.text
        meta, decoded = drawn.get(text.code) or (_meta(text, font_dir, root / plate_key), None)
        _check(job, meta, decoded, problems)
        rows.append(PlateRow(text.code, job.slug, text.title_vi, text.url, text.size,
                             meta["version"], meta["module_mm"], meta["symbol_mm"],
                             meta["scan_distance_m"]))
    files = []
    for job, plate_key in zip(jobs, keys, strict=True):
        for kind in KINDS:
            files.append((f"plates/{job.text.code}.{kind}", root / plate_key / f"plate.{kind}",
                          plate_key))
    books = (_books(jobs, keys, root, cache_dir)
             if jobs and not any(d for _m, d in drawn.values()) else ())
    _clean(root, set(keys))
    return PlateSet(tuple(files), tuple(rows), books, any(job.text.sample for job in jobs))


def _check(job: PlateJob, meta: dict, decoded: str | None, problems: Problems) -> None:
    """What a plate's drawing found: a failed decode, a cut title, and one error per title
    holding characters no plate font has (a tofu box must never be printed, and the editor
    fixes all the characters of one title at once)."""
    text = job.text
    for lang, chars in sorted(meta["missing"].items()):
        if chars:
            file = job.path if lang == "vi" else job.second_path or job.path
            problems.add("plate-missing-glyph", file, code=text.code, lang=lang,
                         chars=", ".join(chars),
                         codepoints=", ".join(f"U+{ord(char):04X}" for char in chars))
    if meta["overflow"]:
        problems.add("plate-title-cut", job.path, severity="warning", code=text.code)
    if decoded is not None:
        problems.add("plate-self-check", job.path, code=text.code, decoded=decoded)


def _logos_readable(logos: set[bytes | None], problems: Problems) -> bool:
    """Decode each logo once here, so a bad one is reported once, against plates.logo."""
    for logo in sorted(logo for logo in logos if logo):
        try:
            prepared_logo(logo)
        except Invalid as err:
            problems.add(err.code, CONFIG_NAME, **err.params)
            return False
    return True


def _meta(text: PlateText, font_dir: Path, folder: Path,
          layout: PlateLayout | None = None) -> dict:
    """What a plate's checks and index row need, kept beside the drawn plate (meta.json): a
    warm build reads it instead of building the QR matrix and the layout again. `layout` is the
    plate's, when the caller has just computed it."""
    cached = folder / "meta.json"
    if layout is None:
        try:
            return json.loads(cached.read_text("utf-8"))
        except (OSError, ValueError):
            pass
        layout = compute_layout(text, font_dir)
    metrics = plate_metrics(text, layout.symbol)
    meta = {
        "missing": {"vi": sorted(missing_glyphs(text.title_vi, font_dir)),
                    text.second_lang: sorted(missing_glyphs(text.title_second or "", font_dir,
                                                            text.second_lang))},
        "overflow": layout.overflow, "version": metrics.version,
        "module_mm": metrics.module_mm, "symbol_mm": metrics.symbol_mm,
        "scan_distance_m": metrics.scan_distance_m,
    }
    write_atomic(cached, json.dumps(meta))
    return meta


def _run(todo: list, workers: int,
         tick: Callable[[], None] | None) -> list[tuple[str, dict, str | None]]:
    """Draw missing plates (in parallel): (code, meta, what was decoded if not its URL)."""
    if not todo:
        return []
    return map_in_workers(_render_job, todo, workers, min_items=2, tick=tick)


def _render_job(job: tuple[PlateText, str, str]) -> tuple[str, dict, str | None]:
    """Worker: lay the plate out once, draw it three ways from that layout, and decode what a
    phone would see of the PNG. A plate that does not read back as its URL is not kept."""
    text, font_dir, folder = job
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    layout = compute_layout(text, Path(font_dir))
    image = raster_image(layout, Path(font_dir))
    decoded = decode_image(phone_view(image, module_pixels(layout.module_mm, 300)))
    meta = _meta(text, Path(font_dir), target, layout)
    if decoded != [nfc(text).url]:
        return text.code, meta, " | ".join(decoded) or "nothing"
    fonts = Path(font_dir)
    outputs = {"svg": svg_document(layout, fonts), "pdf": pdf_document([layout], fonts),
               "png": encode_png(image)}
    for kind, data in outputs.items():
        write_atomic(target / f"plate.{kind}", data)
    (target / "done").write_text("ok")
    return text.code, meta, None


def _books(jobs: list[PlateJob], keys: list[str], root: Path, cache_dir: Path) -> tuple[Book, ...]:
    """all.pdf (every plate, by size, then by code) and one print file per size, for the
    print shop, made of the plates' own PDFs."""
    # The assembler's version is part of the key (read from its metadata: importing pikepdf
    # costs ~0.2 s, which a build whose plates did not change should not pay).
    assembler = f"pikepdf={metadata.version('pikepdf')} profile={profile_digest()}"
    order = list(PLATE_TRIM_MM)
    by_size: dict[str, list[str]] = {}
    for job, key in sorted(zip(jobs, keys, strict=True),
                           key=lambda pair: order.index(pair[0].text.size)):
        by_size.setdefault(job.text.size, []).append(key)

    def book(out: str, cache: str, plate_keys: list[str], copies: tuple[str, ...] = ()) -> Book:
        digest = hashlib.sha256((assembler + "".join(plate_keys)).encode()).hexdigest()
        return Book(out, f"book-{digest[:32]}", tuple(root / k / "plate.pdf" for k in plate_keys),
                    cache_dir / cache, copies)

    if len(by_size) == 1:  # all.pdf holds the same pages as the one print file: made once
        size, size_keys = next(iter(by_size.items()))
        single = book(print_file(size), f"book-{size}", size_keys, (BOOK_FILE,))
        if single.cached and single.cached.is_file():  # else no file to link on a reuse
            return (single,)
    every = [key for size_keys in by_size.values() for key in size_keys]
    return (book(BOOK_FILE, "book", every),
            *(book(print_file(size), f"book-{size}", size_keys)
              for size, size_keys in by_size.items()))


def _clean(root: Path, used: set[str]) -> None:
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            if folder.name not in used:
                shutil.rmtree(folder, ignore_errors=True)
