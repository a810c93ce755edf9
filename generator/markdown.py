"""Entry bodies: Markdown → safe HTML.

Raw HTML in a body is never interpreted: Python-Markdown's HTML handling is switched off, so
`<script>` arrives as visible, escaped text, and nh3 (an allow-list sanitiser) then drops anything
outside the small set of tags Markdown itself produces — `javascript:` links included. Images must
live in `media/`; each is handed to a callback that returns the responsive `<img>` markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import markdown as md_lib
import nh3
from markdown.treeprocessors import Treeprocessor

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
_ALIGN = re.compile(r"text-align:\s*(left|right|center)")


@dataclass(frozen=True)
class BodyImage:
    src: str
    alt: str
    title: str


ImageRenderer = Callable[[BodyImage], "ET.Element | None"]


class _Rewrite(Treeprocessor):
    """Headings start at h2 (the page title is the only h1); images go through the callback."""

    def __init__(self, md: md_lib.Markdown, render_image: ImageRenderer):
        super().__init__(md)
        self.render_image = render_image

    def run(self, root: ET.Element) -> None:
        levels = [int(el.tag[1]) for el in root.iter() if re.fullmatch(r"h[1-6]", el.tag)]
        shift = 2 - min(levels) if levels else 0
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if re.fullmatch(r"h[1-6]", child.tag):
                    child.tag = f"h{min(6, int(child.tag[1]) + shift)}"
                elif child.tag in ("th", "td"):
                    match = _ALIGN.search(child.attrib.pop("style", ""))
                    if match:
                        child.set("class", f"align-{match[1]}")
                elif child.tag == "img":
                    self._image(parent, index, child)
                elif child.tag == "a":
                    _link(child)

    def _image(self, parent: ET.Element, index: int, img: ET.Element) -> None:
        image = BodyImage(img.get("src", ""), img.get("alt", ""), img.get("title", ""))
        replacement = self.render_image(image)
        parent.remove(img)
        if replacement is not None:
            replacement.tail = img.tail
            parent.insert(index, replacement)
        elif img.tail:
            parent.text = (parent.text or "") + img.tail


def _link(anchor: ET.Element) -> None:
    """Unsafe links become plain text (an `<a>` without href stays valid HTML)."""
    href = anchor.get("href", "").strip()
    scheme = href.split(":", 1)[0].lower() if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) else ""
    if scheme and scheme not in URL_SCHEMES:
        anchor.tag = "span"
        anchor.attrib.clear()
    elif scheme in ("http", "https"):
        anchor.set("rel", "noopener noreferrer")


_CONVERTER: md_lib.Markdown | None = None


def _converter(render_image: ImageRenderer) -> md_lib.Markdown:
    """One Markdown instance per process (building one costs more than a short body)."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = md_lib.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        _CONVERTER.preprocessors.deregister("html_block")
        _CONVERTER.inlinePatterns.deregister("html")
        _CONVERTER.treeprocessors.register(_Rewrite(_CONVERTER, render_image), "diachido", 15)
    _CONVERTER.reset()
    _CONVERTER.treeprocessors["diachido"].render_image = render_image
    return _CONVERTER


def render_markdown(body: str, render_image: ImageRenderer) -> str:
    """Sanitised HTML for one body."""
    html = _converter(render_image).convert(body)
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
    )


def body_images(body: str) -> list[BodyImage]:
    """The images a body references, for validation before any output is written."""
    found: list[BodyImage] = []
    if "![" not in body:  # no image syntax: skip a full conversion (the common case)
        return found

    def collect(image: BodyImage) -> None:
        found.append(image)

    _converter(collect).convert(body)
    return found
