"""Structure of the 12-digit personal ID number (số định danh cá nhân) and the old 9-digit CMND number.

    PPP G YY NNNNNN
    │   │ │  └── 6 random digits
    │   │ └───── last two digits of the birth year
    │   └─────── century and sex: 1900s male 0 / female 1, 2000s 2/3, 2100s 4/5, 2200s 6/7, 2300s 8/9
    └─────────── province code of the place of birth registration (`provinces.PROVINCES`)

`parse_id_number` decodes the parts and, given the date of birth and sex printed on the card, reports
every inconsistency as a `Problem` (see `MESSAGES` for the codes). Digits are ASCII only: OCR
confusions (O/0, I/1) are the recognition stage's job, not silently repaired here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ocr.validation import Problem
from ocr.validation.provinces import province_name

MALE = "Nam"
FEMALE = "Nữ"

# Spellings of the sex field seen on cards, in MRZ and in OCR output (keys are NFC lower case).
SEX_ALIASES: dict[str, str] = {
    "nam": MALE,
    "m": MALE,
    "male": MALE,
    "nữ": FEMALE,
    "nu": FEMALE,
    "f": FEMALE,
    "female": FEMALE,
}

# Century of birth → century/sex digit for a male holder (female = male + 1).
CENTURY_DIGITS: dict[int, int] = {1900: 0, 2000: 2, 2100: 4, 2200: 6, 2300: 8}

MESSAGES: dict[str, str] = {
    "id_number_format": "Số định danh cá nhân phải gồm đúng 12 chữ số (đọc được: “{value}”).",
    "province_unknown": "Ba số đầu “{province}” của số định danh không phải mã tỉnh, thành phố nào.",
    "century_digit_mismatch": (
        "Chữ số thứ tư ({digit}) của số định danh không khớp với năm sinh {year}: "
        "người sinh thế kỷ này phải có chữ số {expected}."
    ),
    "sex_digit_mismatch": "Chữ số thứ tư ({digit}) của số định danh không khớp với giới tính {sex} trên thẻ.",
    "birth_year_mismatch": "Chữ số thứ 5–6 ({digits}) của số định danh không khớp với năm sinh {year}.",
    "sex_unknown": "Không đọc được giới tính “{value}”: giới tính phải là Nam hoặc Nữ.",
    "old_id_number_format": "Số chứng minh nhân dân cũ phải gồm 9 hoặc 12 chữ số (đọc được: “{value}”).",
}

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class IdNumber:
    """A decoded 12-digit ID number; the parts are None when the text is not 12 digits."""

    text: str
    province_code: str | None = None
    province_name: str | None = None
    century_sex_digit: int | None = None
    century: int | None = None
    sex: str | None = None
    birth_year_digits: str | None = None
    serial: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def birth_year(self) -> int | None:
        """The birth year encoded in the number (century + last two digits)."""
        if self.century is None or self.birth_year_digits is None:
            return None
        return self.century + int(self.birth_year_digits)

    @property
    def valid(self) -> bool:
        return not self.problems


def _problem(code: str, field: str, **values: object) -> Problem:
    return Problem(code=code, message=MESSAGES[code].format(**values), field=field)


def normalize_sex(value: str) -> str | None:
    """ "Nam"/"Nữ" for the usual spellings (Nam, NỮ, nu, M, F, male...); None if unrecognised."""
    key = unicodedata.normalize("NFC", value).strip().lower()
    return SEX_ALIASES.get(key)


def century_sex_digit(birth_year: int, sex: str) -> int:
    """The fourth digit expected for a holder born in this year with this sex ("Nam"/"Nữ")."""
    century = birth_year // 100 * 100
    if century not in CENTURY_DIGITS:
        raise ValueError(f"birth year {birth_year} cannot be encoded in an ID number (1900–2399 only)")
    normalized = normalize_sex(sex)
    if normalized is None:
        raise ValueError(f"unknown sex {sex!r}")
    return CENTURY_DIGITS[century] + (1 if normalized == FEMALE else 0)


def parse_id_number(text: str, *, date_of_birth: date | None = None, sex: str | None = None) -> IdNumber:
    """Decode a 12-digit ID number and check it against the date of birth and sex printed on the card.

    Spaces are ignored ("001 099 012345"); anything else that is not an ASCII digit is a format problem.
    Checks: 12 digits, known province code, century digit agrees with the birth year, its parity with
    the sex, and digits 5–6 equal the last two digits of the birth year.
    """
    number = _SPACES.sub("", text)
    if not _TWELVE_DIGITS.fullmatch(number):
        return IdNumber(text=text, problems=(_problem("id_number_format", "id_number", value=text.strip()),))

    province = number[:3]
    digit = int(number[3])
    decoded_century = 1900 + digit // 2 * 100
    decoded_sex = MALE if digit % 2 == 0 else FEMALE
    problems: list[Problem] = []
    name = province_name(province)
    if name is None:
        problems.append(_problem("province_unknown", "id_number", province=province))
    if date_of_birth is not None:
        century = date_of_birth.year // 100 * 100
        if century != decoded_century:
            expected = CENTURY_DIGITS.get(century)
            problems.append(
                _problem(
                    "century_digit_mismatch",
                    "id_number",
                    digit=digit,
                    year=date_of_birth.year,
                    expected="không có" if expected is None else f"{expected} hoặc {expected + 1}",
                )
            )
        if number[4:6] != f"{date_of_birth.year % 100:02d}":
            problems.append(_problem("birth_year_mismatch", "id_number", digits=number[4:6], year=date_of_birth.year))
    if sex is not None:
        printed = normalize_sex(sex)
        if printed is None:
            problems.append(_problem("sex_unknown", "sex", value=sex.strip()))
        elif printed != decoded_sex:
            problems.append(_problem("sex_digit_mismatch", "id_number", digit=digit, sex=printed))
    return IdNumber(
        text=number,
        province_code=province,
        province_name=name,
        century_sex_digit=digit,
        century=decoded_century,
        sex=decoded_sex,
        birth_year_digits=number[4:6],
        serial=number[6:],
        problems=tuple(problems),
    )


def validate_old_id_number(text: str) -> tuple[Problem, ...]:
    """Format check of an old CMND number: 9 digits, or 12 digits (CMND issued 2012–2016).

    Old numbers appear as `old_id_number` (QR payload, old dossiers). CMND cards themselves stopped
    being valid after 31/12/2024; whether one may still be used is the procedure's business, not ours.
    """
    number = _SPACES.sub("", text)
    if _NINE_DIGITS.fullmatch(number) or _TWELVE_DIGITS.fullmatch(number):
        return ()
    return (_problem("old_id_number_format", "old_id_number", value=text.strip()),)
