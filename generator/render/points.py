"""Points of interest on a site page: one section per point, anchored by its `id`, in order.

The `/q/<CODE>-<n>` landing is the same page with a "you are at" box naming the point; the
anchors are what the box links to (and what site.js scrolls to) so a scan opens at the point.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.content.model import Entry, Point
from generator.media.images import ImageInfo
from generator.media.panorama import PanoramaInfo
from generator.outputs.urls import directions
from generator.render.entry_context import credit_line
from generator.render.markdown import render_markdown
from generator.render.panorama import panorama_context
from generator.render.pictures import picture_html


def points_context(entry: Entry, lang: str, root: str, images: dict[str, ImageInfo],
                   strings: dict[str, Any],
                   panoramas: dict[str, PanoramaInfo]) -> list[dict[str, Any]]:
    """Template values for each point, in the page's language (the default language's words
    where a point is not translated)."""
    text, main = entry.text(lang), entry.languages.default
    return [{**_point(point, root, images, strings),
             # The entry's own box, values and viewer (theme/templates/panorama.html).
             "panorama": panorama_context(point.panorama, panoramas, root, strings),
             # An untranslated point on another language's page is marked as Vietnamese.
             "lang": main if text.lang != main and not point.translated else ""}
            for point in text.points]


def _point(point: Point, root: str, images: dict[str, ImageInfo],
           strings: dict[str, Any]) -> dict[str, Any]:
    photo = images.get(point.photo.src) if point.photo else None
    return {
        "id": point.id, "code": point.code, "title": point.title, "summary": point.summary,
        # Point bodies are text: a point's picture is its `photo`.
        "body": Markup(render_markdown(point.body_md, lambda image: None))
        if point.body_md else None,
        "photo": picture_html(photo, point.photo.alt, root) if photo and point.photo else None,
        "caption": point.photo.caption if point.photo else "",
        "credit": credit_line(point.photo, strings) if point.photo else "",
        "inscription": point.inscription,
        "directions": directions(point.location.lat, point.location.lon)
        if point.location else None,
    }
