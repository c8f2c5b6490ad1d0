import unicodedata

import pytest

from assistant.textnorm import fold, is_payload, normalize, strip_diacritics


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Làm giấy khai sinh cần gì", "lam giay khai sinh can gi"),
        ("lam giay khai sinh can j", "lam giay khai sinh can gi"),
        ("lm gks mất bn tiền", "lam giay khai sinh mat bao nhieu tien"),
        ("lệ phí bn", "le phi bao nhieu"),
        ("xin chào bn", "xin chao ban"),
        ("dk ket hon o dau", "dang ki ket hon o dau"),
        ("đăng kí kết hôn", "dang ki ket hon"),
        ("Lý lịch tư pháp", "li lich tu phap"),
        ("nộp online dk ko", "nop truc tuyen duoc khong"),
        ("ĐĂNG KÝ THƯỜNG TRÚ", "dang ki thuong tru"),
        ("cccd làm ở đâu vậy?", "can cuoc cong dan lam o dau vay ?"),
        ("  nhiều   khoảng\ttrắng  ", "nhieu khoang trang"),
    ],
)
def test_normalize_maps_typing_styles_to_one_form(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


def test_nfd_and_nfc_inputs_normalize_identically() -> None:
    text = "Đăng ký khai sinh cho con ở Thừa Thiên Huế"
    assert normalize(unicodedata.normalize("NFD", text)) == normalize(text)


def test_old_and_new_tone_placement_fold_together() -> None:
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("thuỷ") == fold("thủy")
    assert fold("khoẻ") == fold("khỏe")


def test_strip_diacritics_keeps_case_and_maps_d_with_stroke() -> None:
    assert strip_diacritics("Đặng Thị Ánh") == "Dang Thi Anh"


def test_payloads_are_recognized() -> None:
    assert is_payload('/ask_fee{"procedure":"dang_ky_khai_sinh"}')
    assert not is_payload("lệ phí / hồ sơ")
