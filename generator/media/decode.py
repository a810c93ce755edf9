"""The one way the project turns an image file into pixels: upright, 8-bit, sRGB.

Photos (media/images.py), share-card covers and the plate logo all come through here, so EXIF
orientation, colour profiles, 16-bit and palette images and transparency are handled the same
way everywhere, and a file that cannot be decoded fails as one `DecodeError` carrying the
decoder's own words. Pillow's process-wide `Image.MAX_IMAGE_PIXELS` is left alone: the pixel
count is read from the header and checked here, before any pixel is decoded.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

MAX_PIXELS = 60_000_000  # a 60 MP photo decodes to ~180 MB; anything larger is refused
ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
Background = str | tuple[int, int, int]

# What Pillow raises for a damaged, truncated or mislabelled file (its decoders are not uniform).
_BROKEN = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error,
           Image.DecompressionBombError, Image.DecompressionBombWarning, ImageCms.PyCMSError)


class DecodeError(Exception):
    """An image that cannot be used; `reason` is the decoder's message, `too_large` a bomb."""

    def __init__(self, reason: str, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.too_large = reason, too_large


def _reason(err: BaseException, source: Path | str | bytes) -> str:
    """The decoder's words, without the absolute path (machine-specific, and already named)."""
    text = str(err) or type(err).__name__
    return text if isinstance(source, bytes) else text.replace(str(source), Path(source).name)


@contextmanager
def opened(source: Path | str | bytes, max_pixels: int = MAX_PIXELS) -> Iterator[Image.Image]:
    """`Image.open` (header only) with every failure, and more than `max_pixels`, a DecodeError.

    Pillow's own bomb warning becomes an error only inside this block (the filter is restored
    on exit), so a huge file is refused before it is decoded.
    """
    file = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with warnings.catch_warnings():
            # Above Pillow's own limit (~89 MP; a 16384×8192 panorama is 134 MP) our check
            # below decides; Pillow still refuses twice its limit as DecompressionBombError.
            raised = max_pixels > (Image.MAX_IMAGE_PIXELS or max_pixels)
            warnings.simplefilter("ignore" if raised else "error", Image.DecompressionBombWarning)
            image = Image.open(file)
    except _BROKEN as err:
        too_large = isinstance(err, Image.DecompressionBombError | Image.DecompressionBombWarning)
        raise DecodeError(_reason(err, source), too_large) from err
    with image:
        if image.width * image.height > max_pixels:
            raise DecodeError(f"{image.width}×{image.height} pixels", too_large=True)
        yield image


def orientation(image: Image.Image) -> int:
    """The EXIF orientation tag (1 = upright), read from the header."""
    return image.getexif().get(0x0112, 1)


def upright_size(image: Image.Image) -> tuple[int, int]:
    """(width, height) as displayed, EXIF orientation applied, without decoding the pixels."""
    if orientation(image) in ROTATED:
        return image.height, image.width
    return image.width, image.height


def is_plain(image: Image.Image) -> bool:
    """True when `decode_srgb` would give the pixels a plain `convert` gives (upright, 8-bit,
    no colour profile to apply): such a file can be embedded as it is."""
    icc = image.info.get("icc_profile") and image.mode in ("RGB", "CMYK", "L")
    return orientation(image) == 1 and not icc and not image.mode.startswith("I")


def decode_srgb(source: Path | str | bytes, background: Background | None = "white",
                max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The first frame, upright, as 8-bit sRGB: RGB with transparency flattened onto
    `background`, or RGBA (transparency kept) when `background` is None."""
    try:
        with opened(source, max_pixels) as image:
            image.seek(0)  # animated GIF/WebP: the first frame stands for the image
            image.load()
            upright = ImageOps.exif_transpose(image)  # a loaded copy
        return _to_srgb(upright, background)
    except _BROKEN as err:
        raise DecodeError(_reason(err, source)) from err


def _to_srgb(image: Image.Image, background: Background | None) -> Image.Image:
    """16-bit scaled to 8, an embedded ICC profile converted to sRGB, odd modes made plain."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if icc and image.mode in ("RGB", "CMYK", "L"):
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, profile, ImageCms.createProfile("sRGB"),
                                              outputMode="RGB")
        assert converted is not None  # None only when converting in place
        image = converted
    transparent = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    if background is None:
        return image.convert("RGBA")
    if transparent:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, background)
        image.paste(rgba, mask=rgba.getchannel("A"))
    return image.convert("RGB")
