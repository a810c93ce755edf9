"""Media paths written by editors: resolve them without ever leaving `media/`."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".avif")
SUFFIXES = {
    "image": IMAGE_SUFFIXES,
    "video": (".mp4", ".webm"),
    "audio": (".mp3", ".m4a", ".ogg", ".oga", ".opus"),
    "captions": (".vtt",),
    "transcript": (".md", ".txt"),
    "panorama": (".jpg", ".jpeg"),
}


@dataclass(frozen=True)
class MediaRef:
    """The project's media folder, resolved once."""

    root: Path  # resolved absolute path of media/


def check_media_path(
    value: str, media: MediaRef, slug: str, kind: str = "image"
) -> tuple[str, dict[str, Any]] | None:
    """Return (message id, params) when `value` is not a usable file inside media/."""
    if "\\" in value:
        return "path-backslash", {"value": value, "suggestion": value.replace("\\", "/")}
    pure = PurePosixPath(value)
    if pure.is_absolute() or (len(value) > 1 and value[1] == ":"):
        return "path-absolute", {"value": value}
    if ".." in pure.parts or value.startswith("media/"):
        fixed = value[len("media/"):] if value.startswith("media/") else pure.name
        return "path-outside", {"value": value, "suggestion": f"{slug}/{PurePosixPath(fixed).name}"
                                if ".." in pure.parts else fixed}
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return "path-control", {"value": value.encode("unicode_escape").decode()}
    if pure.suffix.lower() not in SUFFIXES[kind]:
        return f"not-{kind}-name", {"value": value, "allowed": ", ".join(SUFFIXES[kind])}
    target = media.root / pure
    try:
        resolved = target.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError, RuntimeError, OSError):
        return "media-missing", {"value": value, "hint": _nearest(value, media, slug)}
    if media.root not in resolved.parents or not resolved.is_file():
        return "path-outside", {"value": value, "suggestion": f"{slug}/{pure.name}"}
    return None


def _nearest(value: str, media: MediaRef, slug: str) -> str:
    """A close existing name ("did you mean"), or the folder where the file should go."""
    candidates = sorted(list_media(media))
    lowered = {c.lower(): c for c in candidates}
    if value.lower() in lowered:
        return lowered[value.lower()]
    wanted = PurePosixPath(value)
    siblings = {PurePosixPath(c).name: c for c in candidates
                if PurePosixPath(c).parent in (wanted.parent, PurePosixPath(slug))}
    matches = difflib.get_close_matches(wanted.name, sorted(siblings), n=1, cutoff=0.75)
    return siblings[matches[0]] if matches else ""


def list_media(media: MediaRef) -> list[str]:
    """All files under media/ as POSIX paths, not following links out of it."""
    found: list[str] = []
    if not media.root.is_dir():
        return found
    for folder, dirs, files in os.walk(media.root):
        dirs.sort()
        rel = Path(folder).relative_to(media.root)
        found.extend((rel / name).as_posix() for name in sorted(files))
    return found
