"""API schemas of the gateway (pydantic 2)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class ChatRequest(BaseModel):
    sender: str = Field(min_length=1, max_length=128, description="Stable id of the conversation partner")
    message: str = Field(min_length=1, max_length=4000)


class ButtonPublic(BaseModel):
    title: str
    payload: str


class ReplyPublic(BaseModel):
    text: str
    buttons: list[ButtonPublic] = []


class ChatResponse(BaseModel):
    replies: list[ReplyPublic]


class ErrorResponse(BaseModel):
    detail: str
    replies: list[ReplyPublic] = []


class ReadyResponse(BaseModel):
    ready: bool
    rasa: str
    actions: str


class DossierStatusPublic(BaseModel):
    code: str
    procedure_id: str
    procedure_name: str | None
    status: str
    status_text: str
    received_on: date
    due_on: date | None
    overdue: bool
