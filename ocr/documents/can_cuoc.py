"""Thẻ căn cước (Luật Căn cước 2023, issued from 01/07/2024), front and back: fields from recognised lines.

Front (no QR, no address), top to bottom under "CĂN CƯỚC / IDENTITY CARD":

    Số định danh cá nhân / Personal identification number:      the 12 digits on the next line
    Họ, chữ đệm và tên khai sinh / Surname, middle name and given name:   the name in capitals below
    Ngày, tháng, năm sinh / Date of birth: dd/mm/yyyy
    Giới tính / Sex: Nam      Quốc tịch / Nationality: Việt Nam

Back: "Nơi cư trú / Place of residence:" and up to two value lines, "Nơi đăng ký khai sinh / Place of
birth:" and its value, "Ngày, tháng, năm cấp / Date of issue: dd/mm/yyyy", "Ngày, tháng, năm hết hạn /
Date of expiry: dd/mm/yyyy" (or "Không thời hạn"), the issuer "BỘ CÔNG AN / MINISTRY OF PUBLIC SECURITY"
beside them, the QR and the TD1 MRZ. The MRZ and the QR are read by their own stages (`ocr.mrz_read`,
`ocr.qr`), not here.

Labels are found by regexes on the folded text with spaces and punctuation removed ("Ngày,tháng,năm cấp"
and "Ngay thang nam cap" look the same), because the three "Ngày, tháng, năm …" labels differ only in
their last word, too little for a fuzzy whole-label score. Detection may split one printed line into
boxes or merge a label with its value: boxes on one row are joined first, and a value is read after the
label's colon before the following lines.
"""

from __future__ import annotations

import re

from ocr.documents import DocumentParser
from ocr.documents.lines import OcrLine, Parsed, digits_fixed, find_date, folded, value_after_label

# Label patterns on `_compact` text (folded, letters and digits only); Vietnamese and English forms, plus
# their shorter tails so a slip in the first words still matches.
FRONT_LABELS: dict[str, str] = {
    "id_number": r"dinhdanh|personalident|identificationnumber",
    "full_name": r"chudem|demvaten|tenkhaisinh|middlename|givenname",
    "date_of_birth": r"namsinh|dateofbirth",
    "sex": r"gioitinh|gioitmh|^\w{0,9}sex",
    "nationality": r"quoctich|nationality",
}
BACK_LABELS: dict[str, str] = {
    "place_of_residence": r"noicutru|placeofresidence|ofresidence",
    "place_of_birth_registration": r"dangkykhaisinh|dangkykhai|placeofbirth",
    "date_of_issue": r"namcap|dateofissue|ofissue",
    "date_of_expiry": r"hethan|dateofexpiry|ofexpiry",
}
# Printed lines that are never a value: the national header, the title, the issuer. Word pairs, not single
# words: "Xã Cộng Hòa", "Xã Độc Lập" and "Phường Hạnh Phúc" are real communes.
_HEADER = re.compile(
    r"conghoaxa|xahoichu|chunghiaviet|doclaptu|tudohanh|socialistrep|republicof|independence|freedomhap|"
    r"^cancuoc$|identitycard|bocongan|ministryof|publicsecurity"
)
_MRZ = re.compile(r"<{2,}|^[A-Z0-9<]{25,}$")
_ID12 = re.compile(r"(?<!\d)(\d{12})(?!\d)")
_SEX = re.compile(r"\b(nam|nu)")  # "NữỮ" is a common slip: no end boundary
# The most frequent Vietnamese surnames (together well over 90 % of the population), keyed by their folded
# form, which no other common surname shares.
_SURNAMES = {
    folded(name): name
    for name in (
        "NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "HUỲNH", "PHAN", "VŨ", "VÕ", "ĐẶNG", "BÙI", "ĐỖ", "HỒ", "NGÔ",
        "DƯƠNG", "LÝ", "TRƯƠNG", "ĐINH", "ĐOÀN", "TRỊNH", "LƯƠNG", "LÂM",
    )
}  # fmt: skip
# Unit types that open an address part, a closed set: OCR slips in their marks are repaired. Province names,
# the part without a type, never start with one of these words.
_UNIT_TYPES = {
    folded(name): name
    for name in (
        "Thành phố", "Thị xã", "Thị trấn", "Khu phố", "Tỉnh", "Huyện", "Quận", "Xã", "Phường", "Thôn", "Xóm", "Ấp",
    )
}  # fmt: skip
_NUMBERED = {"so": "Số", "to": "Tổ"}
NO_EXPIRY = "Không thời hạn"
NATIONALITY = "Việt Nam"


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", folded(text))


