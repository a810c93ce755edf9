"""The small pieces every SVG map layer writes with: colours, numbers, escaped text, outlines.

Shared by the base map (geomap.py) and the approximate-area layer (areas.py), so the two draw
with one palette and one number format."""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from generator.content.characters import CONTROL
from generator.problems import Invalid
from generator.render.maps.geometry import Frame, project

# Colours: text >= 7:1 on its ground; fills are light tints, told apart by their outlines too.
RED, INK, MUTED, WHITE = "#8b1a1a", "#1b1b1b", "#4f443c", "#ffffff"


def text(value: str) -> str:
    """Escaped for element content and double-quoted attributes; XML-illegal characters dropped."""
    return escape(CONTROL.sub("", str(value)), {'"': "&quot;"})


def num(value: float) -> str:
    s = f"{value:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


def link(value: str) -> str:
    """A link target for the SVG: relative or http(s) only, escaped."""
    if urlsplit(value.strip()).scheme.lower() not in ("", "http", "https"):
        raise Invalid("map-bad-link", value=value)
    return text(value)


def path_d(feature: dict, frame: Frame) -> str:
    """The `d` of a (multi)polygon feature, repeated points dropped, slivers left out."""
    parts = []
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            xy: list[str] = []
            for lon, lat in ring:
                x, y = project(lat, lon, frame)
                pair = f"{num(x)} {num(y)}"
                if not xy or pair != xy[-1]:
                    xy.append(pair)
            if len(set(xy)) >= 3:
                parts.append("M" + "L".join(xy) + "Z")
    return "".join(parts)
