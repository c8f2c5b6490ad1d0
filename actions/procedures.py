"""Answer procedure questions (documents, fee, time, where, online, legal basis) from the catalog."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.catalog.cache import ReloadingCatalog
from assistant.dialogue.answers import INTENT_ASPECT, Reply, detect_aspects
from assistant.dialogue.answers import answer as compose_answer

CATALOG = ReloadingCatalog()
# How many procedures to offer as buttons when the message names none.
MAX_CHOICES = 5


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(
        text=reply.text,
        buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
    )


def _original_text(tracker: Tracker) -> str:
    """The gateway sends the normalized text and keeps what the citizen typed in metadata."""
    message = tracker.latest_message or {}
    metadata = message.get("metadata") or {}
    return str(metadata.get("original_text") or message.get("text") or "")


class ActionAnswerProcedure(Action):
    def name(self) -> str:
        return "action_answer_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        catalog = CATALOG.get()
        text = _original_text(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")

        procedure = catalog.get(next(tracker.get_latest_entity_values("procedure"), None))
        procedure = procedure or catalog.find(text) or catalog.get(tracker.get_slot("procedure"))
        if procedure is None:
            dispatcher.utter_message(
                response="utter_ask_which_procedure",
                buttons=[
                    {"title": p.name, "payload": f'/ask_procedure{{"procedure":"{p.id}"}}'}
                    for p in list(catalog.procedures.values())[:MAX_CHOICES]
                ],
            )
            return []

        aspects = detect_aspects(text) if not text.startswith("/") else []
        if intent in INTENT_ASPECT and INTENT_ASPECT[intent] not in aspects:
            aspects.insert(0, INTENT_ASPECT[intent])
        send(dispatcher, compose_answer(procedure, aspects))
        return [SlotSet("procedure", procedure.id)]
