"""Plane geometry of the SVG maps: bounding boxes, the projection, and label placement.

Kept apart from the drawing (geomap.py) so the tile layer and the map page reuse the one
bounding-box computation, and each module stays short enough to read at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

BBox = tuple[float, float, float, float]
"""(west, south, east, north) in degrees: min lon, min lat, max lon, max lat."""


@dataclass(frozen=True)
class Frame:
    """Equirectangular frame: x grows east (scaled by cos of the mid latitude), y grows south."""

    west: float
    south: float
    east: float
    north: float
    scale: float  # px per degree of latitude
    kx: float  # cos(mid latitude): px per degree of longitude = scale * kx
    pad: float
    width: float
    height: float


def bounds(lon_lats: Iterable[Sequence[float]]) -> BBox:
    """The box around (lon, lat) pairs: the one bounding-box computation of the maps."""
    xs, ys = [], []
    for lon, lat, *_ in lon_lats:
        xs.append(lon)
        ys.append(lat)
    return min(xs), min(ys), max(xs), max(ys)


def outline(features: list[dict]) -> Iterator[Sequence[float]]:
    """Every vertex of the outer ring of every polygon (holes lie inside it)."""
    for feature in features:
        for polygon in feature["geometry"]["coordinates"]:
            yield from polygon[0]


def frame_for(bbox: BBox, width: float, pad: float = 14) -> Frame:
    west, south, east, north = bbox
    kx = math.cos(math.radians((south + north) / 2))
    scale = (width - 2 * pad) / max((east - west) * kx, 1e-9)
    height = (north - south) * scale + 2 * pad
    return Frame(west, south, east, north, scale, kx, pad, width, height)


def project(lat: float, lon: float, frame: Frame) -> tuple[float, float]:
    return (frame.pad + (lon - frame.west) * frame.kx * frame.scale,
            frame.pad + (frame.north - lat) * frame.scale)


def label_spots(feature: dict, frame: Frame, w: float) -> list[tuple[float, float]]:
    """Spots near the centre of the largest ring where a label `w` px wide stays inside it."""
    best: tuple[float, list[tuple[float, float]]] = (0.0, [])
    for polygon in feature["geometry"]["coordinates"]:
        pts = [project(lat, lon, frame) for lon, lat in polygon[0]]
        a = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False))
        if abs(a) > abs(best[0]):
            best = (a, pts)
    a, ring = best
    if not a:
        return []
    edges = list(zip(ring, ring[1:], strict=False))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in edges) / 3 / a
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in edges) / 3 / a

    def inside(x: float, y: float) -> bool:
        hits = False
        for (x0, y0), (x1, y1) in edges:
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                hits = not hits
        return hits

    spots = [(cx + dx, cy + dy) for dy in (0, -16, 16, -32, 32) for dx in (0, -w / 2, w / 2)]
    return [(x, y) for x, y in spots
            if all(inside(x + k * (w / 2 + 4), y + v) for k in (-1, 0, 1) for v in (-7, 7))]


class Labels:
    """Greedy label placement: the first candidate spot that is inside and overlaps nothing.

    Placed boxes are filed in a coarse grid, so a candidate is tested against its neighbours
    only (with a thousand sites, testing every placed box took ~0.3 s per map)."""

    CELL = 48.0

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _cells(self, box: tuple[float, float, float, float]) -> Iterator[tuple[int, int]]:
        x0, y0, x1, y1 = box
        c = self.CELL
        for cx in range(int(x0 // c), int(x1 // c) + 1):
            for cy in range(int(y0 // c), int(y1 // c) + 1):
                yield cx, cy

    def block(self, x0: float, y0: float, x1: float, y1: float) -> None:
        box = (x0, y0, x1, y1)
        for cell in self._cells(box):
            self.grid.setdefault(cell, []).append(box)

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        if not (x0 >= 2 and y0 >= 2 and x1 <= self.width - 2 and y1 <= self.height - 2):
            return False
        return all(x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1
                   for cell in self._cells(box) for a0, b0, a1, b1 in self.grid.get(cell, ()))

    def place(self, x: float, y: float, r: float, text: str, size: float) -> tuple[float, float]:
        """Top-left corner of the label box for a marker of radius r at (x, y)."""
        w, h, g = len(text) * size * 0.62, size * 1.05, r + 3
        spots = [(x + g, y - h / 2), (x - g - w, y - h / 2), (x - w / 2, y - g - h),
                 (x - w / 2, y + g), (x + g * 0.7, y - g * 0.7 - h), (x - g * 0.7 - w, y + g * 0.7),
                 (x + g * 0.7, y + g * 0.7), (x - g * 0.7 - w, y - g * 0.7 - h)]
        boxes = [(sx, sy, sx + w, sy + h) for sx, sy in spots]
        box = next((b for b in boxes if self.free(b)), boxes[0])
        self.block(*box)
        return box[0], box[1]
