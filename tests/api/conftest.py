from pathlib import Path

import pytest

from assistant.config import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path / "var", rasa_token="test-token", _env_file=None)
