"""`data/`: the open-data exports and the page that explains their licence and fields."""

from __future__ import annotations

from generator.content.model import LANGS
from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import page_file, page_url
from generator.render.opendata import FIELDS, record, to_csv, to_geojson, to_json
from generator.render.pages import Pages


def data_outputs(pages: Pages) -> list[Output]:
    site = pages.site
    records = [record(e, site, pages.card_image(LANGS[0], e.slug)) for e in site.entries]
    deps = key(pages.common_key, "data", records)
    outputs = [
        Output("data/sites.json", deps, lambda: to_json(records)),
        Output("data/sites.csv", deps, lambda: to_csv(records)),
        Output("data/sites.geojson", deps, lambda: to_geojson(records)),
    ]
    for lang in LANGS:
        outputs.append(_page(pages, lang, deps, len(records),
                             sum(r["latitude"] is not None for r in records)))
    return outputs


def _page(pages: Pages, lang: str, deps: str, count: int, located: int) -> Output:
    url = page_url(lang, "data")
    file = page_file(url)

    def produce() -> bytes:
        ctx = pages.context(lang, file, url, [], page_url("en" if lang == "vi" else "vi", "data"))
        root = ctx["root"]
        ctx.update({
            "files": [{"href": f"{root}data/sites.{ext}", "name": f"sites.{ext}",
                       "about": pages.theme.strings[lang][f"data_{ext}"]}
                      for ext in ("json", "csv", "geojson")],
            "fields": [{"name": name, "about": pages.theme.strings[lang]["data_fields"][name]}
                       for name in FIELDS],
            "license": pages.config.data_license, "count": count, "located": located,
        })
        return pages.theme.render("data.html", **ctx)

    return Output(file, key(deps, lang), produce)
