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
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator.content.config import CONFIG_NAME
from generator.outputs.atomic import write_atomic
from generator.outputs.digests import hash_files
from generator.outputs.pool import map_in_workers
from generator.problems import Invalid, Problems

from .layout import PlateText, compute_layout, missing_glyphs, plate_metrics, prepared_logo
from .pdf import render_pdf
from .png import render_png
from .qr import decode_png
from .svg import render_svg

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


def _versions() -> str:
    import zlib

    import PIL
    import reportlab

    return f"reportlab={reportlab.Version} pillow={PIL.__version__} zlib={zlib.ZLIB_VERSION}"


def produce_plates(jobs: list[PlateJob], font_dir: Path, cache_dir: Path,
                   workers: int, problems: Problems) -> PlateSet:
    """`jobs`: one per published site, sorted by code.

    An unreadable logo is one error pointing at the config, and no plate is drawn."""
    if not _logos_readable({job.text.logo_png for job in jobs}, problems):
        return PlateSet((), ())
    base = hashlib.sha256(
        (hash_files(font_dir) + hash_files(PACKAGE, ("*.py",)) + _versions()).encode()
    ).hexdigest()
    root = cache_dir / "plates"
    keys, todo, rows = [], [], []
    for job in jobs:
        text, path = job.text, job.path
        plate_key = hashlib.sha256((base + repr(text)).encode()).hexdigest()[:32]
        keys.append(plate_key)
        folder = root / plate_key
        if not (folder / "done").exists():
            todo.append((text, str(font_dir), str(folder)))
        meta = _meta(text, font_dir, folder)
        _report_missing(job, meta["missing"], problems)
        if meta["overflow"]:
            problems.add("plate-title-cut", path, severity="warning", code=text.code)
        rows.append(PlateRow(text.code, job.slug, text.title_vi, text.url, text.size,
                             meta["version"], meta["module_mm"], meta["symbol_mm"],
                             meta["scan_distance_m"]))
    failures = dict(_run(todo, workers))
    by_code = {job.text.code: job.path for job in jobs}
    for code, decoded in sorted(failures.items()):
        problems.add("plate-self-check", by_code[code], code=code, decoded=decoded)
    files = []
    for job, plate_key in zip(jobs, keys, strict=True):
        for kind in KINDS:
            files.append((f"plates/{job.text.code}.{kind}", root / plate_key / f"plate.{kind}",
                          plate_key))
    if jobs:
        files.append(_all_pdf([job.text for job in jobs], keys, font_dir, root))
    _clean(root, set(keys) | {files[-1][2]} if jobs else set())
    return PlateSet(tuple(files), tuple(rows))


def _report_missing(job: PlateJob, missing: dict[str, list[str]], problems: Problems) -> None:
    """One error per title holding characters no plate font has: a tofu box must never be
    printed, and the editor fixes all the characters of one title at once."""
    for lang, chars in sorted(missing.items()):
        if chars:
            file = job.path if lang == "vi" else job.second_path or job.path
            problems.add("plate-missing-glyph", file, code=job.text.code, lang=lang,
                         chars=", ".join(chars),
                         codepoints=", ".join(f"U+{ord(char):04X}" for char in chars))


def _logos_readable(logos: set[bytes | None], problems: Problems) -> bool:
    """Decode each logo once here, so a bad one is reported once, against plates.logo."""
    for logo in sorted(logo for logo in logos if logo):
        try:
            prepared_logo(logo)
        except Invalid as err:
            problems.add(err.code, CONFIG_NAME, **err.params)
            return False
    return True


def _meta(text: PlateText, font_dir: Path, folder: Path) -> dict:
    """What a plate's checks and index row need, computed once per plate key: building the
    QR matrix and the layout costs more than everything else on a warm build."""
    cached = folder / "meta.json"
    try:
        return json.loads(cached.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    metrics = plate_metrics(text)
    meta = {
        "missing": {"vi": sorted(missing_glyphs(text.title_vi, font_dir)),
                    text.second_lang: sorted(missing_glyphs(text.title_second or "", font_dir,
                                                            text.second_lang))},
        "overflow": compute_layout(text, font_dir).overflow, "version": metrics.version,
        "module_mm": metrics.module_mm, "symbol_mm": metrics.symbol_mm,
        "scan_distance_m": metrics.scan_distance_m,
    }
    write_atomic(cached, json.dumps(meta))
    return meta


def _run(todo: list, workers: int) -> list[tuple[str, str]]:
    """Render missing plates (in parallel); returns (code, what was decoded) for failures."""
    if not todo:
        return []
    results = map_in_workers(_render_job, todo, workers, min_items=2)
    return [result for result in results if result is not None]


def _render_job(job: tuple[PlateText, str, str]) -> tuple[str, str] | None:
    """Worker: draw one plate three ways and decode its PNG; None when it reads back right."""
    text, font_dir, folder = job
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    png = render_png(text, Path(font_dir))
    decoded = decode_png(png)
    if decoded != [text.url]:
        return text.code, " | ".join(decoded) or "nothing"
    outputs = {"svg": render_svg(text, Path(font_dir)),
               "pdf": render_pdf(text, Path(font_dir)), "png": png}
    for kind, data in outputs.items():
        write_atomic(target / f"plate.{kind}", data)
    (target / "done").write_text("ok")
    return None


def _all_pdf(texts: list[PlateText], keys: list[str], font_dir: Path,
             root: Path) -> tuple[str, Path, str]:
    """One PDF with every plate, for the print shop; rebuilt only when a plate changed."""
    all_key = "all-" + hashlib.sha256("".join(keys).encode()).hexdigest()[:32]
    path = root / all_key / "all.pdf"
    if not path.exists():
        write_atomic(path, render_pdf(texts[0], font_dir, texts[1:]))
    return "plates/all.pdf", path, all_key


def _clean(root: Path, used: set[str]) -> None:
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            if folder.name not in used:
                shutil.rmtree(folder, ignore_errors=True)
