"""Self-contained SVG maps: simplified boundaries in theme/geo/, drawn without tiles or JavaScript.

The boundary files are made once from the upstream GeoJSON (geodata.py) and committed; the build
only reads them. The SVG uses presentation attributes only (no `style`, no `<script>`, no
external references), so it passes the site's Content Security Policy when inlined in a page.
Inline it: `<img>` would disable the links, and `object-src` is 'none'.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.problems import Invalid
from generator.render.maps.areas import MapArea, area_fills, area_labels, features_of, hatch_pattern
from generator.render.maps.geometry import (
    BBox,
    Frame,
    Labels,
    bounds,
    frame_for,
    label_spots,
    outline,
    project,
)
from generator.render.maps.svgbits import INK, MUTED, RED, WHITE
from generator.render.maps.svgbits import link as _href
from generator.render.maps.svgbits import num as _n
from generator.render.maps.svgbits import path_d as _path
from generator.render.maps.svgbits import text as _text

GEO_DIR = Path(__file__).resolve().parents[3] / "theme" / "geo"
PROVINCE_FILE, COMMUNES_FILE = "dong-nai.json", "communes.json"

OUTSIDE, PROVINCE_FILL, PROVINCE_STROKE = "#e9eef1", "#fbf8f3", "#6b5e55"
COMMUNE_FILLS, COMMUNE_STROKE = ("#f3ddd2", "#ece3c6", "#dde6cf", "#d9e3ec"), "#8c7b70"
FONT = "system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif"
FITS = ("province", "communes", "points")

TEXTS: dict[str, dict[str, Any]] = {  # text, or (line, line) for the credit
    "vi": {"map": "Bản đồ các địa chỉ đỏ", "route": "Lộ trình tham quan",
           "desc": "{n} địa điểm trên bản đồ {area}, ranh giới phường, xã năm 2025.",
           "route_desc": "Lộ trình qua {n} địa điểm, theo thứ tự đánh số, trên bản đồ {area}.",
           "areas_desc": " {k} trong số đó chưa có toạ độ, được tô gạch chéo cả phường, xã nơi có"
                         " di tích (vị trí gần đúng).",
           "area": "{name}: vị trí gần đúng của {codes}",
           "area_site": "{code} {title} (vị trí gần đúng: {name})",
           "credit": ("Ranh giới: vietnamese-provinces-database © 2021 Thang Le Quoc (MIT),",
                      "theo Bản đồ đơn vị hành chính Việt Nam (sapnhap.bando.com.vn)")},
    "en": {"map": "Map of the red-address sites", "route": "Visiting route",
           "desc": "{n} places on a map of {area}, with the 2025 ward and commune boundaries.",
           "route_desc": "A route through {n} places, in numbered order, on a map of {area}.",
           "areas_desc": " {k} of them have no coordinates yet and are shown as their whole"
                         " hatched commune (approximate area).",
           "area": "{name}: approximate area of {codes}",
           "area_site": "{code} {title} (approximate area: {name})",
           "credit": ("Boundaries: vietnamese-provinces-database © 2021 Thang Le Quoc (MIT),",
                      "from the Vietnam Administrative Units Map (sapnhap.bando.com.vn)")},
}


@dataclass(frozen=True)
class MapPoint:
    code: str
    title: str
    lat: float
    lon: float
    href: str
    kind: str = "site"  # or "point": a point of interest, drawn as a ring (the legend says so)


# --- drawing -------------------------------------------------------------------------------


def load_geo(geo_dir: Path = GEO_DIR) -> tuple[list[dict], list[dict]]:
    """(province features, commune features) from the simplified files."""
    geo_dir = Path(geo_dir)
    return tuple(json.loads((geo_dir / name).read_text(encoding="utf-8"))["features"]
                 for name in (PROVINCE_FILE, COMMUNES_FILE))


def _fit(fit: str, province: list[dict], communes: list[dict], points: list[MapPoint],
         areas: Sequence[dict] = ()) -> BBox:
    """The area to show: the province, the communes or the points, always with every point
    and every approximate area."""
    if fit not in FITS:
        raise Invalid("map-bad-option", option="fit", value=fit, allowed=", ".join(FITS))
    shown: list[Sequence[float]] = [(p.lon, p.lat) for p in points]
    shown += outline(list(areas))
    if fit != "points" or not shown:
        shown += outline(province if fit == "province" else communes)
    w, s, e, n = bounds(shown)
    span = max(e - w, n - s, 0.02) * 0.08  # margin around points at the edge
    if fit == "points":
        w, s, e, n = w - span, s - span, e + span, n + span
    cx, cy, half = (w + e) / 2, (s + n) / 2, 0.01  # never zoom closer than about 2 km across
    return min(w, cx - half), min(s, cy - half), max(e, cx + half), max(n, cy + half)


def map_frame(points: list[MapPoint], geo_dir: Path = GEO_DIR, *, fit: str = "province",
              width: int = 360) -> Frame:
    """The frame render_map_svg and route_svg draw in (map area only, above the credit line)."""
    province, communes = load_geo(geo_dir)
    return frame_for(_fit(fit, province, communes, list(points)), width)


def _svg(points: list[MapPoint], geo_dir: Path, *, width: int, labels: bool, highlight: str | None,
         fit: str, lang: str, title: str | None, desc: str | None, id_prefix: str,
         route: bool, areas: Sequence[MapArea] = ()) -> str:
    """The map, drawn in steps: frame, boundaries, hatched areas, route line, markers, area
    labels, area names, credit."""
    if not re.fullmatch(r"[A-Za-z][\w-]*", id_prefix):
        raise Invalid("map-bad-option", option="id_prefix", value=id_prefix,
                      allowed="a letter, then letters, digits, - or _")
    points = list(points)
    hrefs = [_href(p.href) for p in points]
    province, communes = load_geo(geo_dir)
    found = features_of(areas, communes)
    frame = frame_for(_fit(fit, province, communes, points, [f for _, f in found]), width)
    xy = [project(p.lat, p.lon, frame) for p in points]
    texts = TEXTS["vi" if lang == "vi" else "en"]  # other languages read the Latin names
    out = _head(frame, _titles(texts, province, lang, route, title, desc, len(points), found),
                id_prefix, bool(points or found)) + _boundaries(province, communes, frame, lang)
    if found:
        out += [hatch_pattern(id_prefix), *area_fills(found, frame, id_prefix, texts["area"])]
    place = _reserved(frame, points, xy, highlight, route)
    if route and len(xy) > 1:
        out.append(_route_line(xy))
    marks = [_mark(i, p, x, y, href, highlight, route, place if labels else None)
             for i, ((x, y), p, href) in enumerate(zip(xy, points, hrefs, strict=True), 1)]
    boxes = area_labels(found, frame, place, texts["area_site"])
    named = {a.commune for a, _ in found}
    out.append('<g aria-hidden="true">' + _area_names(
        province, [f for f in communes if f["properties"].get("name") not in named], frame, place)
        + _scale_bar(frame) + "</g>")
    out += marks + boxes
    out.append("</svg>")
    line1, line2 = texts["credit"]
    H = frame.height
    out.append(f'<text x="6" y="{_n(H + 12)}" font-size="8.5" fill="{MUTED}">{_text(line1)}'
               f'<tspan x="6" y="{_n(H + 24)}">{_text(line2)}</tspan></text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _titles(texts: dict[str, Any], province: list[dict], lang: str, route: bool,
            title: str | None, desc: str | None, n: int,
            found: list[tuple[MapArea, dict]]) -> tuple[str, str]:
    """The map's title and description: how many places, how many of them approximate."""
    area = province[0]["properties"].get("name" if lang == "vi" else "nameEn", "")
    kind = "route" if route else "map"
    k = sum(len(a.sites) for a, _ in found)
    text = texts[f"{kind}_desc" if route else "desc"].format(n=n + k, area=area)
    return title or texts[kind], desc or text + (texts["areas_desc"].format(k=k) if k else "")


