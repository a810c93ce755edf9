"""schema.org JSON-LD as search engines read it: one `@graph` per page, whose `WebPage` node
carries the page's language (schema.org allows `inLanguage` on creative works, not on places)
and points at what the page is about (a place, a trail, the dataset, the site).

Every type and property used here is checked against a released schema.org vocabulary by
tests/test_structured_data.py."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from generator.content.model import Config


def ld_script(nodes: list[dict[str, Any]]) -> Markup:
    """The graph as the text of a `<script type="application/ld+json">`, safe inside it."""
    raw = json.dumps({"@context": "https://schema.org", "@graph": nodes}, ensure_ascii=False,
                     sort_keys=True, separators=(",", ":"))  # no spaces: the first-view budget
    return Markup(raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def website_id(config: Config) -> str:
    return config.absolute("#website")


def organisation_id(config: Config) -> str:
    return config.absolute("#organisation")


def web_page(config: Config, lang: str, url: str, kind: str, name: str,
             main: dict[str, Any] | None = None,
             breadcrumb: dict[str, Any] | None = None) -> dict[str, Any]:
    """The page itself (`kind`: WebPage, CollectionPage…), in `lang`, about `main`."""
    # The page's @id is its address: no `url` beside it (a site page's first view is budgeted).
    page: dict[str, Any] = {"@type": kind, "@id": config.absolute(url), "name": name,
                            "inLanguage": lang, "isPartOf": {"@id": website_id(config)}}
    if main is not None:
        page["mainEntity"] = {"@id": main["@id"]}
    if breadcrumb is not None:
        page["breadcrumb"] = {"@id": breadcrumb["@id"]}
    return page


def home_nodes(config: Config, lang: str, url: str) -> list[dict[str, Any]]:
    """The home page: the site (`WebSite`) and who publishes it (`Organization`)."""
    organisation = {"@type": "Organization", "@id": organisation_id(config),
                    "name": config.text("organisation", lang), "url": config.absolute("")}
    website = {"@type": "WebSite", "@id": website_id(config), "url": config.absolute(""),
               "name": config.text("title", lang),
               "description": config.text("description", lang),
               "inLanguage": list(config.languages.tags),
               "publisher": {"@id": organisation_id(config)}}
    page = web_page(config, lang, url, "CollectionPage", config.text("title", lang), website)
    return [page, website, organisation]


def breadcrumb(config: Config, url: str, trail: list[tuple[str, str]]) -> dict[str, Any]:
    """`BreadcrumbList` of (name, site-relative URL) from the home page down to this page; the
    last crumb, this page, names no `item` (Google's rule: the current page may go without)."""
    items: list[dict[str, Any]] = [{"@type": "ListItem", "position": number, "name": name,
                                    "item": config.absolute(link)}
                                   for number, (name, link) in enumerate(trail, start=1)]
    items[-1].pop("item")
    return {"@type": "BreadcrumbList", "@id": config.absolute(url) + "#breadcrumb",
            "itemListElement": items}


def tourist_trip(config: Config, url: str, title: str, summary: str,
                 stops: list[tuple[str, str]]) -> dict[str, Any]:
    """A trail: a `TouristTrip` whose itinerary lists its stops (name, absolute URL) in order."""
    return {"@type": "TouristTrip", "@id": config.absolute(url) + "#trip", "name": title,
            "description": summary, "url": config.absolute(url),
            "itinerary": {"@type": "ItemList", "numberOfItems": len(stops),
                          "itemListOrder": "https://schema.org/ItemListOrderAscending",
                          "itemListElement": [
                              {"@type": "ListItem", "position": number,
                               "item": {"@type": "TouristAttraction", "name": name,
                                        "url": link}}
                              for number, (name, link) in enumerate(stops, start=1)]}}
