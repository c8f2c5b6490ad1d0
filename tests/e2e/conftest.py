"""One real system (Rasa model, action server, gateway on spare ports) shared by the end-to-end tests."""

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.runtime.services import actions_service, gateway_service, rasa_service
from assistant.runtime.supervisor import Supervisor
from assistant.runtime.training import ensure_model


def free_ports(n: int) -> list[int]:
    """Ports the OS has just handed out, so a running `make run` on the defaults does not collide."""
    socks = [socket.socket() for _ in range(n)]
    for sock in socks:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in socks]
    for sock in socks:
        sock.close()
    return ports


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Supervisor]]:
    var = tmp_path_factory.mktemp("var")
    port, rasa_port, actions_port = free_ports(3)
    settings = Settings(
        port=port, rasa_port=rasa_port, actions_port=actions_port, var_dir=Path(var), rasa_token="e2e", _env_file=None
    )
    model = ensure_model(settings)
    sup = Supervisor(settings, [rasa_service(settings, model), actions_service(settings), gateway_service(settings)])
    sup.start()
    stop = threading.Event()

    def supervise() -> None:
        while not stop.is_set():
            sup.poll()
            stop.wait(0.3)

    try:
        sup.wait_ready(240)
        watcher = threading.Thread(target=supervise, daemon=True)
        watcher.start()
        yield settings, sup
    finally:
        stop.set()
        sup.stop()


def ask(settings: Settings, message: str, sender: str = "e2e") -> httpx.Response:
    return httpx.post(f"{settings.gateway_url}/api/chat", json={"sender": sender, "message": message}, timeout=30)


def all_text(resp: httpx.Response) -> str:
    return "\n".join(r["text"] for r in resp.json()["replies"])
