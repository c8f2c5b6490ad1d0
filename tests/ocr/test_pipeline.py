"""The whole pipeline on synthetic chip-CCCD fronts: fields, sources, validation; CLI contract and bad input."""

import json
import socket
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr.detect import TextBox
from ocr.documents.lines import OcrLine, Parsed, read_short
from ocr.orient import rotate_boxes_180
from ocr.pipeline import Pipeline, _best_keys
from ocr.recognize import LineText, TesseractRecognizer
from ocr.synth.cccd_chip import render_front
from ocr.synth.persons import make_person
from ocr.synth.registry import documents
from ocr.synth.samples import make_sample

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize("seed", [101, 202])
def test_flat_scan_fields_match_the_card(pipeline: Pipeline, seed: int) -> None:
    person = make_person(seed)
    result = pipeline.extract_image(render_front(person).image, path=f"seed-{seed}")
    f = result.fields
    assert result.document_type == "cccd_chip_front"
    assert f["id_number"] == person.id_number and result.sources["id_number"] == "qr"
    assert f["full_name"] == person.full_name.upper()
    assert f["date_of_birth"] == person.date_of_birth.strftime("%d/%m/%Y")
    assert f["sex"] == person.sex and f["nationality"] == "Việt Nam"
    assert f["place_of_residence"] == person.place_of_residence
    assert result.sources["place_of_origin"] == "ocr" and 0 < result.confidence["place_of_origin"] <= 1
    assert not any(w.startswith(("id_", "century", "date_")) for w in result.warnings), result.warnings


def test_without_qr_fields_come_from_ocr(pipeline: Pipeline) -> None:
    card = render_front(make_person(303))
    image = card.image.copy()
    x0, y0, x1, y1 = card.qr_box
    image[y0:y1, x0:x1] = 255  # the QR sticker is torn off
    result = pipeline.extract_image(image)
    assert "qr_not_found: fields come from OCR only" in result.warnings
    assert result.sources["id_number"] == "ocr" and result.fields["id_number"] == make_person(303).id_number


