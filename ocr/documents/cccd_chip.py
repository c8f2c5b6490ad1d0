"""Chip CCCD (2021) front: fields from recognised lines, anchored on the printed bilingual labels.

Layout (top to bottom): "Số / No.: <12 digits>", "Họ và tên / Full name:", the name in capitals on
the next line, "Ngày sinh / Date of birth: dd/mm/yyyy", "Giới tính / Sex: Nam  Quốc tịch /
Nationality: Việt Nam", "Quê quán / Place of origin:" and its value (same or next line), "Nơi thường
trú / Place of residence:" and up to two value lines, then "Có giá trị đến / Date of expiry" with the
date printed left of or under it. Detection may merge a label and its value into one line, or split a
line in two; both are handled by reading the value after the colon first, then the following lines.
"""

from __future__ import annotations

import re

from ocr.documents import DocumentParser
from ocr.documents.lines import OcrLine, Parsed, find_date, find_id_number, find_label, folded, value_after_label

LABELS: dict[str, tuple[str, ...]] = {
    "id_number": ("Số / No.", "Số", "No."),
    "full_name": ("Họ và tên / Full name", "Họ và tên", "Full name"),
    "date_of_birth": ("Ngày sinh / Date of birth", "Ngày sinh", "Date of birth"),
    "sex": ("Giới tính / Sex", "Giới tính"),
    "nationality": ("Quốc tịch / Nationality", "Quốc tịch"),
    "place_of_origin": ("Quê quán / Place of origin", "Quê quán", "Place of origin"),
    "place_of_residence": ("Nơi thường trú / Place of residence", "Nơi thường trú", "Place of residence"),
    "date_of_expiry": ("Có giá trị đến", "Date of expiry"),
}
_HEADER = ("cong hoa xa hoi", "doc lap", "can cuoc cong dan", "citizen identity", "socialist republic")
_SEX = re.compile(r"\b(nam|nu)\b")


def _is_label_line(text: str) -> bool:
    return any(find_label([OcrLine(text, (0, 0, 0, 0))], labels) is not None for labels in LABELS.values())


def _value_lines(lines: list[OcrLine], start: int, max_lines: int) -> list[str]:
    """The label's own value plus following non-label lines, at most `max_lines` in all."""
    values = []
    own = value_after_label(lines[start].text)
    if own:
        values.append(own)
    for line in lines[start + 1 :]:
        if len(values) >= max_lines or _is_label_line(line.text):
            break
        values.append(line.text.strip())
    return values


def parse_front(lines: list[OcrLine]) -> Parsed:
    body = [ln for ln in lines if ln.text.strip() and not any(h in folded(ln.text) for h in _HEADER)]
    out: dict[str, str] = {}

    if (number := find_id_number(body)) is not None:
        out["id_number"] = number

    if (i := find_label(body, LABELS["full_name"])) is not None:
        name = next((v for v in _value_lines(body, i, 2) if v.replace(" ", "").isalpha()), None)
        if name:
            out["full_name"] = " ".join(name.split()).upper()

    if (i := find_label(body, LABELS["date_of_birth"])) is not None:
        date = next((d for d in map(find_date, _value_lines(body, i, 1) or [body[i].text]) if d), None)
        if date:
            out["date_of_birth"] = date

    if (i := find_label(body, LABELS["sex"])) is not None:
        # "Giới tính / Sex: Nam   Quốc tịch / Nationality: Việt Nam": the "Nam" of Việt Nam is not the sex.
        text = folded(body[i].text)
        text = re.split(r"quoc\s*tich|nationality", text)[0]
        text = text.split(":", 1)[1] if ":" in text else text.split("sex", 1)[-1]
        m = _SEX.search(text)
        if m:
            out["sex"] = "Nam" if m.group(1) == "nam" else "Nữ"
    if (i := find_label(body, LABELS["nationality"])) is not None or any("viet nam" in folded(ln.text) for ln in body):
        out["nationality"] = "Việt Nam"

    if (i := find_label(body, LABELS["place_of_origin"])) is not None:
        values = _value_lines(body, i, 1)
        if values:
            out["place_of_origin"] = values[0]

    if (i := find_label(body, LABELS["place_of_residence"])) is not None:
        values = [v for v in _value_lines(body, i, 2) if not find_date(v)]
        if values:
            out["place_of_residence"] = ", ".join(v.strip(" ,") for v in values)

    # The expiry label is often not at the start of its line ("05/09/2023 Có giá trị đến"): search inside.
    i = next((k for k, ln in enumerate(body) if re.search(r"gia\s*tri\s*den|expiry", folded(ln.text))), None)
    if i is not None:
        # The expiry date sits next to or under its label, sometimes on the line above it.
        candidates = [body[i].text] + [ln.text for ln in body[max(0, i - 1) : i + 2] if ln is not body[i]]
        date = next((d for d in map(find_date, candidates) if d), None)
        if date:
            out["date_of_expiry"] = date
        elif any("khong thoi han" in folded(c) for c in candidates):
            out["date_of_expiry"] = "Không thời hạn"  # cards issued from age 58

    return Parsed(out, [f for f in LABELS if f not in out])


PARSERS = (
    DocumentParser(
        "cccd_chip_front",
        parse_front,
        fields=tuple(LABELS),
        keywords=("can cuoc cong dan", "citizen identity card", "noi thuong tru / place of residence"),
    ),
)
