"""CCCD with barcode (2016–2021), front and back: fields from recognised lines, by the Vietnamese-only labels.

Front, right of the photo, top to bottom: "Số: <12 digits>", "Họ và tên: NAME" (name on the label's line),
"Ngày, tháng, năm sinh: dd/mm/yyyy", "Giới tính: Nam   Quốc tịch: Việt Nam", "Quê quán:" and "Nơi thường
trú:" each with up to two value lines; under the photo "Có giá trị đến: dd/mm/yyyy" (or "Không thời hạn").
Back: "Đặc điểm nhân dạng:" and the marks under it, "Ngày 15 tháng 03 năm 2018"; the ID number is in the
barcode (`ocr.barcode`), not in the text.

Detection splits a printed line into several boxes ("Giới tính: Nam" | "Quốc tịch: Việt Nam") or merges a
label with its value, and Tesseract slips on labels ("uọ vàtên:", "Ngày, thắng, năm sinh", a lost colon), so
lines are first joined into rows (`rows`), labels are matched fuzzily at the start of a row, and the value is
what follows the label (`strip_label`). Helpers here are shared with `ocr.documents.cmnd`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ocr.documents import DocumentParser
from ocr.documents.lines import OcrLine, Parsed, digits_fixed, find_date, find_id_number, folded, label_score

FRONT_LABELS: dict[str, tuple[str, ...]] = {
    "id_number": ("Số",),
    "full_name": ("Họ và tên",),
    "date_of_birth": ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh"),
    "sex": ("Giới tính",),
    "nationality": ("Quốc tịch",),
    "place_of_origin": ("Quê quán",),
    "place_of_residence": ("Nơi thường trú",),
    "date_of_expiry": ("Có giá trị đến",),
}
BACK_FIELDS = ("date_of_issue", "identifying_marks")
_HEADER = ("cong hoa xa hoi", "doc lap", "can cuoc cong dan", "citizen identity", "hanh phuc")
_SEX = re.compile(r"\b(nam|nu)")
_LEFT_COLUMN = 0.2  # of the text width: the photo column (expiry under it) starts left of this, the fields right


# --- shared helpers ---------------------------------------------------------------------------------------


def rows(lines: list[OcrLine]) -> list[OcrLine]:
    """Boxes on one printed row joined left to right ("a  b"), rows top to bottom.

    Two boxes share a row when their vertical overlap is at least 60 % of the smaller height, so lines of a
    tilted photo half a line apart, or a tall title and a small label beside it, stay apart.
    """
    found: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        _, y0, _, y1 = line.box
        for row in found:
            ry0, ry1 = row[0].box[1], row[0].box[3]
            if min(y1, ry1) - max(y0, ry0) >= 0.6 * min(y1 - y0, ry1 - ry0):
                row.append(line)
                break
        else:
            found.append([line])
    out = []
    for row in found:
        row.sort(key=lambda ln: ln.box[0])
        box = (min(ln.box[0] for ln in row), min(ln.box[1] for ln in row))
        box += (max(ln.box[2] for ln in row), max(ln.box[3] for ln in row))
        text = "  ".join(ln.text.strip() for ln in row)
        out.append(OcrLine(text, box, min(ln.confidence for ln in row)))
    return out


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", folded(text))


_JUNK = " .:;,_?!|'\"~-"  # OCR reads dotted leaders and specks around a value as these
# First words of an address line (folded): the unit or house number the value opens with.
_ADDRESS_START = frozenset(
    ("xa", "phuong", "thi", "thon", "ap", "xom", "to", "so", "khu", "ban", "buon", "khom", "bon", "lang", "doi")
)


def strip_label(text: str, label: str, *, address: bool = False) -> str:
    """The value after a printed label: after its colon when there is one near the start, else after the
    leading words that best match the label ("Ng uán Xã Địa Linh" → "Xã Địa Linh"). With `address`, a label
    misread beyond matching ("IfW§f Phường Trung Hòa") is cut before the first word that opens an address."""
    head = len(label) + 6
    colon = text.find(":", 0, head)
    if colon >= 0:
        return text[colon + 1 :].strip(_JUNK)
    words = text.split()
    target = _compact(label)
    best_n, best = 0, 0.0
    for n in range(1, min(len(words), len(label.split()) + 2) + 1):
        score = SequenceMatcher(None, _compact(" ".join(words[:n])), target).ratio()
        if score > best:
            best_n, best = n, score
    if best >= 0.5:
        return " ".join(words[best_n:]).strip(_JUNK)
    if address:
        start = next((k for k, w in enumerate(words[:4]) if _compact(w) in _ADDRESS_START or w[:1].isdigit()), 0)
        return " ".join(words[start:]).strip(_JUNK)
    return text.strip(_JUNK)


def find_row(body: list[OcrLine], labels: tuple[str, ...], *, threshold: float = 0.75) -> int | None:
    """Index of the row starting most like one of `labels`, if any scores at least `threshold`."""
    best: tuple[float, int] | None = None
    for i, row in enumerate(body):
        score = max(label_score(row.text, lab) for lab in labels)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, i)
    return best[1] if best else None


def caps_tail(text: str) -> str | None:
    """The run of upper-case words ending the text: the name after its label ("uọ vàtên: NGUYỄN AN")."""
    words = text.replace(":", " ").split()
    tail: list[str] = []
    for word in reversed(words):
        letters = word.strip(".,;")
        if letters and letters.isalpha() and letters.isupper():
            tail.append(letters)
        else:
            break
    return " ".join(reversed(tail)) or None


def _looks_like_label(text: str) -> bool:
    """A label row even when its words are misread: a colon near the start, or "Nơi …" (no address does)."""
    return ":" in text[:20] or folded(text).startswith("noi ")


def continuation(body: list[OcrLine], start: int, stop_labels: list[tuple[str, ...]], max_rows: int) -> list[str]:
    """Texts of up to `max_rows` rows right under `start` (at most 1.7 row heights further down) until a row
    that is or looks like a label, or holds a date."""
    out: list[str] = []
    previous = body[start]
    for row in body[start + 1 : start + 1 + max_rows]:
        step = (row.box[1] + row.box[3] - previous.box[1] - previous.box[3]) / 2
        if step > 1.7 * (previous.box[3] - previous.box[1]) or _looks_like_label(row.text) or find_date(row.text):
            break
        if any(find_row([row], labels) is not None for labels in stop_labels):
            break
        out.append(row.text.strip(_JUNK))
        previous = row
    return out


def _contains_fuzzy(text: str, phrase: str, threshold: float = 0.75) -> bool:
    """Whether some window of `text` matches `phrase` this well ("khongthothan" for "khongthoihan")."""
    n = len(phrase)
    return any(SequenceMatcher(None, text[k : k + n], phrase).ratio() >= threshold for k in range(len(text) - n + 1))


# What an address starts with; a scrap of one or two letters before it is what is left of a misread label
# ("N :a Xã Địa Linh" for "Nguyên quán Xã Địa Linh").
_LABEL_SCRAP = re.compile(
    r"^\W*\w{1,2}\W+(?=(Xã|Phường|Thị trấn|Thôn|Xóm|Ấp|Bản|Buôn|Tổ|Số|Khu|Khối|Làng|Đội|Thành phố|Huyện)\b)"
)


def join_address(parts: list[str]) -> str:
    parts = [p.strip(_JUNK) for p in parts if p.strip(_JUNK)]
    if parts:
        parts[0] = _LABEL_SCRAP.sub("", parts[0])
    return ", ".join(parts)


# --- front ------------------------------------------------------------------------------------------------


def parse_front(lines: list[OcrLine]) -> Parsed:
    width = max((ln.box[2] for ln in lines), default=0)
    main = [ln for ln in lines if ln.text.strip() and ln.box[0] > _LEFT_COLUMN * width]
    body = [r for r in rows(main) if not any(h in folded(r.text) for h in _HEADER)]
    out: dict[str, str] = {}
    stops = [FRONT_LABELS[f] for f in FRONT_LABELS if f != "id_number"]

    if (number := find_id_number(body)) is not None:
        out["id_number"] = number

    # Rows come in a fixed order (number, name, birth date, sex, origin, residence): when a label is misread
    # beyond matching, the row after the previous field's row is taken.
    id_row = next((k for k, r in enumerate(body) if re.search(r"\d{8}", digits_fixed(r.text).replace(" ", ""))), None)
    i = find_row(body, FRONT_LABELS["full_name"], threshold=0.6)
    if i is None and id_row is not None and id_row + 1 < len(body) and not find_date(body[id_row + 1].text):
        i = id_row + 1
    if i is not None and (name := caps_tail(body[i].text)):
        out["full_name"] = name

    i = find_row(body, FRONT_LABELS["date_of_birth"], threshold=0.6)
    dob_rows = [body[i]] if i is not None else [r for r in body if "sinh" in folded(r.text)]
    if i is None and not any(find_date(r.text) for r in dob_rows):
        # The label misread beyond matching ("Ngày, đứng năm áeớc: 13/10/1985"): the right-hand column prints
        # no other date (the expiry is under the photo).
        dob_rows = [r for r in body if not re.search(r"gia\s*tri\s*d|tri\s*den", folded(r.text))]
    if date := next((d for d in map(find_date, (r.text for r in dob_rows)) if d), None):
        out["date_of_birth"] = date

    sex_row = i = find_row(body, FRONT_LABELS["sex"], threshold=0.6)
    if i is None:  # the label is not at the start of its row (a box merged into the row before)
        i = next((k for k, r in enumerate(body) if re.search(r"gioi\s*tinh", folded(r.text))), None)
    if i is not None:
        # "Giới tính: Nam  Quốc tịch: Việt Nam": the "Nam" of Việt Nam is not the sex.
        text = re.split(r"quoc\s*tich|tich\s*:", folded(body[i].text))[0]
        text = re.split(r"gioi\s*tinh", text)[-1]
        m = _SEX.search(text.split(":", 1)[1] if ":" in text else text[len("gioi tinh") :])
        if m:
            out["sex"] = "Nam" if m.group(1) == "nam" else "Nữ"

    nationality = next((r.text for r in body if re.search(r"quoc\s*tich", folded(r.text))), None)
    if nationality is None and any(_contains_fuzzy(_compact(r.text), "vietnam", 0.85) for r in body):
        out["nationality"] = "Việt Nam"  # "Quốc tc¬ Việt Nam": the label is lost, the value is not
    elif nationality is not None:
        value = strip_label(re.split(r"(?i)qu[ốoô]c\s*t[ịi]ch", nationality)[-1], "")
        if SequenceMatcher(None, _compact(value), "vietnam").ratio() >= 0.7:
            out["nationality"] = "Việt Nam"
        elif value:
            out["nationality"] = value

    after = None if sex_row is None else sex_row + 1
    for name in ("place_of_origin", "place_of_residence"):
        i = find_row(body, FRONT_LABELS[name], threshold=0.7)
        if i is None and after is not None and after < len(body):
            # The next row, unless it is the residence's label row (the origin's row was lost).
            residence_label = name == "place_of_origin" and (
                find_row([body[after]], FRONT_LABELS["place_of_residence"], threshold=0.7) is not None
                or folded(body[after].text).startswith("noi ")
            )
            i = None if residence_label else after
        if i is None:
            continue
        more = continuation(body, i, stops, 1)
        after = i + 1 + len(more)
        if value := join_address([strip_label(body[i].text, FRONT_LABELS[name][0], address=True), *more]):
            out[name] = value

    # The expiry sits under the photo, left column: search every line, its date on it or next to it.
    all_rows = rows([ln for ln in lines if ln.text.strip()])
    i = next((k for k, r in enumerate(all_rows) if re.search(r"gia\s*tri\s*d|tri\s*den", folded(r.text))), None)
    if i is not None:
        candidates = [all_rows[i].text] + [r.text for r in all_rows[i + 1 : i + 2]]
        if date := next((d for d in map(find_date, candidates) if d), None):
            out["date_of_expiry"] = date
        elif any(_contains_fuzzy(_compact(c), "khongthoihan") for c in candidates):
            out["date_of_expiry"] = "Không thời hạn"
    else:
        # The label misread ("Có gá tí đếm. 12/10/2025"): the only date under the photo is the expiry.
        under_photo = (find_date(ln.text) for ln in lines if ln.box[0] <= _LEFT_COLUMN * width)
        if date := next((d for d in under_photo if d), None):
            out["date_of_expiry"] = date

    return Parsed(out, [f for f in FRONT_LABELS if f not in out])


# --- back -------------------------------------------------------------------------------------------------

_ISSUE = re.compile(r"(\d{1,2})\D{1,12}?(\d{1,2})\D{1,12}?(\d{4})")


def issue_date(text: str) -> str | None:
    """dd/mm/yyyy from "Ngày 15 tháng 03 năm 2018" (digit slips repaired); None when it is not that line."""
    f = folded(text)
    if not ("thang" in f or "nam" in f):
        return None
    m = _ISSUE.search(digits_fixed(text))
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{day:02d}/{month:02d}/{year:04d}"


# The marks follow a formula, "<kind> C:<n>cm <trên|dưới> <trước|sau> <feature> <trái|phải>"
# ("Sẹo chấm C:1cm trên trước đầu lông mày trái"). Tesseract drops the dot below in "Sẹo" and reads "dưới" as
# "đưới", so the words in those slots are put back by their folded form; the feature is left as read ("đuôi"
# and "dưới" fold alike).
_MARK = re.compile(
    r"^(?P<kind>.+?)\s+(?P<distance>C\s*:\s*\S+)\s+(?P<v>\S+)\s+(?P<h>\S+)\s+(?P<rest>.+?)\s+(?P<side>\S+)$"
)
_MARK_SLOTS = {
    "kind": ("Sẹo", "Sẹo chấm", "Nốt ruồi", "Nốt ruồi chấm"),
    "v": ("trên", "dưới"),
    "h": ("trước", "sau"),
    "side": ("trái", "phải"),
}


def fix_mark_words(text: str) -> str:
    """The formula's fixed words in their written form, whatever diacritics OCR gave them."""
    m = _MARK.match(" ".join(text.split()))
    if not m:
        return text
    parts = m.groupdict()
    for slot, words in _MARK_SLOTS.items():
        parts[slot] = next((w for w in words if folded(w) == folded(parts[slot])), parts[slot])
    return f"{parts['kind']} {parts['distance']} {parts['v']} {parts['h']} {parts['rest']} {parts['side']}"


