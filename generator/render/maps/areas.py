"""Approximate areas: sites without coordinates drawn as the hatched commune they lie in.

A site's commune comes from content (its `area:` or its address). Every site of one commune
shares the one hatched outline and one label: the commune's name over a row of code chips,
each chip a link to its site's page (a keyboard stop with a 22 px target), so the area itself
never has to stand for one site when it holds several.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from generator.render.maps.geometry import Frame, Labels, bounds, label_spots, project
from generator.render.maps.svgbits import MUTED, RED, WHITE, link, num, path_d, text

MAX_CHIPS, PER_ROW = 6, 3  # more sites than chips: "+N", and the list under the map has them all
CHIP_H, NAME_H, GAP = 22.0, 14.0, 3.0


@dataclass(frozen=True)
class AreaSite:
    code: str
    title: str
    href: str


@dataclass(frozen=True)
class MapArea:
    """The sites drawn as one commune (`commune` is its `name` in theme/geo/communes.json)."""

    commune: str
    sites: tuple[AreaSite, ...]


def hatch_id(id_prefix: str) -> str:
    return f"{id_prefix}-hatch"


def hatch_pattern(id_prefix: str) -> str:
    """Diagonal red hatching over a light tint: tells an area from the plain commune fills."""
    return (f'<defs><pattern id="{hatch_id(id_prefix)}" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{WHITE}" fill-opacity="0.35"/>'
            f'<path d="M0 0V6" stroke="{RED}" stroke-width="1.6" stroke-opacity="0.6"/>'
            "</pattern></defs>")


def features_of(areas: Sequence[MapArea], communes: list[dict]) -> list[tuple[MapArea, dict]]:
    """Each area with its commune's boundary; an area whose commune is not drawn is left out."""
    by_name = {f["properties"].get("name"): f for f in communes}
    return [(a, by_name[a.commune]) for a in areas if a.commune in by_name and a.sites]


def area_fills(found: list[tuple[MapArea, dict]], frame: Frame, id_prefix: str,
               title: str) -> list[str]:
    """The hatched outlines, each titled "<commune>: approximate area of NT01, NT02"."""
    return [f'<path d="{path_d(f, frame)}" fill="url(#{hatch_id(id_prefix)})" '
            f'fill-rule="evenodd" stroke="{RED}" stroke-width="1.6" stroke-dasharray="5 3">'
            f'<title>{text(title.format(name=a.commune, codes=", ".join(s.code for s in a.sites)))}'
            "</title></path>" for a, f in found]


def _chip_w(code: str) -> float:
    return len(code) * 7.0 + 12


def _size(area: MapArea) -> tuple[float, float]:
    chips = [_chip_w(s.code) for s in area.sites[:MAX_CHIPS]]
    rows = [chips[i:i + PER_ROW] for i in range(0, len(chips), PER_ROW)]
    extra = 28.0 if len(area.sites) > MAX_CHIPS else 0.0
    widest = max(sum(r) + GAP * (len(r) - 1) for r in rows) + extra
    w = max(widest, len(area.commune) * 6.6) + 10
    return w, 4 + NAME_H + len(rows) * (CHIP_H + GAP) + 1


def _anchor(feature: dict, frame: Frame) -> tuple[float, float]:
    """A point inside the commune near its centre (its bounding box's centre for a sliver)."""
    spots = label_spots(feature, frame, 0)
    if spots:
        return spots[0]
    west, south, east, north = bounds(p for poly in feature["geometry"]["coordinates"]
                                      for p in poly[0])
    return project((south + north) / 2, (west + east) / 2, frame)


def _spot(feature: dict, frame: Frame, w: float, h: float,
          place: Labels) -> tuple[float, float]:
    """Top-left of the label: inside the commune where it fits and is clear of markers and
    other labels, else the clear spot nearest the commune's centre (drawn with a leader)."""
    ax, ay = _anchor(feature, frame)
    inside = [(cx - w / 2, cy - h / 2) for cx, cy in label_spots(feature, frame, w)]
    offsets = sorted(((dx * w / 2, dy * h / 2) for dx in range(-3, 4) for dy in range(-5, 6)),
                     key=lambda d: math.hypot(*d))
    boxes = [(min(max(x, 2), frame.width - w - 2), min(max(y, 2), frame.height - h - 2))
             for x, y in inside + [(ax + dx - w / 2, ay + dy - h / 2) for dx, dy in offsets]]
    x, y = next((b for b in boxes if place.free((b[0], b[1], b[0] + w, b[1] + h))), boxes[0])
    place.block(x, y, x + w, y + h)
    return x, y


def _leader(feature: dict, frame: Frame, x: float, y: float, w: float, h: float) -> str:
    """A line from a label placed outside its commune to the commune's centre."""
    ax, ay = _anchor(feature, frame)
    if x <= ax <= x + w and y <= ay <= y + h:
        return ""
    px, py = min(max(ax, x), x + w), min(max(ay, y), y + h)
    return (f'<path d="M{num(ax)} {num(ay)}L{num(px)} {num(py)}" stroke="{RED}" '
            f'stroke-width="1.2"/><circle cx="{num(ax)}" cy="{num(ay)}" r="2" fill="{RED}"/>')


def area_labels(found: list[tuple[MapArea, dict]], frame: Frame, place: Labels,
                site_title: str) -> list[str]:
    """One label per area: the commune's name and a linked chip per site (title: the site's
    name and "approximate area")."""
    out = []
    for area, feature in found:
        w, h = _size(area)
        x, y = _spot(feature, frame, w, h, place)
        parts = [f'<g class="area">{_leader(feature, frame, x, y, w, h)}'
                 f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" '
                 f'height="{num(h)}" rx="4" fill="{WHITE}" fill-opacity="0.94" stroke="{RED}" '
                 f'stroke-width="1"/><text x="{num(x + 4)}" y="{num(y + 14)}" font-size="11" '
                 f'font-style="italic" fill="{MUTED}">{text(area.commune)}</text>']
        for i, site in enumerate(area.sites[:MAX_CHIPS]):
            row, col = divmod(i, PER_ROW)
            cx = x + 4 + sum(_chip_w(s.code) + GAP
                             for s in area.sites[row * PER_ROW:row * PER_ROW + col])
            cy = y + 4 + NAME_H + row * (CHIP_H + GAP)
            cw = _chip_w(site.code)
            name = site_title.format(code=site.code, title=site.title, name=area.commune)
            parts.append(f'<a href="{link(site.href)}"><title>{text(name)}</title>'
                         f'<rect x="{num(cx)}" y="{num(cy)}" width="{num(cw)}" '
                         f'height="{num(CHIP_H)}" rx="3" fill="{RED}"/>'
                         f'<text x="{num(cx + cw / 2)}" y="{num(cy + 15)}" text-anchor="middle" '
                         f'font-size="11" font-weight="700" fill="{WHITE}">{text(site.code)}'
                         "</text></a>")
        if len(area.sites) > MAX_CHIPS:
            parts.append(f'<text x="{num(x + w - 6)}" y="{num(y + h - 9)}" text-anchor="end" '
                         f'font-size="11" font-weight="700" fill="{RED}">'
                         f"+{len(area.sites) - MAX_CHIPS}</text>")
        out.append("".join(parts) + "</g>")
    return out
