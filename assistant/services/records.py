"""Gateway-side record keeping: importing dossier statuses, deleting personal data on schedule."""

from __future__ import annotations

import csv
import json
import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from assistant.catalog import Catalog
from assistant.store import Dossier, Store

log = logging.getLogger(__name__)
FIELDS = ("code", "procedure", "status", "received_on", "due_on", "applicant_name", "note")


class DossierImportError(ValueError):
    """A dossier file cannot be imported; the message names the row and the field."""


def _rows(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        return list(data if isinstance(data, list) else data.get("dossiers", []))
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(text.splitlines()))
    raise DossierImportError(f"{path.name}: expected a .json or .csv file")


def import_dossiers(path: Path, store: Store, catalog: Catalog) -> int:
    """Validate every row first, then write them all: a bad file changes nothing."""
    dossiers: list[Dossier] = []
    for n, row in enumerate(_rows(path), 1):
        try:
            procedure = str(row["procedure"]).strip()
            if catalog.get(procedure) is None:
                raise ValueError(f"unknown procedure id {procedure!r}")
            due = str(row.get("due_on") or "").strip()
            dossiers.append(
                Dossier(
                    code=str(row["code"]).strip().upper(),
                    procedure_id=procedure,
                    status=str(row["status"]).strip(),
                    received_on=date.fromisoformat(str(row["received_on"]).strip()),
                    due_on=date.fromisoformat(due) if due else None,
                    applicant_name=(str(row.get("applicant_name") or "").strip() or None),
                    note=(str(row.get("note") or "").strip() or None),
                )
            )
        except (KeyError, ValueError) as exc:
            raise DossierImportError(f"{path.name} row {n}: {exc}") from exc
    for d in dossiers:
        store.dossiers.upsert(d)
    return len(dossiers)


def purge_expired(store: Store, retention_days: int, today: date | None = None) -> int:
    cutoff = (today or date.today()) - timedelta(days=retention_days)
    removed = store.feedback.purge(cutoff) + store.dossiers.purge_closed(cutoff)
    log.info("retention: removed %d records older than %s", removed, cutoff)
    return removed
