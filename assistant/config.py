"""All configuration in one typed object; every field can be set as DVC_<FIELD> in the environment or .env."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DVC_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_port: int = 5055
    rasa_token: SecretStr = SecretStr("")
    rasa_timeout_s: float = Field(15.0, gt=0)
    startup_timeout_s: float = Field(180.0, gt=0)

    var_dir: Path = ROOT / "var"
    models_dir: Path = ROOT / "models"
    venv_rasa: Path = ROOT / ".venv-rasa"

    hotline: str = "1022"
    max_message_chars: int = Field(2000, gt=0)
    max_body_bytes: int = Field(64 * 1024, gt=0)
    # Card photos and scans for POST /api/ocr/extract (the OCR loader checks pixels separately).
    max_upload_bytes: int = Field(15 * 1024 * 1024, gt=0)
    # Complaints, handoff transcripts and closed dossiers hold personal data: deleted after this.
    retention_days: int = Field(365, gt=0)
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _shared_rasa_token(self) -> Settings:
        # Gateway, CLI and Rasa must agree on the token without the user setting one:
        # keep a random one in var/ (mode 0600) unless DVC_RASA_TOKEN is given.
        if not self.rasa_token.get_secret_value():
            path = self.var_dir / "secrets" / "rasa_token"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                path.write_text(secrets.token_urlsafe(32))
                path.chmod(0o600)
            self.rasa_token = SecretStr(path.read_text().strip())
        return self

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.rasa_host}:{self.actions_port}"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "logs"


def get_settings() -> Settings:
    return Settings()