def parse_back(lines: list[OcrLine]) -> Parsed:
    body = rows([ln for ln in lines if ln.text.strip()])
    out: dict[str, str] = {}
    date_row = next((k for k, r in enumerate(body) if issue_date(r.text)), None)
    if date_row is not None:
        out["date_of_issue"] = issue_date(body[date_row].text) or ""
    i = next((k for k, r in enumerate(body) if re.search(r"dac\s*diem|nhan\s*dang", folded(r.text))), None)
    if i is None:
        i = find_row(body, ("Đặc điểm nhân dạng",), threshold=0.6)
    if i is not None:
        own = body[i].text.split(":", 1)[1].strip() if ":" in body[i].text else ""
        # The marks run from the label to the issue date line (one line, sometimes two).
        end = date_row if date_row is not None and date_row > i else i + 3
        marks = [own] if own else []
        marks += [r.text.strip() for r in body[i + 1 : min(end, i + 3)]]
        if value := " ".join(m for m in marks if m):
            out["identifying_marks"] = fix_mark_words(value)
    return Parsed(out, [f for f in BACK_FIELDS if f not in out])


# Keywords are compared squeezed (no spaces or punctuation) and get partial credit for 75 % of their trigrams
# (`ocr.classify`), so they are short phrases whose trigrams across a word boundary occur on no other side:
# "Hạnh phúc" straight followed by "CĂN CƯỚC" (no English header line between), "Quốc tịch: Việt Nam" (no
# "/ Nationality"). The other printed labels ("Ngày, tháng, năm sinh", "Căn cước công dân") are shared with
# the chip card or the 2024 căn cước.
PARSERS = (
    DocumentParser(
        "cccd_2016_front",
        parse_front,
        fields=tuple(FRONT_LABELS),
        keywords=("phuc can", "tich viet"),
    ),
    DocumentParser(
        "cccd_2016_back",
        parse_back,
        fields=BACK_FIELDS,
        keywords=("dkql cu tru", "dlqg ve dan cu"),
        barcode=True,
    ),
)
