import socket
import unicodedata
from collections.abc import Iterator

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.detect import OnnxDetector
from ocr.documents.lines import edit_distance
from ocr.errors import InputError, OCRError
from ocr.recognize import (
    LineText,
    NumberRecognizer,
    Recognizer,
    RecognizerPool,
    TesseractRecognizer,
    crop_quad,
    is_number_word,
    local_threshold,
)
from tests.ocr.test_detect import CARD_LINES, FONTS, render_card, rotate

TEXTS = [line[0] for line in CARD_LINES]
NAME, DATE_OF_BIRTH = 1, 2  # indexes of the lines that must be read exactly
MAX_CER = 0.05  # per line; today every line is read exactly


def cer(read: str, truth: str) -> float:
    """Character error rate: Levenshtein distance over the length of the truth (both NFC)."""
    a, b = unicodedata.normalize("NFC", read), unicodedata.normalize("NFC", truth)
    return edit_distance(a, b) / len(b)


def check_reading(read: list[str], label: str) -> None:
    rates = [cer(text, truth) for text, truth in zip(read, TEXTS, strict=True)]
    print(f"\n{label}: CER per line {[round(rate, 3) for rate in rates]}")  # shown with pytest -s
    assert read[NAME] == TEXTS[NAME]
    assert read[DATE_OF_BIRTH] == TEXTS[DATE_OF_BIRTH]
    assert max(rates) <= MAX_CER, list(zip(read, rates, strict=True))


@pytest.fixture(scope="module")
def recognizer() -> Iterator[TesseractRecognizer]:
    with TesseractRecognizer() as recognizer:
        yield recognizer


@pytest.fixture(scope="module")
def detector() -> OnnxDetector:
    return OnnxDetector()


def test_reads_each_rendered_line(recognizer) -> None:
    image, lines = render_card()
    read = [recognizer(image[y0 - 4 : y1 + 4, x0 - 4 : x1 + 4]).text for x0, y0, x1, y1 in lines]
    check_reading(read, "rendered boxes")


def test_reads_the_detected_lines(recognizer, detector) -> None:
    image, _ = render_card()
    results = [recognizer(crop_quad(image, box.quad)) for box in detector(image)]
    check_reading([result.text for result in results], "detected boxes")
    assert all(0.8 <= result.confidence <= 1 for result in results)


def test_rotated_by_3_degrees(recognizer, detector) -> None:
    image, lines = render_card()
    turned, _ = rotate(image, lines, 3)
    check_reading([recognizer(crop_quad(turned, box.quad)).text for box in detector(turned)], "rotated 3°")


def test_small_print_is_upscaled(recognizer) -> None:
    font = ImageFont.truetype(FONTS + "DejaVuSans.ttf", 13)
    image = Image.new("L", (200, 18), 255)
    ImageDraw.Draw(image).text((4, 1), "05/09/1998", font=font, fill=0)
    assert recognizer(np.asarray(image)).text == "05/09/1998"


def test_blank_crop_reads_nothing(recognizer) -> None:
    assert recognizer(np.full((40, 300, 3), 255, np.uint8)) == LineText(text="", confidence=0.0)


@pytest.mark.parametrize(
    "bad",
    [np.zeros((0, 10, 3), np.uint8), np.zeros((20, 20), np.float64), np.zeros((2, 2, 2, 2), np.uint8), None],
    ids=["empty", "float", "4-d", "None"],
)
def test_bad_crop_raises_input_error(recognizer, bad) -> None:
    with pytest.raises(InputError):
        recognizer(bad)


def test_protocol() -> None:
    assert isinstance(TesseractRecognizer(), Recognizer)
    assert isinstance(TesseractRecognizer(), NumberRecognizer)


def test_number_words() -> None:
    assert is_number_word("018450033") and is_number_word("(18450033") and is_number_word("07-07-1999")
    assert not is_number_word("Số") and not is_number_word("12") and not is_number_word("Tổ17ab")


def _label_and_number(faded: bool = False) -> np.ndarray:
    font = ImageFont.truetype(FONTS + "DejaVuSans.ttf", 30)
    image = Image.new("L", (560, 48), 235)
    draw = ImageDraw.Draw(image)
    draw.text((6, 6), "Số", font=font, fill=20)
    draw.text((80, 6), "048208420175", font=font, fill=20)
    gray = np.asarray(image).copy()
    if faded:  # glare over the first two digits: ink at a third of the contrast, on brighter paper
        region = gray[:, 75:125].astype(np.float32)
        gray[:, 75:125] = (250 - (250 - region) * 0.3).astype(np.uint8)
    return gray


def test_read_numbers_reads_number_words_alone_and_keeps_the_rest(recognizer) -> None:
    read = recognizer.read_numbers(cv2.cvtColor(_label_and_number(), cv2.COLOR_GRAY2BGR))
    assert read.text == "Số 048208420175" and read.confidence > 0.5
    assert RecognizerPool.of(recognizer).read_numbers_all([_label_and_number()])[0].text == read.text
    assert recognizer.read_numbers(np.full((40, 300), 255, np.uint8)) == LineText(text="", confidence=0.0)


def test_local_threshold_brings_back_faded_digits() -> None:
    faded = _label_and_number(faded=True)
    binary = local_threshold(faded)
    assert set(np.unique(binary)) <= {0, 255}
    assert faded[:, 80:120].min() > 150  # the faded digits are pale
    assert binary[:, 80:120].min() == 0  # and black after the local threshold


def test_missing_language_names_the_tessdata_path(tmp_path) -> None:
    with pytest.raises(OCRError, match=str(tmp_path)):
        TesseractRecognizer(tessdata=tmp_path)


def test_crop_quad_of_an_upright_box_is_the_slice() -> None:
    image = np.random.default_rng(0).integers(0, 256, (100, 200, 3), dtype=np.uint8)
    crop = crop_quad(image, ((20, 10), (120, 10), (120, 50), (20, 50)))
    assert crop.shape == (40, 100, 3)
    assert np.abs(crop.astype(int) - image[10:50, 20:120]).mean() < 1


def test_crop_quad_straightens_a_tilted_box_and_adds_a_margin() -> None:
    image, lines = render_card()
    x0, y0, x1, y1 = lines[NAME]
    turned, _ = rotate(image, lines, 10)
    matrix = cv2.getRotationMatrix2D((image.shape[1] / 2, image.shape[0] / 2), 10, 1.0)
    quad = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=float) @ matrix.T
    crop = crop_quad(turned, quad)
    assert crop.shape[:2] == (y1 - y0, x1 - x0)
    upright = image[y0:y1, x0:x1].astype(int)
    assert np.abs(crop.astype(int) - upright).mean() < 12  # interpolation blur only
    assert crop_quad(turned, quad, margin=0.2).shape[:2] == (round((y1 - y0) * 1.4), round((x1 - x0) + (y1 - y0) * 0.4))


def test_crop_quad_rejects_a_degenerate_quad() -> None:
    with pytest.raises(InputError):
        crop_quad(np.zeros((10, 10, 3), np.uint8), ((1, 1), (1, 1), (1, 1), (1, 1)))


def test_detection_and_recognition_open_no_socket(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the OCR tried to open a network connection")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    image, _ = render_card()
    # Fresh instances: loading the models must not reach out either.
    detector, recognizer = OnnxDetector(), TesseractRecognizer()
    read = [recognizer(crop_quad(image, box.quad)).text for box in detector(image)]
    assert read[NAME] == TEXTS[NAME]
