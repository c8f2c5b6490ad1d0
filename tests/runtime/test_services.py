from pathlib import Path

from assistant.config import Settings
from assistant.runtime.services import actions_service, gateway_service, rasa_service


def _settings(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path / "var", rasa_port=6100, actions_port=6101, port=6102, _env_file=None)


def test_rasa_and_actions_listen_on_loopback_only(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    rasa = rasa_service(settings, tmp_path / "model.tar.gz")
    assert rasa.cmd[rasa.cmd.index("--interface") + 1] == "127.0.0.1"
    assert actions_service(settings).env["SANIC_HOST"] == "127.0.0.1"


def test_rasa_calls_actions_on_the_configured_port(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    rasa = rasa_service(settings, tmp_path / "model.tar.gz")
    endpoints = Path(rasa.cmd[rasa.cmd.index("--endpoints") + 1]).read_text()
    assert "http://127.0.0.1:6101/webhook" in endpoints
    assert rasa.env["RASA_TELEMETRY_ENABLED"] == "false"


def test_gateway_inherits_the_resolved_settings(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    env = gateway_service(settings).env
    assert env["DVC_RASA_PORT"] == "6100" and env["DVC_ACTIONS_PORT"] == "6101" and env["DVC_PORT"] == "6102"
    assert env["DVC_RASA_TOKEN"] == settings.rasa_token.get_secret_value() != ""


def test_generated_rasa_token_is_shared_and_private(tmp_path: Path) -> None:
    first, second = _settings(tmp_path), _settings(tmp_path)
    assert first.rasa_token.get_secret_value() == second.rasa_token.get_secret_value()
    token_file = tmp_path / "var" / "secrets" / "rasa_token"
    assert token_file.stat().st_mode & 0o777 == 0o600
