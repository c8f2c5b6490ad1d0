"""Guides: data valid against schema and catalog; answers parsed; checklists personalised per branch."""

import pytest

from assistant.catalog import load_catalog
from assistant.guides import (
    build_checklist,
    check_against_catalog,
    initial_answers,
    is_cancel,
    load_guides,
    next_step,
    parse_answer,
    render_checklist,
)

GUIDES = load_guides()
CATALOG = load_catalog()


def checklist_text(guide_id: str, answers: dict[str, str]) -> str:
    guide = GUIDES[guide_id]
    assert next_step(guide, answers) is None, "test answers must finish the guide"
    return render_checklist(build_checklist(guide, answers, CATALOG))


def bullets(text: str) -> str:
    """Only the personalised list: the lines that start with a bullet before the first blank line."""
    return "\n".join(line for line in text.split("\n\n")[0].splitlines() if line.startswith("•"))


def test_every_guide_refers_only_to_what_the_catalog_has() -> None:
    assert check_against_catalog(GUIDES, CATALOG) == []


def test_the_five_guided_procedures_are_covered() -> None:
    triggers = {pid for g in GUIDES.values() for pid in g.triggers}
    assert {
        "dang_ky_khai_sinh",
        "dang_ky_ket_hon",
        "dang_ky_thuong_tru",
        "cap_can_cuoc",
        "cap_phieu_ly_lich_tu_phap",
    } <= triggers


def test_unknown_document_rule_is_reported() -> None:
    from dataclasses import replace

    from assistant.guides.model import DocRule

    broken = replace(GUIDES["khai_sinh"], documents=(DocRule("Giấy không có thật", {}),))
    assert any("matches no document" in p for p in check_against_catalog({"khai_sinh": broken}, CATALOG))


# --- khai sinh -------------------------------------------------------------------------------


def test_khai_sinh_on_time_with_birth_certificate_and_married_parents() -> None:
    text = checklist_text("khai_sinh", {"han": "dung_han", "chung_sinh": "co", "ket_hon": "co"})
    listed = bullets(text)
    assert "Giấy chứng sinh" in listed
    assert "Giấy chứng nhận kết hôn của cha mẹ" in listed
    assert "Giấy cam đoan về việc sinh" not in listed
    assert "quá hạn" not in text.split("Nơi nộp")[0]


def test_khai_sinh_late_without_certificate_or_witness_and_unmarried_parents() -> None:
    text = checklist_text(
        "khai_sinh", {"han": "qua_han", "chung_sinh": "khong", "lam_chung": "khong", "ket_hon": "khong"}
    )
    listed = bullets(text)
    assert "Giấy cam đoan về việc sinh" in listed
    assert "Giấy chứng sinh (" not in listed
    assert "Văn bản của người làm chứng" not in listed
    assert "Giấy chứng nhận kết hôn của cha mẹ" not in listed
    assert "nhận cha con" in text and "Nghị định 123/2015/NĐ-CP" in text
    assert "Hội đồng nhân dân tỉnh" in text  # late registration fee note


def test_khai_sinh_witness_question_only_without_certificate() -> None:
    guide = GUIDES["khai_sinh"]
    assert next_step(guide, {"han": "dung_han", "chung_sinh": "co"}).id == "ket_hon"
    assert next_step(guide, {"han": "dung_han", "chung_sinh": "khong"}).id == "lam_chung"


# --- kết hôn ---------------------------------------------------------------------------------


def test_ket_hon_same_commune_first_marriage() -> None:
    text = checklist_text("ket_hon", {"noi_cu_tru": "cung_noi", "tung_ket_hon": "khong"})
    listed = bullets(text)
    assert "Tờ khai đăng ký kết hôn" in listed
    assert "Giấy xác nhận tình trạng hôn nhân" not in listed
    assert "ly hôn" not in listed
    assert "cùng có mặt" in text


def test_ket_hon_different_communes_previously_married() -> None:
    listed = bullets(checklist_text("ket_hon", {"noi_cu_tru": "khac_noi", "tung_ket_hon": "co"}))
    assert "Giấy xác nhận tình trạng hôn nhân" in listed
    assert "đã ly hôn" in listed


# --- thường trú ------------------------------------------------------------------------------


def test_thuong_tru_own_house() -> None:
    listed = bullets(checklist_text("thuong_tru", {"cho_o": "nha_minh"}))
    assert "chứng minh chỗ ở hợp pháp" in listed and "mẫu CT01" in listed
    assert "Hợp đồng, văn bản cho thuê" not in listed
    assert "Ý kiến đồng ý" not in listed