def _head(frame: Frame, titles: tuple[str, str], id_prefix: str, links: bool) -> list[str]:
    """The outer SVG (map plus a 30 px credit line), its title and description, and the inner
    SVG that clips the map to its frame."""
    W, H, foot = frame.width, frame.height, 30
    title, desc = titles
    tid, did = f"{id_prefix}-title", f"{id_prefix}-desc"
    # role=img would make the links presentational (axe: nested-interactive); a group keeps them.
    role = "group" if links else "img"
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(W)} {_n(H + foot)}" '
            f'role="{role}" aria-labelledby="{tid}" aria-describedby="{did}" class="geomap" '
            f'font-family="{FONT}">',
            f'<title id="{tid}">{_text(title)}</title><desc id="{did}">{_text(desc)}</desc>',
            f'<rect width="{_n(W)}" height="{_n(H + foot)}" fill="{WHITE}"/>',
            f'<svg width="{_n(W)}" height="{_n(H)}" viewBox="0 0 {_n(W)} {_n(H)}">',  # clips
            f'<rect width="{_n(W)}" height="{_n(H)}" fill="{OUTSIDE}"/>']


def _boundaries(province: list[dict], communes: list[dict], frame: Frame,
                lang: str) -> list[str]:
    """The province outline, then the communes in alternating tints, each titled."""
    out = [f'<path d="{_path(f, frame)}" fill="{PROVINCE_FILL}" fill-rule="evenodd" '
           f'stroke="{PROVINCE_STROKE}" stroke-width="1.4" stroke-linejoin="round">'
           f'<title>{_text(f["properties"].get("name", ""))}</title></path>' for f in province]
    out.append(f'<g stroke="{COMMUNE_STROKE}" stroke-width="0.8" stroke-linejoin="round" '
               'fill-rule="evenodd">')
    for i, f in enumerate(communes):
        name = f["properties"].get("fullName" if lang == "vi" else "fullNameEn") \
            or f["properties"].get("name", "")
        out.append(f'<path d="{_path(f, frame)}" fill="{COMMUNE_FILLS[i % len(COMMUNE_FILLS)]}">'
                   f'<title>{_text(name)}</title></path>')
    out.append("</g>")
    return out


