"""The inks a plate is printed with: the layout's screen colours as CMYK, and the print profile.

A print shop converts RGB to CMYK, and its converter prints an RGB black as all four inks: a
QR module or a letter made of four inks blurs at the slightest misregistration. So every black
and grey of a plate is black ink alone (K), the white is no ink, and the brand red #9B1C1C is
the CMYK value the print profile gives it (relative colorimetric, FOGRA39): C 0, M 91, Y 80,
K 38. The profile (theme/color/diachido-FOGRA39.icc, how it is made beside it) is the PDF/X
output intent of the print files and converts a logo's pixels the same way.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms

from .geometry import BLACK, GREY, INK, RED, WHITE

PROFILE = Path(__file__).resolve().parents[2] / "theme" / "color" / "diachido-FOGRA39.icc"
OUTPUT_CONDITION = "FOGRA39"  # the ICC registry's reference name of the printing condition
OUTPUT_CONDITION_TEXT = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1, coated paper, offset)"
REGISTRY = "http://www.color.org"

CMYK: dict[str, tuple[float, float, float, float]] = {
    BLACK: (0.0, 0.0, 0.0, 1.0),  # the QR: black ink only
    INK: (0.0, 0.0, 0.0, 1.0),  # titles, code, URL: black ink only
    GREY: (0.0, 0.0, 0.0, 0.8),  # the second language: a tint of black, still one ink
    WHITE: (0.0, 0.0, 0.0, 0.0),
    RED: (0.0, 0.91, 0.80, 0.38),  # #9B1C1C through the profile, relative colorimetric
}


def cmyk(colour: str) -> tuple[float, float, float, float]:
    """The ink of a layout colour; a colour without one is a bug (KeyError), never RGB."""
    return CMYK[colour]


@lru_cache(maxsize=4)
def cmyk_logo(data: bytes) -> Image.Image:
    """A logo (PNG or JPEG, upright sRGB: layout.prepared_logo) as CMYK pixels through the
    print profile, its transparency flattened onto the plate's white (no transparency, no RGB
    reaches the print file)."""
    with Image.open(io.BytesIO(data)) as opened:
        picture = opened.convert("RGBA")
    flat = Image.new("RGB", picture.size, WHITE)
    flat.paste(picture, mask=picture.getchannel("A"))
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PROFILE)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    converted = ImageCms.applyTransform(flat, transform)
    assert converted is not None  # None only when converting in place
    return converted
