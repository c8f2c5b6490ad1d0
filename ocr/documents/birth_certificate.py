"""Birth certificate (giấy khai sinh, trích lục khai sinh): contract fields from the recognised lines of a page.

The page (form of Thông tư 04/2020/TT-BTP) prints "Label: value" rows, the values typed over dotted leader
lines. Detection may cut a row into several boxes (one per column) or keep it whole; Tesseract reads the
leader dots as runs of ".", as single dots between words ("LÊ.VĂN.AN") or inside them ("Huy.ện"). So:

1. boxes are grouped back into rows by their vertical position, left to right;
2. each row's first label is recognised fuzzily on its accent-free letters (OCR slips tolerated), and
   the column labels of that row ("Dân tộc", "Quốc tịch", "ghi bằng chữ") by approximate substring search;
3. a value is the text between its label and the next one, leaders removed and syllables split by a dot
   glued back when only the glued form is a Vietnamese syllable (`ocr.validation.names.parse_syllable`);
4. a row without a label continues the wrappable value of the row before (addresses, the date in words);
5. "Năm sinh", "Dân tộc", "Quốc tịch", "Nơi cư trú" belong to the parent whose name row came last (mother
   first, as printed); a second one for the same parent means the father's name row was missed.

Repairs that use only the page and public reference lists: the date in words and the date in digits are
the same date (`date_in_words`), so each confirms or replaces the other; a word that is not a Vietnamese
syllable gets Tesseract's dot-induced slips undone ("Lhái" → "Thái", "KJM" → "KIM"); addresses get their
unit words and the commas before them back, and their last part snapped to the 63 provinces
(`ocr.validation.provinces`); ethnicity snaps to the 54 official groups; the issuing authority's unit is
read from the header and from "Nơi đăng ký khai sinh" (title case, read more reliably). Names are returned
in capitals, as printed. What stays ambiguous: the upper half of a leader dot fused to a letter's foot can
still read as a dot below ("LOAN" → "LOẠN"); no name lexicon is used to undo it.

Before OCR, `remove_leader_dots(page)` paints out the leader dots: the free-standing ones, and the lower
halves of those fused to the letters above them (measured on tuning scans: 64.6 → 90.4 % of fields exact
with free dots only, then 94.4 → 99.6 % on 20 pages and 90.2 → 98.3 % on 20 more with the fused ones).
The pipeline should call it on a rectified page before detection.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

import cv2
import numpy as np

from ocr.documents import DocumentParser
from ocr.documents.lines import OcrLine, Parsed, digits_fixed, find_date
from ocr.validation.id_number import parse_id_number
from ocr.validation.names import parse_syllable
from ocr.validation.provinces import PROVINCES

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# The 54 ethnic groups of Việt Nam as civil-status forms write them.
ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
    "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Khơ Mú",
    "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì",
    "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô", "Mảng",
    "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)  # fmt: skip
NATIONALITY = "Việt Nam"
AUTHORITY = "ỦY BAN NHÂN DÂN"

FIELDS = (
    "document_variant",
    "child_full_name",
    "child_date_of_birth",
    "child_date_of_birth_in_words",
    "child_sex",
    "child_ethnicity",
    "child_nationality",
    "place_of_birth",
    "child_hometown",
    "child_id_number",
    "mother_full_name",
    "mother_year_of_birth",
    "mother_ethnicity",
    "mother_nationality",
    "mother_residence",
    "father_full_name",
    "father_year_of_birth",
    "father_ethnicity",
    "father_nationality",
    "father_residence",
    "registration_number",
    "registration_book",
    "registration_date",
    "issuing_authority",
)


# --- the date in words -------------------------------------------------------------------------------------


def _two_digits(n: int) -> str:
    """0–99 in words as dates are written: 15 "mười lăm", 21 "hai mươi mốt", 24 "hai mươi tư"."""
    if n < 10:
        return _DIGITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    if unit == 4 and tens > 1:
        return f"{head} tư"
    return f"{head} {_DIGITS[unit]}"


def _year_words(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    words = f"{_DIGITS[thousands]} nghìn"
    if hundreds == 0 and rest == 0:
        return words
    words += f" {_DIGITS[hundreds]} trăm"
    if rest == 0:
        return words
    return f"{words} linh {_DIGITS[rest]}" if rest < 10 else f"{words} {_two_digits(rest)}"


def date_in_words(value: date) -> str:
    """The "ghi bằng chữ" form: 05/03/2005 → "Ngày mồng năm tháng ba năm hai nghìn không trăm linh năm"."""
    day = f"mồng {_DIGITS[value.day] if value.day < 10 else 'mười'}" if value.day <= 10 else _two_digits(value.day)
    month = "tư" if value.month == 4 else _two_digits(value.month)
    return f"Ngày {day} tháng {month} năm {_year_words(value.year)}"


_WORD_VALUES = {
    "khong": 0, "mot": 1, "mots": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip


def _number(words: list[str]) -> int | None:
    """Accent-free number words below 10 000 ("hai nghin khong tram linh nam") → 2005; None if not a number."""
    total, current, seen = 0, 0, False
    for w in words:
        if w in ("mong", "linh", "le"):
            continue
        if w == "muoi":  # "mười" (ten) or "mươi" (tens): both fold to "muoi"
            current = (current or 1) * 10
        elif w in ("nghin", "ngan"):
            total, current = total + (current or 1) * 1000, 0
        elif w == "tram":
            total, current = total + current * 100, 0
        elif w in _WORD_VALUES:
            current += _WORD_VALUES[w]
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_date_words(text: str) -> date | None:
    """ "Ngày mồng năm tháng ba năm hai nghìn không trăm linh năm" → date(2005, 3, 5); None when unreadable."""
    words = [_closest_word(w) for w in _fold(text).replace(",", " ").split()]
    if "ngay" in words:
        words = words[words.index("ngay") + 1 :]
    if "thang" not in words:
        return None
    cut = words.index("thang")
    day_words, rest = words[:cut], words[cut + 1 :]
    # The year starts at the "năm" followed by a thousands number ("năm hai nghìn …"): month 5 is "tháng năm".
    year_at = next((i for i in range(len(rest) - 2) if rest[i] == "nam" and rest[i + 2] == "nghin"), None)
    if year_at is None:  # a slip in the thousands digit's word: the first "năm" with "nghìn" soon after
        year_at = next((i for i in range(len(rest)) if rest[i] == "nam" and "nghin" in rest[i + 1 : i + 4]), None)
    if year_at is None:
        return None
    day, month, year = _number(day_words), _number(rest[:year_at]), _number(rest[year_at + 1 :])
    if day is None or month is None or year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


_NUMBER_WORDS = (*_WORD_VALUES, "muoi", "nghin", "tram", "linh", "mong", "ngay", "thang")


def _closest_word(word: str) -> str:
    if word in _NUMBER_WORDS:
        return word
    best = max(_NUMBER_WORDS, key=lambda w: SequenceMatcher(None, word, w).ratio())
    return best if SequenceMatcher(None, word, best).ratio() >= 0.75 else word


# --- image clean-up ----------------------------------------------------------------------------------------


def remove_leader_dots(page_bgr: np.ndarray) -> np.ndarray:
    """The page with its dotted leaders painted over with the paper around them.

    A leader dot is a speck no larger than ~0.7 mm on a row of specks one leader pitch apart (the pitch is
    measured on the page: the commonest gap between neighbouring specks of a row). A speck counts when
    another speck of its row lies a whole number of pitches away (up to three: a single dot between two
    words has its neighbours hidden under letters), or when it sits on the grid of a row's leader dots; an
    "i" dot, a dot below ("ạ") or a full stop has neither. The dots under a word merge with the letters and
    are handled by `_merged_dots`. Without the leaders the detector cuts each row into one box per label and
    value instead of dropping low-scoring long boxes, and Tesseract no longer reads short values as
    "N........" or a leader dot under a letter as a dot below (measured in docs/ocr.md).
    Sizes are fractions of the image height, so the page must fill the image (a scan, or a rectified photo).
    """
    gray = cv2.cvtColor(page_bgr, cv2.COLOR_BGR2GRAY)
    height = gray.shape[0]
    size = max(7, height // 120) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    paper = cv2.dilate(gray, kernel)  # the local paper tone: brighter than any stroke within `size` px
    ink = ((paper.astype(np.int16) - gray) > 60).astype(np.uint8)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    largest = max(3, round(height / 450))
    specks = np.flatnonzero((stats[:, 2] <= largest) & (stats[:, 3] <= largest) & (np.arange(count) > 0))
    specks = specks[np.lexsort((centroids[specks, 0], centroids[specks, 1]))]
    xs, ys = centroids[specks, 0], centroids[specks, 1]
    rows = _speck_rows(ys)
    pitch = _leader_pitch(xs, rows, height)
    if pitch is None:
        return page_bgr.copy()
    tolerance = max(1.0, 0.12 * pitch)
    leader = np.zeros(count, bool)
    for members in rows:
        row_x = xs[members]
        for j, i in enumerate(members):
            dx = np.abs(row_x - row_x[j])
            k = np.round(dx / pitch)
            leader[specks[i]] = bool(np.any((k >= 1) & (k <= 3) & (np.abs(dx - k * pitch) <= tolerance)))
    _leader_grid(leader, specks, xs, rows, pitch)
    mask = cv2.dilate(leader[labels].astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    leader_rows = [ids[leader[ids]] for ids in (specks[members] for members in rows)]
    mask |= _merged_dots(ink.astype(bool), stats, centroids, leader_rows, pitch)
    out = page_bgr.copy()
    out[mask] = cv2.dilate(page_bgr, kernel)[mask]
    return out


def _speck_rows(ys: np.ndarray) -> list[np.ndarray]:
    """Indices (into ys, sorted by y) grouped into rows: a new row starts after a jump of more than 1.5 px."""
    if len(ys) == 0:
        return []
    breaks = np.flatnonzero(np.diff(ys) > 1.5) + 1
    return np.split(np.arange(len(ys)), breaks)


def _leader_pitch(xs: np.ndarray, rows: list[np.ndarray], height: int) -> float | None:
    """The commonest gap between horizontal neighbours of a row of specks, if leaders make one common."""
    gaps = np.concatenate([np.diff(np.sort(xs[members])) for members in rows if len(members) > 1] or [[]])
    gaps = gaps[(gaps >= 2.5) & (gaps <= height * 0.012)]
    if len(gaps) < 20:
        return None
    values, counts = np.unique(np.round(gaps), return_counts=True)
    mode = values[np.argmax(counts)]
    near = gaps[np.abs(gaps - mode) <= 1.0]  # a pitch of 6.5 px shows as gaps of 6 and 7
    return float(np.mean(near)) if len(near) >= 10 else None


def _leader_grid(leader: np.ndarray, specks: np.ndarray, xs: np.ndarray, rows: list[np.ndarray], pitch: float) -> None:
    """Also mark specks of a leader row that sit on its dot grid, a whole number of pitches from the nearest
    leader dot (between the legs of an "A", where a leader dot would read as the dot below of "Ạ"). Marked
    dots anchor the next pass, so the grid reaches along a row however the pitch drifts."""
    tolerance = max(1.0, 0.15 * pitch)
    for members in rows:
        ids = specks[members]
        for _ in range(4):
            on = leader[ids]
            if on.sum() < 3 or on.all():
                break
            anchors = xs[members][on]
            steps = np.diff(anchors)
            counts = np.round(steps / pitch)
            fits = (counts >= 1) & (np.abs(steps - counts * pitch) <= tolerance)
            row_pitch = float(steps[fits].sum() / counts[fits].sum()) if fits.any() else pitch
            changed = False
            for j in np.flatnonzero(~on):
                distance = float(np.min(np.abs(anchors - xs[members][j])))
                k = round(distance / row_pitch)
                if 1 <= k <= 40 and abs(distance - k * row_pitch) <= tolerance:
                    leader[ids[j]] = changed = True
            if not changed:
                break


def _merged_dots(
    ink: np.ndarray, stats: np.ndarray, centroids: np.ndarray, leader_rows: list[np.ndarray], pitch: float
) -> np.ndarray:
    """The halves of leader dots that stick out under letters, which the speck tests above cannot see.

    Values sit on the leader, so the dots under a word merge with the letters' feet, and Tesseract reads a
    bump under "Ă" as the dot below of "Ặ" ("VĂN" → "VẶN"). Between two free leader dots of a row the hidden
    dots lie on the same grid, in the same band of rows. A dot is centred on the baseline: only its half on
    the far side from the letters is erased (letters without a descender never reach there, so a foot bar
    keeps its shape), and only in columns where nothing continues beyond the band (a descender, or a stem
    on the far side when the page is still upside down).
    """
    mask = np.zeros_like(ink)
    img_h, img_w = ink.shape
    for members in leader_rows:  # component labels of one row's leader dots
        if len(members) < 3:
            continue
        members = members[np.argsort(centroids[members, 0])]
        xs = centroids[members, 0]
        steps = np.diff(xs)
        if np.count_nonzero(np.abs(steps - pitch) <= 0.15 * pitch) < 2:
            continue
        top = int(np.median(stats[members, 1]))
        bottom = int(np.median(stats[members, 1] + stats[members, 3])) - 1
        half = int(np.median(stats[members, 2])) // 2 + 1
        if top < 3 or bottom + 3 >= img_h:
            continue
        above = ink[top - 2 : top].any(axis=0)
        below = ink[bottom + 1 : bottom + 3].any(axis=0)
        span = slice(int(xs[0]), int(xs[-1]) + 1)
        centre = (top + bottom) // 2
        if np.count_nonzero(above[span]) >= np.count_nonzero(below[span]):  # letters stand on the leader
            rows, beyond = slice(centre + 1, bottom + 2), below
        else:  # upside down: the letters hang from it
            rows, beyond = slice(top - 1, centre), above
        for left, step in zip(xs[:-1], steps, strict=True):
            hidden = round(step / pitch) - 1
            if hidden < 1 or hidden > 80 or abs(step - (hidden + 1) * pitch) > 0.5 * pitch:
                continue
            gap = step / (hidden + 1)
            for k in range(1, hidden + 1):
                middle = round(left + k * gap)
                x0, x1 = max(0, middle - half), min(img_w, middle + half + 1)
                mask[rows, x0:x1] |= ~beyond[None, x0:x1]
    return mask


# --- text clean-up -----------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].lower()
    return "d" if base == "đ" else base


def _fold(text: str) -> str:
    """Lower case without diacritics, one character per input character (NFC), so positions carry over."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def _key(text: str) -> tuple[str, list[int]]:
    """The folded letters and digits of `text` and, for each, its index in `text`."""
    chars, where = [], []
    for i, c in enumerate(_fold(text)):
        if c.isalnum():
            chars.append(c)
            where.append(i)
    return "".join(chars), where


