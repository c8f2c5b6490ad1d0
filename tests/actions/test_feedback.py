"""Status lookup, complaints, ratings and handoff against a store in a temporary directory."""

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import common
from actions.feedback import (
    ActionGoodbye,
    ActionHandoff,
    ActionRate,
    ActionStartComplaint,
    ActionSubmitComplaint,
    ActionThank,
    ValidateComplaintForm,
)
from actions.status import ActionCheckStatus
from assistant.store import Dossier, open_store
from tests.actions.helpers import run, tracker


@pytest.fixture(autouse=True)
def temp_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DVC_VAR_DIR", str(tmp_path))
    common.store.cache_clear()
    yield open_store(tmp_path)
    common.store.cache_clear()


def test_status_of_known_dossier(temp_store) -> None:
    today = date.today()
    temp_store.dossiers.upsert(
        Dossier("000.00.16.H42-261120-0003", "dang_ky_khai_sinh", "need_supplement", today, today + timedelta(days=3))
    )
    messages, _ = run(ActionCheckStatus(), tracker("tra cuu ho so 000.00.16.h42-261120-0003", "check_status"))
    text = messages[0]["text"]
    assert "Cần bổ sung hồ sơ" in text and "Đăng ký khai sinh" in text and "quá ngày hẹn" not in text


def test_overdue_dossier_offers_complaint(temp_store) -> None:
    temp_store.dossiers.upsert(
        Dossier("H42.16-261101-0001", "dang_ky_thuong_tru", "processing", date(2026, 11, 1), date(2026, 11, 10))
    )
    messages, _ = run(ActionCheckStatus(), tracker("ho so H42.16-261101-0001 sao chua xong", "check_status"))
    assert "quá ngày hẹn" in messages[0]["text"] and messages[0]["buttons"][0]["payload"] == "/complaint"


def test_unknown_code_says_not_found_and_what_to_check() -> None:
    messages, _ = run(ActionCheckStatus(), tracker("000.00.16.H42-261120-9999", "check_status"))
    assert "không tìm thấy" in messages[0]["text"] and "Giấy tiếp nhận" in messages[0]["text"]


def test_lookup_without_code_asks_for_it() -> None:
    messages, _ = run(ActionCheckStatus(), tracker("ho so cua toi den dau roi", "check_status"))
    assert "cho em xin mã hồ sơ" in messages[0]["text"]


def test_malformed_code_is_called_malformed() -> None:
    messages, _ = run(ActionCheckStatus(), tracker("ma 000.00.16-2611-03", "check_status"))
    assert "chưa đúng định dạng" in messages[0]["text"]


def test_long_complaint_message_is_kept_as_content() -> None:
    text = "can bo mot cua phuong Tan Dinh hen tra ket qua nhung tre 5 ngay khong bao"
    _, events = run(ActionStartComplaint(), tracker(text, "complaint"))
    assert SlotSet("complaint_text", text) in events


def test_short_complaint_content_is_asked_again() -> None:
    t = tracker("cham qua", slots={"requested_slot": "complaint_text"})
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ValidateComplaintForm().validate_complaint_text("cham qua", dispatcher, t, {})) == {
        "complaint_text": None
    }


def test_submitted_complaint_gets_a_ticket_stored_encrypted(temp_store) -> None:
    slots = {"complaint_text": "Cán bộ hẹn trả kết quả nhưng trễ 5 ngày", "complaint_contact": "0912345678"}
    messages, _ = run(ActionSubmitComplaint(), tracker("0912345678", slots=slots))
    number = messages[0]["text"].split("mã số ")[1].split(".")[0]
    ticket = temp_store.feedback.get_ticket(number)
    assert ticket is not None and ticket.contact == "0912345678" and "trễ 5 ngày" in ticket.text


def test_rating_from_text_is_stored(temp_store) -> None:
    messages, events = run(ActionRate(), tracker("cho 4 sao", "rate"))
    assert temp_store.feedback.rating_summary() == {4: 1}
    assert SlotSet("rated", True) in events and "4/5" in messages[0]["text"]


def test_low_rating_offers_complaint() -> None:
    messages, _ = run(ActionRate(), tracker("/rate", "rate", entities=[{"entity": "rating", "value": "1"}]))
    assert messages[0]["buttons"][0]["payload"] == "/complaint"


def test_goodbye_asks_for_rating_once() -> None:
    messages, _ = run(ActionGoodbye(), tracker("tam biet", "goodbye"))
    assert len(messages[0]["buttons"]) == 5
    messages, _ = run(ActionGoodbye(), tracker("tam biet", "goodbye", slots={"rated": True}))
    assert messages[0].get("response") == "utter_goodbye"


def test_thanks_ask_for_a_rating_only_once() -> None:
    messages, events = run(ActionThank(), tracker("cam on", "thank"))
    assert len(messages[0]["buttons"]) == 5 and SlotSet("rating_asked", True) in events
    messages, events = run(ActionThank(), tracker("cam on", "thank", slots={"rating_asked": True}))
    assert messages[0].get("response") == "utter_thank" and events == []


def test_handoff_is_recorded_with_transcript_and_hotline(temp_store) -> None:
    events = [{"event": "user", "text": "x", "metadata": {"original_text": "làm sổ đỏ lần đầu"}}]
    messages, slot_events = run(ActionHandoff(), tracker("cho gap can bo", "request_human", events=events))
    waiting = temp_store.feedback.waiting_handoffs()
    assert len(waiting) == 1 and waiting[0].sender == "citizen-1" and "sổ đỏ" in waiting[0].transcript
    assert "1022" in messages[0]["text"] and SlotSet("handoff", True) in slot_events
