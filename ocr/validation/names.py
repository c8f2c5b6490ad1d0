"""Plausibility of a Vietnamese full name (họ, chữ đệm và tên) as recognised by OCR.

A name is 2–7 syllables separated by spaces, written either in title case ("Nguyễn Văn An", as in the
QR payload) or all in capitals ("NGUYỄN VĂN AN", as printed on the card). Each syllable is

    onset + rhyme + one tone mark at most

with the onset from `ONSETS`, the rhyme (vowel letters with their quality marks ă â ê ô ơ ư, then a
final consonant or semivowel) from `RHYMES`, the spelling rules of `SPELLING` (k/gh/ngh before
i, e, ê; c/g/ng elsewhere; q only before u), and a stop final (c, ch, p, t) only with the sắc or nặng
tone. Tone placement (hòa/hoà) is not checked: both styles are in use.

The check is rough on purpose. It catches OCR garbage: digits, letters foreign to Vietnamese (f, j,
w, z, ñ), two tone marks, rhymes that do not exist ("Nguyén", "Nguyẽ", "Nguyen" without diacritics),
a wrong tone on a stop final ("Vàc"). It cannot catch a misread that is itself a real syllable ("Tràn"
for "Trần"). Names of some ethnic minorities (Ê Đê, Gia Rai: "H'Hen Niê", "Ksor") break these rules,
so problems are hints for review, never grounds for rejecting a dossier.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ocr.validation import Problem

MIN_SYLLABLES = 2
MAX_SYLLABLES = 7

LETTERS = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")
VOWELS = frozenset("aăâeêioôơuưy")

# Combining marks (NFD) for the five tones; a syllable without one has the level tone "ngang".
TONE_MARKS: dict[str, str] = {
    "\u0301": "sắc",
    "\u0300": "huyền",
    "\u0309": "hỏi",
    "\u0303": "ngã",
    "\u0323": "nặng",
}
# Vowel-quality marks (NFD): (letter, mark) → Vietnamese letter.
QUALITY_MARKS: dict[tuple[str, str], str] = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

ONSETS = frozenset(
    {"", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph"}
    | {"q", "r", "s", "t", "th", "tr", "v", "x"}
)
_ONSETS_LONGEST_FIRST = sorted(ONSETS, key=len, reverse=True)

# Rhymes without a medial, grouped by main vowel (no tone marks).
_PLAIN_RHYMES = """
    a ac ach ai am an ang anh ao ap at au ay  ăc ăm ăn ăng ăp ăt  âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et  ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot ooc oong  ô ôc ôi ôm ôn ông ôp ôt  ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêt yêu
"""
# Rhymes with the medial o (before a, ă, e) or u (before â, ê, y, ơ).
_MEDIAL_RHYMES = """
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
    uân uâng uât uây uê uêch uênh uêt uy uya uych uyn uynh uyp uyt uyu uyên uyêt uơ
