"""`data/datapackage.json` (Frictionless Data Package) and `data/catalog.jsonld` (DCAT): the
descriptions data portals harvest, built from the same field lists as the files they describe.

A Table Schema per CSV says which column is a number, a date or a link, that the plate code is
the key and that a point's `isPartOf` is a site's code, so a portal (or `frictionless validate`)
can check the rows instead of guessing."""

from __future__ import annotations

import json
from typing import Any

from generator.content.model import Site
from generator.render.opendata import POINT_FIELDS, fields

# The licences a portal recognises by URL (the config names them the way people write them).
LICENCES = {
    "cc by 4.0": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc by-sa 4.0": ("CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc0 1.0": ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "cc0": ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "odbl 1.0": ("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "odbl": ("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
CODE = r"^[A-Z]{2,4}[0-9]{2,4}$"
POINT_CODE = r"^[A-Z]{2,4}[0-9]{2,4}-[1-9][0-9]{0,2}$"
NUMBERS = {"latitude": "number", "longitude": "number", "ranked_year": "integer",
           "reviewed_date": "date"}
LINKS = ("url", "url_en", "plate_url", "image")
# Resource name, file, media type, what it holds (the CSVs are the tables Frictionless checks).
FILES = (("sites", "sites.csv", "text/csv"), ("points", "points.csv", "text/csv"),
         ("sites-json", "sites.json", "application/json"),
         ("sites-geojson", "sites.geojson", "application/geo+json"))


def licence_url(text: str) -> str:
    """The licence's canonical URL, or "" for a licence the config writes in its own words."""
    return LICENCES.get(" ".join(text.lower().split()), ("", ""))[1]


def _field(name: str, about: dict[str, str], lang_about: dict[str, str]) -> dict[str, Any]:
    base = name.split("_", 1)[0]
    described = about.get(name) or lang_about.get(base, "").format(language=name[-2:])
    spec: dict[str, Any] = {"name": name, "type": NUMBERS.get(name, "string"),
                            "description": described}
    if name in LINKS or base == "url":
        spec["format"] = "uri"
    if name == "latitude":
        spec["constraints"] = {"minimum": -90, "maximum": 90}
    if name == "longitude":
        spec["constraints"] = {"minimum": -180, "maximum": 180}
    return spec


def schemas(site: Site, strings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Table Schema of sites.csv and of points.csv."""
    about, lang_about = strings["data_fields"], strings["data_fields_lang"]
    sites = [_field(name, about, lang_about) for name in fields(site)]
    sites[0]["constraints"] = {"required": True, "unique": True, "pattern": CODE}
    points = [_field(name, about, lang_about) for name in POINT_FIELDS]
    points[0]["constraints"] = {"required": True, "unique": True, "pattern": POINT_CODE}
    points[2]["constraints"] = {"required": True, "pattern": CODE}
    return {
        "sites": {"fields": sites, "primaryKey": ["identifier"], "missingValues": [""]},
        "points": {"fields": points, "primaryKey": ["identifier"], "missingValues": [""],
                   "foreignKeys": [{"fields": ["isPartOf"],
                                    "reference": {"resource": "sites",
                                                  "fields": ["identifier"]}}]},
    }


def _licence(site: Site) -> dict[str, str]:
    text = site.config.data_license
    name, url = LICENCES.get(" ".join(text.lower().split()), ("", ""))
    return {"name": name, "path": url, "title": text} if url else {"title": text, "name": text}


def datapackage(site: Site, strings: dict[str, Any], updated: str) -> bytes:
    """Data Package 1.0 (what CKAN, Frictionless and data.gov-style portals read)."""
    config, lang = site.config, site.config.languages.default
    tables = schemas(site, strings)
    resources = []
    for name, path, media in FILES:
        resource: dict[str, Any] = {"name": name, "path": path, "mediatype": media,
                                    "encoding": "utf-8"}
        if name in tables:
            resource |= {"profile": "tabular-data-resource", "format": "csv",
                         "dialect": {"delimiter": ",", "lineTerminator": "\r\n",
                                     "header": True},
                         "schema": tables[name]}
        else:
            resource |= {"format": path.rsplit(".", 1)[1]}
        resources.append(resource)
    package = {
        "profile": "data-package", "name": "diachido-sites",
        "id": config.absolute("data/datapackage.json"),
        "title": config.text("title", lang), "description": config.text("description", lang),
        "homepage": config.absolute("data/"), "licenses": [_licence(site)],
        "contributors": [{"title": config.text("organisation", lang), "role": "publisher"}],
        "keywords": ["địa chỉ đỏ", "di tích", "heritage", "Vietnam"],
        "languages": list(config.languages.tags), "created": f"{updated}T00:00:00Z",
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def catalog(site: Site, updated: str) -> bytes:
    """DCAT (W3C, JSON-LD): one catalogue, one dataset, a distribution per file, as a CKAN
    portal's DCAT harvester (ckanext-dcat) reads it."""
    config, lang = site.config, site.config.languages.default
    licence = licence_url(config.data_license) or config.data_license
    publisher = {"@id": config.absolute("#publisher"), "@type": "foaf:Organization",
                 "foaf:name": config.text("organisation", lang)}
    distributions = [{
        "@id": config.absolute(f"data/{path}"), "@type": "dcat:Distribution",
        "dct:title": path, "dcat:downloadURL": {"@id": config.absolute(f"data/{path}")},
        "dcat:accessURL": {"@id": config.absolute("data/")}, "dcat:mediaType": media,
        "dct:format": path.rsplit(".", 1)[1].upper(), "dct:license": {"@id": licence},
        "dct:modified": {"@value": updated, "@type": "xsd:date"},
    } for _, path, media in (*FILES, ("package", "datapackage.json", "application/json"))]
    dataset = {
        "@id": config.absolute("data/#dataset"), "@type": "dcat:Dataset",
        "dct:identifier": config.absolute("data/"),
        "dct:title": [{"@value": config.text("title", t), "@language": t}
                      for t in config.languages.tags],
        "dct:description": config.text("description", lang),
        "dct:publisher": publisher, "dct:license": {"@id": licence},
        "dct:modified": {"@value": updated, "@type": "xsd:date"},
        "dcat:landingPage": {"@id": config.absolute("data/")},
        "dcat:keyword": ["địa chỉ đỏ", "di tích", "heritage"],
        "dct:language": [{"@id": f"http://id.loc.gov/vocabulary/iso639-1/{t.split('-')[0]}"}
                         for t in config.languages.tags],
        "dcat:distribution": distributions,
    }
    document = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": config.absolute("data/catalog.jsonld"), "@type": "dcat:Catalog",
        "dct:title": config.text("title", lang), "dct:publisher": publisher,
        "dct:license": {"@id": licence}, "dcat:homepage": {"@id": config.absolute("")},
        "dct:modified": {"@value": updated, "@type": "xsd:date"}, "dcat:dataset": [dataset],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dataset_ld(site: Site, lang: str, updated: str) -> dict[str, Any]:
    """schema.org Dataset for the data page: what Google Dataset Search reads."""
    config = site.config
    licence = licence_url(config.data_license) or config.data_license
    return {
        "@type": "Dataset", "@id": config.absolute("data/#dataset"),
        "name": config.text("title", lang), "description": config.text("description", lang),
        "url": config.absolute("data/"), "license": licence, "isAccessibleForFree": True,
        "dateModified": updated, "inLanguage": list(config.languages.tags),
        "creator": {"@type": "Organization", "name": config.text("organisation", lang),
                    "url": config.absolute("")},
        "distribution": [{"@type": "DataDownload", "encodingFormat": media,
                          "contentUrl": config.absolute(f"data/{path}")}
                         for _, path, media in FILES],
    }

