"""Use the running system, or start the parts a command needs for as long as it runs."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from assistant.config import Settings
from assistant.runtime.services import (
    ServiceSpec,
    actions_service,
    gateway_service,
    http_ok,
    rasa_service,
    rasa_status_ok,
)
from assistant.runtime.supervisor import Supervisor
from assistant.runtime.training import ensure_model

log = logging.getLogger(__name__)


def system_specs(settings: Settings, *, with_gateway: bool) -> list[ServiceSpec]:
    """Rasa (trained first if its inputs changed), the action server and optionally the gateway."""
    specs = [rasa_service(settings, ensure_model(settings)), actions_service(settings)]
    return [*specs, gateway_service(settings)] if with_gateway else specs


def already_running(settings: Settings, *, with_gateway: bool) -> bool:
    ok = rasa_status_ok(settings)[0] and http_ok(f"{settings.actions_url}/health")[0]
    return ok and (not with_gateway or http_ok(f"{settings.gateway_url}/healthz")[0])


@contextlib.contextmanager
def services_running(settings: Settings, *, with_gateway: bool = False) -> Iterator[None]:
    if already_running(settings, with_gateway=with_gateway):
        yield
        return
    log.info("assistant not running; starting %s", "all services" if with_gateway else "Rasa and the action server")
    sup = Supervisor(settings, system_specs(settings, with_gateway=with_gateway))
    sup.start()
    try:
        sup.wait_ready(settings.startup_timeout_s)
        yield
    finally:
        sup.stop()
