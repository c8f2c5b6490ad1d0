"""Recognised text lines and fuzzy label search shared by the document parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from assistant.textnorm import fold

# OCR reads these for digits inside number and date fields ("[5/09" is 15/09 in a serif face).
_DIGIT_FIXES = str.maketrans(
    {
        **dict.fromkeys("OoDQ", "0"),
        **dict.fromkeys("Il|[]ÏÎÍÌ", "1"),
        "Z": "2",
        "S": "5",
        "B": "8",
        "G": "6",
    }
)


@dataclass(frozen=True)
class Parsed:
    """What a document parser read: contract field → value, and the fields it looked for but did not find."""

    fields: dict[str, str]
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the rectified card image
    confidence: float = 1.0


def folded(text: str) -> str:
    return fold(text)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of one code point each cost one."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def label_score(text: str, label: str) -> float:
    """How well the start of `text` matches a printed label, tolerant of OCR slips ("Ho va ten", "Hovà tên")."""
    t = folded(text).replace(" ", "")
    lab = folded(label).replace(" ", "")
    head = t[: len(lab) + 2]
    return max(SequenceMatcher(None, head[: len(lab) + k], lab).ratio() for k in range(0, 3))


def find_label(lines: list[OcrLine], labels: tuple[str, ...], *, threshold: float = 0.8) -> int | None:
    """Index of the first line that starts with one of `labels` (Vietnamese or English form)."""
    best: tuple[float, int] | None = None
    for i, line in enumerate(lines):
        score = max(label_score(line.text, lab) for lab in labels)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, i)
    return best[1] if best else None


_AFTER_COLON = re.compile(r"[:：]\s*(.*)$")


def value_after_label(text: str) -> str:
    """The part of a line after its label's colon ("Giới tính / Sex: Nam" → "Nam"); "" when none."""
    m = _AFTER_COLON.search(text)
    return m.group(1).strip() if m else ""


def digits_fixed(text: str) -> str:
    return text.translate(_DIGIT_FIXES)


# Separators as printed (/, -, .) and as Tesseract reads them on a photo (–, —, ~, ,); a space may split a
# number on a photo ("23/1 1/1967").
_DATE = re.compile(r"(\d ?\d|\d)\s*[/.\-–—~,]\s*(\d ?\d|\d)\s*[/.\-–—~,]\s*(\d ?\d ?\d ?\d)")
# A separator lost under glare or blur ("3108/1944"): two-digit day and month, and a year of this or the
# last century, so that no other number on a card (12-digit, 9-digit) can be taken for it.
_SEP = r"(?:\s*[/.\-–—~,]\s*|)"  # a separator, or none and no space either
_DATE_JOINED = re.compile(rf"(?<!\d)(\d\d){_SEP}(\d\d){_SEP}((?:19|20)\d\d)(?!\d)")


def _date_of(m: re.Match[str]) -> tuple[str, bool]:
    """A date match as dd/mm/yyyy, and whether its day or month was read with one digit."""
    day, month, year = (group.replace(" ", "") for group in m.groups())
    return f"{int(day):02d}/{int(month):02d}/{year}", len(day) == 1 or len(month) == 1


def find_date(text: str) -> str | None:
    """First dd/mm/yyyy in the text, OCR digit slips repaired, zero-padded."""
    fixed = digits_fixed(text)
    m = _DATE.search(fixed) or _DATE_JOINED.search(fixed)
    return _date_of(m)[0] if m else None


def read_short(lines: list[OcrLine], value: str) -> bool:
    """Whether the date `value` (dd/mm/yyyy) was read from a line with a one-digit day or month. Cards
    print both with two digits, so a lone digit is one lost under glare or blur ("6-08-2001" for
    "16-08-2001"), and the date is then no better than a guess."""
    return any(_date_of(m) == (value, True) for line in lines for m in _DATE.finditer(digits_fixed(line.text)))


_ID12 = re.compile(r"(?<!\d)(\d{12})(?!\d)")


def find_id_number(lines: list[OcrLine]) -> str | None:
    for line in lines:
        # Spaces out first ("0791 9001 2345"), then kept: a stray mark read as a digit beside the number.
        fixed = digits_fixed(line.text)
        if m := _ID12.search(fixed.replace(" ", "")) or _ID12.search(fixed):
            return m.group(1)
    return None
