"""Dossier status records, looked up by the receipt code printed on the giấy tiếp nhận."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timezone

from assistant.store.crypto import FieldCipher

STATUSES: dict[str, str] = {
    "received": "Đã tiếp nhận, chờ xử lý",
    "processing": "Đang giải quyết",
    "need_supplement": "Cần bổ sung hồ sơ",
    "completed": "Đã có kết quả, chờ trả",
    "returned": "Đã trả kết quả",
    "rejected": "Từ chối giải quyết (có văn bản nêu lý do)",
}

# Receipt codes: the receiving unit's code (QĐ 20/2020/QĐ-TTg style `000.00.16.H42`, or the
# shorter `H42.16` some provincial one-stop systems print), then yymmdd, then a sequence number.
_UNIT = r"(?:\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}|[A-Z]\d{2}(?:\.\d{1,3}){1,3})"
CODE_RE = re.compile(rf"(?<![\w.]){_UNIT}-\d{{6}}-\d{{4,6}}(?![\w])")
# Something that looks like an attempt at a code (digits and separators), for "check the format" replies.
CODE_LIKE_RE = re.compile(r"(?<![\w])[A-Z0-9]{2,}(?:[.\-][A-Z0-9]{1,}){2,}(?![\w])")


def _squash(text: str) -> str:
    """Upper-case and drop spaces around separators: people type `000.00.16.h42 - 261120 - 0003`."""
    text = re.sub(r"\s*([.\-])\s*", r"\1", text.upper())
    return text.replace("–", "-").replace("—", "-")


def normalize_code(text: str) -> str:
    return _squash(text).strip()


def find_codes(text: str) -> list[str]:
    return CODE_RE.findall(_squash(text))


def looks_like_code(text: str) -> bool:
    return bool(CODE_LIKE_RE.search(_squash(text)))


@dataclass(frozen=True)
class Dossier:
    code: str
    procedure_id: str
    status: str
    received_on: date
    due_on: date | None = None
    applicant_name: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown dossier status {self.status!r}; expected one of {sorted(STATUSES)}")
        if not CODE_RE.fullmatch(self.code):
            raise ValueError(f"dossier code {self.code!r} is not in a known receipt-code format")

    @property
    def status_text(self) -> str:
        return STATUSES[self.status]

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today and self.status in {"received", "processing"}


class DossierStore:
    def __init__(self, conn: sqlite3.Connection, cipher: FieldCipher) -> None:
        self._conn = conn
        self._cipher = cipher

    def upsert(self, d: Dossier) -> None:
        self._conn.execute(
            "INSERT INTO dossiers (code, procedure_id, status, received_on, due_on, applicant_enc, note, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(code) DO UPDATE SET procedure_id=excluded.procedure_id, status=excluded.status,"
            " received_on=excluded.received_on, due_on=excluded.due_on, applicant_enc=excluded.applicant_enc,"
            " note=excluded.note, updated_at=excluded.updated_at",
            (
                d.code,
                d.procedure_id,
                d.status,
                d.received_on.isoformat(),
                d.due_on.isoformat() if d.due_on else None,
                self._cipher.encrypt(d.applicant_name),
                d.note,
                datetime.now(timezone.utc).isoformat(timespec="seconds"),
            ),
        )

    def get(self, code: str) -> Dossier | None:
        row = self._conn.execute("SELECT * FROM dossiers WHERE code = ?", (normalize_code(code),)).fetchone()
        if row is None:
            return None
        return Dossier(
            code=row["code"],
            procedure_id=row["procedure_id"],
            status=row["status"],
            received_on=date.fromisoformat(row["received_on"]),
            due_on=date.fromisoformat(row["due_on"]) if row["due_on"] else None,
            applicant_name=self._cipher.decrypt(row["applicant_enc"]),
            note=row["note"],
        )

    def purge_closed(self, before: date) -> int:
        """Drop finished dossiers last updated before `before` (retention of personal data)."""
        cur = self._conn.execute(
            "DELETE FROM dossiers WHERE status IN ('returned', 'rejected') AND updated_at < ?", (before.isoformat(),)
        )
        return cur.rowcount
