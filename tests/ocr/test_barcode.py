"""Code 128 barcode: the encoder the renderer uses, and reading it back from clean images, scans and photos."""

import zlib

import cv2
import numpy as np
import pytest

from ocr.barcode import BarcodeConfig, BarcodeReader, code128_modules, code128c_values
from ocr.errors import InputError
from ocr.localize import CardLocalizer
from ocr.orient import rotate
from ocr.synth.capture import capture
from ocr.synth.cccd_2016 import card_person, render_back
from ocr.synth.persons import make_person
from ocr.synth.samples import SCALE_BY_CAPTURE


def strip(digits: str, module: int = 3) -> np.ndarray:
    """A bare barcode image: `module` px per module, 80 px tall, white margins."""
    row = np.where(code128_modules(digits) == 1, 0, 255).astype(np.uint8)
    image = np.repeat(row, module)[None, :].repeat(80, axis=0)
    return cv2.cvtColor(np.pad(image, ((40, 40), (40, 40)), constant_values=255), cv2.COLOR_GRAY2BGR)


def test_code_set_c_symbols_and_check_character() -> None:
    # Start C (105), pairs 02 40 98 00 12 34, check = (105 + 2·1 + 40·2 + 98·3 + 0·4 + 12·5 + 34·6) mod 103.
    values = code128c_values("024098001234")
    assert values[:7] == [105, 2, 40, 98, 0, 12, 34]
    assert values[7] == (105 + 2 + 80 + 294 + 0 + 60 + 204) % 103 and values[8] == 106
    modules = code128_modules("024098001234")
    assert len(modules) == 10 + 11 * 8 + 13 + 10  # quiet zones, start + 6 pairs + check, stop
    assert modules[:10].sum() == 0 and modules[10] == 1 and modules[-10:].sum() == 0


@pytest.mark.parametrize("bad", ["", "12345", "12a4", "١٢"])
def test_encoder_refuses_what_set_c_cannot_hold(bad: str) -> None:
    with pytest.raises(ValueError):
        code128c_values(bad)


@pytest.mark.parametrize("number", ["024098001234", "079300999999", "001000000000"])
def test_clean_strip_round_trip_at_two_pixel_modules(number: str) -> None:
    result = BarcodeReader()(strip(number, module=2))
    assert result is not None and result.text == number and result.format == "Code128"
    assert result.corners.shape == (4, 2)


def test_payload_filter_and_bad_input() -> None:
    assert BarcodeReader()(strip("1234")) is None  # a Code 128, but not a 12-digit ID number
    assert BarcodeReader(BarcodeConfig(digits=None))(strip("1234")).text == "1234"
    assert BarcodeReader()(np.full((300, 500, 3), 255, np.uint8)) is None
    with pytest.raises(InputError):
        BarcodeReader()(np.zeros((0, 0, 3), np.uint8))


@pytest.mark.parametrize(("kind", "seed"), [("scan", 21), ("scan", 23), ("photo", 22)])
def test_card_back_round_trip(kind: str, seed: int) -> None:
    person = make_person(seed)
    card = render_back(person, scale=SCALE_BY_CAPTURE[kind])
    shot = capture(card.image, kind, seed=seed * 1000 + zlib.crc32(b"cccd_2016_back") % 1000)
    reader = BarcodeReader()
    # On the whole picture (any direction) and on the flattened, upright card.
    upright = rotate(CardLocalizer()(shot.image).image, (360 - shot.rotation) % 360)
    for image in (shot.image, upright):
        result = reader(image)
        assert result is not None and result.text == card_person(person).id_number
