"""Old 9-digit CMND front: renderer ground truth, parser on ideal lines, OCR slips and real pipeline OCR."""

import zlib
from datetime import date

import pytest

from ocr.documents.cmnd import PARSERS, parse_front
from ocr.documents.lines import OcrLine, folded
from ocr.localize import CardLocalizer
from ocr.orient import rotate
from ocr.pipeline import Pipeline
from ocr.synth import can_cuoc as can_cuoc_synth
from ocr.synth import cccd_2016 as cccd_2016_synth
from ocr.synth import cccd_chip as chip_synth
from ocr.synth.capture import capture
from ocr.synth.cmnd import SPECS, card_person, cmnd_number, render_front, truth
from ocr.synth.persons import make_person
from ocr.synth.samples import SCALE_BY_CAPTURE
from ocr.validation.dates import anniversary
from ocr.validation.id_number import validate_old_id_number

SEEDS = range(200)
(SPEC,) = SPECS


def test_number_and_dates_of_the_cmnd() -> None:
    derived = 0
    for seed in SEEDS:
        person = make_person(seed)
        holder = card_person(person)
        number = holder.id_number
        assert len(number) == 9 and number.isdigit() and not validate_old_id_number(number)
        if person.old_id_number:
            assert number == person.old_id_number  # the number the holder's later cards refer to
        else:
            derived += 1
            assert 1 <= int(number[:2]) <= 38  # a pre-2016 province prefix
        assert date(1999, 1, 1) <= holder.date_of_issue <= date(2015, 12, 31)
        assert holder.date_of_issue >= anniversary(holder.date_of_birth, 14)
        assert card_person(person) == holder and cmnd_number(person) == number  # deterministic
    assert derived > 0


def test_card_prints_the_scored_fields() -> None:
    person = make_person(11)
    card = render_front(person)
    values = truth(person)
    assert card.document_type == "cmnd_front" and card.qr_box is None
    for name in SPEC.printed_fields:
        shown = " ".join(line.text for line in card.lines if line.field == name)
        if name == "date_of_birth":
            shown = shown.replace("-", "/")  # typed with dashes on the card
        assert shown.replace(",", "") == values[name].replace(",", ""), name
    labels = {line.text for line in card.lines if line.field is None}
    assert {"GIẤY CHỨNG MINH NHÂN DÂN", "Số", "Họ tên", "Sinh ngày", "Nguyên quán", "Nơi ĐKHK thường trú"} <= labels


@pytest.mark.parametrize("seed", [3, 11, 19, 42, 77])
def test_parser_reads_the_ideal_lines(seed: int) -> None:
    person = make_person(seed)
    result = parse_front([OcrLine(line.text, line.box) for line in render_front(person).lines])
    assert result.missing == []
    assert result.fields == {name: truth(person)[name] for name in SPEC.printed_fields}


def lines(*texts: str) -> list[OcrLine]:
    return [OcrLine(t, (330, 80 + i * 50, 900, 115 + i * 50)) for i, t in enumerate(texts)]


def test_slips_seen_in_real_ocr() -> None:
    # Lines as Pipeline().lines read them on tuning photos: "Số" as "sẽ", labels half lost, leader specks.
    body = lines(
        "GIẤY CHỨNG MINH NHÂN DÂN",
        "sẽ 233484077",
        "Họtên MAI MAI",
        "Sinh ngày 20-01-1966",
        "Ng uán Xã Địa Linh, Huyện Ba Bể, Bắc Kạn",
        "N rong trú Thôn An Lạc, Xã Chu Hương,",
        "Huyện Ba Bể, Bắc Kạn.",
    )
    assert parse_front(body).fields == {
        "id_number": "233484077",
        "full_name": "MAI MAI",
        "date_of_birth": "20/01/1966",
        "place_of_origin": "Xã Địa Linh, Huyện Ba Bể, Bắc Kạn",
        "place_of_residence": "Thôn An Lạc, Xã Chu Hương, Huyện Ba Bể, Bắc Kạn",
    }


