"""Entry bodies: Markdown → safe HTML.

cmark-gfm (GitHub's C CommonMark parser, through `cmarkgfm`) does the parsing: it is ten times
faster than a pure-Python parser, which was most of a cold build. Its HTML is regular (attributes
always quoted, text always escaped), so the few rewrites below are exact on it.

Raw HTML in a body is never interpreted: before parsing, every `<` that does not open an
autolink is swapped for a control character cmark treats as text, and swapped back as `&lt;`,
so `<script>` arrives as visible, escaped text. nh3 (an allow-list sanitiser) then drops anything
outside the small set of tags Markdown itself produces — `javascript:` links included. Images must
live in `media/`; each is handed to a callback that returns the responsive `<picture>` markup.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

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
EXTENSIONS = ["table", "strikethrough"]

_LT = "\x01"  # stands for a literal "<"; control characters never survive validation
# A "<" (with the backslash that may escape it), unless it opens an autolink or a link target.
_RAW_LT = re.compile(r"(?<!\]\()\\?<(?!(?:https?|mailto):[^\s<>]*>)")
# Two things CommonMark refuses that editors write (and our first parser, Python-Markdown, took):
# `](a/cổng đình.jpg)`, a target with spaces and no title, is bracketed as `](<a/cổng đình.jpg>)`;
# `##Lịch sử`, a heading without its space, gets one.
_HEADING_NO_SPACE = re.compile(r"^(#{1,6})(?=[^#\s])")
_SPACED_TARGET = re.compile(r"\]\(([^()<>\n\"']*?\s[^()<>\n\"']*?)\)")
_HEADING = re.compile(r"<(/?)h([1-6])>")
_CELL_ALIGN = re.compile(r'<(t[hd]) align="(left|right|center)">')
_LINK = re.compile(r'<a href="([^"]*)"((?: title="[^"]*")?)>(.*?)</a>', re.DOTALL)
_IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? />')
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class BodyImage:
    src: str
    alt: str
    title: str


ImageRenderer = Callable[[BodyImage], "str | None"]


def _cmark(body: str) -> str:
    """cmark-gfm's HTML, with raw HTML kept as text (see the module docstring)."""
    if "](" in body or "#" in body:
        body = _forgive(body)
    has_lt = "<" in body
    if has_lt:
        body = _RAW_LT.sub(_LT, body.replace(_LT, ""))
    out = cmarkgfm.markdown_to_html_with_extensions(body, Options.CMARK_OPT_DEFAULT, EXTENSIONS)
    if has_lt:
        out = out.replace(_LT, "&lt;").replace("%01", "%3C")
    return out


def _forgive(body: str) -> str:
    """Outside code (fenced or indented blocks, lines with backticks), as the comment on
    _HEADING_NO_SPACE says."""
    lines, fence = body.split("\n"), ""
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if fence:
            fence = "" if stripped.startswith(fence) else fence
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif "`" not in line and not line.startswith(("    ", "\t")):
            line = _HEADING_NO_SPACE.sub(r"\1 ", line)
            if "](" in line:
                line = _SPACED_TARGET.sub(lambda m: f"](<{m[1].strip()}>)", line)
            lines[number] = line
    return "\n".join(lines)


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


def _images(out: str) -> list[BodyImage]:
    """cmark percent-encodes the path (`cổng.jpg` → `c%E1%BB%95ng.jpg`); media are looked up by
    the name the editor wrote."""
    return [BodyImage(urllib.parse.unquote(html.unescape(src)), html.unescape(alt),
                      html.unescape(title or ""))
            for src, alt, title in _IMAGE.findall(out)]


def render_markdown(body: str, render_image: ImageRenderer) -> str:
    """Sanitised HTML for one body."""
    out = _shift_headings(_cmark(body))
    if "<t" in out:
        out = _CELL_ALIGN.sub(r'<\1 class="align-\2">', out)
    if "<a " in out:
        out = _LINK.sub(_link, out)
    if "<img " in out:
        out = _IMAGE.sub(lambda m: render_image(_images(m[0])[0]) or "", out)
    return nh3.clean(out, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None)


def body_images(body: str) -> list[BodyImage]:
    """The images a body references, for validation before any output is written."""
    if "![" not in body:  # no image syntax: skip a full conversion (the common case)
        return []
    return _images(_cmark(body))
