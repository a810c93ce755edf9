"""Photos: probe, validate and publish responsive variants, paid for once.

Probing reads only headers, so pages can be planned at once. Encoding (the expensive part) runs
in a process pool and its results live in a content-addressed cache outside `build/`, keyed by the
source bytes and the encoder settings: a rebuild with unchanged photos encodes nothing. Published
files carry no metadata (EXIF, GPS, XMP, ICC) and are converted to sRGB (by media/decode.py, which
share cards and plate logos use too). Pillow is imported by the functions that need it, so
planning a build without photos does not pay for it.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.outputs.atomic import write_atomic
from generator.outputs.digests import file_digest, settled, stamp
from generator.outputs.pool import map_in_workers
from generator.problems import Problems

if TYPE_CHECKING:
    from PIL.Image import Image

    from generator.media.decode import DecodeError

WIDTHS = (480, 960, 1600)
JPEG_QUALITY, WEBP_QUALITY = 78, 72
# v2: large photos are decoded reduced (media/decode.py), which changes their pixels slightly
SETTINGS = f"v2 widths={WIDTHS} jpeg={JPEG_QUALITY} webp={WEBP_QUALITY}"
FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO", "HEIF", "AVIF"}  # recognised by content
# Above this a source file is a warning: GitHub's web upload stops at 25 MB and Git hosting
# refuses 100 MB; a phone photo shrunk to 4000 px is 2–5 MB and looks the same on the site.
LARGE_FILE_BYTES = 20_000_000


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    jpeg: str  # output path relative to the site root
    webp: str


@dataclass(frozen=True)
class ImageInfo:
    src: str  # relative to media/
    width: int  # as displayed (EXIF orientation applied), capped at the largest variant
    height: int
    digest: str
    variants: tuple[Variant, ...]

    @property
    def fallback(self) -> Variant:
        return self.variants[min(1, len(self.variants) - 1)]


class MediaCache:
    """Content-addressed store of encoded variants under the project's cache folder."""

    def __init__(self, cache_dir: Path) -> None:
        self.root = cache_dir / "media"
        self.digest_file = cache_dir / "media-digests.json"
        try:
            self.digests = json.loads(self.digest_file.read_text("utf-8"))
        except (OSError, ValueError):
            self.digests = {}
        self.used: set[str] = set()

    def digest(self, path: Path, rel: str, settings: str = SETTINGS) -> str:
        """sha256 of source bytes + settings, memoised on the file's stamp to skip re-reading
        (never for a file changed a moment ago: digests.settled)."""
        found = stamp(path.stat())
        memo = self.digests.get(rel)
        if memo and memo[:-1] == [*found, settings]:
            return memo[-1]
        digest = file_digest(path, salt=settings)
        if settled(found):
            self.digests[rel] = [*found, settings, digest]
        else:
            self.digests.pop(rel, None)
        return digest

    def folder(self, digest: str) -> Path:
        self.used.add(digest)
        return self.root / digest[:2] / digest

    def save_index(self) -> None:
        write_atomic(self.digest_file, json.dumps(self.digests, sort_keys=True))

    def clean(self) -> int:
        """Drop variants no image of this build used; returns how many were removed."""
        removed = 0
        if self.root.is_dir():
            for shard in sorted(self.root.iterdir()):
                for folder in sorted(shard.iterdir()):
                    if folder.name not in self.used:
                        shutil.rmtree(folder, ignore_errors=True)
                        removed += 1
        return removed


Where = tuple[str, int | None, str | None]  # (entry file, line, that line's text)


def probe(media_root: Path, src: str, cache: MediaCache, where: Where,
          problems: Problems) -> ImageInfo | None:
    """Header-only look at an image: format, size, orientation. Problems name the file and the
    entry's line that shows it (`where`)."""
    from generator.media.decode import MAX_PIXELS, DecodeError, opened, upright_size

    path = media_root / src
    try:
        with opened(path, MAX_PIXELS) as image:
            (width, height), fmt = upright_size(image), image.format
    except DecodeError as err:
        refused(err, src, where, problems)
        return None
    if fmt not in FORMATS:
        problems.add("image-format", *where, media=f"media/{src}", format=str(fmt))
        return None
    warn_if_large(path, src, where, problems)
    digest = cache.digest(path, src)
    return ImageInfo(src, *_capped(width, height), digest, _variants(src, digest, width, height))


