"""Vietnamese text normalization shared by the gateway, NLU data build and evaluation.

Runtime-neutral (standard library only): imported by both the gateway (.venv)
and the Rasa action server (.venv-rasa). The same function must run on
training data and on live messages, otherwise the model sees two languages.

People type Vietnamese in many encodings of the same words: NFD or NFC
Unicode, old or new tone placement (hoà/hòa), with or without diacritics,
with teencode (ko, dc, j, cccd). We map all of them to one folded form:
lower case, no diacritics, đ→d, teencode expanded, single spaces.
Shorthand that has another meaning (hông/hỏng/hồng, bh, mk, ks, ck, e, h) is
expanded only where its neighbours make the reading clear (see _expand_one).
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+|[^\s0-9a-z]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_FINAL_Y = re.compile(r"\b([bcdghklmnpqrstvx]+)y\b")

# Unambiguous shorthand; keys and values are folded (no diacritics).
# Ambiguous shorthand is NOT here but in _expand, where its neighbours decide.
TEENCODE: dict[str, str] = {
    "xn": "xac nhan",
    "kt": "kiem tra",
    "cb": "can bo",
    "gt": "giay to",
    "sv": "sinh vien",
    "nv": "nhan vien",
    "dum": "giup",
    "rep": "tra loi",
    "sk": "suc khoe",
    "dn": "doanh nghiep",
    "xg": "xong",
    "khog": "khong",
    "mag": "mang",
    "onlien": "truc tuyen",
    "pp": "tam biet",
    "bb": "tam biet",
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "khg": "khong",
    "hok": "khong",
    "khum": "khong",
    "kg": "khong",
    "kp": "khong phai",
    "dc": "duoc",
    "dk": "dang ky",
    "dky": "dang ky",
    "dki": "dang ky",
    "dangky": "dang ky",
    "j": "gi",
    "ji": "gi",
    "gj": "gi",
    "z": "vay",
    "v": "vay",
    "zay": "vay",
    "dzay": "vay",
    "mik": "minh",
    "mk": "minh",
    "mjk": "minh",
    "mh": "minh",
    "ad": "admin",
    "adm": "admin",
    "ntn": "nhu the nao",
    "bnhieu": "bao nhieu",
    "bnh": "bao nhieu",
    "nhiu": "nhieu",
    "lm": "lam",
    "ns": "noi",
    "vs": "voi",
    "r": "roi",
    "trc": "truoc",
    "bh": "bao gio",
    "bjo": "bay gio",
    "bjh": "bay gio",
    "mn": "moi nguoi",
    "mng": "moi nguoi",
    "wa": "qua",
    "qa": "qua",
    "cx": "cung",
    "cug": "cung",
    "bit": "biet",
    "bik": "biet",
    "bjk": "biet",
    "bjt": "biet",
    "thik": "thich",
    "thui": "thoi",
    "ak": "a",
    "ah": "a",
    "vk": "vo",
    "bme": "bo me",
    "ib": "nhan tin",
    "inbox": "nhan tin",
    "kq": "ket qua",
    "ktra": "kiem tra",
    "sdt": "so dien thoai",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh nhan dan",
    "gks": "giay khai sinh",
    "lltp": "ly lich tu phap",
    "gplx": "giay phep lai xe",
    "hkd": "ho kinh doanh",
    "cty": "cong ty",
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "bhtn": "bao hiem that nghiep",
    "tthc": "thu tuc hanh chinh",
    "ubnd": "uy ban nhan dan",
    "dvc": "dich vu cong",
    "hs": "ho so",
    "tt": "thu tuc",
    "ng": "nguoi",
    "dt": "dien thoai",
    "oke": "ok",
    "okie": "ok",
    "oki": "ok",
    "okii": "ok",
    "okey": "ok",
    "okay": "ok",
    "thanks": "cam on",
    "thank": "cam on",
    "tks": "cam on",
    "thks": "cam on",
    "thx": "cam on",
    "camon": "cam on",
    "cmon": "cam on",
    "pls": "lam on",
    "plz": "lam on",
    "online": "truc tuyen",
    "onl": "truc tuyen",
}
# Multi-word spellings of one thing, replaced after token expansion (longest first).
_PHRASES: tuple[tuple[str, str], ...] = (
    ("bang lai xe", "giay phep lai xe"),
    ("bang lai", "giay phep lai xe"),
    ("chung minh thu", "chung minh nhan dan"),
)
_PHRASE_RE = [(re.compile(rf"(?<!\S){re.escape(a)}(?!\S)"), b) for a, b in _PHRASES]
# What may follow a sentence-final question word: punctuation, particles, who is asked.
_PARTICLES = {"", "?", ".", "!", ",", "a", "ak", "ah", "ha", "vay", "v", "z", "zay", "dzay", "ta", "nhi", "nha", "nhe"}
_END = _PARTICLES | {"ban", "bn", "ad", "admin", "rua", "chi", "anh", "em", "e"}
# "dk" before these words means "được" (lam dk ko) rather than "đăng ký".
_DUOC_NEXT = {"khong", "ko", "k", "kh", "khg", "hok", "hong", "khum", "chua", "nhe", "nha", "roi", "a", "ak", "ah"}
# "bn" is "bao nhiêu" before an amount word, "bạn" elsewhere.
_BN_AMOUNT_NEXT = {"tien", "lau", "ngay", "phi", "dong", "k", "thang", "nam", "gio", "lan"}
_BN_AMOUNT_PREV = {"phi", "mat", "het", "ton", "tien", "gia", "la", "thu"}
# "hông/hổng" is "không" at the end of a question or before a verb; "hỏng" (broken) and "hồng"
# (sổ hồng, hoa hồng) fold to the same "hong" and stay after the words they go with.
_HONG_VERB_NEXT = {"biet", "bit", "bik", "co", "duoc", "dc", "hieu", "can", "phai", "thay", "nho", "sao", "ai", "muon"}
_HONG_NOT_PREV = {"so", "bi", "hu", "mau", "hoa", "lam", "da", "the", "may", "xe", "chip", "cuoc", "giay"}
# "hẻm" (alley) in addresses: "hem 12", "nha trong hem".
_HEM_PREV = {"trong", "o", "cuoi", "dau", "vao", "con", "ngo", "duong", "kiet"}
# "bh" is "bao giờ" by default, "bảo hiểm" next to these words ("the bh", "bh xe").
_BH_INSURANCE_PREV = {"the", "so", "dong", "mua", "rut", "lanh", "gia", "tien", "muc"}
_BH_INSURANCE_NEXT = {"y", "xa", "that", "xe"}
_BH_KIND = {"yt": "y te", "xh": "xa hoi", "tn": "that nghiep"}
# "mk" is "mình" except in password talk ("quen mk", "mk vneid"); "doi mk" may be "đợi mình".
_MK_PASSWORD_PREV = {"quen", "nhap", "sai", "dat", "lai", "reset", "phuc", "tao"}
# "ks" is "khai sinh" after these words; alone it may be "khách sạn" or "kỹ sư".
_KS_PREV = {"giay", "lam", "dk", "dky", "dki", "ky", "ki", "luc", "sao", "lai"}
# "ck" is "chồng" next to vợ or a pronoun ("vk ck", "ck em"); otherwise it may be "chuyển khoản".
_CK_SPOUSE = {"vk", "vo"}
_CK_NEXT = {"em", "e", "minh", "mk", "mik", "toi", "chi", "c", "ban", "bn"}
_CK_PREV = {"lay", "voi", "va"}
# "bm" is "bố mẹ" before a pronoun; elsewhere it may be "biểu mẫu".
_BM_NEXT = {"em", "e", "minh", "mk", "mik", "toi", "chi", "ban", "bn"}
# "e" is "em" where a pronoun fits; "ê" (hey), "hạng E", "lô E" fold to "e" too.
_EM_NEXT = (
    {"muon", "mun", "hoi", "can", "dang", "da", "co", "lam", "lm", "bi", "chua", "khong", "ko", "k", "kh"}
    | {"xin", "cam", "biet", "bit", "chao", "moi", "ms", "vua", "se", "nop", "dinh", "duoc", "dc", "dk"}
    | {"cung", "cx", "van", "phai", "nen", "hien", "thay", "tinh", "o", "ten", "sinh", "cha", "ve", "voi"}
    | {"la", "chuan", "tra", "xem", "check", "gui", "di", "thi", "lo", "nho", "quen", "mat", "bao"}
)
_EM_PREV = {"cho", "giup", "gium", "ho", "voi", "cua", "bao"}
_EM_NOT_PREV = {"hang", "loai", "lo", "toa", "day", "khu", "block", "phong", "tang", "vitamin", "muc", "so", "mau"}
# "mún" folds to "mun" (mụn): "muốn" only after a person.
_PERSON = {"em", "e", "minh", "mk", "mik", "toi", "t", "tui", "anh", "chi", "c", "ban", "bn", "ai"}
# "ms" is "mới" in chat, "mã số" before what a number identifies.
_CODE_OF = {"hs", "ho", "thue", "bhxh", "bhyt", "bh", "dinh", "so", "ca", "doanh", "giay", "the"}
_DAY_WORDS = {"nay", "qua", "wa", "qa", "kia", "truoc", "trc", "sau"}
_HOUR_TOKEN = re.compile(r"(\d{1,2})h(\d{1,2})?")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove every Vietnamese diacritic; keeps case. Old/new tone placement fold to the same string."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def fold(text: str) -> str:
    """Lower case, no diacritics, punctuation as separate tokens, single spaces."""
    folded = strip_diacritics(nfc(text)).lower()
    return " ".join(_WORD.findall(folded))


def _expand_one(tok: str, prev: set[str], nxt: str) -> str | None:
    """The expansion of an ambiguous token in its context, or None when no context rule applies."""
    nxt_both = {nxt, TEENCODE.get(nxt, nxt)}
    if tok == "dk" and prev != {""} and (nxt in _DUOC_NEXT or nxt in ("?", "")):
        return "duoc"  # "lam online dk ko" means được; "dk ket hon" means đăng ký
    if tok in ("dk", "dkien") and nxt in ("gi", "j"):
        return "dieu kien"  # "can dk gi": what conditions
    if tok == "bn":
        amount = nxt in _BN_AMOUNT_NEXT or (nxt in ("?", "") and bool(prev & _BN_AMOUNT_PREV))
        return "bao nhieu" if amount else "ban"
    if tok == "k" and any(p[:1].isdigit() for p in prev):
        return "k"  # "50 k": nghìn đồng
    if tok == "hong":
        if prev & _HONG_NOT_PREV:
            return "hong"
        if nxt in _END or nxt in _HONG_VERB_NEXT:
            return "khong"
        return "hong"
    if tok == "hem":
        return "hem" if prev & _HEM_PREV or nxt[:1].isdigit() or nxt == "so" else "khong"
    if tok == "bh":
        return "bao hiem" if prev & _BH_INSURANCE_PREV or nxt in _BH_INSURANCE_NEXT else "bao gio"
    if tok == "mk":
        return "mat khau" if prev & _MK_PASSWORD_PREV or nxt == "vneid" else "minh"
    if tok == "ks":
        return "khai sinh" if prev & _KS_PREV else "ks"
    if tok == "ck":
        spouse = prev & _CK_SPOUSE or nxt in _CK_SPOUSE or nxt in _CK_NEXT or prev & _CK_PREV
        return "chong" if spouse else "ck"
    if tok == "bm":
        return "bo me" if nxt in _BM_NEXT else "bm"
    if tok == "e":
        if prev & _EM_NOT_PREV:
            return "e"  # "bang hang e", "lo e"
        return "em" if nxt_both & _EM_NEXT or prev & _EM_PREV else "e"
    if tok == "ms":
        return "ma so" if nxt in _CODE_OF else "moi"  # "ms ho so": mã số; "e ms nop": mới
    if tok == "mun":
        return "muon" if prev & _PERSON else "mun"
    if tok == "hum":
        return "hom" if nxt in _DAY_WORDS else "hum"
    if tok == "h" and any(p.isdigit() for p in prev):
        return "gio"  # "8 h": 8 giờ
    hour = _HOUR_TOKEN.fullmatch(tok)
    if hour:
        return f"{hour[1]} gio {hour[2]}" if hour[2] else f"{hour[1]} gio"  # "8h30": 8 giờ 30
    if len(tok) > 2 and tok.startswith("dd") and tok[2] in "aeiouy":
        return TEENCODE.get(tok[1:], tok[1:])  # Telex leftover: "ddang ky" → "dang ky"
    return None


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        # The previous word as typed and as expanded ("e" / "em"); "" at the start.
        prev_raw = tokens[i - 1] if i else ""
        prev = {prev_raw, out[-1].split()[-1] if out else ""}
        if tok == "bh" and nxt in _BH_KIND:
            out.append("bao hiem " + _BH_KIND[nxt])  # "bh yt": bảo hiểm y tế
            i += 2
            continue
        expanded = _expand_one(tok, prev, nxt)
        out.append(TEENCODE.get(tok, tok) if expanded is None else expanded)
        i += 1
    return out


# Stretched letters: vowels anywhere ("nhaaa"), any letter at the end ("okkk"); "cccd" keeps its c's.
_REPEATS = re.compile(r"([aeiouy])\1{2,}|([a-z])\2{2,}\b")
_AGE = re.compile(r"\b(\d{1,3})t\b")


def normalize(text: str) -> str:
    """The one form the NLU model sees, in training and in production."""
    folded = _REPEATS.sub(
        lambda m: m.group(1) or m.group(2), fold(text)
    )  # "lauuu", "nhaaa": no folded Vietnamese word triples a letter
    folded = _AGE.sub(r"\1 tuoi", folded)  # "14t", "19t"
    expanded = " ".join(_expand(folded.split()))
    for pattern, replacement in _PHRASE_RE:
        expanded = pattern.sub(replacement, expanded)
    # Vietnamese spells final i/y both ways (ký/kí, lý/lí, sỹ/sĩ): pick one.
    return _SPACES.sub(" ", _FINAL_Y.sub(r"\1i", expanded)).strip()


def is_payload(text: str) -> bool:
    """Rasa button payloads (/intent{...}) must reach Rasa untouched."""
    return text.startswith("/")
