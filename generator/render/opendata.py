"""Open data: one record per published site, the same fields in JSON, CSV and GeoJSON.

Field names are stable (documented in the README) and follow Dublin Core where one fits
(identifier, title, description, type, coverage, source, rights). The JSON-LD of each page is
built from the same record, so the three exports and the pages cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from generator.content.model import Entry, Point, Site
from generator.outputs.urls import Urls, plate_url

FIELDS = (
    "identifier", "slug", "title", "title_en", "description", "description_en", "type",
    "category", "coverage", "latitude", "longitude", "ranking", "ranked_year",
    "ranking_decision_number", "ranking_decision_date", "ranking_decision_issued_by",
    "temporal", "managed_by", "reviewed_date", "reviewed_by", "url", "url_en", "plate_url",
    "image", "source", "rights",
)


LANG_FIELDS = ("title", "description", "url")  # repeated as `title_<tag>` for each other language


def fields(site: Site) -> tuple[str, ...]:
    """FIELDS, plus `title_ko`, `description_ko`, `url_ko`… for each language besides the
    default and English (which have their own columns since the first release)."""
    return FIELDS + tuple(f"{name}_{tag}" for tag in extra_langs(site) for name in LANG_FIELDS)


def extra_langs(site: Site) -> tuple[str, ...]:
    return tuple(t for t in site.config.languages.tags[1:] if t != "en")


def record(entry: Entry, site: Site, image_url: str = "") -> dict[str, Any]:
    """The open-data record of one site (lists stay lists; CSV joins them)."""
    config, vi = site.config, entry.main
    urls = Urls(config.languages.default)
    texts = {tag: entry.texts.get(tag) for tag in extra_langs(site)}
    extra = {f"{name}_{tag}": "" if text is None else (
        text.title if name == "title" else text.summary if name == "description"
        else config.absolute(urls.page(tag, entry.slug))) for tag, text in texts.items()
        for name in LANG_FIELDS}
    en = entry.texts.get("en")
    decision = vi.ranking_decision
    return {
        "identifier": entry.code, "slug": entry.slug, "title": vi.title,
        "title_en": en.title if en else "", "description": vi.summary,
        "description_en": en.summary if en else "", "type": entry.type,
        "category": vi.category, "coverage": vi.address,
        "latitude": entry.location.lat if entry.location else None,
        "longitude": entry.location.lon if entry.location else None,
        "ranking": entry.ranking, "ranked_year": entry.ranked_year,
        "ranking_decision_number": decision.number if decision else "",
        "ranking_decision_date": decision.date.iso() if decision and decision.date else "",
        "ranking_decision_issued_by": decision.issued_by if decision else "",
        "temporal": list(vi.periods),
        "managed_by": entry.managed_by.unit if entry.managed_by else "",
        "reviewed_date": entry.reviewed.date.iso() if entry.reviewed else "",
        "reviewed_by": entry.reviewed.by if entry.reviewed else "",
        "url": config.absolute(urls.page(config.languages.default, entry.slug)),
        "url_en": config.absolute(urls.page("en", entry.slug)) if en else "",
        "plate_url": plate_url(config.base_url, entry.code),
        "image": image_url,
        "source": [s.url or s.title for s in vi.sources],
        "rights": config.data_license,
        **extra,
        # Only sites with points carry the key, so other projects' files keep their bytes.
        **({"points": [point_record(entry, index, site) for index in range(len(entry.points))]}
           if entry.points else {}),
    }


def point_record(entry: Entry, index: int, site: Site) -> dict[str, Any]:
    """One point of interest: its permanent code, words in both languages, place, addresses."""
    config, point = site.config, entry.points[index]
    urls = Urls(config.languages.default)
    en = entry.texts["en"].points[index] if "en" in entry.texts else None
    en = en if en and en.translated else None
    return {
        "identifier": point.code, "id": point.id, "isPartOf": entry.code, "title": point.title,
        "title_en": en.title if en else "", "description": point.summary,
        "description_en": en.summary if en else "",
        "latitude": point.location.lat if point.location else None,
        "longitude": point.location.lon if point.location else None,
        "url": config.absolute(urls.page(config.languages.default, entry.slug)) + f"#{point.id}",
        "url_en": config.absolute(urls.page("en", entry.slug)) + f"#{point.id}" if en else "",
        "plate_url": plate_url(config.base_url, point.code),
    }


POINT_FIELDS = ("identifier", "id", "isPartOf", "title", "title_en", "description",
                "description_en", "latitude", "longitude", "url", "url_en", "plate_url")


def point_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every point of every site, in the sites' order: rows of their own, each naming its
    site's code (`isPartOf`), as tables and portals join them."""
    return [point for r in records for point in r.get("points", ())]


