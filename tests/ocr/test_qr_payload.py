import pytest

from ocr.errors import PayloadError
from ocr.qr_payload import parse_qr_payload, redecode_latin1

PAYLOAD = "001099012345|123456789|Nguyễn Văn An|01051999|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|12052021"
FIELDS = {
    "id_number": "001099012345",
    "old_id_number": "123456789",
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "01/05/1999",
    "sex": "Nam",
    "place_of_residence": "Số 1 Phố Huế, Hai Bà Trưng, Hà Nội",
    "date_of_issue": "12/05/2021",
}


def mojibake(text: str) -> str:
    """What OpenCV returns: the UTF-8 bytes decoded as Latin-1."""
    return text.encode("utf-8").decode("latin-1")


@pytest.mark.parametrize(
    "payload",
    [
        PAYLOAD,
        PAYLOAD.encode("utf-8"),
        mojibake(PAYLOAD),
        PAYLOAD + "\n",
        " " + PAYLOAD.replace("Văn An", "Văn  An") + " ",
    ],
    ids=["str", "bytes", "latin-1 mojibake", "trailing newline", "extra spaces"],
)
def test_parses_the_chip_cccd_qr(payload: str | bytes) -> None:
    assert parse_qr_payload(payload) == FIELDS


def test_mojibake_is_really_there_before_repair() -> None:
    assert "Nguyá»\x85n" in mojibake(PAYLOAD)
    assert parse_qr_payload(mojibake(PAYLOAD))["full_name"] == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("old_id", "expected"),
    [("", None), ("123456789", "123456789"), ("012345678901", "012345678901")],
)
def test_old_id_number(old_id: str, expected: str | None) -> None:
    parts = PAYLOAD.split("|")
    parts[1] = old_id
    assert parse_qr_payload("|".join(parts))["old_id_number"] == expected


@pytest.mark.parametrize(("sex", "expected"), [("Nam", "Nam"), ("Nữ", "Nữ"), ("NỮ", "Nữ"), ("nu\u031b\u0303", "Nữ")])
def test_sex(sex: str, expected: str) -> None:
    parts = PAYLOAD.split("|")
    parts[4] = sex
    assert parse_qr_payload("|".join(parts))["sex"] == expected


def test_decomposed_text_is_normalised_to_nfc() -> None:
    import unicodedata

    fields = parse_qr_payload(unicodedata.normalize("NFD", PAYLOAD))
    assert fields == FIELDS


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (0, "00109901234", "id_number must be 12 digits"),
        (0, "00109901234O", "id_number must be 12 digits"),
        (0, "", "id_number must be 12 digits"),
        (1, "12345678", "old_id_number"),
        (1, "12345678X", "old_id_number"),
        (2, "", "full_name is empty"),
        (3, "1999-05-01", "date_of_birth must be ddmmyyyy"),
        (3, "01/05/1999", "date_of_birth must be ddmmyyyy"),
        (3, "30021999", "date_of_birth '30021999' is not a real date"),
        (4, "M", "sex must be"),
        (4, "", "sex must be"),
        (6, "1205202", "date_of_issue must be ddmmyyyy"),
        (6, "31042021", "date_of_issue '31042021' is not a real date"),
    ],
)
def test_malformed_fields_are_rejected(field: int, value: str, message: str) -> None:
    parts = PAYLOAD.split("|")
    parts[field] = value
    with pytest.raises(PayloadError, match=message):
        parse_qr_payload("|".join(parts))


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("https://example.com/qr", "1 fields"),
        (PAYLOAD.rsplit("|", 1)[0], "6 fields"),
        (PAYLOAD + "|extra", "8 fields"),
        (PAYLOAD.encode("utf-8").replace(b"An", b"A\xff"), "not UTF-8"),
    ],
)
def test_malformed_payloads_are_rejected(payload: str | bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_qr_payload(payload)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (mojibake("Nguyễn Văn An"), "Nguyễn Văn An"),
        (mojibake("Đặng Thị Hồng"), "Đặng Thị Hồng"),
        (mojibake("Hà Nội"), "Hà Nội"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),  # already Unicode: characters beyond Latin-1
        ("Trà Vinh", "Trà Vinh"),  # only Latin-1 letters, but not UTF-8 bytes
        ("café", "café"),
        ("001099012345", "001099012345"),
        ("", ""),
    ],
)
def test_redecode_latin1(text: str, expected: str) -> None:
    assert redecode_latin1(text) == expected
