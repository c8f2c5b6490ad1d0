"""Text-line recognition: the text of one cropped line.

Every recogniser is a `Recognizer`: called with a BGR crop holding one line, it returns a `LineText`.
`TesseractRecognizer` reads Vietnamese with Debian's `vie` LSTM model through tesserocr (the PP-OCR
recognisers shipped with rapidocr drop stacked diacritics such as "Ễ": docs/ocr_plan.md).
`crop_quad` cuts a detected line, tilted or not, out of the page with a perspective warp.
"""

from __future__ import annotations

import os
import queue
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import cv2
import numpy as np
from tesserocr import PSM, RIL, PyTessBaseAPI

from ocr.errors import InputError, OCRError

# The tesserocr wheel bundles libtesseract 5.5 whose default tessdata is "./": always say where Debian's is.
TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata/")
MIN_CONTRAST = 32  # grey levels between the darkest and lightest pixel below which a crop holds no text


@dataclass(frozen=True)
class LineText:
    text: str  # NFC, runs of whitespace collapsed to one space, stripped
    confidence: float  # 0..1 (Tesseract's mean word confidence / 100); 0 when nothing was read


@runtime_checkable
class Recognizer(Protocol):
    def __call__(self, crop_bgr: np.ndarray) -> LineText: ...


@runtime_checkable
class NumberRecognizer(Protocol):
    """A recognizer that can read a line again with its number words cut out and read as digits alone."""

    def read_numbers(self, crop_bgr: np.ndarray) -> LineText: ...


NUMBER_CHARS = "0123456789/-."


def is_number_word(word: str) -> bool:
    """A word that is mostly a number: at least 3 digits, and digits at least half of its characters."""
    digits = sum(c.isdigit() for c in word)
    return digits >= 3 and 2 * digits >= len(word)


