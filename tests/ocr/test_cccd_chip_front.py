"""Chip CCCD front fields from recognised lines (no image): the parser's contract."""

import pytest

from ocr.documents.cccd_chip import parse_front
from ocr.documents.lines import OcrLine


def lines(*texts: str) -> list[OcrLine]:
    return [OcrLine(t, (0, i * 30, 800, i * 30 + 25)) for i, t in enumerate(texts)]


CLEAN = lines(
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "CĂN CƯỚC CÔNG DÂN",
    "Số / No.: 024098001234",
    "Họ và tên / Full name:",
    "NGUYỄN THỊ HỒNG NHUNG",
    "Ngày sinh / Date of birth: 05/09/1998",
    "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam",
    "Quê quán / Place of origin:",
    "Xã Hòa Bình, Huyện Lục Ngạn, Bắc Giang",
    "Nơi thường trú / Place of residence: Số 12 ngõ 34,",
    "Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội",
    "05/09/2023 Có giá trị đến: / Date of expiry",
)


def test_clean_lines_give_every_field() -> None:
    result = parse_front(CLEAN)
    assert result.missing == []
    assert result.fields == {
        "id_number": "024098001234",
        "full_name": "NGUYỄN THỊ HỒNG NHUNG",
        "date_of_birth": "05/09/1998",
        "sex": "Nữ",
        "nationality": "Việt Nam",
        "place_of_origin": "Xã Hòa Bình, Huyện Lục Ngạn, Bắc Giang",
        "place_of_residence": "Số 12 ngõ 34, Phường Dịch Vọng, Quận Cầu Giấy, Hà Nội",
        "date_of_expiry": "05/09/2023",
    }


def test_ocr_slips_in_labels_and_digits_are_tolerated() -> None:
    noisy = lines(
        "S6 / No.: O24O98001234",
        "Ho và tên / Full narne:",
        "TRẦN VĂN AN",
        "Ngày sình / Date of birth: 1/2/1985",
        "Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam",
        "Quê quán / Place of origin: Hải Phòng",
        "Nơi thường trú / Place of residence:",
        "Thôn 3, Xã Tân Tiến, Huyện An Lão, Hải Phòng",
        "Có giá trị đến: 01/02/2025",
    )
    fields = parse_front(noisy).fields
    assert fields["id_number"] == "024098001234"
    assert fields["full_name"] == "TRẦN VĂN AN"
    assert fields["date_of_birth"] == "01/02/1985"
    assert fields["sex"] == "Nam"
    assert fields["place_of_origin"] == "Hải Phòng"
    assert fields["place_of_residence"] == "Thôn 3, Xã Tân Tiến, Huyện An Lão, Hải Phòng"
    assert fields["date_of_expiry"] == "01/02/2025"


@pytest.mark.parametrize("drop", ["Họ và tên / Full name:", "Ngày sinh / Date of birth: 05/09/1998"])
def test_missing_lines_are_reported_not_invented(drop: str) -> None:
    kept = [ln for ln in CLEAN if ln.text != drop]
    result = parse_front(kept)
    missing = "full_name" if "Họ" in drop else "date_of_birth"
    assert missing in result.missing and missing not in result.fields
