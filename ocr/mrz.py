"""ICAO 9303 TD1 machine-readable zone (3 lines × 30 characters) on the back of chip CCCD and căn cước.

    line 1  ID VNM ddddddddd c dddddddddddd << c    document code, issuing state, last 9 digits of the ID
            0  2   5         14 15          27 29   number + check, the full 12-digit number, <<, check
    line 2  YYMMDD c S YYMMDD c VNM <<<<<<<<<<< c   birth + check, sex M/F, expiry + check, nationality,
            0      6 7 8      14 15  18         29  optional data, composite check
    line 3  SURNAME<<GIVEN<NAMES<<<<<<<<<<<<<<<<<   without diacritics, padded with <

Check digits: weights 7, 3, 1 repeating over the characters' values (digits as is, A–Z = 10–35, < = 0),
sum modulo 10. The composite covers line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29].

OCR confusions are repaired only where ICAO 9303 fixes the character class: letters read in numeric
fields (dates, ICAO check digits: O→0, I→1, ...) and digits read in alphabetic fields (document code,
states, sex, names: 0→O, 1→I, ...). The document number and optional data are alphanumeric for ICAO,
so a letter there is not rewritten: its check digit fails instead. Every repair is listed in
`TD1.corrections`. `TD1.validity` says per field whether it was read intact (format and check digit);
`TD1.problems` explains each failure and adds the ID-number cross-checks (province, century digit).
The 12-digit number and its check digit in line 1 are the Vietnamese use of optional data 1.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from ocr.errors import FieldFormatError, PayloadError
from ocr.validation import Problem
from ocr.validation.dates import parse_yymmdd
from ocr.validation.id_number import FEMALE, MALE, normalize_sex, parse_id_number

LINE_LENGTH = 30
FILLER = "<"
WEIGHTS = (7, 3, 1)
DOCUMENT_CODE = "ID"
VIETNAM = "VNM"
# An expiry field left empty (check digit < or 0) is read as "does not expire": an assumption, the
# reference does not say how the MRZ of a card issued after 58 is written.
NO_DATE = FILLER * 6

# Letter → digit in numeric fields and digit → letter in alphabetic fields (usual OCR-B confusions).
TO_DIGIT: Mapping[str, str] = MappingProxyType(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6", "B": "8"}
)
TO_LETTER: Mapping[str, str] = MappingProxyType({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"})

# 0-based column ranges (start, end) per line where ICAO 9303 TD1 allows only digits or only letters.
NUMERIC_COLUMNS: dict[int, tuple[tuple[int, int], ...]] = {0: ((14, 15),), 1: ((0, 7), (8, 15), (29, 30)), 2: ()}
ALPHA_COLUMNS: dict[int, tuple[tuple[int, int], ...]] = {0: ((0, 5),), 1: ((7, 8), (15, 18)), 2: ((0, 30),)}

FIELD_LABELS: dict[str, str] = {
    "document_code": "loại giấy tờ",
    "issuing_state": "nước cấp",
    "document_number": "số giấy tờ",
    "id_number": "số định danh",
    "date_of_birth": "ngày sinh",
    "sex": "giới tính",
    "date_of_expiry": "ngày hết hạn",
    "nationality": "quốc tịch",
    "names": "họ tên",
    "composite": "toàn bộ mã",
}

MESSAGES: dict[str, str] = {
    "mrz_check_digit": (
        "Số kiểm tra của {label} trong mã MRZ mặt sau không khớp: có thể ký tự bị đọc sai, "
        "vui lòng chụp lại mặt sau rõ nét hơn."
    ),
    "mrz_field_format": "Trường {label} trong mã MRZ mặt sau không hợp lệ (đọc được: “{value}”).",
    "mrz_id_mismatch": "Số giấy tờ trong mã MRZ không trùng với 9 chữ số cuối của số định danh.",
}

_VALID_LINE = re.compile(r"[A-Z0-9<]{30}")
_MRZ_CHARS = re.compile(r"[A-Z0-9<]")
_NAMES = re.compile(r"[A-Z]+(<[A-Z]+)*(<<[A-Z]+(<[A-Z]+)*)?<*")  # SURNAME<<GIVEN<NAMES<<<
_ID_DIGITS = re.compile(r"[0-9]{12}")


@dataclass(frozen=True)
class Correction:
    """One OCR repair: 1-based line and column, the character read and the one used instead."""

    line: int
    column: int
    found: str
    replaced_by: str


@dataclass(frozen=True)
class TD1:
    """A parsed TD1 MRZ. Values that could not be decoded are None; see `validity` and `problems`."""

    lines: tuple[str, str, str]
    document_code: str
    issuing_state: str
    document_number: str
    id_number: str | None
    date_of_birth: date | None
    sex: str | None
    date_of_expiry: date | None
    nationality: str
    surname: str
    given_names: str
    validity: Mapping[str, bool]
    corrections: tuple[Correction, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """Every field read intact (the ID-number cross-checks in `problems` are not part of this)."""
        return all(self.validity.values())


def char_value(char: str) -> int:
    """ICAO value of an MRZ character: digits as is, A–Z = 10–35, < = 0."""
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == FILLER:
        return 0
    raise PayloadError(f"{char!r} is not an MRZ character (A–Z, 0–9, <)")


def check_digit(data: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1) of an MRZ string, as a character."""
    return str(sum(char_value(c) * WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def composite_data(line1: str, line2: str) -> str:
    """The characters the TD1 composite check digit covers: line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]."""
    return line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]


def _split_lines(text: str | Sequence[str]) -> list[str]:
    raw = text.splitlines() if isinstance(text, str) else list(text)
    lines = ["".join(line.split()).upper() for line in raw]
    lines = [line for line in lines if line]
    if len(lines) != 3:
        raise PayloadError(f"a TD1 MRZ has 3 lines, got {len(lines)}")
    for number, line in enumerate(lines, start=1):
        if len(line) != LINE_LENGTH:
            raise PayloadError(f"MRZ line {number} has {len(line)} characters, TD1 lines have {LINE_LENGTH}")
        if not _VALID_LINE.fullmatch(line):
            bad = "".join(sorted(set(_MRZ_CHARS.sub("", line))))
            raise PayloadError(f"MRZ line {number} contains characters outside A–Z, 0–9, <: {bad}")
    return lines


def _repair(lines: list[str]) -> tuple[list[str], list[Correction]]:
    corrections: list[Correction] = []
    repaired: list[str] = []
    for index, line in enumerate(lines):
        chars = list(line)
        for columns, table in ((NUMERIC_COLUMNS[index], TO_DIGIT), (ALPHA_COLUMNS[index], TO_LETTER)):
            for start, end in columns:
                for column in range(start, end):
                    replacement = table.get(chars[column])
                    if replacement is not None:
                        corrections.append(Correction(index + 1, column + 1, chars[column], replacement))
                        chars[column] = replacement
        repaired.append("".join(chars))
    return repaired, corrections


def _date_or_none(
    text: str, *, century: int | None = None, not_after: date | None = None, not_before: date | None = None
) -> date | None:
    try:
        return parse_yymmdd(text, century=century, not_after=not_after, not_before=not_before)
    except FieldFormatError:
        return None


def parse_td1(text: str | Sequence[str], *, today: date | None = None) -> TD1:
    """Parse a TD1 MRZ given as one newline-separated string or as 3 lines.

    Spaces inside lines, blank lines and lower case are tolerated. PayloadError when the text is not
    3 lines of 30 MRZ characters. The birth century comes from the ID number's century digit when the
    number is intact, otherwise from `today` (default the current date); the expiry is the first date
    after the birth date.
    """
    lines, corrections = _repair(_split_lines(text))
    line1, line2, line3 = lines
    validity: dict[str, bool] = {}
    problems: list[Problem] = []

    def check(field: str, data: str, digit: str, *, allow_filler: bool = False) -> bool:
        ok = digit == check_digit(data) or (allow_filler and digit == FILLER and set(data) == {FILLER})
        if not ok:
            problems.append(_problem("mrz_check_digit", field))
        return ok

    def require(field: str, ok: bool, value: str) -> bool:
        if not ok:
            problems.append(_problem("mrz_field_format", field, value=value))
        return ok

    document_code, issuing_state = line1[0:2], line1[2:5]
    validity["document_code"] = require("document_code", document_code == DOCUMENT_CODE, document_code)
    validity["issuing_state"] = require("issuing_state", issuing_state == VIETNAM, issuing_state)
    document_number = line1[5:14].rstrip(FILLER)
    validity["document_number"] = check("document_number", line1[5:14], line1[14])

    digits = line1[15:27]
    id_ok = require("id_number", bool(_ID_DIGITS.fullmatch(digits)) and line1[27:29] == FILLER * 2, line1[15:30])
    id_ok = id_ok and check("id_number", digits, line1[29])
    if id_ok and document_number != digits[3:]:
        problems.append(_problem("mrz_id_mismatch", "id_number"))
        id_ok = False
    validity["id_number"] = id_ok
    id_number = digits if _ID_DIGITS.fullmatch(digits) else None

    if id_ok:
        date_of_birth = _date_or_none(line2[0:6], century=parse_id_number(digits).century)
    else:
        date_of_birth = _date_or_none(line2[0:6], not_after=today or date.today())
    birth_ok = require("date_of_birth", date_of_birth is not None, line2[0:6])
    validity["date_of_birth"] = check("date_of_birth", line2[0:6], line2[6]) and birth_ok

    sex = {"M": MALE, "F": FEMALE}.get(line2[7])
    validity["sex"] = require("sex", sex is not None, line2[7])

    date_of_expiry: date | None = None
    if line2[8:14] == NO_DATE:
        expiry_ok = True
    else:
        if date_of_birth is not None:
            date_of_expiry = _date_or_none(line2[8:14], not_before=date_of_birth)
        else:
            date_of_expiry = _date_or_none(line2[8:14], century=2000)
        expiry_ok = require("date_of_expiry", date_of_expiry is not None, line2[8:14])
    validity["date_of_expiry"] = check("date_of_expiry", line2[8:14], line2[14], allow_filler=True) and expiry_ok

    nationality = line2[15:18]
    validity["nationality"] = require("nationality", nationality == VIETNAM, nationality)
    validity["composite"] = check("composite", composite_data(line1, line2), line2[29])

    surname, _, given = line3.rstrip(FILLER).partition(FILLER * 2)
    validity["names"] = require("names", bool(_NAMES.fullmatch(line3)), line3.rstrip(FILLER))

    if id_ok:
        problems.extend(parse_id_number(digits, date_of_birth=date_of_birth, sex=sex).problems)
    return TD1(
        lines=(line1, line2, line3),
        document_code=document_code,
        issuing_state=issuing_state,
        document_number=document_number,
        id_number=id_number,
        date_of_birth=date_of_birth,
        sex=sex,
        date_of_expiry=date_of_expiry,
        nationality=nationality,
        surname=surname.replace(FILLER, " ").strip(),
        given_names=given.replace(FILLER, " ").strip(),
        validity=MappingProxyType(validity),
        corrections=tuple(corrections),
        problems=tuple(problems),
    )


def _problem(code: str, field: str, **values: object) -> Problem:
    return Problem(code=code, message=MESSAGES[code].format(label=FIELD_LABELS[field], **values), field=field)


def transliterate(text: str) -> str:
    """Upper-case ASCII letters of a Vietnamese text: diacritics dropped, Đ → D ("Nguyễn Đức" → "NGUYEN DUC")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def mrz_name_line(full_name: str) -> str:
    """Line 3 for a Vietnamese full name: first word as surname, the rest as given names, cut to 30.

    Characters other than A–Z (hyphens, apostrophes) become separators, as ICAO 9303 prescribes.
    Compare it with a parsed line 3 to cross-check the name read on the front of the card.
    """
    words = re.sub(r"[^A-Z]+", " ", transliterate(full_name)).split()
    if not words:
        raise ValueError(f"no letters in name {full_name!r}")
    line = words[0] + FILLER * 2 + FILLER.join(words[1:])
    return line[:LINE_LENGTH].ljust(LINE_LENGTH, FILLER)


def _yymmdd(value: date) -> str:
    return f"{value.year % 100:02d}{value.month:02d}{value.day:02d}"


def build_td1(
    *,
    id_number: str,
    date_of_birth: date,
    sex: str,
    date_of_expiry: date | None,
    full_name: str,
    nationality: str = VIETNAM,
) -> tuple[str, str, str]:
    """The three TD1 lines of a Vietnamese card with these fields, all check digits correct.

    `sex` is "Nam"/"Nữ" (or M/F); `date_of_expiry` None writes an empty expiry field (no expiry);
    `full_name` may carry diacritics. ValueError on arguments that cannot be encoded.
    """
    if not _ID_DIGITS.fullmatch(id_number):
        raise ValueError(f"id_number must be 12 digits, got {id_number!r}")
    normalized_sex = normalize_sex(sex)
    if normalized_sex is None:
        raise ValueError(f"unknown sex {sex!r}")
    if not re.fullmatch(r"[A-Z]{3}", nationality):
        raise ValueError(f"nationality must be a 3-letter code, got {nationality!r}")
    line1 = DOCUMENT_CODE + VIETNAM + id_number[3:] + check_digit(id_number[3:])
    line1 += id_number + FILLER * 2 + check_digit(id_number)
    birth = _yymmdd(date_of_birth)
    expiry = NO_DATE + FILLER
    if date_of_expiry is not None:
        expiry = _yymmdd(date_of_expiry) + check_digit(_yymmdd(date_of_expiry))
    line2 = birth + check_digit(birth) + ("M" if normalized_sex == MALE else "F") + expiry + nationality + FILLER * 11
    line2 += check_digit(composite_data(line1, line2))
    return line1, line2, mrz_name_line(full_name)
