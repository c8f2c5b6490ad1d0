"""Match an OCR'd address against the gazetteer of administrative units and correct its unit names.

Cards print "Thôn 3, Xã Nghĩa Trung, Huyện Nghĩa Đàn, Nghệ An" (pre-2025: commune, district, province) or,
from 2025, "Số 12, Phường Ba Đình, Thành phố Hà Nội" (commune, province). OCR drops or swaps diacritics,
confuses similar letters (l/i/1, n/u, c/e, o/0, rn/m), merges words ("NghĩaTrung") and loses commas. So:

- parts are split on commas and matched right to left, each level among the children of the level above:
  province, then district and commune (old reading) or commune (new reading); the reading whose levels
  score best wins (more levels matched beat fewer);
- each part is compared on its `fold()`ed form (no accents, no spaces), with an edit distance in which
  look-alike letters cost half; the type word (Xã, Phường, Thị trấn, Huyện, Quận, Thị xã, Thành phố, Tỉnh,
  Đặc khu, TP., P., Q., ...; also misread by a letter or glued to the name) is read separately and must suit
  the level; accents only break ties;
- only when that reading is poor, lost commas are restored: the last words of a part are tried as a unit;
- names absorbed by the 2019–2025 mergers (accent-free former names from the source) are recognised and
  kept as read, mapped to the unit that absorbed them.

`correct_address()` returns the corrected text only when every level is read exactly or scores at least
`MIN_SCORE` and beats the runner-up of its level by `MIN_MARGIN`, and nothing before the units reads as an
unknown unit ("Xã Xyz, Huyện ..."). Thresholds measured on tuning persons with OCR-like corruption
(tests/ocr/test_addresses.py): about 99.5 % corrected exactly, under 0.5 % changed wrongly; all 13,356
units of the gazetteer printed cleanly come back unchanged. What precedes the units (house, street,
hamlet) is kept as read. Unit types are kept as read, corrected in spelling only: a card of 2021 says
"Huyện Phong Điền" where the 2025 list says "Thị xã", and both are right.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from ocr.gazetteer import Era, Level, Unit, fold, load
from ocr.validation import Problem

MIN_SCORE = 0.8  # lowest level score that correct_address() trusts
MIN_MARGIN = 0.04  # and by how much it must beat the runner-up of that level
_LEVEL_FLOOR = 0.6  # below this a part is not that unit at all
_RUNNER_UP = 0.15  # a second-best province or district is tried when this close to the best

# Type words: folded spelling → (canonical spelling, levels it can introduce, group for comparing types)
_TYPES: dict[str, tuple[str, frozenset[str], str]] = {
    "tinh": ("Tỉnh", frozenset({"province"}), "tinh"),
    "thanhpho": ("Thành phố", frozenset({"province", "district"}), "thanhpho"),
    "tp": ("TP.", frozenset({"province", "district"}), "thanhpho"),
    "quan": ("Quận", frozenset({"district"}), "quan"),
    "q": ("Q.", frozenset({"district"}), "quan"),
    "huyen": ("Huyện", frozenset({"district"}), "huyen"),
    "h": ("H.", frozenset({"district"}), "huyen"),
    "thixa": ("Thị xã", frozenset({"district"}), "thixa"),
    "tx": ("TX.", frozenset({"district"}), "thixa"),
    "phuong": ("Phường", frozenset({"ward"}), "phuong"),
    "p": ("P.", frozenset({"ward"}), "phuong"),
    "xa": ("Xã", frozenset({"ward"}), "xa"),
    "x": ("X.", frozenset({"ward"}), "xa"),
    "thitran": ("Thị trấn", frozenset({"ward"}), "thitran"),
    "tt": ("TT.", frozenset({"ward"}), "thitran"),
    "dackhu": ("Đặc khu", frozenset({"ward"}), "dackhu"),
}
_TWO_SYLLABLES = frozenset({"thanhpho", "thixa", "thitran", "dackhu"})
_WORD_TYPES = tuple(sorted((k for k, v in _TYPES.items() if not v[0].endswith(".")), key=len, reverse=True))
# "TP." and the like; OCR reads the T of TP./TX./TT. as l, i or 1 too
_ABBREVIATION = re.compile(r"\s*([tli1][ptx]|[pqhx])\s*\.\s*", re.IGNORECASE)
_MAX_CUT_WORDS = 5  # longest unit name + type, in words, looked for at the end of a part
_SPLIT_COST = 0.05  # a reading that restores a lost comma must be that much better
_GOOD = 0.95  # a whole part matching this well is not split further
# OCR look-alikes (folded letters): substituting one for the other costs half an edit.
_SIMILAR = frozenset(
    (a, b)
    for pair in ("li", "l1", "i1", "o0", "nu", "ce", "hb", "mn", "ao", "yv", "s5", "b8", "gq", "tl", "it", "rn", "hn")
    for a, b in (pair, pair[::-1])
)
_DASHES = re.compile(r"[-‐‑‒–—]")


@dataclass(frozen=True)
class LevelMatch:
    """One unit of the address as matched: `text` as read, `corrected` as it should read."""

    level: Level
    unit: Unit
    text: str
    corrected: str
    score: float  # 1.0 exact (accents included); lower per edit
    margin: float  # score minus that of the best other unit at this level (1.0 when there is none)
    exact: bool  # read exactly as the gazetteer spells it, accents included
    former_name: bool  # matched a name the unit had before a 2019–2025 merger (kept as read)


@dataclass(frozen=True)
class AddressMatch:
    era: Era  # "old": commune, district, province (before 01/07/2025); "new": commune, province
    province: LevelMatch
    district: LevelMatch | None
    ward: LevelMatch | None
    street: str  # what precedes the units (house, street, hamlet), as read
    corrected: str  # street + corrected units, with the separators of the input
    current_province: Unit  # post-2025 units the address maps to
    current_ward: Unit | None
    current_ward_alternatives: tuple[Unit, ...]  # several when the old commune was divided

    @property
    def levels(self) -> tuple[LevelMatch, ...]:
        return tuple(m for m in (self.ward, self.district, self.province) if m is not None)

    @property
    def score(self) -> float:
        return min(m.score for m in self.levels)

    @property
    def unmatched_unit(self) -> bool:
        """The street part ends with what reads as a unit ("Xã Xyz, Huyện Nghĩa Đàn, ...") that matched nothing:
        a unit missing from the gazetteer (abolished before 2025) or misread beyond repair."""
        last = re.split(r"\s*[,;]\s*", self.street)[-1] if self.street else ""
        return any(r.type_key is not None and r.type_key not in ("h", "x") for r in _readings(last)) if last else False

    @property
    def confident(self) -> bool:
        if self.unmatched_unit or (self.ward is None and self.district is None):
            return False
        return all(m.exact or (m.score >= MIN_SCORE and m.margin >= MIN_MARGIN) for m in self.levels)


@dataclass(frozen=True)
class _Reading:
    """One way to read a part: optional type word and the name after it."""

    type_key: str | None  # key of _TYPES
    type_text: str  # as read
    name_text: str  # as read
    key: str  # _key(name_text)
    accented: str  # lower case, accents kept, letters and digits only (for tie-breaks)


@dataclass(frozen=True)
class _Entry:
    unit: Unit
    key: str
    accented: str
    display: str | None  # name to print; None for an accent-free former name (keep what was read)
    former: bool
    grams: frozenset[str]


def _key(text: str) -> str:
    """fold(), and "rn" read as the "m" it usually is: no Vietnamese syllable ends in r, so "rn" never
    occurs in a real name ("Narn" → "nam"); applied to both sides, so the rare exception still matches."""
    return fold(text).replace("rn", "m")


_NOT_WORD = re.compile(r"[\W_]+")


def _accented(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=16384)
def _grams(key: str) -> frozenset[str]:
    padded = f"^{key}$"
    return frozenset(padded[i : i + 2] for i in range(len(padded) - 1))


def _distance(a: str, b: str, limit: float = 1e9) -> float:
    """Edit distance where OCR look-alikes cost half (in half-edits, as integers, for speed); stops early
    with a value above `limit` once every path costs more."""
    if a == b:
        return 0.0
    # OCR slips are local: the common start and end cost nothing and need no table.
    start, shortest = 0, min(len(a), len(b))
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if not a or not b:
        return float(len(a) + len(b))
    similar = _SIMILAR
    bound = 2 * limit
    previous = list(range(0, 2 * len(b) + 1, 2))
    for i, ca in enumerate(a, 1):
        current = [2 * i]
        left = 2 * i
        for j, cb in enumerate(b):
            diagonal = previous[j] + (0 if ca == cb else 1 if (ca, cb) in similar else 2)
            up = previous[j + 1] + 2
            left = left + 2
            if up < left:
                left = up
            if diagonal < left:
                left = diagonal
            current.append(left)
        if min(current) > bound:
            return min(current) / 2
        previous = current
    return previous[-1] / 2


@lru_cache(maxsize=65536)
def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    longest = max(len(a), len(b))
    if abs(len(a) - len(b)) > 0.5 * longest:  # cannot reach the floor: skip the edit distance
        return 1.0 - abs(len(a) - len(b)) / longest
    return max(0.0, 1.0 - _distance(a, b, (1.1 - _LEVEL_FLOOR) * longest) / longest)


def _type_of(text: str, words: int) -> str | None:
    """The type word `text` (one or two words) reads as: exactly, with one slip in a long type word
    ("Huyệu", "Tbịxã" for a glued "Thị xã") or a look-alike in "Xã" ("Xo")."""
    head = fold(text)
    for type_key in _WORD_TYPES:
        if words == 2 and type_key not in _TWO_SYLLABLES:  # "A Quận" is not a misread "Quận"
            continue
        if abs(len(head) - len(type_key)) <= 1 and _distance(head, type_key) <= (1.0 if len(type_key) >= 4 else 0.5):
            return type_key
    return None


@lru_cache(maxsize=4096)
def _readings(part: str) -> tuple[_Reading, ...]:
    """The part with no type, and with each type word it may start with (fuzzy, abbreviated or glued)."""
    part = part.strip()
    readings = [_Reading(None, "", part, _key(part), _accented(part))]

    def add(type_key: str, type_text: str, name_text: str) -> None:
        # type_text keeps its trailing space (or none: "TP.Hồ Chí Minh") so a correction keeps the spacing
        name_text = name_text.strip()
        if fold(name_text):
            readings.append(_Reading(type_key, type_text, name_text, _key(name_text), _accented(name_text)))

    abbreviation = _ABBREVIATION.match(part)
    if abbreviation:
        letters = abbreviation.group(1).lower()
        add(
            ("t" + letters[1:]) if len(letters) == 2 else letters,
            part[: abbreviation.end()],
            part[abbreviation.end() :],
        )
    words = part.split()
    for count in (2, 1):  # type words have one or two syllables
        if len(words) > count:
            type_key = _type_of(" ".join(words[:count]), count)
            if type_key:
                add(type_key, " ".join(words[:count]) + " ", " ".join(words[count:]))
    camel = next((i for i in _cuts(part) if not part[i].isspace()), None)
    if camel is not None and len(part[:camel].split()) <= 2:  # glued and misread: "PhườugPhú Tân"
        type_key = _type_of(part[:camel], len(part[:camel].split()))
        if type_key:
            add(type_key, part[:camel], part[camel:])
    folded = fold(part)
    for type_key in _WORD_TYPES:  # glued in lower case: "huyệnnghĩa đàn", "Phuong2"
        if folded.startswith(type_key) and len(folded) > len(type_key):
            cut = _cut_after_letters(part, len(type_key))
            if not part[cut : cut + 1].isspace():
                add(type_key, part[:cut], part[cut:])
            break
    return tuple(dict.fromkeys(readings))


def _cut_after_letters(text: str, letters: int) -> int:
    """Index in `text` just after its first `letters` folded letters."""
    seen = 0
    for index, char in enumerate(text):
        seen += len(fold(char))
        if seen >= letters:
            return index + 1
    return len(text)


@cache
def _entries(era: Era, level: Level, parent: int) -> tuple[_Entry, ...]:
    """Candidates among the children of a unit (parent -1: all provinces of the era)."""
    gazetteer = load()
    if parent < 0:
        units = gazetteer.units(era, level)
    else:
        parent_level: Level = "district" if (era, level) == ("old", "ward") else "province"
        units = gazetteer.children.get((era, parent_level, parent), ())
    entries = []
    for unit in units:
        entries.append(_Entry(unit, _key(unit.name), _accented(unit.name), unit.name, False, _grams(_key(unit.name))))
        for name in gazetteer.former.get((era, level, unit.index), ()):
            display = name if not name.isascii() else None
            entries.append(_Entry(unit, _key(name), _accented(name), display, True, _grams(_key(name))))
    return tuple(entries)


def _score(reading: _Reading, entry: _Entry, level: Level) -> float:
    grams = _grams(reading.key)
    if 2 * len(grams & entry.grams) < 0.3 * (len(grams) + len(entry.grams)):
        return 0.0  # shares almost no letter pairs: far below the floor, skip the edit distance
    score = _similarity(reading.key, entry.key)
    if score < _LEVEL_FLOOR - 0.1:
        return score
    if score >= 0.6 and entry.display is not None:  # accents break ties between names equal when folded
        score -= 0.05 * (1.0 - _similarity(reading.accented, entry.accented))
    if reading.type_key is not None:
        _, levels, group = _TYPES[reading.type_key]
        if level not in levels:
            score -= 0.5
        elif entry.former:
            pass  # the type of a former unit is not known ("Xã X" merged into "Phường Y")
        elif group != fold(entry.unit.type) and not (group == "thanhpho" and level == "province"):
            score -= 0.05  # "Huyện" where the list says "Thị xã" (upgraded since the card was made)
    if entry.former:
        score -= 0.02
    return score


_SHORTLIST = 5  # per reading: candidates kept by bigram overlap before the edit distance


@lru_cache(maxsize=4096)
def _match_level(era: Era, level: Level, parent: int, part: str) -> tuple[tuple[float, _Entry, _Reading], ...]:
    """Best (score, entry, reading) first, then the best for another unit (if any)."""
    entries = _entries(era, level, parent)
    # A type word of another level ("Huyện" read as a commune) cannot reach the floor: skip that reading.
    readings = [r for r in _readings(part) if r.type_key is None or level in _TYPES[r.type_key][1]]
    pairs: list[tuple[_Entry, _Reading]] = []
    for reading in readings:
        if len(entries) <= _SHORTLIST:
            pairs.extend((entry, reading) for entry in entries)
            continue
        grams = _grams(reading.key)
        size = len(grams)
        ranked = heapq.nlargest(_SHORTLIST, entries, key=lambda e: len(grams & e.grams) / (size + len(e.grams)))
        pairs.extend((entry, reading) for entry in ranked)
    best: dict[Unit, tuple[float, _Entry, _Reading]] = {}
    for entry, reading in pairs:
        score = _score(reading, entry, level)
        if entry.unit not in best or score > best[entry.unit][0]:
            best[entry.unit] = (score, entry, reading)
    ranked_units = sorted(best.values(), key=lambda t: -t[0])
    return tuple(ranked_units[:2])


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _surface(text: str) -> str:
    """Spelling that matters: "Bà Rịa – Vũng Tàu" (as the card prints it) is "Bà Rịa - Vũng Tàu", "TP.HCM" is
    "TP. HCM"; a part equal to its correction in this sense is returned as read."""
    return " ".join(_DASHES.sub("-", unicodedata.normalize("NFC", text.lower())).split()).replace(". ", ".")


def _cased_like(canonical: str, read: str) -> str:
    """ "Thành phố" cased as read: "Thanb Pho" (the card's "Thành Phố") gives "Thành Phố"."""
    spaced = "".join(" " + c if i and read[i - 1].islower() and c.isupper() else c for i, c in enumerate(read))
    words, read_words = canonical.split(), spaced.split()  # "ThànhPhố" has two words
    if len(words) != len(read_words):
        return canonical
    # the first word is always capitalised (a lower-case one is an OCR slip); the next ones as read
    cased = [
        w.capitalize() if i == 0 or r[:1].isupper() else w.lower()
        for i, (w, r) in enumerate(zip(words, read_words, strict=True))
    ]
    return " ".join(cased)


def _corrected(part: str, entry: _Entry, reading: _Reading) -> str:
    """The part with its type spelled right and the canonical name; the part itself when already right."""
    if entry.display is None:  # accent-free former name: nothing better to print
        return part.strip()
    upper = _is_upper(part)
    name = entry.display.upper() if upper else entry.display
    if reading.type_key is None:
        text = name
    else:
        canonical = _TYPES[reading.type_key][0]
        read = reading.type_text.strip()
        if _surface(read) == _surface(canonical) or (canonical.endswith(".") and fold(read) == reading.type_key):
            type_text = read  # the card's own casing ("Thành Phố", "Tp.") stays
        elif upper or canonical.endswith("."):
            type_text = canonical.upper()
        else:
            type_text = _cased_like(canonical, read)
        text = f"{type_text} {name}"  # a part left as read is returned as is, "TP.HCM" included
    return part.strip() if _surface(text) == _surface(part) else text


@dataclass(frozen=True)
class _Unit:
    level: Level
    text: str  # the part (or the end of a part) read as this unit
    separator: str | None  # what preceded it: the input's separator, or ", " for a restored comma
    ranked: tuple[tuple[float, _Entry, _Reading], ...]


@dataclass(frozen=True)
class _Candidate:
    era: Era
    units: tuple[_Unit, ...]  # province first
    rest: tuple[str, ...]  # parts before the units (street, hamlet)
    rest_separators: tuple[str, ...]
    splits: int

    @property
    def value(self) -> float:
        return sum(u.ranked[0][0] - 0.5 for u in self.units) - _SPLIT_COST * self.splits


_State = tuple[tuple[str, ...], tuple[str, ...], int]  # parts, separators, splits so far


def _cuts(part: str) -> list[int]:
    """Indexes where a lost comma may have split `part`, the last `_MAX_CUT_WORDS` boundaries only."""
    cuts = []
    for index in range(1, len(part)):
        before, char = part[index - 1], part[index]
        # between words, or between a lower- and an upper-case letter glued together ("ThoTien Giang")
        if (char.isspace() and not before.isspace()) or (before.islower() and char.isupper()):
            cuts.append(index)
    return cuts[-_MAX_CUT_WORDS:]


def _take(era: Era, level: Level, parent: int, state: _State, split: bool) -> list[tuple[_Unit, _State]]:
    """The last part read as a unit of `level`: whole, or (lost comma, when `split`) its last words only.
    Only the best readings go on (each one multiplies the work at the levels below)."""
    parts, separators, splits = state
    if not parts:
        return []
    last = parts[-1]
    options: list[tuple[float, _Unit, _State]] = []
    whole = _match_level(era, level, parent, last.strip())
    if whole and whole[0][0] >= _LEVEL_FLOOR:
        unit = _Unit(level, last.strip(), separators[-1] if separators else None, whole)
        options.append((whole[0][0], unit, (parts[:-1], separators[:-1], splits)))
    if split and not (whole and whole[0][0] >= _GOOD):
        for cut in _cuts(last):
            head, tail = last[:cut].strip(), last[cut:].strip()
            if not fold(head) or not fold(tail) or _type_of(head, len(head.split())):  # "Xã" alone is no street
                continue
            ranked = _match_level(era, level, parent, tail)
            if ranked and ranked[0][0] >= _LEVEL_FLOOR:
                unit = _Unit(level, tail, ", ", ranked)
                options.append((ranked[0][0] - _SPLIT_COST, unit, ((*parts[:-1], head), separators, splits + 1)))
    options.sort(key=lambda o: -o[0])
    return [(unit, state) for score, unit, state in options[:2] if score >= options[0][0] - _RUNNER_UP]


def _close(ranked: tuple[tuple[float, _Entry, _Reading], ...]) -> Iterable[tuple[float, _Entry, _Reading]]:
    """The best match and the runner-up when it is nearly as good (both are followed further down)."""
    return (r for r in ranked if r[0] >= ranked[0][0] - _RUNNER_UP)


def _candidates(parts: tuple[str, ...], separators: tuple[str, ...], split: bool) -> Iterable[_Candidate]:
    start: _State = (parts, separators, 0)
    for era in ("old", "new"):
        for p_unit, p_state in _take(era, "province", -1, start, split):
            for province in _close(p_unit.ranked):
                p = _Unit("province", p_unit.text, p_unit.separator, _reorder(p_unit.ranked, province))
                yield _Candidate(era, (p,), *p_state)
                if era == "new":
                    for w, w_state in _take("new", "ward", province[1].unit.index, p_state, split):
                        yield _Candidate(era, (p, w), *w_state)
                    continue
                for d_unit, d_state in _take("old", "district", province[1].unit.index, p_state, split):
                    for district in _close(d_unit.ranked):
                        d = _Unit("district", d_unit.text, d_unit.separator, _reorder(d_unit.ranked, district))
                        yield _Candidate(era, (p, d), *d_state)
                        for w, w_state in _take("old", "ward", district[1].unit.index, d_state, split):
                            yield _Candidate(era, (p, d, w), *w_state)


def _reorder(ranked: tuple, first: tuple) -> tuple:
    return (first, *(r for r in ranked if r is not first))


def _exact(ranked: tuple[tuple[float, _Entry, _Reading], ...], entry: _Entry, reading: _Reading) -> bool:
    """Read exactly as spelled, accents included; without any accent only if no other unit folds the same
    ("Sa Pa" read without accents could be a "Sa Pả" whose accent OCR dropped)."""
    if entry.display is None or reading.accented != entry.accented:
        return False
    return reading.accented != reading.key or all(e.key != entry.key for _, e, _ in ranked[1:])


def _level_match(unit: _Unit) -> LevelMatch:
    score, entry, reading = unit.ranked[0]
    others = [s for s, e, _ in unit.ranked[1:] if e.unit != entry.unit]
    margin = score - max(others) if others else 1.0
    return LevelMatch(
        level=unit.level,
        unit=entry.unit,
        text=unit.text,
        corrected=_corrected(unit.text, entry, reading),
        score=round(max(0.0, min(1.0, score)), 4),
        margin=round(min(1.0, margin), 4),
        exact=_exact(unit.ranked, entry, reading),
        former_name=entry.former,
    )


def match_address(text: str) -> AddressMatch | None:
    """The best reading of an address against the old and new units; None when even the province is unknown."""
    gazetteer = load()
    text = unicodedata.normalize("NFC", text or "").strip()
    if not fold(text):
        return None
    pieces = re.split(r"(\s*[,;]\s*)", text)
    parts, separators = tuple(p.strip() for p in pieces[0::2]), tuple(pieces[1::2])
    best: _Candidate | None = None
    # Restoring lost commas is a repair: only when the address as punctuated does not match well.
    for split in (False, True):
        for candidate in _candidates(parts, separators, split):
            if best is None or candidate.value > best.value + 1e-9:
                best = candidate
        if best and best.units[-1].level == "ward" and min(u.ranked[0][0] for u in best.units) >= _GOOD:
            break
    if best is None:
        return None
    levels = {unit.level: _level_match(unit) for unit in best.units}
    street = best.rest[0] if best.rest else ""
    for separator, part in zip(best.rest_separators, best.rest[1:], strict=True):
        street += separator + part
    corrected = street
    for unit in reversed(best.units):
        corrected += ((unit.separator or ", ") if corrected else "") + levels[unit.level].corrected
    deepest = levels.get("ward") or levels.get("district") or levels["province"]
    successor = gazetteer.successor(deepest.unit)
    return AddressMatch(
        era=best.era,
        province=levels["province"],
        district=levels.get("district"),
        ward=levels.get("ward"),
        street=street,
        corrected=corrected,
        current_province=successor.province,
        current_ward=successor.ward,
        current_ward_alternatives=successor.alternatives,
    )


def correct_address(text: str, field: str | None = None) -> tuple[str, list[Problem]]:
    """The address with its unit names corrected when the match is confident; else as read plus a problem."""
    match = match_address(text)
    if match is not None and match.confident:
        return match.corrected, []
    return text, [
        Problem(
            "address_unmatched",
            "Không đối chiếu được địa chỉ với danh mục đơn vị hành chính; vui lòng kiểm tra lại.",
            field,
        )
    ]


__all__ = ["MIN_MARGIN", "MIN_SCORE", "AddressMatch", "LevelMatch", "correct_address", "match_address"]
