"""Chip CCCD (2021) front and back: fields from recognised lines, anchored on the printed bilingual labels.

Layout (top to bottom): "Số / No.: <12 digits>", "Họ và tên / Full name:", the name in capitals on
the next line, "Ngày sinh / Date of birth: dd/mm/yyyy", "Giới tính / Sex: Nam  Quốc tịch /
Nationality: Việt Nam", "Quê quán / Place of origin:" and its value (same or next line), "Nơi thường
trú / Place of residence:" and up to two value lines, then "Có giá trị đến / Date of expiry" with the
date printed left of or under it. Detection may merge a label and its value into one line, or split a
line in two; both are handled by reading the value after the colon first, then the following lines.

Back (top to bottom): fingerprint labels, "Đặc điểm nhân dạng / Personal identification:" with the marks
on the next line (or after the colon), "Ngày, tháng, năm / Date, month, year: dd/mm/yyyy" (the issue
date), the issuing officer's title and name, then the 3-line MRZ, which `ocr.mrz_read` reads from the
image: here its lines are only dropped. The marks use a small vocabulary of body-mark words; a word
that OCR read without its diacritics ("Seo" for "Sẹo") is restored when its folded form names exactly
one vocabulary word.
"""

from __future__ import annotations

import re
import unicodedata

from ocr.documents import DocumentParser
from ocr.documents.lines import (
    OcrLine,
    Parsed,
    digits_fixed,
    edit_distance,
    find_date,
    find_id_number,
    find_label,
    folded,
    value_after_label,
)

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


