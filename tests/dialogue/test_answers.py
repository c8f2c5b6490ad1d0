from assistant.catalog import load_catalog
from assistant.dialogue.answers import answer, detect_aspects, vnd

CATALOG = load_catalog()


def test_detects_two_questions_in_one_message() -> None:
    assert detect_aspects("cần gì và mất bao nhiêu tiền") == ["documents", "fee"]
    assert detect_aspects("can giay to gi, nop o dau") == ["documents", "where"]


def test_documents_answer_lists_birth_certificate() -> None:
    reply = answer(CATALOG.procedures["dang_ky_khai_sinh"], ["documents"])
    assert "Giấy chứng sinh" in reply.text
    assert reply.text.startswith("Dạ")


def test_fee_answer_cites_legal_basis_for_every_procedure() -> None:
    for p in CATALOG.procedures.values():
        text = answer(p, ["fee"]).text
        assert "Căn cứ:" in text
        assert p.fees.legal_basis[0].number in text


def test_time_answer_cites_legal_basis() -> None:
    p = CATALOG.procedures["cap_phieu_ly_lich_tu_phap"]
    text = answer(p, ["time"]).text
    assert p.processing_time.text in text and p.processing_time.legal_basis[0].number in text


def test_follow_up_buttons_offer_other_aspects_with_payloads() -> None:
    reply = answer(CATALOG.procedures["dang_ky_ket_hon"], ["fee"])
    payloads = [b.payload for b in reply.buttons]
    assert payloads and all('"procedure":"dang_ky_ket_hon"' in p for p in payloads)
    assert not any(p.startswith("/ask_fee") for p in payloads)


def test_vnd_formats_amounts_the_vietnamese_way() -> None:
    assert vnd(200000) == "200.000 đồng"
    assert vnd(0) == "miễn phí"
    assert "hỏi nơi nộp" in vnd(None)


def test_overview_is_summary_and_documents_with_buttons_for_the_rest() -> None:
    p = CATALOG.procedures["dang_ky_thuong_tru"]
    reply = answer(p, [])
    assert p.summary and p.summary in reply.text and "hồ sơ" in reply.text
    assert "Căn cứ:" not in reply.text
    assert {b.title for b in reply.buttons} >= {"Lệ phí", "Thời gian giải quyết"}


def test_procedure_name_is_not_read_as_a_question() -> None:
    from assistant.dialogue.answers import detect_aspects

    assert detect_aspects("lam vneid muc 2 ntn") == ["online"]
    assert detect_aspects("lam vneid muc 2 ntn", ignore="vneid muc 2") == []
    assert detect_aspects("dinh danh muc 2 qua vneid duoc khong", ignore="dinh danh muc 2") == ["online"]
