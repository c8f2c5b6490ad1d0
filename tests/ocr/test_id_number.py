from datetime import date

import pytest

from ocr.validation.id_number import (
    MESSAGES,
    century_sex_digit,
    normalize_sex,
    parse_id_number,
    validate_old_id_number,
)


def codes(problems: tuple) -> list[str]:
    return [p.code for p in problems]


@pytest.mark.parametrize(
    ("text", "province", "century", "sex", "birth_year", "serial"),
    [
        ("001099012345", "Hà Nội", 1900, "Nam", 1999, "012345"),
        ("079305000123", "TP. Hồ Chí Minh", 2000, "Nữ", 2005, "000123"),
        ("096185999999", "Cà Mau", 1900, "Nữ", 1985, "999999"),
        ("001 099 012345", "Hà Nội", 1900, "Nam", 1999, "012345"),
        ("040499000001", "Nghệ An", 2100, "Nam", 2199, "000001"),
        ("040900000001", "Nghệ An", 2300, "Nữ", 2300, "000001"),
    ],
)
def test_decodes_the_parts(text: str, province: str, century: int, sex: str, birth_year: int, serial: str) -> None:
    result = parse_id_number(text)
    assert result.valid, result.problems
    assert result.text == text.replace(" ", "")
    assert result.province_name == province
    assert result.province_code == text[:3]
    assert (result.century, result.sex, result.birth_year, result.serial) == (century, sex, birth_year, serial)


@pytest.mark.parametrize(
    ("digit", "century", "sex"),
    [  # the reference table, written out
        (0, 1900, "Nam"),
        (1, 1900, "Nữ"),
        (2, 2000, "Nam"),
        (3, 2000, "Nữ"),
        (4, 2100, "Nam"),
        (5, 2100, "Nữ"),
        (6, 2200, "Nam"),
        (7, 2200, "Nữ"),
        (8, 2300, "Nam"),
        (9, 2300, "Nữ"),
    ],
)
def test_century_sex_digit_table(digit: int, century: int, sex: str) -> None:
    decoded = parse_id_number(f"001{digit}99123456")
    assert (decoded.century_sex_digit, decoded.century, decoded.sex) == (digit, century, sex)
    assert century_sex_digit(century + 99, sex) == digit


@pytest.mark.parametrize(
    ("text", "dob", "sex", "expected"),
    [
        ("001099012345", date(1999, 5, 1), "Nam", []),
        ("001099012345", date(1999, 5, 1), "NAM", []),
        ("079305000123", date(2005, 6, 20), "Nữ", []),
        ("079305000123", date(2005, 6, 20), "NỮ", []),
        ("003099012345", date(1999, 5, 1), "Nam", ["province_unknown"]),
        ("000099012345", None, None, ["province_unknown"]),
        ("001299012345", date(1999, 5, 1), "Nam", ["century_digit_mismatch"]),
        ("001099012345", date(2099, 5, 1), "Nam", ["century_digit_mismatch"]),
        ("001099012345", date(1899, 5, 1), "Nam", ["century_digit_mismatch"]),
        ("001099012345", date(1999, 5, 1), "Nữ", ["sex_digit_mismatch"]),
        ("001305000123", date(2005, 6, 20), "Nam", ["sex_digit_mismatch"]),
        ("001098012345", date(1999, 5, 1), "Nam", ["birth_year_mismatch"]),
        ("003299012345", date(1999, 5, 1), "Nam", ["province_unknown", "century_digit_mismatch"]),
        ("001099012345", date(1999, 5, 1), "Khác", ["sex_unknown"]),
        ("00109901234", date(1999, 5, 1), "Nam", ["id_number_format"]),
        ("0010990123456", None, None, ["id_number_format"]),
        ("00109901234O", None, None, ["id_number_format"]),
        ("001-099-012345", None, None, ["id_number_format"]),
        ("٠٠١٠٩٩٠١٢٣٤٥", None, None, ["id_number_format"]),
        ("", None, None, ["id_number_format"]),
    ],
)
def test_problems(text: str, dob: date | None, sex: str | None, expected: list[str]) -> None:
    result = parse_id_number(text, date_of_birth=dob, sex=sex)
    assert codes(result.problems) == expected
    assert result.valid is (expected == [])
    for problem in result.problems:
        assert problem.message and "{" not in problem.message
        assert problem.field in ("id_number", "sex")


def test_several_problems_at_once() -> None:
    result = parse_id_number("003299012345", date_of_birth=date(1988, 1, 1), sex="Nam")
    assert codes(result.problems) == ["province_unknown", "century_digit_mismatch", "birth_year_mismatch"]


def test_a_malformed_number_decodes_nothing() -> None:
    result = parse_id_number("12345")
    assert (result.province_code, result.century, result.sex, result.birth_year) == (None, None, None, None)


def test_messages_are_vietnamese_and_name_the_values() -> None:
    problem = parse_id_number("003099012345").problems[0]
    assert "003" in problem.message and "tỉnh" in problem.message
    problem = parse_id_number("001299012345", date_of_birth=date(1999, 1, 1)).problems[0]
    assert "1999" in problem.message and "0 hoặc 1" in problem.message
    assert set(MESSAGES) >= {"id_number_format", "province_unknown", "century_digit_mismatch", "sex_digit_mismatch"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nam", "Nam"),
        ("nam", "Nam"),
        (" NAM ", "Nam"),
        ("M", "Nam"),
        ("Nữ", "Nữ"),
        ("NỮ", "Nữ"),
        ("Nu", "Nữ"),
        ("nu\u031b\u0303", "Nữ"),
        ("F", "Nữ"),
        ("X", None),
        ("", None),
        ("Namm", None),
    ],
)
def test_normalize_sex(value: str, expected: str | None) -> None:
    assert normalize_sex(value) == expected


@pytest.mark.parametrize(("year", "sex"), [(1899, "Nam"), (2400, "Nữ"), (1990, "?")])
def test_century_sex_digit_rejects_what_cannot_be_encoded(year: int, sex: str) -> None:
    with pytest.raises(ValueError):
        century_sex_digit(year, sex)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("123456789", True),
        (" 123 456 789 ", True),
        ("012345678901", True),
        ("12345678", False),
        ("1234567890", False),
        ("12345678a", False),
        ("", False),
    ],
)
def test_old_id_number_format(text: str, ok: bool) -> None:
    problems = validate_old_id_number(text)
    assert (problems == ()) is ok
    if not ok:
        assert codes(problems) == ["old_id_number_format"]
        assert problems[0].field == "old_id_number"
