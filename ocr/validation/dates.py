"""Dates on identity cards: parsing, plausibility, and the expiry-by-age rule.

Formats: "dd/mm/yyyy" as printed (also with "-" or "." and one-digit day or month), "ddmmyyyy" as in
the QR payload, and "yymmdd" as in the MRZ, whose century comes from context (`parse_yymmdd`).

Expiry rule (CCCD since 2016 and thẻ căn cước since 01/07/2024): the card must be renewed when the
holder turns 25, 40 and 60 (căn cước also 14); a card issued within 2 years before one of those ages
stays valid until the next one, and a card issued from age 58 on does not expire. The printed expiry is
the holder's birthday in the renewal year. Assumption (the reference does not say): a 29 February
birthday falls on 28 February in common years, as civil-law periods ending on a missing day end on the
last day of that month.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

from ocr.errors import FieldFormatError
from ocr.validation import Problem

CardKind = Literal["cccd", "can_cuoc"]

RENEWAL_AGES: dict[str, tuple[int, ...]] = {
    "cccd": (25, 40, 60),
    "can_cuoc": (14, 25, 40, 60),
}
# A card issued less than this many years before a renewal age is valid until the next one.
GRACE_YEARS = 2
CAN_CUOC_FROM = date(2024, 7, 1)  # Luật Căn cước 2023 takes effect; earlier 12-digit cards are CCCD
CENTURIES = (1900, 2000, 2100, 2200, 2300)
# How the front of a card says that it never expires (compared after NFC and lower-casing).
NO_EXPIRY_TEXTS = frozenset({"không thời hạn", "khong thoi han", "không có thời hạn"})

MESSAGES: dict[str, str] = {
    "date_format": "Không đọc được ngày “{value}”: ngày phải có dạng ngày/tháng/năm, ví dụ 05/01/1993.",
    "date_not_real": "Ngày “{value}” không có thật trên lịch.",
    "date_in_future": "Ngày “{value}” nằm ở tương lai.",
    "issue_before_birth": "Ngày cấp {issue} không thể trước hoặc trùng ngày sinh {birth}.",
    "expiry_before_issue": "Ngày hết hạn {expiry} không thể trước hoặc trùng ngày cấp {issue}.",
    "expiry_before_birth": "Ngày hết hạn {expiry} không thể trước hoặc trùng ngày sinh {birth}.",
    "expiry_mismatch": (
        "Thẻ cấp ngày {issue} cho người sinh ngày {birth} phải có giá trị đến {expected}, không phải {expiry}."
    ),
    "expiry_missing": "Thẻ cấp ngày {issue} cho người sinh ngày {birth} phải có giá trị đến {expected}.",
    "expiry_unexpected": "Thẻ cấp từ năm 58 tuổi trở đi không có thời hạn, nhưng thẻ ghi hết hạn {expiry}.",
}

_SLASHED = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_COMPACT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")
_YYMMDD = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})")


def _problem(code: str, field: str | None, **values: object) -> Problem:
    return Problem(code=code, message=MESSAGES[code].format(**values), field=field)


def format_date(value: date) -> str:
    """DD/MM/YYYY, the output-contract format."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def _split(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) from dd/mm/yyyy or ddmmyyyy; None if the shape is wrong."""
    stripped = text.strip()
    match = _SLASHED.fullmatch(stripped)
    if match:
        return int(match[4]), int(match[3]), int(match[1])
    match = _COMPACT.fullmatch(stripped)
    if match:
        return int(match[3]), int(match[2]), int(match[1])
    return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date:
    """Parse "dd/mm/yyyy" (separators / - .) or "ddmmyyyy"; FieldFormatError if malformed or not a real day."""
    parts = _split(text)
    if parts is None:
        raise FieldFormatError(MESSAGES["date_format"].format(value=text.strip()))
    value = _make(*parts)
    if value is None:
        raise FieldFormatError(MESSAGES["date_not_real"].format(value=text.strip()))
    return value


def parse_yymmdd(
    text: str, *, century: int | None = None, not_after: date | None = None, not_before: date | None = None
) -> date:
    """Parse an MRZ "yymmdd" date, taking the century from context.

    Give exactly one of: `century` (e.g. 1900, decoded from the ID number), `not_after` (the latest
    century giving a date on or before it: dates of birth, with today) or `not_before` (the earliest
    century giving a date on or after it: expiry dates, with the date of birth). Candidates are the
    centuries 1900–2300, the ones an ID number can encode. FieldFormatError if malformed, not a real
    day in the chosen century (000229 is real in 2000, not in 1900), or no century fits.
    """
    if sum(arg is not None for arg in (century, not_after, not_before)) != 1:
        raise ValueError("give exactly one of century, not_after, not_before")
    match = _YYMMDD.fullmatch(text.strip())
    if match is None:
        raise FieldFormatError(MESSAGES["date_format"].format(value=text.strip()))
    yy, month, day = int(match[1]), int(match[2]), int(match[3])
    if century is not None:
        value = _make(century + yy, month, day)
        if value is None:
            raise FieldFormatError(MESSAGES["date_not_real"].format(value=text.strip()))
        return value
    candidates = [d for c in CENTURIES if (d := _make(c + yy, month, day)) is not None]
    if not candidates:
        raise FieldFormatError(MESSAGES["date_not_real"].format(value=text.strip()))
    if not_after is not None:
        fitting = [d for d in candidates if d <= not_after]
        if fitting:
            return fitting[-1]
    elif not_before is not None:
        fitting = [d for d in candidates if d >= not_before]
        if fitting:
            return fitting[0]
    raise FieldFormatError(MESSAGES["date_not_real"].format(value=text.strip()))


