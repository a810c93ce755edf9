"""The optional tile layer of the map page: a Web Mercator mosaic with the sites on top.

Off by default (no third-party request unless the config names a tile server). Drawn as one
inline SVG: tile `<image>`s and linked markers share the same pixel grid, so they always line up,
with no script and no style attributes (the page's CSP stays strict).
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from generator.render.maps.geomap import MapPoint
from generator.render.maps.geometry import BBox, bounds

TILE = 256
MAX_WIDTH = 3 * TILE  # about three tiles across: enough detail, a light page


def _pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    scale = TILE * 2**zoom
    sin = math.sin(math.radians(lat))
    x = (lon + 180) / 360 * scale
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def tile_host(template: str) -> str:
    return "https://" + template.split("://", 1)[1].split("/", 1)[0]


def tile_map_svg(points: list[MapPoint], bbox: BBox, template: str, attribution: str,
                 title: str) -> str:
    """The tiles covering `bbox` (west, south, east, north), widened to keep every point."""
    west, south, east, north = bounds([bbox[:2], bbox[2:], *((p.lon, p.lat) for p in points)])
    zoom = 18
    while zoom > 1:
        left, top = _pixel(north, west, zoom)
        right, bottom = _pixel(south, east, zoom)
        if right - left <= MAX_WIDTH:
            break
        zoom -= 1
    pad = 24
    left, top, right, bottom = left - pad, top - pad, right + pad, bottom + pad
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.0f} {top:.0f} '
             f'{right - left:.0f} {bottom - top:.0f}" role="group" aria-label={quoteattr(title)}>']
    for tx in range(int(left // TILE), int(right // TILE) + 1):
        for ty in range(int(top // TILE), int(bottom // TILE) + 1):
            url = template.replace("{z}", str(zoom)).replace("{x}", str(tx)).replace("{y}",
                                                                                     str(ty))
            parts.append(f'<image href={quoteattr(url)} x="{tx * TILE}" y="{ty * TILE}" '
                         f'width="{TILE}" height="{TILE}"/>')
    for point in points:
        x, y = _pixel(point.lat, point.lon, zoom)
        parts.append(
            f'<a href={quoteattr(point.href)}><title>{escape(point.title)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="#8b1a1a" stroke="#fff" '
            f'stroke-width="3"/><text x="{x + 13:.1f}" y="{y + 5:.1f}" font-size="15" '
            f'font-weight="700" fill="#1b1b1b" stroke="#fff" stroke-width="4" '
            f'paint-order="stroke">{escape(point.code)}</text></a>')
    parts.append(f'<text x="{right - 6:.0f}" y="{bottom - 6:.0f}" font-size="11" '
                 f'text-anchor="end" fill="#1b1b1b" stroke="#fff" stroke-width="3" '
                 f'paint-order="stroke">{escape(attribution)}</text></svg>')
    return "".join(parts)
