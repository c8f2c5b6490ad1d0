"""The QR code on the front of the chip CCCD (2021–2024).

The payload is UTF-8 text of 7 fields separated by "|":

    id_number | old CMND number (may be empty) | full name | date of birth ddmmyyyy | sex |
    place of residence | date of issue ddmmyyyy

OpenCV's QR decoder returns the bytes decoded as Latin-1, so "Nguyễn" arrives as "Nguyá»\\x85n":
`redecode_latin1` repairs that. The QR of the 2024 thẻ căn cước (on its back) is not publicly
documented; payloads with another number of fields are rejected rather than guessed at.
"""

from __future__ import annotations

import re
import unicodedata

from ocr.errors import FieldFormatError, PayloadError
from ocr.validation.dates import format_date, parse_date
from ocr.validation.id_number import normalize_sex

SEPARATOR = "|"
FIELDS = (
    "id_number",
    "old_id_number",
    "full_name",
    "date_of_birth",
    "sex",
    "place_of_residence",
    "date_of_issue",
)

_ID = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")
_DATE = re.compile(r"[0-9]{8}")


def redecode_latin1(text: str) -> str:
    """Undo UTF-8 bytes that were decoded as Latin-1 ("Nguyá»\\x85n" → "Nguyễn").

    Text that is not such mojibake is returned unchanged: it either has characters beyond Latin-1
    (already proper Unicode) or its Latin-1 bytes are not valid UTF-8.
    """
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def parse_qr_payload(payload: str | bytes) -> dict[str, str | None]:
    """Fields of a chip-CCCD front QR, named as in the output contract.

    `payload` may be raw bytes (decoded as UTF-8) or the string a decoder returned (repaired with
    `redecode_latin1`). Dates come back as DD/MM/YYYY, sex as "Nam"/"Nữ", an empty old number as None,
    text NFC-normalised with single spaces. PayloadError names the first malformed field.
    """
    if isinstance(payload, bytes):
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PayloadError(f"QR payload is not UTF-8: {exc}") from None
    else:
        text = redecode_latin1(payload)
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise PayloadError("QR payload is empty")
    parts = [" ".join(part.split()) for part in text.split(SEPARATOR)]
    if len(parts) != len(FIELDS):
        raise PayloadError(f"QR payload has {len(parts)} fields separated by '|', the chip CCCD QR has {len(FIELDS)}")
    raw = dict(zip(FIELDS, parts, strict=True))

    if not _ID.fullmatch(raw["id_number"]):
        raise PayloadError(f"QR id_number must be 12 digits, got {raw['id_number']!r}")
    if raw["old_id_number"] and not _OLD_ID.fullmatch(raw["old_id_number"]):
        raise PayloadError(f"QR old_id_number must be empty, 9 or 12 digits, got {raw['old_id_number']!r}")
    if not raw["full_name"]:
        raise PayloadError("QR full_name is empty")
    sex = normalize_sex(raw["sex"]) if raw["sex"].lower() in ("nam", "nữ") else None
    if sex is None:
        raise PayloadError(f"QR sex must be 'Nam' or 'Nữ', got {raw['sex']!r}")
    return {
        "id_number": raw["id_number"],
        "old_id_number": raw["old_id_number"] or None,
        "full_name": raw["full_name"],
        "date_of_birth": _date(raw, "date_of_birth"),
        "sex": sex,
        "place_of_residence": raw["place_of_residence"],
        "date_of_issue": _date(raw, "date_of_issue"),
    }


def _date(raw: dict[str, str], field: str) -> str:
    value = raw[field]
    if not _DATE.fullmatch(value):
        raise PayloadError(f"QR {field} must be ddmmyyyy, got {value!r}")
    try:
        return format_date(parse_date(value))
    except FieldFormatError:
        raise PayloadError(f"QR {field} {value!r} is not a real date") from None
