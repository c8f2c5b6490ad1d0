"""What every action needs: the live catalog, the guides, the store, and the citizen's own words."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.catalog.cache import ReloadingCatalog
from assistant.dialogue.answers import Reply
from assistant.guides import Guide, load_guides
from assistant.store import Store, open_store

CATALOG = ReloadingCatalog()


def hotline() -> str:
    return os.environ.get("DVC_HOTLINE", "1022")


@lru_cache(maxsize=1)
def guides() -> dict[str, Guide]:
    return load_guides()


def guide_for(procedure_id: str | None) -> Guide | None:
    return next((g for g in guides().values() if procedure_id in g.triggers), None)


@lru_cache(maxsize=1)
def store() -> Store:
    return open_store()


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(
        text=reply.text,
        buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
    )


def buttons(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


def original_text(tracker: Tracker) -> str:
    """The gateway sends the normalized text and keeps what the citizen typed in metadata."""
    message = tracker.latest_message or {}
    metadata = message.get("metadata") or {}
    return str(metadata.get("original_text") or message.get("text") or "")


def intent_of(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name", ""))


def user_texts(tracker: Tracker, limit: int = 10) -> list[str]:
    """The citizen's last messages as typed, oldest first (for the clerk who takes over)."""
    texts = []
    for event in tracker.events:
        if event.get("event") == "user":
            meta = event.get("metadata") or {}
            texts.append(str(meta.get("original_text") or event.get("text") or ""))
    return texts[-limit:]