def test_stray_mark_beside_the_number_and_split_date_digits() -> None:
    # Tuning photos: a mark after "Số" detected as its own box and read "|" (a 1) joins the number's row;
    # a space splits the day of a serif date; Tesseract reads "1" as "[" or "Ï".
    body = lines(
        "GIẤY CHỨNG MINH NHÂN DÂN",
        "số | 091102965",
        "Họ tên NGUYỄN THU BẢO LOAN",
        "Sinh ngày 1 7-10-1981",
    )
    fields = parse_front(body).fields
    assert fields["id_number"] == "091102965"
    assert fields["date_of_birth"] == "17/10/1981"
    assert parse_front(lines("số 0911 02965", "Sinh ngày [5-09-1980")).fields["date_of_birth"] == "15/09/1980"
    assert parse_front(lines("số 0911 02965", "Sinh ngày Ï 1-06-1944")).fields == {
        "id_number": "091102965",
        "date_of_birth": "11/06/1944",
    }


def test_long_name_on_two_lines_and_origin_on_two_lines() -> None:
    body = lines(
        "Số 012345678",
        "Họ tên TÔN NỮ HOÀNG",
        "BẢO NGỌC",
        "Sinh ngày 1-2-1980",
        "Nguyên quán .Xã Hòa Bình, Huyện Lục Ngạn,",
        "Bắc Giang",
        "Nơi ĐKHK thường trú Số 12 ngõ 34, Phường Dịch Vọng,",
        "Quận Cầu Giấy, Hà Nội",
    )
    fields = parse_front(body).fields
    assert fields["full_name"] == "TÔN NỮ HOÀNG BẢO NGỌC" and fields["date_of_birth"] == "01/02/1980"
    assert fields["place_of_origin"] == "Xã Hòa Bình, Huyện Lục Ngạn, Bắc Giang"
    assert fields["place_of_residence"] == "Số 12 ngõ 34, Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội"


def test_a_twelve_digit_number_is_not_a_cmnd_number() -> None:
    result = parse_front(lines("Số: 024098001234", "Họ tên AN"))
    assert "id_number" in result.missing


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize(("kind", "seed"), [("scan", 5000), ("photo", 5002)])
def test_real_pipeline_ocr(pipeline: Pipeline, kind: str, seed: int) -> None:
    person = make_person(seed)
    card = render_front(person, scale=SCALE_BY_CAPTURE[kind])
    shot = capture(card.image, kind, seed=seed * 1000 + zlib.crc32(b"cmnd_front") % 1000)
    image = rotate(CardLocalizer()(shot.image).image, (360 - shot.rotation) % 360)
    fields = parse_front([line for line, _ in pipeline.lines(image)]).fields
    expected = truth(person)
    assert fields.get("id_number") == expected["id_number"]
    assert fields.get("date_of_birth") == expected["date_of_birth"]
    assert sum(fields.get(n) == expected[n] for n in SPEC.printed_fields) >= 4, fields


def test_keywords_are_printed_only_on_the_cmnd() -> None:
    person = make_person(5)
    others = [
        cccd_2016_synth.render_front(person),
        cccd_2016_synth.render_back(person),
        chip_synth.render_front(person),
        chip_synth.render_back(person),
        can_cuoc_synth.render_front(person),
        can_cuoc_synth.render_back(person),
    ]

    # Compared as `ocr.classify` does: folded, then only letters and digits.
    def squeeze(text: str) -> str:
        return "".join(ch for ch in folded(text) if ch.isalnum())

    own = squeeze(" ".join(line.text for line in render_front(person).lines))
    for keyword in PARSERS[0].keywords:
        assert squeeze(keyword) in own
        assert not any(squeeze(keyword) in squeeze(" ".join(ln.text for ln in card.lines)) for card in others), keyword
