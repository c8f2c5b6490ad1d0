"""Gateway chat API against a fake Rasa (httpx.MockTransport)."""

import json
from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient

from assistant.api.main import create_app
from assistant.config import Settings
from assistant.services.rasa_client import RasaClient

Handler = Callable[[httpx.Request], httpx.Response]


class FakeRasa:
    """Records what the gateway sends to Rasa's REST channel and answers fixed replies."""

    def __init__(self, replies: list[dict] | None = None) -> None:
        self.bodies: list[dict] = []
        self.replies = replies or []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(json.loads(request.content))
        return httpx.Response(200, json=self.replies)


def client_for(settings: Settings, handler: Handler) -> TestClient:
    rasa = RasaClient(settings, transport=httpx.MockTransport(handler))
    return TestClient(create_app(settings, rasa))


def test_chat_normalizes_text_and_shapes_replies(settings: Settings) -> None:
    button = {"title": "Lệ phí", "payload": '/ask_fee{"procedure":"dang_ky_khai_sinh"}'}
    rasa = FakeRasa(
        [
            {"recipient_id": "u1", "text": "Dạ, hồ sơ gồm: Giấy chứng sinh", "buttons": [button]},
            {"recipient_id": "u1", "image": "ignored-without-text"},
        ]
    )
    with client_for(settings, rasa) as client:
        resp = client.post("/api/chat", json={"sender": "u1", "message": "Làm giấy khai sinh cần gì?"})
    assert resp.status_code == 200
    assert resp.json() == {"replies": [{"text": "Dạ, hồ sơ gồm: Giấy chứng sinh", "buttons": [button]}]}
    sent = rasa.bodies[0]
    assert sent["sender"] == "u1"
    assert sent["message"] == "lam giay khai sinh can gi ?"
    assert sent["metadata"] == {"original_text": "Làm giấy khai sinh cần gì?"}


def test_button_payload_is_passed_untouched(settings: Settings) -> None:
    rasa = FakeRasa()
    payload = '/ask_fee{"procedure":"dang_ky_khai_sinh"}'
    with client_for(settings, rasa) as client:
        assert client.post("/api/chat", json={"sender": "u", "message": payload}).status_code == 200
    assert [b["message"] for b in rasa.bodies] == [payload]


def test_rasa_down_gives_503_with_hotline_and_no_trace(settings: Settings) -> None:
    def rasa(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with client_for(settings, rasa) as client:
        resp = client.post("/api/chat", json={"sender": "u", "message": "xin chào"})
    assert resp.status_code == 503
    body = resp.json()
    assert "1022" in body["detail"] and body["replies"][0]["text"] == body["detail"]
    assert "Traceback" not in resp.text and "ConnectError" not in resp.text


def test_rasa_error_status_gives_503(settings: Settings) -> None:
    with client_for(settings, lambda r: httpx.Response(500, text="boom")) as client:
        resp = client.post("/api/chat", json={"sender": "u", "message": "xin chào"})
    assert resp.status_code == 503


def test_rasa_timeout_gives_503(settings: Settings) -> None:
    def rasa(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with client_for(settings, rasa) as client:
        assert client.post("/api/chat", json={"sender": "u", "message": "xin chào"}).status_code == 503


def test_empty_or_missing_fields_are_422_with_vietnamese_detail(settings: Settings) -> None:
    with client_for(settings, lambda r: httpx.Response(200, json=[])) as client:
        empty = client.post("/api/chat", json={"sender": "u", "message": ""})
        missing = client.post("/api/chat", json={"message": "hi"})
        broken = client.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    for resp in (empty, missing, broken):
        assert resp.status_code == 422
        assert resp.json()["detail"].startswith("Dạ")
    assert missing.json()["errors"][0]["loc"] == ["body", "sender"]


def test_oversized_body_is_413_before_reaching_rasa(settings: Settings) -> None:
    rasa = FakeRasa()
    settings.max_body_bytes = 1000
    with client_for(settings, rasa) as client:
        resp = client.post("/api/chat", json={"sender": "u", "message": "x" * 5000})
        chunked = client.post(
            "/api/chat",
            content=iter([b'{"sender":"u","message":"', b"y" * 3000, b'"}']),
            headers={"content-type": "application/json"},
        )
    assert resp.status_code == 413 and "quá lớn" in resp.json()["detail"]
    assert chunked.status_code == 413
    assert rasa.bodies == []


def test_overlong_message_is_answered_politely_without_calling_rasa(settings: Settings) -> None:
    rasa = FakeRasa()
    settings.max_message_chars = 50
    with client_for(settings, rasa) as client:
        resp = client.post("/api/chat", json={"sender": "u", "message": "a" * 60})
    assert resp.status_code == 200 and "quá dài" in resp.json()["replies"][0]["text"]
    assert rasa.bodies == []


def test_openapi_documents_chat(settings: Settings) -> None:
    with client_for(settings, lambda r: httpx.Response(200, json=[])) as client:
        spec = client.get("/openapi.json").json()
    assert "/api/chat" in spec["paths"] and "/readyz" in spec["paths"]
