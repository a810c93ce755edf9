"""The open data as portals take it, checked by the tools they use: Frictionless validates
data/datapackage.json (types, keys, the points' foreign key), @placemarkio/check-geojson checks
RFC 7946, the DCAT catalogue names every file with its URL, type and licence."""

from __future__ import annotations

import csv
import json
import subprocess

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, entry
from frictionless import Package, validate
from tools import require

BASE = "https://doan.example.vn/diachido"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CONFIG = ("title: Thử\ntitle_en: Test\norganisation: Đoàn xã Nhơn Trạch\n"
          f"base_url: {BASE}\n")
POINTS = """
  - id: cong
    title: Cổng
    summary: Lối vào.
  - id: bia-da
    title: Bia đá
    summary: Tấm bia.
    location: {lat: 10.75, lon: 106.9}"""
CHECK_GEOJSON = REPO / "node_modules" / "@placemarkio" / "check-geojson"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("opendata"), {
        "diachido.yml": CONFIG,
        "sites/a.md": entry(points=POINTS, location="{lat: 10.7, lon: 106.8}",
                            ranked_year="2005", reviewed="{date: 2026-05-01, by: Ban quản lý}"),
        "sites/b.md": entry("NT02", "Đình Hai"),
    })
    project.build("--no-plates")
    return project


def _report(path) -> dict:
    """`frictionless validate` as a portal runs it, through its Python API."""
    report = validate(str(path))
    return report.to_dict()


def test_frictionless_finds_no_error_in_the_data_package(built):
    report = _report(built.out / "data/datapackage.json")
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:3000]
    assert report["stats"]["errors"] == 0
    rows = {task["name"]: task["stats"].get("rows") for task in report["tasks"]}
    assert rows["sites"] == 2 and rows["points"] == 2


def test_the_package_types_the_columns_keys_licence_and_publisher(built):
    package = Package(str(built.out / "data/datapackage.json"))
    sites, points = package.get_resource("sites"), package.get_resource("points")
    types = {field.name: field.type for field in sites.schema.fields}
    assert types["latitude"] == types["longitude"] == "number"
    assert types["ranked_year"] == "integer" and types["reviewed_date"] == "date"
    assert sites.schema.primary_key == ["identifier"]
    assert points.schema.foreign_keys == [
        {"fields": ["isPartOf"], "reference": {"resource": "sites", "fields": ["identifier"]}}]
    raw = json.loads((built.out / "data/datapackage.json").read_text("utf-8"))
    assert raw["licenses"][0]["path"] == CC_BY
    assert raw["contributors"] == [{"title": "Đoàn xã Nhơn Trạch", "role": "publisher"}]
    row = next(r for r in sites.read_rows() if r["identifier"] == "NT01")
    assert float(row["latitude"]) == 10.7 and row["ranked_year"] == 2005
    assert str(row["reviewed_date"]) == "2026-05-01"


def test_frictionless_catches_a_point_of_no_site(built, tmp_path):
    """The check can fail: a point naming a code no site has breaks the foreign key."""
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(built.out / "data", copy)
    path = copy / "points.csv"
    path.write_text(path.read_text("utf-8-sig").replace(",NT01,", ",NT99,"), "utf-8-sig")
    report = _report(copy / "datapackage.json")
    assert not report["valid"]
    assert "foreign-key" in json.dumps(report)


def test_points_are_rows_of_their_own_and_sites_json_has_a_documented_shape(built):
    data = json.loads((built.out / "data/sites.json").read_text("utf-8"))
    assert set(data) == {"sites", "points"}  # no "fields" key for readers to mistake
    assert [s["identifier"] for s in data["sites"]] == ["NT01", "NT02"]
    assert all("points" not in site for site in data["sites"])
    assert [(p["identifier"], p["isPartOf"]) for p in data["points"]] == [
        ("NT01-1", "NT01"), ("NT01-2", "NT01")]
    rows = list(csv.DictReader((built.out / "data/points.csv").read_text("utf-8-sig")
                               .splitlines()))
    assert [(r["identifier"], r["isPartOf"]) for r in rows] == [("NT01-1", "NT01"),
                                                                ("NT01-2", "NT01")]


