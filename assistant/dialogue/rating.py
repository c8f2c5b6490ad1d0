"""Read a 1–5 satisfaction score from what people type ("5 sao", "cho 4 diem", "rat hai long")."""

from __future__ import annotations

import re

from assistant.textnorm import normalize

_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5}
# Longest phrases first: "rat khong hai long" must win over "hai long".
_SENTIMENT: tuple[tuple[str, int], ...] = (
    ("rat khong hai long", 1),
    ("qua te", 1),
    ("rat te", 1),
    ("te qua", 1),
    ("khong hai long", 2),
    ("chua hai long", 2),
    ("binh thuong", 3),
    ("tam duoc", 3),
    ("tam tam", 3),
    ("rat hai long", 5),
    ("tuyet voi", 5),
    ("qua tot", 5),
    ("rat tot", 5),
    ("hai long", 4),
    ("tot", 4),
    ("te", 1),
)


def parse_rating(text: str) -> int | None:
    t = f" {normalize(text)} "
    digits = re.findall(r"(?<!\d)([1-5])(?:\s*(?:/\s*5|sao|diem|\*))?(?!\d)", t)
    if len(set(digits)) == 1:
        return int(digits[0])
    m = re.search(r" (mot|hai|ba|bon|tu|nam) (?:sao|diem) ", t)
    if m:
        return _WORDS[m.group(1)]
    for phrase, score in _SENTIMENT:
        if f" {phrase} " in t:
            return score
    return None
