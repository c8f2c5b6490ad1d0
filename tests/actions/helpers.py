"""Hand-built trackers for action tests (as rasa-sdk's own tests do)."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(
    text: str,
    intent: str = "",
    *,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "metadata": {"original_text": text},
    }
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("citizen-1", slots or {}, message, events or [], False, None, loop, "action_listen")


def run(action: Action, t: Tracker, domain: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain or {}))
    return dispatcher.messages, events
