"""Orientation: turn a rectified card by 0/90/180/270° so its text is upright.

Two cues, cheapest first:

1. The QR code. On the chip CCCD front it sits in the top-right corner (centre at about 90 % of the width,
   16 % of the height), so when the QR stage found it, the one quarter turn that makes the card landscape
   and brings the QR centre nearest that spot is the answer; no OCR needed.
2. The text itself. The card is made landscape (a page portrait) with a quarter turn if needed, the text
   detector runs once, and Tesseract reads the few widest lines both as they are and turned 180°: upright
   text reads with a much higher confidence, and the documents' label words ("Họ và tên", "CỘNG HÒA"…)
   add to it. About 0.1–0.2 s beyond the detection, whose boxes are handed on (turned with the image when
   it was upside down) so the pipeline does not detect twice.

Rotations are clockwise, as `Capture.rotation` counts them: `rotation=90` means the input was turned
90° clockwise (cv2.ROTATE_90_CLOCKWISE) to make it upright.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.detect import TextBox, TextDetector, sort_boxes
from ocr.errors import InputError
from ocr.recognize import LineText, Recognizer, crop_quad

QR_CENTRE = (0.9, 0.155)  # chip CCCD front: QR box (706, 18)–(838, 150) on the 856 × 540 card
LABEL_WORDS = (
    "cộng hòa",
    "họ và tên",
    "ngày sinh",
    "giới tính",
    "quốc tịch",
    "quê quán",
    "căn cước",
    "việt nam",
    "độc lập",
    "khai sinh",
    "chứng minh",
    "định danh",
    "nhân dạng",
    "dân tộc",
    "ngón trỏ",
    "cảnh sát",
    "công an",
    "ngày, tháng",
    "nơi cư trú",
    "nơi thường trú",
    "identification",
    "date of",
    "full name",
)
_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


@dataclass(frozen=True)
class Orientation:
    image: np.ndarray  # the card turned upright (BGR)
    rotation: int  # 0, 90, 180, 270: clockwise turn applied to the input
    method: str  # "qr", "text" or "none" (nothing to go by: only made landscape)
    boxes: list[TextBox] | None = None  # text lines of `image` when the text cue detected them, else None


def rotate(image: np.ndarray, rotation: int) -> np.ndarray:
    """`image` turned `rotation` degrees clockwise (a multiple of 90)."""
    rotation %= 360
    return image if rotation == 0 else cv2.rotate(image, _TURNS[rotation])


def rotate_points(points: np.ndarray, rotation: int, width: int, height: int) -> np.ndarray:
    """Pixel coordinates in a `width` × `height` image → in that image turned `rotation`° clockwise."""
    x, y = np.asarray(points, np.float64).reshape(-1, 2).T
    rotation %= 360
    if rotation == 90:
        x, y = height - y, x
    elif rotation == 180:
        x, y = width - x, height - y
    elif rotation == 270:
        x, y = y, width - x
    return np.column_stack([x, y])


class Orienter:
    """Callable: rectified card (+ optional QR corners in its coordinates) → `Orientation`."""

    def __init__(self, detector: TextDetector, recognizer: Recognizer, *, lines: int = 3) -> None:
        self.detect = detector
        self.recognize = recognizer
        self.lines = lines  # how many of the widest text lines Tesseract reads both ways

    def __call__(
        self, card: np.ndarray, *, qr_corners: np.ndarray | None = None, portrait: bool = False
    ) -> Orientation:
        """`portrait`: the document is upright when taller than wide (a page), not wider (a card)."""
        if not isinstance(card, np.ndarray) or card.ndim not in (2, 3) or card.size == 0:
            raise InputError("orientation needs a non-empty image")
        height, width = card.shape[:2]
        if qr_corners is not None and len(qr_corners) and not portrait:
            rotation = self.from_qr(np.asarray(qr_corners, np.float64).reshape(-1, 2), width, height)
            return Orientation(rotate(card, rotation), rotation, "qr")
        base = 90 if (height > width) != portrait and height != width else 0
        turned = rotate(card, base)
        boxes = self.detect(turned)
        flip = self.upside_down(turned, boxes)
        if flip is None:
            return Orientation(turned, base, "none", boxes)
        rotation = (base + (180 if flip else 0)) % 360
        if not flip:
            return Orientation(turned, rotation, "text", boxes)
        h, w = turned.shape[:2]
        return Orientation(rotate(turned, 180), rotation, "text", rotate_boxes_180(boxes, w, h))

    @staticmethod
    def base_turn(image: np.ndarray, *, portrait: bool = False) -> int:
        """The quarter turn (0 or 90) that makes a card landscape, or a page (`portrait`) portrait."""
        height, width = image.shape[:2]
        return 90 if (height > width) != portrait and height != width else 0

    @staticmethod
    def looks_upright(texts: list[str]) -> bool:
        """Whether lines already read show the documents' label words: Tesseract reading upside-down print
        returns scraps, never two of them, so the both-ways test can be skipped."""
        text = unicodedata.normalize("NFC", " ".join(texts)).casefold()
        return sum(word in text for word in LABEL_WORDS) >= 2

    @staticmethod
    def from_qr(corners: np.ndarray, width: int, height: int) -> int:
        """The quarter turn that makes the card landscape and puts the QR centre top-right."""
        centre = corners.mean(axis=0, keepdims=True)
        best, best_distance = 0, float("inf")
        for rotation in (0, 90, 180, 270):
            turned_w, turned_h = (height, width) if rotation in (90, 270) else (width, height)
            x, y = rotate_points(centre, rotation, width, height)[0]
            # A card that would end up portrait is penalised, not excluded: a square-ish crop may still pass.
            distance = np.hypot(x / turned_w - QR_CENTRE[0], y / turned_h - QR_CENTRE[1])
            distance += 0.0 if turned_w >= turned_h else 1.0
            if distance < best_distance:
                best, best_distance = rotation, distance
        return best

    def upside_down(
        self, landscape: np.ndarray, boxes: list[TextBox] | None = None, known: dict[tuple, LineText] | None = None
    ) -> bool | None:
        """True when the card reads better turned 180°; None when there is no text to judge.

        `known`: reads of (some of) the boxes as they lie, by `TextBox.bbox`, so only the turned reads cost.
        """
        boxes = self.detect(landscape) if boxes is None else boxes
        if not boxes:
            return None
        widest = sorted(boxes, key=lambda b: b.bbox[2] - b.bbox[0], reverse=True)[: self.lines]
        crops = [crop_quad(landscape, box.points, margin=0.1) for box in widest]
        known = known or {}
        todo = [crop for box, crop in zip(widest, crops, strict=True) if box.bbox not in known]
        turned = [cv2.rotate(crop, cv2.ROTATE_180) for crop in crops]
        reads = self._read_all(todo + turned)
        fresh = iter(reads[: len(todo)])
        upright = sum(_score(known[b.bbox]) if b.bbox in known else _score(next(fresh)) for b in widest)
        flipped = sum(_score(read) for read in reads[len(todo) :])
        if upright == flipped:
            return None
        return flipped > upright

    def _read_all(self, crops: list[np.ndarray]) -> list[LineText]:
        read_all = getattr(self.recognize, "read_all", None)
        return read_all(crops) if read_all is not None else [self.recognize(crop) for crop in crops]


def _score(read: LineText) -> float:
    text = unicodedata.normalize("NFC", read.text).casefold()
    return read.confidence + sum(0.5 for word in LABEL_WORDS if word in text)


def rotate_boxes_180(boxes: list[TextBox], width: int, height: int) -> list[TextBox]:
    """The boxes of a `width`×`height` image as they lie once the image is turned 180°, re-sorted."""
    turned = []
    for box in boxes:
        points = [(width - 1 - x, height - 1 - y) for x, y in box.quad]
        x0, y0, x1, y1 = box.bbox
        turned.append(
            TextBox(
                quad=(points[2], points[3], points[0], points[1]),  # clockwise from the new top-left
                bbox=(width - x1, height - y1, width - x0, height - y0),
                score=box.score,
            )
        )
    return sort_boxes(turned)
