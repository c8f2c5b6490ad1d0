"""CCCD with barcode (2016): renderer ground truth, parsers on ideal lines, OCR slips and real pipeline OCR."""

import zlib
from datetime import date

import pytest

from ocr.documents import cccd_chip
from ocr.documents.cccd_2016 import PARSERS, parse_back, parse_front, rows, strip_label
from ocr.documents.cmnd import PARSERS as CMND_PARSERS
from ocr.documents.lines import OcrLine, folded
from ocr.localize import CardLocalizer
from ocr.orient import rotate
from ocr.pipeline import Pipeline
from ocr.synth import can_cuoc as can_cuoc_synth
from ocr.synth import cccd_chip as chip_synth
from ocr.synth import cmnd as cmnd_synth
from ocr.synth.capture import capture
from ocr.synth.cccd_2016 import SPECS, card_person, render_back, render_front, truth
from ocr.synth.persons import make_person
from ocr.synth.samples import SCALE_BY_CAPTURE
from ocr.validation.dates import expected_expiry, parse_date
from ocr.validation.id_number import parse_id_number

SEEDS = range(200)
FRONT, BACK = SPECS


def ideal_lines(card) -> list[OcrLine]:
    return [OcrLine(line.text, line.box) for line in card.lines]


def test_card_dates_are_in_the_2016_period_and_follow_the_age_rule() -> None:
    moved = 0
    for seed in SEEDS:
        person = make_person(seed)
        holder = card_person(person)
        assert date(2016, 1, 1) <= holder.date_of_issue <= date(2020, 12, 31)
        assert holder.date_of_issue >= holder.date_of_birth.replace(year=holder.date_of_birth.year + 14, day=1)
        assert holder.date_of_expiry == expected_expiry(holder.date_of_birth, holder.date_of_issue, kind="cccd")
        assert parse_id_number(holder.id_number, date_of_birth=holder.date_of_birth, sex=holder.sex).valid
        assert card_person(person) == holder  # deterministic
        moved += holder.date_of_birth != person.date_of_birth
    assert 0 < moved < len(SEEDS) // 5  # only holders too young for a 2016–2020 card are made older


def test_front_prints_every_scored_field_with_vietnamese_only_labels() -> None:
    person = make_person(7)
    card = render_front(person)
    values = truth(person)
    assert card.qr_box is None and card.document_type == "cccd_2016_front"
    for name in FRONT.printed_fields:
        shown = " ".join(line.text for line in card.lines if line.field == name)
        assert values[name] in shown or shown.replace(",", "") in values[name].replace(",", ""), name
    labels = [line.text for line in card.lines if line.field is None]
    assert "Ngày, tháng, năm sinh:" in labels and not any(" / " in text for text in labels)
    assert (render_front(person).image == card.image).all()


def test_back_draws_the_barcode_box_and_issue_line() -> None:
    person = make_person(7)
    card = render_back(person)
    x0, y0, x1, y1 = card.qr_box
    assert x1 - x0 == 121 * 3 and y1 > y0  # 121 modules of 3 px at scale 1
    issue = next(line.text for line in card.lines if line.field == "date_of_issue")
    d = card_person(person).date_of_issue
    assert issue == f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    assert BACK.qr_fields == ("id_number",) and "mrz" not in truth(person)


@pytest.mark.parametrize("seed", [3, 7, 11, 19, 42])
def test_parsers_read_the_ideal_lines(seed: int) -> None:
    person = make_person(seed)
    expected = truth(person)
    front = parse_front(ideal_lines(render_front(person)))
    assert front.missing == []
    assert front.fields == {name: expected[name] for name in FRONT.printed_fields}
    back = parse_back(ideal_lines(render_back(person)))
    assert back.fields == {name: expected[name] for name in BACK.printed_fields}


def lines(*texts: str, x: int = 320) -> list[OcrLine]:
    return [OcrLine(t, (x, 40 + i * 40, 900, 70 + i * 40)) for i, t in enumerate(texts)]


def test_front_tolerates_slips_seen_in_real_ocr() -> None:
    # Slips from Pipeline().lines on tuning scans: lost or misread "Số", "uọ vàtên", "thắng", "NữỮ".
    body = lines(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "sẽ: 006166198344",
        "uọ vàtên: NGUYỄN ĐỨC TUẤN",
        "Ngày, thắng, năm sinh: 22/08/1998",
        "Quê quán Xã Sa Lý, Huyện Lục Ngạn, Bắc Giang",
        "Nơi thường trú: Ấp Hòa Bình, Xã Long Vĩnh, Huyện Duyên Hải,",
        "Trà Vinh",
    )
    # Detection split the sex/nationality row in two boxes; the expiry is under the photo (left column).
    body += [
        OcrLine("Giới tính: NữỮ", (320, 300, 460, 330)),
        OcrLine("Quốc tịch: Việt Nam", (600, 302, 800, 330)),
        OcrLine("Có giá trị đến: 22/08/2023", (60, 330, 300, 352)),
    ]
    fields = parse_front(body).fields
    assert fields == {
        "id_number": "006166198344",
        "full_name": "NGUYỄN ĐỨC TUẤN",
        "date_of_birth": "22/08/1998",
        "sex": "Nữ",
        "nationality": "Việt Nam",
        "place_of_origin": "Xã Sa Lý, Huyện Lục Ngạn, Bắc Giang",
        "place_of_residence": "Ấp Hòa Bình, Xã Long Vĩnh, Huyện Duyên Hải, Trà Vinh",
        "date_of_expiry": "22/08/2023",
    }


