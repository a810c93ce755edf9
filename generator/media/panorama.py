"""360° views: probe, refuse and publish equirectangular photos, paid for once like photos.

A panorama is published three ways: a flat 960 px preview (WebP + JPEG) that pages show without
JavaScript, and 2048 and 4096 px JPEGs that the viewer fetches only when the visitor taps (the
phone picks one). Encodings live in the same content-addressed cache as photos (media/images.py)
under their own settings salt, and are hard-linked into build/ like them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.content.model import Entry
from generator.media.images import MediaCache, Variant, encode_all, refused, warn_if_large
from generator.problems import Problems

MAX_WIDTH, MAX_HEIGHT = 16384, 8192
RATIO_TOLERANCE = 0.01  # 2:1 ± 1 %
PREVIEW_WIDTH = 960
VIEWER_WIDTHS = (2048, 4096)
SETTINGS = f"pano v1 preview={PREVIEW_WIDTH} viewer={VIEWER_WIDTHS}"


@dataclass(frozen=True)
class PanoramaInfo:
    src: str  # relative to media/
    digest: str
    size: tuple[int, int]  # the source's width and height
    preview: Variant  # the flat picture (WebP + JPEG)
    viewer: tuple[str, ...]  # viewer JPEGs, smallest first, relative to the site root

    @property
    def files(self) -> tuple[str, ...]:
        """Every published file: what "save for offline" must also keep."""
        return (self.preview.webp, self.preview.jpeg, *self.viewer)


def probe_panorama(media_root: Path, src: str, cache: MediaCache, owner: str,
                   problems: Problems, line: int | None = None) -> PanoramaInfo | None:
    """Header-only look: a JPEG, 2:1 ± 1 %, at most 16384×8192; anything else names the file
    that shows it (and the point's `line` when a point does)."""
    from generator.media.decode import DecodeError, opened, upright_size

    path, media = media_root / src, f"media/{src}"
    try:
        with opened(path, MAX_WIDTH * MAX_HEIGHT) as image:
            (width, height), fmt = upright_size(image), image.format
    except DecodeError as err:
        refused(err, src, (owner, line, None), problems)
        return None
    if fmt not in ("JPEG", "MPO"):
        problems.add("image-format", owner, line, media=media, format=str(fmt))
        return None
    if width > MAX_WIDTH or height > MAX_HEIGHT:
        problems.add("panorama-too-big", owner, line, media=media, width=width, height=height,
                     max=f"{MAX_WIDTH}×{MAX_HEIGHT}")
        return None
    if abs(width - 2 * height) > RATIO_TOLERANCE * 2 * height:
        problems.add("panorama-ratio", owner, line, media=media, width=width, height=height)
        return None
    warn_if_large(path, src, (owner, line, None), problems)
    digest = cache.digest(path, f"panorama:{src}", SETTINGS)
    return _info(src, digest, width, height)


def _info(src: str, digest: str, width: int, height: int) -> PanoramaInfo:
    path = PurePosixPath(src)
    stem = f"media/{path.parent.as_posix()}/{path.stem}.{digest[:10]}".replace("/./", "/")
    preview = min(PREVIEW_WIDTH, width)
    variant = Variant(preview, max(1, round(height * preview / width)),
                      f"{stem}.{preview}.jpg", f"{stem}.{preview}.webp")
    viewer = sorted({min(w, width) for w in VIEWER_WIDTHS})
    files = tuple(f"{stem}.360.{w}.jpg" for w in viewer)
    return PanoramaInfo(src, digest, (width, height), variant, files)


def viewer_variants(info: PanoramaInfo) -> tuple[Variant, ...]:
    """The viewer JPEGs as variants of the photo encoder (its WebP twin is not published)."""
    out = []
    for name in info.viewer:
        width = int(name.rsplit(".", 2)[-2])
        height = max(1, round(info.size[1] * width / info.size[0]))
        out.append(Variant(width, height, name, ""))
    return tuple(out)


@dataclass(frozen=True)
class PanoramaRefs:
    panoramas: dict[str, PanoramaInfo]  # media path → probed panorama

    def published(self, entries: Iterable[Entry]) -> dict[str, PanoramaInfo]:
        """Those the published entries show: a draft's panorama is checked, not published."""
        shown = {src for entry in entries for src in entry.panoramas()}
        return {src: info for src, info in self.panoramas.items() if src in shown}


def collect_panoramas(media_root: Path, entries: Iterable[Entry], cache: MediaCache,
                      problems: Problems, workers: int) -> PanoramaRefs:
    """Probe every entry's and point's panorama and make sure its encodings are in the cache."""
    from generator.media.images import ImageInfo

    where: dict[str, tuple[str, int | None]] = {}
    for entry in entries:
        for src, owner in entry.panoramas().items():
            where.setdefault(src, owner)
    found: dict[str, PanoramaInfo] = {}
    for src in sorted(where):
        file, line = where[src]
        info = probe_panorama(media_root, src, cache, file, problems, line)
        if info is not None:
            found[src] = info
    jobs = [ImageInfo(i.src, i.preview.width, i.preview.height, i.digest,
                      (i.preview, *viewer_variants(i))) for i in found.values()]
    encode_all(media_root, jobs, cache,
               {src: (file, line, None) for src, (file, line) in where.items()},
               problems, workers, MAX_WIDTH * MAX_HEIGHT)
    return PanoramaRefs(found)


def published_panorama_files(info: PanoramaInfo, cache: MediaCache) -> list[tuple[str, Path]]:
    """(output path, cached file) pairs for the preview and the viewer JPEGs."""
    folder = cache.folder(info.digest)
    return [(out, folder / PurePosixPath(out).name) for out in info.files]