def _radius(point: MapPoint, highlight: str | None, route: bool) -> float:
    """Marker radius: numbered route markers are larger, the highlighted point larger still."""
    return (8.5 if route else 5.5) + (2.5 if point.code == highlight else 0)


def _reserved(frame: Frame, points: list[MapPoint], xy: list[tuple[float, float]],
              highlight: str | None, route: bool) -> Labels:
    """Label placement with the markers, the scale bar and the route line already taken."""
    place = Labels(frame.width, frame.height)
    for (x, y), p in zip(xy, points, strict=True):
        r = _radius(p, highlight, route)
        place.block(x - r - 1, y - r - 1, x + r + 1, y + r + 1)
    place.block(6, frame.height - 24, 96, frame.height - 4)  # scale bar
    for (x0, y0), (x1, y1) in zip(xy, xy[1:], strict=False) if route else ():
        steps = max(1, int(math.dist((x0, y0), (x1, y1)) / 5))
        for k in range(steps + 1):  # keep labels off the route line
            x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
            place.block(x - 2, y - 2, x + 2, y + 2)
    return place


def _route_line(xy: list[tuple[float, float]]) -> str:
    """The route through the points in order: red on a white casing, readable on any fill."""
    line = " ".join(f"{_n(x)} {_n(y)}" for x, y in xy)
    return (f'<polyline points="{line}" fill="none" stroke="{WHITE}" stroke-width="6" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
            f'<polyline points="{line}" fill="none" stroke="{RED}" stroke-width="2.5" '
            f'stroke-linejoin="round" stroke-linecap="round"/>')


