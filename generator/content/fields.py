"""One small normaliser per front-matter key (the entry format's schema).

Each normaliser takes the YAML value and returns the clean value or raises `Invalid`, which
`content.py` turns into a Problem on the key's line. Adding a key means adding a row here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.characters import HIDDEN
from generator.content.media_paths import MediaRef, check_media_path
from generator.content.model import PLATE_SIZES, POINT_PLATE_SIZES, Location, Source
from generator.problems import Invalid

CODE_RE = re.compile(r"^[A-Z]{2,4}[0-9]{2,4}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^(https?://|mailto:)[^\s<>\"]+$")
RANKINGS = ("quốc gia đặc biệt", "quốc gia", "tỉnh", "chưa xếp hạng")
_RANKING_SYNONYMS = {"cấp tỉnh": "tỉnh", "cấp quốc gia": "quốc gia",
                     "quốc gia đặc biệt": "quốc gia đặc biệt"}


@dataclass(frozen=True)
class Ctx:
    """What normalisers may look at besides the value."""

    slug: str
    media: MediaRef
    codes: frozenset[str] = frozenset()  # published site codes (a trail's stops name them)
    broken: frozenset[str] = frozenset()  # codes of sites whose entries failed to validate
    root: Path | None = None  # the project folder (the config's plate logo lives in it)
    communes: tuple[str, ...] = ()  # the map's communes (theme/geo), which `area:` may name
    translation: bool = False  # validating a translation (`<slug>.<lang>.md`), not the original


Normaliser = Callable[[Any, Ctx], Any]


def text(max_len: int, multiline: bool = False) -> Normaliser:
    def normalise(value: Any, ctx: Ctx) -> str:
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            raise Invalid("expected-text", got=type_name(value))
        clean = HIDDEN.sub("", unicodedata.normalize("NFC", str(value))).strip()
        if not multiline:
            clean = " ".join(clean.split())
        if not clean:
            raise Invalid("empty-text")
        if len(clean) > max_len:
            raise Invalid("text-too-long", length=len(clean), limit=max_len)
        return clean

    return normalise


def code(value: Any, ctx: Ctx) -> str:
    raw = str(value).strip() if isinstance(value, (str, int)) else ""
    if not CODE_RE.match(raw):
        suggestion = raw.upper().replace(" ", "").replace("-", "")
        raise Invalid("bad-code", value=raw or type_name(value),
                      suggestion=suggestion if CODE_RE.match(suggestion) else "NT01")
    return raw


def _number(value: Any) -> Any:
    """YAML 1.1 reads `1e-05` (no dot) as text; a coordinate written so is still a number."""
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return value
    return value


def location(value: Any, ctx: Ctx) -> Location:
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        raise Invalid("bad-location-shape")
    lat, lon = _number(value["lat"]), _number(value["lon"])
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        raise Invalid("bad-location-shape")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or lat != lat or lon != lon:
        swapped = -90 <= lon <= 90 and -180 <= lat <= 180
        raise Invalid("bad-coordinates", lat=lat, lon=lon, swapped="yes" if swapped else "no")
    return Location(float(lat), float(lon))


def ranking(value: Any, ctx: Ctx) -> str:
    raw = " ".join(str(value).lower().split()) if isinstance(value, str) else ""
    raw = unicodedata.normalize("NFC", raw)
    if raw in RANKINGS:
        return raw
    if raw in _RANKING_SYNONYMS:
        return _RANKING_SYNONYMS[raw]
    raise Invalid("bad-ranking", value=str(value), allowed=" | ".join(RANKINGS))


def year(value: Any, ctx: Ctx) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2100:
        raise Invalid("bad-year", value=str(value))
    return value


def boolean(value: Any, ctx: Ctx) -> bool:
    if not isinstance(value, bool):
        raise Invalid("expected-bool", value=str(value))
    return value


def plate_size(value: Any, ctx: Ctx) -> str:
    if value not in PLATE_SIZES:
        raise Invalid("bad-plate-size", value=str(value), allowed=", ".join(PLATE_SIZES))
    return value


def language_tag(value: Any, ctx: Ctx) -> str:
    """A BCP 47 tag in its usual case (`zh-hans` → `zh-Hans`): `ko`, `zh-Hans`, `pt-BR`."""
    tag = canonical_tag(value) if isinstance(value, str) else ""
    if not TAG_RE.match(tag):
        raise Invalid("bad-language-tag", value=str(value)[:40])
    return tag
def point_plate_size(value: Any, ctx: Ctx) -> str:
    if value not in POINT_PLATE_SIZES:
        raise Invalid("bad-plate-size", value=str(value), allowed=", ".join(POINT_PLATE_SIZES))
    return value


def media_path(kind: str) -> Normaliser:
    """A path under media/ to an existing file of `kind` (image, video, audio, …)."""

    def normalise(value: Any, ctx: Ctx) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid("expected-path", got=type_name(value))
        # The web editor (/admin/) writes "/<slug>/photo.jpg": rooted at media/, not the disk.
        rooted = value.strip()[1:]
        if value.strip()[:1] == "/" and rooted[:1] != "/" and \
                check_media_path(rooted, ctx.media, ctx.slug, kind=kind) is None:
            return rooted
        problem = check_media_path(value.strip(), ctx.media, ctx.slug, kind=kind)
        if problem:
            raise Invalid(problem[0], **problem[1])
        return value.strip()

    return normalise


media_image = media_path("image")


def sources(value: Any, ctx: Ctx) -> tuple[Source, ...]:
    if not isinstance(value, list):
        raise Invalid("expected-list", got=type_name(value))
    result = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict) and set(item) <= {"title", "url"} and "title" in item:
            title = nested(text(400), item["title"], ctx, number)
            url = str(item.get("url", "")).strip()
            if url and not URL_RE.match(url):
                raise Invalid("bad-url", number=number, value=url)
            result.append(Source(title, url))
        elif isinstance(item, (str, int)) and not isinstance(item, bool):
            result.append(Source(nested(text(400), item, ctx, number)))
        else:
            raise Invalid("bad-source", number=number)
    return tuple(result)


def aliases(value: Any, ctx: Ctx) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        slug = str(item).strip().strip("/") if isinstance(item, str) else ""
        if not SLUG_RE.match(slug):
            raise Invalid("bad-alias", value=str(item))
        if slug == ctx.slug:
            raise Invalid("alias-is-self", value=slug)
        result.append(slug)
    return tuple(sorted(set(result)))


def nested(normalise: Normaliser, value: Any, ctx: Ctx, number: int) -> Any:
    try:
        return normalise(value, ctx)
    except Invalid as err:
        raise Invalid(err.code, **{**err.params, "number": number}) from None


def type_name(value: Any) -> str:
    """The kind of a YAML value, a key of the catalogues' `_types` (messages say it in words)."""
    if value is None:
        return "empty"
    return {bool: "yes/no", int: "number", float: "number", list: "list", dict: "mapping",
            str: "text"}.get(type(value), "date" if hasattr(value, "year") else "value")


TAG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?$")


def canonical_tag(tag: str) -> str:
    """A BCP 47 tag in its usual case (`zh-hans` → `zh-Hans`, `pt-br` → `pt-BR`)."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper())
    return "-".join(out)