_LEADERS = re.compile(r"(?:\s*[.…·•‥_˙„]\s*){2,}")
_DOT_IN_WORD = re.compile(r"(?<=[^\W_])\.(?=[^\W\d_])|(?<=[^\W\d_])\.(?=\d)")
_EDGES = " .,:;_-|'\"`~*•·…‘’“”„"
# Tesseract's slips on letters touched by a leader dot: T with a dot at its foot reads as L, J, 1, ], I or E;
# an "h" or "i" with a dot beside it as "b" or "j". Tried only on words that are not Vietnamese syllables.
_CONFUSIONS = {"L": "T", "J": "T", "1": "T", "]": "T", "I": "T", "E": "T", "b": "h", "j": "i"}


def _merge_split_syllables(words: list[str]) -> list[str]:
    """Glue "Huy ện" → "Huyện", "P hước" → "Phước" when the glued form is a syllable and a part is not, or
    the second part starts with a lower-case vowel (in title-case text every word starts with a capital)."""
    out: list[str] = []
    for word in words:
        if out and out[-1][-1:].isalpha() and word[:1].isalpha():
            glued = out[-1] + word
            second = word.rstrip(",.")
            vowel_start = second[:1].islower() and _fold(second[:1]) in "aeiouy"
            if parse_syllable(glued.rstrip(",.")) and (
                vowel_start or not (parse_syllable(out[-1]) and parse_syllable(second))
            ):
                out[-1] = glued
                continue
        out.append(word)
    return out


