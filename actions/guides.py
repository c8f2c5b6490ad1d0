"""Guided dossier preparation: a Rasa form with one slot that the guide data re-asks until done.

The form `guide_form` requires `guide_answer`. Each validated answer is stored in
`guide_answers` (step id -> option value) and `guide_answer` is emptied again, so
the form asks the next question; when the guide has no question left the slot is
filled and the form ends with the personalised checklist.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import CATALOG, buttons, guide_for, guides, original_text
from assistant.guides import build_checklist, initial_answers, is_cancel, next_step, parse_answer, render_checklist

DONE = "done"
CANCELLED = "cancelled"


def _answers(tracker: Tracker) -> dict[str, str]:
    value = tracker.get_slot("guide_answers")
    return dict(value) if isinstance(value, dict) else {}


def _guide_choices() -> list[tuple[str, str]]:
    catalog = CATALOG.get()
    out = []
    for g in guides().values():
        p = catalog.get(g.procedure)
        out.append((p.name.split(" (", 1)[0] if p else g.title, f'/start_guide{{"procedure":"{g.procedure}"}}'))
    return out


class ActionStartGuide(Action):
    def name(self) -> str:
        return "action_start_guide"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        catalog = CATALOG.get()
        text = original_text(tracker)
        procedure = catalog.get(next(tracker.get_latest_entity_values("procedure"), None))
        procedure = procedure or catalog.find(text) or catalog.get(tracker.get_slot("procedure"))
        if procedure is None:
            dispatcher.utter_message(
                text="Dạ, anh/chị cần chuẩn bị hồ sơ cho thủ tục nào ạ? Em hướng dẫn từng bước các thủ tục sau:",
                buttons=buttons(_guide_choices()),
            )
            return []
        guide = guide_for(procedure.id)
        if guide is None:
            dispatcher.utter_message(
                text=(
                    f"Dạ, em chưa có hướng dẫn từng bước cho thủ tục {procedure.name}; em gửi anh/chị danh sách "
                    "giấy tờ cần chuẩn bị. Em hướng dẫn từng bước được các thủ tục ở nút bên dưới ạ."
                ),
                buttons=buttons(
                    [("Giấy tờ cần chuẩn bị", f'/ask_documents{{"procedure":"{procedure.id}"}}'), *_guide_choices()[:3]]
                ),
            )
            return [SlotSet("procedure", procedure.id)]
        dispatcher.utter_message(
            text=(
                f"Dạ, em sẽ hướng dẫn anh/chị {guide.title[:1].lower() + guide.title[1:]} "
                'qua vài câu hỏi ngắn. Anh/chị nhắn "thôi" bất cứ lúc nào để dừng ạ.'
            )
        )
        return [
            SlotSet("procedure", procedure.id),
            SlotSet("guide_id", guide.id),
            SlotSet("guide_answers", initial_answers(guide, procedure.id)),
            SlotSet("guide_answer", None),
            FollowupAction("guide_form"),
        ]


class ActionAskGuideAnswer(Action):
    def name(self) -> str:
        return "action_ask_guide_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        guide = guides().get(tracker.get_slot("guide_id") or "")
        step = next_step(guide, _answers(tracker)) if guide else None
        if step is None:  # nothing left to ask: the validator will close the form
            return []
        dispatcher.utter_message(text=step.question, buttons=buttons([(o.label, o.label) for o in step.options]))
        return []


class ValidateGuideForm(FormValidationAction):
    def name(self) -> str:
        return "validate_guide_form"

    async def validate_guide_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None or tracker.get_slot("requested_slot") != "guide_answer":
            # The reset when the guide starts, or the opening message: not an answer.
            return {"guide_answer": None}
        guide = guides().get(tracker.get_slot("guide_id") or "")
        if guide is None:
            return {"guide_answer": CANCELLED}
        text = original_text(tracker)
        if is_cancel(text):
            return {"guide_answer": CANCELLED}
        answers = _answers(tracker)
        step = next_step(guide, answers)
        if step is None:
            return {"guide_answer": DONE}
        choice = parse_answer(step, text)
        if choice is None:
            dispatcher.utter_message(
                text="Dạ, em chưa rõ ý anh/chị. Anh/chị chọn một trong các câu trả lời bên dưới (hoặc nhắn số thứ tự), "
                'hoặc nhắn "thôi" để dừng hướng dẫn ạ.'
            )
            return {"guide_answer": None}
        answers[step.id] = choice
        return {"guide_answers": answers, "guide_answer": DONE if next_step(guide, answers) is None else None}


class ActionGuideFinish(Action):
    def name(self) -> str:
        return "action_guide_finish"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        guide = guides().get(tracker.get_slot("guide_id") or "")
        reset = [SlotSet("guide_id", None), SlotSet("guide_answer", None), SlotSet("guide_answers", None)]
        if guide is None or tracker.get_slot("guide_answer") != DONE:
            dispatcher.utter_message(text="Dạ, em đã dừng hướng dẫn. Anh/chị cần hỏi gì thêm cứ nhắn em ạ.")
            return reset
        checklist = build_checklist(guide, _answers(tracker), CATALOG.get())
        pid = checklist.procedure.id
        dispatcher.utter_message(
            text=render_checklist(checklist),
            buttons=buttons(
                [
                    ("Điền sẵn tờ khai từ ảnh thẻ căn cước", f'/prefill_form{{"procedure":"{pid}"}}'),
                    ("Nộp trực tuyến", f'/ask_online{{"procedure":"{pid}"}}'),
                    ("Hướng dẫn thủ tục khác", "/start_guide"),
                ]
            ),
        )
        return [*reset, SlotSet("procedure", pid)]


class ActionPrefillOffer(Action):
    def name(self) -> str:
        return "action_prefill_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(
            text=(
                "Dạ, anh/chị chụp mặt trước thẻ căn cước (chụp thẳng, đủ sáng, không bị lóa, thấy đủ 4 góc thẻ) "
                "và gửi vào cuộc trò chuyện, hoặc đặt thẻ lên máy quét tại kiosk. Em sẽ đọc họ tên, số định danh, "
                "ngày sinh, nơi cư trú để điền sẵn tờ khai, anh/chị kiểm tra lại trước khi nộp. Ảnh chỉ dùng để "
                "điền tờ khai và được xóa theo quy định ạ."
            )
        )
        return []