def site_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sites without their nested points (those are `point_rows`)."""
    return [{k: v for k, v in r.items() if k != "points"} for r in records]


def to_json(records: list[dict[str, Any]]) -> bytes:
    """`{"sites": [...], "points": [...]}`: two tables as arrays of objects, described with
    their Table Schemas in datapackage.json."""
    return _dump({"sites": site_rows(records), "points": point_rows(records)})


def _dump(data: dict[str, Any]) -> bytes:
    """Compact, so json's C encoder does the work (`indent` switches to the pure-Python one:
    ~3 s for 10,000 sites, for files read by programs)."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def to_csv(rows: list[dict[str, Any]], names: tuple[str, ...]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly; lists joined by " | "."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: " | ".join(value) if isinstance(value, list)
                         else "" if value is None else value for key, value in row.items()
                         if key in names})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_geojson(records: list[dict[str, Any]]) -> bytes:
    """RFC 7946: [longitude, latitude]; only places with a location, each a Feature whose `id`
    is its code: the sites, then each point (its site's code in `isPartOf`)."""
    places = [r for r in site_rows(records) if r["latitude"] is not None]
    places += [p for p in point_rows(records) if p["latitude"] is not None]
    features = [{
        "type": "Feature", "id": r["identifier"],
        "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
        "properties": {k: v for k, v in r.items() if k not in ("latitude", "longitude")},
    } for r in places]
    return _dump({"type": "FeatureCollection", "features": features})


def _place(data: dict[str, Any], point: Point, page: str) -> dict[str, Any]:
    """A point as schema.org's contained Place, in the words of the page (at `page`)."""
    place: dict[str, Any] = {"@type": "Place", "identifier": data["identifier"],
                             "name": point.title, "description": point.summary,
                             "url": f"{page}#{point.id}"}
    if data["latitude"] is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": data["latitude"],
                        "longitude": data["longitude"]}
    return place


def place_ld(entry: Entry, site: Site, lang: str, image_url: str) -> dict[str, Any]:
    """schema.org LandmarksOrHistoricalBuildings from the open-data record, in `lang`'s words
    (the language itself is the page's: `inLanguage` is no property of a place)."""
    data = record(entry, site, image_url)
    text = entry.text(lang)
    url = site.config.absolute(Urls(site.config.languages.default).page(text.lang, entry.slug))
    item: dict[str, Any] = {
        "@type": ["LandmarksOrHistoricalBuildings", "TouristAttraction"],
        "@id": f"{url}#place", "identifier": data["identifier"], "name": text.title,
        "description": text.summary, "url": url,
        "address": {"@type": "PostalAddress", "streetAddress": text.address,
                    "addressCountry": "VN"},
    }
    if image_url:
        item["image"] = image_url
    if entry.location:
        item["geo"] = {"@type": "GeoCoordinates", "latitude": data["latitude"],
                       "longitude": data["longitude"]}
    if text.opening_hours:  # free text: `openingHours` belongs to businesses, not places
        item["openingHoursSpecification"] = {"@type": "OpeningHoursSpecification",
                                             "description": text.opening_hours}
    if entry.points:
        item["containsPlace"] = [_place(point, text.points[index], item["url"])
                                 for index, point in enumerate(data["points"])]
    if data["source"]:
        item["subjectOf"] = [{"@type": "CreativeWork", "name": s.title, **(
            {"url": s.url} if s.url else {})} for s in text.sources]
    return item
