from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.api.deps import RasaDep
from assistant.models import ReadyResponse
from assistant.services.rasa_client import RasaUnavailable

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The gateway process is alive."""
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadyResponse, responses={503: {"model": ReadyResponse}})
async def readyz(rasa: RasaDep) -> JSONResponse:
    """Rasa has a model loaded and the action server answers."""
    try:
        status = await rasa.status()
        model = status.get("model_file")
        rasa_detail = f"model {model}" if model else "no model loaded"
        rasa_ok = bool(model)
    except RasaUnavailable as exc:
        rasa_detail, rasa_ok = str(exc), False
    actions_ok = await rasa.actions_health()
    body = ReadyResponse(ready=rasa_ok and actions_ok, rasa=rasa_detail, actions="ok" if actions_ok else "unreachable")
    return JSONResponse(status_code=200 if body.ready else 503, content=body.model_dump())
