"""Cross-validation of extracted fields: what each check reports, and that consistent fields pass."""

from ocr.validation import cross
from ocr.validation.cross import validate


def _warnings(fields: dict) -> list[str]:
    out: list[str] = []
    validate(fields, out)
    return out


def test_consistent_card_passes() -> None:
    fields = {
        "id_number": "001203012345",  # Hà Nội, born 2003, male
        "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "12/05/2003",
        "sex": "Nam",
        "date_of_issue": "10/04/2021",
        "date_of_expiry": "12/05/2028",
    }
    assert _warnings(fields) == []


def test_id_number_disagreeing_with_sex_and_year_is_reported() -> None:
    warnings = _warnings({"id_number": "001303012345", "date_of_birth": "12/05/1990", "sex": "Nam"})
    assert any(w.endswith("id_number") for w in warnings), warnings


def test_dates_out_of_order_are_reported() -> None:
    warnings = _warnings({"date_of_birth": "12/05/2003", "date_of_issue": "10/04/2001"})
    assert warnings and all(":" in w for w in warnings)


def test_old_nine_digit_number_is_not_checked_as_twelve() -> None:
    assert not any("id_number" in w for w in _warnings({"id_number": "012345678", "full_name": "TRẦN THỊ BÌNH"}))


def test_birth_certificate_checks() -> None:
    warnings = _warnings(
        {
            "child_full_name": "LÊ MINH KHANG",
            "child_date_of_birth": "02/03/2020",
            "child_sex": "Nam",
            "child_id_number": "079220001234",
            "registration_date": "01/03/2020",
        }
    )
    assert "registration_before_birth: registration_date" in warnings
    assert not any(w.endswith("child_id_number") for w in warnings)


def test_bad_name_is_reported() -> None:
    assert any(w.endswith("full_name") for w in _warnings({"full_name": "NGUY3N VAN 4N"}))


def test_doubtful_keys_are_missing_or_disagreeing() -> None:
    keys = ("id_number", "date_of_birth")
    good = {"id_number": "001099012345", "date_of_birth": "01/02/1999", "sex": "Nam"}
    assert cross.doubtful_keys(good, keys) == []
    assert cross.doubtful_keys({**good, "id_number": ""}, keys) == ["id_number"]
    assert cross.doubtful_keys({**good, "id_number": "991099012345"}, keys) == ["id_number"]  # no province 991
    # The birth year in the number disagrees with the date: either may be the misread one.
    assert cross.doubtful_keys({**good, "date_of_birth": "01/02/1989"}, keys) == ["id_number", "date_of_birth"]
    assert cross.doubtful_keys({**good, "date_of_birth": "41/02/1999"}, keys) == ["date_of_birth"]
    assert cross.doubtful_keys({"id_number": "123456789", "date_of_birth": "01/02/1999"}, keys) == []  # CMND


def test_a_birth_date_off_the_expiry_birthday_is_doubtful() -> None:
    # Cards expire on the holder's birthday at 14, 25, 40 or 60: a day or month misread breaks that.
    keys = ("id_number", "date_of_birth")
    card = {"id_number": "001085012345", "date_of_birth": "13/10/1985", "sex": "Nam", "date_of_expiry": "13/10/2025"}
    assert cross.doubtful_keys(card, keys) == []
    assert cross.doubtful_keys({**card, "date_of_birth": "18/10/1985"}, keys) == ["date_of_birth"]
    assert cross.key_score({**card, "date_of_birth": "18/10/1985"}, keys) < cross.key_score(card, keys)
    assert cross.doubtful_keys({**card, "date_of_expiry": "Không thời hạn"}, keys) == []
    leap = {"id_number": "001200012345", "date_of_birth": "29/02/2000", "sex": "Nam", "date_of_expiry": "28/02/2025"}
    assert cross.doubtful_keys(leap, keys) == []


def test_key_score_prefers_present_and_agreeing_keys() -> None:
    keys = ("id_number", "date_of_birth")
    good = {"id_number": "001099012345", "date_of_birth": "01/02/1999", "sex": "Nam"}
    assert cross.key_score(good, keys) == 2
    assert cross.key_score({**good, "id_number": None}, keys) == 1
    unknown_province = {**good, "id_number": "348099012345"}
    assert cross.key_score(unknown_province, keys) < cross.key_score({**good, "id_number": None}, keys)
