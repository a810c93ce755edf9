"""`data/`: the open-data exports and the page that explains their licence and fields."""

from __future__ import annotations

from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import page_file
from generator.render.opendata import FIELDS, fields, record, to_csv, to_geojson, to_json
from generator.render.pages import Pages


def data_outputs(pages: Pages) -> list[Output]:
    site = pages.site
    records = [record(e, site, pages.card_image(pages.langs.default, e.slug))
               for e in site.entries]
    deps = key(pages.common_key, "data", records)
    outputs = [
        Output("data/sites.json", deps, lambda: to_json(records, fields(site))),
        Output("data/sites.csv", deps, lambda: to_csv(records, fields(site))),
        Output("data/sites.geojson", deps, lambda: to_geojson(records)),
    ]
    for lang in site.config.languages.tags:
        outputs.append(_page(pages, lang, deps, len(records),
                             sum(r["latitude"] is not None for r in records)))
    return outputs


def _page(pages: Pages, lang: str, deps: str, count: int, located: int) -> Output:
    url = pages.urls.page(lang, "data")
    file = page_file(url)

    def produce() -> bytes:
        ctx = pages.context(lang, file, url, [], "data")
        root = ctx["root"]
        ctx.update({
            "files": [{"href": f"{root}data/sites.{ext}", "name": f"sites.{ext}",
                       "about": pages.theme.strings[lang][f"data_{ext}"]}
                      for ext in ("json", "csv", "geojson")],
            "fields": _fields(pages, lang),
            "license": pages.config.data_license, "count": count, "located": located,
        })
        return pages.theme.render("data.html", **ctx)

    return Output(file, key(deps, lang), produce)


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
