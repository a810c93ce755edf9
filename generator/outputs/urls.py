"""Where pages live and how they link: always relative, so the site works under any sub-path
(and opened from disk); absolute URLs only where the web requires them (canonical, sitemap)."""

from __future__ import annotations

from dataclasses import dataclass


def lang_dir(lang: str) -> str:
    """A language's folder: its tag in lower case (`en`, `zh-hans`), as URLs are usually written
    and as case-sensitive hosts then serve what a visitor types."""
    return lang.lower()


@dataclass(frozen=True)
class Urls:
    """Page URLs: the default language's pages at the top, every other one in its folder."""

    default: str

    def page(self, lang: str, slug: str = "") -> str:
        """Site-relative URL of a page: "" (home), "dinh-phu-my/", "zh-hans/dinh-phu-my/"."""
        prefix = "" if lang == self.default else f"{lang_dir(lang)}/"
        return prefix + (f"{slug}/" if slug else "")

    def page_of(self, file: str, tags: tuple[str, ...]) -> tuple[str, str] | None:
        """(language, slug) of a site page's file (`page_file(self.page(lang, slug))`), or
        None for any other file."""
        folder, _, name = file.rpartition("/")
        parts = folder.split("/")
        if name != "index.html" or not folder or len(parts) > 2:
            return None
        if len(parts) == 1:  # a slug, or another language's home (`en/index.html`)
            homes = {lang_dir(tag) for tag in tags if tag != self.default}
            return None if parts[0] in homes else (self.default, parts[0])
        lang = next((tag for tag in tags if lang_dir(tag) == parts[0] and tag != self.default),
                    None)
        return (lang, parts[1]) if lang else None

    def landing(self, lang: str, code: str) -> str:
        """Site-relative URL of a plate code's landing: "q/NT01/", "en/q/NT01/"."""
        return self.page(lang, f"q/{code}")

    def trail(self, lang: str, slug: str = "") -> str:
        return self.page(lang, f"trails/{slug}" if slug else "trails")

    def feed(self, lang: str, ext: str) -> str:
        """A language's feed of new and updated sites: "feed.xml" (Atom) or "feed.json"
        (JSON Feed) in the default language, "en/feed.xml"… in the others."""
        prefix = "" if lang == self.default else f"{lang_dir(lang)}/"
        return f"{prefix}feed.{ext}"

    def share_card(self, lang: str, name: str) -> str:
        """A page's link-preview card: "share/dinh-phu-my.jpg" in the default language (where it
        always was), "share/en/dinh-phu-my.jpg", "share/zh-hans/…" in the others."""
        prefix = "" if lang == self.default else f"{lang_dir(lang)}/"
        return f"share/{prefix}{name}.jpg"


def landing_short_file(code: str) -> str:
    """`q/NT01.html`: the file hosts that resolve `.html` serve for `/q/NT01` with no redirect."""
    return f"q/{code}.html"


def plate_url(base_url: str, code: str) -> str:
    """The absolute address printed in a plate's QR code: it must work forever."""
    return f"{base_url}/q/{code}"


def counter_path(file: str) -> str:
    """The path a page reports to a counter: "/q/NT01", "/en/q/NT01", "/dinh-phu-my", "/"."""
    page = file[:-len("index.html")] if file.endswith("index.html") else file
    return "/" + page.rstrip("/")


def counter_pixel(counter: str, file: str) -> str:
    """GoatCounter's no-JavaScript pixel for a page (https://www.goatcounter.com/help/pixel),
    or "" when no counter is configured: then no page requests anything from anywhere."""
    return f"{counter}/count?p={counter_path(file)}" if counter else ""


def counter_source(counter: str) -> str:
    """The one CSP image source the pixel needs (its /count, not the whole origin)."""
    return f"{counter}/count" if counter else ""


BOOK_FILE = "plates/all.pdf"  # every plate, sorted by size, then by code


def print_file(size: str) -> str:
    """`plates/print-A5.pdf`: every plate of one size (a print shop quotes per sheet size)."""
    return f"plates/print-{size}.pdf"


def page_file(url: str) -> str:
    """Output file of a page URL."""
    return f"{url}index.html"


def root_of(file: str) -> str:
    """Relative path from an output file back to the site root ("./" at the top)."""
    return "../" * file.count("/") or "./"


def href(root: str, url: str) -> str:
    """Link from a page (given its root) to a site-relative URL."""
    return root + url if root != "./" else (url or "./")


OSM = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def directions(lat: float, lon: float) -> dict[str, str]:
    """Links that open a place in the phone's map app (`geo:`) or, failing that, on the web."""
    return {"geo": f"geo:{lat},{lon}?q={lat},{lon}", "web": OSM.format(lat=lat, lon=lon)}
