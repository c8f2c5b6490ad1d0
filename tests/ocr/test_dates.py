from datetime import date

import pytest

from ocr.errors import FieldFormatError
from ocr.validation.dates import (
    anniversary,
    card_kind,
    check_date_order,
    check_expiry,
    expected_expiry,
    format_date,
    is_no_expiry,
    parse_date,
    parse_yymmdd,
    validate_card_dates,
)

TODAY = date(2025, 6, 1)


def codes(problems: tuple) -> list[str]:
    return [p.code for p in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/01/1993", date(1993, 1, 5)),
        (" 05/01/1993 ", date(1993, 1, 5)),
        ("5/1/1993", date(1993, 1, 5)),
        ("05-01-1993", date(1993, 1, 5)),
        ("05.01.1993", date(1993, 1, 5)),
        ("05011993", date(1993, 1, 5)),
        ("29/02/2000", date(2000, 2, 29)),
        ("31/12/2099", date(2099, 12, 31)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("30/02/2000", "không có thật"),
        ("29/02/1900", "không có thật"),
        ("29/02/2023", "không có thật"),
        ("31/04/2020", "không có thật"),
        ("32/01/2000", "không có thật"),
        ("00/01/2000", "không có thật"),
        ("15/13/2000", "không có thật"),
        ("30022000", "không có thật"),
        ("1993-01-05", "Không đọc được"),
        ("05/01/93", "Không đọc được"),
        ("05/01-1993", "Không đọc được"),
        ("5011993", "Không đọc được"),
        ("O5/01/1993", "Không đọc được"),
        ("", "Không đọc được"),
    ],
)
def test_parse_date_rejects(text: str, reason: str) -> None:
    with pytest.raises(FieldFormatError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("930105", {"century": 1900}, date(1993, 1, 5)),
        ("930105", {"not_after": TODAY}, date(1993, 1, 5)),
        ("240101", {"not_after": TODAY}, date(2024, 1, 1)),
        ("240101", {"century": 1900}, date(1924, 1, 1)),
        ("250602", {"not_after": TODAY}, date(1925, 6, 2)),
        ("250601", {"not_after": TODAY}, date(2025, 6, 1)),
        ("000229", {"not_after": TODAY}, date(2000, 2, 29)),
        ("330105", {"not_before": date(1993, 1, 5)}, date(2033, 1, 5)),
        ("150101", {"not_before": date(1990, 1, 1)}, date(2015, 1, 1)),
        ("850101", {"not_before": date(1990, 1, 1)}, date(2085, 1, 1)),
    ],
)
def test_parse_yymmdd_takes_the_century_from_context(text: str, context: dict, expected: date) -> None:
    assert parse_yymmdd(text, **context) == expected


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("000229", {"century": 1900}),
        ("930230", {"not_after": TODAY}),
        ("931301", {"century": 1900}),
        ("93010", {"century": 1900}),
        ("93O105", {"century": 1900}),
        ("<<<<<<", {"not_after": TODAY}),
        ("991231", {"not_after": date(1899, 1, 1)}),
    ],
)
def test_parse_yymmdd_rejects(text: str, context: dict) -> None:
    with pytest.raises(FieldFormatError):
        parse_yymmdd(text, **context)


@pytest.mark.parametrize("context", [{}, {"century": 1900, "not_after": TODAY}])
def test_parse_yymmdd_needs_exactly_one_context(context: dict) -> None:
    with pytest.raises(ValueError):
        parse_yymmdd("930105", **context)


@pytest.mark.parametrize(
    ("birth", "age", "expected"),
    [
        (date(1993, 1, 5), 25, date(2018, 1, 5)),
        (date(2000, 2, 29), 25, date(2025, 2, 28)),
        (date(2000, 2, 29), 40, date(2040, 2, 29)),
    ],
)
def test_anniversary(birth: date, age: int, expected: date) -> None:
    assert anniversary(birth, age) == expected