def _repair_word(word: str) -> str:
    """A non-syllable word turned into a syllable by undoing one or two typical slips ("Lhái" → "Thái")."""
    core = word.rstrip(",")
    if not core or not any(c.isalpha() for c in core) or any(c.isdigit() for c in core[1:]) or parse_syllable(core):
        return word
    options = []
    for i, char in enumerate(core):
        subs = [_CONFUSIONS[char]] if char in _CONFUSIONS and (i == 0 or char in "bj") else []
        if char == "J" and i > 0:
            subs = ["I", ""]
        if char in "Ww":
            subs = ["V" if char == "W" else "v", ""]
        options.append([char, *subs])
    for changes in (1, 2):
        for i in range(len(core)):
            for a in options[i][1:]:
                first = core[:i] + a + core[i + 1 :]
                if changes == 1:
                    if parse_syllable(first):
                        return first + word[len(core) :]
                    continue
                for j in range(i + 1, len(core)):
                    for b in options[j][1:]:
                        second = first[:j] + b + first[j + 1 :]
                        if parse_syllable(second):
                            return second + word[len(core) :]
    return word


_UNITS = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Xã")  # a comma goes before each
# "Trạm Y tế Xã …", "Bệnh viện Đa khoa Huyện …", "Phụ sản Hà Nội", "Ủy ban nhân dân Xã …": no comma before the unit.
_NO_COMMA_AFTER = ("te", "khoa", "san", "dan")
_PHUONG_SLIP = re.compile(r"^P\w{0,2}ường$")  # "Pbiường", "Phưường": the dot beside the h
_PLACE_PREFIXES = ("Bệnh viện Đa khoa", "Bệnh viện Phụ sản", "Trạm Y tế")
PROVINCE_NAMES = tuple(name.replace("–", "-") for name in PROVINCES.values())


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold(text))


