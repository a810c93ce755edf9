"""The validated content: immutable, so no later phase can reach back into YAML."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.config import Config


@dataclass(frozen=True)
class Image:
    """An image referenced by an entry; `src` is relative to `media/` (POSIX)."""

    src: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


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
    aliases: tuple[str, ...] = ()
    draft: bool = False
    plate_size: str = ""  # overrides the config's plate size for this site's plate
    code_line: int = 1  # where `code:` is written, for registry messages

    @property
    def vi(self) -> Text:
        return self.texts["vi"]

    def text(self, lang: str) -> Text:
        """The text in `lang`, falling back to Vietnamese (the caller shows a notice)."""
        return self.texts.get(lang) or self.texts["vi"]

    def images(self) -> tuple[Image, ...]:
        cover = (self.cover,) if self.cover else ()
        return cover + self.vi.gallery


@dataclass(frozen=True)
class Site:
    """The whole project after validation: what every renderer reads."""

    config: Config
    entries: tuple[Entry, ...]  # published, sorted by code
    drafts: tuple[Entry, ...]

    def by_code(self) -> dict[str, Entry]:
        return {entry.code: entry for entry in self.entries}
