import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.detect import DetectorConfig, OnnxDetector, TextBox, TextDetector, make_detector, sort_boxes
from ocr.errors import InputError, OCRError

FONTS = "/usr/share/fonts/truetype/dejavu/"
# (text, font file, size, x, y): a chip-CCCD-like front; sex and nationality share one line, as on the card.
CARD_LINES = [
    ("Họ và tên / Full name:", "DejaVuSans.ttf", 22, 40, 60),
    ("NGUYỄN THỊ HỒNG NHUNG", "DejaVuSans-Bold.ttf", 30, 40, 125),
    ("Ngày sinh / Date of birth: 05/09/1998", "DejaVuSans.ttf", 22, 40, 200),
    ("Giới tính / Sex: Nữ", "DejaVuSans.ttf", 20, 40, 270),
    ("Quốc tịch / Nationality: Việt Nam", "DejaVuSans.ttf", 20, 420, 270),
    ("Quê quán / Place of origin: Xã Hòa Bình, Huyện Lục Ngạn, Bắc Giang", "DejaVuSans.ttf", 20, 40, 340),
    ("Có giá trị đến / Date of expiry: 05/09/2038", "DejaVuSans.ttf", 20, 40, 410),
]
CARD_SIZE = (856, 540)


def render_card(lines=CARD_LINES, size=CARD_SIZE) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A white card with dark text (BGR) and the ink box (x0, y0, x1, y1) of every line, in reading order."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    boxes = []
    for text, font_file, font_size, x, y in lines:
        font = ImageFont.truetype(FONTS + font_file, font_size)
        draw.text((x, y), text, font=font, fill=(25, 25, 30))
        boxes.append(draw.textbbox((x, y), text, font=font))
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1]), boxes


def rotate(image: np.ndarray, boxes: list, degrees: float) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The image turned counter-clockwise about its centre on a white background, and the boxes' new extents."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    turned = cv2.warpAffine(image, matrix, (width, height), borderValue=(255, 255, 255))
    extents = []
    for x0, y0, x1, y1 in boxes:
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=float) @ matrix.T
        extents.append((*corners.min(axis=0).astype(int), *np.ceil(corners.max(axis=0)).astype(int)))
    return turned, extents


def iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    inter_w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    inter_h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = inter_w * inter_h
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / area


def assert_one_box_per_line(found: list[TextBox], expected: list[tuple[int, int, int, int]]) -> None:
    """Every line found once, in reading order, overlapping its rendered box with IoU ≥ 0.5."""
    assert len(found) == len(expected), [box.bbox for box in found]
    for box, line in zip(found, expected, strict=True):
        assert iou(box.bbox, line) >= 0.5, (box.bbox, line)


@pytest.fixture(scope="module")
def detector() -> OnnxDetector:
    return OnnxDetector()


@pytest.fixture(scope="module")
def card() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    return render_card()


def test_finds_every_line_in_reading_order(detector, card) -> None:
    image, lines = card
    found = detector(image)
    assert_one_box_per_line(found, lines)
    # Sex and nationality share a line: left one first even though the right one's box starts higher.
    assert found[3].bbox[0] < found[4].bbox[0]


def test_boxes_are_well_formed(detector, card) -> None:
    image, _ = card
    height, width = image.shape[:2]
    for box in detector(image):
        assert isinstance(box, TextBox)
        (tl, tr, br, bl), (x0, y0, x1, y1) = box.quad, box.bbox
        assert tl[0] < tr[0] and bl[0] < br[0] and tl[1] < bl[1] and tr[1] < br[1]  # clockwise from top-left
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert box.points.shape == (4, 2)
        assert 0.6 <= box.score <= 1


def test_rotated_by_3_degrees(detector, card) -> None:
    image, lines = card
    turned, extents = rotate(image, lines, 3)
    found = detector(turned)
    assert_one_box_per_line(found, extents)
    # The quads follow the text: their top edges rise to the right by about tan(3°).
    name = np.array(found[1].quad, dtype=float)
    slope = (name[0, 1] - name[1, 1]) / (name[1, 0] - name[0, 0])
    assert slope == pytest.approx(np.tan(np.radians(3)), abs=0.01)


def test_large_photo_is_downscaled_and_boxes_come_back_in_its_pixels(detector, card) -> None:
    image, lines = card
    big = cv2.resize(image, None, fx=2.5, fy=2.5, interpolation=cv2.INTER_CUBIC)  # 2140×1350, over 960
    found = detector(big)
    assert_one_box_per_line(found, [tuple(round(v * 2.5) for v in line) for line in lines])


def test_empty_white_image_has_no_boxes(detector) -> None:
    assert detector(np.full((540, 856, 3), 255, np.uint8)) == []


def test_grayscale_input(detector, card) -> None:
    image, lines = card
    assert_one_box_per_line(detector(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)), lines)


@pytest.mark.parametrize(
    "bad",
    [np.zeros((0, 10, 3), np.uint8), np.zeros((20, 20, 3), np.float32), np.zeros((20, 20, 2), np.uint8), None],
    ids=["empty", "float", "two channels", "None"],
)
def test_bad_input_raises_input_error(detector, bad) -> None:
    with pytest.raises(InputError):
        detector(bad)


def test_sort_boxes_groups_lines_then_left_to_right() -> None:
    def box(x0: int, y0: int, x1: int, y1: int) -> TextBox:
        return TextBox(quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), bbox=(x0, y0, x1 + 1, y1 + 1), score=0.9)

    right_a_bit_higher, left, below = box(400, 95, 600, 125), box(40, 100, 300, 130), box(40, 160, 300, 190)
    assert sort_boxes([below, right_a_bit_higher, left]) == [left, right_a_bit_higher, below]


def test_make_detector() -> None:
    detector = make_detector("onnx", DetectorConfig(intra_op_threads=1))
    assert isinstance(detector, OnnxDetector)
    assert isinstance(detector, TextDetector)
    with pytest.raises(ValueError, match="tesseract"):
        make_detector("tesseract")


def test_missing_model_file(tmp_path) -> None:
    with pytest.raises(OCRError, match="not found"):
        OnnxDetector(DetectorConfig(model_path=tmp_path / "nope.onnx"))


@pytest.mark.parametrize("module", ["ocr.detect", "ocr.recognize_onnx"])
def test_telemetry_is_disabled_before_onnxruntime_is_imported(module: str) -> None:
    # onnxruntime reads the variable when it is imported: record its value at that moment.
    spy = (
        "import builtins, os\n"
        "seen, real = [], builtins.__import__\n"
        "def spy(name, *args, **kwargs):\n"
        "    if name == 'onnxruntime' and not seen:\n"
        "        seen.append(os.environ.get('ORT_DISABLE_TELEMETRY'))\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = spy\n"
        f"import {module}\n"
        "print(seen)\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key != "ORT_DISABLE_TELEMETRY"}
    env["PYTHONPATH"] = str(root)
    result = subprocess.run([sys.executable, "-c", spy], env=env, cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['1']"
