"""Run in .venv-rasa (rasa_sdk): `make test` does. Hand-built trackers, as rasa-sdk's own tests do."""

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.procedures import ActionAnswerProcedure


def tracker(text: str, intent: str, entities: list[dict[str, Any]] | None = None, slots: dict | None = None) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "metadata": {"original_text": text},
    }
    return Tracker("u1", slots or {}, message, [], False, None, {}, "action_listen")


def run(t: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerProcedure().run(dispatcher, t, {}))
    return dispatcher.messages, events


def test_documents_question_names_birth_certificate_and_sets_slot() -> None:
    messages, events = run(tracker("lam giay khai sinh can gi", "ask_documents"))
    assert "Giấy chứng sinh" in messages[0]["text"]
    assert events == [SlotSet("procedure", "dang_ky_khai_sinh")]


def test_entity_wins_over_text() -> None:
    entities = [{"entity": "procedure", "value": "dang_ky_ket_hon", "start": 0, "end": 3}]
    messages, events = run(tracker("le phi bao nhieu", "ask_fee", entities))
    assert events == [SlotSet("procedure", "dang_ky_ket_hon")]
    assert "Căn cứ:" in messages[0]["text"]


def test_follow_up_reuses_procedure_from_slot() -> None:
    messages, events = run(tracker("con le phi thi sao", "ask_fee", slots={"procedure": "cap_phieu_ly_lich_tu_phap"}))
    assert events == [SlotSet("procedure", "cap_phieu_ly_lich_tu_phap")]
    assert "lệ phí" in messages[0]["text"].lower()


def test_two_questions_in_one_message_are_both_answered() -> None:
    messages, _ = run(tracker("dang ky ket hon can gi va mat bao nhieu tien", "ask_documents"))
    text = messages[0]["text"]
    assert "hồ sơ" in text and "lệ phí" in text.lower()


def test_without_procedure_asks_which_one_with_buttons() -> None:
    messages, events = run(tracker("le phi bao nhieu", "ask_fee"))
    assert events == []
    assert messages[0]["response"] == "utter_ask_which_procedure"
    # The buttons keep the question: tapping one answers the fee of that procedure.
    assert (
        messages[0]["buttons"] and messages[0]["buttons"][0]["payload"] == '/ask_fee{"procedure":"dang_ky_khai_sinh"}'
    )


def test_fallback_with_a_procedure_answers_instead_of_giving_up() -> None:
    from actions.procedures import ActionFallback

    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionFallback().run(dispatcher, tracker("mat the bhyt thi bao lau moi co lai", "nlu_fallback"), {})
    )
    assert events == [SlotSet("procedure", "cap_lai_the_bhyt")]
    assert "thời gian giải quyết" in dispatcher.messages[0]["text"].lower()


def test_fallback_without_a_procedure_says_not_understood() -> None:
    from actions.procedures import ActionFallback

    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionFallback().run(dispatcher, tracker("asdkj qwe", "nlu_fallback"), {}))
    assert events == [] and dispatcher.messages[0]["response"] == "utter_default"
