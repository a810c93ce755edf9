"""The "stop 2 of 5" navigation a site page shows for each trail it is on."""

from __future__ import annotations

from typing import Any

from generator.content.model import Entry
from generator.content.trails import Stop
from generator.outputs.urls import Urls, href


def trail_nav(stops: list[Stop], lang: str, root: str, strings: dict[str, Any],
              urls: Urls) -> list[dict]:
    """Template values for every trail a site is on."""
    nav = []
    for stop in stops:
        def link(entry: Entry | None) -> dict | None:
            return {"href": href(root, urls.page(lang, entry.slug)),
                    "title": entry.text(lang).title} if entry else None

        nav.append({
            "title": stop.trail.text(lang).title,
            "href": href(root, urls.trail(lang, stop.trail.slug)),
            "label": strings["trail_stop"].format(n=stop.number, total=len(stop.trail.stops)),
            "prev": link(stop.prev), "next": link(stop.next),
        })
    return nav
