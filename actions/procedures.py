"""Answer procedure questions from the catalog, and list what the assistant covers."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import CATALOG, buttons, guide_for, guides, intent_of, original_text, send
from assistant.catalog import GROUP_NAMES, Catalog, Procedure
from assistant.dialogue.answers import INTENT_ASPECT, Button, Reply, detect_aspects
from assistant.dialogue.answers import answer as compose_answer

# How many procedures to offer as buttons when the message names none.
MAX_CHOICES = 5
FEATURED_ORDER = [
    "dang_ky_khai_sinh",
    "cap_can_cuoc",
    "dang_ky_thuong_tru",
    "dang_ky_ket_hon",
    "cap_phieu_ly_lich_tu_phap",
]


def short_name(name: str) -> str:
    """Catalog names carry qualifiers in brackets; a list reads better without them."""
    return name.split(" (", 1)[0]


def named_as(catalog: Catalog, text: str, procedure_id: str) -> str:
    """The words of the message that name the procedure (normalized), so they are not read as a question."""
    match = catalog.matcher.best(text)
    return match.matched_text if match and match.procedure_id == procedure_id else ""


def featured(catalog: Catalog) -> list[Procedure]:
    """The procedures asked about most (those with a step-by-step guide), for "which one?" buttons."""
    ids = [g.procedure for g in guides().values()]
    ordered = sorted(ids, key=lambda pid: FEATURED_ORDER.index(pid) if pid in FEATURED_ORDER else len(FEATURED_ORDER))
    return [p for p in (catalog.get(pid) for pid in ordered) if p][:MAX_CHOICES]


class ActionAnswerProcedure(Action):
    def name(self) -> str:
        return "action_answer_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        catalog = CATALOG.get()
        text = original_text(tracker)
        intent = intent_of(tracker)

        procedure = catalog.get(next(tracker.get_latest_entity_values("procedure"), None))
        procedure = procedure or catalog.find(text) or catalog.get(tracker.get_slot("procedure"))
        if procedure is None:
            dispatcher.utter_message(
                response="utter_ask_which_procedure",
                buttons=buttons(
                    [
                        (short_name(p.name), f'/{intent or "ask_procedure"}{{"procedure":"{p.id}"}}')
                        for p in featured(catalog)
                    ]
                ),
            )
            return []

        aspects = detect_aspects(text, named_as(catalog, text, procedure.id)) if not text.startswith("/") else []
        if intent in INTENT_ASPECT and INTENT_ASPECT[intent] not in aspects:
            aspects.insert(0, INTENT_ASPECT[intent])
        reply = compose_answer(procedure, aspects, overview=intent == "ask_procedure")
        if guide_for(procedure.id) is not None:
            guide_button = Button("Hướng dẫn chuẩn bị hồ sơ", f'/start_guide{{"procedure":"{procedure.id}"}}')
            reply = Reply(reply.text, [guide_button, *reply.buttons][:4])
        send(dispatcher, reply)
        return [SlotSet("procedure", procedure.id)]


class ActionListProcedures(Action):
    def name(self) -> str:
        return "action_list_procedures"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        catalog = CATALOG.get()
        by_group: dict[str, list[str]] = defaultdict(list)
        for p in catalog.procedures.values():
            by_group[p.group].append(short_name(p.name))
        lines = [
            f"Dạ, em hỗ trợ {len(catalog.procedures)} thủ tục (giấy tờ, lệ phí, thời gian, nơi nộp, nộp trực tuyến):"
        ]
        for group, title in GROUP_NAMES.items():
            if by_group.get(group):
                lines.append(f"• {title}: " + "; ".join(sorted(by_group[group])) + ".")
        lines.append(
            "Em cũng hướng dẫn chuẩn bị hồ sơ từng bước, tra cứu tình trạng hồ sơ, nhận phản ánh, kiến nghị ạ."
        )
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=buttons(
                [
                    ("Hướng dẫn chuẩn bị hồ sơ", "/start_guide"),
                    ("Tra cứu hồ sơ", "/check_status"),
                    ("Gửi phản ánh", "/complaint"),
                ]
            ),
        )
        return []


class ActionFallback(Action):
    """Low NLU confidence: if the message names a procedure, answer what it seems to ask rather than "chưa hiểu"."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        catalog = CATALOG.get()
        text = original_text(tracker)
        procedure = catalog.find(text)
        if procedure is None:
            dispatcher.utter_message(response="utter_default")
            return []
        # Without a recognisable question the overview (summary + documents) is the safest answer.
        send(dispatcher, compose_answer(procedure, detect_aspects(text, named_as(catalog, text, procedure.id))))
        return [SlotSet("procedure", procedure.id)]
