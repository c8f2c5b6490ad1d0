import pytest

from assistant.dialogue.rating import parse_rating


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("5 sao", 5),
        ("cho 4 điểm", 4),
        ("3", 3),
        ("năm sao nhé", 5),
        ("rất hài lòng", 5),
        ("hài lòng", 4),
        ("tạm được", 3),
        ("không hài lòng", 2),
        ("rất không hài lòng", 1),
        ("tệ quá", 1),
        ("4/5", 4),
        ("xin chào", None),
        ("1 hay 5", None),
    ],
)
def test_parse_rating(text: str, score: int | None) -> None:
    assert parse_rating(text) == score
