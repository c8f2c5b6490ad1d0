"""Supervisor with small stand-in children (sleeping and crashing Python processes)."""

import sys
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.runtime.services import ServiceSpec
from assistant.runtime.supervisor import Supervisor


def _settings(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path / "var", rasa_token="t", _env_file=None)


def _spec(name: str, code: str) -> ServiceSpec:
    return ServiceSpec(name, [sys.executable, "-c", code], env={"PATH": "/usr/bin:/bin"})


def test_dead_child_is_restarted_and_logged(tmp_path: Path, caplog) -> None:
    sup = Supervisor(_settings(tmp_path), [_spec("crashy", "import sys; print('boom'); sys.exit(3)")])
    sup.start()
    child = sup.children[0]
    deadline = time.monotonic() + 10
    while child.restarts < 2 and time.monotonic() < deadline:
        sup.poll()
        time.sleep(0.05)
    sup.stop()
    assert child.restarts >= 2
    assert "crashy exited with code 3" in caplog.text
    assert (tmp_path / "var" / "logs" / "crashy.log").read_text().count("boom") >= 2


def test_stop_ends_every_child_including_ones_ignoring_sigterm(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("assistant.runtime.supervisor.STOP_GRACE_S", 1.0)
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
    sup = Supervisor(_settings(tmp_path), [_spec("sleepy", "import time; time.sleep(60)"), _spec("stubborn", stubborn)])
    sup.start()
    time.sleep(0.5)
    started = time.monotonic()
    sup.stop()
    assert time.monotonic() - started < 5
    assert all(c.proc is not None and c.proc.poll() is not None for c in sup.children)


def test_wait_ready_names_the_service_that_is_not_ready(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    spec = ServiceSpec(
        "ghost", [sys.executable, "-c", "import time; time.sleep(30)"], env={}, ready_url="http://127.0.0.1:9/x"
    )
    sup = Supervisor(settings, [spec])
    sup.start()
    try:
        with pytest.raises(TimeoutError, match="ghost"):
            sup.wait_ready(1.0)
    finally:
        sup.stop()