@lru_cache(maxsize=1)
def _province_matchers() -> tuple[tuple[str, SequenceMatcher], ...]:
    """One matcher per province with its squashed name as the second sequence (difflib caches that side)."""
    return tuple((name, SequenceMatcher(None, "", _squash(name), autojunk=False)) for name in PROVINCE_NAMES)


def _unit_at(words: list[str], i: int) -> tuple[str, int] | None:
    """The administrative unit word(s) starting at words[i] ("Lhành phố" → ("Thành phố", 2)).

    One-word units must match with their diacritics ("Phương", "Quân" are names; "Phường", "Quận" units),
    or without them right after a comma; two-word ones are distinctive enough to match loosely.
    """
    word = words[i].rstrip(",")
    if not word[:1].isupper() and word[:1].isalpha():
        return None  # unit words are capitalised; "phố" inside a name is not one
    after_comma = i > 0 and words[i - 1].endswith(",")
    if _PHUONG_SLIP.match(word):
        return "Phường", 1
    for unit in _UNITS:
        n = len(unit.split())
        if i + n > len(words):
            continue
        got = " ".join(words[i : i + n]).rstrip(",")
        if n == 1 and (got.lower() == unit.lower() or (after_comma and _squash(got) == _squash(unit))):
            return unit, n
        if n == 2 and _squash(got) == _squash(unit) and got[:1].isupper():
            return got, n  # "Thành Phố Bắc Kạn": as printed
        if n == 2 and SequenceMatcher(None, _squash(got), _squash(unit)).ratio() >= 0.8:
            return unit, n
    return None


