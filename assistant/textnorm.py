"""Vietnamese text normalization shared by the gateway, NLU data build and evaluation.

Runtime-neutral (standard library only): imported by both the gateway (.venv)
and the Rasa action server (.venv-rasa). The same function must run on
training data and on live messages, otherwise the model sees two languages.

People type Vietnamese in many encodings of the same words: NFD or NFC
Unicode, old or new tone placement (hoà/hòa), with or without diacritics,
with teencode (ko, dc, j, cccd). We map all of them to one folded form:
lower case, no diacritics, đ→d, teencode expanded, single spaces.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+|[^\s0-9a-z]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_FINAL_Y = re.compile(r"\b([bcdghklmnpqrstvx]+)y\b")

# Unambiguous shorthand; keys and values are folded (no diacritics).
TEENCODE: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "khg": "khong",
    "hok": "khong",
    "hong": "khong",
    "hem": "khong",
    "kg": "khong",
    "kp": "khong phai",
    "dc": "duoc",
    "dk": "dang ky",
    "dky": "dang ky",
    "dki": "dang ky",
    "dangky": "dang ky",
    "j": "gi",
    "z": "vay",
    "v": "vay",
    "zay": "vay",
    "mik": "minh",
    "mk": "minh",
    "mjk": "minh",
    "mh": "minh",
    "ad": "admin",
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
    "mn": "moi nguoi",
    "sdt": "so dien thoai",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh thu",
    "gks": "giay khai sinh",
    "lltp": "ly lich tu phap",
    "gplx": "giay phep lai xe",
    "hkd": "ho kinh doanh",
    "tthc": "thu tuc hanh chinh",
    "ubnd": "uy ban nhan dan",
    "dvc": "dich vu cong",
    "hs": "ho so",
    "tt": "thu tuc",
    "ng": "nguoi",
    "dt": "dien thoai",
    "oke": "ok",
    "okie": "ok",
    "thanks": "cam on",
    "thank": "cam on",
    "tks": "cam on",
    "camon": "cam on",
    "cmon": "cam on",
    "pls": "lam on",
    "online": "truc tuyen",
    "onl": "truc tuyen",
}
# "dk" before these words means "được" (lam dk ko) rather than "đăng ký".
_DUOC_NEXT = {"khong", "ko", "k", "kh", "khg", "hok", "hong", "chua", "nhe", "nha", "roi", "a", "ak", "ah"}
# "bn" is "bao nhiêu" before an amount word, "bạn" elsewhere.
_BN_AMOUNT_NEXT = {"tien", "lau", "ngay", "phi", "dong", "k", "thang", "nam", "gio", "lan"}
_BN_AMOUNT_PREV = {"phi", "mat", "het", "ton", "tien", "gia", "la", "thu"}


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


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok == "dk" and i > 0 and (nxt in _DUOC_NEXT or nxt in ("?", "")):
            out.append("duoc")  # "lam online dk ko" means được; "dk ket hon" means đăng ký
            continue
        if tok == "bn":
            prev = tokens[i - 1] if i else ""
            amount = nxt in _BN_AMOUNT_NEXT or (nxt in ("?", "") and prev in _BN_AMOUNT_PREV)
            out.append("bao nhieu" if amount else "ban")
            continue
        out.append(TEENCODE.get(tok, tok))
    return out


def normalize(text: str) -> str:
    """The one form the NLU model sees, in training and in production."""
    expanded = " ".join(_expand(fold(text).split()))
    # Vietnamese spells final i/y both ways (ký/kí, lý/lí, sỹ/sĩ): pick one.
    return _SPACES.sub(" ", _FINAL_Y.sub(r"\1i", expanded)).strip()


def is_payload(text: str) -> bool:
    """Rasa button payloads (/intent{...}) must reach Rasa untouched."""
    return text.startswith("/")
