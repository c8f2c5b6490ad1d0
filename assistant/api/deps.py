"""Shared wiring for routes: settings and the Rasa client live on app.state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.config import Settings
from assistant.services.rasa_client import RasaClient


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]