def _place_prefix(words: list[str]) -> list[str]:
    """ "Bệnh viện Phu sản …" → "Bệnh viện Phụ sản …": the institution words that open a place of birth."""
    for prefix in _PLACE_PREFIXES:
        n = len(prefix.split())
        if len(words) > n and SequenceMatcher(None, _squash(" ".join(words[:n])), _squash(prefix)).ratio() >= 0.85:
            return prefix.split() + words[n:]
    return words


def clean_address(text: str) -> str:
    """An address or place: `clean_value`, word slips repaired, commas before unit words, province snapped."""
    words = _place_prefix([_repair_word(w) for w in clean_value(text).split()])
    out: list[str] = []
    i = 0
    while i < len(words):
        unit = _unit_at(words, i)
        if unit is None:
            out.append(words[i])
            i += 1
            continue
        name, n = unit
        if out and not out[-1].endswith(",") and _squash(out[-1]) not in _NO_COMMA_AFTER:
            out[-1] += ","
        out.extend(name.split())
        if words[i + n - 1].endswith(","):
            out[-1] += ","
        i += n
    # The last part is the province: snap it to the 63 names when close, with its comma.
    best: tuple[float, int, str] | None = None
    for k in range(1, min(5, len(out)) + 1):
        tail = _squash(" ".join(out[-k:]))
        for province, matcher in _province_matchers():
            if abs(len(tail) - len(matcher.b)) > len(matcher.b) // 2:
                continue
            matcher.set_seq1(tail)
            if matcher.quick_ratio() < 0.8:
                continue
            ratio = matcher.ratio()
            if ratio >= 0.8 and (best is None or ratio > best[0]):
                best = (ratio, k, province)
    if best is not None:
        _, k, province = best
        out = out[:-k]
        if out and not out[-1].endswith(",") and _squash(out[-1]) not in _NO_COMMA_AFTER:
            out[-1] += ","
        out.extend(province.split())
    return re.sub(r"(?<=\d)\.(?=\d)", "", " ".join(out)).strip(_EDGES)


def clean_value(text: str) -> str:
    """A value as typed: leader dots, stray edge punctuation and dot-split syllables repaired."""
    # "Ð" (U+00D0, Icelandic eth) is Tesseract's frequent stand-in for "Đ".
    text = unicodedata.normalize("NFC", text).replace("…", "..").replace("Ð", "Đ")
    text = _LEADERS.sub(" ", text)
    text = _DOT_IN_WORD.sub(" ", text)
    text = re.sub(r"\s*,\s*", ", ", text)
    words = [w.strip(_EDGES.replace(",", "")) for w in text.split()]
    words = _merge_split_syllables([w for w in words if w])
    return " ".join(words).strip(_EDGES)


def _name(text: str) -> str:
    """A name in capitals: letters only ("W" is Tesseract's "V": Vietnamese has no W)."""
    words = [_repair_word(re.sub(r"[^\w]|\d|_", "", w)) for w in clean_value(text).split()]
    return " ".join(w for w in words if w).upper().replace("W", "V")


def _snap(value: str, choices: tuple[str, ...], threshold: float) -> str:
    folded = _fold(value).replace(" ", "")
    if not folded:
        return value
    score, best = max((SequenceMatcher(None, folded, _fold(c).replace(" ", "")).ratio(), c) for c in choices)
    return best if score >= threshold else value


# --- labels and rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    name: str
    key: str  # folded letters and digits
    wraps: bool = False  # the value may continue on the next row


