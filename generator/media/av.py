"""Video, audio, captions and transcripts: checked, measured, and published under hashed names.

Files are not re-encoded (phones play MP4/WebM/MP3 as they are); they are checked to be what
their names say, measured (size, duration) for the page, and copied once: later builds reuse the
previous build's copy when the bytes are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.content.model import Entry
from generator.outputs.digests import file_digest
from generator.problems import Problems

# Magic numbers: a renamed .txt or a broken upload must not be published as a video.
_SIGNATURES = {
    ".mp4": lambda head: head[4:8] == b"ftyp",
    ".webm": lambda head: head[:4] == b"\x1aE\xdf\xa3",
    ".mp3": lambda head: head[:3] == b"ID3" or (head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
    ".m4a": lambda head: head[4:8] == b"ftyp",
    ".ogg": lambda head: head[:4] == b"OggS",
    ".oga": lambda head: head[:4] == b"OggS",
    ".opus": lambda head: head[:4] == b"OggS",
}


@dataclass(frozen=True)
class MediaFile:
    src: str  # relative to media/
    out: str  # published path relative to the site root
    size: int
    digest: str
    duration: float | None = None  # seconds, audio only


@dataclass(frozen=True)
class AvRefs:
    files: dict[str, MediaFile]  # media path → published file
    transcripts: dict[str, str]  # transcript file → its text (NFC)


def _published(src: str, digest: str) -> str:
    path = PurePosixPath(src)
    return f"media/{path.parent.as_posix()}/{path.stem}.{digest[:10]}{path.suffix.lower()}"


def collect_av(media_root: Path, entries: tuple[Entry, ...], problems: Problems,
               strict: bool) -> AvRefs:
    files: dict[str, MediaFile] = {}
    transcripts: dict[str, str] = {}
    for entry in entries:
        for video in entry.videos:
            if video.src:
                _add(media_root, video.src, entry, files, problems)
            if video.captions:
                _captions(media_root, video.captions, entry, files, problems)
            elif video.speech:
                problems.add("missing-captions", *entry.media_where(video.src),
                             severity="error" if strict else "warning",
                             media=f"media/{video.src or video.youtube}")
        for clip in entry.audio:
            _add(media_root, clip.src, entry, files, problems, audio=True)
            if clip.transcript_file:
                transcripts[clip.transcript_file] = _read_text(
                    media_root, clip.transcript_file, entry, problems)
            elif not clip.transcript:
                problems.add("missing-transcript", *entry.media_where(clip.src),
                             severity="error" if strict else "warning", media=f"media/{clip.src}")
    return AvRefs(files, transcripts)


def _add(media_root: Path, src: str, entry: Entry, files: dict[str, MediaFile],
         problems: Problems, audio: bool = False) -> None:
    if src in files:
        return
    path = media_root / src
    with path.open("rb") as handle:
        head = handle.read(16)
    check = _SIGNATURES.get(PurePosixPath(src).suffix.lower())
    if len(head) < 12 or (check and not check(head)):
        problems.add("media-not-what-it-says", *entry.media_where(src), media=f"media/{src}")
        return
    digest = file_digest(path)
    duration = _duration(path) if audio else None
    files[src] = MediaFile(src, _published(src, digest), path.stat().st_size, digest, duration)


def _duration(path: Path) -> float | None:
    """Seconds, read from the file's headers by mutagen (None when it cannot tell)."""
    import mutagen

    try:
        info = mutagen.File(path)
    except Exception:  # noqa: BLE001 - an unreadable header only means "duration unknown"
        return None
    return round(info.info.length, 1) if info is not None and info.info else None


def _captions(media_root: Path, src: str, entry: Entry, files: dict[str, MediaFile],
              problems: Problems) -> None:
    text = _read_text(media_root, src, entry, problems)
    if text and not text.lstrip("\ufeff").startswith("WEBVTT"):
        problems.add("captions-not-vtt", *entry.media_where(src), media=f"media/{src}")
        return
    if text:
        path = media_root / src
        digest = file_digest(path)
        files[src] = MediaFile(src, _published(src, digest), path.stat().st_size, digest)


def _read_text(media_root: Path, src: str, entry: Entry, problems: Problems) -> str:
    import unicodedata

    try:
        text = (media_root / src).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add("not-utf8-media", *entry.media_where(src), media=f"media/{src}")
        return ""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def human_size(size: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} B"


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"
