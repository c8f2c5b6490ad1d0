"""MRZ reading from card images: synthetic chip CCCD backs (tuning seeds), and the check-digit repairs."""

from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr.detect import TextBox
from ocr.errors import InputError
from ocr.localize import CardLocalizer
from ocr.mrz import Correction, build_td1
from ocr.mrz_read import ALPHABET, LINE_LENGTH, MrzReader, read_mrz
from ocr.orient import rotate, rotate_points
from ocr.synth import cccd_chip
from ocr.synth.samples import make_sample


@pytest.fixture(scope="module")
def reader() -> MrzReader:
    return MrzReader()


def _upright_photo(seed: int) -> tuple[np.ndarray, dict]:
    """A photographed back, localized, then turned upright with the capture's known corners."""
    sample = make_sample(seed, "cccd_chip_back", capture_kind="photo")
    located = CardLocalizer()(sample.capture.image)
    assert located.applied
    height, width = located.image.shape[:2]
    corner = np.array([sample.ground_truth["corners"][0]], np.float64).reshape(-1, 1, 2)
    top_left = cv2.perspectiveTransform(corner, located.homography).reshape(-1, 2)
    turn = min((0, 90, 180, 270), key=lambda r: float(np.hypot(*rotate_points(top_left, r, width, height)[0])))
    return rotate(located.image, turn), sample.ground_truth


@pytest.mark.parametrize("seed", [3, 4])  # 4: issued after 58, the expiry field is empty (<<<<<<<)
def test_scan_reads_every_line_and_field(reader: MrzReader, seed: int) -> None:
    sample = make_sample(seed, "cccd_chip_back", capture_kind="scan")
    truth = sample.ground_truth
    read = reader(sample.capture.image)
    assert read is not None
    assert list(read.lines) == truth["mrz"]
    assert read.valid and read.repairs == ()
    assert read.td1.id_number == truth["id_number"]
    assert read.td1.date_of_birth.strftime("%d/%m/%Y") == truth["date_of_birth"]
    assert read.td1.sex == truth["sex"]
    expiry = read.td1.date_of_expiry
    assert (expiry.strftime("%d/%m/%Y") if expiry else None) == (
        truth["date_of_expiry"] if truth["date_of_expiry"] != "Không thời hạn" else None
    )
    assert read.confidence > 0.85
    # The quads are where the renderer drew the band.
    quad_truth = np.array(truth["mrz_quad"])
    assert abs(read.quads[0][0][1] - quad_truth[0][1]) < 10 and abs(read.quads[2][3][1] - quad_truth[3][1]) < 10


def test_localized_photo_is_read(reader: MrzReader) -> None:
    image, truth = _upright_photo(30)  # residual perspective: the pitch changes by a fifth along the line
    read = reader(image)
    assert read is not None and list(read.lines) == truth["mrz"] and read.valid


def test_detected_boxes_are_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    sample = make_sample(5, "cccd_chip_back", capture_kind="scan")
    reader = MrzReader()
    monkeypatch.setattr(reader, "find_lines", lambda gray: None)  # as if the band search failed
    assert reader(sample.capture.image) is None
    boxes = []
    for line in sample.ground_truth["text_lines"]:
        quad = tuple((float(x), float(y)) for x, y in line["quad"])
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append(TextBox(quad=quad, bbox=(int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), score=0.9))
    read = reader(sample.capture.image, boxes=boxes)
    assert read is not None and list(read.lines) == sample.ground_truth["mrz"]


def test_front_and_blank_images_have_no_mrz(reader: MrzReader) -> None:
    front = make_sample(3, "cccd_chip_front", capture_kind="scan").capture.image
    assert reader(front) is None
    assert read_mrz(np.full((638, 1011, 3), 230, np.uint8)) is None


def test_bad_input_is_refused(reader: MrzReader) -> None:
    with pytest.raises(InputError):
        reader(np.zeros((0, 0, 3), np.uint8))
    with pytest.raises(InputError):
        reader(np.zeros((10, 10), np.float32))


# --- decoding from glyph scores (no image) -----------------------------------------------------------------

LINES = build_td1(
    id_number="079305000123",
    date_of_birth=date(2005, 6, 20),
    sex="Nữ",
    date_of_expiry=date(2030, 6, 20),
    full_name="Trần Thị Bích Ngọc",
)


def _scores(lines: tuple[str, ...], swaps: dict[tuple[int, int], tuple[str, float]] = {}) -> np.ndarray:  # noqa: B006
    """Glyph scores where the printed character wins (0.95), unless `swaps` puts another one first."""
    scores = np.full((3, LINE_LENGTH, len(ALPHABET)), 0.2, np.float32)
    for n, line in enumerate(lines):
        for c, char in enumerate(line):
            scores[n, c, ALPHABET.index(char)] = 0.95
    for (n, c), (char, score) in swaps.items():
        scores[n, c, ALPHABET.index(char)] = score
    return scores


def test_clean_scores_decode_to_the_lines(reader: MrzReader) -> None:
    lines, repairs, confidence = reader.decode(_scores(LINES))
    assert lines == LINES and repairs == [] and confidence == pytest.approx(0.95)


def test_runner_up_glyph_repairs_a_failed_check_digit(reader: MrzReader) -> None:
    # Birth date 050620: the 6 misread as a 5 (scored higher); the runner-up 6 makes the check digit hold.
    assert LINES[1][2] == "0" and LINES[1][3] == "6"
    lines, repairs, _ = reader.decode(_scores(LINES, {(1, 3): ("5", 0.97)}))
    assert lines == LINES
    assert repairs == [Correction(line=2, column=4, found="5", replaced_by="6")]


def test_letters_are_never_chosen_where_only_digits_are_allowed(reader: MrzReader) -> None:
    # An O scored above the 0 in the birth date: the position only takes digits.
    lines, repairs, _ = reader.decode(_scores(LINES, {(1, 2): ("O", 0.99)}))
    assert lines == LINES and repairs == []


def test_hopeless_field_is_left_and_flagged(reader: MrzReader) -> None:
    # The true digit scores far below the wrong one: no repair within the margin, the check fails.
    scores = _scores(LINES, {(1, 3): ("5", 0.97)})
    scores[1, 3, ALPHABET.index("6")] = 0.3
    lines, repairs, _ = reader.decode(scores)
    assert lines[1][3] == "5" and repairs == []


def test_ocr_b_is_required_to_render_the_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cccd_chip, "OCR_B_FONT", tmp_path / "missing.otf")
    cccd_chip._ocr_b.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="fonts-ocr-b"):
            make_sample(3, "cccd_chip_back", capture_kind="none")
    finally:
        cccd_chip._ocr_b.cache_clear()