def test_birth_date_under_a_label_misread_beyond_matching() -> None:
    # Pipeline().lines on a glared tuning photo: the birth date's label is unrecognisable, its date is not;
    # the expiry's date, under the photo, is not taken for it.
    body = [
        OcrLine("CĂN CƯỚC CÔNG DÂN", (374, 108, 854, 154)),
        OcrLine("Số:", (278, 213, 320, 241)),
        OcrLine("012085870515", (319, 206, 551, 243)),
        OcrLine("#ss£= TRẦN VĂN KHÁNH GIANG", (278, 258, 720, 291)),
        OcrLine("Ngày, đứng năm áeớc: 13/10/1985", (279, 303, 559, 331)),
        OcrLine("G các Nam", (279, 342, 405, 367)),
        OcrLine("Có gá tí đếm. 12/10/2025", (24, 499, 221, 526)),
    ]
    fields = parse_front(body).fields
    assert fields["date_of_birth"] == "13/10/1985" and fields["date_of_expiry"] == "12/10/2025"
    # Without a date on the birth row, the expiry is still not the birth date.
    assert "date_of_birth" not in parse_front([ln for ln in body if "1985" not in ln.text]).fields


def test_rows_and_label_stripping() -> None:
    split = [OcrLine("Quốc tịch: Việt Nam", (600, 100, 800, 130)), OcrLine("Giới tính: Nam", (320, 102, 460, 128))]
    assert [r.text for r in rows(split)] == ["Giới tính: Nam  Quốc tịch: Việt Nam"]
    assert len(rows([OcrLine("a", (0, 0, 10, 30)), OcrLine("b", (0, 26, 10, 56))])) == 2
    assert strip_label("Ng uán Xã Địa Linh, Huyện Ba Bể", "Nguyên quán") == "Xã Địa Linh, Huyện Ba Bể"
    assert strip_label("Quê quán: _Xã Sa Lý", "Quê quán") == "Xã Sa Lý"


def test_back_reads_issue_date_with_digit_slips_and_never_expiry() -> None:
    body = lines("Đặc điểm nhân dạng:", "Sẹo C:2cm dưới trước mép phải", "Ngày O5 tháng 1O năm 2019", "CỤC TRƯỞNG")
    assert parse_back(body).fields == {
        "identifying_marks": "Sẹo C:2cm dưới trước mép phải",
        "date_of_issue": "05/10/2019",
    }
    assert parse_back(lines("CỤC TRƯỞNG CỤC CẢNH SÁT")).missing == ["date_of_issue", "identifying_marks"]


def squeeze(text: str) -> str:
    return "".join(ch for ch in folded(text) if ch.isalnum())


def test_keywords_are_unique_to_each_side() -> None:
    person = make_person(5)
    sides = {
        "cccd_2016_front": render_front(person),
        "cccd_2016_back": render_back(person),
        "cccd_chip_front": chip_synth.render_front(person),
        "cccd_chip_back": chip_synth.render_back(person),
        "cmnd_front": cmnd_synth.render_front(person),
        "can_cuoc_front": can_cuoc_synth.render_front(person),
        "can_cuoc_back": can_cuoc_synth.render_back(person),
    }
    # Compared as `ocr.classify` does: folded, then only letters and digits ("ngaythangnamsinh").
    texts = {name: squeeze(" ".join(line.text for line in card.lines)) for name, card in sides.items()}
    for parser in PARSERS:
        for keyword in parser.keywords:
            assert [name for name, text in texts.items() if squeeze(keyword) in text] == [parser.document_type]
    others = {k for p in cccd_chip.PARSERS + CMND_PARSERS for k in p.keywords}
    assert not others & {k for p in PARSERS for k in p.keywords}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def upright(card_image, kind: str, seed: int, document_type: str):
    shot = capture(card_image, kind, seed=seed * 1000 + zlib.crc32(document_type.encode()) % 1000)
    return rotate(CardLocalizer()(shot.image).image, (360 - shot.rotation) % 360)


@pytest.mark.parametrize(("kind", "seed"), [("scan", 5000), ("photo", 5002)])
def test_front_on_real_pipeline_ocr(pipeline: Pipeline, kind: str, seed: int) -> None:
    person = make_person(seed)
    image = upright(render_front(person, scale=SCALE_BY_CAPTURE[kind]).image, kind, seed, "cccd_2016_front")
    fields = parse_front([line for line, _ in pipeline.lines(image)]).fields
    expected = truth(person)
    for name in ("id_number", "date_of_birth", "sex", "nationality", "date_of_expiry"):
        assert fields.get(name) == expected[name], name
    assert sum(fields.get(n) == expected[n] for n in FRONT.printed_fields) >= 7, fields


def test_back_on_real_pipeline_ocr(pipeline: Pipeline) -> None:
    person = make_person(5001)
    image = upright(render_back(person, scale=SCALE_BY_CAPTURE["scan"]).image, "scan", 5001, "cccd_2016_back")
    fields = parse_back([line for line, _ in pipeline.lines(image)]).fields
    assert fields["date_of_issue"] == truth(person)["date_of_issue"]
    assert parse_date(fields["date_of_issue"]).year in range(2016, 2021)
