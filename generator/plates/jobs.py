"""What each published site's plate says: its default-language title and a second language.

The second language is the entry's `plate_language`, else the config's `plates.second_language`
(default English). It must be one of the site's `languages` (so the theme has its catalogue: the
call to action comes from it) and not the default language, which every plate prints anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.content.config import CONFIG_NAME, is_placeholder
from generator.content.model import Config, Entry, Site
from generator.outputs.urls import plate_url
from generator.problems import Problems

from .geometry import PlateText
from .produce import PlateJob

FALLBACK = "en"  # the second language of a site that has no text in the chosen one
Strings = Mapping[str, Mapping[str, Any]]  # tag → interface strings, for each site language


def plate_jobs(site: Site, strings: Strings, logo: bytes | None,
               problems: Problems) -> list[PlateJob]:
    """One job per published site and per point of one, or none at all when the config names
    an unknown language (one error against the config rather than one per plate)."""
    config = site.config
    if not _known(config.plate_language, config, CONFIG_NAME, problems):
        return []
    return [job for entry in site.entries for job in _jobs(entry, config, strings, logo, problems)]


def _known(lang: str, config: Config, file: str, problems: Problems) -> bool:
    allowed = config.languages.tags[1:]
    if lang in allowed:
        return True
    problems.add("bad-plate-language", file, value=lang, allowed=", ".join(allowed))
    return False


def _jobs(entry: Entry, config: Config, strings: Strings, logo: bytes | None,
          problems: Problems) -> list[PlateJob]:
    """An entry without a text in its second language prints the nearest one along that
    language's chain (English by default: what every plate printed before), rather than a
    Korean call to action under an English title; with none, no second title and the call
    to action in English when the site has it."""
    langs = config.languages
    lang = entry.plate_language or config.plate_language
    if entry.plate_language and not _known(lang, config, entry.path, problems):
        return []
    if lang not in entry.texts:
        chain = [tag for tag in langs.chain(lang) if tag != langs.default]
        lang = next((tag for tag in chain if tag in entry.texts),
                    FALLBACK if FALLBACK in langs.tags else lang)
    second = entry.texts.get(lang)
    own, other = strings[langs.default]["plate_cta"], strings[lang]["plate_cta"]
    sample = is_placeholder(config.base_url)
    text = PlateText(
        code=entry.code, url=plate_url(config.base_url, entry.code), title_vi=entry.main.title,
        title_second=second.title if second else None,
        organisation=config.text("organisation", langs.default), cta_vi=own, cta_second=other,
        size=entry.plate_size or config.plate_size, logo_png=logo, second_lang=lang,
        sample=sample)
    jobs = [PlateJob(text, entry.slug, entry.path, second.path if second else "")]
    # A point's plate names its site where a site's plate names the organisation.
    translated = second.points if second else entry.points
    for point, words in zip(entry.points, translated, strict=True):
        jobs.append(PlateJob(PlateText(
            code=point.code, url=plate_url(config.base_url, point.code), title_vi=point.title,
            title_second=words.title if words.translated else None,
            organisation=entry.main.title, cta_vi=own, cta_second=other,
            size=config.point_plate_size, logo_png=logo, second_lang=lang, sample=sample,
        ), f"{entry.slug}#{point.id}", entry.path, second.path if second else ""))
    return jobs
