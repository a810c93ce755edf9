"""Points of interest: the `points:` key of an entry, and how a translation translates them.

Each point is one list item; every problem names the item (`number`), so the message lands on the
item's own line. The Vietnamese file holds everything; a translation (`<slug>.en.md`) repeats a
point's `id` and gives its `title`, `summary`, `body`, `photo` and `panorama` (alt, caption)
and `inscription.translation`. The shared facts (`code`, `location`, the photo's and panorama's
files, the original and its reading) always come from the Vietnamese file: a translation may
repeat them, since the web editor (/admin/) writes a translated list whole, but its copies are
not used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from generator.content.fields import SLUG_RE, Ctx, location, nested, text, type_name
from generator.content.media_fields import image, panorama
from generator.content.model import Image, Inscription, Panorama, Point
from generator.content.slugs import fold, slugify
from generator.problems import Invalid

POINT_CODE_RE = re.compile(r"^([A-Z]{2,4}[0-9]{2,4})-([1-9][0-9]{0,2})$")
KEYS = {"id", "title", "summary", "body", "photo", "panorama", "inscription", "code", "location"}
INSCRIPTION_KEYS = {"original", "transliteration", "translation", "language"}
# Ids the page already uses for its own anchors (theme/templates): a point may not take them.
PAGE_IDS = {"main", "code", "q", "points-title", "listen-title", "panorama-title", "pano-dialog",
            "pano-title", "events-title", "people-title", "videos-title", "gallery-title",
            "sources-title", "legend-hatch"}
# A point's panorama box suffixes the page's panorama ids with `-<point id>`: no point may
# take an id that another point's box would make.
PANORAMA_ID_PREFIXES = ("panorama-title-", "pano-dialog-", "pano-title-")
# The original's language tag: Hán văn (Literary Chinese) unless the editor says it is Nôm.
LANGUAGES = {"han": "lzh", "han van": "lzh", "nom": "vi-Hani", "chu nom": "vi-Hani"}


def points(value: Any, ctx: Ctx) -> tuple[Point, ...]:
    """The list of points, in order; ids unique, titles and summaries present."""
    if not isinstance(value, list):
        raise Invalid("expected-list", got=type_name(value))
    result: list[Point] = []
    seen: set[str] = set()
    for number, item in enumerate(value, start=1):
        point = _point(item, ctx, number)
        if point.id in seen:
            raise Invalid("point-duplicate-id", number=number, id=point.id)
        seen.add(point.id)
        result.append(point)
    return tuple(result)


def _point(item: Any, ctx: Ctx, number: int) -> Point:
    if not isinstance(item, dict):
        raise Invalid("bad-point-item", number=number, got=type_name(item))
    allowed = KEYS  # a translation may repeat the shared keys (the web editor writes them)
    unknown = sorted(str(key) for key in set(item) - allowed)
    if unknown:
        raise Invalid("bad-point-key", number=number, key=unknown[0],
                      allowed=", ".join(sorted(allowed)))
    point_id = _id(item.get("id"), number)
    for key in ("title", "summary"):
        if key not in item:
            raise Invalid("point-missing-key", number=number, id=point_id, missing=key)
    fields: dict[str, Any] = {
        "title": nested(text(200), item["title"], ctx, number),
        "summary": nested(text(400), item["summary"], ctx, number),
    }
    if "body" in item:
        fields["body_md"] = nested(text(20_000, multiline=True), item["body"], ctx, number)
    if "photo" in item:
        if not isinstance(item["photo"], dict):
            raise Invalid("bad-point-photo-item", number=number)
        fields["photo"] = image(item["photo"], ctx, number, "point-photo")
    if "panorama" in item:  # the entry's normaliser: the same keys, checks and messages
        fields["panorama"] = nested(panorama, item["panorama"], ctx, number)
    if "inscription" in item:
        fields["inscription"] = _inscription(item["inscription"], ctx, number, point_id)
    if "location" in item:
        fields["location"] = nested(location, item["location"], ctx, number)
    if "code" in item:
        fields["code"] = _code(item["code"], number)
    return Point(point_id, **fields)


def _id(value: Any, number: int) -> str:
    raw = unicodedata.normalize("NFC", str(value)).strip() if isinstance(value, (str, int)) \
        and not isinstance(value, bool) else ""
    prefixed = raw.startswith(PANORAMA_ID_PREFIXES)
    if not SLUG_RE.match(raw) or raw in PAGE_IDS or prefixed:
        raise Invalid("bad-point-id", number=number, value=raw or type_name(value),
                      suggestion=("diem-" if prefixed else "") + slugify(raw)
                      + ("-1" if raw in PAGE_IDS else "") or "loi-vao")
    return raw


def _code(value: Any, number: int) -> str:
    raw = str(value).strip().upper() if isinstance(value, str) else ""
    if not POINT_CODE_RE.match(raw):
        raise Invalid("bad-point-code", number=number, value=str(value))
    return raw


def _inscription(value: Any, ctx: Ctx, number: int, point_id: str) -> Inscription:
    allowed = INSCRIPTION_KEYS
    if not isinstance(value, dict):
        raise Invalid("bad-inscription", number=number, got=type_name(value))
    if not ctx.translation and "original" not in value:
        raise Invalid("point-missing-key", number=number, id=point_id,
                      missing="inscription.original")
    unknown = sorted(str(key) for key in set(value) - allowed)
    if unknown:
        raise Invalid("bad-point-key", number=number, key=f"inscription.{unknown[0]}",
                      allowed=", ".join(f"inscription.{k}" for k in sorted(allowed)))
    parts = {key: nested(text(4000, multiline=True), value[key], ctx, number)
             for key in ("original", "transliteration", "translation") if key in value}
    lang = "lzh"
    if "language" in value:
        lang = LANGUAGES.get(fold(str(value["language"])), "")
        if not lang:
            raise Invalid("bad-inscription-language", number=number,
                          value=str(value["language"]), allowed="Hán, Nôm")
    return Inscription(parts.get("original", ""), parts.get("transliteration", ""),
                       parts.get("translation", ""), lang)


def merge_points(original: Sequence[Point], translated: Sequence[Point]) -> tuple[Point, ...]:
    """The translation's words over the original's points, matched by `id`, in the original's
    order; shared facts (code, location, the inscription's original) always from the original.
    Ids the original lacks are the caller's to report (`unknown_ids`)."""
    by_id = {point.id: point for point in translated}
    merged = []
    for point in original:
        other = by_id.get(point.id)
        if other is None:
            merged.append(point)
            continue
        inscription = point.inscription
        if inscription and other.inscription and other.inscription.translation:
            inscription = replace(inscription, translation=other.inscription.translation)
        merged.append(replace(point, title=other.title, summary=other.summary,
                              body_md=other.body_md or point.body_md,
                              photo=_words(point.photo, other.photo),
                              panorama=_words(point.panorama, other.panorama),
                              inscription=inscription, translated=True))
    return tuple(merged)


Media = TypeVar("Media", Image, Panorama)


def _words(shared: Media | None, translated: Media | None) -> Media | None:
    """The translation's words (alt, caption, credit) on the original's file."""
    return replace(translated, src=shared.src) if shared and translated else shared


def unknown_ids(original: Sequence[Point], translated: Sequence[Point]) -> list[tuple[int, str]]:
    """(item index, id) of each translated point whose id the original does not list."""
    known = {point.id for point in original}
    return [(index, point.id) for index, point in enumerate(translated)
            if point.id not in known]
