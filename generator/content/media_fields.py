"""Normalisers for media keys: `gallery`, `videos`, `audio`, `panorama` (and their credits and
licences)."""

from __future__ import annotations

import re
from typing import Any

from generator.content.fields import Ctx, media_path, nested, text, type_name
from generator.content.model import Audio, Image, Panorama, Video
from generator.problems import Invalid

_YOUTUBE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?v=|embed/|shorts/)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_-]{11})(?:[?&#].*)?$"
)
RIGHTS = {"credit": text(200), "license": text(200)}


def _items(value: Any, kind: str) -> list[dict]:
    if not isinstance(value, list):
        raise Invalid("expected-list", got=type_name(value))
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise Invalid(f"bad-{kind}-item", number=number)
    return value


def _check_keys(item: dict, allowed: set[str], kind: str, number: int) -> None:
    unknown = set(item) - allowed
    if unknown:
        raise Invalid(f"bad-{kind}-key", number=number, key=sorted(unknown)[0],
                      allowed=", ".join(sorted(allowed)))


def _rights(item: dict[str, Any], ctx: Ctx, number: int) -> dict[str, Any]:
    return {key: nested(normalise, item[key], ctx, number)
            for key, normalise in RIGHTS.items() if key in item}


def gallery(value: Any, ctx: Ctx) -> tuple[Image, ...]:
    return tuple(image(item, ctx, number, "gallery")
                 for number, item in enumerate(_items(value, "gallery"), start=1))


def image(item: dict[str, Any], ctx: Ctx, number: int, kind: str) -> Image:
    """One `{src, alt, caption, credit, license}` photo: a gallery item or a point's `photo`.
    `kind` picks the message ids (`bad-<kind>-item`, `bad-<kind>-key`, `missing-alt`…)."""
    _check_keys(item, {"src", "alt", "caption", *RIGHTS}, kind, number)
    if "src" not in item:
        raise Invalid(f"bad-{kind}-item", number=number)
    src = nested(media_path("image"), item["src"], ctx, number)
    if "alt" not in item:
        raise Invalid("missing-alt" if kind == "gallery" else f"{kind}-missing-alt",
                      number=number, src=src)
    alt = nested(text(300), item["alt"], ctx, number)
    caption = nested(text(500), item["caption"], ctx, number) if "caption" in item else ""
    return Image(src, alt, caption, **_rights(item, ctx, number))


def videos(value: Any, ctx: Ctx) -> tuple[Video, ...]:
    result = []
    allowed = {"src", "youtube", "title", "poster", "captions", "speech", *RIGHTS}
    for number, item in enumerate(_items(value, "video"), start=1):
        _check_keys(item, allowed, "video", number)
        if ("src" in item) == ("youtube" in item):
            raise Invalid("bad-video-item", number=number)
        if "title" not in item:
            raise Invalid("missing-media-title", number=number)
        fields: dict[str, Any] = {"title": nested(text(200), item["title"], ctx, number)}
        if "youtube" in item:
            match = _YOUTUBE.match(str(item["youtube"]).strip())
            if not match:
                raise Invalid("bad-youtube", number=number, value=str(item["youtube"]))
            fields["youtube"] = match["id"]
        else:
            fields["src"] = nested(media_path("video"), item["src"], ctx, number)
        if "poster" in item:
            fields["poster"] = nested(media_path("image"), item["poster"], ctx, number)
        if "captions" in item:
            fields["captions"] = nested(media_path("captions"), item["captions"], ctx, number)
        if "speech" in item:
            if not isinstance(item["speech"], bool):
                raise Invalid("expected-bool", value=str(item["speech"]), number=number)
            fields["speech"] = item["speech"]
        result.append(Video(**fields, **_rights(item, ctx, number)))
    return tuple(result)


def audio(value: Any, ctx: Ctx) -> tuple[Audio, ...]:
    result = []
    for number, item in enumerate(_items(value, "audio"), start=1):
        _check_keys(item, {"src", "title", "transcript", *RIGHTS}, "audio", number)
        if "src" not in item or "title" not in item:
            raise Invalid("bad-audio-item", number=number)
        fields: dict[str, Any] = {
            "src": nested(media_path("audio"), item["src"], ctx, number),
            "title": nested(text(200), item["title"], ctx, number),
        }
        transcript = item.get("transcript")
        if isinstance(transcript, str) and "\n" not in transcript.strip() and \
                transcript.strip().lower().endswith((".md", ".txt")):
            fields["transcript_file"] = nested(media_path("transcript"), transcript, ctx, number)
        elif transcript is not None:
            fields["transcript"] = nested(text(20_000, multiline=True), transcript, ctx, number)
        result.append(Audio(**fields, **_rights(item, ctx, number)))
    return tuple(result)


def panorama(value: Any, ctx: Ctx) -> Panorama:
    """`{src, alt, caption}`: one 360° view. Shared by its owners (an entry, a point of
    interest): it knows only the value and the media folder in `ctx`."""
    allowed = {"src", "alt", "caption", *RIGHTS}
    if not isinstance(value, dict) or "src" not in value:
        raise Invalid("bad-panorama", got=type_name(value))
    _check_keys(value, allowed, "panorama", 1)
    src = nested(media_path("panorama"), value["src"], ctx, 1)
    if "alt" not in value:
        raise Invalid("missing-panorama-alt", src=src)
    return Panorama(src, nested(text(300), value["alt"], ctx, 1),
                    nested(text(500), value["caption"], ctx, 1) if "caption" in value else "",
                    **_rights(value, ctx, 1))
