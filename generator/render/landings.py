"""Pages behind the printed codes: `/q/<code>` landings, the code list, the plates index.

A landing is the site's own page with a "you are at" box (code, report link), so a scan opens
the story with no redirect. It is written both as `q/<code>.html` (GitHub Pages and Netlify
serve it for `/q/<code>`) and `q/<code>/index.html` (any other host, after its own slash redirect).
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from generator.content.model import PLATE_TRIM_MM, Config, Entry
from generator.content.registry import Landing, Record, inspection_due
from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import (
    href,
    landing_short_file,
    page_file,
    print_file,
    root_of,
)
from generator.render.pages import ROOT_TOKEN, Pages

if TYPE_CHECKING:  # the plate modules load reportlab, which a --no-plates build never needs
    from generator.plates.produce import PlateRow


def report_href(config: Config, code: str, subject: str) -> str:
    """The "report a damaged plate" link, prefilled with the code."""
    target = config.report_url
    if not target:
        return ""
    if "{code}" in target:
        return target.replace("{code}", code)
    if target.startswith("mailto:"):
        query = urllib.parse.urlencode({"subject": subject}, quote_via=urllib.parse.quote)
        return f"{target}{'&' if '?' in target else '?'}{query}"
    return f"{target}{'&' if '?' in target else '?'}code={urllib.parse.quote(code)}"


def _anchor(slug: str) -> str:
    return "#" + slug.partition("#")[2] if "#" in slug else ""


def _title(landing: Landing, lang: str) -> str:
    """What the code list says a code opens: the site, or "point · site"."""
    entry = landing.entry or landing.target
    if entry is None:
        return ""
    site = entry.text(lang).title
    if landing.point is None:
        return site
    point = next(p for p in entry.text(lang).points if p.id == landing.point.id)
    return f"{point.title} · {site}"


class LandingPages:
    def __init__(self, pages: Pages, landings: list[Landing], records: dict[str, Record],
                 rows: list[PlateRow]):
        self.pages, self.landings, self.records, self.rows = pages, landings, records, rows
        self.config, self.theme = pages.config, pages.theme
        self._rendered: dict[tuple[str, str], bytes] = {}

    def plan(self) -> list[Output]:
        outputs, urls, langs = [], self.pages.urls, self.pages.langs
        for landing in self.landings:
            for lang in langs.tags:
                files = [page_file(urls.landing(lang, landing.code))]
                if lang == langs.default:
                    files.append(landing_short_file(landing.code))
                outputs += [self.landing(landing, lang, file) for file in files]
        outputs += [self.code_list(lang) for lang in langs.tags]
        if self.rows:
            outputs.append(self.plates_index())
        outputs.append(self.redirects())
        return outputs

    def landing(self, landing: Landing, lang: str, file: str) -> Output:
        entry, other = landing.entry, landing.target or landing.draft
        deps = key(self.pages.common_key, "landing", lang, file, landing.code,
                   entry.digest if entry else "", self.pages.image_key(entry) if entry else "",
                   other.slug if not entry and other else "", landing.notice)

        def produce() -> bytes:
            if entry is None:
                return self._notice(landing, lang, file)
            return self._page(landing, entry, lang).replace(ROOT_TOKEN.encode(),
                                                           root_of(file).encode())

        return Output(file, deps, produce, group=entry.slug if entry else "")

    def _page(self, landing: Landing, entry: Entry, lang: str) -> bytes:
        """The landing rendered once for both its files (`q/X.html`, `q/X/index.html`), with
        ROOT_TOKEN where each puts its own path back to the site root."""
        cache_key = (landing.code, lang)
        if cache_key not in self._rendered:
            strings, urls = self.theme.strings[lang], self.pages.urls
            file = page_file(urls.landing(lang, landing.code))
            ctx = self.pages.context(lang, file, urls.page(entry.text(lang).lang, entry.slug),
                                     self.pages.alternates(entry), f"q/{landing.code}",
                                     root=ROOT_TOKEN)
            ctx.update(self.pages.entry_context(entry, lang, ROOT_TOKEN))
            ctx.update(self.pages.fallback(entry, lang))
            ctx["share"] = self.pages.share(lang, urls.page(lang, entry.slug), entry)
            ctx["json_ld"] = self.pages.json_ld(entry, lang)
            ctx["plate"] = {"code": landing.code, "point": landing.point, "report": report_href(
                self.config, landing.code, strings["report_subject"].format(code=landing.code))}
            if landing.point is not None:
                ctx["plate"]["point"] = entry.text(lang).points[
                    [p.id for p in entry.points].index(landing.point.id)]
                ctx["here"] = landing.point.id
            self._rendered = {cache_key: self.theme.render("site.html", **ctx)}  # keep one
        return self._rendered[cache_key]

    def _notice(self, landing: Landing, lang: str, file: str) -> bytes:
        strings = self.theme.strings[lang]
        ctx = self.pages.context(lang, file, None, [], None)
        target = landing.target
        ctx.update({
            "code": landing.code,
            "heading": strings["unavailable_title" if landing.draft else "retired_title"],
            "message": landing.notice or strings[
                "unavailable_text" if landing.draft else "retired_text"],
            "target": {"href": href(ctx["root"], self.pages.urls.page(lang, target.slug)),
                       "title": target.text(lang).title} if target else None,
        })
        return self.theme.render("notice.html", **ctx)

    def code_list(self, lang: str) -> Output:
        """`/q/`: every code and where it goes; the no-JavaScript end of the "type the code" box."""
        urls = self.pages.urls
        url = urls.page(lang, "q")
        file = page_file(url)
        codes = [(landing.code, landing.entry or landing.target, _title(landing, lang))
                 for landing in self.landings]
        deps = key(self.pages.common_key, "codes", lang,
                   [(c, e.slug, title) if e else (c,) for c, e, title in codes])

        def produce() -> bytes:
            ctx = self.pages.context(lang, file, url, self.pages.alternates(None, "q"), "q")
            root = ctx["root"]
            ctx["codes"] = [{"code": code, "href": href(root, urls.landing(lang, code)),
                             "title": title} for code, _entry, title in codes]
            return self.theme.render("codes.html", **ctx)

        return Output(file, deps, produce)

    def plates_index(self) -> Output:
        file = page_file("plates/")
        table = [self._plate_row(row) for row in self.rows]
        deps = key(self.pages.common_key, "plates", table)

        def produce() -> bytes:
            default = self.pages.langs.default
            ctx = self.pages.context(default, file, "plates/", [], None)
            # A point's row carries "slug#id": its link opens the site page at the point.
            ctx["plates"] = [{**row, "site": href(ctx["root"], self.pages.urls.page(
                default, row["slug"].partition("#")[0])) + _anchor(row["slug"])} for row in table]
            ctx["interval"] = self.config.inspection_days
            sizes = sorted({row["size"] for row in table}, key=list(PLATE_TRIM_MM).index)
            ctx["print_files"] = [print_file(size).removeprefix("plates/") for size in sizes]
            return self.theme.render("plates.html", **ctx)

        return Output(file, deps, produce)

    def _plate_row(self, row: PlateRow) -> dict[str, Any]:
        record = self.records.get(row.code)
        plate = record.plate_info() if record else {}
        due = inspection_due(record, self.config.inspection_days) if record else None
        return {
            "code": row.code, "slug": row.slug, "title": row.title, "url": row.url,
            "size": row.size, "version": row.version, "module_mm": f"{row.module_mm:.2f}",
            "symbol_mm": f"{row.symbol_mm:.0f}", "distance": f"{row.scan_distance_m:.2f}",
            "installed": str(plate.get("installed", "")), "material": plate.get("material", ""),
            "location": plate.get("location", ""),
            "inspected": str(plate.get("last_inspected", "")),
            "due": due.isoformat() if due else "",
        }

    def redirects(self) -> Output:
        """`_redirects` for hosts that read it (Netlify, Cloudflare Pages): real 301s."""
        base, urls = self.config.base_path, self.pages.urls
        lines = []
        for entry in self.pages.site.entries:
            for alias in entry.aliases:
                for lang in self.pages.langs.tags:
                    lines.append(f"{base}/{urls.page(lang, alias)} "
                                 f"{base}/{urls.page(lang, entry.slug)} 301")
        for landing in self.landings:
            lines.append(f"{base}/q/{landing.code} {base}/q/{landing.code}/ 200")
        text = "\n".join(lines) + "\n"
        return Output("_redirects", key("redirects", text), lambda: text.encode("utf-8"))

