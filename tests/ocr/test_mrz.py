from datetime import date

import pytest

from ocr.errors import PayloadError
from ocr.mrz import TD1, Correction, build_td1, char_value, check_digit, mrz_name_line, parse_td1, transliterate

TODAY = date(2025, 6, 1)

# Synthetic card, check digits computed by hand (not with ocr.mrz): 079 HCMC, 2000s female, born 20/06/2005.
GOLDEN = (
    "IDVNM3050001232079305000123<<2",
    "0506203F3006209VNM<<<<<<<<<<<6",
    "TRAN<<THI<BICH<NGOC<<<<<<<<<<<",
)
# ICAO 9303 part 5 TD1 specimen (fictional state UTO).
ICAO_SPECIMEN = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)


def replace(lines: tuple[str, ...], line: int, column: int, char: str) -> tuple[str, ...]:
    """Lines with the 0-based (line, column) character replaced."""
    changed = list(lines)
    changed[line] = changed[line][:column] + char + changed[line][column + 1 :]
    return tuple(changed)


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("D23145890", "7"),
        ("740812", "2"),
        ("120415", "9"),
        ("L898902C3", "6"),
        ("ZE184226B<<<<<", "1"),
        ("<<<<<<", "0"),
        ("", "0"),
        ("050620", "3"),
        ("079305000123", "2"),
    ],
)
def test_check_digit(data: str, digit: str) -> None:
    assert check_digit(data) == digit


@pytest.mark.parametrize(("char", "value"), [("0", 0), ("9", 9), ("A", 10), ("Z", 35), ("<", 0)])
def test_char_value(char: str, value: int) -> None:
    assert char_value(char) == value


@pytest.mark.parametrize("char", ["a", "*", " ", "Đ"])
def test_char_value_rejects_non_mrz_characters(char: str) -> None:
    with pytest.raises(PayloadError):
        char_value(char)


def test_parses_the_golden_card() -> None:
    td1 = parse_td1("\n".join(GOLDEN), today=TODAY)
    assert td1.valid and td1.problems == () and td1.corrections == ()
    assert (td1.document_code, td1.issuing_state, td1.document_number) == ("ID", "VNM", "305000123")
    assert td1.id_number == "079305000123"
    assert (td1.date_of_birth, td1.sex, td1.date_of_expiry) == (date(2005, 6, 20), "Nữ", date(2030, 6, 20))
    assert (td1.nationality, td1.surname, td1.given_names) == ("VNM", "TRAN", "THI BICH NGOC")


def test_icao_specimen_check_digits_pass_but_it_is_not_a_vietnamese_card() -> None:
    td1 = parse_td1(ICAO_SPECIMEN, today=TODAY)
    assert {name for name, ok in td1.validity.items() if not ok} == {
        "document_code",
        "issuing_state",
        "id_number",
        "nationality",
    }
    assert (td1.date_of_birth, td1.date_of_expiry, td1.sex) == (date(1974, 8, 12), date(2012, 4, 15), "Nữ")
    assert (td1.surname, td1.given_names, td1.document_number) == ("ERIKSSON", "ANNA MARIA", "D23145890")
    assert not td1.valid


CARDS = [
    dict(id_number="001099012345", date_of_birth=date(1999, 5, 1), sex="Nam", date_of_expiry=date(2024, 5, 1))
    | dict(full_name="Nguyễn Văn An"),
    dict(id_number="079305000123", date_of_birth=date(2005, 6, 20), sex="Nữ", date_of_expiry=date(2030, 6, 20))
    | dict(full_name="Trần Thị Bích Ngọc"),
    dict(id_number="048060000777", date_of_birth=date(1960, 2, 29), sex="Nam", date_of_expiry=None)
    | dict(full_name="Đặng Đức Đạt"),
    dict(id_number="001024000001", date_of_birth=date(1924, 3, 1), sex="Nam", date_of_expiry=None)
    | dict(full_name="Lê Văn Thọ"),
    dict(id_number="092201999999", date_of_birth=date(2001, 12, 31), sex="M", date_of_expiry=date(2026, 12, 31))
    | dict(full_name="Tôn Nữ Thị Hoàng Phương Quỳnh Anh"),
]


@pytest.mark.parametrize("card", CARDS, ids=[c["id_number"] for c in CARDS])
def test_round_trip_build_then_parse(card: dict) -> None:
    lines = build_td1(**card)
    assert [len(line) for line in lines] == [30, 30, 30]
    td1 = parse_td1(lines, today=TODAY)
    assert td1.valid, td1.problems
    assert td1.problems == () and td1.corrections == ()
    assert td1.id_number == card["id_number"]
    assert td1.document_number == card["id_number"][3:]
    assert td1.date_of_birth == card["date_of_birth"]
    assert td1.date_of_expiry == card["date_of_expiry"]
    assert td1.sex == ("Nam" if card["sex"] in ("Nam", "M") else "Nữ")
    words = transliterate(card["full_name"]).split()
    assert [td1.surname, *td1.given_names.split()] == words[:6]  # the 8-word name is cut after 6 words
    assert td1.lines[2] == mrz_name_line(card["full_name"])


