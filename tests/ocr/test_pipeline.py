"""The whole pipeline on synthetic chip-CCCD fronts: fields, sources, validation; CLI contract and bad input."""

import json
import socket
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from ocr.pipeline import Pipeline
from ocr.synth.cccd_chip import render_front
from ocr.synth.persons import make_person

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
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert pipeline.extract_image(render_front(make_person(404)).image).fields


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
    assert set(records[0]) == {"path", "document_type", "fields", "confidence", "sources", "warnings"}
    assert records[1]["error"] == "unsupported_format" and "Dạ" in records[1]["message"]
