"""Talk to the Rasa server's REST channel; every failure becomes RasaUnavailable."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from assistant.config import Settings

log = logging.getLogger(__name__)


class RasaUnavailable(RuntimeError):
    """Rasa did not answer (down, loading, timed out, or answered an error)."""


class RasaClient:
    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._settings = settings
        self._http = httpx.AsyncClient(
            base_url=settings.rasa_url,
            timeout=settings.rasa_timeout_s,
            transport=transport,
            limits=httpx.Limits(max_keepalive_connections=20),
        )

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            resp = await self._http.post("/webhooks/rest/webhook", json=body)
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"Rasa request failed: {type(exc).__name__}: {exc}") from exc
        if resp.status_code != 200:
            raise RasaUnavailable(f"Rasa answered HTTP {resp.status_code}")
        data = resp.json()
        if not isinstance(data, list):
            raise RasaUnavailable("Rasa answered an unexpected body")
        return data

    async def status(self) -> dict[str, Any]:
        try:
            resp = await self._http.get(
                "/status", params={"token": self._settings.rasa_token.get_secret_value()}, timeout=2.0
            )
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"unreachable: {type(exc).__name__}") from exc
        if resp.status_code != 200:
            raise RasaUnavailable(f"HTTP {resp.status_code}")
        return dict(resp.json())

    async def actions_health(self) -> bool:
        try:
            resp = await self._http.get(f"{self._settings.actions_url}/health", timeout=2.0)
        except httpx.HTTPError:
            return False
        return resp.status_code == 200

    async def aclose(self) -> None:
        await self._http.aclose()