_ROW_LABELS = (
    _Label("child_name", "hochudemten"),
    _Label("mother_name", "hochudemtennguoime"),
    _Label("father_name", "hochudemtennguoicha"),
    _Label("declarant", "hochudemtennguoidikhaisinh"),
    _Label("dob", "ngaythangnamsinh"),
    _Label("words", "ghibangchu", wraps=True),
    _Label("sex", "gioitinh"),
    _Label("ethnicity", "dantoc"),
    _Label("nationality", "quoctich"),
    _Label("place_of_birth", "noisinh", wraps=True),
    _Label("hometown", "quequan", wraps=True),
    _Label("id_number", "sodinhdanhcanhan"),
    _Label("year", "namsinh"),
    _Label("residence", "noicutru", wraps=True),
    _Label("id_paper", "giaytotuythan"),
    _Label("registration_place", "noidangkykhaisinh", wraps=True),
    _Label("registration_date", "ngaythangnamdangky"),
    _Label("number", "so"),
    _Label("book", "quyenso"),
)
_BY_NAME = {label.name: label for label in _ROW_LABELS}
# Labels that may follow another one on the same printed row.
_COLUMNS = {
    "dob": ("words",),
    "sex": ("ethnicity", "nationality"),
    "year": ("ethnicity", "nationality"),
    "ethnicity": ("nationality",),
    "declarant": ("id_paper",),
}


def _prefix_distances(label: str, text: str, limit: int | None = None) -> list[int] | None:
    """Edit distance between `label` and every prefix text[:k], k = 0 … len(text); None as soon as every
    prefix is more than `limit` edits away (most labels fail within a few letters)."""
    previous = list(range(len(text) + 1))
    for i, ca in enumerate(label, 1):
        current = [i]
        for j, cb in enumerate(text, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return None
        previous = current
    return previous


def _all_distances(label: str, text: str) -> list[int]:
    distances = _prefix_distances(label, text)
    assert distances is not None  # no limit given
    return distances


def _allowed_errors(label: str) -> int:
    return 0 if len(label) <= 3 else max(1, round(len(label) * 0.2))


def _prefix_label(key: str) -> tuple[_Label, int] | None:
    """The label the row starts with and how many key characters it spans; fewest errors, then longest label
    ("Họ, chữ đệm, tên người mẹ" is also "Họ, chữ đệm, tên" followed by a value)."""
    best: tuple[int, int, _Label, int] | None = None  # (errors, -length, label, span)
    for label in _ROW_LABELS:
        n = len(label.key)
        distances = _prefix_distances(label.key, key[: n + 2], _allowed_errors(label.key))
        if distances is None:
            continue
        spans = range(max(1, n - 2), min(len(distances), n + 3))
        if not spans:
            continue
        span = min(spans, key=lambda k: (distances[k], -k))
        if label.name in ("number", "book") and key[span : span + 1].isalpha():
            continue  # "Số: 357", "Quyển số: 01/2005": a number follows, not "định danh"
        if distances[span] <= _allowed_errors(label.key):
            candidate = (distances[span], -n, label, span)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
    if best is None:
        return None
    label, span = best[2], best[3]
    if label.name == "child_name" and _prefix_distances("nguoi", key[span : span + 6], 1) is not None:
        # "Họ, chữ đệm, tên người …" with a slip in "mẹ"/"cha": the closest of the parents' and declarant's labels.
        # (A row cut short has no span of the longer label's length: such a label scores as all wrong.)
        parent = min(
            (_BY_NAME[n] for n in ("mother_name", "father_name", "declarant")),
            key=lambda lab: min(
                _all_distances(lab.key, key[: len(lab.key) + 2])[len(lab.key) - 2 :], default=len(lab.key)
            ),
        )
        distances = _all_distances(parent.key, key[: len(parent.key) + 2])
        spans = range(len(parent.key) - 2, len(distances))
        if spans:
            label, span = parent, min(spans, key=lambda k: (distances[k], -k))
    return label, span


def _find_inside(key: str, pattern: str) -> tuple[int, int] | None:
    """Approximate substring search (Sellers): (start, end) in `key` of the best match, or None."""
    limit = _allowed_errors(pattern)
    m = len(pattern)
    cost = list(range(m + 1))
    start = [0] * (m + 1)
    best: tuple[int, int, int] | None = None  # (errors, start, end)
    for j, c in enumerate(key, 1):
        new_cost, new_start = [0], [j]
        for i in range(1, m + 1):
            options = (
                (cost[i - 1] + (pattern[i - 1] != c), start[i - 1]),
                (cost[i] + 1, start[i]),
                (new_cost[i - 1] + 1, new_start[i - 1]),
            )
            value, origin = min(options)
            new_cost.append(value)
            new_start.append(origin)
        cost, start = new_cost, new_start
        if cost[m] <= limit and (best is None or cost[m] < best[0]):
            best = (cost[m], start[m], j)
    return None if best is None else (best[1], best[2])


@dataclass
class _Row:
    lines: list[OcrLine]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in sorted(self.lines, key=lambda ln: ln.box[0]))

    @property
    def top(self) -> int:
        return min(line.box[1] for line in self.lines)


