"""What each published site's plate says: its Vietnamese title and a second language.

The second language is the entry's `plate_language`, else the config's `plates.second_language`
(default English). It must have an interface catalogue in the theme (the call to action comes from
it) and must not be the default language, which every plate prints anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.content.config import CONFIG_NAME
from generator.content.model import LANGS, Config, Entry, Site
from generator.outputs.urls import plate_url
from generator.problems import Problems

from .layout import PlateText
from .produce import PlateJob

Catalogue = Callable[[str], "dict[str, Any] | None"]  # tag → interface strings, None if absent
FALLBACK = "en"


def plate_jobs(site: Site, catalogue: Catalogue, languages: list[str], logo: bytes | None,
               problems: Problems) -> list[PlateJob]:
    """One job per published site, or none at all when the config names an unknown language
    (one error against the config rather than one per plate). `languages`: the theme's."""
    config = site.config
    if not _known(config.plate_language, languages, CONFIG_NAME, problems):
        return []
    return [job for entry in site.entries
            if (job := _job(entry, config, catalogue, languages, logo, problems)) is not None]


def _known(lang: str, languages: list[str], file: str, problems: Problems) -> bool:
    allowed = [tag for tag in languages if tag != LANGS[0]]
    if lang in allowed:
        return True
    problems.add("bad-plate-language", file, value=lang, allowed=", ".join(allowed))
    return False


def _job(entry: Entry, config: Config, catalogue: Catalogue, languages: list[str],
         logo: bytes | None, problems: Problems) -> PlateJob | None:
    """An entry without a text in its second language prints English instead: the language
    most foreign visitors read, and what every plate printed before (no second title if it has
    no English either), rather than a Korean call to action under an English title."""
    lang = entry.plate_language or config.plate_language
    if entry.plate_language and not _known(lang, languages, entry.path, problems):
        return None
    if lang not in entry.texts:
        lang = FALLBACK
    second, strings, own = entry.texts.get(lang), catalogue(lang), catalogue(LANGS[0])
    assert strings is not None and own is not None  # checked above, or English / the default
    text = PlateText(
        code=entry.code, url=plate_url(config.base_url, entry.code), title_vi=entry.vi.title,
        title_second=second.title if second else None, organisation=config.organisation,
        cta_vi=own["plate_cta"], cta_second=strings["plate_cta"],
        size=entry.plate_size or config.plate_size, logo_png=logo, second_lang=lang)
    return PlateJob(text, entry.slug, entry.path, second.path if second else "")
