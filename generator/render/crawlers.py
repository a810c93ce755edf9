"""What crawlers and feed readers fetch: `sitemap.xml` (every indexable page with its language
alternates and a `<lastmod>` from the content), `robots.txt`, and a feed per language of the
sites published or updated, newest first (Atom `feed.xml` and JSON Feed `feed.json`)."""

from __future__ import annotations

import json
from typing import Any

from generator import __version__
from generator.content.trails import Trail
from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import plate_url
from generator.render.dates import latest, published, updated
from generator.render.pages import Pages


def crawler_outputs(pages: Pages, trails: list[Trail]) -> list[Output]:
    outputs = [sitemap(pages, trails), robots(pages)]
    for lang in pages.langs.tags:
        outputs += feeds(pages, lang)
    return outputs


def sitemap(pages: Pages, trails: list[Trail]) -> Output:
    """Every self-canonical page a visitor may land on from a search: the homes, each site in
    the languages it is written in, and the pages every language has (data, map, codes,
    trails), each with its hreflang alternates."""
    entries, issued, config = pages.site.entries, pages.issued, pages.config
    newest = latest(entries, issued).isoformat()
    listed = [(path, newest) for path in ["", "data", "map", "q", *(["trails"] if trails else [])]]
    stops = {e.code: e for e in entries}
    for trail in trails:  # a trail changes when one of its stops does
        days = [updated(stops[code.split("-")[0]], issued) for code in trail.stops
                if code.split("-")[0] in stops]
        listed.append((f"trails/{trail.slug}", max(days).isoformat() if days else newest))
    rows = [{"loc": config.absolute(pages.urls.page(lang, path)), "lastmod": day,
             "alternates": pages.alternates(None, path)}
            for path, day in listed for lang in pages.langs.tags]
    for entry in entries:
        day = updated(entry, issued).isoformat()
        rows += [{"loc": config.absolute(pages.urls.page(lang, entry.slug)), "lastmod": day,
                  "alternates": pages.alternates(entry)} for lang in entry.texts]
    return Output("sitemap.xml", key(pages.common_key, "sitemap", rows),
                  lambda: pages.theme.render("sitemap.xml", pages=rows))


def robots(pages: Pages) -> Output:
    """Crawlers read only `/robots.txt` (RFC 9309): under a path (`…/diachido/`) this copy is
    never read, and the build warns (content/config.py); the sitemap line still helps a
    deployer who copies it to the host's root."""
    location = pages.config.absolute("sitemap.xml")
    return Output("robots.txt", key(pages.common_key, "robots", location),
                  lambda: pages.theme.render("robots.txt", sitemap=location))


def _items(pages: Pages, lang: str) -> list[dict[str, Any]]:
    """The sites, most recently updated first (then by code, so ties keep one order)."""
    issued, urls, config = pages.issued, pages.urls, pages.config
    ordered = sorted(pages.site.entries, key=lambda e: (updated(e, issued), e.code),
                     reverse=True)
    items = []
    for entry in ordered:
        text = entry.text(lang)
        items.append({
            "id": plate_url(config.base_url, entry.code), "title": text.title,
            "summary": text.summary, "lang": text.lang, "category": text.category,
            "url": config.absolute(urls.page(lang, entry.slug)),
            "image": pages.card_image(lang, entry.slug),
            "published": f"{published(entry, issued).isoformat()}T00:00:00Z",
            "updated": f"{updated(entry, issued).isoformat()}T00:00:00Z",
        })
    return items


def feeds(pages: Pages, lang: str) -> list[Output]:
    config, urls = pages.config, pages.urls
    items = _items(pages, lang)
    newest = max((item["updated"] for item in items), default="1970-01-01T00:00:00Z")
    frame = {"lang": lang, "title": config.text("title", lang),
             "subtitle": config.text("description", lang),
             "author": config.text("organisation", lang) or config.text("title", lang),
             "home": config.absolute(urls.page(lang)), "rights": config.data_license,
             "updated": newest}
    atom = config.absolute(urls.feed(lang, "xml"))
    deps = key(pages.common_key, "feed", lang, items)

    def produce_atom() -> bytes:
        return pages.theme.render("feed.xml", **frame, id=atom, self_url=atom, items=items,
                                  version=__version__)

    def produce_json() -> bytes:
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": frame["title"],
                "description": frame["subtitle"], "home_page_url": frame["home"],
                "feed_url": config.absolute(urls.feed(lang, "json")), "language": lang,
                "authors": [{"name": frame["author"]}],
                "items": [{"id": i["id"], "url": i["url"], "title": i["title"],
                           "summary": i["summary"], "content_text": i["summary"],
                           "language": i["lang"], "date_published": i["published"],
                           "date_modified": i["updated"], "tags": [i["category"]],
                           **({"image": i["image"]} if i["image"] else {})} for i in items]}
        return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    return [Output(urls.feed(lang, "xml"), deps, produce_atom),
            Output(urls.feed(lang, "json"), deps, produce_json)]
