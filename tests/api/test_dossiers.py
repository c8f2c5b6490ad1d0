"""GET /api/dossiers/{code}: status without personal data; Vietnamese errors for bad and unknown codes."""

from datetime import date, timedelta

from fastapi.testclient import TestClient

from assistant.api.main import create_app
from assistant.config import Settings
from assistant.store import Dossier, open_store


def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


def test_known_dossier_status_without_personal_data(settings: Settings) -> None:
    today = date.today()
    open_store(settings.var_dir).dossiers.upsert(
        Dossier(
            "000.00.16.H42-261120-0003", "dang_ky_ket_hon", "processing", today, today + timedelta(days=2), "Lê Văn C"
        )
    )
    with client(settings) as c:
        resp = c.get("/api/dossiers/000.00.16.h42-261120-0003")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status_text"] == "Đang giải quyết" and body["procedure_name"].startswith("Đăng ký kết hôn")
    assert body["overdue"] is False and "Lê Văn C" not in resp.text


def test_unknown_code_is_404_in_vietnamese(settings: Settings) -> None:
    with client(settings) as c:
        resp = c.get("/api/dossiers/000.00.16.H42-261120-0999")
    assert resp.status_code == 404 and "không tìm thấy" in resp.json()["detail"]


def test_malformed_code_is_422(settings: Settings) -> None:
    with client(settings) as c:
        resp = c.get("/api/dossiers/abc")
    assert resp.status_code == 422 and "chưa đúng định dạng" in resp.json()["detail"]
