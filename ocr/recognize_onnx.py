"""A second line recogniser for numbers: the PP-OCRv6 recognition model shipped in the rapidocr wheel.

Its dictionary cannot spell Vietnamese (no "ệ", "ữ", "ộ": docs/ocr_plan.md), so Tesseract `vie` reads the
text. Digits it reads better than Tesseract: on tuning photos where glare faded a stroke, every Tesseract
look read the same wrong digit ("…663…" for "…863…") and this model read it right (docs/ocr.md). It is a
different model trained on different data, so its mistakes are not Tesseract's. `number_words` keeps only
what it can be trusted with: the number words of a line.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ocr.documents.lines import digits_fixed
from ocr.errors import ExtractionError, InputError, OCRError
from ocr.onnx_models import cpu_session, rapidocr_model
from ocr.recognize import LineText, is_number_word

MODEL_FILE = "PP-OCRv6_rec_small.onnx"
# A number as the model writes it: digits with the separators a date or ID carries ("036092622748",
# "11/01/1990", "23-07-2031"); NFKC first, since a CJK dictionary may answer with full-width forms.
_NUMBER = re.compile(r"\d(?:[\d/.\-]*\d)?")


@dataclass(frozen=True)
class OnnxRecognizerConfig:
    model_path: Path | None = None  # None: the model inside the installed rapidocr package
    height: int = 48  # the model's input height
    max_width: int = 2400  # a crop wider than 50 heights is squeezed (no card line is)
    intra_op_threads: int = 2


class OnnxRecognizer:
    """PP-OCR CTC line recognition with onnxruntime.

    The character list travels inside the model file (metadata "character"), so nothing is downloaded.
    """

    def __init__(self, config: OnnxRecognizerConfig | None = None) -> None:
        self.config = config or OnnxRecognizerConfig()
        path = self.config.model_path or rapidocr_model(MODEL_FILE)
        # Every line has its own width: an arena would keep the largest buffers of any line for good.
        self._session = cpu_session(
            path, threads=self.config.intra_op_threads, what="text recognition model", arena=False
        )
        characters = self._session.get_modelmeta().custom_metadata_map.get("character")
        if not characters:
            raise OCRError(f"text recognition model {path} carries no character list")
        # CTC: index 0 is the blank; PaddleOCR appends a space to the dictionary.
        self._characters = ["", *characters.splitlines(), " "]
        self._input = self._session.get_inputs()[0].name
        self._lock = threading.Lock()  # one line at a time: the session already uses both cores

    def __call__(self, crop_bgr: np.ndarray) -> LineText:
        return self.read_all([crop_bgr])[0]

    def read_all(self, crops: list[np.ndarray]) -> list[LineText]:
        # One crop per run: a padded batch costs time and memory in proportion to its widest line (six
        # lines of 1,200 px: 0.4 s and 240 MB, against 25 ms and a few MB for one 400 px line).
        return [self._read(crop) for crop in crops]

    def _read(self, crop: np.ndarray) -> LineText:
        image = self._resize(crop)
        tensor = (image.transpose(2, 0, 1).astype(np.float32) / 127.5 - 1.0)[np.newaxis]  # [-1, 1], as trained
        try:
            with self._lock:
                scores = self._session.run(None, {self._input: tensor})[0]
        except Exception as exc:
            raise ExtractionError(f"text recognition failed: {exc}") from exc
        return self._decode(scores[0])

    def _resize(self, crop: np.ndarray) -> np.ndarray:
        if not isinstance(crop, np.ndarray) or crop.size == 0 or crop.dtype != np.uint8:
            raise InputError("text recognition needs a non-empty 8-bit numpy crop")
        if crop.ndim == 2:
            crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
        elif crop.ndim == 3 and crop.shape[2] == 4:
            crop = cv2.cvtColor(crop, cv2.COLOR_BGRA2BGR)
        elif crop.ndim != 3 or crop.shape[2] != 3:
            raise InputError(f"text recognition needs a BGR or grayscale crop, got shape {crop.shape}")
        height, width = crop.shape[:2]
        new_width = min(self.config.max_width, max(8, math.ceil(self.config.height * width / height)))
        return cv2.resize(crop, (new_width, self.config.height), interpolation=cv2.INTER_LINEAR)

    def _decode(self, row: np.ndarray) -> LineText:
        """Greedy CTC: the best class per column, repeats merged, blanks dropped."""
        best = row.argmax(axis=1)
        probability = row.max(axis=1)
        keep = (best != 0) & np.concatenate(([True], best[1:] != best[:-1]))
        text = "".join(self._characters[i] for i in best[keep])
        text = " ".join(unicodedata.normalize("NFKC", text).split())
        return LineText(text=text, confidence=float(probability[keep].min()) if keep.any() else 0.0)


def number_words(text: str) -> list[str]:
    """The numbers of a line as this model wrote them, in reading order: those of 3 digits or more, the
    words `recognize.is_number_word` picks from Tesseract's read ("Tổ 12" has none)."""
    numbers = _NUMBER.findall(unicodedata.normalize("NFKC", text))
    return [number for number in numbers if sum(c.isdigit() for c in number) >= 3]


_NUMBER_SPAN = re.compile(r"\d[\d/.\-–—~,]*\d")


def with_numbers(text: str, numbers: list[str]) -> str | None:
    """`text` (Tesseract's line) with its number words replaced, in order, by `numbers` (this model's read of
    the same line); None when the two reads do not hold the same count of numbers, since then they cannot
    be paired. Letters and labels stay Tesseract's; inside a word only the number span changes
    ("Số:036O92…" keeps "Số:")."""
    words = text.split()
    slots = [i for i, word in enumerate(words) if is_number_word(digits_fixed(word))]
    if len(slots) != len(numbers):
        return None
    for i, number in zip(slots, numbers, strict=True):
        fixed = digits_fixed(words[i])
        spans = list(_NUMBER_SPAN.finditer(fixed))
        span = max(spans, key=lambda m: sum(c.isdigit() for c in m.group()))  # is_number_word: one exists
        words[i] = words[i][: span.start()] + number + words[i][span.end() :]
    return " ".join(words)
