import unicodedata

import pytest

from ocr.validation.provinces import PROVINCES, is_known_province, province_name


def test_the_63_provinces_before_the_2025_merger() -> None:
    assert len(PROVINCES) == 63
    assert len(set(PROVINCES.values())) == 63
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCES)
    assert all(unicodedata.is_normalized("NFC", name) for name in PROVINCES.values())


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("001", "Hà Nội"),
        ("079", "TP. Hồ Chí Minh"),
        ("096", "Cà Mau"),
        ("046", "Thừa Thiên Huế"),
        ("077", "Bà Rịa – Vũng Tàu"),
        ("1", "Hà Nội"),
        (" 031 ", "Hải Phòng"),
        (48, "Đà Nẵng"),
        ("003", None),
        ("000", None),
        ("097", None),
        ("1001", None),
        ("abc", None),
        ("", None),
        ("０１", None),
        (-1, None),
        (1000, None),
        (True, None),
    ],
)
def test_province_name(code: str | int, name: str | None) -> None:
    assert province_name(code) == name
    assert is_known_province(code) is (name is not None)
