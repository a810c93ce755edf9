"""Which link-preview cards a site has, and what each one shows: one per page and language with
its own text (a fallback page shows the default language's card).

Listed apart from their drawing because the list is cheap and the pages need it first: a page
names its card's path in its `og:image`, whether or not the card is drawn yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.media.images import published_files
from generator.outputs.urls import Urls

if TYPE_CHECKING:
    from generator.content.model import Site
    from generator.media.images import MediaCache
    from generator.media.refs import ImageRefs


@dataclass(frozen=True)
class Card:
    out: str  # e.g. "share/dinh-phu-my.jpg"
    title: str
    subtitle: str
    code: str
    site_name: str
    cover: str = ""  # absolute path of the cover original, "" for a designed card
    cover_digest: str = ""
    owner: str = ""  # the entry file whose card this is: where a cover warning points
    owner_line: int | None = None  # its `cover:` line
    cover_name: str = ""  # the cover as the editor wrote it, e.g. "media/a/cong.jpg"
    lang: str = "vi"  # the language of its texts, which chooses the font



def site_cards(site: Site, strings: dict[str, dict], refs: ImageRefs,
               cache: MediaCache) -> list[Card]:
    """The home page's card per language, then each site's; a cover is read from its encoded,
    metadata-free largest variant."""
    config = site.config
    langs = config.languages
    urls = Urls(langs.default)
    cards = []
    for lang in langs.tags:
        site_name = config.text("title", lang)
        cards.append(Card(urls.share_card(lang, "index"), site_name,
                          config.text("description", lang), "",
                          config.text("organisation", lang) or site_name, lang=lang))
    for entry in site.entries:
        info = refs.images.get(entry.cover.src) if entry.cover else None
        cover = published_files(info, cache)[-2][1] if info else None  # largest JPEG
        for lang in [lang for lang in langs.tags if lang in entry.texts]:
            text, theirs = entry.texts[lang], strings[lang]
            subtitle = " · ".join(filter(None, (text.category[:1].upper() + text.category[1:],
                                                theirs["ranking_values"].get(entry.ranking, ""))))
            cards.append(Card(urls.share_card(lang, entry.slug), text.title, subtitle, entry.code,
                              config.text("title", lang),
                              str(cover) if cover else "", info.digest if info else "",
                              owner=entry.path, owner_line=entry.media_where(info.src)[1]
                              if info else None, cover_name=f"media/{info.src}" if info else "",
                              lang=lang))
    return cards
