from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.api.deps import RasaDep, SettingsDep
from assistant.models import ChatRequest, ChatResponse, ErrorResponse, ReplyPublic
from assistant.services.chat import chat_turn, unavailable_text
from assistant.services.rasa_client import RasaUnavailable

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse, responses={503: {"model": ErrorResponse}})
async def chat(body: ChatRequest, rasa: RasaDep, settings: SettingsDep) -> ChatResponse | JSONResponse:
    """One message in, the assistant's replies out (text plus suggested buttons)."""
    try:
        replies = await chat_turn(rasa, settings, body.sender, body.message)
    except RasaUnavailable as exc:
        log.warning("chat unavailable: %s", exc)
        text = unavailable_text(settings)
        err = ErrorResponse(detail=text, replies=[ReplyPublic(text=text)])
        return JSONResponse(status_code=503, content=err.model_dump())
    return ChatResponse(replies=replies)
