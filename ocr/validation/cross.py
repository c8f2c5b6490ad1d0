"""Cross-validation of one document's extracted fields: every check that applies, as warnings.

Warnings are "code: field" strings (stable English codes for logs, metrics and tests; the Vietnamese
messages stay on the `Problem`s for the caller that shows them). The 12-digit number is checked against the
date of birth and sex it encodes; card dates against each other and the expiry rule; names against
Vietnamese syllable rules; a birth certificate's child number against the child, its registration after
the birth.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ocr.validation import Problem
from ocr.validation.dates import RENEWAL_AGES, anniversary, validate_card_dates
from ocr.validation.id_number import parse_id_number
from ocr.validation.names import validate_full_name

NAME_FIELDS = ("full_name", "child_full_name", "father_full_name", "mother_full_name")
# The fields a form cannot do without, with the fields they are checked against: (number, birth date, sex).
KEY_GROUPS = (("id_number", "date_of_birth", "sex"), ("child_id_number", "child_date_of_birth", "child_sex"))
KEY_FIELDS = tuple(name for group in KEY_GROUPS for name in group[:2])
EXPIRY_AGES = sorted({age for ages in RENEWAL_AGES.values() for age in ages})


def _date(text: Any) -> date | None:
    try:
        return datetime.strptime(str(text), "%d/%m/%Y").date()
    except ValueError:
        return None


def _add(warnings: list[str], problems: tuple[Problem, ...] | list[Problem], default_field: str) -> None:
    for p in problems:
        entry = f"{p.code}: {p.field or default_field}"
        if entry not in warnings:
            warnings.append(entry)


def validate(fields: dict[str, Any], warnings: list[str]) -> None:
    """Append a warning for every problem found in `fields` (output-contract names)."""
    number = str(fields.get("id_number") or "")
    if len(number) == 12 or (number and len(number) != 9):  # 9 digits: an old CMND, no structure to check
        decoded = parse_id_number(number, date_of_birth=_date(fields.get("date_of_birth")), sex=fields.get("sex"))
        _add(warnings, decoded.problems, "id_number")
    if fields.get("date_of_birth") and ("date_of_issue" in fields or "date_of_expiry" in fields):
        _add(
            warnings,
            validate_card_dates(fields["date_of_birth"], fields.get("date_of_issue"), fields.get("date_of_expiry")),
            "date_of_birth",
        )
    child = str(fields.get("child_id_number") or "")
    if child:
        decoded = parse_id_number(
            child, date_of_birth=_date(fields.get("child_date_of_birth")), sex=fields.get("child_sex")
        )
        _add(warnings, decoded.problems, "child_id_number")
    born, registered = _date(fields.get("child_date_of_birth")), _date(fields.get("registration_date"))
    if born and registered and registered < born:
        warnings.append("registration_before_birth: registration_date")
    for name in NAME_FIELDS:
        if fields.get(name):
            _add(warnings, validate_full_name(str(fields[name])), name)


def _key_problems(fields: dict[str, Any], number: str, born: str, sex: str) -> tuple[set[str], int]:
    """Which of the group's key fields are doubtful, and how many checks failed."""
    doubtful: set[str] = set()
    failed = 0
    birth = _date(fields.get(born))
    if fields.get(born) and (birth is None or not 1900 <= birth.year <= date.today().year):
        doubtful.add(born)
        failed += 1
        birth = None
    expiry = _date(fields.get("date_of_expiry")) if born == "date_of_birth" else None
    if birth and expiry and all(anniversary(birth, age) != expiry for age in EXPIRY_AGES):
        # A card expires on a birthday (at 14, 25, 40 or 60): "08/12" read for "03/12" shows here.
        doubtful.add(born)
        failed += 1
    text = str(fields.get(number) or "")
    if text and len(text) != 9:  # 9 digits: an old CMND, no structure to check
        problems = parse_id_number(text, date_of_birth=birth, sex=fields.get(sex)).problems
        for p in problems:
            doubtful.add(number)
            if p.code in ("century_digit_mismatch", "birth_year_mismatch"):
                doubtful.add(born)
        failed += len(problems)
    return doubtful, failed


def doubtful_keys(fields: dict[str, Any], names: tuple[str, ...] | list[str]) -> list[str]:
    """The key fields among `names` that are missing or fail a check against the document's other fields."""
    doubtful = {name for name in names if not fields.get(name)}
    for group in KEY_GROUPS:
        doubtful |= _key_problems(fields, *group)[0]
    return [name for name in names if name in doubtful]


def key_score(fields: dict[str, Any], names: tuple[str, ...] | list[str]) -> int:
    """Higher for more key fields present and fewer failed checks between them (a failure costs two)."""
    failed = sum(_key_problems(fields, *group)[1] for group in KEY_GROUPS)
    return sum(1 for name in names if fields.get(name)) - 2 * failed