def _rows(lines: list[OcrLine]) -> list[OcrLine]:
    """Boxes sharing a row (vertical overlap over half the smaller height) joined left to right, rows top down.

    Detection sometimes cuts one printed line in two ("Thôn 3, Xã Tân Tiến," | "Huyện An Lão,").
    """
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        for row in rows:
            ref = row[0].box
            overlap = min(ref[3], line.box[3]) - max(ref[1], line.box[1])
            if overlap > 0.5 * min(ref[3] - ref[1], line.box[3] - line.box[1]):
                row.append(line)
                break
        else:
            rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
        box = (min(b.box[0] for b in row), min(b.box[1] for b in row), max(b.box[2] for b in row),
               max(b.box[3] for b in row))  # fmt: skip
        text = " ".join(ln.text.strip() for ln in row)
        out.append(OcrLine(text, box, min(ln.confidence for ln in row)))
    return out


def _body(lines: list[OcrLine]) -> list[OcrLine]:
    """Non-empty lines without the header, title, issuer and MRZ, joined into rows.

    Boxes much taller than a text line go too: the detector boxes the back's QR and Tesseract reads a
    letter or two in it, which would otherwise join the row of the residence label beside it.
    """
    lines = [ln for ln in lines if ln.text.strip()]
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    tall = 2.5 * heights[len(heights) // 2] if heights else 0
    kept = [
        ln
        for ln in lines
        if ln.box[3] - ln.box[1] <= tall and not _HEADER.search(_compact(ln.text)) and not _MRZ.search(ln.text.strip())
    ]
    return _rows(kept)


def _label_index(body: list[OcrLine], labels: dict[str, str], field: str) -> int | None:
    pattern = re.compile(labels[field])
    return next((i for i, ln in enumerate(body) if pattern.search(_compact(ln.text))), None)


def _is_label(text: str, labels: dict[str, str]) -> bool:
    compact = _compact(text)
    return any(re.search(p, compact) for p in labels.values())


def _after_label(text: str, pattern: str) -> str:
    """The value on a label's own line: after its colon, else after the label words (colon lost)."""
    value = value_after_label(text)
    if value:
        return value
    # No colon read: cut after the English label's last word ("... Place of birth Xã Tân Tiến").
    m = re.search(pattern, text, flags=re.IGNORECASE)
    return text[m.end() :].strip(" .:;|") if m else ""


def _values(body: list[OcrLine], i: int, labels: dict[str, str], tail: str, max_lines: int) -> list[str]:
    """The label's own value plus following non-label lines, at most `max_lines` in all."""
    values = []
    own = _after_label(body[i].text, tail)
    if own:
        values.append(own)
    for line in body[i + 1 :]:
        if len(values) >= max_lines or _is_label(line.text, labels):
            break
        values.append(line.text.strip())
    return values


def _unit_word(part: str) -> str:
    """An address part with its leading unit type spelt right ("Thồn 11" → "Thôn 11", "Ẩp" → "Ấp")."""
    words = part.split(" ")
    for size in (2, 1):
        head = " ".join(words[:size])
        key = folded(head)
        # Only the marks are repaired: the card's casing ("Thành Phố" on some cards) is kept.
        if key in _UNIT_TYPES and len(words) > size and head.casefold() != _UNIT_TYPES[key].casefold():
            return " ".join([_UNIT_TYPES[key], *words[size:]])
        # "Số"/"Tổ" only before a number: "Tô Hiến Thành" is a street.
        if size == 1 and key in _NUMBERED and len(words) > 1 and words[1][:1].isdigit():
            return " ".join([_NUMBERED[key], *words[1:]])
    return part


def _clean_place(parts: list[str]) -> str:
    """Address lines joined with ", ", stray OCR marks at the ends dropped, spacing and unit types normalised."""
    text = ", ".join(p.strip(" ,.;:|-_'\"`") for p in parts if p.strip(" ,.;:|-_'\"`"))
    text = " ".join(re.sub(r"\s*,\s*", ", ", text).split())
    return ", ".join(_unit_word(part) for part in text.split(", "))


def _date_near(body: list[OcrLine], i: int) -> str | None:
    """A date on the label's line, else on the next one."""
    for text in (body[i].text, *(ln.text for ln in body[i + 1 : i + 2])):
        if date := find_date(text):
            return date
    return None


def _name(text: str) -> str | None:
    """A name line in capitals: letters and spaces only, at least two words; a common surname repaired."""
    words = [w.strip(".,:;|'\"`-_") for w in text.split()]
    words = [w for w in words if w]
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return None
    words = [w.upper() for w in words]
    # Tesseract drops or swaps the marks of the surname ("PHAM", "NGUYÊN"); the common surnames are
    # told apart by their letters alone, so one that folds to a known surname takes its spelling.
    words[0] = _SURNAMES.get(folded(words[0]), words[0])
    return " ".join(words)


def parse_front(lines: list[OcrLine]) -> Parsed:
    body = _body(lines)
    out: dict[str, str] = {}

    # The number sits under its label; any 12-digit run on the front is it (the front has no other).
    start = _label_index(body, FRONT_LABELS, "id_number") or 0
    for line in body[start:] + body[:start]:
        if m := _ID12.search(digits_fixed(line.text).replace(" ", "")):
            out["id_number"] = m.group(1)
            break

    if (i := _label_index(body, FRONT_LABELS, "full_name")) is not None:
        candidates = _values(body, i, FRONT_LABELS, r"given\s*name:?", 2)
    else:
        # Label not detected or unreadable: the name is the line in capitals after the number's line.
        first = next((k for k, ln in enumerate(body) if _ID12.search(digits_fixed(ln.text).replace(" ", ""))), -1)
        candidates = [ln.text for ln in body[first + 1 : first + 4] if not _is_label(ln.text, FRONT_LABELS)]
    if name := next((n for n in map(_name, candidates) if n and n == n.upper()), None):
        out["full_name"] = name

    # The front prints one date only: under a garbled label ("Ngày, tháng, năm : t:: 27/04/2003") take it.
    i = _label_index(body, FRONT_LABELS, "date_of_birth")
    dates = ([] if i is None else [_date_near(body, i)]) + [find_date(ln.text) for ln in body]
    if date := next((d for d in dates if d), None):
        out["date_of_birth"] = date

    if (i := _label_index(body, FRONT_LABELS, "sex")) is not None:
        # "Giới tính / Sex: Nam   Quốc tịch / Nationality: Việt Nam": the "Nam" of Việt Nam is not the sex.
        text = re.split(r"\bquoc\b|nationality", folded(body[i].text))[0]
        text = text.split(":", 1)[1] if ":" in text else re.split(r"\bsex\b", text, maxsplit=1)[-1]
        if m := _SEX.search(text):
            out["sex"] = "Nam" if m.group(1) == "nam" else "Nữ"

    if (i := _label_index(body, FRONT_LABELS, "nationality")) is not None:
        text = re.split(r"(?i)nationality|quốc\s*tịch", body[i].text)[-1]
        text = (text.split(":", 1)[1] if ":" in text else text).strip(" .|/")
        if "vietnam" in _compact(text) or not text:
            out["nationality"] = NATIONALITY  # the only nationality a căn cước is issued for
        else:
            out["nationality"] = text
    elif any(
        re.search(r"\bviet\s*n\w{1,2}\s*$", folded(ln.text)) and ln.text.upper() != out.get("full_name") for ln in body
    ):
        out["nationality"] = NATIONALITY  # label unreadable ("Quốc sec : Saeccnaier Việt Non")

    return Parsed(out, [f for f in FRONT_LABELS if f not in out])


def parse_back(lines: list[OcrLine]) -> Parsed:
    body = _body(lines)
    out: dict[str, str] = {}

    if (i := _label_index(body, BACK_LABELS, "place_of_residence")) is not None:
        values = [v for v in _values(body, i, BACK_LABELS, r"residence:?", 2) if not find_date(v)]
        if place := _clean_place(values):
            out["place_of_residence"] = place

    if (i := _label_index(body, BACK_LABELS, "place_of_birth_registration")) is not None:
        values = [v for v in _values(body, i, BACK_LABELS, r"of\s*birth:?", 2) if not find_date(v)]
        if place := _clean_place(values):
            out["place_of_birth_registration"] = place

    if (i := _label_index(body, BACK_LABELS, "date_of_issue")) is not None and (date := _date_near(body, i)):
        out["date_of_issue"] = date

    if (i := _label_index(body, BACK_LABELS, "date_of_expiry")) is not None:
        if date := find_date(body[i].text):
            out["date_of_expiry"] = date
        elif "khongthoihan" in _compact(body[i].text) or "thoihan" in _compact(body[i].text):
            out["date_of_expiry"] = NO_EXPIRY  # issued from age 58
        elif i + 1 < len(body) and (date := find_date(body[i + 1].text)):
            out["date_of_expiry"] = date

    return Parsed(out, [f for f in BACK_LABELS if f not in out])


PARSERS = (
    DocumentParser(
        "can_cuoc_front",
        parse_front,
        fields=tuple(FRONT_LABELS),
        # Not "so dinh danh ca nhan" nor "ngay , thang , nam sinh": birth certificates and the 2016 CCCD print them.
        keywords=("personal identification number", "chu dem va ten khai sinh", "surname , middle name and given name"),
    ),
    DocumentParser(
        "can_cuoc_back",
        parse_back,
        fields=tuple(BACK_LABELS),
        # Not "noi dang ky khai sinh": the birth certificate prints it too.
        keywords=(
            "bo cong an",
            "ministry of public security",
            "ngay , thang , nam het han",
            "noi cu tru / place of residence",
        ),
        has_qr=True,
        has_mrz=True,
    ),
)
