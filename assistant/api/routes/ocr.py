"""POST /api/ocr/extract: fields of an ID card from an uploaded photo or scan (multipart `file`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from assistant.api.deps import SettingsDep
from assistant.services import ocr_intake

router = APIRouter(prefix="/api/ocr", tags=["ocr"])

_STATUS = {
    "unsupported_format": 415,
    "too_many_bytes": 413,
    "too_many_pixels": 413,
    "side_too_long": 413,
    "pdf_images_too_large": 413,
}
_FALLBACK = "Dạ, hệ thống chưa đọc được giấy tờ này ạ. Anh/chị vui lòng chụp lại rõ hơn."


@router.post("/extract", response_model=None)
async def extract(settings: SettingsDep, file: UploadFile = File(...)) -> dict[str, Any] | JSONResponse:  # noqa: B008
    """Read the card: `document_type`, `fields`, `confidence`, `sources`, `warnings` (as `python -m ocr extract`).

    Errors: 413 too large, 415 not an image or PDF, 422 empty, corrupt or unreadable; `detail` is for the citizen.
    """
    from ocr.errors import OCRError

    data = await file.read(settings.max_upload_bytes + 1)
    try:
        return await run_in_threadpool(ocr_intake.extract, settings, data, filename=file.filename)
    except OCRError as exc:
        code = str(getattr(exc, "code", "ocr_failed"))
        message = str(getattr(exc, "message", _FALLBACK))
        return JSONResponse(status_code=_STATUS.get(code, 422), content={"detail": message, "code": code})
