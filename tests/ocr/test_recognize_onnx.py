from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.errors import InputError, OCRError
from ocr.recognize_onnx import OnnxRecognizer, OnnxRecognizerConfig, number_words, with_numbers
from tests.ocr.test_detect import FONTS


@pytest.fixture(scope="module")
def reader() -> OnnxRecognizer:
    return OnnxRecognizer()  # the real model from the installed rapidocr wheel


def line(text: str, font: str = "DejaVuSans.ttf", size: int = 26) -> np.ndarray:
    face = ImageFont.truetype(FONTS + font, size)
    x0, y0, x1, y1 = face.getbbox(text)
    image = Image.new("RGB", (x1 - x0 + 16, y1 - y0 + 12), (236, 240, 232))
    ImageDraw.Draw(image).text((8 - x0, 6 - y0), text, font=face, fill=(30, 30, 40))
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Số định danh cá nhân: 036092622748", ["036092622748"]),
        ("Ngày sinh / Date of birth: 11/01/1990", ["11/01/1990"]),
        ("Có giá trị đến: 23-07-2031", ["23-07-2031"]),
        ("SỐ 381457309", ["381457309"]),
    ],
)
def test_reads_the_numbers_of_a_line(reader: OnnxRecognizer, text: str, numbers: list[str]) -> None:
    for font in ("DejaVuSans.ttf", "DejaVuSerif.ttf"):
        read = reader(line(text, font))
        assert number_words(read.text) == numbers, read
        assert 0 < read.confidence <= 1


def test_read_all_keeps_the_order_of_lines_of_any_width(reader: OnnxRecognizer) -> None:
    crops = [line("012345678901"), line("Sinh ngày: 01/02/2003"), line("7"), line("Nơi cư trú: 12/3 Hùng Vương")]
    read = [number_words(r.text) for r in reader.read_all(crops)]
    assert read == [["012345678901"], ["01/02/2003"], [], ["12/3"]]
    assert reader.read_all([]) == []


def test_grey_and_blank_crops(reader: OnnxRecognizer) -> None:
    assert number_words(reader(cv2.cvtColor(line("079301004512"), cv2.COLOR_BGR2GRAY)).text) == ["079301004512"]
    blank = reader(np.full((40, 300, 3), 235, np.uint8))
    assert number_words(blank.text) == []


def test_bad_crops_and_missing_model_are_clear_errors(reader: OnnxRecognizer, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        reader(np.zeros((0, 10, 3), np.uint8))
    with pytest.raises(InputError):
        reader(np.zeros((10, 10, 3), np.float32))
    with pytest.raises(OCRError, match="not found"):
        OnnxRecognizer(OnnxRecognizerConfig(model_path=tmp_path / "missing.onnx"))


def test_with_numbers_pairs_number_words_in_order() -> None:
    assert with_numbers("Số:O36O92622748", ["036092622748"]) == "Số:036092622748"
    assert with_numbers("Sinh ngày: 11/0l/1990 Nam", ["01/01/1990"]) == "Sinh ngày: 01/01/1990 Nam"
    assert with_numbers("Từ 01/02/2021 đến 01/02/2041", ["01/02/2021", "01/02/2046"]) == "Từ 01/02/2021 đến 01/02/2046"
    # Short numbers and words stay Tesseract's; no number words and nothing read is a pair too.
    assert with_numbers("Tổ 12, số nhà 45", number_words("To 12, so nha 45")) == "Tổ 12, số nhà 45"
    # The reads hold a different count of numbers: they cannot be paired.
    assert with_numbers("0360926 22748", ["036092622748"]) is None
    assert with_numbers("Số: 036092622748", []) is None


def test_number_words() -> None:
    assert number_words("So:036092622748") == ["036092622748"]
    assert number_words("Ngay sinh:11/01/1990 Gioi tinh:Nam") == ["11/01/1990"]
    assert number_words("０３６ ０９２") == ["036", "092"]  # full-width digits, as a CJK model may write them
    assert number_words("Date-of-birth") == []
    assert number_words("Tổ 12, số nhà 45/7, 12/3 Hùng Vương") == ["45/7", "12/3"]