@pytest.mark.parametrize(
    ("issue", "kind"),
    [
        (date(2016, 1, 1), "cccd"),
        (date(2024, 6, 30), "cccd"),
        (date(2024, 7, 1), "can_cuoc"),
        (date(2030, 1, 1), "can_cuoc"),
    ],
)
def test_card_kind(issue: date, kind: str) -> None:
    assert card_kind(issue) == kind


@pytest.mark.parametrize(
    ("birth", "issue", "kind", "expected"),
    [
        # CCCD: renewal at 25, 40, 60
        (date(2000, 3, 10), date(2021, 6, 1), "cccd", date(2025, 3, 10)),  # age 21 → 25
        (date(1998, 7, 1), date(2021, 6, 30), "cccd", date(2023, 7, 1)),  # one day before turning 23 → 25
        (date(1998, 7, 1), date(2021, 7, 1), "cccd", date(2038, 7, 1)),  # turned 23: within 2 years → 40
        (date(1998, 1, 1), date(2021, 7, 1), "cccd", date(2038, 1, 1)),  # 23.5 → 40
        (date(1993, 1, 5), date(2021, 6, 1), "cccd", date(2033, 1, 5)),  # 28 → 40
        (date(1983, 1, 1), date(2021, 6, 1), "cccd", date(2043, 1, 1)),  # 38.4: within 2 years of 40 → 60
        (date(1964, 5, 5), date(2021, 5, 4), "cccd", date(2024, 5, 5)),  # one day before turning 57 → 60
        (date(1963, 6, 2), date(2021, 6, 1), "cccd", date(2023, 6, 2)),  # 57.99 → 60
        (date(1963, 6, 1), date(2021, 6, 1), "cccd", None),  # turned 58: no expiry
        (date(1951, 1, 1), date(2021, 6, 1), "cccd", None),  # 70
        (date(2010, 1, 1), date(2021, 6, 1), "cccd", date(2035, 1, 1)),  # CCCD has no renewal at 14
        (date(2000, 2, 29), date(2021, 1, 1), "cccd", date(2025, 2, 28)),
        # căn cước: also 14
        (date(2010, 1, 1), date(2021, 6, 1), "can_cuoc", date(2024, 1, 1)),
        (date(2015, 8, 20), date(2024, 9, 1), "can_cuoc", date(2029, 8, 20)),  # age 9 → 14
        (date(2012, 1, 1), date(2024, 7, 15), "can_cuoc", date(2037, 1, 1)),  # 12.5 → 25
        (date(1993, 1, 5), date(2024, 8, 1), "can_cuoc", date(2033, 1, 5)),
        (date(1960, 1, 1), date(2024, 8, 1), "can_cuoc", None),
        # kind inferred from the issue date
        (date(2012, 1, 1), date(2024, 6, 30), None, date(2037, 1, 1)),
        (date(2015, 8, 20), date(2024, 9, 1), None, date(2029, 8, 20)),
        (date(2015, 8, 20), date(2024, 6, 30), None, date(2040, 8, 20)),
    ],
)
def test_expected_expiry(birth: date, issue: date, kind: str | None, expected: date | None) -> None:
    assert expected_expiry(birth, issue, kind=kind) == expected


@pytest.mark.parametrize(
    ("birth", "issue", "expiry", "expected"),
    [
        (date(1993, 1, 5), date(2021, 6, 1), date(2033, 1, 5), []),
        (date(1993, 1, 5), None, date(2033, 1, 5), []),
        (date(1993, 1, 5), date(2021, 6, 1), None, []),
        (date(1993, 1, 5), date(1990, 6, 1), date(2033, 1, 5), ["issue_before_birth"]),
        (date(1993, 1, 5), date(1993, 1, 5), date(2033, 1, 5), ["issue_before_birth"]),
        (date(1993, 1, 5), date(2021, 6, 1), date(2020, 1, 5), ["expiry_before_issue"]),
        (date(1993, 1, 5), date(2021, 6, 1), date(2021, 6, 1), ["expiry_before_issue"]),
        (date(1993, 1, 5), None, date(1990, 1, 5), ["expiry_before_birth"]),
        (date(1993, 1, 5), date(1990, 6, 1), date(1989, 1, 5), ["issue_before_birth", "expiry_before_issue"]),
    ],
)
def test_check_date_order(birth: date, issue: date | None, expiry: date | None, expected: list[str]) -> None:
    assert codes(check_date_order(birth, issue, expiry)) == expected


