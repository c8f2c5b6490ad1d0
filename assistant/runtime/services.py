"""How to start each process of the system and how to tell it is ready."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.config import ROOT, Settings
from assistant.runtime.training import rasa_env


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    cmd: list[str]
    env: dict[str, str] = field(repr=False)
    ready_url: str = ""


def rasa_status_ok(settings: Settings) -> tuple[bool, str]:
    """Rasa is ready when /status names a loaded model."""
    url = f"{settings.rasa_url}/status"
    try:
        resp = httpx.get(url, params={"token": settings.rasa_token.get_secret_value()}, timeout=2.0)
    except httpx.HTTPError as exc:
        return False, f"unreachable: {type(exc).__name__}"
    if resp.status_code != 200:
        return False, f"HTTP {resp.status_code}"
    model = (resp.json() or {}).get("model_file")
    return (True, str(model)) if model else (False, "no model loaded")


def http_ok(url: str) -> tuple[bool, str]:
    try:
        resp = httpx.get(url, timeout=2.0)
    except httpx.HTTPError as exc:
        return False, f"unreachable: {type(exc).__name__}"
    return resp.status_code == 200, f"HTTP {resp.status_code}"


def write_endpoints(settings: Settings) -> Path:
    run_dir = settings.var_dir / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / "endpoints.yml"
    path.write_text(f'action_endpoint:\n  url: "{settings.actions_url}/webhook"\n')
    return path


def rasa_service(settings: Settings, model: Path) -> ServiceSpec:
    rasa = settings.venv_rasa / "bin" / "rasa"
    cmd = [
        str(rasa),
        "run",
        "--model",
        str(model),
        "--enable-api",
        "--auth-token",
        settings.rasa_token.get_secret_value(),
        "--interface",
        settings.rasa_host,
        "--port",
        str(settings.rasa_port),
        "--endpoints",
        str(write_endpoints(settings)),
        "--credentials",
        str(ROOT / "nlu_data" / "credentials.yml"),
    ]
    return ServiceSpec("rasa", cmd, rasa_env(), ready_url=f"{settings.rasa_url}/status")


def actions_service(settings: Settings) -> ServiceSpec:
    python = settings.venv_rasa / "bin" / "python"
    cmd = [str(python), "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)]
    # rasa_sdk has no --host flag and listens on every interface unless SANIC_HOST says otherwise.
    # Actions run without the Settings object (pydantic 1 there): pass what they need explicitly.
    env = rasa_env() | {
        "SANIC_HOST": settings.rasa_host,
        "DVC_VAR_DIR": str(settings.var_dir),
        "DVC_HOTLINE": settings.hotline,
    }
    return ServiceSpec("actions", cmd, env, ready_url=f"{settings.actions_url}/health")


def gateway_service(settings: Settings) -> ServiceSpec:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "assistant.api.main:app",
        "--host",
        settings.host,
        "--port",
        str(settings.port),
        "--no-access-log",
    ]
    env = rasa_env()
    # The gateway reads its own Settings: hand it the values this process resolved.
    env.update(
        DVC_HOST=settings.host,
        DVC_PORT=str(settings.port),
        DVC_RASA_HOST=settings.rasa_host,
        DVC_RASA_PORT=str(settings.rasa_port),
        DVC_ACTIONS_PORT=str(settings.actions_port),
        DVC_RASA_TOKEN=settings.rasa_token.get_secret_value(),
        DVC_VAR_DIR=str(settings.var_dir),
    )
    return ServiceSpec("gateway", cmd, env, ready_url=f"{settings.gateway_url}/healthz")


def is_ready(spec: ServiceSpec, settings: Settings) -> tuple[bool, str]:
    if spec.name == "rasa":
        return rasa_status_ok(settings)
    return http_ok(spec.ready_url)
