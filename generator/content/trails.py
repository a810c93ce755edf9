"""Trails (`trails/<slug>.md`): ordered routes over sites, as school groups and youth-union trips
walk them. Validated like entries; each stop must be a published site's code."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.entries import LANGS
from generator.content.fields import SLUG_RE, Ctx, text
from generator.content.frontmatter import decode, split
from generator.content.media_paths import MediaRef
from generator.content.model import Entry
from generator.problems import Invalid, Problems

TRAILS_DIR = "trails"


@dataclass(frozen=True)
class TrailText:
    title: str
    summary: str
    duration: str
    body_md: str


@dataclass(frozen=True)
class Trail:
    slug: str
    path: str
    stops: tuple[str, ...]  # plate codes in visiting order
    texts: dict[str, TrailText]
    distance_km: float | None
    digest: str

    def text(self, lang: str) -> TrailText:
        return self.texts.get(lang) or self.texts["vi"]


@dataclass(frozen=True)
class Stop:
    """Where a site sits in a trail: for "stop 2 of 5" and rel=prev/next links."""

    trail: Trail
    number: int
    prev: Entry | None
    next: Entry | None


def load_trails(root: Path, entries: tuple[Entry, ...], problems: Problems) -> list[Trail]:
    import hashlib

    folder = root / TRAILS_DIR
    if not folder.is_dir():
        return []
    codes = {entry.code for entry in entries}
    files: dict[str, dict[str, tuple]] = defaultdict(dict)
    for path in sorted(folder.glob("*.md")):
        slug, _, lang = path.name[:-3].partition(".")
        rel = path.relative_to(root).as_posix()
        if not SLUG_RE.match(slug) or (lang or "vi") not in LANGS:
            problems.add("bad-slug", rel, slug=path.name[:-3], suggestion="ten-hanh-trinh")
            continue
        data = path.read_bytes()
        src = decode(rel, data, problems)
        front = split(src, problems) if src else None
        if front is not None:
            files[slug][lang or "vi"] = (rel, front, src, data)
    trails = []
    for slug in sorted(files):
        if "vi" not in files[slug]:
            problems.add("translation-without-entry", files[slug][next(iter(files[slug]))][0],
                         lang="en", slug=f"../{TRAILS_DIR}/{slug}")
            continue
        digest = hashlib.sha256(b"".join(f[3] for f in files[slug].values())).hexdigest()
        trail = _trail(slug, files[slug], codes, digest, problems)
        if trail:
            trails.append(trail)
    return trails


_TEXT_KEYS = {"title": text(200), "summary": text(400), "duration": text(80)}


def _trail(slug: str, files: dict, codes: set[str], digest: str,
           problems: Problems) -> Trail | None:
    ctx = Ctx(slug, MediaRef(Path("/nonexistent")))
    texts: dict[str, TrailText] = {}
    shared: dict[str, Any] = {}
    ok = True
    for lang, (rel, front, src, _data) in sorted(files.items(), key=lambda i: i[0] != "vi"):
        allowed = set(_TEXT_KEYS) | ({"stops", "distance_km"} if lang == "vi" else set())
        values: dict[str, Any] = {}
        for key, item in front.fields.items():
            try:
                values[key] = _value(key, item.value, allowed, codes, ctx)
            except Invalid as err:
                ok = False
                problems.add(err.code, rel, item.line, src.line(item.line), key=key,
                             **err.params)
        for key in ("title", "summary") + (("stops",) if lang == "vi" else ()):
            if key not in front.fields:
                ok = False
                problems.add("missing-key", rel, 1, src.line(1), key=key)
        if lang == "vi":
            shared = values
        if ok:
            merged = {**{k: shared.get(k, "") for k in _TEXT_KEYS}, **values}
            texts[lang] = TrailText(merged["title"], merged["summary"], merged["duration"],
                                    front.body)
    if not ok:
        return None
    return Trail(slug, files["vi"][0], shared["stops"], texts, shared.get("distance_km"), digest)


def _value(key: str, value: Any, allowed: set[str], codes: set[str], ctx: Ctx) -> Any:
    if key not in allowed:
        raise Invalid("unknown-key", suggestion="", known=", ".join(sorted(allowed)))
    if key in _TEXT_KEYS:
        return _TEXT_KEYS[key](value, ctx)
    if key == "distance_km":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise Invalid("bad-distance", value=str(value))
        return float(value)
    if not isinstance(value, list) or len(value) < 2:
        raise Invalid("bad-stops")
    unknown = [str(code) for code in value if str(code) not in codes]
    if unknown:
        raise Invalid("unknown-stop", value=unknown[0], known=", ".join(sorted(codes)))
    if len(set(map(str, value))) != len(value):
        raise Invalid("bad-stops")
    return tuple(str(code) for code in value)


def stops_by_slug(trails: list[Trail], entries: tuple[Entry, ...]) -> dict[str, list[Stop]]:
    """slug → the trails it belongs to, with its neighbours."""
    by_code = {entry.code: entry for entry in entries}
    result: dict[str, list[Stop]] = defaultdict(list)
    for trail in trails:
        route = [by_code[code] for code in trail.stops]
        for index, entry in enumerate(route):
            result[entry.slug].append(Stop(
                trail, index + 1, route[index - 1] if index else None,
                route[index + 1] if index + 1 < len(route) else None))
    return result