class TesseractRecognizer:
    """Tesseract in single-line mode, one API (model loaded once) per instance.

    A Tesseract API holds per-image state, so it must not run two images at once: calls on one instance
    are serialised by a lock. tesserocr releases the GIL while recognising, so for parallel work give
    each thread its own instance (about 12 MB each for `vie`).
    """

    def __init__(
        self,
        tessdata: str | Path = TESSDATA,
        lang: str = "vie",
        *,
        min_height: int = 48,
        padding: float = 0.25,
        flatten: bool = True,
    ) -> None:
        self.min_height = min_height  # Tesseract's LSTM reads best with lines of ~30–50 px
        self.padding = padding  # a margin of this fraction of the line height on each side
        self.flatten = flatten  # divide out glare and shadow first (measured: photos 91.8 → 92.7 % fields)
        tessdata = str(tessdata)
        try:
            self._api = PyTessBaseAPI(path=tessdata, lang=lang, psm=PSM.SINGLE_LINE)
            # The wheel's Tesseract 5.5 sometimes finds no text line at all in a clear crop that Debian's 5.3
            # reads (1.5 % of the boxes on tuning photos, e.g. "Có giá trị đến: 04/11/2034"); RAW_LINE skips
            # that layout analysis and reads them.
            self._raw = PyTessBaseAPI(path=tessdata, lang=lang, psm=PSM.RAW_LINE)
        except RuntimeError as exc:
            raise OCRError(f"cannot start Tesseract with language {lang!r} from {tessdata}: {exc}") from exc
        self._digits: PyTessBaseAPI | None = None  # made on first use: few documents need it
        self._lang, self._tessdata = lang, tessdata
        self._lock = threading.Lock()

    def __call__(self, crop_bgr: np.ndarray) -> LineText:
        gray = self._prepare(crop_bgr)
        if int(gray.max()) - int(gray.min()) < MIN_CONTRAST:
            return LineText(text="", confidence=0.0)  # Tesseract "reads" a blank crop as "¬" or "_"
        with self._lock:
            text, confidence = self._read(self._api, gray)
            if not text.strip():
                text, confidence = self._read(self._raw, gray)
                # RAW_LINE takes the crop's edges for marks: "_Có giá trị đến: 04/11/2034."
                text = text.strip().strip("_`'.,|~- ")
        text = " ".join(unicodedata.normalize("NFC", text).split())
        return LineText(text=text, confidence=confidence / 100 if text else 0.0)

    def read_numbers(self, crop_bgr: np.ndarray) -> LineText:
        """The line read again, each number word cut out with its own margins and read as digits alone.

        In a whole line Tesseract's language model sometimes turns one digit of a number into a letter or
        a bracket ("số (18450033" for "Số 018450033", seen on serif faces and under glare); the same word
        alone, restricted to digits and date separators, reads right. Words that are not numbers keep the
        line read.
        """
        gray = self._prepare(crop_bgr)
        if int(gray.max()) - int(gray.min()) < MIN_CONTRAST:
            return LineText(text="", confidence=0.0)
        height, width = gray.shape
        background = int(np.median(np.concatenate([gray[0], gray[-1]])))
        pad = max(2, height // 6)
        words: list[str] = []
        with self._lock:
            if self._digits is None:
                self._digits = PyTessBaseAPI(path=self._tessdata, lang=self._lang, psm=PSM.SINGLE_LINE)
                self._digits.SetVariable("tessedit_char_whitelist", NUMBER_CHARS)
            self._api.SetImageBytes(gray.tobytes(), width, height, 1, width)
            self._api.SetSourceResolution(300)
            self._api.Recognize()
            confidence = self._api.MeanTextConf()
            found = self._api.GetIterator()
            for word, box in _words(found):
                if is_number_word(word) and box is not None:
                    x0, x1 = max(0, box[0] - pad), min(width, box[2] + pad)
                    part = cv2.copyMakeBorder(
                        np.ascontiguousarray(gray[:, x0:x1]), 0, 0, pad, pad, cv2.BORDER_CONSTANT, value=background
                    )
                    digits, _ = self._read(self._digits, part)
                    digits = "".join(digits.split())
                    if sum(c.isdigit() for c in digits) >= 3:
                        word = digits
                words.append(word)
        text = " ".join(unicodedata.normalize("NFC", " ".join(words)).split())
        return LineText(text=text, confidence=confidence / 100 if text else 0.0)

    @staticmethod
    def _read(api: PyTessBaseAPI, gray: np.ndarray) -> tuple[str, int]:
        height, width = gray.shape
        api.SetImageBytes(gray.tobytes(), width, height, 1, width)
        # Without a resolution Tesseract warns "Invalid resolution 0 dpi" on every line; 300 dpi matches a
        # 48 px line of about 11 pt.
        api.SetSourceResolution(300)
        return api.GetUTF8Text(), api.MeanTextConf()

    def close(self) -> None:
        """Free Tesseract's memory now rather than at garbage collection."""
        with self._lock:
            self._api.End()
            self._raw.End()
            if self._digits is not None:
                self._digits.End()

    def __enter__(self) -> TesseractRecognizer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _prepare(self, crop: np.ndarray) -> np.ndarray:
        if not isinstance(crop, np.ndarray) or crop.size == 0 or crop.dtype != np.uint8:
            raise InputError("text recognition needs a non-empty 8-bit numpy crop")
        if crop.ndim == 3:
            code = cv2.COLOR_BGRA2GRAY if crop.shape[2] == 4 else cv2.COLOR_BGR2GRAY
            gray = cv2.cvtColor(crop, code)
        elif crop.ndim == 2:
            gray = crop
        else:
            raise InputError(f"text recognition needs a BGR or grayscale crop, got shape {crop.shape}")
        if gray.shape[0] < self.min_height:
            scale = self.min_height / gray.shape[0]
            gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        if self.flatten:
            gray = flatten_light(gray)
        # Pad with the background (the median of the crop's outline), not white: a dark band along the
        # edge would be read as a character.
        outline = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
        pad = max(2, round(self.padding * gray.shape[0]))
        background = int(np.median(outline))
        return cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=background)


def _words(found: Any) -> list[tuple[str, tuple[int, int, int, int] | None]]:
    """(text, box) of every word a recognised Tesseract page holds, in reading order."""
    words: list[tuple[str, tuple[int, int, int, int] | None]] = []
    if found is None:
        return words
    while True:
        try:
            text = found.GetUTF8Text(RIL.WORD)
        except RuntimeError:  # tesserocr raises on an element without text (an empty line)
            text = ""
        if text and text.strip():
            words.append((text.strip(), found.BoundingBox(RIL.WORD)))
        if not found.Next(RIL.WORD):
            return words


