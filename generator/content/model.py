"""The validated content: immutable, so no later phase can reach back into YAML."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

LANGS = ("vi", "en")  # the languages of a project that does not set `languages:`; default first
PLATE_TRIM_MM: dict[str, tuple[float, float]] = {  # size name → trim (width, height)
    "A6": (105.0, 148.0), "A5": (148.0, 210.0), "A4": (210.0, 297.0), "board": (200.0, 300.0),
    "label": (100.0, 70.0),  # landscape: a point's small plate, beside what it names
}
PLATE_SIZES = ("A6", "A5", "A4", "board")  # a site's plate; a tuple: `in` takes any YAML value
POINT_PLATE_SIZES = ("A6", "label")  # a point's plate (`plates.point_size`)


@functools.cache
def _chain(tags: tuple[str, ...], fallback: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Asked for every text a fallback page shows (thousands per build): worked out once."""
    order = (lang, *fallback, tags[0])
    return tuple(t for i, t in enumerate(order) if t in tags and t not in order[:i])


@dataclass(frozen=True)
class Languages:
    """The site's languages (BCP 47 tags, the default first) and where a missing text comes
    from: the language itself, then `fallback` in order, then the default."""

    tags: tuple[str, ...] = LANGS
    fallback: tuple[str, ...] = ("en",)

    @property
    def default(self) -> str:
        return self.tags[0]

    def chain(self, lang: str) -> tuple[str, ...]:
        """Languages to try for a text in `lang`, nearest first; only configured ones."""
        return _chain(self.tags, self.fallback, lang)

    def nearest(self, texts: Mapping[str, object], lang: str) -> str:
        """`lang` if `texts` has it, else the nearest language along its chain that it has."""
        if lang in texts:  # the common case, asked ~14 times per page: no chain to build
            return lang
        return next((tag for tag in self.chain(lang) if tag in texts), self.default)

    def pick(self, texts: Mapping[str, T], lang: str) -> T:
        """The value in `lang` or the nearest language along its chain (the default has all)."""
        return texts[self.nearest(texts, lang)]


