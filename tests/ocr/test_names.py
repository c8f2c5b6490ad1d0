import pytest

from ocr.validation.names import (
    LETTERS,
    NEEDS_ONSET,
    NO_ONSET,
    ONSETS,
    RHYMES,
    Syllable,
    parse_syllable,
    validate_full_name,
)

VALID_NAMES = [
    "Nguyễn Văn An",
    "NGUYỄN THỊ MINH KHAI",
    "Trần Quốc Tuấn",
    "Lê Thị Quỳnh Giang",
    "Huỳnh Thúc Kháng",
    "Phạm Ngọc Yến",
    "Hoàng Thị Thuý Kiều",
    "Hoàng Thị Thúy Kiều",
    "Ngô Gia Tự",
    "Đặng Thuỳ Trâm",
    "Võ Nguyên Giáp",
    "Lý Thường Kiệt",
    "Nghiêm Xuân Yêm",
    "Vũ Quý Ngoạn",
    "Đỗ Mười",
    "Khuất Duy Tiến",
    "Mạc Đĩnh Chi",
    "Ngụy Thị Khuyên",
    "Hồ Xuân Hương",
    "Thái Thị Ánh Nguyệt",
    "Ông Ích Khiêm",
    "Ưng Hoàng Phúc",
    "Giang Thị Hoè",
    "Kiều Oanh",
    "Tôn Nữ Thị Hoàng Phương Quỳnh Anh",
    "  Lê   Văn  Tám ",
    "Nguye\u0302\u0303n Va\u0306n An",  # decomposed (NFD) input
]


@pytest.mark.parametrize("name", VALID_NAMES)
def test_real_names_pass(name: str) -> None:
    assert validate_full_name(name) == ()


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("", ["name_empty"]),
        ("   ", ["name_empty"]),
        ("Nguyễn Văn 4n", ["name_characters"]),
        ("Nguyễn Văn An.", ["name_characters"]),
        ("H'Hen Niê", ["name_characters"]),
        ("Nguyễn", ["name_syllable_count"]),
        ("Nguyễn Thị Hoàng Phương Quỳnh Anh Thư Mai", ["name_syllable_count"]),
        ("Nguyễn văn An", ["name_casing"]),
        ("nguyễn văn an", ["name_casing"]),
        ("NGUYỄN Văn An", ["name_casing"]),
        ("NguyỄn Văn An", ["name_casing"]),
        ("Fạm Văn An", ["name_letters"]),
        ("Nguyễn Văn Zũng", ["name_letters"]),
        ("Nguyễn Văn Añ", ["name_letters"]),
        ("Nguyễn Văn Ba\u0301\u0300", ["name_tone"]),  # two tone marks
        ("Nguyễn Văn Ân\u0301", ["name_letters"]),  # tone mark on a consonant
        ("Nguyễn Vàc An", ["name_tone"]),  # stop final c takes only sắc or nặng
        ("Nguyễn Văn Phúc Lộc Bìch", ["name_tone"]),
        ("Nguyen Van An", ["name_syllable"]),  # "nguyen" needs ê
        ("Nguyén Văn An", ["name_syllable"]),
        ("Nguyẽ Văn An", ["name_syllable"]),
        ("Ciến An", ["name_syllable"]),  # k before i
        ("Kao Văn An", ["name_syllable"]),  # c before a
        ("Ngiêm Văn An", ["name_syllable"]),  # ngh before i
        ("Ghà Văn An", ["name_syllable"]),
        ("Gê Văn An", ["name_syllable"]),
        ("Quan Văn Qâng", ["name_syllable"]),  # q only before u
        ("Iên Văn An", ["name_syllable"]),  # written Yên
        ("Tyên Văn An", ["name_syllable"]),  # written Tiên
        ("Ksor Văn An", ["name_syllable"]),
        ("nguyen 4n", ["name_characters"]),
        ("nguyen van", ["name_casing", "name_syllable"]),
        ("Nguyen Vàc", ["name_syllable", "name_tone"]),
    ],
)
def test_problems(name: str, codes: list[str]) -> None:
    problems = validate_full_name(name)
    assert [p.code for p in problems] == codes
    assert all(p.field == "full_name" and p.message and "{" not in p.message for p in problems)


def test_syllable_messages_quote_the_syllable_and_say_it_may_be_right() -> None:
    (problem,) = validate_full_name("Ksor Văn An")
    assert "“Ksor”" in problem.message and "bỏ qua" in problem.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn", Syllable("ng", "uyên", "ngã")),
        ("NGUYỄN", Syllable("ng", "uyên", "ngã")),
        ("gì", Syllable("g", "i", "huyền")),
        ("Giang", Syllable("gi", "ang", "ngang")),
        ("giữ", Syllable("gi", "ư", "ngã")),
        ("Quỳnh", Syllable("q", "uynh", "huyền")),
        ("quốc", Syllable("q", "uôc", "sắc")),
        ("Nghĩa", Syllable("ngh", "ia", "ngã")),
        ("Yến", Syllable("", "yên", "sắc")),
        ("Uyên", Syllable("", "uyên", "ngang")),
        ("Hoà", Syllable("h", "oa", "huyền")),
        ("Hòa", Syllable("h", "oa", "huyền")),
        ("Đạt", Syllable("đ", "at", "nặng")),
        ("Kỳ", Syllable("k", "y", "huyền")),
        ("Trường", Syllable("tr", "ương", "huyền")),
        ("Khánh", Syllable("kh", "anh", "sắc")),
        ("Ích", Syllable("", "ich", "sắc")),
        ("Bàc", None),
        ("Nguyen", None),
        ("ka", None),
        ("ci", None),
        ("ge", None),
        ("nge", None),
        ("ghan", None),
        ("qa", None),
        ("giin", None),
        ("iên", None),
        ("tyên", None),
        ("wa", None),
        ("ñam", None),
        ("aa", None),
        ("", None),
    ],
)
def test_parse_syllable(text: str, expected: Syllable | None) -> None:
    assert parse_syllable(text) == expected


def test_tables_use_only_vietnamese_letters() -> None:
    assert all(set(r) <= LETTERS for r in RHYMES)
    assert all(set(o) <= LETTERS for o in ONSETS)
    assert NEEDS_ONSET and NO_ONSET and not NEEDS_ONSET & NO_ONSET
    assert len(RHYMES) > 150


def test_misread_surname_marks_are_restored() -> None:
    from ocr.validation.names import correct_surname

    assert correct_surname("NGUYÊN QUANG PHƯƠNG") == "NGUYỄN QUANG PHƯƠNG"
    assert correct_surname("LẼ THỊ HOA") == "LÊ THỊ HOA"
    assert correct_surname("Tran Thi Bich") == "Trần Thi Bich"  # only the surname: given names are open-ended
    assert correct_surname("NGUYỄN VĂN AN") == "NGUYỄN VĂN AN"
    assert correct_surname("HÀ ANH") == "HÀ ANH"  # already a surname
    assert correct_surname("NGUYÊN") == "NGUYÊN"  # one word: no surname to tell
    assert correct_surname("XANH BIỂN") == "XANH BIỂN"  # not near any surname
