"""Barcode stage: the Code 128 barcode on the back of the CCCD with barcode (căn cước công dân mã vạch, 2016–2021).

Assumption (no public specification was found): the barcode is Code 128 and carries the 12-digit ID number
alone, which set C encodes as 6 symbol characters. The renderer in `ocr.synth.cccd_2016` draws it with
`code128_modules` below, and `BarcodeReader` reads it back.

Why zxing-cpp: OpenCV 5's `cv2.barcode.BarcodeDetector` finds a Code 128 symbol but only decodes EAN-8,
EAN-13, UPC-A and UPC-E (checked on a clean 3-px-module render: located, empty text), so decoding goes
through the `zxing-cpp` wheel (PyPI, Apache-2.0, no model files, no network), which reads Code 128 in any
direction on the flattened card or on the whole photo. Measured on 2016 backs of tuning seeds 6000–6039:
40/40 scans and 39/40 photos read on the flattened card (40/40 adding the whole photo), 40–110 ms a card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from ocr.errors import InputError

# ISO/IEC 15417 symbol patterns: element widths in modules, bar first; 106 (stop) has 7 elements.
# fmt: off
CODE128_PATTERNS: tuple[str, ...] = (
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", "221312",
    "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", "221231", "213212",
    "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321", "232121",
    "111323", "131123", "131321", "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331",
    "132131", "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131", "311123",
    "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224", "111422", "121124",
    "121421", "141122", "141221", "112214", "112412", "122114", "122411", "142112", "142211", "241211", "221114",
    "413111", "241112", "134111", "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
)
# fmt: on
START_C, STOP = 105, 106
QUIET_MODULES = 10  # quiet zone each side, as the standard requires
_DIGITS = re.compile(r"[0-9]+")


def code128c_values(digits: str) -> list[int]:
    """Symbol values of an even-length digit string in code set C: start, digit pairs, check, stop."""
    if not digits or len(digits) % 2 or not _DIGITS.fullmatch(digits):
        raise ValueError(f"code set C needs an even number of ASCII digits, got {digits!r}")
    values = [START_C] + [int(digits[i : i + 2]) for i in range(0, len(digits), 2)]
    check = (values[0] + sum(i * v for i, v in enumerate(values) if i)) % 103
    return [*values, check, STOP]


def code128_modules(digits: str) -> np.ndarray:
    """The symbol as a row of modules (1 = bar), quiet zones included: 121 modules for 12 digits."""
    bits: list[int] = [0] * QUIET_MODULES
    for value in code128c_values(digits):
        for k, width in enumerate(CODE128_PATTERNS[value]):
            bits += [1 - k % 2] * int(width)
    bits += [0] * QUIET_MODULES
    return np.array(bits, np.uint8)


@dataclass(frozen=True)
class BarcodeResult:
    text: str
    format: str  # "Code128"
    corners: np.ndarray  # 4×2 float32, image coordinates, clockwise from the symbol's top-left


@dataclass(frozen=True)
class BarcodeConfig:
    digits: int | None = 12  # keep only all-digit payloads of this length (None: any Code 128 text)
    upscale_below: int = 1400  # long side in px: smaller images are also tried enlarged 2× (thin modules)


class BarcodeReader:
    """Callable: BGR image → the first Code 128 barcode with the expected payload, or None."""

    def __init__(self, config: BarcodeConfig | None = None) -> None:
        self.config = config or BarcodeConfig()
        self._clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))

    def decode(self, image_bgr: np.ndarray) -> list[BarcodeResult]:
        """Every Code 128 symbol zxing-cpp reads in the image, in any direction.

        Passes, until one finds something: the grey image; with local contrast equalised (CLAHE), because
        glare on a photo washes half the bars out to light grey; then both enlarged 2× when the image is small.
        """
        if not isinstance(image_bgr, np.ndarray) or image_bgr.ndim not in (2, 3) or image_bgr.size == 0:
            raise InputError("barcode reader needs a non-empty grayscale or BGR image")
        gray = image_bgr if image_bgr.ndim == 2 else cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
        passes = [(gray, 1.0), (self._clahe.apply(gray), 1.0)]
        if max(gray.shape) < self.config.upscale_below:
            # A scanned card at 300 dpi has 3.5-px modules, but a small photo of it can fall below 2 px.
            big = cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
            passes += [(big, 2.0), (self._clahe.apply(big), 2.0)]
        for image, factor in passes:
            if found := self._read(image, factor):
                return found
        return []

    @staticmethod
    def _read(gray: np.ndarray, factor: float) -> list[BarcodeResult]:
        results = []
        for code in zxingcpp.read_barcodes(np.ascontiguousarray(gray), formats=zxingcpp.BarcodeFormat.Code128):
            p = code.position
            corners = np.array(
                [(pt.x, pt.y) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)], np.float32
            )
            results.append(BarcodeResult(code.text, "Code128", corners / factor))
        return results

    def __call__(self, image_bgr: np.ndarray) -> BarcodeResult | None:
        for result in self.decode(image_bgr):
            if self.config.digits is None or (
                len(result.text) == self.config.digits and _DIGITS.fullmatch(result.text)
            ):
                return result
        return None