def test_build_matches_the_hand_computed_golden_card() -> None:
    built = build_td1(
        id_number="079305000123",
        date_of_birth=date(2005, 6, 20),
        sex="Nữ",
        date_of_expiry=date(2030, 6, 20),
        full_name="Trần Thị Bích Ngọc",
    )
    assert built == GOLDEN


def test_birth_century_comes_from_the_id_number() -> None:
    lines = build_td1(**CARDS[3])  # born 1924: "240301" alone would read as 2024
    assert parse_td1(lines, today=TODAY).date_of_birth == date(1924, 3, 1)
    broken = replace(lines, 0, 29, "0")  # id check digit wrong: century falls back to "not after today"
    td1 = parse_td1(broken, today=TODAY)
    assert td1.date_of_birth == date(2024, 3, 1)
    assert not td1.validity["id_number"] and not td1.validity["composite"]


def test_no_expiry_field_also_accepts_a_zero_check_digit() -> None:
    lines = build_td1(**CARDS[2])
    assert lines[1][8:15] == "<<<<<<<"
    td1 = parse_td1(replace(lines, 1, 14, "0"), today=TODAY)
    assert td1.validity["date_of_expiry"] and td1.date_of_expiry is None and td1.valid


@pytest.mark.parametrize(
    ("line", "column", "char", "invalid"),
    [
        (0, 14, "0", {"document_number", "composite"}),
        (0, 7, "1", {"document_number", "id_number", "composite"}),  # no longer the id's last 9
        (0, 20, "9", {"id_number", "composite"}),
        (0, 29, "3", {"id_number", "composite"}),
        (0, 27, "7", {"id_number", "composite"}),
        (1, 6, "4", {"date_of_birth", "composite"}),
        (1, 3, "1", {"date_of_birth", "composite"}),
        (1, 14, "0", {"date_of_expiry", "composite"}),
        (1, 11, "7", {"date_of_expiry", "composite"}),
        (1, 29, "7", {"composite"}),
        (1, 28, "B", {"composite"}),  # last optional-data character is covered too
        (1, 7, "X", {"sex"}),
        (1, 7, "<", {"sex"}),
        (1, 17, "A", {"nationality"}),
        (1, 20, "B", {"composite"}),  # "A" = 10 with weight 1 would not change the sum mod 10
        (0, 2, "U", {"issuing_state"}),
        (0, 1, "<", {"document_code"}),
        (2, 0, "<", {"names"}),
    ],
)
def test_a_changed_character_invalidates_its_fields(line: int, column: int, char: str, invalid: set[str]) -> None:
    assert GOLDEN[line][column] != char
    td1 = parse_td1(replace(GOLDEN, line, column, char), today=TODAY)
    assert {name for name, ok in td1.validity.items() if not ok} == invalid
    assert not td1.valid
    assert {p.field for p in td1.problems} >= invalid
    assert all(p.message and "{" not in p.message for p in td1.problems)


def test_a_date_that_does_not_exist_is_invalid_even_with_a_matching_check_digit() -> None:
    lines = build_td1(**CARDS[0])
    birth = "990230"
    broken = replace(lines, 1, 0, birth[0])
    broken = tuple([broken[0], birth + check_digit(birth) + broken[1][7:], broken[2]])
    td1 = parse_td1(broken, today=TODAY)
    assert td1.date_of_birth is None and not td1.validity["date_of_birth"]
    assert [p.code for p in td1.problems if p.field == "date_of_birth"] == ["mrz_field_format"]


@pytest.mark.parametrize(
    ("line", "column", "read"),
    [
        (1, 0, "O"),  # date of birth (numeric field)
        (1, 4, "Z"),
        (1, 9, "D"),  # expiry (numeric field)
        (1, 11, "G"),
        (1, 29, "G"),  # composite check digit
        (0, 14, "Z"),  # document number check digit
        (0, 0, "1"),  # document code (alphabetic field)
        (2, 8, "1"),  # names (alphabetic field)
        (2, 10, "8"),
        (2, 16, "6"),
        (2, 17, "0"),
    ],
)
def test_ocr_confusions_are_repaired_where_icao_fixes_the_character_class(line: int, column: int, read: str) -> None:
    td1 = parse_td1(replace(GOLDEN, line, column, read), today=TODAY)
    assert td1.valid, td1.problems
    assert td1.lines == GOLDEN
    assert td1.corrections == (Correction(line + 1, column + 1, read, GOLDEN[line][column]),)


