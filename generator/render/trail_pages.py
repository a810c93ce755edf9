"""Trail pages (`trails/<slug>/`, `trails/`) and the "stop 2 of 5" navigation on site pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from generator.content.model import Entry
from generator.content.trails import Trail, places
from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import href, page_file
from generator.render.markdown import render_markdown
from generator.render.pages import Pages
from generator.render.panorama import offline_files
from generator.render.structured import ld_script, tourist_trip


class TrailPages:
    def __init__(self, pages: Pages, trails: list[Trail],
                 route_svg: Callable[..., Markup | None] | None = None):
        self.pages, self.trails = pages, trails
        self.route_svg = route_svg  # (entries, lang, root) -> Markup | None, from the map module

    def plan(self) -> list[Output]:
        if not self.trails:
            return []
        tags = self.pages.langs.tags
        outputs = [self.index(lang) for lang in tags]
        outputs += [self.trail(trail, lang) for trail in self.trails for lang in tags]
        outputs += [self.offline_list(trail, lang) for trail in self.trails for lang in tags]
        return outputs

    def offline_list(self, trail: Trail, lang: str) -> Output:
        """`offline.json`: what "save this trail" caches: its pages and their pictures,
        the entries' and points' 360° views included."""
        import json

        folder = self.pages.urls.trail(lang, trail.slug)
        up = "../" * folder.count("/")
        urls = ["./"]
        for entry in self._stops(trail):
            urls.append(up + self.pages.urls.page(lang, entry.slug))
            for image in entry.images():
                info = self.pages.images.get(image.src)
                for variant in info.variants if info else ():
                    urls += [up + variant.jpeg, up + variant.webp]
            text = entry.text(lang)
            for shown in (text.panorama, *(point.panorama for point in text.points)):
                pano = self.pages.panoramas.get(shown.src) if shown else None
                urls += [up + path for path in (offline_files(pano) if pano else ())]
        urls.append(up + "assets/site.js")
        data = json.dumps(sorted(set(urls)), indent=0).encode()
        return Output(f"{folder}offline.json", key("offline", data), lambda: data)

    def _stops(self, trail: Trail) -> list[Entry]:
        """The sites the trail visits, in order (a point's stop is at its site)."""
        by_code = places(self.pages.site.entries)
        return [by_code[code][0] for code in trail.stops]

    def _stop(self, code: str, lang: str, root: str) -> dict[str, Any]:
        entry, point = places(self.pages.site.entries)[code]
        text = entry.text(lang)
        shown = next(p for p in text.points if p.id == point.id) if point else None
        return {"code": code, "title": f"{shown.title} · {text.title}" if shown else text.title,
                "summary": shown.summary if shown else text.summary, "address": text.address,
                "href": href(root, self.pages.urls.page(lang, entry.slug))
                + (f"#{point.id}" if point else "")}

    def trail(self, trail: Trail, lang: str) -> Output:
        urls = self.pages.urls
        url = urls.trail(lang, trail.slug)
        file = page_file(url)
        entries = self._stops(trail)
        deps = key(self.pages.common_key, "trail", lang, trail.digest,
                   [(e.slug, e.digest, e.location) for e in entries])

        def produce() -> bytes:
            ctx = self.pages.context(lang, file, url,
                                     self.pages.alternates(None, f"trails/{trail.slug}"),
                                     f"trails/{trail.slug}")
            root = ctx["root"]
            text = trail.text(lang)
            ctx.update(self.pages.fallback_notice(lang, trail.languages.nearest(trail.texts, lang)))
            ctx.update({
                "trail": trail, "text": text,
                "body": Markup(render_markdown(text.body_md, lambda image: None)),
                "stops": [{"number": n, **self._stop(code, lang, root)}
                          for n, code in enumerate(trail.stops, start=1)],
                "route": self.route_svg(entries, lang, root) if self.route_svg else None,
            })
            ctx["json_ld"] = self._trip_ld(trail, lang, url)
            return self.pages.theme.render("trail.html", **ctx)

        return Output(file, deps, produce)

    def _trip_ld(self, trail: Trail, lang: str, url: str) -> Markup:
        """The trail as a schema.org TouristTrip over its stops, in visiting order."""
        text, config, root = trail.text(lang), self.pages.config, "diachido-abs/"
        stops = [self._stop(code, lang, root) for code in trail.stops]
        trip = tourist_trip(config, url, text.title, text.summary,
                            [(s["title"], config.absolute(s["href"][len(root):]))
                             for s in stops])
        return ld_script(self.pages.page_ld(lang, url, "WebPage", trip))

    def index(self, lang: str) -> Output:
        urls = self.pages.urls
        url = urls.trail(lang)
        file = page_file(url)
        deps = key(self.pages.common_key, "trails", lang, [t.digest for t in self.trails])

        def produce() -> bytes:
            ctx = self.pages.context(lang, file, url, self.pages.alternates(None, "trails"),
                                     "trails")
            ctx["trails"] = [{"title": t.text(lang).title, "summary": t.text(lang).summary,
                              "duration": t.text(lang).duration, "count": len(t.stops),
                              "href": href(ctx["root"], urls.trail(lang, t.slug))}
                             for t in self.trails]
            return self.pages.theme.render("trails.html", **ctx)

        return Output(file, deps, produce)
