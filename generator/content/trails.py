"""Trails (`trails/<slug>.md`): ordered routes over sites, as school groups and youth-union trips
walk them. Validated like entries; each stop must be a published site's code."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.fields import Ctx, text
from generator.content.frontmatter import FrontMatter, SourceText, decode, split
from generator.content.media_paths import MediaRef
from generator.content.model import Entry, Languages, Point
from generator.content.schema import Field, Form, Schema
from generator.content.translations import blank_translation, source_files
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

    languages: Languages = field(default=Languages(), compare=False)

    def text(self, lang: str) -> TrailText:
        return self.languages.pick(self.texts, lang)


@dataclass(frozen=True)
class Stop:
    """Where a site sits in a trail: for "stop 2 of 5" and rel=prev/next links."""

    trail: Trail
    number: int
    prev: Entry | None
    next: Entry | None


def load_trails(root: Path, entries: tuple[Entry, ...], languages: Languages,
                problems: Problems, broken: frozenset[str] = frozenset()) -> list[Trail]:
    """Every valid trail. A stop at a site in `broken` (codes of entries that failed to
    validate, their problems listed) is not a second problem: that trail is left out quietly."""
    if not (root / TRAILS_DIR).is_dir():
        return []
    ctx = Ctx("", MediaRef(Path("/nonexistent")), codes=frozenset(places(entries)),
              broken=broken)
    trails = []
    for slug, paths in sorted(source_files(root, TRAILS_DIR, problems, languages.tags,
                                           example_slug="ten-hanh-trinh").items()):
        parsed = {}
        for lang, path in sorted(paths.items()):
            data, rel = path.read_bytes(), path.relative_to(root).as_posix()
            if blank_translation(rel, data, lang == languages.default, problems):
                continue
            src = decode(rel, data, problems)
            front = split(src, problems) if src else None
            if src and front is not None:
                parsed[lang] = (src, front, data)
        if languages.default in parsed:
            trail = _trail(slug, parsed, ctx, languages, problems)
            if trail and not any(stop.partition("-")[0] in broken for stop in trail.stops):
                trails.append(trail)
    return trails


def _trail(slug: str, parsed: dict[str, tuple[SourceText, FrontMatter, bytes]], ctx: Ctx,
           languages: Languages, problems: Problems) -> Trail | None:
    digest = hashlib.sha256(b"".join(data for _src, _front, data in parsed.values()))
    main = languages.default
    src, front, _data = parsed[main]
    shared, ok = TRAIL.validate_mapping(front.fields, src, ctx, problems)
    texts = {main: _text(shared, front)} if ok else {}
    for lang in [lang for lang in sorted(parsed) if lang != main]:
        t_src, t_front, _data = parsed[lang]
        values, t_ok = TRAIL.validate_mapping(t_front.fields, t_src, ctx, problems,
                                              translation=True)
        ok = ok and t_ok
        if ok:
            texts[lang] = _text(TRAIL.merge(shared, values), t_front)
    if not ok:
        return None
    return Trail(slug, src.path, shared["stops"], texts, shared.get("distance_km"),
                 digest.hexdigest(), languages)


def _text(values: dict[str, Any], front: FrontMatter) -> TrailText:
    return TrailText(values["title"], values["summary"], values.get("duration", ""), front.body)


def _distance(value: Any, ctx: Ctx) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise Invalid("bad-distance", value=str(value))
    return float(value)


def _stops(value: Any, ctx: Ctx) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) < 2:
        raise Invalid("bad-stops")
    unknown = [str(code) for code in value if str(code) not in ctx.codes
               and str(code).partition("-")[0] not in ctx.broken]
    if unknown:
        raise Invalid("unknown-stop", value=unknown[0], known=", ".join(sorted(ctx.codes)))
    if len(set(map(str, value))) != len(value):
        raise Invalid("bad-stops")
    return tuple(str(code) for code in value)


TRAIL = Schema({
    "title": Field(text(200), required=True, translatable=True, form=Form("Tên hành trình")),
    "summary": Field(text(400), required=True, translatable=True,
                     form=Form("Tóm tắt", widget="text")),
    "duration": Field(text(80), translatable=True, form=Form("Thời gian", "Vd. nửa ngày.")),
    # The stops are chosen from the sites by code, in visiting order (at least two).
    "stops": Field(_stops, required=True, form=Form(
        "Các điểm dừng", "Chọn ít nhất hai địa điểm, theo thứ tự đi.", "relation", options={
            "collection": "sites", "value_field": "code", "search_fields": ["title", "code"],
            "display_fields": ["{{code}} · {{title}}"], "multiple": True, "min": 2})),
    "distance_km": Field(_distance, form=Form("Quãng đường (km)", widget="number", options={
        "value_type": "float", "min": 0})),
})


def places(entries: tuple[Entry, ...]) -> dict[str, tuple[Entry, Point | None]]:
    """What a stop may name: a site's code, or a point's (`NT01-2`: that point of its site)."""
    found: dict[str, tuple[Entry, Point | None]] = {}
    for entry in entries:
        found[entry.code] = (entry, None)
        found.update({point.code: (entry, point) for point in entry.points})
    return found


def stops_by_slug(trails: list[Trail], entries: tuple[Entry, ...]) -> dict[str, list[Stop]]:
    """slug → the trails it belongs to, with its neighbours (a point's stop is its site's)."""
    by_code = places(entries)
    result: dict[str, list[Stop]] = defaultdict(list)
    for trail in trails:
        route = [by_code[code][0] for code in trail.stops]
        for index, entry in enumerate(route):
            result[entry.slug].append(Stop(
                trail, index + 1, route[index - 1] if index else None,
                route[index + 1] if index + 1 < len(route) else None))
    return result
