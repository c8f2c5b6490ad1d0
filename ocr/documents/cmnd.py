"""Old 9-digit CMND (giấy chứng minh nhân dân, issued until 2015), front: fields from recognised lines.

Layout right of the emblem and photo, top to bottom: "GIẤY CHỨNG MINH NHÂN DÂN", "Số 123456789" (large,
red), "Họ tên NAME" and a second name line, "Sinh ngày dd-mm-yyyy", "Nguyên quán" with up to two lines,
"Nơi ĐKHK thường trú" with up to two lines. Labels have no colon and values are typed over dotted leaders,
so the value is what follows the best-matching label words (`ocr.documents.cccd_2016.strip_label`). When a
label is misread beyond recognition ("Ng uán", "N rong trú") the fixed order of the rows decides: the first
address row after the birth date is the place of origin, the next labelled-or-not row group the residence.
"""

from __future__ import annotations

import re

from ocr.documents import DocumentParser
from ocr.documents.cccd_2016 import caps_tail, find_row, join_address, rows, strip_label
from ocr.documents.lines import OcrLine, Parsed, digits_fixed, find_date, folded

LABELS: dict[str, tuple[str, ...]] = {
    "id_number": ("Số",),
    "full_name": ("Họ tên",),
    "date_of_birth": ("Sinh ngày",),
    "place_of_origin": ("Nguyên quán",),
    "place_of_residence": ("Nơi ĐKHK thường trú",),
}
_TITLE = ("chung minh", "giay chung", "nhan dan")
_ID9 = re.compile(r"(?<!\d)(\d{9})(?!\d)")
# Fragments that survive OCR slips in the two address labels.
_ORIGIN = re.compile(r"^\W*(ng\w*\s*(uyen|quan|uan)\b|nguyen\s*q)")
_RESIDENCE = re.compile(r"dkhk|d\s*k\s*h\s*k|thuong\s*tru|r?ong\s*tru|^\W*noi\b")


def find_id9(body: list[OcrLine]) -> str | None:
    return next((number for row in body if (number := _id9_in(row.text))), None)


def _id9_in(text: str) -> str | None:
    # Spaces out first ("0911 02965"), then kept: a stray mark read as a digit beside the number ("số | 0911…").
    fixed = digits_fixed(text)
    m = _ID9.search(fixed.replace(" ", "")) or _ID9.search(fixed)
    return m.group(1) if m else None


def _is_origin(text: str) -> bool:
    return find_row([OcrLine(text, (0, 0, 0, 0))], LABELS["place_of_origin"], threshold=0.7) is not None or bool(
        _ORIGIN.search(folded(text))
    )


def _is_residence(text: str) -> bool:
    return find_row([OcrLine(text, (0, 0, 0, 0))], LABELS["place_of_residence"], threshold=0.7) is not None or bool(
        _RESIDENCE.search(folded(text))
    )


def _next_row(body: list[OcrLine], k: int) -> bool:
    """Whether row k + 1 is the printed row right under row k, not one further down (a row was lost)."""
    if k < 0 or k + 1 >= len(body):
        return k < 0
    above, below = body[k].box, body[k + 1].box
    return (below[1] + below[3] - above[1] - above[3]) / 2 <= 1.9 * (above[3] - above[1])


def parse_front(lines: list[OcrLine]) -> Parsed:
    body = [r for r in rows([ln for ln in lines if ln.text.strip()]) if not any(t in folded(r.text) for t in _TITLE)]
    out: dict[str, str] = {}

    if (number := find_id9(body)) is not None:
        out["id_number"] = number

    name_row = find_row(body, LABELS["full_name"], threshold=0.6)
    id_row = next((k for k, r in enumerate(body) if _id9_in(r.text)), None)
    if name_row is None and id_row is not None and id_row + 1 < len(body) and not find_date(body[id_row + 1].text):
        name_row = id_row + 1  # the name row follows the number even when its label is unreadable
    if name_row is not None and (name := caps_tail(body[name_row].text)):
        # A long name runs on over the second dotted line: an all-capitals row right under it.
        if name_row + 1 < len(body) and (more := caps_tail(body[name_row + 1].text)) == body[name_row + 1].text.strip():
            name = f"{name} {more}"
        out["full_name"] = name

    dob_row = find_row(body, LABELS["date_of_birth"], threshold=0.6)
    if dob_row is None:
        dob_row = next((k for k, r in enumerate(body) if find_date(r.text)), None)
    if dob_row is not None and not find_date(body[dob_row].text):
        # The label row lost its date (read apart, or merged into the next row): the first date below it.
        dob_row = next((k for k in range(dob_row, len(body)) if find_date(body[k].text)), dob_row)
    if dob_row is not None and (date := find_date(body[dob_row].text)):
        out["date_of_birth"] = date

    # Address rows come after the birth date: origin label, its continuation, residence label, continuation.
    start = (dob_row if dob_row is not None else name_row if name_row is not None else -1) + 1
    tail = body[start:]
    origin = next((k for k, r in enumerate(tail) if _is_origin(r.text) and not _is_residence(r.text)), None)
    residence = next((k for k, r in enumerate(tail) if _is_residence(r.text) and k != origin), None)
    if origin is not None and residence is not None and origin > residence:
        origin = None  # the origin row is printed above the residence: this one is a misread address
    if origin is None and residence is not None and residence > 0 and _next_row(body, start - 1):
        origin = 0  # the origin label is unreadable, but its row is the first one after the birth date
    # Rows printed right under each other (no row lost in between) after the origin row.
    chain = 0
    while origin is not None and origin + chain + 1 < len(tail) and _next_row(tail, origin + chain):
        chain += 1
    if residence is None and origin is not None and chain >= 3:
        residence = origin + 2  # origin on two lines, then the residence whose label is unreadable
    if origin is not None:
        more = 1 if chain >= 1 and (residence is None or residence > origin + 1) else 0
        parts = [strip_label(tail[origin].text, LABELS["place_of_origin"][0], address=True)]
        parts += [r.text for r in tail[origin + 1 : origin + 1 + more]]
        if value := join_address(parts):
            out["place_of_origin"] = value
    if residence is not None:
        parts = [strip_label(tail[residence].text, LABELS["place_of_residence"][0], address=True)]
        parts += [r.text for r in tail[residence + 1 : residence + 2] if _next_row(tail, residence)]
        if value := join_address(parts):
            out["place_of_residence"] = value

    return Parsed(out, [f for f in LABELS if f not in out])


PARSERS = (
    DocumentParser(
        "cmnd_front",
        parse_front,
        fields=tuple(LABELS),
        keywords=("giay chung minh nhan dan", "noi dkhk thuong tru"),
    ),
)