@pytest.mark.parametrize(
    ("birth", "issue", "expiry", "expected"),
    [
        (date(1993, 1, 5), date(2021, 6, 1), date(2033, 1, 5), []),
        (date(1993, 1, 5), date(2021, 6, 1), date(2033, 1, 6), ["expiry_mismatch"]),
        (date(1993, 1, 5), date(2021, 6, 1), date(2018, 1, 5), ["expiry_mismatch"]),
        (date(1993, 1, 5), date(2021, 6, 1), date(2053, 1, 5), ["expiry_mismatch"]),
        (date(1993, 1, 5), date(2021, 6, 1), None, ["expiry_missing"]),
        (date(1951, 1, 1), date(2021, 6, 1), None, []),
        (date(1951, 1, 1), date(2021, 6, 1), date(2031, 1, 1), ["expiry_unexpected"]),
    ],
)
def test_check_expiry(birth: date, issue: date, expiry: date | None, expected: list[str]) -> None:
    problems = check_expiry(birth, issue, expiry)
    assert codes(problems) == expected
    assert all(p.field == "date_of_expiry" for p in problems)


def test_expiry_mismatch_message_gives_the_expected_date() -> None:
    (problem,) = check_expiry(date(1993, 1, 5), date(2021, 6, 1), date(2033, 1, 6))
    assert "05/01/2033" in problem.message and "06/01/2033" in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Không thời hạn", True), ("KHÔNG THỜI HẠN", True), ("khong  thoi han", True), ("05/01/2033", False), ("", False)],
)
def test_is_no_expiry(text: str, expected: bool) -> None:
    assert is_no_expiry(text) is expected


@pytest.mark.parametrize(
    ("birth", "issue", "expiry", "expected"),
    [
        ("05/01/1993", "01/06/2021", "05/01/2033", []),
        ("05011993", "01062021", "05012033", []),
        ("05/01/1993", None, None, []),
        ("05/01/1993", "01/06/2021", None, []),
        ("01/01/1951", "01/06/2021", "Không thời hạn", []),
        ("01/01/1951", "01/06/2021", "KHÔNG THỜI HẠN", []),
        ("30/02/1993", "01/06/2021", "05/01/2033", [("date_not_real", "date_of_birth")]),
        ("05/01/1993", "31/06/2021", "05/01/2033", [("date_not_real", "date_of_issue")]),
        ("05/01/1993", "01/06/2021", "5/1/33", [("date_format", "date_of_expiry")]),
        ("05/01/1993", "01/06/2026", "05/01/2033", [("date_in_future", "date_of_issue")]),
        ("05/01/2026", None, None, [("date_in_future", "date_of_birth")]),
        ("05/01/1993", "01/06/1992", "05/01/2033", [("issue_before_birth", "date_of_issue")]),
        ("05/01/1993", "01/06/2021", "01/01/2021", [("expiry_before_issue", "date_of_expiry")]),
        ("05/01/1993", "01/06/2021", "05/01/2043", [("expiry_mismatch", "date_of_expiry")]),
        ("05/01/1993", "01/06/2021", "Không thời hạn", [("expiry_missing", "date_of_expiry")]),
        ("01/01/1951", "01/06/2021", "01/01/2031", [("expiry_unexpected", "date_of_expiry")]),
        (
            "x",
            "y",
            "z",
            [("date_format", "date_of_birth"), ("date_format", "date_of_issue"), ("date_format", "date_of_expiry")],
        ),
    ],
)
def test_validate_card_dates(birth: str, issue: str | None, expiry: str | None, expected: list) -> None:
    problems = validate_card_dates(birth, issue, expiry, today=TODAY)
    assert [(p.code, p.field) for p in problems] == expected
    assert all(p.message and "{" not in p.message for p in problems)


def test_format_date() -> None:
    assert format_date(date(1993, 1, 5)) == "05/01/1993"