def _check_geojson(text: str) -> str:
    script = ("const {check} = require(process.argv[1]); let s = '';"
              "process.stdin.on('data', d => s += d).on('end', () => {"
              "try { check(s); console.log('OK'); } catch (e) {"
              "console.log(JSON.stringify(e.issues || e.message)); } });")
    done = subprocess.run(["node", "-e", script, str(require(CHECK_GEOJSON))], input=text,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_geojson_is_rfc_7946_by_check_geojson_with_an_id_per_feature(built):
    text = (built.out / "data/sites.geojson").read_text("utf-8")
    assert _check_geojson(text) == "OK"
    features = json.loads(text)["features"]
    assert [(f["id"], f["properties"]["identifier"]) for f in features] == [
        ("NT01", "NT01"), ("NT01-2", "NT01-2")]
    assert features[1]["properties"]["isPartOf"] == "NT01"
    assert all(not isinstance(v, list) or k in ("source", "temporal")
               for f in features for k, v in f["properties"].items())  # no nested points
    broken = text.replace("[106.8, 10.7]", "[106.8]")  # the checker can fail
    assert broken != text and _check_geojson(broken) != "OK"


def test_the_dcat_catalogue_describes_every_file(built):
    catalog = json.loads((built.out / "data/catalog.jsonld").read_text("utf-8"))
    assert catalog["@type"] == "dcat:Catalog"
    dataset = catalog["dcat:dataset"][0]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:publisher"]["foaf:name"] == "Đoàn xã Nhơn Trạch"
    assert dataset["dct:license"] == {"@id": CC_BY}
    published = {d["dcat:downloadURL"]["@id"]: d for d in dataset["dcat:distribution"]}
    for name in ("sites.json", "sites.csv", "points.csv", "sites.geojson", "datapackage.json"):
        assert (built.out / "data" / name).is_file()
        item = published[f"{BASE}/data/{name}"]
        assert item["@type"] == "dcat:Distribution" and item["dct:license"] == {"@id": CC_BY}
        assert item["dcat:mediaType"] and item["dct:modified"]["@value"]


def test_the_dcat_catalogue_reads_as_rdf(built):
    """Through a JSON-LD processor (rdflib), as a harvester reads it: the prefixes expand to DCAT
    and Dublin Core terms, and every distribution has its download URL, type and licence."""
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    rdf = Graph().parse(built.out / "data/catalog.jsonld", format="json-ld")
    catalogs = list(rdf.subjects(RDF.type, DCAT.Catalog))
    datasets = list(rdf.objects(catalogs[0], DCAT.dataset))
    assert len(catalogs) == 1 and len(datasets) == 1
    assert (datasets[0], RDF.type, DCAT.Dataset) in rdf
    foaf = Namespace("http://xmlns.com/foaf/0.1/")
    publisher = rdf.value(datasets[0], DCTERMS.publisher)
    assert str(rdf.value(publisher, foaf.name)) == "Đoàn xã Nhơn Trạch"
    distributions = list(rdf.objects(datasets[0], DCAT.distribution))
    assert len(distributions) == 5
    for item in distributions:
        assert rdf.value(item, DCAT.downloadURL) is not None
        assert rdf.value(item, DCAT.mediaType) is not None
        assert rdf.value(item, DCTERMS.license) == URIRef(CC_BY)
        assert rdf.value(item, DCTERMS.modified) is not None


def test_the_data_page_links_the_licence_and_carries_a_dataset(built):
    page = BeautifulSoup((built.out / "data/index.html").read_text("utf-8"), "html.parser")
    assert page.select_one("main a[rel=license]")["href"] == CC_BY
    graph = json.loads(page.select_one("script[type='application/ld+json']").string)["@graph"]
    dataset = next(node for node in graph if node["@type"] == "Dataset")
    assert dataset["license"] == CC_BY
    assert {d["contentUrl"] for d in dataset["distribution"]} >= {f"{BASE}/data/sites.csv"}
    site = BeautifulSoup((built.out / "a/index.html").read_text("utf-8"), "html.parser")
    assert site.select_one("footer a[rel=license]")["href"] == CC_BY
