"""One chat turn: normalize the citizen's text, ask Rasa, shape the replies."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from assistant.config import Settings
from assistant.models import ButtonPublic, ReplyPublic
from assistant.services.rasa_client import RasaClient
from assistant.textnorm import is_payload, nfc, normalize

log = logging.getLogger(__name__)


def unavailable_text(settings: Settings) -> str:
    return (
        "Dạ, hệ thống trợ lý đang khởi động hoặc tạm gián đoạn. Anh/chị vui lòng thử lại sau ít phút "
        f"hoặc gọi tổng đài {settings.hotline} để được hỗ trợ ạ."
    )


def too_long_text(settings: Settings) -> str:
    return f"Dạ, tin nhắn quá dài ạ. Anh/chị vui lòng hỏi ngắn gọn hơn (dưới {settings.max_message_chars} ký tự)."


def mask_sender(sender: str) -> str:
    """Sender ids are personal data (phone numbers, Zalo ids): logs get a short hash."""
    return hashlib.sha256(sender.encode()).hexdigest()[:10]


def to_replies(rasa_messages: list[dict[str, Any]]) -> list[ReplyPublic]:
    replies: list[ReplyPublic] = []
    for msg in rasa_messages:
        text = msg.get("text") or ""
        buttons = [
            ButtonPublic(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in msg.get("buttons") or []
        ]
        if text or buttons:
            replies.append(ReplyPublic(text=text, buttons=buttons))
    return replies


def model_input(original: str) -> str:
    """What Rasa sees: button payloads untouched, everything else normalized (as in training)."""
    return original if is_payload(original) else normalize(original)


async def chat_turn(client: RasaClient, settings: Settings, sender: str, message: str) -> list[ReplyPublic]:
    """Raises RasaUnavailable when Rasa cannot answer."""
    original = nfc(message.strip())
    if len(original) > settings.max_message_chars:
        return [ReplyPublic(text=too_long_text(settings))]
    text = model_input(original)
    if not text:
        return [ReplyPublic(text="Dạ, anh/chị vui lòng nhập câu hỏi ạ.")]
    messages = await client.send(sender, text, {"original_text": original})
    log.info("chat sender=%s in_chars=%d replies=%d", mask_sender(sender), len(original), len(messages))
    return to_replies(messages)
