"""`data/`: the open-data exports, their descriptions for portals (Data Package, DCAT) and the
page that explains their licence and fields."""

from __future__ import annotations

from markupsafe import Markup

from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import page_file
from generator.render.datapackage import catalog, datapackage, dataset_ld, licence_url
from generator.render.dates import latest
from generator.render.opendata import (
    FIELDS,
    POINT_FIELDS,
    fields,
    point_rows,
    record,
    site_rows,
    to_csv,
    to_geojson,
    to_json,
)
from generator.render.pages import Pages
from generator.render.structured import ld_script

FILES = ("sites.json", "sites.csv", "points.csv", "sites.geojson", "datapackage.json",
         "catalog.jsonld")


def data_outputs(pages: Pages) -> list[Output]:
    site = pages.site
    records = [record(e, site, pages.card_image(pages.langs.default, e.slug))
               for e in site.entries]
    updated = latest(site.entries, pages.issued).isoformat()
    deps = key(pages.common_key, "data", records, updated)
    described = key(pages.common_key, "package", fields(site), updated)
    strings = pages.theme.strings.get("en") or pages.theme.strings[pages.langs.default]
    outputs = [
        Output("data/sites.json", deps, lambda: to_json(records)),
        Output("data/sites.csv", deps, lambda: to_csv(site_rows(records), fields(site))),
        Output("data/points.csv", key(pages.common_key, "points", point_rows(records)),
               lambda: to_csv(point_rows(records), POINT_FIELDS)),
        Output("data/sites.geojson", deps, lambda: to_geojson(records)),
        # What they describe is the config's and the columns': an edited site leaves them be.
        Output("data/datapackage.json", described, lambda: datapackage(site, strings, updated)),
        Output("data/catalog.jsonld", described, lambda: catalog(site, updated)),
    ]
    for lang in site.config.languages.tags:
        outputs.append(_page(pages, lang, deps, updated, len(records),
                             sum(r["latitude"] is not None for r in records)))
    return outputs


def _page(pages: Pages, lang: str, deps: str, updated: str, count: int, located: int) -> Output:
    url = pages.urls.page(lang, "data")
    file = page_file(url)

    def produce() -> bytes:
        ctx = pages.context(lang, file, url, pages.alternates(None, "data"), "data")
        root, strings = ctx["root"], pages.theme.strings[lang]
        ctx.update({
            "files": [{"href": f"{root}data/{name}", "name": name,
                       "about": strings["data_files"][name.replace(".", "_")]}
                      for name in FILES],
            "fields": _fields(pages, lang),
            "license_text": license_html(strings["data_license_text"],
                                         pages.config.data_license),
            "count": count, "located": located,
            "json_ld": ld_script(pages.page_ld(lang, url, "CollectionPage",
                                              dataset_ld(pages.site, lang, updated))),
        })
        return pages.theme.render("data.html", **ctx)

    return Output(file, key(deps, lang), produce)


def license_html(template: str, licence: str) -> Markup:
    """The licence sentence with the licence as a `rel="license"` link (when it has a URL)."""
    url = licence_url(licence)
    link = Markup('<a rel="license" href="{}">{}</a>').format(url, licence) if url else licence
    return Markup.escape(template).format(license=link)


def _fields(pages: Pages, lang: str) -> list[dict[str, str]]:
    """Each column and what it holds, in the page's language."""
    strings = pages.theme.strings[lang]
    rows = [{"name": name, "about": strings["data_fields"][name]} for name in FIELDS]
    for name in fields(pages.site)[len(FIELDS):]:
        field, tag = name.split("_", 1)
        language = strings["language_names"].get(tag, pages.theme.strings[tag]["lang_name"])
        rows.append({"name": name, "about": strings["data_fields_lang"][field].format(
            language=language)})
    return rows

