"""A catalog that reloads itself when a procedure file changes, so edits need no restart."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from assistant.catalog import Catalog, CatalogError, load_catalog
from assistant.catalog.loader import PROCEDURES_DIR

log = logging.getLogger(__name__)


class ReloadingCatalog:
    def __init__(self, directory: Path = PROCEDURES_DIR) -> None:
        self._dir = directory
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[str, int], ...] = ()
        self._catalog: Catalog | None = None

    def _current_stamp(self) -> tuple[tuple[str, int], ...]:
        return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(self._dir.glob("*.yaml")))

    def get(self) -> Catalog:
        stamp = self._current_stamp()
        with self._lock:
            if self._catalog is None or stamp != self._stamp:
                try:
                    self._catalog = load_catalog(self._dir)
                    log.info("catalog loaded: %d procedures", len(self._catalog.procedures))
                except CatalogError:
                    if self._catalog is None:
                        raise
                    # A half-edited file must not take the bot down: keep serving the last good catalog.
                    log.exception("catalog reload failed; keeping the previous version")
                self._stamp = stamp
            return self._catalog