def _mark(i: int, p: MapPoint, x: float, y: float, href: str, highlight: str | None,
          route: bool, place: Labels | None) -> str:
    """One linked marker: a 24 px touch target, the dot, its number on a route, its label."""
    hot = p.code == highlight
    r = _radius(p, highlight, route)
    name = f"{i}. {p.code} {p.title}" if route else f"{p.code} {p.title}"
    mark = [f'<a href="{href}"' + (' aria-current="true"' if hot else "") + ">",
            f"<title>{_text(name)}</title>",
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(max(r, 12))}" fill="{WHITE}" '
            'fill-opacity="0"/>']
    if hot:
        mark.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r + 3.5)}" fill="none" '
                    f'stroke="{RED}" stroke-width="2"/>')
    if p.kind == "point" and not route:
        mark.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r - 1)}" fill="{WHITE}" '
                    f'stroke="{RED}" stroke-width="2.5"/>')
    else:
        mark.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{RED}" '
                    f'stroke="{WHITE}" stroke-width="1.5"/>')
    if route:
        mark.append(f'<text x="{_n(x)}" y="{_n(y + 3.6)}" text-anchor="middle" '
                    f'font-size="10" font-weight="700" fill="{WHITE}">{i}</text>')
    if place is not None:
        size = 12 if hot else 11
        lx, ly = place.place(x, y, r + (3.5 if hot else 0), p.code, size)
        mark.append(f'<text x="{_n(lx)}" y="{_n(ly + size * 0.85)}" font-size="{size}" '
                    f'font-weight="700" fill="{INK}" stroke="{WHITE}" stroke-width="3" '
                    f'stroke-linejoin="round" paint-order="stroke">{_text(p.code)}</text>')
    return "".join(mark + ["</a>"])


def _area_names(province: list[dict], communes: list[dict], frame: Frame,
                place: Labels) -> str:
    """Commune and province names where there is room, after the markers have their spots."""
    names = []
    for f, size, extra in ([(f, 10, ' font-style="italic"') for f in communes]
                           + [(f, 13, ' font-weight="600"') for f in province]):
        text = f["properties"].get("name", "")
        w = len(text) * size * 0.56
        for cx, cy in label_spots(f, frame, w):
            box = (cx - w / 2, cy - size * 0.6, cx + w / 2, cy + size * 0.6)
            if place.free(box):
                place.block(*box)
                names.append(f'<text x="{_n(cx)}" y="{_n(cy + size * 0.35)}" text-anchor="middle" '
                             f'font-size="{size}"{extra} fill="{MUTED}">{_text(text)}</text>')
                break
    return "".join(names)


def _scale_bar(frame: Frame) -> str:
    px_per_km = frame.scale / 111.32
    km = next((k for k in (50, 20, 10, 5, 2, 1, 0.5) if k * px_per_km <= 80), 0.2)
    length, x0, y0 = km * px_per_km, 10, frame.height - 10
    label = f"{km:g} km"
    return (f'<path d="M{_n(x0)} {_n(y0 - 4)}V{_n(y0)}H{_n(x0 + length)}V{_n(y0 - 4)}" '
            f'fill="none" stroke="{INK}" stroke-width="1.2"/>'
            f'<text x="{_n(x0 + length + 4)}" y="{_n(y0)}" font-size="9" fill="{INK}">'
            f"{label}</text>")


def render_map_svg(points: list[MapPoint], geo_dir: Path = GEO_DIR, *, width: int = 360,
                   labels: bool = True, highlight: str | None = None, fit: str = "province",
                   lang: str = "vi", title: str | None = None, desc: str | None = None,
                   id_prefix: str = "geomap", areas: Sequence[MapArea] = ()) -> str:
    """An SVG map of `points` (each a link titled with its site) over the boundaries.

    fit: "province" (the whole province), "communes" (the three communes, closer) or "points";
    every point is always inside. `highlight` is a point code drawn larger with a ring.
    `id_prefix` keeps the title/desc ids unique when a page holds two maps. `areas`: sites
    without coordinates, drawn as their hatched commune with a linked label (areas.py).
    """
    return _svg(points, geo_dir, width=width, labels=labels, highlight=highlight, fit=fit,
                lang=lang, title=title, desc=desc, id_prefix=id_prefix, route=False,
                areas=areas)


def route_svg(points: list[MapPoint], geo_dir: Path = GEO_DIR, *, width: int = 360,
              labels: bool = True, highlight: str | None = None, fit: str = "communes",
              lang: str = "vi", title: str | None = None, desc: str | None = None,
              id_prefix: str = "geomap-route") -> str:
    """Like render_map_svg, with a line through the points in order and numbered markers."""
    return _svg(points, geo_dir, width=width, labels=labels, highlight=highlight, fit=fit,
                lang=lang, title=title, desc=desc, id_prefix=id_prefix, route=True)
