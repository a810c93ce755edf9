"""Responsive image markup: one `<picture>` builder for covers, galleries and body images."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markupsafe import Markup

from generator.media.images import ImageInfo

CONTENT_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
THUMB_SIZES = "4.5rem"
GALLERY_SIZES = "(min-width: 46rem) 14rem, 50vw"


def picture(info: ImageInfo, alt: str, root: str, lazy: bool = True,
            sizes: str = CONTENT_SIZES) -> ET.Element:
    """WebP for browsers that take it, JPEG otherwise; width/height reserve the space."""
    element = ET.Element("picture")
    ET.SubElement(element, "source", {
        "type": "image/webp",
        "srcset": ", ".join(f"{root}{v.webp} {v.width}w" for v in info.variants),
        "sizes": sizes,
    })
    img = ET.SubElement(element, "img", {
        "src": root + info.fallback.jpeg,
        "srcset": ", ".join(f"{root}{v.jpeg} {v.width}w" for v in info.variants),
        "sizes": sizes,
        "width": str(info.width),
        "height": str(info.height),
        "alt": alt,
        "decoding": "async",
    })
    if lazy:
        img.set("loading", "lazy")
    return element


def picture_html(info: ImageInfo, alt: str, root: str, lazy: bool = True,
                 sizes: str = CONTENT_SIZES) -> Markup:
    """The same element serialised for templates (ElementTree escapes every attribute)."""
    return Markup(ET.tostring(picture(info, alt, root, lazy, sizes), encoding="unicode",
                              method="html"))
