"""Entry bodies: parsed Markdown (content/body.py) → safe HTML.

The parsed HTML gets exact rewrites (heading levels, table alignment classes, unsafe links → text,
images → responsive `<picture>` from a callback); nh3, an allow-list sanitiser, then drops anything
outside the small set of tags Markdown itself produces — `javascript:` links included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3

from generator.content.body import IMAGE, BodyImage, cmark_html, images_in

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "dd", "dl", "dt", "em", "figure",
    "figcaption", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "picture",
    "pre", "s", "source", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}
ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "th": {"class"},
    "td": {"class"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "geo"}
_HEADING = re.compile(r"<(/?)h([1-6])>")
_CELL_ALIGN = re.compile(r'<(t[hd]) align="(left|right|center)">')
_LINK = re.compile(r'<a href="([^"]*)"((?: title="[^"]*")?)>(.*?)</a>', re.DOTALL)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")

ImageRenderer = Callable[[BodyImage], "str | None"]


def _shift_headings(out: str) -> str:
    """Headings start at h2: the page title is the only h1."""
    levels = [int(level) for _slash, level in _HEADING.findall(out)]
    shift = 2 - min(levels) if levels else 0
    if shift == 0:
        return out
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}>", out)


def _link(match: re.Match) -> str:
    """Unsafe links become plain text; outside links open without a referrer."""
    href, title, text = match[1], match[2], match[3]
    found = _SCHEME.match(html.unescape(href).strip())
    scheme = found[1].lower() if found else ""
    if not href or (scheme and scheme not in URL_SCHEMES):
        return f"<span>{text}</span>"
    rel = ' rel="noopener noreferrer"' if scheme in ("http", "https") else ""
    return f'<a href="{href}"{title}{rel}>{text}</a>'


def render_markdown(body: str, render_image: ImageRenderer) -> str:
    """Sanitised HTML for one body."""
    out = _shift_headings(cmark_html(body))
    if "<t" in out:
        out = _CELL_ALIGN.sub(r'<\1 class="align-\2">', out)
    if "<a " in out:
        out = _LINK.sub(_link, out)
    if "<img " in out:
        out = IMAGE.sub(lambda m: render_image(images_in(m[0])[0]) or "", out)
    return nh3.clean(out, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None)
