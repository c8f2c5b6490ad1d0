"""Complaints with a ticket number, satisfaction ratings, and handing the citizen over to a clerk."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import buttons, hotline, intent_of, original_text, store, user_texts
from assistant.dialogue.rating import parse_rating
from assistant.textnorm import normalize

log = logging.getLogger(__name__)
# A complaint message this long already says what happened: do not ask again.
MIN_WORDS_AS_CONTENT = 10
MIN_WORDS_CONTENT = 3
SKIP = {"bo qua", "khong", "khong can", "thoi", "skip", "khong co", "-"}
RATING_BUTTONS = [(f"{n} ★", f'/rate{{"rating":"{n}"}}') for n in (5, 4, 3, 2, 1)]


class ActionStartComplaint(Action):
    def name(self) -> str:
        return "action_start_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = original_text(tracker)
        content = text if not text.startswith("/") and len(text.split()) >= MIN_WORDS_AS_CONTENT else None
        return [SlotSet("complaint_text", content), SlotSet("complaint_contact", None)]


class ValidateComplaintForm(FormValidationAction):
    def name(self) -> str:
        return "validate_complaint_form"

    async def validate_complaint_text(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "complaint_text":
            # Pre-filled at activation by action_start_complaint from the opening message.
            if value and len(str(value).split()) >= MIN_WORDS_AS_CONTENT:
                dispatcher.utter_message(text="Dạ, em đã ghi lại nội dung phản ánh của anh/chị.")
                return {"complaint_text": str(value)}
            return {"complaint_text": None}
        text = original_text(tracker).strip()
        if normalize(text) in {"thoi", "huy", "thoi khong can"}:
            return {"complaint_text": "-", "complaint_contact": "-"}
        if len(text.split()) < MIN_WORDS_CONTENT:
            dispatcher.utter_message(text="Dạ, anh/chị nói rõ hơn giúp em: việc gì, ở đâu, khi nào ạ?")
            return {"complaint_text": None}
        return {"complaint_text": text}

    async def validate_complaint_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "complaint_contact":
            return {"complaint_contact": None}
        text = original_text(tracker).strip()
        return {"complaint_contact": "-" if normalize(text) in SKIP else text}


class ActionSubmitComplaint(Action):
    def name(self) -> str:
        return "action_submit_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.get_slot("complaint_text")
        contact = tracker.get_slot("complaint_contact")
        reset = [SlotSet("complaint_text", None), SlotSet("complaint_contact", None)]
        if not text or text == "-":
            dispatcher.utter_message(text="Dạ, em đã hủy phản ánh. Anh/chị cần gì thêm cứ nhắn em ạ.")
            return reset
        number = store().feedback.create_ticket(
            sender=tracker.sender_id,
            text=text,
            contact=None if contact in (None, "-") else contact,
            procedure_id=tracker.get_slot("procedure"),
        )
        log.info("complaint ticket %s stored", number)
        dispatcher.utter_message(
            text=(
                f"Dạ, em đã tiếp nhận phản ánh, kiến nghị của anh/chị, mã số {number}. "
                "Cơ quan có thẩm quyền sẽ xem xét "
                f"và trả lời theo quy định. Anh/chị giữ mã số này để tra cứu; cần gấp xin gọi tổng đài {hotline()} ạ."
            )
        )
        return reset


class ActionRate(Action):
    def name(self) -> str:
        return "action_rate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        raw = next(tracker.get_latest_entity_values("rating"), None)
        score = int(raw) if raw and str(raw).isdigit() else parse_rating(original_text(tracker))
        if score is None or not 1 <= score <= 5:
            dispatcher.utter_message(
                text="Dạ, anh/chị chấm giúp em từ 1 đến 5 sao (5 là rất hài lòng) ạ.", buttons=buttons(RATING_BUTTONS)
            )
            return []
        store().feedback.add_rating(sender=tracker.sender_id, score=score)
        if score <= 2:
            text = (
                f"Dạ, em cảm ơn anh/chị đã đánh giá {score}/5 và xin lỗi vì chưa hỗ trợ tốt. "
                "Anh/chị có thể gửi phản ánh "
                f"để chúng em cải thiện, hoặc gọi tổng đài {hotline()} ạ."
            )
            dispatcher.utter_message(text=text, buttons=buttons([("Gửi phản ánh", "/complaint")]))
        else:
            dispatcher.utter_message(
                text=f"Dạ, em cảm ơn anh/chị đã đánh giá {score}/5 ạ. Chúc anh/chị một ngày tốt lành!"
            )
        return [SlotSet("rated", True)]


class ActionGoodbye(Action):
    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("rated"):
            dispatcher.utter_message(response="utter_goodbye")
            return []
        dispatcher.utter_message(
            text=(
                "Dạ, cảm ơn anh/chị đã sử dụng dịch vụ. Anh/chị vui lòng đánh giá mức độ hài lòng "
                "(1 đến 5 sao) để chúng em phục vụ tốt hơn ạ."
            ),
            buttons=buttons(RATING_BUTTONS),
        )
        return []


class ActionThank(Action):
    """Thanks usually close a conversation: ask for a rating once, without insisting."""

    def name(self) -> str:
        return "action_thank"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("rated") or tracker.get_slot("rating_asked"):
            dispatcher.utter_message(response="utter_thank")
            return []
        dispatcher.utter_message(
            text=(
                "Dạ, không có gì ạ. Nếu em đã giúp được anh/chị, anh/chị chấm giúp em từ 1 đến 5 sao nhé; "
                "cần hỏi thêm thủ tục nào cứ nhắn em ạ."
            ),
            buttons=buttons(RATING_BUTTONS),
        )
        return [SlotSet("rating_asked", True)]


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        request_id = store().feedback.add_handoff(
            sender=tracker.sender_id,
            channel=tracker.get_latest_input_channel(),
            transcript="\n".join(user_texts(tracker)),
        )
        log.info("handoff %s recorded (intent %s)", request_id, intent_of(tracker))
        dispatcher.utter_message(
            text=(
                f"Dạ, em đã chuyển yêu cầu của anh/chị tới cán bộ tiếp nhận (yêu cầu số {request_id}). Cán bộ sẽ trả "
                "lời ngay trong cuộc trò chuyện này trong giờ hành chính. Cần gấp, anh/chị gọi tổng đài "
                f"{hotline()} ạ."
            )
        )
        return [SlotSet("handoff", True)]
