"""The map's boundary files: upstream GeoJSON simplified once into theme/geo/ (run by hand).

`python -m generator.render.maps.geodata --regenerate DIR` reads the province and commune files of
vietnamese-provinces-database (MIT), keeps a few properties, simplifies every ring
(Douglas-Peucker) and writes the two files geomap.py draws, with their attribution.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from generator.problems import Invalid
from generator.render.maps.geomap import COMMUNES_FILE, GEO_DIR, PROVINCE_FILE

PROVINCE_SOURCE, COMMUNE_SOURCES = "dong-nai-province.geojson", "[0-9]*_*.geojson"
# Degrees. The province is drawn whole at ~0.0035°/px, the communes zoomed at ~0.0008°/px.
PROVINCE_TOLERANCE, COMMUNE_TOLERANCE = 0.001, 0.0002
KEPT_PROPERTIES = ("code", "name", "nameEn", "fullName", "fullNameEn")
UPSTREAM = "https://github.com/thanglequoc/vietnamese-provinces-database"


def _douglas_peucker(pts: list[tuple[float, float]], tol: float) -> list[int]:
    """Indices kept by Douglas–Peucker on an open polyline (iterative; ends always kept)."""
    keep, stack = {0, len(pts) - 1}, [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = pts[i], pts[j]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        far, best = 0, tol
        for k in range(i + 1, j):
            px, py = pts[k]
            d = (abs(dy * (px - ax) - dx * (py - ay)) / norm if norm
                 else math.hypot(px - ax, py - ay))
            if d > best:
                far, best = k, d
        if far:
            keep.add(far)
            stack += [(i, far), (far, j)]
    return sorted(keep)


def _simplify_ring(ring: list[list[float]], tol: float) -> list[list[float]] | None:
    """A closed ring simplified and rounded to 5 decimals, or None when it collapses."""
    pts = [tuple(p[:2]) for p in (ring[:-1] if ring[0] == ring[-1] else ring)]
    if len(pts) < 3:
        return None
    kx = math.cos(math.radians(sum(p[1] for p in pts) / len(pts)))
    flat = [(x * kx, y) for x, y in pts]  # distances in (roughly) equal units both ways
    # Split at the vertex farthest from the first, so each half has a real baseline.
    far = max(range(len(flat)), key=lambda k: math.dist(flat[0], flat[k]))
    first = _douglas_peucker(flat[: far + 1], tol)
    second = [far + k for k in _douglas_peucker(flat[far:] + [flat[0]], tol)]
    out: list[list[float]] = []
    for k in first[:-1] + second[:-1]:
        point = [round(pts[k][0], 5), round(pts[k][1], 5)]
        if not out or point != out[-1]:
            out.append(point)
    if len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out + [out[0]] if len(out) >= 3 else None


def simplify_geojson(src: Path, tolerance_deg: float) -> dict:
    """The features of a GeoJSON file as MultiPolygons, simplified, with only KEPT_PROPERTIES."""
    data = json.loads(Path(src).read_text(encoding="utf-8"))
    features = data["features"] if data.get("type") == "FeatureCollection" else [data]
    out = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                    else geometry["coordinates"])
        kept = []
        for polygon in polygons:
            rings = [_simplify_ring(ring, tolerance_deg) for ring in polygon]
            if rings and rings[0]:  # an exterior ring that survived; drop collapsed holes
                kept.append([r for r in rings if r])
        if not kept:
            raise Invalid("geo-feature-collapsed", file=Path(src).name, tolerance=tolerance_deg)
        props = feature.get("properties") or {}
        out.append({"type": "Feature",
                    "properties": {k: props[k] for k in KEPT_PROPERTIES if k in props},
                    "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    return {"type": "FeatureCollection", "features": out}


def _vertices(collection: dict) -> int:
    return sum(len(ring) for f in collection["features"]
               for polygon in f["geometry"]["coordinates"] for ring in polygon)


def _raw_vertices(src: Path) -> int:
    data = json.loads(Path(src).read_text(encoding="utf-8"))
    geoms = [f["geometry"] for f in data.get("features", [data])]
    return sum(len(ring) for g in geoms for polygon in
               ([g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"])
               for ring in polygon)


def regenerate(src_dir: Path, out_dir: Path = GEO_DIR) -> dict[str, int]:
    """Rebuild theme/geo/ from the upstream files; returns the size of each file written."""
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    province_src = src_dir / PROVINCE_SOURCE
    commune_srcs = sorted(src_dir.glob(COMMUNE_SOURCES))
    if not province_src.is_file() or not commune_srcs:
        raise FileNotFoundError(f"{src_dir}: expected {PROVINCE_SOURCE} and {COMMUNE_SOURCES}")
    province = simplify_geojson(province_src, PROVINCE_TOLERANCE)
    communes = {"type": "FeatureCollection", "features": [
        f for src in commune_srcs for f in simplify_geojson(src, COMMUNE_TOLERANCE)["features"]]}
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, data, sources, tol in ((PROVINCE_FILE, province, [province_src], PROVINCE_TOLERANCE),
                                     (COMMUNES_FILE, communes, commune_srcs, COMMUNE_TOLERANCE)):
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        (out_dir / name).write_text(text, encoding="utf-8")
        before = sum(_raw_vertices(s) for s in sources)
        rows.append(f"| `{name}` | {', '.join(f'`{s.name}`' for s in sources)} | {tol} "
                    f"| {before} → {_vertices(data)} |")
    licence = (src_dir / "LICENSE").read_text(encoding="utf-8").strip()
    (out_dir / "ATTRIBUTION.md").write_text(ATTRIBUTION.format(
        upstream=UPSTREAM, rows="\n".join(rows), licence=licence), encoding="utf-8")
    return {p.name: p.stat().st_size for p in sorted(out_dir.iterdir()) if p.is_file()}


ATTRIBUTION = """# Boundary data: attribution and licence