def _rows(lines: list[OcrLine]) -> list[_Row]:
    """Boxes whose vertical centres are within half a line height of each other form one row."""
    rows: list[_Row] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        centre, height = (line.box[1] + line.box[3]) / 2, line.box[3] - line.box[1]
        if rows:
            last = rows[-1].lines[-1]
            if abs(centre - (last.box[1] + last.box[3]) / 2) < min(height, last.box[3] - last.box[1]) / 2:
                rows[-1].lines.append(line)
                continue
        rows.append(_Row([line]))
    return rows


def _split_row(text: str) -> list[tuple[str, str]] | None:
    """[(label name, raw value)] of a labelled row, None when the row has no label at its start."""
    key, where = _key(text)
    found = _prefix_label(key)
    if found is None:
        return None
    label, span = found
    pieces: list[tuple[str, int, int]] = [(label.name, 0, span)]  # label name, key start, key end
    for name in _COLUMNS.get(label.name, ()):
        position = pieces[-1][2]
        hit = _find_inside(key[position:], _BY_NAME[name].key)
        if hit is not None:
            pieces.append((name, position + hit[0], position + hit[1]))
    out = []
    for k, (name, _, end) in enumerate(pieces):
        value_start = where[end - 1] + 1 if end > 0 else 0
        value_end = where[pieces[k + 1][1]] if k + 1 < len(pieces) else len(text)
        out.append((name, text[value_start:value_end]))
    return out


# --- fields ------------------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_ID12 = re.compile(r"(?<!\d)(\d{12})(?!\d)")
_BOOK = re.compile(r"(\d{1,3})\s*/\s*(\d{4})")


def _digits(text: str) -> str:
    return re.sub(r"[\s.,]", "", digits_fixed(clean_value(text)))


def _id_number(text: str, date_of_birth: str | None, sex: str | None) -> str | None:
    """The 12-digit number; a leader dot read as a 13th digit is dropped when exactly one deletion leaves a
    number that agrees with the child's date of birth and sex printed above it."""
    digits = _digits(text)
    if m := _ID12.search(digits):
        return m.group(1)
    run = max(re.findall(r"\d+", digits), key=len, default="")
    if len(run) != 13 or date_of_birth is None:
        return None
    try:
        dob = date(*reversed([int(v) for v in date_of_birth.split("/")]))
    except ValueError:
        return None
    fits = {run[:i] + run[i + 1 :] for i in range(13)}
    fits = {c for c in fits if parse_id_number(c, date_of_birth=dob, sex=sex).valid}
    return fits.pop() if len(fits) == 1 else None


def _authority_unit(rows: list[_Row]) -> str | None:
    """The unit under "ỦY BAN NHÂN DÂN" in the header's left column."""
    for i, row in enumerate(rows[:8]):
        for line in row.lines:
            if _find_inside(_key(line.text)[0], "uybannhandan") is None:
                continue
            centre = (line.box[0] + line.box[2]) / 2
            for below in rows[i + 1 : i + 3]:
                for other in below.lines:
                    if abs((other.box[0] + other.box[2]) / 2 - centre) < (line.box[2] - line.box[0]):
                        unit = _name(other.text)
                        if unit and not _find_inside(_key(unit)[0], "doclap"):
                            return unit
    return None


def _variant(rows: list[_Row]) -> str | None:
    for row in rows:
        key = _key(row.text)[0]
        if _find_inside(key, "trichluc"):
            return "trich_luc"
        if _find_inside(key, "giaykhaisinh"):
            return "ban_chinh"
    return None


