import json
import unicodedata
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest

from ocr.mrz import mrz_name_line, parse_td1
from ocr.qr_payload import parse_qr_payload
from ocr.synth.__main__ import main
from ocr.synth.capture import capture
from ocr.synth.cccd_chip import BASE_HEIGHT, BASE_WIDTH, render_front
from ocr.synth.draw import FONT_SETS
from ocr.synth.persons import BENCHMARK_FIRST_SEED, load_names, load_units, make_person, seed_split
from ocr.synth.registry import document
from ocr.synth.samples import make_sample
from ocr.validation.dates import check_expiry, expected_expiry, parse_date, validate_card_dates
from ocr.validation.id_number import parse_id_number, validate_old_id_number
from ocr.validation.names import validate_full_name
from ocr.validation.provinces import PROVINCES

TUNING = list(range(400))
BENCHMARK = list(range(BENCHMARK_FIRST_SEED, BENCHMARK_FIRST_SEED + 100))


def test_seed_ranges_split_tuning_from_benchmark() -> None:
    assert seed_split(0) == seed_split(999_999) == "tuning"
    assert seed_split(1_000_000) == seed_split(5_000_000) == "benchmark"
    with pytest.raises(ValueError):
        seed_split(-1)
    assert make_person(3) == make_person(3)
    assert make_person(3) != make_person(BENCHMARK_FIRST_SEED + 3)


def test_persons_are_consistent() -> None:
    for seed in TUNING + BENCHMARK:
        check_person(seed)


def check_person(seed: int) -> None:
    person = make_person(seed)
    decoded = parse_id_number(person.id_number, date_of_birth=person.date_of_birth, sex=person.sex)
    assert decoded.problems == ()
    assert decoded.province_code == person.birth_province_code
    assert person.date_of_expiry == expected_expiry(person.date_of_birth, person.date_of_issue)
    assert check_expiry(person.date_of_birth, person.date_of_issue, person.date_of_expiry) == ()
    fields = person.contract_fields()
    assert validate_card_dates(
        fields["date_of_birth"], fields["date_of_issue"], fields["date_of_expiry"], today=date(2025, 1, 1)
    ) == ()  # fmt: skip
    assert date(1940, 1, 1) <= person.date_of_birth <= date(2010, 12, 31)
    assert date(2021, 1, 1) <= person.date_of_issue <= date(2024, 6, 30)
    assert person.sex in ("Nam", "Nữ")
    assert validate_full_name(person.full_name) == ()
    assert 2 <= len(person.full_name.split()) <= 5
    if person.old_id_number is not None:
        assert validate_old_id_number(person.old_id_number) == ()
    provinces = {p.name for p in load_units().values()}
    for place in (person.place_of_origin, person.place_of_residence):
        assert place.split(", ")[-1] in provinces
        assert unicodedata.is_normalized("NFC", place)
    assert unicodedata.is_normalized("NFC", person.full_name)


def test_names_cover_the_usual_spellings() -> None:
    names = {make_person(seed).full_name for seed in TUNING}
    text = " ".join(names)
    assert {len(name.split()) for name in names} == {2, 3, 4, 5}
    assert "Nguyễn" in text and "Thị" in text and "Văn" in text
    assert any(c in text for c in "ễệểỗộổờớợừứựỹỷ")  # stacked diacritics, not just acute/grave
    assert len(names) > 380  # persons rarely repeat


def test_units_table_covers_every_province() -> None:
    units = load_units()
    assert set(units) == set(PROVINCES)
    for province in units.values():
        assert len(province.districts) >= 2
        for district in province.districts:
            assert district.name.split()[0] in ("Quận", "Huyện", "Thị", "Thành")
            assert district.wards and all(w.split()[0] in ("Phường", "Xã", "Thị") for w in district.wards)
    names = load_names()
    assert all(unicodedata.is_normalized("NFC", n) for n in names.given["Nữ"] + names.given["Nam"])


def test_same_seed_same_bytes() -> None:
    for kind in ("scan", "photo"):
        first = make_sample(11, "cccd_chip_front", capture_kind=kind, scale=1.0)
        again = make_sample(11, "cccd_chip_front", capture_kind=kind, scale=1.0)
        assert first.capture.encoded == again.capture.encoded
        assert first.ground_truth == again.ground_truth
    back = make_sample(11, "cccd_chip_back", capture_kind="photo", scale=1.0)
    assert back.capture.encoded != make_sample(12, "cccd_chip_back", capture_kind="photo", scale=1.0).capture.encoded


