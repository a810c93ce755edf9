"""The page plan: every HTML/XML file of the site as (path, key, producer).

Producers are plain closures over immutable data, so the plan can skip any page whose key matches
the previous build's manifest and render the rest in any order with the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import rjsmin
from markupsafe import Markup

from generator import __version__
from generator.content.body import BodyImage
from generator.content.model import Entry, Site, Text
from generator.content.slugs import fold
from generator.media.av import AvRefs
from generator.media.images import ImageInfo
from generator.media.panorama import PanoramaInfo
from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import (
    Urls,
    counter_pixel,
    counter_source,
    directions,
    href,
    page_file,
    root_of,
)
from generator.render.datapackage import licence_url
from generator.render.entry_context import credit_line, heritage_context, media_context
from generator.render.host_files import headers
from generator.render.maps.tiles import tile_host
from generator.render.markdown import render_markdown
from generator.render.opendata import place_ld
from generator.render.panorama import STATIC, panorama_context
from generator.render.pictures import THUMB_SIZES, picture_html
from generator.render.points import points_context
from generator.render.structured import breadcrumb, home_nodes, ld_script, web_page
from generator.render.theme import Theme
from generator.render.trail_nav import trail_nav

MINIFIER = f"rjsmin {rjsmin.__version__}"
ROOT_TOKEN = "diachido-root-5f3a/"  # stands for "../../" until a page's depth is known


class Pages:
    """Knows the site, theme and images; hands out one Output per page."""

    def __init__(self, site: Site, theme: Theme, images: dict[str, ImageInfo],
                 body_images: dict[str, tuple[str, ...]], code_digest: str = "",
                 av: AvRefs | None = None, stops: dict[str, list] | None = None,
                 share_cards: frozenset[str] = frozenset(), has_trails: bool = False,
                 panoramas: dict[str, PanoramaInfo] | None = None,
                 issued: Mapping[str, dt.date] | None = None):
        self.site, self.theme, self.images = site, theme, images
        self.issued = issued or {}  # code → the day codes.yml says it was issued (render/dates)
        self.panoramas = panoramas or {}
        self.av = av or AvRefs({}, {})
        self.stops = stops or {}  # slug → trails.Stop list, for "stop 2 of 5" navigation
        self._bodies: dict[tuple[str, str], str] = {}
        self._image_keys: dict[str, str] = {}
        self._json_ld: dict[tuple[str, str], Markup] = {}
        tiles = site.config.map_tiles
        self.has_points = any(entry.points for entry in site.entries)
        # The code box splits "NT012" into NT01-2 after this many site-code digits.
        digits = sorted(len(e.code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
                        for e in site.entries if e.points)
        self.point_digits = max(set(digits), key=digits.count) if digits else 0
        self.css = Markup(theme.page_css(self.has_points))
        hosts = [tile_host(tiles) if tiles else "", counter_source(site.config.goatcounter)]
        self.csp = theme.csp(" ".join(filter(None, hosts)), bool(self.panoramas),
                             self.has_points)
        self.share_cards = share_cards  # the cards drawn: "share/index.jpg", "share/en/a.jpg"…
        trails = [("trails", "trails")] if has_trails else []
        self.nav_targets = [("", "all_sites"), ("map", "map"), *trails, ("q", "codes_title"),
                            ("data", "open_data")]
        self.body_images = body_images  # slug → media paths its Markdown bodies show
        self.config = site.config
        self.langs = site.config.languages
        self.urls = Urls(self.langs.default)
        self.common_key = key(__version__, code_digest, theme.digest, repr(site.config),
                              sorted(share_cards), has_trails)

    def plan(self) -> list[Output]:
        outputs = [self.static("favicon.svg", "favicon.svg"),
                   self.static("site.js", "assets/site.js"),
                   self.static("video.js", "assets/video.js")]
        if self.panoramas:  # the 360° viewer is published only by sites that show one
            outputs += [self.static(name, out) for name, out in STATIC]
        for lang in self.langs.tags:
            outputs.append(self.index(lang))
            for entry in self.site.entries:
                outputs.append(self.entry_page(entry, lang))
                outputs.extend(self.alias_pages(entry, lang))
        outputs += [self.not_found(), headers(self.config.base_path, self.csp)]
        return outputs

    def shown(self, slugs: frozenset[str], files: frozenset[str]) -> list[Output]:
        """Every language's page of the entries `slugs`, and the homes and site pages among
        `files`, without keying the others (serve's first pages: outputs/early.py)."""
        tags = self.langs.tags
        asked = {(lang, slug) for lang in tags for slug in slugs}
        asked |= {page for file in files if (page := self.urls.page_of(file, tags))}
        entries = {entry.slug: entry for entry in self.site.entries}
        outputs = [self.index(lang) for lang in tags if page_file(self.urls.page(lang)) in files]
        return outputs + [self.entry_page(entries[slug], lang) for lang, slug in sorted(asked)
                          if slug in entries]

    # -- shared context -------------------------------------------------------------------
    def context(self, lang: str, file: str, url: str | None, alternates: list[dict],
                switch: str | None, root: str | None = None) -> dict[str, Any]:
        """What every page's frame shows; `switch` is the page's path in any language (the
        slug given to `Urls.page`), for the language switcher, or None for no switcher."""
        root = root or root_of(file)
        strings, urls, config = self.theme.strings, self.urls, self.config
        return {
            "lang": lang, "t": strings[lang], "root": root,
            "others": [{"lang": o, "t": strings[o]} for o in self.langs.tags if o != lang],
            "home": urls.page(lang), "css": self.css, "csp": self.csp,
            "site_title": config.text("title", lang),
            "site_description": config.text("description", lang),
            "organisation": config.text("organisation", lang),
            "canonical": config.absolute(url) if url is not None else None,
            "alternates": alternates,
            "switch": [{"href": href(root, urls.page(o, switch)), "lang": o,
                        "label": strings[o]["lang_name"]}
                       for o in self.langs.tags if o != lang] if switch is not None else [],
            "current_lang": strings[lang]["lang_name"],
            "share": self.share(lang, url), "point_digits": self.point_digits,
            "counter": counter_pixel(config.goatcounter, file),
            # Each page says what it is in its language; pages about something add that.
            "json_ld": ld_script([web_page(config, lang, url, "WebPage",
                                           config.text("title", lang))])
            if url is not None else None,
            "nav": [{"href": href(root, urls.page(lang, target)), "label": strings[lang][label]}
                    for target, label in self.nav_targets],
            "feed": href(root, urls.feed(lang, "xml")), "licence": self.licence,
        }

    def share(self, lang: str, url: str | None, entry: Entry | None = None) -> dict | None:
        """Open Graph / Twitter values; None when no card was drawn (`--no-plates`)."""
        image = self.card_image(lang, entry.slug if entry else "index")
        if not image:
            return None
        title = entry.text(lang).title if entry else self.config.text("title", lang)
        description = entry.text(lang).summary if entry else self.config.text("description", lang)
        return {"type": "article" if entry else "website", "title": title,
                "description": description or title,
                "url": self.config.absolute(url if url is not None else self.urls.page(lang)),
                "image": image, "locale": self.theme.strings[lang]["og_locale"],
                "alternate_locales": [self.theme.strings[o]["og_locale"] for o in (
                    entry.texts if entry else self.langs.tags) if o != lang]}

    def card_image(self, lang: str, name: str) -> str:
        """Absolute URL of page `name`'s card in `lang`, else the default language's (a fallback
        page shows that text); "" when no card was drawn (`--no-plates`)."""
        for card in (self.urls.share_card(lang, name),
                     self.urls.share_card(self.langs.default, name)):
            if card in self.share_cards:
                return self.config.absolute(card)
        return ""

    def alternates(self, entry: Entry | None, path: str = "") -> list[dict]:
        """hreflang links: every language that has its own text, plus x-default; `path` names
        a page every language has (`data`, `trails/<slug>`) when `entry` is None."""
        tags = self.langs.tags
        langs = tags if entry is None else [lang for lang in tags if lang in entry.texts]
        if len(langs) < 2:
            return []
        slug, urls = entry.slug if entry else path, self.urls
        return [{"lang": lang, "href": self.config.absolute(urls.page(lang, slug))}
                for lang in langs] + [
            {"lang": "x-default", "href": self.config.absolute(urls.page(tags[0], slug))}]

    def static(self, name: str, out: str) -> Output:
        """A theme file as is, or one of the theme's own scripts without its comments (see
        `minified`); vendored scripts (in a folder, e.g. pannellum/) come as their authors ship
        them."""
        path = self.theme.folder / "static" / name
        if name.endswith(".js") and "/" not in name:
            return Output(out, key(self.common_key, name, MINIFIER), lambda: minified(path))
        return Output(out, key(self.common_key, name), source=path)

    # -- pages ----------------------------------------------------------------------------
    def index(self, lang: str) -> Output:
        url = self.urls.page(lang)
        file = page_file(url)
        # Keyed by the cards themselves: an edit to a body leaves the index alone.
        cards = [self._card(entry, lang, root_of(file)) for entry in self.site.entries]

        def produce() -> bytes:
            ctx = self.context(lang, file, url, self.alternates(None), "")
            ctx["json_ld"] = ld_script(home_nodes(self.config, lang, url))
            ctx["cards"] = cards
            ctx["categories"] = sorted({card["category"] for card in ctx["cards"]})
            ctx["rankings"] = sorted({card["ranking"] for card in ctx["cards"]} - {""})
            return self.theme.render("index.html", **ctx)

        return Output(file, key(self.common_key, "index", lang, cards), produce)

    def _card(self, entry: Entry, lang: str, root: str) -> dict[str, Any]:
        text, strings = entry.text(lang), self.theme.strings[lang]
        cover = self.images.get(entry.cover.src) if entry.cover else None
        return {
            "href": href(root, self.urls.page(lang, entry.slug)), "title": text.title,
            "code": entry.code, "category": text.category, "summary": text.summary,
            "ranking": strings["ranking_values"].get(entry.ranking, ""),
            "thumb": picture_html(cover, "", root, True, THUMB_SIZES) if cover else None,
            "search": fold(" ".join((text.title, entry.main.title, entry.code, text.category,
                                     text.address))),
        }

    def image_key(self, entry: Entry) -> str:
        """Everything besides the entry's own files that its pages show (asked ~7 times per
        entry while planning, so kept)."""
        if entry.slug not in self._image_keys:
            self._image_keys[entry.slug] = self._image_key(entry)
        return self._image_keys[entry.slug]

    def _image_key(self, entry: Entry) -> str:
        used = [v.src for v in entry.videos] + [v.captions for v in entry.videos] + [
            a.src for a in entry.audio]
        av = [self.av.files[src].digest for src in used if src in self.av.files]
        av += [self.panoramas[src].digest for src in entry.panoramas() if src in self.panoramas]
        return key(*(self.images[i.src].digest for i in entry.images() if i.src in self.images),
                   *(info.digest for info in self._body_infos(entry)), *av,
                   *(self.av.transcripts.get(a.transcript_file, "") for a in entry.audio),
                   [(s.trail.digest, s.number, *(e.digest for e in (s.prev, s.next) if e))
                    for s in self.stops.get(entry.slug, [])])

    def _body_infos(self, entry: Entry) -> list[ImageInfo]:
        return [self.images[src] for src in self.body_images.get(entry.slug, ())
                if src in self.images]

    def entry_page(self, entry: Entry, lang: str) -> Output:
        url = self.urls.page(lang, entry.slug)
        file = page_file(url)
        shown = entry.text(lang).lang  # another language's text when this one is missing

        def produce() -> bytes:
            canonical = self.urls.page(shown, entry.slug)
            ctx = self.context(lang, file, canonical, self.alternates(entry), entry.slug)
            ctx.update(self.entry_context(entry, lang, ctx["root"]))
            ctx.update(self.fallback(entry, lang))
            ctx["share"] = self.share(lang, url, entry)
            ctx["json_ld"] = self.json_ld(entry, lang)
            return self.theme.render("site.html", **ctx)

        deps = key(self.common_key, "site", lang, entry.digest, self.image_key(entry),
                   [point.code for point in entry.points])
        return Output(file, deps, produce, group=entry.slug)

    def fallback(self, entry: Entry, lang: str) -> dict[str, Any]:
        """Whether the page shows another language's text (`fallback`, in `shown_lang`) or a
        translation no native speaker has checked yet (`unreviewed`): each gets a notice."""
        return self.fallback_notice(lang, entry.text(lang).lang,
                                    reviewed=entry.text(lang).reviewed)

    def fallback_notice(self, lang: str, shown: str, reviewed: bool = True) -> dict[str, Any]:
        strings = self.theme.strings
        names = strings[lang]["language_names"]
        notice = strings[lang]["no_translation"].format(
            own=names.get(lang, strings[lang]["lang_name"]),
            language=names.get(shown, strings[shown]["lang_name"]))
        return {"fallback": shown != lang, "shown_lang": shown, "fallback_notice": notice,
                "unreviewed": not reviewed, "default_lang": self.langs.default}

    def json_ld(self, entry: Entry, lang: str) -> Markup:
        """Kept per (entry, language): the site page and its three landings all carry it."""
        if (entry.slug, lang) not in self._json_ld:
            self._json_ld[entry.slug, lang] = self._make_json_ld(entry, lang)
        return self._json_ld[entry.slug, lang]

    def _make_json_ld(self, entry: Entry, lang: str) -> Markup:
        """The page (in the language its text is in), the place, the way down from home."""
        text = entry.text(lang)
        place = place_ld(entry, self.site, lang, self.card_image(lang, entry.slug))
        url = self.urls.page(text.lang, entry.slug)
        crumbs = breadcrumb(self.config, url, [(self.config.text("title", lang),
                                                self.urls.page(lang)), (text.title, url)])
        page = web_page(self.config, text.lang, url, "WebPage", text.title, place, crumbs)
        return ld_script([page, place, crumbs])

    def page_ld(self, lang: str, url: str, kind: str, main: dict[str, Any]) -> list[dict]:
        """A page of the site's own (data, a trail) and the one thing it is about."""
        title = main.get("name") or self.config.text("title", lang)
        return [web_page(self.config, lang, url, kind, title, main), main]

    def entry_context(self, entry: Entry, lang: str, root: str) -> dict[str, Any]:
        text = entry.text(lang)
        cover = self.images.get(entry.cover.src) if entry.cover else None
        alt = text.cover_alt or entry.main.cover_alt
        location = entry.location
        return {
            "entry": entry, "text": text,
            "ranking": self.theme.strings[lang]["ranking_values"].get(entry.ranking, ""),
            "cover": picture_html(cover, alt, root, lazy=False) if cover else None,
            "body": Markup(self.body_html(entry, text).replace(ROOT_TOKEN, root)),
            "cover_credit": credit_line(entry.cover, self.theme.strings[lang]) if cover else "",
            **media_context(entry, lang, root, self.images, self.av, self.theme.strings[lang]),
            **heritage_context(entry, lang, self.theme.strings[lang]),
            "trail_nav": trail_nav(self.stops.get(entry.slug, []), lang, root,
                                   self.theme.strings[lang], self.urls),
            "directions": directions(location.lat, location.lon) if location else None,
            "panorama": panorama_context(text.panorama, self.panoramas, root,
                                         self.theme.strings[lang]),
            "points": points_context(entry, lang, root, self.images, self.theme.strings[lang],
                                     self.panoramas),
            "here": "",  # the point a `/q/<CODE>-<n>` landing opens at
        }

    def body_html(self, entry: Entry, text: Text) -> str:
        """A body rendered once, whatever the number of pages (and folder depths) showing it.

        Image URLs carry ROOT_TOKEN in place of the page's path to the site root."""
        cache_key = (entry.slug, text.lang)
        if cache_key not in self._bodies:
            self._bodies[cache_key] = render_markdown(text.body_md, self._body_image(ROOT_TOKEN))
        return self._bodies[cache_key]

    def _body_image(self, root: str) -> Callable[[BodyImage], str | None]:
        def render(image: BodyImage) -> str | None:
            info = self.images.get(image.src)
            return picture_html(info, image.alt, root) if info else None

        return render


    def alias_pages(self, entry: Entry, lang: str) -> list[Output]:
        outputs = []
        for alias in entry.aliases:
            file = page_file(self.urls.page(lang, alias))

            def produce(file: str = file) -> bytes:
                root = root_of(file)
                target = self.urls.page(lang, entry.slug)
                return self.theme.render(
                    "alias.html", lang=lang, t=self.theme.strings[lang], css=self.css,
                    csp=self.csp, title=entry.text(lang).title,
                    target=href(root, target), canonical=self.config.absolute(target))

            outputs.append(Output(file, key(self.common_key, "alias", lang, alias, entry.slug,
                                            entry.text(lang).title), produce))
        return outputs

    def not_found(self) -> Output:
        def produce() -> bytes:
            # Hosts serve 404.html at any depth, so its links are absolute paths.
            ctx = self.context(self.langs.default, "404.html", None, [], None,
                               root=self.config.base_path + "/")
            return self.theme.render("404.html", **ctx)

        return Output("404.html", key(self.common_key, "404"), produce)

    @property
    def licence(self) -> dict[str, str]:
        """The open data's licence for the footer's `rel=\"license\"` link."""
        return {"name": self.config.data_license, "url": licence_url(self.config.data_license)}


def minified(path: Path) -> bytes:
    """A theme script as visitors get it: comments and indentation dropped (a third of
    site.js on a phone's first view), licence comments (/*! … */) kept."""
    return rjsmin.jsmin(path.read_text("utf-8"), keep_bang_comments=True).encode("utf-8")
