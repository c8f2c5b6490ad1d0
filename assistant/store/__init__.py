"""The gateway's own records: dossier status, complaints, ratings, handoffs.

Runtime-neutral (sqlite3 + cryptography), so the Rasa action server writes and
reads the same SQLite file as the gateway. Personal fields are encrypted at rest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from assistant.store.crypto import FieldCipher
from assistant.store.db import connect
from assistant.store.dossiers import Dossier, DossierStore, find_codes, normalize_code
from assistant.store.feedback import FeedbackStore, Ticket

DB_NAME = "dvc.sqlite3"


@dataclass(frozen=True)
class Store:
    dossiers: DossierStore
    feedback: FeedbackStore


def default_var_dir() -> Path:
    """The action server has no Settings object (pydantic 1 there): it gets DVC_VAR_DIR from the launcher."""
    return Path(os.environ.get("DVC_VAR_DIR") or Path(__file__).resolve().parents[2] / "var")


def open_store(var_dir: Path | None = None) -> Store:
    var_dir = var_dir or default_var_dir()
    conn = connect(var_dir / DB_NAME)
    cipher = FieldCipher.from_key_file(var_dir / "secrets" / "store.key")
    return Store(dossiers=DossierStore(conn, cipher), feedback=FeedbackStore(conn, cipher))


__all__ = [
    "Dossier",
    "DossierStore",
    "FeedbackStore",
    "FieldCipher",
    "Store",
    "Ticket",
    "default_var_dir",
    "find_codes",
    "normalize_code",
    "open_store",
]
