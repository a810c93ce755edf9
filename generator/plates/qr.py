"""The QR matrix every plate format draws, and the decoder the build uses to check its own output.

The matrix is built once per payload so the SVG, PDF and PNG cannot disagree about a single module.
Error correction is always H (30 % recoverable): plates live outdoors, get scratched, faded and
stickered over, and the extra modules are cheap at the sizes we print.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
import zxingcpp
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H

from generator.media.decode import decode_srgb

QUIET_ZONE_MODULES = 4
"""ISO/IEC 18004 asks for a 4-module light margin around a regular QR symbol."""
SNAP_DPI = 300  # module sizes are whole pixels at this resolution, so the default PNG is exact
PHONE_MODULE_PX = 3.5  # the build decodes its plates shrunk to this: blurrier than a phone's view


@dataclass(frozen=True)
class QrSymbol:
    """A regular QR symbol at level H; `modules` excludes the quiet zone (True = dark)."""

    payload: str
    version: int
    modules: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side, without the quiet zone (17 + 4 × version)."""
        return len(self.modules)


def make_symbol(payload: str) -> QrSymbol:
    """Encode `payload` as the smallest regular QR version that holds it at level H.

    qrcode only produces regular (Model 2) QR, never Micro QR, which many phone readers ignore.
    """
    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_H, border=0)
    code.add_data(payload)
    code.make(fit=True)
    modules = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return QrSymbol(payload=payload, version=int(code.version), modules=modules)


@dataclass(frozen=True)
class PlateMetrics:
    """QR geometry of a plate: what a print shop or a reviewer needs to judge scannability.

    `scan_distance_m` follows the common rule of thumb that a phone reads a code from about ten
    times its width (symbol without quiet zone); treat it as an estimate, not a guarantee.
    """

    version: int
    module_mm: float
    symbol_mm: float  # including the 4-module quiet zone
    scan_distance_m: float


def symbol_metrics(symbol: QrSymbol, wanted_module_mm: float, limit_mm: float) -> PlateMetrics:
    """Module size nearest `wanted_module_mm` in whole 300-dpi pixels, shrunk if the symbol
    (with quiet zone) would be wider than `limit_mm`; the result is reported, never hidden."""
    span = symbol.size + 2 * QUIET_ZONE_MODULES
    pixel = 25.4 / SNAP_DPI
    px = max(1, round(wanted_module_mm / pixel))
    while px > 1 and px * pixel * span > limit_mm:
        px -= 1
    module = px * pixel
    return PlateMetrics(
        version=symbol.version,
        module_mm=module,
        symbol_mm=module * span,
        scan_distance_m=round(10 * module * symbol.size / 1000, 2),
    )


def dark_runs(symbol: QrSymbol) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, length), in reading order.

    Every renderer draws these runs, so a plate is a few hundred rectangles, not thousands.
    """
    runs: list[tuple[int, int, int]] = []
    for row, cells in enumerate(symbol.modules):
        col = 0
        while col < len(cells):
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < len(cells) and cells[col]:
                col += 1
            runs.append((row, start, col - start))
    return runs


def decode_png(png: bytes) -> list[str]:
    """Decode every regular QR code in a PNG (or any Pillow-readable image) and return the texts.

    `try_invert=False`: a plate must scan as dark-on-light; a decoder that only succeeds on the
    inverted image means the plate is wrong, not that the check should pass.
    """
    return decode_image(decode_srgb(png))  # the one decode (media/decode.py)


def decode_image(image: Image.Image) -> list[str]:
    """`decode_png` for a picture already in memory (the build checks the plate it just drew)."""
    qr_only = zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode])
    results = zxingcpp.read_barcodes(image.convert("L"), formats=qr_only, try_invert=False)
    return [result.text for result in results]


def phone_view(image: Image.Image, module_px: int) -> Image.Image:
    """`image` in grey, shrunk (box filter) until a module spans PHONE_MODULE_PX pixels.

    What a phone's camera sees of a plate at reading distance: module edges no longer fall on
    pixel edges, so they blur into grey. A plate that decodes here decodes with margin, and the
    smaller picture decodes many times faster than the print-resolution one.
    """
    grey = image.convert("L")
    if module_px <= PHONE_MODULE_PX:
        return grey
    scale = PHONE_MODULE_PX / module_px
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    return grey.resize(size, Image.Resampling.BOX, reducing_gap=2.0)