@pytest.mark.parametrize(
    ("column", "invalid"),
    [
        (6, {"document_number", "id_number", "composite"}),
        (15, {"id_number", "composite"}),
        (28, {"id_number"}),  # "0" for "<": both worth 0, so only the "<<" format check sees it
    ],
)
def test_alphanumeric_fields_are_not_repaired(column: int, invalid: set[str]) -> None:
    read = "O" if GOLDEN[0][column] == "0" else "0"
    td1 = parse_td1(replace(GOLDEN, 0, column, read), today=TODAY)
    assert td1.corrections == ()
    assert {name for name, ok in td1.validity.items() if not ok} == invalid


def test_several_repairs_are_all_reported() -> None:
    lines = replace(replace(GOLDEN, 1, 0, "O"), 2, 8, "1")
    td1 = parse_td1(lines, today=TODAY)
    assert td1.valid
    assert [(c.line, c.column) for c in td1.corrections] == [(2, 1), (3, 9)]


def test_tolerates_spaces_lower_case_and_blank_lines() -> None:
    text = "\n  idvnm 305000123 2079305000123<<2\n\n0506203f3006209vnm<<<<<<<<<<<6 \ntran<<thi<bich<ngoc<<<<<<<<<<<\n"
    td1 = parse_td1(text, today=TODAY)
    assert td1.valid and td1.lines == GOLDEN


def test_document_number_must_be_the_last_nine_digits_of_the_id() -> None:
    line1 = "IDVNM" + "305000124" + check_digit("305000124") + "079305000123<<2"
    line2 = GOLDEN[1][:29] + check_digit(line1[5:30] + GOLDEN[1][0:7] + GOLDEN[1][8:15] + GOLDEN[1][18:29])
    td1 = parse_td1((line1, line2, GOLDEN[2]), today=TODAY)
    assert td1.validity["document_number"] and td1.validity["composite"]
    assert not td1.validity["id_number"]
    assert "mrz_id_mismatch" in [p.code for p in td1.problems]


@pytest.mark.parametrize(
    ("card", "codes"),
    [
        (CARDS[0] | {"id_number": "003099012345"}, ["province_unknown"]),
        (CARDS[0] | {"id_number": "001199012345"}, ["sex_digit_mismatch"]),
        (CARDS[0] | {"id_number": "001098012345"}, ["birth_year_mismatch"]),
    ],
)
def test_id_number_cross_checks_are_reported_but_do_not_make_the_mrz_invalid(card: dict, codes: list[str]) -> None:
    td1 = parse_td1(build_td1(**card), today=TODAY)
    assert td1.valid
    assert [p.code for p in td1.problems] == codes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOLDEN[:2], "3 lines, got 2"),
        ((*GOLDEN, GOLDEN[2]), "3 lines, got 4"),
        ("", "3 lines, got 0"),
        ((GOLDEN[0][:29], GOLDEN[1], GOLDEN[2]), "line 1 has 29 characters"),
        ((GOLDEN[0], GOLDEN[1] + "<", GOLDEN[2]), "line 2 has 31 characters"),
        ((GOLDEN[0], GOLDEN[1], GOLDEN[2][:29] + "*"), r"line 3 contains characters outside .*\*"),
        ((GOLDEN[0], GOLDEN[1], "TRẦN" + GOLDEN[2][4:]), "line 3 contains characters outside"),
    ],
)
def test_malformed_mrz_is_rejected(text: tuple[str, ...] | str, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_td1(text, today=TODAY)


@pytest.mark.parametrize(
    ("full_name", "line"),
    [
        ("Nguyễn Văn An", "NGUYEN<<VAN<AN"),
        ("TRẦN THỊ BÍCH NGỌC", "TRAN<<THI<BICH<NGOC"),
        ("Đặng Đức Đạt", "DANG<<DUC<DAT"),
        ("  Lê   Thị  ", "LE<<THI"),
        ("Hồ", "HO<<"),
        ("H'Hen Niê", "H<<HEN<NIE"),
        ("Tôn Nữ Thị Hoàng Phương Quỳnh Anh", "TON<<NU<THI<HOANG<PHUONG<QUYNH"),
    ],
)
def test_mrz_name_line(full_name: str, line: str) -> None:
    assert mrz_name_line(full_name) == line.ljust(30, "<")


@pytest.mark.parametrize(
    "changes",
    [
        {"id_number": "00109901234"},
        {"id_number": "00109901234A"},
        {"sex": "X"},
        {"nationality": "VN"},
        {"full_name": "123"},
    ],
)
def test_build_rejects_impossible_fields(changes: dict) -> None:
    with pytest.raises(ValueError):
        build_td1(**(CARDS[0] | changes))


def test_result_is_frozen() -> None:
    td1 = parse_td1(GOLDEN, today=TODAY)
    assert isinstance(td1, TD1)
    with pytest.raises(AttributeError):
        td1.id_number = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        td1.validity["names"] = False  # type: ignore[index]
