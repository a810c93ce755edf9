"""Entry bodies as parsed Markdown: cmark-gfm's HTML and the images a body references.

cmark-gfm (GitHub's C CommonMark parser, through `cmarkgfm`) does the parsing: it is ten times
faster than a pure-Python parser, which was most of a cold build. Its HTML is regular (attributes
always quoted, text always escaped), so the rewrites in render/markdown.py are exact on it.

Raw HTML in a body is never interpreted: before parsing, every `<` that does not open an
autolink is swapped for a control character cmark treats as text, and swapped back as `&lt;`,
so `<script>` arrives as visible, escaped text. Finding the images a body shows is a content job
(they are validated before anything is written), so it lives here, below rendering.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass

import cmarkgfm
from cmarkgfm.cmark import Options

EXTENSIONS = ["table", "strikethrough"]

_LT = "\x01"  # stands for a literal "<"; control characters never survive validation
# A "<" (with the backslash that may escape it), unless it opens an autolink or a link target.
_RAW_LT = re.compile(r"(?<!\]\()\\?<(?!(?:https?|mailto):[^\s<>]*>)")
# Two things CommonMark refuses that editors write (and our first parser, Python-Markdown, took):
# `](a/cổng đình.jpg)`, a target with spaces and no title, is bracketed as `](<a/cổng đình.jpg>)`;
# `##Lịch sử`, a heading without its space, gets one.
_HEADING_NO_SPACE = re.compile(r"^(#{1,6})(?=[^#\s])")
_SPACED_TARGET = re.compile(r"\]\(([^()<>\n\"']*?\s[^()<>\n\"']*?)\)")
IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? />')


@dataclass(frozen=True)
class BodyImage:
    src: str
    alt: str
    title: str


def cmark_html(body: str) -> str:
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


def images_in(out: str) -> list[BodyImage]:
    """cmark percent-encodes the path (`cổng.jpg` → `c%E1%BB%95ng.jpg`); media are looked up by
    the name the editor wrote."""
    return [BodyImage(urllib.parse.unquote(html.unescape(src)), html.unescape(alt),
                      html.unescape(title or ""))
            for src, alt, title in IMAGE.findall(out)]


def body_images(body: str) -> list[BodyImage]:
    """The images a body references, for validation before any output is written."""
    if "![" not in body:  # no image syntax: skip a full conversion (the common case)
        return []
    return images_in(cmark_html(body))
