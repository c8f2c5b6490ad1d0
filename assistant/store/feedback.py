"""Complaints (with a ticket number), satisfaction ratings and requests for a human clerk."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timezone

from assistant.store.crypto import FieldCipher

TICKET_PREFIX = "PA"


def sender_hash(sender: str) -> str:
    return hashlib.sha256(sender.encode("utf-8")).hexdigest()[:16]


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Ticket:
    number: str
    created_at: str
    text: str
    contact: str | None
    procedure_id: str | None
    status: str


@dataclass(frozen=True)
class Handoff:
    id: int
    created_at: str
    sender: str
    channel: str | None
    transcript: str | None
    status: str


class FeedbackStore:
    def __init__(self, conn: sqlite3.Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._cipher = cipher

    def create_ticket(self, *, sender: str, text: str, contact: str | None, procedure_id: str | None) -> str:
        """Store a complaint; returns its number, PA-yymmdd-NNNN, unique per day."""
        now = _now()
        prefix = f"{TICKET_PREFIX}-{now:%y%m%d}-"
        # BEGIN IMMEDIATE: the gateway and the action server may both number tickets at once.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            row = self._conn.execute(
                "SELECT number FROM tickets WHERE number LIKE ? ORDER BY number DESC LIMIT 1", (prefix + "%",)
            ).fetchone()
            seq = int(row["number"].rsplit("-", 1)[1]) + 1 if row else 1
            number = f"{prefix}{seq:04d}"
            self._conn.execute(
                "INSERT INTO tickets (number, created_at, sender_hash, procedure_id, text_enc, contact_enc)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    number,
                    now.isoformat(timespec="seconds"),
                    sender_hash(sender),
                    procedure_id,
                    self._cipher.encrypt(text),
                    self._cipher.encrypt(contact),
                ),
            )
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return number

    def get_ticket(self, number: str) -> Ticket | None:
        row = self._conn.execute("SELECT * FROM tickets WHERE number = ?", (number.strip().upper(),)).fetchone()
        if row is None:
            return None
        return Ticket(
            number=row["number"],
            created_at=row["created_at"],
            text=self._cipher.decrypt(row["text_enc"]) or "",
            contact=self._cipher.decrypt(row["contact_enc"]),
            procedure_id=row["procedure_id"],
            status=row["status"],
        )

    def add_rating(self, *, sender: str, score: int) -> None:
        if not 1 <= score <= 5:
            raise ValueError(f"rating must be 1..5, got {score}")
        self._conn.execute(
            "INSERT INTO ratings (created_at, sender_hash, score) VALUES (?, ?, ?)",
            (_now().isoformat(timespec="seconds"), sender_hash(sender), score),
        )

    def rating_summary(self) -> dict[int, int]:
        rows = self._conn.execute("SELECT score, COUNT(*) AS n FROM ratings GROUP BY score").fetchall()
        return {int(r["score"]): int(r["n"]) for r in rows}

    def add_handoff(self, *, sender: str, channel: str | None, transcript: str | None) -> int:
        cur = self._conn.execute(
            "INSERT INTO handoffs (created_at, sender_enc, sender_hash, channel, transcript_enc)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                _now().isoformat(timespec="seconds"),
                self._cipher.encrypt(sender),
                sender_hash(sender),
                channel,
                self._cipher.encrypt(transcript),
            ),
        )
        return int(cur.lastrowid or 0)

    def waiting_handoffs(self) -> list[Handoff]:
        rows = self._conn.execute("SELECT * FROM handoffs WHERE status = 'waiting' ORDER BY id").fetchall()
        return [
            Handoff(
                id=r["id"],
                created_at=r["created_at"],
                sender=self._cipher.decrypt(r["sender_enc"]) or "",
                channel=r["channel"],
                transcript=self._cipher.decrypt(r["transcript_enc"]),
                status=r["status"],
            )
            for r in rows
        ]

    def purge(self, before: date) -> int:
        """Delete complaints and handoffs created before `before` (retention of personal data)."""
        cutoff = before.isoformat()
        n = self._conn.execute("DELETE FROM tickets WHERE created_at < ?", (cutoff,)).rowcount
        n += self._conn.execute("DELETE FROM handoffs WHERE created_at < ?", (cutoff,)).rowcount
        return n
