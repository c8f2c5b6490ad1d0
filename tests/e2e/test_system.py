"""The whole system: real Rasa model, action server and gateway on spare ports."""

import time

import httpx
import pytest

from assistant.config import Settings
from assistant.runtime.supervisor import Supervisor
from tests.e2e.conftest import all_text, ask

pytestmark = pytest.mark.e2e


def test_ready(system: tuple[Settings, Supervisor]) -> None:
    settings, _ = system
    resp = httpx.get(f"{settings.gateway_url}/readyz", timeout=5)
    assert resp.status_code == 200 and resp.json()["ready"] is True


@pytest.mark.parametrize("message", ["Làm giấy khai sinh cần giấy tờ gì?", "lam giay khai sinh can gi"])
def test_documents_with_and_without_diacritics(system: tuple[Settings, Supervisor], message: str) -> None:
    resp = ask(system[0], message, sender=f"docs-{len(message)}")
    assert resp.status_code == 200
    assert "Giấy chứng sinh" in all_text(resp)


def test_fee_in_teencode_cites_legal_basis(system: tuple[Settings, Supervisor]) -> None:
    text = all_text(ask(system[0], "dk ket hon mat bn tien", sender="fee"))
    assert "lệ phí" in text.lower() and "Căn cứ:" in text


def test_follow_up_reuses_context(system: tuple[Settings, Supervisor]) -> None:
    settings, _ = system
    ask(settings, "cấp phiếu lý lịch tư pháp cần giấy tờ gì", sender="ctx")
    text = all_text(ask(settings, "còn lệ phí thì sao?", sender="ctx"))
    assert "lý lịch tư pháp" in text.lower() and "Căn cứ:" in text


def test_greeting_and_out_of_scope(system: tuple[Settings, Supervisor]) -> None:
    assert "xin chào" in all_text(ask(system[0], "xin chào", sender="g")).lower()
    assert "1022" in all_text(ask(system[0], "giá vàng hôm nay bao nhiêu", sender="o"))


def test_rasa_crash_gives_503_then_supervisor_restarts_it(system: tuple[Settings, Supervisor]) -> None:
    settings, sup = system
    rasa = next(c for c in sup.children if c.spec.name == "rasa")
    assert rasa.proc is not None
    rasa.proc.kill()
    rasa.proc.wait()
    resp = ask(settings, "xin chào", sender="down")
    assert resp.status_code == 503 and "1022" in resp.json()["detail"]
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if httpx.get(f"{settings.gateway_url}/readyz", timeout=5).status_code == 200:
            break
        time.sleep(1)
    assert rasa.restarts >= 1
    assert "Giấy chứng sinh" in all_text(ask(settings, "gks can giay to gi", sender="back"))
