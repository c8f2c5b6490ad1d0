"""Guide form actions in the Rasa runtime: start, ask, validate, finish."""

import asyncio

from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.guides import DONE, ActionAskGuideAnswer, ActionGuideFinish, ActionStartGuide, ValidateGuideForm
from tests.actions.helpers import run, tracker


def validate(text: str, answers: dict, guide_id: str = "khai_sinh") -> tuple[list, dict]:
    t = tracker(text, slots={"guide_id": guide_id, "guide_answers": answers, "requested_slot": "guide_answer"})
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateGuideForm().validate_guide_answer(text, dispatcher, t, {}))
    return dispatcher.messages, result


def test_start_sets_guide_and_hands_over_to_the_form() -> None:
    messages, events = run(ActionStartGuide(), tracker("huong dan chuan bi ho so dang ky ket hon", "start_guide"))
    assert SlotSet("guide_id", "ket_hon") in events
    assert events[-1] == FollowupAction("guide_form")
    assert "đăng ký kết hôn" in messages[0]["text"]


def test_specific_card_procedure_skips_the_first_question() -> None:
    _, events = run(ActionStartGuide(), tracker("huong dan lam cap lai can cuoc", "start_guide"))
    assert SlotSet("guide_answers", {"loai": "cap_lai"}) in events


def test_start_without_procedure_offers_the_guides() -> None:
    messages, events = run(ActionStartGuide(), tracker("huong dan chuan bi ho so", "start_guide"))
    assert events == []
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/start_guide{"procedure":"dang_ky_khai_sinh"}' in payloads and len(payloads) == 5


def test_procedure_without_guide_sends_documents_button() -> None:
    messages, events = run(ActionStartGuide(), tracker("huong dan chuan bi ho so cap ho chieu", "start_guide"))
    assert not any(e.get("event") == "followup" for e in events)
    assert messages[0]["buttons"][0]["payload"] == '/ask_documents{"procedure":"cap_ho_chieu"}'


def test_ask_shows_next_question_with_option_buttons() -> None:
    t = tracker("", slots={"guide_id": "khai_sinh", "guide_answers": {"han": "dung_han"}})
    messages, _ = run(ActionAskGuideAnswer(), t)
    assert "Giấy chứng sinh" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["Có Giấy chứng sinh", "Không có Giấy chứng sinh"]


def test_valid_answer_is_stored_and_slot_emptied_for_the_next_question() -> None:
    messages, result = validate("con em moi sinh duoc 1 tuan", {})
    assert messages == []
    assert result == {"guide_answers": {"han": "dung_han"}, "guide_answer": None}


def test_last_answer_fills_the_slot() -> None:
    _, result = validate("roi", {"han": "dung_han", "chung_sinh": "co"})
    assert result["guide_answer"] == DONE and result["guide_answers"]["ket_hon"] == "co"


def test_unclear_answer_is_asked_again() -> None:
    messages, result = validate("hom nay troi dep", {})
    assert result == {"guide_answer": None}
    assert "chưa rõ" in messages[0]["text"]


def test_cancel_closes_the_form() -> None:
    _, result = validate("thôi", {"han": "dung_han"})
    assert result == {"guide_answer": "cancelled"}


def test_opening_message_is_not_taken_as_an_answer() -> None:
    t = tracker(
        "huong dan khai sinh qua han", slots={"guide_id": "khai_sinh", "guide_answers": {}, "requested_slot": None}
    )
    result = asyncio.run(
        ValidateGuideForm().validate_guide_answer("huong dan khai sinh qua han", CollectingDispatcher(), t, {})
    )
    assert result == {"guide_answer": None}


def test_finish_sends_personal_checklist_and_offers_prefill() -> None:
    slots = {"guide_id": "thuong_tru", "guide_answers": {"cho_o": "thue"}, "guide_answer": DONE}
    messages, events = run(ActionGuideFinish(), tracker("", slots=slots))
    text = messages[0]["text"]
    assert "Hợp đồng, văn bản cho thuê" in text and "Lệ phí:" in text and "Căn cứ:" in text
    assert any(b["payload"].startswith("/prefill_form") for b in messages[0]["buttons"])
    assert SlotSet("guide_id", None) in events and SlotSet("procedure", "dang_ky_thuong_tru") in events


def test_finish_after_cancel_says_stopped() -> None:
    slots = {"guide_id": "thuong_tru", "guide_answers": {}, "guide_answer": "cancelled"}
    messages, _ = run(ActionGuideFinish(), tracker("", slots=slots))
    assert "đã dừng" in messages[0]["text"]
