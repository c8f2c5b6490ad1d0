"""One SQLite file shared by the gateway and the action server (WAL: readers never block the writer)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS dossiers (
    code TEXT PRIMARY KEY,
    procedure_id TEXT NOT NULL,
    status TEXT NOT NULL,
    received_on TEXT NOT NULL,
    due_on TEXT,
    applicant_enc TEXT,
    note TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    number TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    sender_hash TEXT NOT NULL,
    procedure_id TEXT,
    text_enc TEXT NOT NULL,
    contact_enc TEXT,
    status TEXT NOT NULL DEFAULT 'new'
);
CREATE TABLE IF NOT EXISTS ratings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    sender_hash TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5)
);
CREATE TABLE IF NOT EXISTS handoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    sender_enc TEXT NOT NULL,
    sender_hash TEXT NOT NULL,
    channel TEXT,
    transcript_enc TEXT,
    status TEXT NOT NULL DEFAULT 'waiting'
);
"""


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.executescript(SCHEMA)
    path.chmod(0o600)
    return conn