def parse_birth_certificate(lines: list[OcrLine]) -> Parsed:
    """Contract fields of a birth certificate page from its recognised lines (any reading order)."""
    rows = _rows([ln for ln in lines if ln.text.strip()])
    raw: dict[str, str] = {}
    section = "child"
    seen_child = False
    last_wrapping: str | None = None
    for row in rows:
        pieces = _split_row(row.text)
        if pieces is not None and pieces[0][0] in ("number", "book") and seen_child:
            pieces = None  # "Số …" below the title starts a value ("Số 12 Lê Lợi"), not the register number
        if pieces is None:
            if last_wrapping is not None and last_wrapping in raw:
                raw[last_wrapping] += " " + row.text
            last_wrapping = None
            continue
        last_wrapping = None
        for name, value in pieces:
            if name == "child_name":
                seen_child = True
            if name in ("mother_name", "father_name"):
                section = name.split("_")[0]
                seen_child = True
            if name == "declarant":
                section = "declarant"
            field = name
            if name in ("year", "ethnicity", "nationality", "residence"):
                if section in ("child", "declarant") and name in ("year", "residence"):
                    continue
                field = f"{section}:{name}"
                if field in raw and section == "mother":
                    section, field = "father", f"father:{name}"  # the father's name row was missed
            if field not in raw:
                raw[field] = value
                last_wrapping = field if _BY_NAME[name].wraps else None

    out: dict[str, str] = {}
    if (variant := _variant(rows)) is not None:
        out["document_variant"] = variant
    if name := _name(raw.get("child_name", "")):
        out["child_full_name"] = name

    digits_date = find_date(clean_value(raw.get("dob", "")).replace(" ", ""))
    words_date = parse_date_words(clean_value(raw.get("words", "")))
    if digits_date is None and words_date is not None:
        digits_date = words_date.strftime("%d/%m/%Y")
    if digits_date is not None:
        out["child_date_of_birth"] = digits_date
    words = clean_value(raw.get("words", ""))
    if digits_date is not None:
        day, month, year = (int(v) for v in digits_date.split("/"))
        try:
            expected = date_in_words(date(year, month, day))
        except ValueError:
            expected = None
        # The same date twice: the words confirm (and spell) the digits when they mostly agree.
        if expected and (not words or SequenceMatcher(None, _fold(words), _fold(expected)).ratio() >= 0.75):
            words = expected
    if words:
        out["child_date_of_birth_in_words"] = words

    sex = _fold(clean_value(raw.get("sex", ""))).split()
    if sex and sex[0] in ("nam", "nu"):
        out["child_sex"] = "Nam" if sex[0] == "nam" else "Nữ"
    for section_name, prefix in (("child", "child"), ("mother", "mother"), ("father", "father")):
        if eth := clean_value(raw.get(f"{section_name}:ethnicity", "")):
            out[f"{prefix}_ethnicity"] = _snap(eth, ETHNIC_GROUPS, 0.7)
        if nat := clean_value(raw.get(f"{section_name}:nationality", "")):
            out[f"{prefix}_nationality"] = _snap(nat, (NATIONALITY,), 0.6)
    for source, field in (("place_of_birth", "place_of_birth"), ("hometown", "child_hometown")):
        if value := clean_address(raw.get(source, "")):
            out[field] = value
    if number := _id_number(raw.get("id_number", ""), out.get("child_date_of_birth"), out.get("child_sex")):
        out["child_id_number"] = number

    for parent in ("mother", "father"):
        if name := _name(raw.get(f"{parent}_name", "")):
            out[f"{parent}_full_name"] = name
        if m := _YEAR.search(_digits(raw.get(f"{parent}:year", ""))):
            out[f"{parent}_year_of_birth"] = m.group(1)
        if value := clean_address(raw.get(f"{parent}:residence", "")):
            out[f"{parent}_residence"] = value

    if number := re.sub(r"\D", "", _digits(raw.get("number", ""))):
        out["registration_number"] = number
    book = re.sub(r"(?<=\d)[.,\s](?=\d)", "", digits_fixed(clean_value(raw.get("book", ""))))
    if m := _BOOK.search(book):
        out["registration_book"] = f"{int(m.group(1)):02d}/{m.group(2)}"
    if registered := find_date(clean_value(raw.get("registration_date", "")).replace(" ", "")):
        out["registration_date"] = registered

    unit = _authority_unit(rows)
    place = clean_address(raw.get("registration_place", ""))
    place_key, place_where = _key(place)
    if hit := _find_inside(place_key, "uybannhandan"):
        from_place = _name(place[place_where[hit[1] - 1] + 1 :].lstrip(" ,").split(",")[0])
        # The place row is title case, which Tesseract reads more reliably than the header's bold capitals
        # (stacked marks): it wins whenever the two are the same letters or the header is not Vietnamese.
        same = unit is not None and _squash(unit) == _squash(from_place)
        if from_place and (unit is None or same or not all(parse_syllable(w) for w in unit.split())):
            unit = from_place
    if unit:
        out["issuing_authority"] = f"{AUTHORITY} {unit}"
    return Parsed(out, [f for f in FIELDS if f not in out])


PARSERS = (
    DocumentParser(
        "birth_certificate",
        parse_birth_certificate,
        fields=FIELDS,
        keywords=("giay khai sinh", "trich luc khai sinh", "nguoi di khai sinh", "ten nguoi me", "ten nguoi cha"),
        page=True,
    ),
)