def refused(err: DecodeError, src: str, where: Where, problems: Problems) -> None:
    """The problem for a picture the decoder refused: too large, or unreadable and why."""
    if err.too_large:
        problems.add("image-bomb", *where, media=f"media/{src}", size=err.pixels,
                     limit=round(err.limit / 1_000_000))
    else:
        problems.add("image-unreadable", *where, media=f"media/{src}", reason=err.kind)


def warn_if_large(path: Path, src: str, where: Where, problems: Problems) -> None:
    """A warning for a source file too big for Git hosting or the web editor's upload."""
    size = path.stat().st_size
    if size > LARGE_FILE_BYTES:
        problems.add("media-file-large", *where, severity="warning", media=f"media/{src}",
                     size=f"{size / 1_000_000:.0f}", limit=f"{LARGE_FILE_BYTES // 1_000_000}")


def _capped(width: int, height: int) -> tuple[int, int]:
    top = min(width, WIDTHS[-1])
    return top, max(1, round(height * top / width))


def _variants(src: str, digest: str, width: int, height: int) -> tuple[Variant, ...]:
    path = PurePosixPath(src)
    stem = f"media/{path.parent.as_posix()}/{path.stem}.{digest[:10]}".replace("/./", "/")
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    return tuple(
        Variant(w, max(1, round(height * w / width)), f"{stem}.{w}.jpg", f"{stem}.{w}.webp")
        for w in widths
    )


def encode_all(media_root: Path, images: list[ImageInfo], cache: MediaCache,
               owners: dict[str, Where], problems: Problems, workers: int,
               max_pixels: int = 0) -> None:
    """Make sure every variant exists in the cache, encoding misses in parallel; a photo that
    cannot be decoded is an error naming it, the entry's line that shows it (`owners[src]`)
    and why. `max_pixels` (default: the photo limit) is raised for 360° views."""
    from generator.media.decode import MAX_PIXELS, DecodeError

    limit = max_pixels or MAX_PIXELS
    todo = []
    for info in images:
        folder = cache.folder(info.digest)
        if not (folder / "done").exists():
            todo.append((str(media_root / info.src), str(folder), info.variants, limit))
    if not todo:
        return
    results = map_in_workers(_encode_job, todo, workers, min_items=2)
    by_path = {str(media_root / info.src): info.src for info in images}
    for (source, _folder, _v, _max), failed in zip(todo, results, strict=True):
        if failed:
            src = by_path[source]
            refused(DecodeError(*failed), src, owners[src], problems)


def _encode_job(job: tuple[str, str, tuple[Variant, ...], int]) -> tuple[str, str, str, int] | None:
    """Worker: decode once (reduced to the widest variant), write every variant into the cache
    folder. Returns None on success, else the DecodeError's (kind, detail, pixels, limit) for
    the problem the parent reports (an exception's own pickling would lose them)."""
    from PIL import Image

    from generator.media.decode import DecodeError, decode_srgb

    source, folder, variants, max_pixels = job
    widest = max(variants, key=lambda v: v.width)
    try:
        image = decode_srgb(source, "white", max_pixels, fit=(widest.width, widest.height))
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        for variant in variants:
            resized = image.resize((variant.width, variant.height),
                                   resample=Image.Resampling.LANCZOS)
            for name, data in _encodings(resized, variant):
                write_atomic(target / name, data)
        (target / "done").write_text("ok")
    except DecodeError as err:
        return err.kind, err.detail, err.pixels, err.limit
    except OSError as err:  # an encoder or the cache folder failed
        return "write-failed", str(err) or type(err).__name__, "", 0
    return None


def _encodings(image: Image, variant: Variant) -> list[tuple[str, bytes]]:
    out = []
    for name, fmt, options in (
        (PurePosixPath(variant.jpeg).name, "JPEG",
         {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}),
        (PurePosixPath(variant.webp).name, "WEBP", {"quality": WEBP_QUALITY, "method": 4}),
    ):
        if not name:  # a variant published as JPEG only (360° viewer files)
            continue
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        out.append((name, buffer.getvalue()))
    return out


def published_files(info: ImageInfo, cache: MediaCache) -> list[tuple[str, Path]]:
    """(output path, cached file) pairs for every variant of one image."""
    folder = cache.folder(info.digest)
    pairs = []
    for variant in info.variants:
        for out in (variant.jpeg, variant.webp):
            pairs.append((out, folder / PurePosixPath(out).name))
    return pairs