def local_threshold(crop: np.ndarray) -> np.ndarray:
    """The crop in black and white against its own neighbourhood mean (a window one line high): digits that
    glare has faded to half contrast come out as dark as the rest, where a whole-line threshold drops them."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    block = max(3, gray.shape[0] | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 10)


def flatten_light(gray: np.ndarray) -> np.ndarray:
    """The crop divided by its own background (the text closed away with a kernel wider than a stroke),
    stretched to full range: glare and shadow gradients across a line vanish, so a digit under a glare spot
    keeps its contrast when Tesseract binarises the whole line at one threshold."""
    size = max(3, (gray.shape[0] // 3) | 1)
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    ratio = gray.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0)
    low = float(np.percentile(ratio, 1))
    return np.clip((ratio - low) * (255.0 / max(1e-3, 1.0 - low)), 0, 255).astype(np.uint8)


def crop_quad(image: np.ndarray, quad: np.ndarray | tuple, *, margin: float = 0.0) -> np.ndarray:
    """The quad (4 corners clockwise from top-left) of `image` warped to an upright rectangle.

    `margin` grows the quad on every side by that fraction of its height first, along the quad's own
    axes, so that a tilted line keeps its diacritics and descenders. Pixels beyond the image repeat its
    border. Orientation is not guessed: a quad whose "top" is its left side comes out rotated.
    """
    corners = np.asarray(quad, dtype=np.float32).reshape(4, 2)
    width = max(np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[3]))
    height = max(np.linalg.norm(corners[3] - corners[0]), np.linalg.norm(corners[2] - corners[1]))
    if width < 1 or height < 1:
        raise InputError(f"cannot crop a degenerate quad {corners.tolist()}")
    if margin:
        right = (corners[1] - corners[0] + corners[2] - corners[3]) / (2 * width)  # unit vectors of the quad
        down = (corners[3] - corners[0] + corners[2] - corners[1]) / (2 * height)
        grow = margin * height
        corners = corners + grow * np.array([-right - down, right - down, right + down, -right + down])
        width, height = width + 2 * grow, height + 2 * grow
    out_w, out_h = max(1, round(width)), max(1, round(height))
    target = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


class RecognizerPool:
    """Reads many line crops in parallel, one recognizer per worker thread.

    tesserocr releases the GIL while Tesseract works, so on 2 cores two instances read a card's ~17 lines
    in a little over half the time of one. Calling the pool itself reads one crop with the first instance
    (the orientation stage's few test reads).
    """

    def __init__(self, factory: Callable[[], Recognizer] = TesseractRecognizer, workers: int | None = None) -> None:
        self.workers = max(1, workers if workers is not None else min(2, os.cpu_count() or 1))
        self._recognizers = [factory() for _ in range(self.workers)]
        self._free: queue.SimpleQueue[Recognizer] = queue.SimpleQueue()
        for recognizer in self._recognizers:
            self._free.put(recognizer)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="ocr-recognize")

    @classmethod
    def of(cls, recognizer: Recognizer) -> RecognizerPool:
        """A one-worker pool around an existing recognizer (tests, other engines)."""
        return cls(lambda: recognizer, workers=1)

    def __call__(self, crop_bgr: np.ndarray) -> LineText:
        return self._read(crop_bgr)

    def read_all(self, crops: list[np.ndarray]) -> list[LineText]:
        if self.workers == 1 or len(crops) < 2:
            return [self._read(crop) for crop in crops]
        return list(self._executor.map(self._read, crops))

    def read_numbers_all(self, crops: list[np.ndarray]) -> list[LineText]:
        """`NumberRecognizer.read_numbers` of each crop; a recognizer without it reads the line as usual."""
        return [self._read_numbers(crop) for crop in crops]

    def _read_numbers(self, crop: np.ndarray) -> LineText:
        recognizer = self._free.get()
        try:
            return recognizer.read_numbers(crop) if isinstance(recognizer, NumberRecognizer) else recognizer(crop)
        finally:
            self._free.put(recognizer)

    def _read(self, crop: np.ndarray) -> LineText:
        recognizer = self._free.get()
        try:
            return recognizer(crop)
        finally:
            self._free.put(recognizer)