def test_thuong_tru_rented_house() -> None:
    text = checklist_text("thuong_tru", {"cho_o": "thue"})
    listed = bullets(text)
    assert "Hợp đồng, văn bản cho thuê" in listed and "Ý kiến đồng ý" in listed
    assert "quan hệ nhân thân" not in listed
    assert "08 m²" in text and "Luật Cư trú 68/2020/QH14" in text


def test_thuong_tru_with_relatives() -> None:
    listed = bullets(checklist_text("thuong_tru", {"cho_o": "nguoi_than"}))
    assert "quan hệ nhân thân" in listed and "Ý kiến đồng ý" in listed
    assert "Hợp đồng, văn bản cho thuê" not in listed


# --- căn cước --------------------------------------------------------------------------------


def test_can_cuoc_first_issue_is_free() -> None:
    text = checklist_text("can_cuoc", {"loai": "lan_dau"})
    assert "cấp thẻ căn cước cho người từ đủ 14 tuổi" in text.splitlines()[0]
    assert "mẫu CC01" in bullets(text)
    assert "không thu lệ phí" in text


def test_can_cuoc_replacement_after_damage_lists_the_card_and_fee() -> None:
    text = checklist_text("can_cuoc", {"loai": "cap_lai", "ly_do_cap_lai": "hong"})
    listed = bullets(text)
    assert "cấp lại thẻ căn cước" in text.splitlines()[0]
    assert "Thẻ bị hỏng" in listed and "mẫu CC01" in listed
    assert "70.000" in text and "Thông tư 73/2024/TT-BTC" in text


def test_can_cuoc_replacement_after_loss_has_no_damaged_card() -> None:
    assert "Thẻ bị hỏng" not in bullets(checklist_text("can_cuoc", {"loai": "cap_lai", "ly_do_cap_lai": "mat"}))


def test_can_cuoc_child_under_six_skips_biometric_form() -> None:
    under_six = bullets(checklist_text("can_cuoc", {"loai": "duoi_14", "tuoi_tre": "duoi_6"}))
    older = bullets(checklist_text("can_cuoc", {"loai": "duoi_14", "tuoi_tre": "tu_6"}))
    assert "người đại diện hợp pháp" in under_six
    assert "mẫu CC01" not in under_six and "mẫu CC01" in older


def test_specific_trigger_answers_the_first_question() -> None:
    assert initial_answers(GUIDES["can_cuoc"], "doi_can_cuoc") == {"loai": "doi"}
    assert initial_answers(GUIDES["can_cuoc"], "cap_can_cuoc") == {}
    assert next_step(GUIDES["can_cuoc"], {"loai": "doi"}).id == "ly_do_doi"


# --- lý lịch tư pháp -------------------------------------------------------------------------


def test_lltp_card_2_cannot_be_delegated() -> None:
    guide = GUIDES["ly_lich_tu_phap"]
    assert next_step(guide, {"loai_phieu": "so_2"}).id == "mien_giam"  # no delegation question
    text = checklist_text("ly_lich_tu_phap", {"loai_phieu": "so_2", "mien_giam": "khong"})
    assert "Văn bản ủy quyền" not in bullets(text)
    assert "không được ủy quyền" in text and "Điều 46" in text


def test_lltp_card_1_by_proxy_student() -> None:
    text = checklist_text("ly_lich_tu_phap", {"loai_phieu": "so_1", "uy_quyen": "uy_quyen", "mien_giam": "co"})
    listed = bullets(text)
    assert "Văn bản ủy quyền" in listed
    assert "miễn hoặc giảm phí" in listed
    assert "Điều 45" in text


# --- parsing answers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("con em mới sinh được 2 tuần", "dung_han"),
        ("qua han roi", "qua_han"),
        ("2", "qua_han"),
        ("Chưa quá 60 ngày", "dung_han"),
        ("hôm nay trời đẹp", None),
    ],
)
def test_parse_answer_for_timing(text: str, expected: str | None) -> None:
    assert parse_answer(GUIDES["khai_sinh"].steps[0], text) == expected


@pytest.mark.parametrize(("text", "expected"), [("rồi", "co"), ("chua", "khong"), ("ko", "khong"), ("có ạ", "co")])
def test_parse_yes_no(text: str, expected: str) -> None:
    step = GUIDES["khai_sinh"].step("ket_hon")
    assert parse_answer(step, text) == expected


def test_ambiguous_answer_is_rejected() -> None:
    step = GUIDES["can_cuoc"].step("loai")
    assert parse_answer(step, "đổi thẻ hay cấp lại") is None


@pytest.mark.parametrize(
    ("text", "expected"), [("thôi", True), ("huỷ", True), ("thoi khong can nua", True), ("có", False)]
)
def test_cancel_words(text: str, expected: bool) -> None:
    assert is_cancel(text) is expected