def test_font_sets_differ() -> None:
    person = make_person(5)
    images = [render_front(person, font_set=name).image for name in FONT_SETS]
    assert images[0].shape == (BASE_HEIGHT, BASE_WIDTH, 3)
    assert not np.array_equal(images[0], images[1]) and not np.array_equal(images[1], images[2])
    assert render_front(person, scale=0.5).image.shape == (BASE_HEIGHT // 2, BASE_WIDTH // 2, 3)
    with pytest.raises(ValueError):
        render_front(person, font_set="comic")


@pytest.mark.parametrize("seed", [0, 2, 21, 1_000_007])
def test_qr_in_a_scan_decodes_to_the_payload(seed: int) -> None:
    sample = make_sample(seed, "cccd_chip_front", capture_kind="scan")
    texts, _ = cv2.wechat_qrcode_WeChatQRCode().detectAndDecode(sample.capture.image)
    assert len(texts) == 1
    truth = sample.ground_truth
    parsed = parse_qr_payload(texts[0])
    assert parsed == parse_qr_payload(truth["qr_payload"])
    # The QR spells the name in title case, the card (and so the ground truth) in capitals.
    assert {**parsed, "full_name": parsed["full_name"].upper()} == {field: truth[field] for field in truth["qr_fields"]}


@pytest.mark.parametrize("seed", TUNING[:100] + BENCHMARK[:20])
def test_mrz_ground_truth_parses_with_valid_check_digits(seed: int) -> None:
    truth = make_person(seed).contract_fields()
    td1 = parse_td1(truth["mrz"])
    assert td1.valid and td1.problems == () and td1.corrections == ()
    assert td1.id_number == truth["id_number"]
    assert td1.date_of_birth == parse_date(truth["date_of_birth"])
    assert td1.sex == truth["sex"]
    if truth["date_of_expiry"] == "Không thời hạn":
        assert td1.date_of_expiry is None
    else:
        assert td1.date_of_expiry == parse_date(truth["date_of_expiry"])
    assert truth["mrz"][2] == mrz_name_line(truth["full_name"])


def test_text_lines_name_every_printed_field() -> None:
    sample = make_sample(4, "cccd_chip_front", capture_kind="none")
    by_field: dict[str, list[str]] = {}
    for line in sample.card.lines:
        x0, y0, x1, y1 = line.box
        assert 0 <= x0 < x1 <= BASE_WIDTH and 0 <= y0 < y1 <= BASE_HEIGHT, line
        if line.field:
            by_field.setdefault(line.field, []).append(line.text)
    assert set(by_field) == set(document("cccd_chip_front").printed_fields)
    truth = sample.ground_truth
    assert by_field["full_name"] == [truth["full_name"].upper()]
    assert " ".join(by_field["place_of_residence"]) == truth["place_of_residence"]
    back = make_sample(4, "cccd_chip_back", capture_kind="none")
    assert [line.text for line in back.card.lines if line.field == "mrz"] == truth["mrz"]
    assert any(line.text == truth["date_of_issue"] for line in back.card.lines if line.field == "date_of_issue")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_photo_reports_where_the_card_is(seed: int) -> None:
    card = render_front(make_person(seed))
    shot = capture(card.image, "photo", seed=seed)
    height, width = shot.image.shape[:2]
    assert shot.rotation in (0, 90, 180, 270)
    assert (width > height) == (shot.rotation in (0, 180))
    assert 35 <= shot.params["jpeg_quality"] <= 65
    corners = np.array(shot.corners)
    assert (corners >= 0).all() and (corners[:, 0] <= width).all() and (corners[:, 1] <= height).all()
    # Undoing the homography gives the card back: lighting and blur change values, not positions.
    matrix = np.linalg.inv(np.array(shot.homography))
    back = cv2.warpPerspective(shot.image, matrix, (card.image.shape[1], card.image.shape[0]))
    gray = [
        cv2.cvtColor(image[150:400, 220:700], cv2.COLOR_BGR2GRAY).astype(np.float32) for image in (back, card.image)
    ]
    assert cv2.matchTemplate(gray[0], gray[1], cv2.TM_CCOEFF_NORMED)[0, 0] > 0.6
    shifted = cv2.matchTemplate(gray[0][10:], gray[1][:-10], cv2.TM_CCOEFF_NORMED)[0, 0]
    assert shifted < 0.4  # the check is sharp enough to notice a card 10 pixels off


def test_cli_writes_images_and_ground_truth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kinds = ["--document", "cccd_chip_front", "--document", "cccd_chip_back"]
    assert main(["--out", str(tmp_path), "--n", "2", "--seed", "30", "--capture", "none", *kinds]) == 0
    assert "4 images" in capsys.readouterr().out
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 8
    for json_path in tmp_path.glob("*.json"):
        truth = json.loads(json_path.read_text(encoding="utf-8"))
        image = cv2.imread(str(tmp_path / truth["image"]))
        assert image is not None and [image.shape[1], image.shape[0]] == truth["image_size"]
        assert truth["document_type"] in ("cccd_chip_front", "cccd_chip_back")
        assert truth["capture"] == "none" and truth["split"] == "tuning"
        for field in ("id_number", "full_name", "date_of_birth", "sex", "nationality", "place_of_origin"):
            assert truth[field]
        assert truth["place_of_residence"] and truth["date_of_expiry"] and truth["date_of_issue"]
        assert "old_id_number" in truth and len(truth["mrz"]) == 3


def test_cli_refuses_seed_ranges_across_the_benchmark_boundary(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--n", "3", "--seed", str(BENCHMARK_FIRST_SEED - 1)]) == 2
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
