"""Every document parser takes whatever OCR returns: garbage, fragments, a page read as one block, nothing."""

import random

import pytest

from ocr.documents import parsers
from ocr.documents.lines import OcrLine

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ0123456789 ,.:/-|_()ABCDĐHNTV"


def _garbage(rng: random.Random) -> list[OcrLine]:
    lines = []
    for i in range(rng.randint(0, 40)):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
        lines.append(OcrLine(text, (0, 10 * i, 100, 10 * i + 9), rng.random()))
    return lines


def _fragments(rng: random.Random) -> list[OcrLine]:
    # Label beginnings cut short, the kind of line a blurred photo or a full-page read leaves.
    words = [
        "Họ, chữ đệm, tên",
        "Họ, chữ đệm, tên người",
        "Ngày, tháng, năm",
        "Số:",
        "Quyển số",
        "Nơi",
        "Giới tính",
        "Họ",
    ]
    return [OcrLine(rng.choice(words)[: rng.randint(1, 25)], (0, 10 * i, 100, 10 * i + 9)) for i in range(30)]


@pytest.mark.parametrize("document_type", sorted(parsers()))
def test_parser_never_raises(document_type: str) -> None:
    parse = parsers()[document_type].parse
    rng = random.Random(document_type)
    assert parse([]).fields == {}
    for _ in range(30):
        for lines in (_garbage(rng), _fragments(rng)):
            parsed = parse(lines)
            assert all(isinstance(v, str) for v in parsed.fields.values())