@dataclass(frozen=True)
class Config:
    # Texts per language ({"vi": …, "en": …}); read through `text()` so a language the config
    # does not translate falls back like an entry's.
    title: Mapping[str, str] = field(
        default_factory=lambda: {"vi": "Địa chỉ đỏ", "en": "Red addresses"})
    description: Mapping[str, str] = field(default_factory=dict)
    organisation: Mapping[str, str] = field(default_factory=dict)
    languages: Languages = Languages()
    texts_per_language: bool = False  # `title: {vi: …}` style, not `title:` + `title_en:`
    base_url: str = "https://example.org"
    plate_size: str = "A5"
    plate_language: str = "en"  # the second language on plates (`plates.second_language`)
    point_plate_size: str = "A6"  # points' plates: A6 keeps the tested portrait layout
    report_url: str = ""  # where "report a damaged plate" points: mailto:, https: form or issue
    plate_logo: str = ""  # project-relative PNG/JPEG drawn beside the code on every plate
    map_tiles: str = ""  # optional tile URL template, https://…/{z}/{x}/{y}.png (off by default)
    map_attribution: str = ""
    inspection_days: int = 365
    silent_days: int = 60  # a plate with no scan this long after install is listed to check
    goatcounter: str = ""  # `analytics.goatcounter`: the only counter a page may ever load
    data_license: str = "CC BY 4.0"
    editor_repo: str = ""  # "owner/name" on GitHub: where /admin/ opens pull requests
    editor_branch: str = "main"
    editor_auth_url: str = ""  # an OAuth helper for "Sign in with GitHub" (else tokens only)

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. "/diachido" (no trailing slash)."""
        rest = self.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else ""

    def absolute(self, path: str) -> str:
        """Absolute URL of a site path like "dinh-phu-my/" ("" is the home page)."""
        return f"{self.base_url}/{path}"

    def text(self, name: str, lang: str) -> str:
        """A config text (`title`, `description`, `organisation`) in `lang` or its fallback."""
        texts: Mapping[str, str] = getattr(self, name)
        for tag in self.languages.chain(lang):
            if texts.get(tag):
                return texts[tag]
        return ""


@dataclass(frozen=True)
class Image:
    """An image referenced by an entry; `src` is relative to `media/` (POSIX)."""

    src: str
    alt: str
    caption: str = ""
    credit: str = ""  # who made it (photographer, archive)
    license: str = ""  # rights statement, e.g. "CC BY 4.0" or "© Bảo tàng Đồng Nai"


@dataclass(frozen=True)
class Panorama:
    """A 360° equirectangular photo (2:1) under `media/`, with what it shows in words."""

    src: str
    alt: str
    caption: str = ""
    credit: str = ""
    license: str = ""


@dataclass(frozen=True)
class Video:
    """A local MP4/WebM clip (`src`, optional `poster` image) or a YouTube link (`youtube` id)."""

    title: str
    src: str = ""
    youtube: str = ""
    poster: str = ""
    captions: str = ""  # WebVTT file relative to media/
    speech: bool = True  # a clip with speech needs captions
    credit: str = ""
    license: str = ""


@dataclass(frozen=True)
class Audio:
    """Spoken narration ("thuyết minh") with its transcript, for visitors who cannot listen."""

    src: str
    title: str
    transcript: str = ""  # Markdown text (read from `transcript_file` when given as a path)
    transcript_file: str = ""
    credit: str = ""
    license: str = ""


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; never a timestamp."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Decision:
    """The ranking decision: number, date and issuing body (each may be unknown)."""

    number: str = ""
    date: PartialDate | None = None
    issued_by: str = ""


@dataclass(frozen=True)
class Event:
    date: PartialDate
    text: str


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""


@dataclass(frozen=True)
class Managed:
    unit: str
    contact: str = ""


@dataclass(frozen=True)
class Review:
    """Who checked the facts, and when ("verified on … by …")."""

    date: PartialDate
    by: str


@dataclass(frozen=True)
class Inscription:
    """A stele, hoành phi or câu đối: the original (Hán or Nôm), how it reads, what it means.

    `lang` is the original's BCP 47 tag: `lzh` (Literary Chinese, the Hán văn of most steles
    and boards) or `vi-Hani` (Vietnamese written in chữ Nôm)."""

    original: str
    transliteration: str = ""
    translation: str = ""
    lang: str = "lzh"


@dataclass(frozen=True)
class Point:
    """A place within a site (an entrance, a kitchen, a stele), with its own plate code.

    `code` is `<site code>-<n>`: written on the point by the editor (so a renamed `id` keeps
    it) or given by codes.yml after validation (content/point_codes.py); "" until then."""

    id: str
    title: str
    summary: str
    body_md: str = ""
    photo: Image | None = None
    inscription: Inscription | None = None
    location: Location | None = None
    code: str = ""
    line: int = 1  # where the point's item starts, for registry and media messages
    panorama: Panorama | None = None  # a 360° view at the point: the entry's own kind
    translated: bool = False  # in a translation's text: its words are the translation's own


@dataclass(frozen=True)
class Text:
    """What a language version of an entry says; the Vietnamese one is always complete."""

    lang: str
    title: str
    summary: str
    category: str
    address: str
    body_md: str
    body_line: int
    path: str  # project-relative file the text came from
    cover_alt: str = ""
    gallery: tuple[Image, ...] = ()
    sources: tuple[Source, ...] = ()
    periods: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    opening_hours: str = ""
    admission: str = ""
    content_note: str = ""
    ranking_decision: Decision | None = None  # translatable for the issuing body's name
    people: tuple[Person, ...] = ()
    panorama: Panorama | None = None  # translatable for its alt and caption
    reviewed: bool = True  # False: a draft translation not yet checked by a native speaker
    points: tuple[Point, ...] = ()  # places within the site, in the order listed


@dataclass(frozen=True)
class Entry:
    """One heritage site: shared facts plus its text in each language it has."""

    slug: str
    code: str
    path: str
    digest: str  # hash of the entry's files' bytes, part of every output key that uses it
    texts: dict[str, Text] = field(hash=False, compare=True)
    location: Location | None = None
    ranking: str = ""
    ranked_year: int | None = None
    cover: Image | None = None
    type: str = ""
    managed_by: Managed | None = None
    reviewed: Review | None = None
    updated: PartialDate | None = None  # the last change readers should hear of (the feed)
    videos: tuple[Video, ...] = ()
    audio: tuple[Audio, ...] = ()
    aliases: tuple[str, ...] = ()
    draft: bool = False
    plate_size: str = ""  # overrides the config's plate size for this site's plate
    plate_language: str = ""  # overrides the config's second plate language for this plate
    area: str = ""  # its commune on the map (`area:`, or named in the address); "" if unknown
    code_line: int = 1  # where `code:` is written, for registry messages
    aliases_line: int = 1  # where `aliases:` is written, for "alias taken"
    # media path → (line, that line's text) of the entry file naming it (cover, gallery, video,
    # audio or point item), so a file refused when it is read is reported where it is written
    media_lines: dict[str, tuple[int, str]] = field(default_factory=dict, hash=False,
                                                    compare=False)

    languages: Languages = field(default=Languages(), compare=False)

    @property
    def main(self) -> Text:
        """The text in the site's default language: always there, always complete."""
        return self.texts[self.languages.default]

    def text(self, lang: str) -> Text:
        """The text in `lang` or the nearest language of its chain (the caller shows a notice
        when `.lang` is not the one asked for)."""
        return self.languages.pick(self.texts, lang)

    def media_where(self, src: str) -> tuple[str, int | None, str | None]:
        """(file, line, line text) of the entry file's first mention of the media file `src`."""
        line, quoted = self.media_lines.get(src, (None, None))
        return self.path, line, quoted

    def images(self) -> tuple[Image, ...]:
        """Every still image the entry publishes: cover, gallery, video posters."""
        cover = (self.cover,) if self.cover else ()
        posters = tuple(Image(v.poster, v.title) for v in self.videos if v.poster)
        photos = tuple(p.photo for p in self.main.points if p.photo)
        return cover + self.main.gallery + posters + photos

    @property
    def points(self) -> tuple[Point, ...]:
        """The points of interest (the default language's: every language lists the same)."""
        return self.main.points

    def panoramas(self) -> dict[str, tuple[str, int | None]]:
        """src → (file, line) naming it, for every 360° view the entry or its points show, so a
        refusal lands on the point's item or the `panorama:` line. Points come from the default
        language: a translation's copy keeps the original's file."""
        found = {p.panorama.src: (self.main.path, p.line) for p in self.main.points if p.panorama}
        own: dict[str, tuple[str, int | None]] = {}
        for text in sorted(self.texts.values(), key=lambda t: t is not self.main):
            if text.panorama:  # the original's line first; a translation's file has its own
                own.setdefault(text.panorama.src, (text.path, self.media_where(
                    text.panorama.src)[1] if text is self.main else None))
        return found | own


@dataclass(frozen=True)
class Broken:
    """An entry that failed to validate, with the code its front matter still claims: the
    code is checked against the others' (a duplicate is its own problem, reported in the same
    run), and a trail stopping there is not also reported as citing an unpublished site."""

    slug: str
    path: str
    code: str  # "" when the code itself is what is wrong
    code_line: int
    draft: bool = False


@dataclass(frozen=True)
class Site:
    """The whole project after validation: what every renderer reads."""

    config: Config
    entries: tuple[Entry, ...]  # published, sorted by code
    drafts: tuple[Entry, ...]
    broken: tuple[Broken, ...] = ()  # entries left out for their problems (never rendered)

    def broken_codes(self) -> frozenset[str]:
        """Codes of published-to-be sites that failed to validate (their problems are listed)."""
        return frozenset(b.code for b in self.broken if b.code and not b.draft)

    def by_code(self) -> dict[str, Entry]:
        return {entry.code: entry for entry in self.entries}
