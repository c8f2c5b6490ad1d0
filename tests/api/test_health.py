import httpx
from fastapi.testclient import TestClient

from assistant.api.main import create_app
from assistant.config import Settings
from assistant.services.rasa_client import RasaClient


def _app(settings: Settings, rasa_status: int, model: str | None, actions_up: bool) -> TestClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            assert request.url.params["token"] == "test-token"
            return httpx.Response(rasa_status, json={"model_file": model} if model else {})
        if request.url.path == "/health":
            if not actions_up:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200, json={"status": "ok"})
        return httpx.Response(404)

    return TestClient(create_app(settings, RasaClient(settings, transport=httpx.MockTransport(handler))))


def test_healthz_is_up_even_without_rasa(settings: Settings) -> None:
    with _app(settings, 503, None, False) as client:
        assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_200_when_model_loaded_and_actions_up(settings: Settings) -> None:
    with _app(settings, 200, "models/dvc-abc.tar.gz", True) as client:
        resp = client.get("/readyz")
    assert resp.status_code == 200
    assert resp.json()["ready"] is True and "dvc-abc" in resp.json()["rasa"]


def test_readyz_503_names_what_is_missing(settings: Settings) -> None:
    with _app(settings, 200, "models/dvc-abc.tar.gz", False) as client:
        resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.json()["actions"] == "unreachable"
    with _app(settings, 200, None, True) as client:
        resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.json()["rasa"] == "no model loaded"
