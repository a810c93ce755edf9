"""`map/`: every site on a self-contained SVG of the province (no tile server): a marker where
the coordinates are known, else its commune hatched as an approximate area; below it, the sites
by kind (with "directions" links for the exact ones); also the route overview on trail pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.content.model import Entry
from generator.content.slugs import fold
from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import Urls, directions, href, page_file, root_of
from generator.render.maps.areas import AreaSite, MapArea
from generator.render.maps.geomap import MapPoint, load_geo, render_map_svg, route_svg
from generator.render.maps.geometry import bounds, outline
from generator.render.maps.tiles import tile_map_svg
from generator.render.pages import Pages


def _areas(entries: list[Entry], lang: str, root: str, communes: set[str],
           urls: Urls) -> list[MapArea]:
    """Sites without coordinates whose commune is drawn, grouped by commune (by name)."""
    groups: dict[str, list[AreaSite]] = {}
    for e in entries:
        if not e.location and e.area in communes:
            groups.setdefault(e.area, []).append(
                AreaSite(e.code, e.text(lang).title, href(root, urls.page(lang, e.slug))))
    return [MapArea(name, tuple(sites)) for name, sites in sorted(groups.items(),
                                                            key=lambda g: fold(g[0]))]


def _points(entries: list[Entry], lang: str, root: str, urls: Urls) -> list[MapPoint]:
    return [MapPoint(e.code, e.text(lang).title, e.location.lat, e.location.lon,
                     href(root, urls.page(lang, e.slug))) for e in entries if e.location]


def _point_markers(entries: list[Entry], lang: str, root: str, urls: Urls) -> list[MapPoint]:
    """Points of interest with a location: their own markers, linked to their sections."""
    return [MapPoint(p.code, f"{p.title} · {e.text(lang).title}", p.location.lat,
                     p.location.lon, href(root, urls.page(lang, e.slug)) + f"#{p.id}", "point")
            for e in entries for p in e.text(lang).points if p.location]




def map_outputs(pages: Pages) -> list[Output]:
    """Keyed by what the page shows (titles, addresses, places), not by whole entries: an
    edited story or summary leaves the map alone (it is the slowest page to draw)."""
    geo_dir = pages.theme.folder / "geo"
    communes = {f["properties"].get("name") for f in load_geo(geo_dir)[1]}
    entries = list(pages.site.entries)
    outputs = []
    urls = pages.urls
    for lang in pages.langs.tags:
        url = urls.page(lang, "map")
        file = page_file(url)
        root = root_of(file)
        points = _points(entries, lang, root, urls) + _point_markers(entries, lang, root, urls)
        located = [{
            "code": e.code, "title": e.text(lang).title, "address": e.text(lang).address,
            "href": href(root, urls.page(lang, e.slug)),
            **directions(e.location.lat, e.location.lon),
        } for e in entries if e.location]
        areas = _areas(entries, lang, root, communes, urls)
        unlocated = [{"code": e.code, "title": e.text(lang).title,
                      "href": href(root, urls.page(lang, e.slug))}
                     for e in entries if not e.location and e.area not in communes]

        def produce(lang: str = lang, url: str = url, file: str = file,
                    points: list[MapPoint] = points, located: list[dict[str, Any]] = located,
                    unlocated: list[dict[str, Any]] = unlocated,
                    areas: list[MapArea] = areas) -> bytes:
            ctx = pages.context(lang, file, url, pages.alternates(None, "map"), "map")
            strings = pages.theme.strings[lang]
            ctx["map"] = Markup(render_map_svg(points, geo_dir, fit="communes", lang=lang,
                                               title=strings["map_title"], areas=areas))
            ctx["tiles"] = Markup(tile_map_svg(
                points, bounds(outline(load_geo(geo_dir)[1])), pages.config.map_tiles,
                pages.config.map_attribution, strings["map_detail"])) if (
                pages.config.map_tiles) else None
            ctx["located"], ctx["unlocated"], ctx["areas"] = located, unlocated, areas
            ctx["point_markers"] = any(p.kind == "point" for p in points)
            return pages.theme.render("map.html", **ctx)

        outputs.append(Output(file, key(pages.common_key, "map", lang, points, located,
                                        unlocated, areas), produce))
    return outputs


def trail_route(geo_dir: Path, urls: Urls) -> Callable[[list[Entry], str, str], Markup | None]:
    """A route drawer for TrailPages: None when fewer than two stops have coordinates."""

    def draw(entries: list[Entry], lang: str, root: str) -> Markup | None:
        points = _points(entries, lang, root, urls) + _point_markers(entries, lang, root, urls)
        if len(points) < 2:
            return None
        return Markup(route_svg(points, geo_dir, lang=lang, id_prefix="route"))

    return draw
