"""Start the system's processes, restart any that dies, stop them all cleanly.

One process per service in its own process group, output appended to
var/logs/<service>.log. A child that exits unexpectedly is restarted with
exponential back-off (capped), and every restart is logged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import IO

from assistant.config import ROOT, Settings
from assistant.runtime.services import ServiceSpec, is_ready

log = logging.getLogger(__name__)
MAX_BACKOFF_S = 30.0
STOP_GRACE_S = 10.0


@dataclass
class _Child:
    spec: ServiceSpec
    proc: subprocess.Popen[bytes] | None = None
    log_file: IO[bytes] | None = None
    restarts: int = 0
    backoff_s: float = 1.0
    next_start: float = 0.0
    started_at: float = field(default=0.0)


class Supervisor:
    def __init__(self, settings: Settings, specs: list[ServiceSpec]) -> None:
        self.settings = settings
        self.children = [_Child(spec) for spec in specs]
        self._stopping = threading.Event()

    def _spawn(self, child: _Child) -> None:
        self.settings.log_dir.mkdir(parents=True, exist_ok=True)
        if child.log_file is None:
            child.log_file = (self.settings.log_dir / f"{child.spec.name}.log").open("ab")
        child.proc = subprocess.Popen(
            child.spec.cmd,
            cwd=ROOT,
            env=child.spec.env,
            stdin=subprocess.DEVNULL,
            stdout=child.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop children in order
        )
        child.started_at = time.monotonic()
        log.info("started %s (pid %d)", child.spec.name, child.proc.pid)

    def start(self) -> None:
        for child in self.children:
            self._spawn(child)

    def poll(self) -> None:
        """Restart children that died; call periodically."""
        now = time.monotonic()
        for child in self.children:
            if self._stopping.is_set() or child.proc is None:
                continue
            code = child.proc.poll()
            if code is None:
                if now - child.started_at > 60:
                    child.backoff_s = 1.0  # it stayed up: forget earlier crashes
                continue
            if child.next_start == 0.0:
                child.next_start = now + child.backoff_s
                log.warning(
                    "%s exited with code %s; restarting in %.0f s (see %s)",
                    child.spec.name,
                    code,
                    child.backoff_s,
                    self.settings.log_dir / f"{child.spec.name}.log",
                )
            elif now >= child.next_start:
                child.restarts += 1
                child.next_start = 0.0
                child.backoff_s = min(child.backoff_s * 2, MAX_BACKOFF_S)
                self._spawn(child)

    def wait_ready(self, timeout_s: float) -> dict[str, str]:
        """Block until every service answers ready; raises TimeoutError naming the laggards."""
        deadline = time.monotonic() + timeout_s
        pending = {c.spec.name: c.spec for c in self.children}
        detail: dict[str, str] = {}
        while pending:
            for name, spec in list(pending.items()):
                ok, detail[name] = is_ready(spec, self.settings)
                if ok:
                    log.info("%s ready", name)
                    del pending[name]
            if not pending:
                break
            if time.monotonic() > deadline or self._stopping.is_set():
                raise TimeoutError("not ready: " + ", ".join(f"{n} ({detail[n]})" for n in pending))
            self.poll()
            time.sleep(0.25)
        return detail

    def stop(self) -> None:
        self._stopping.set()
        for child in reversed(self.children):
            if child.proc and child.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for child in self.children:
            if child.proc is None:
                continue
            try:
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in %.0f s; killing", child.spec.name, STOP_GRACE_S)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.proc.pid, signal.SIGKILL)
                child.proc.wait()
            if child.log_file:
                child.log_file.close()
                child.log_file = None
            log.info("stopped %s", child.spec.name)

    def run_forever(self) -> None:
        """Supervise until SIGINT/SIGTERM."""

        def _handle(signum: int, _frame: object) -> None:
            log.info("received %s, stopping", signal.Signals(signum).name)
            self._stopping.set()

        signal.signal(signal.SIGINT, _handle)
        signal.signal(signal.SIGTERM, _handle)
        while not self._stopping.is_set():
            self.poll()
            self._stopping.wait(0.5)
        self.stop()
