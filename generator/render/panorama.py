"""The 360° view on a site page: a flat preview anyone sees, and what the viewer needs on tap.

Nothing here loads the viewer: the page carries the preview `<picture>`, a button (hidden until
assets/panorama.js shows it) and the viewer files' URLs in data attributes. The script fetches
Pannellum and the one JPEG the phone suits only when the visitor taps.
"""

from __future__ import annotations

from typing import Any

from generator.content.model import Panorama
from generator.media.images import ImageInfo
from generator.media.panorama import PanoramaInfo
from generator.render.entry_context import credit_line
from generator.render.pictures import picture_html

# The vendored viewer (npm `pannellum`, pinned in package.json) and the page's own loader.
STATIC = (("panorama.js", "assets/panorama.js"),
          ("pannellum/pannellum.js", "assets/pannellum/pannellum.js"),
          ("pannellum/pannellum.css", "assets/pannellum/pannellum.css"),
          ("pannellum/panorama.css", "assets/pannellum/panorama.css"),
          ("pannellum/COPYING", "assets/pannellum/COPYING"))


def panorama_context(panorama: Panorama | None, panoramas: dict[str, PanoramaInfo], root: str,
                     strings: dict[str, Any]) -> dict[str, Any] | None:
    """Template values for one panorama, or None when there is none (or it was refused)."""
    info = panoramas.get(panorama.src) if panorama else None
    if panorama is None or info is None:
        return None
    preview = info.preview
    flat = ImageInfo(info.src, preview.width, preview.height, info.digest, (preview,))
    return {
        "picture": picture_html(flat, panorama.alt, root),
        "alt": panorama.alt, "caption": panorama.caption,
        "credit": credit_line(panorama, strings),
        "small": root + info.viewer[0], "large": root + info.viewer[-1],
        "assets": root + "assets/",
    }


def offline_files(info: PanoramaInfo) -> list[str]:
    """What "save for offline" keeps for one panorama (paths from the site root): the preview,
    the smaller viewer file (the viewer falls back to it offline) and the viewer itself."""
    assets = [out for _name, out in STATIC if not out.endswith("COPYING")]
    return [info.preview.webp, info.preview.jpeg, info.viewer[0], *assets]
