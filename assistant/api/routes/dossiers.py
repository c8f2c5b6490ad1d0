"""Public dossier status lookup by receipt code (what the portal widget and kiosk show)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException

from assistant.api.deps import SettingsDep
from assistant.catalog.cache import ReloadingCatalog
from assistant.models import DossierStatusPublic
from assistant.store import find_codes, open_store

router = APIRouter(prefix="/api/dossiers", tags=["dossiers"])
CATALOG = ReloadingCatalog()


@router.get("/{code}", response_model=DossierStatusPublic, responses={404: {"description": "Unknown code"}})
def dossier_status(code: str, settings: SettingsDep) -> DossierStatusPublic:
    """Status of one dossier. Carries no personal data: anyone holding the receipt code may ask."""
    codes = find_codes(code)
    if not codes:
        raise HTTPException(
            status_code=422,
            detail=(
                "Dạ, mã hồ sơ chưa đúng định dạng (ví dụ 000.00.16.H42-261120-0003). Anh/chị kiểm tra lại giúp em ạ."
            ),
        )
    dossier = open_store(settings.var_dir).dossiers.get(codes[0])
    if dossier is None:
        raise HTTPException(
            status_code=404,
            detail=(
                f"Dạ, không tìm thấy hồ sơ {codes[0]}. Anh/chị kiểm tra lại mã trên Giấy tiếp nhận hồ sơ và hẹn trả "
                "kết quả, hoặc hỏi bộ phận một cửa nơi đã nộp ạ."
            ),
        )
    procedure = CATALOG.get().get(dossier.procedure_id)
    return DossierStatusPublic(
        code=dossier.code,
        procedure_id=dossier.procedure_id,
        procedure_name=procedure.name if procedure else None,
        status=dossier.status,
        status_text=dossier.status_text,
        received_on=dossier.received_on,
        due_on=dossier.due_on,
        overdue=dossier.overdue(date.today()),
    )