"""
RHYMES = frozenset((_PLAIN_RHYMES + _MEDIAL_RHYMES).split())
# "iê" is written "yê" when nothing precedes it: tiên/yên, never *iên or *tyên.
NEEDS_ONSET = frozenset(r for r in RHYMES if r.startswith("iê"))
NO_ONSET = frozenset(r for r in RHYMES if r.startswith("yê"))

FRONT_VOWELS = ("i", "y", "e", "ê")
# onset → (rhyme must start with one of these, or must not); the pairs k/c, gh/g, ngh/ng.
SPELLING: dict[str, tuple[bool, tuple[str, ...]]] = {
    "k": (True, FRONT_VOWELS),
    "c": (False, FRONT_VOWELS),
    "gh": (True, ("i", "e", "ê")),
    "g": (False, ("e", "ê")),  # g + i is the onset gi with its i merged: gì, gìn
    "ngh": (True, ("i", "e", "ê")),
    "ng": (False, ("i", "e", "ê")),
}
STOP_FINALS = ("c", "ch", "p", "t")
STOP_TONES = frozenset({"sắc", "nặng"})

MESSAGES: dict[str, str] = {
    "name_empty": "Chưa đọc được họ và tên.",
    "name_characters": "Họ và tên chỉ gồm chữ cái và dấu cách, nhưng có “{chars}”.",
    "name_syllable_count": "Họ và tên thường có từ 2 đến 7 chữ, nhưng đọc được {count} chữ.",
    "name_casing": "Họ và tên phải viết hoa chữ cái đầu mỗi chữ hoặc viết hoa toàn bộ (đọc được: “{name}”).",
    "name_letters": "Chữ “{syllable}” có chữ cái hoặc dấu không có trong tiếng Việt.",
    "name_tone": "Chữ “{syllable}” có dấu thanh không hợp lệ.",
    "name_syllable": "Chữ “{syllable}” không giống một tiếng trong tiếng Việt.",
}
HINT = " Nếu đúng như giấy khai sinh, bạn có thể bỏ qua thông báo này."


@dataclass(frozen=True)
class Syllable:
    """A syllable split into onset and rhyme (lower case, tone removed) and its tone name."""

    onset: str
    rhyme: str
    tone: str


def _problem(code: str, **values: object) -> Problem:
    hint = HINT if code in ("name_letters", "name_tone", "name_syllable", "name_syllable_count") else ""
    return Problem(code=code, message=MESSAGES[code].format(**values) + hint, field="full_name")


def _letters(syllable: str) -> tuple[str, list[str]] | None:
    """(letters with quality marks, tone names) of a syllable; None if a letter or mark is not Vietnamese."""
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", syllable.lower()):
        if not unicodedata.combining(char):
            if char not in LETTERS:
                return None
            letters.append(char)
        elif not letters:
            return None
        elif char in TONE_MARKS and letters[-1] in VOWELS:
            tones.append(TONE_MARKS[char])
        elif (letters[-1], char) in QUALITY_MARKS:
            letters[-1] = QUALITY_MARKS[(letters[-1], char)]
        else:
            return None
    return "".join(letters), tones


def _rhyme_ok(onset: str, rhyme: str) -> bool:
    if onset == "q":
        rest = rhyme[1:]
        return rhyme.startswith("u") and (rhyme in RHYMES or (rest in RHYMES and rest[:1] not in ("u", "ư", "")))
    if rhyme not in RHYMES or (onset == "" and rhyme in NEEDS_ONSET) or (onset and rhyme in NO_ONSET):
        return False
    if onset == "gi" and rhyme.startswith("i"):
        return False
    rule = SPELLING.get(onset)
    return rule is None or rhyme.startswith(rule[1]) == rule[0]


def parse_syllable(text: str) -> Syllable | None:
    """Split one syllable ("Nguyễn" → ng + uyên, ngã); None if it is not a plausible Vietnamese syllable."""
    decoded = _letters(text)
    if decoded is None or len(decoded[1]) > 1:
        return None
    letters, tones = decoded
    tone = tones[0] if tones else "ngang"
    for onset in _ONSETS_LONGEST_FIRST:
        if letters.startswith(onset) and _rhyme_ok(onset, letters[len(onset) :]):
            rhyme = letters[len(onset) :]
            if rhyme.endswith(STOP_FINALS) and tone not in STOP_TONES:
                return None
            return Syllable(onset=onset, rhyme=rhyme, tone=tone)
    return None


def _syllable_problem(syllable: str) -> Problem | None:
    decoded = _letters(syllable)
    if decoded is None:
        return _problem("name_letters", syllable=syllable)
    if len(decoded[1]) > 1:
        return _problem("name_tone", syllable=syllable)
    if parse_syllable(syllable) is None:
        letters = decoded[0]
        for onset in _ONSETS_LONGEST_FIRST:
            if letters.startswith(onset) and _rhyme_ok(onset, letters[len(onset) :]):
                return _problem("name_tone", syllable=syllable)  # structure fits: the tone is the fault
        return _problem("name_syllable", syllable=syllable)
    return None


def _is_title(syllable: str) -> bool:
    return syllable[:1].isupper() and (syllable[1:] == "" or syllable[1:].islower())


def validate_full_name(full_name: str) -> tuple[Problem, ...]:
    """Problems with a recognised full name (empty tuple if it looks like a Vietnamese name)."""
    name = unicodedata.normalize("NFC", " ".join(full_name.split()))
    if not name:
        return (_problem("name_empty"),)
    foreign = sorted({c for c in name if not (c.isalpha() or c == " " or unicodedata.combining(c))})
    if foreign:
        return (_problem("name_characters", chars="".join(foreign)),)
    syllables = name.split(" ")
    problems: list[Problem] = []
    if not MIN_SYLLABLES <= len(syllables) <= MAX_SYLLABLES:
        problems.append(_problem("name_syllable_count", count=len(syllables)))
    if not (all(_is_title(s) for s in syllables) or name.isupper()):
        problems.append(_problem("name_casing", name=name))
    problems.extend(p for s in syllables if (p := _syllable_problem(s)) is not None)
    return tuple(problems)


# Common Vietnamese surnames (together well over 95 % of the population). Tesseract's commonest slip on a
# name is a tone or hat mark ("NGUYÊN" for "NGUYỄN"); a surname comes from this short list, so a first
# syllable that is not a surname but folds to exactly one of them is that surname. Folded forms shared by
# two surnames (La / Lã) are not in the list: there the accent cannot be guessed.
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trịnh", "Trương", "Mai", "Đào", "Lương", "Cao", "Lâm", "Tô", "Hà", "Tạ", "Châu",
    "Lại", "Quách", "Kiều", "Triệu", "Khúc", "Thái", "Vương", "Doãn", "Đoàn", "Đàm", "Lưu", "Lục", "Giáp",
    "Nông", "Mạc", "Tăng", "Thân", "Chu", "Phùng", "Âu", "Ông", "Kim", "Hứa", "Từ", "Diệp", "Tống", "Khổng",
    "Đồng", "Nghiêm", "Quan", "Tôn", "Cù", "Ninh", "Bạch", "Hầu", "Tiêu", "Lạc", "Khuất", "Nghê", "Sầm",
)  # fmt: skip


def _fold_syllable(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()


_SURNAME_BY_FOLD = {_fold_syllable(s): s for s in SURNAMES}


def correct_surname(full_name: str) -> str:
    """The name with a misread surname's marks restored ("NGUYÊN VĂN AN" → "NGUYỄN VĂN AN"); else unchanged."""
    name = unicodedata.normalize("NFC", " ".join(full_name.split()))
    first, _, rest = name.partition(" ")
    if not rest or first.casefold() in {s.casefold() for s in SURNAMES}:
        return name
    surname = _SURNAME_BY_FOLD.get(_fold_syllable(first))
    if surname is None:
        return name
    surname = surname.upper() if first.isupper() else surname
    return f"{surname} {rest}"