def anniversary(date_of_birth: date, age: int) -> date:
    """The day the holder turns `age`; a 29 February birthday gives 28 February in common years."""
    year = date_of_birth.year + age
    return _make(year, date_of_birth.month, date_of_birth.day) or date(year, 2, 28)


def card_kind(date_of_issue: date) -> CardKind:
    """ "can_cuoc" for cards issued from 01/07/2024 (Luật Căn cước 2023), "cccd" before."""
    return "can_cuoc" if date_of_issue >= CAN_CUOC_FROM else "cccd"


def expected_expiry(date_of_birth: date, date_of_issue: date, *, kind: CardKind | None = None) -> date | None:
    """The expiry date the card should carry, or None when it does not expire.

    The first renewal age A (of 25, 40, 60; căn cước also 14) such that the card was issued before the
    holder turned A − 2 gives the expiry: the holder's birthday at age A. `kind` defaults to
    `card_kind(date_of_issue)`.
    """
    ages = RENEWAL_AGES[kind or card_kind(date_of_issue)]
    for age in ages:
        if date_of_issue < anniversary(date_of_birth, age - GRACE_YEARS):
            return anniversary(date_of_birth, age)
    return None


def check_date_order(
    date_of_birth: date, date_of_issue: date | None = None, date_of_expiry: date | None = None
) -> tuple[Problem, ...]:
    """Birth < issue < expiry; an unknown issue date is skipped (then birth < expiry is checked)."""
    problems: list[Problem] = []
    birth = format_date(date_of_birth)
    if date_of_issue is not None and date_of_issue <= date_of_birth:
        problems.append(_problem("issue_before_birth", "date_of_issue", issue=format_date(date_of_issue), birth=birth))
    if date_of_expiry is not None:
        earlier, code = (
            (date_of_issue, "expiry_before_issue") if date_of_issue else (date_of_birth, "expiry_before_birth")
        )
        if date_of_expiry <= earlier:
            problems.append(
                _problem(
                    code, "date_of_expiry", expiry=format_date(date_of_expiry), issue=format_date(earlier), birth=birth
                )
            )
    return tuple(problems)


def check_expiry(
    date_of_birth: date, date_of_issue: date, date_of_expiry: date | None, *, kind: CardKind | None = None
) -> tuple[Problem, ...]:
    """Compare the printed expiry (None = "Không thời hạn") with `expected_expiry`."""
    expected = expected_expiry(date_of_birth, date_of_issue, kind=kind)
    if expected == date_of_expiry:
        return ()
    values = {"issue": format_date(date_of_issue), "birth": format_date(date_of_birth)}
    if expected is None:
        assert date_of_expiry is not None
        return (_problem("expiry_unexpected", "date_of_expiry", expiry=format_date(date_of_expiry)),)
    if date_of_expiry is None:
        return (_problem("expiry_missing", "date_of_expiry", expected=format_date(expected), **values),)
    return (
        _problem(
            "expiry_mismatch",
            "date_of_expiry",
            expected=format_date(expected),
            expiry=format_date(date_of_expiry),
            **values,
        ),
    )


def is_no_expiry(text: str) -> bool:
    """Whether the expiry text says the card never expires ("Không thời hạn")."""
    return unicodedata.normalize("NFC", " ".join(text.split())).lower() in NO_EXPIRY_TEXTS


def validate_card_dates(
    date_of_birth: str,
    date_of_issue: str | None = None,
    date_of_expiry: str | None = None,
    *,
    kind: CardKind | None = None,
    today: date | None = None,
) -> tuple[Problem, ...]:
    """All date checks on recognised text fields, as problems (never raises on bad input).

    Each text must parse and be a real day; birth and issue must not be in the future (relative to
    `today`, default the current date); birth < issue < expiry; and when birth and issue are known the
    expiry must follow the age rule. `date_of_expiry` may be "Không thời hạn"; None means not read.
    """
    today = today or date.today()
    parsed: dict[str, date | None] = {}
    problems: list[Problem] = []
    for field, text in (("date_of_birth", date_of_birth), ("date_of_issue", date_of_issue)):
        parsed[field] = _parse_field(text, field, problems)
        value = parsed[field]
        if value is not None and value > today:
            problems.append(_problem("date_in_future", field, value=format_date(value)))
    birth, issue = parsed["date_of_birth"], parsed["date_of_issue"]
    no_expiry = date_of_expiry is not None and is_no_expiry(date_of_expiry)
    expiry = None if no_expiry else _parse_field(date_of_expiry, "date_of_expiry", problems)
    if problems:
        return tuple(problems)
    assert birth is not None
    problems.extend(check_date_order(birth, issue, expiry))
    if not problems and issue is not None and (no_expiry or expiry is not None):
        problems.extend(check_expiry(birth, issue, expiry, kind=kind))
    return tuple(problems)


def _parse_field(text: str | None, field: str, problems: list[Problem]) -> date | None:
    if text is None:
        return None
    parts = _split(text)
    if parts is None:
        problems.append(_problem("date_format", field, value=text.strip()))
        return None
    value = _make(*parts)
    if value is None:
        problems.append(_problem("date_not_real", field, value=text.strip()))
    return value