The files in this folder are simplified copies of administrative boundaries from
**vietnamese-provinces-database** by Thang Le Quoc ({upstream}), MIT licence (text below),
which derives them from the Vietnam Administrative Units Reference Map (sapnhap.bando.com.vn).
They show Đồng Nai after the 2025 reorganisation and the three communes that replaced
Nhơn Trạch district (Phường Nhơn Trạch, Xã Đại Phước, Xã Phước An).
Keep this attribution wherever the map is shown (the SVG map prints it).

## What was changed

Each ring was simplified with Douglas–Peucker (tolerance in degrees, longitude scaled by the cosine
of the latitude), coordinates rounded to 5 decimals (about 1 m), Polygons stored as MultiPolygons,
and only the properties `code`, `name`, `nameEn`, `fullName` and `fullNameEn` kept. Rings that
collapse are dropped. Shared borders are simplified independently, so neighbours can differ by
up to the tolerance (invisible at the map's scale).

| file | from | tolerance (°) | vertices |
|---|---|---|---|
{rows}

Reproduce with `python -m generator.render.maps.geodata --regenerate /path/to/geojson-folder`.

## Licence of the source data

```
{licence}
```
"""


# --- drawing --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.render.maps.geodata",
                                     description="Rebuild the simplified map boundaries.")
    parser.add_argument("--regenerate", type=Path, metavar="SRC_DIR", required=True,
                        help="folder with dong-nai-province.geojson, the commune files, LICENSE")
    parser.add_argument("--out", type=Path, default=GEO_DIR, help=f"default: {GEO_DIR}")
    args = parser.parse_args(argv)
    try:
        sizes = regenerate(args.regenerate, args.out)
    except Invalid as err:  # a maintainer's tool: the message id and its values are enough
        print(f"{err.code}: {err.params}", file=sys.stderr)
        return 1
    for name, size in sizes.items():
        print(f"{size:>8}  {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
