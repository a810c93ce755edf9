"""The one way the project turns an image file into pixels: upright, 8-bit, sRGB.

Photos (media/images.py), share-card covers and the plate logo all come through here, so EXIF
orientation, colour profiles, 16-bit and palette images and transparency are handled the same
way everywhere, and a file that cannot be decoded fails as one `DecodeError` whose `kind` is a
phrase of the message catalogues (`_reasons`): the editor reads why in their own language, never
the decoder's English. Formats are recognised by their content, not their name: iPhones' HEIC
(through pillow-heif, libheif) and AVIF (Pillow's own plugin) open like JPEG.

Size: a photo may have up to `MAX_PIXELS` (200 MP phones exist). A JPEG is decoded already
reduced (libjpeg's DCT scaling, `Image.draft`) to the largest size the caller needs, so a 200 MP
photo costs the memory of a 2000 px one; a format without reduced decoding costs ~3 bytes a
pixel and is allowed `MAX_FULL_PIXELS`. Headers that claim absurd sizes (a tiny file, a
1-pixel-high strip) are refused before any pixel is decoded. Pillow's own bomb limit is moved to
ours (it warns above it, which `opened` silences, and still refuses twice it as a last guard), so
it is this module's check that decides.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, ImageOps

MAX_PIXELS = 250_000_000  # JPEG: decoded reduced, a 200 MP photo's pixels take ~10 MB
MAX_FULL_PIXELS = 100_000_000  # decoded whole (PNG, WebP, HEIC, AVIF, GIF): 3 bytes a pixel
REDUCED = ("JPEG", "MPO")  # formats Pillow can decode at 1/2, 1/4 or 1/8 scale
MAX_RATIO = 100  # longer side / shorter side: beyond it a header is not a photo
MIN_BYTES_PER_PIXEL = 1 / 2000  # a big picture in fewer bytes was made to explode
ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
Background = str | tuple[int, int, int]
_REDUCIBLE_MODES = ("L", "LA", "RGB", "RGBA", "RGBX", "CMYK", "I", "F")

Image.MAX_IMAGE_PIXELS = MAX_PIXELS
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

# What Pillow (and pillow-heif: ValueError) raise for a damaged, truncated or mislabelled file.
_BROKEN = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error,
           Image.DecompressionBombError, Image.DecompressionBombWarning, ImageCms.PyCMSError)


class DecodeError(Exception):
    """An image that cannot be used. `kind` names the reason in the catalogues' `_reasons`
    (`unknown`, `truncated`, `damaged`, `too-large`); `detail` is the decoder's own words, for
    a developer, never shown to an editor."""

    def __init__(self, kind: str, detail: str = "", pixels: str = "", limit: int = 0) -> None:
        super().__init__(detail or kind)
        self.kind, self.detail, self.pixels, self.limit = kind, detail, pixels, limit

    @property
    def too_large(self) -> bool:
        return self.kind == "too-large"


def _kind(err: BaseException) -> str:
    if isinstance(err, Image.DecompressionBombError | Image.DecompressionBombWarning):
        return "too-large"
    if isinstance(err, Image.UnidentifiedImageError):
        return "unknown"
    if "truncated" in str(err) or isinstance(err, EOFError):  # Pillow: "image file is truncated"
        return "truncated"
    return "damaged"


def _error(err: BaseException) -> DecodeError:
    detail = str(err) or type(err).__name__
    claimed = re.search(r"\((\d+) pixels\)", detail)  # Pillow's own bomb error, past 2× ours
    return DecodeError(_kind(err), detail, claimed[1] if claimed else "")


def pixel_limit(image: Image.Image, max_pixels: int = MAX_PIXELS) -> int:
    """The most pixels `image`'s format may have: full decoders get the smaller limit."""
    return max_pixels if image.format in REDUCED else min(max_pixels, MAX_FULL_PIXELS)


def _check_size(image: Image.Image, file_bytes: int, max_pixels: int) -> None:
    width, height = image.size
    pixels, limit = width * height, pixel_limit(image, max_pixels)
    if (pixels > limit or max(width, height) > MAX_RATIO * min(width, height)
            or (pixels > 16_000_000 and file_bytes < pixels * MIN_BYTES_PER_PIXEL)):
        raise DecodeError("too-large", f"{width}×{height} pixels in {file_bytes} bytes",
                          f"{width}×{height}", limit)


@contextmanager
def opened(source: Path | str | bytes, max_pixels: int = MAX_PIXELS) -> Iterator[Image.Image]:
    """`Image.open` (header only) with every failure, and a size past the limits above, a
    DecodeError. Pillow's bomb warning is silenced only inside this block: our check decides."""
    file = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file)
        size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    except _BROKEN as err:
        error = _error(err)
        error.limit = max_pixels if error.too_large else 0  # Pillow's own guard, past 2× ours
        raise error from err
    with image:
        _check_size(image, size, max_pixels)
        try:
            yield image
        except _BROKEN as err:  # what the caller's look at the header or pixels met
            raise _error(err) from err


def orientation(image: Image.Image) -> int:
    """The EXIF orientation tag (1 = upright), read from the header. HEIC's own rotation is
    applied by libheif, which then reports 1. A PNG's counts only when written before its
    pixels: Pillow would decode the whole picture to look for one after them."""
    if image.format == "PNG":
        exif = Image.Exif()
        if "exif" in image.info:
            exif.load(image.info["exif"])
        return exif.get(0x0112, 1)
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
                max_pixels: int = MAX_PIXELS, fit: tuple[int, int] | None = None) -> Image.Image:
    """The first frame, upright, as 8-bit sRGB: RGB with transparency flattened onto
    `background`, or RGBA (transparency kept) when `background` is None. With `fit` (upright
    width, height), the pixels may come back smaller, but never smaller than `fit`: a JPEG is
    decoded reduced, any other picture shrunk by a whole factor before it is turned."""
    try:
        with opened(source, max_pixels) as image:
            image.seek(0)  # animated GIF/WebP: the first frame stands for the image
            turn, stored = orientation(image), None
            if fit:
                stored = fit[::-1] if turn in ROTATED else fit
                image.draft(None, stored)  # JPEG only; a no-op for other formats
            image.load()
            pixels = _reduced(image, stored) if stored else image
            # turned as the header said (what the probe planned), into a loaded copy
            upright = ImageOps.exif_transpose(pixels) if turn != 1 else pixels.copy()
        return _to_srgb(upright, background)
    except _BROKEN as err:
        raise _error(err) from err


def _reduced(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` shrunk by the largest whole factor that keeps it at least `size` (a box filter,
    before the costlier turn and colour conversion), with its info (EXIF orientation, ICC)."""
    factor = min(image.width // size[0], image.height // size[1])
    if factor < 2 or image.mode not in _REDUCIBLE_MODES:
        return image
    reduced = image.reduce(factor)
    reduced.info = dict(image.info)
    return reduced


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