def test_no_network_during_extraction(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during OCR")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert pipeline.extract_image(render_front(make_person(404)).image).fields
    # Loading the models is offline too (the number model among them, for the căn cước front's ID), and so is
    # reading a page and a back with an MRZ.
    fresh = Pipeline()
    for document_type in ("cccd_chip_back", "can_cuoc_front", "birth_certificate"):
        sample = make_sample(404, document_type, capture_kind="scan")
        assert fresh.extract(sample.capture.encoded, filename="x" + sample.capture.extension)[0].fields


def test_cli_json_lines_and_bad_input(tmp_path: Path) -> None:
    good = tmp_path / "card.png"
    cv2.imwrite(str(good), render_front(make_person(505)).image)
    bad = tmp_path / "note.txt"
    bad.write_text("không phải ảnh")
    proc = subprocess.run(
        [sys.executable, "-m", "ocr", "extract", str(good), str(bad), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert records[0]["fields"]["id_number"] == make_person(505).id_number
    assert set(records[0]) == {"path", "document_type", "fields", "confidence", "sources", "warnings", "quality"}
    assert records[0]["quality"]["ok"] is True
    assert records[1]["error"] == "unsupported_format" and "Dạ" in records[1]["message"]


def _exact(result_fields: dict, truth: dict, names: tuple[str, ...]) -> float:
    def text(value: object) -> str:
        return "\n".join(value) if isinstance(value, list) else str(value or "")

    scored = [n for n in names if truth.get(n) not in (None, "", [])]
    return sum(text(result_fields.get(n)) == text(truth[n]) for n in scored) / len(scored)


@pytest.mark.parametrize("document_type", sorted(documents()))
def test_every_document_type_is_classified_and_read(pipeline: Pipeline, document_type: str) -> None:
    sample = make_sample(17, document_type, capture_kind="scan")
    result = pipeline.extract(sample.capture.encoded, filename="x" + sample.capture.extension)[0]
    assert result.document_type == document_type, result.warnings
    assert _exact(result.fields, sample.ground_truth, sample.spec.scored_fields) >= 0.8, result.fields


def test_back_photo_fields_come_from_the_mrz(pipeline: Pipeline) -> None:
    sample = make_sample(23, "cccd_chip_back", capture_kind="photo")
    result = pipeline.extract(sample.capture.encoded, filename="x.jpg")[0]
    truth = sample.ground_truth
    assert result.document_type == "cccd_chip_back"
    assert result.fields["mrz"] == truth["mrz"] and result.sources["id_number"] == "mrz"
    assert result.fields["id_number"] == truth["id_number"] and result.fields["date_of_birth"] == truth["date_of_birth"]
    assert result.fields["date_of_expiry"] == truth["date_of_expiry"] and result.fields["sex"] == truth["sex"]


def test_digits_faded_by_glare_are_read_again(pipeline: Pipeline) -> None:
    # Tuning photo with glare over the first digits of the number: the line read drops "0" and takes "4"
    # for "1"; the number re-read after a local threshold gets the number its checks accept.
    sample = make_sample(8, "can_cuoc_front", capture_kind="photo")
    result = pipeline.extract(sample.capture.encoded, filename="x.jpg")[0]
    assert result.fields["id_number"] == sample.ground_truth["id_number"], result.warnings
    assert not any(w.startswith("province_unknown") for w in result.warnings)


def test_a_date_read_with_a_digit_lost_gives_way_to_a_full_read() -> None:
    # Read from a glared CMND tuning photo: the line lost the "1" of "16-08-2001"; the number-only look did not.
    first = [OcrLine("số 030385283", (358, 118, 626, 167)), OcrLine("Sinh ngày 6-08-2001", (291, 296, 503, 328))]
    again = [first[0], OcrLine("Sinh ngày 16-08-2001", (291, 296, 503, 328))]
    assert read_short(first, "06/08/2001") and not read_short(again, "16/08/2001")
    assert not read_short(first, "16/08/2001")  # another date altogether
    keys = ["id_number", "date_of_birth"]
    parsed = Parsed({"id_number": "030385283", "date_of_birth": "06/08/2001"})
    picked, short = _best_keys(parsed, {"date_of_birth": "16/08/2001"}, ["date_of_birth"], keys, {"date_of_birth"})
    assert picked.fields["date_of_birth"] == "16/08/2001" and short == set()
    # Both reads short, or neither: the first read stays (a tie).
    both, _ = _best_keys(parsed, {"date_of_birth": "16/08/2001"}, ["date_of_birth"], keys, {"date_of_birth"},
                         {"date_of_birth"})  # fmt: skip
    assert both.fields["date_of_birth"] == "06/08/2001"
    assert _best_keys(parsed, {"date_of_birth": "16/08/2001"}, ["date_of_birth"], keys)[0] == parsed


def test_the_number_model_wins_ties_and_only_ties() -> None:
    keys = ["id_number", "date_of_birth", "sex"]
    tesseract = Parsed({"id_number": "030089663989", "date_of_birth": "12/04/1989", "sex": "Nam"})
    # Both IDs check out against the birth year and sex (nothing on the card can tell the last digits apart).
    pp = {"id_number": "030089863989", "date_of_birth": "12/04/1989"}
    assert _best_keys(tesseract, pp, keys, keys)[0] == tesseract
    assert _best_keys(tesseract, pp, keys, keys, prefer_other=True)[0].fields["id_number"] == "030089863989"
    # A number-model ID that contradicts the birth year (century/sex digit, year digits) does not tie: it loses.
    wrong = {"id_number": "030189863989", "date_of_birth": "12/04/1989"}
    assert _best_keys(tesseract, wrong, keys, keys, prefer_other=True)[0] == tesseract
    # What the number model did not read stays.
    assert _best_keys(tesseract, {}, keys, keys, prefer_other=True)[0] == tesseract


@pytest.mark.parametrize("seed", [155, 169])
def test_blurred_qr_is_decoded_after_sharpening(pipeline: Pipeline, seed: int) -> None:
    # Tuning photos whose QR decoded neither in the card's corner nor on the photo until it was sharpened.
    sample = make_sample(seed, "cccd_chip_front", capture_kind="photo")
    result = pipeline.extract(sample.capture.encoded, filename="x" + sample.capture.extension)[0]
    assert result.sources.get("date_of_issue") == "qr"
    assert result.fields["date_of_issue"] == sample.ground_truth["date_of_issue"]
    assert result.fields["date_of_birth"] == sample.ground_truth["date_of_birth"]


def test_blank_image_is_unknown_with_a_warning(pipeline: Pipeline) -> None:
    result = pipeline.extract_image(np.full((638, 1011, 3), 235, np.uint8))
    assert result.document_type == "unknown" and not result.fields
    assert any(w.startswith("document_unrecognized") for w in result.warnings)


def test_boxes_turn_with_the_image() -> None:
    box = TextBox(quad=((10, 20), (110, 20), (110, 40), (10, 40)), bbox=(10, 20, 111, 41), score=0.9)
    (turned,) = rotate_boxes_180([box], 200, 100)
    assert turned.quad == ((89, 59), (189, 59), (189, 79), (89, 79))
    assert turned.bbox == (89, 59, 190, 80)


class _MisreadDigit:
    """Tesseract, made to read one digit of the ID number wrong the way glare does: every look alike."""

    def __init__(self, truth: str, wrong: str) -> None:
        self.inner, self.truth, self.wrong = TesseractRecognizer(), truth, wrong

    def __call__(self, crop: np.ndarray) -> LineText:
        read = self.inner(crop)
        return LineText(read.text.replace(self.truth, self.wrong), read.confidence)


def test_the_number_model_corrects_a_digit_every_tesseract_look_misreads() -> None:
    sample = make_sample(21, "can_cuoc_front", capture_kind="scan")
    truth = sample.ground_truth["id_number"]
    # A digit of the six-digit serial: the misread still checks out against province, century and birth year.
    wrong = truth[:8] + str((int(truth[8]) + 5) % 10) + truth[9:]
    misreading = Pipeline(recognizer=_MisreadDigit(truth, wrong))
    result = misreading.extract(sample.capture.encoded, filename="x" + sample.capture.extension)[0]
    assert result.document_type == "can_cuoc_front"
    assert result.fields["id_number"] == truth and result.sources["id_number"] == "ocr"
    assert result.fields["date_of_birth"] == sample.ground_truth["date_of_birth"]
