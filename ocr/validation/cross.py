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
from ocr.validation.dates import validate_card_dates
from ocr.validation.id_number import parse_id_number
from ocr.validation.names import validate_full_name

NAME_FIELDS = ("full_name", "child_full_name", "father_full_name", "mother_full_name")


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