def _fold_chars(text: str) -> str:
    """Lower case without marks, one character for one: positions match the original text."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text).lower().replace("đ", "d")


_EXPIRY_LINE = re.compile(r"tri\s*den|expiry|date\s*of\s*ex")
_RESIDENCE_INSIDE = re.compile(r"n[oơ]i\s*th[uư]ong\s*tr[uú]")


def _split_merged(line: OcrLine) -> list[OcrLine]:
    """ "Có giá trị đến: 04/11/2034 Nơi thường trú / …: Xóm 4": the expiry under the photo and the residence
    share a baseline and are often read as one line; cut it where the residence label starts."""
    m = _RESIDENCE_INSIDE.search(_fold_chars(line.text))
    if m is None or m.start() < 8:
        return [line]
    return [
        OcrLine(line.text[: m.start()].strip(), line.box, line.confidence),
        OcrLine(line.text[m.start() :], line.box, line.confidence),
    ]


def parse_front(lines: list[OcrLine]) -> Parsed:
    lines = [part for line in lines for part in _split_merged(line)]
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
        # The expiry lines under the photo ("Date of expiry", its date) sit between the two residence lines
        # in reading order: step over them.
        rest = [body[i]] + [ln for ln in body[i + 1 :] if not _EXPIRY_LINE.search(folded(ln.text))]
        values = [v for v in _value_lines(rest, 0, 2) if not find_date(v)]
        if values:
            out["place_of_residence"] = ", ".join(v.strip(" ,") for v in values)

    # The expiry label is often not at the start of its line ("05/09/2023 Có giá trị đến"): search inside.
    i = next((k for k, ln in enumerate(body) if re.search(r"tri\s*den|expiry", folded(ln.text))), None)
    if i is not None:
        # The expiry date sits next to or under its label, sometimes on the line above it.
        candidates = [body[i].text] + [ln.text for ln in body[max(0, i - 1) : i + 2] if ln is not body[i]]
        date = next((d for d in map(find_date, candidates) if d), None)
        if date:
            out["date_of_expiry"] = date
        elif any("khong thoi han" in folded(c) for c in candidates):
            out["date_of_expiry"] = "Không thời hạn"  # cards issued from age 58

    return Parsed(out, [f for f in LABELS if f not in out])


BACK_LABELS: dict[str, tuple[str, ...]] = {
    "identifying_marks": (
        "Đặc điểm nhân dạng / Personal identification",
        "Đặc điểm nhân dạng",
        "Personal identification",
    ),
    "date_of_issue": ("Ngày, tháng, năm / Date, month, year", "Ngày, tháng, năm", "Date, month, year"),
}
# Words of the identifying marks printed on cards ("Nốt ruồi C:1cm trên trước đầu lông mày trái",
# "Sẹo chấm cách 2cm dưới sau cánh mũi phải"): position, kind and facial features.
# fmt: off
MARK_WORDS = (
    "nốt", "ruồi", "sẹo", "chấm", "vết", "bớt", "lồi", "lõm", "thâm", "cách", "trên", "dưới", "trước", "sau",
    "giữa", "trái", "phải", "đầu", "đuôi", "lông", "mày", "mắt", "cánh", "mũi", "mép", "gò", "má", "vành",
    "dái", "tai", "cằm", "trán", "môi", "cổ", "gáy", "thái", "dương", "khóe", "miệng", "nhân", "trung", "chân",
    "tóc",
)
# fmt: on
_MARKS_BY_FOLDED: dict[str, list[str]] = {}
for _word in MARK_WORDS:
    _MARKS_BY_FOLDED.setdefault(folded(_word), []).append(_word)


def _mark_distance(a: str, b: str) -> int:
    """Edit distance between the decomposed spellings: a lost or wrong mark costs one, "đ" for "d" one."""
    return edit_distance(unicodedata.normalize("NFD", a.lower()), unicodedata.normalize("NFD", b.lower()))


_MRZ_LIKE = re.compile(r"[A-Z0-9<«‹]{20,}")
_DISTANCE = re.compile(r"[CcG€]\s*[:;]\s*([0-9OoIlSB]+(?:[.,][0-9]+)?)\s*[ce]m\b")
_BACK_HEADER = ("ngon tro", "index finger", "cuc truong", "quan ly hanh chinh", "director general", "administrative")


def _is_mrz(text: str) -> bool:
    """A recognised MRZ line (Tesseract turns fillers into «, ‹ or K): long runs of capitals, digits, <."""
    compact = "".join(text.split())
    if "<<" in compact:
        return True
    # Not an English capitals heading: an MRZ line also has digits or fillers.
    return bool(_MRZ_LIKE.search(compact)) and ("<" in compact or sum(c.isdigit() for c in compact) >= 6)


def _restore_mark_word(word: str) -> str:
    if word.lower() in MARK_WORDS:
        return word
    candidates = _MARKS_BY_FOLDED.get(folded(word), [])
    ranked = sorted((_mark_distance(word, c), c) for c in candidates)
    if not ranked or (len(ranked) > 1 and ranked[1][0] - ranked[0][0] < 2):
        return word  # unknown, or about as near to two words ("duoi": dưới or đuôi; "đưới" is dưới)
    known = ranked[0][1]
    return known.capitalize() if word[:1].isupper() else known


def clean_marks(text: str) -> str:
    """Identifying marks as printed: words known but read without diacritics restored, "C:2em" → "C:2cm"."""
    text = " ".join(text.split()).strip(" .,;:-")
    text = _DISTANCE.sub(lambda m: f"C:{digits_fixed(m.group(1))}cm", text)
    return " ".join(_restore_mark_word(word) for word in text.split())


def parse_back(lines: list[OcrLine]) -> Parsed:
    """identifying_marks and date_of_issue from the back's recognised lines (MRZ lines are ignored)."""
    body = [
        ln
        for ln in lines
        if ln.text.strip() and not _is_mrz(ln.text) and not any(h in folded(ln.text) for h in _BACK_HEADER)
    ]
    out: dict[str, str] = {}
    marks_at = find_label(body, BACK_LABELS["identifying_marks"])
    issue_at = find_label(body, BACK_LABELS["date_of_issue"])

    if marks_at is not None:
        # After the colon when detection merged label and value, else the next line: never the date line.
        own = value_after_label(body[marks_at].text)
        candidates = [own] if len(own) >= 6 else []
        following = body[marks_at + 1 : marks_at + 2]
        candidates += [ln.text for ln in following if body.index(ln) != issue_at and not find_date(ln.text)]
        value = next((clean_marks(c) for c in candidates if sum(ch.isalpha() for ch in c) >= 3), None)
        if value:
            out["identifying_marks"] = value

    if issue_at is not None:
        # The date follows the label, or was detected as a box of its own next to or under it.
        candidates = [body[issue_at].text] + [ln.text for ln in body[issue_at + 1 : issue_at + 2]]
        date = next((d for d in map(find_date, candidates) if d), None)
        if date is None:
            label_box = body[issue_at].box
            same_row = [ln for ln in body if ln is not body[issue_at] and abs(ln.box[1] - label_box[1]) < 15]
            date = next((d for d in (find_date(ln.text) for ln in same_row) if d), None)
        if date:
            out["date_of_issue"] = date

    return Parsed(out, [f for f in BACK_LABELS if f not in out])


PARSERS = (
    DocumentParser(
        "cccd_chip_front",
        parse_front,
        fields=tuple(LABELS),
        # Not the title: the 2016 card prints "CĂN CƯỚC CÔNG DÂN / Citizen Identity Card" too; its labels are
        # Vietnamese only, the chip card's bilingual.
        keywords=("ho va ten / full name", "que quan / place of origin", "noi thuong tru / place of residence"),
        has_qr=True,
        # The photo column (expiry under it) ends at 21.8 mm, the field column starts at 23.2 mm.
        columns=(0.263,),
    ),
    DocumentParser(
        "cccd_chip_back",
        parse_back,
        fields=tuple(BACK_LABELS),
        # The 2016 CCCD back also prints "Đặc điểm nhân dạng", the fingerprint labels and "Cục trưởng Cục
        # Cảnh sát" (of another department), and the 2024 căn cước back an IDVNM MRZ: only these are the
        # chip back's own.
        # "Personal identification" alone is also the start of the căn cước front's "Personal identification
        # number".
        keywords=("nhan dang / personal identification", "quan ly hanh chinh ve trat tu xa hoi"),
        has_mrz=True,
    ),
)
