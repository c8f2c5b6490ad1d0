"""The FastAPI gateway: includes routers, owns the shared Rasa client."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.api.limits import BodySizeLimit
from assistant.api.routes import chat, dossiers, health, ocr
from assistant.config import Settings, get_settings
from assistant.services import records
from assistant.services.rasa_client import RasaClient
from assistant.store import open_store

INVALID_REQUEST = "Dạ, yêu cầu chưa đúng định dạng ạ. Anh/chị vui lòng kiểm tra lại nội dung gửi lên."


async def _purge_daily(settings: Settings) -> None:
    """Personal data is deleted on schedule, not when someone remembers to."""
    while True:
        try:
            await asyncio.to_thread(records.purge_expired, open_store(settings.var_dir), settings.retention_days)
        except Exception:  # a failed purge must not take the gateway down; it is retried tomorrow
            logging.getLogger(__name__).exception("retention purge failed")
        await asyncio.sleep(24 * 3600)


def create_app(settings: Settings | None = None, rasa: RasaClient | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.rasa = rasa or RasaClient(settings)
        retention = asyncio.create_task(_purge_daily(settings))
        yield
        retention.cancel()
        await app.state.rasa.aclose()

    app = FastAPI(
        title="dvc-assistant gateway",
        description="Trợ lý ảo dịch vụ công: chat API for every channel.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_body_bytes, per_prefix={"/api/ocr/": settings.max_upload_bytes}
    )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Channels show `detail` to citizens; the field errors are for developers.
        errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": INVALID_REQUEST, "errors": errors})

    app.include_router(health.router)
    app.include_router(chat.router)
    app.include_router(dossiers.router)
    app.include_router(ocr.router)
    return app


def __getattr__(name: str) -> FastAPI:
    # `uvicorn assistant.api.main:app` builds the app lazily so that importing
    # this module (tests, CLI) does not read settings as a side effect.
    if name == "app":
        return create_app()
    raise AttributeError(name)
