"""Typed view of one catalog procedure. Plain dataclasses: importable from both runtimes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LegalRef:
    number: str
    title: str
    article: str | None = None

    def cite(self) -> str:
        where = f"{self.article} " if self.article else ""
        return f"{where}{self.title} số {self.number}"

    def short(self) -> str:
        """Kind of document and number only ("Thông tư 85/2019/TT-BTC"): long titles make chat replies unreadable."""
        where = f"{self.article} " if self.article else ""
        if self.title.startswith(("Luật", "Bộ luật")) and len(self.title) <= 40:
            return f"{where}{self.title} {self.number}"
        suffix = self.number.rsplit("/", 1)[-1].upper()
        kind = next((name for key, name in _KINDS if suffix.startswith(key)), "văn bản")
        return f"{where}{kind} {self.number}"


_KINDS: tuple[tuple[str, str], ...] = (
    ("NĐ", "Nghị định"),
    ("ND", "Nghị định"),
    ("TTLT", "Thông tư liên tịch"),
    ("TT", "Thông tư"),
    ("QĐ", "Quyết định"),
    ("QD", "Quyết định"),
    ("NQ", "Nghị quyết"),
    ("QH", "Luật"),
    ("CT", "Chỉ thị"),
)


@dataclass(frozen=True)
class Document:
    name: str
    kind: str
    form: str | None = None
    condition: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Sourced:
    """A stated fact with the legal documents it comes from."""

    text: str
    legal_basis: tuple[LegalRef, ...]


@dataclass(frozen=True)
class FeeItem:
    case: str
    amount_vnd: int | None
    online_amount_vnd: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Fees:
    text: str
    items: tuple[FeeItem, ...]
    exemptions: tuple[str, ...]
    legal_basis: tuple[LegalRef, ...]


@dataclass(frozen=True)
class Channel:
    channel: str
    text: str


@dataclass(frozen=True)
class Online:
    available: bool
    text: str
    level: str | None = None
    portals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    code: str
    name: str
    legal_basis: LegalRef


@dataclass(frozen=True)
class Agency:
    name: str
    level: str
    note: str | None = None


@dataclass(frozen=True)
class Procedure:
    id: str
    name: str
    group: str
    aliases: tuple[str, ...]
    agency: Agency
    documents: tuple[Document, ...]
    processing_time: Sourced
    fees: Fees
    where_to_file: tuple[Channel, ...]
    online: Online
    legal_basis: tuple[LegalRef, ...]
    reviewed_on: str
    portal_code: str | None = None
    summary: str | None = None
    eligibility: tuple[str, ...] = ()
    deadline: Sourced | None = None
    forms: tuple[Form, ...] = ()
    result: str | None = None
    url: str | None = None
    verify_note: str | None = None
    object_aliases: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _refs(items: list[dict[str, Any]]) -> tuple[LegalRef, ...]:
    return tuple(LegalRef(**item) for item in items)


def _sourced(data: dict[str, Any] | None) -> Sourced | None:
    if data is None:
        return None
    return Sourced(text=data["text"], legal_basis=_refs(data["legal_basis"]))


def procedure_from_dict(data: dict[str, Any]) -> Procedure:
    """Build the typed view; `data` must already be schema-valid."""
    fees = data["fees"]
    processing = _sourced(data["processing_time"])
    assert processing is not None
    return Procedure(
        id=data["id"],
        name=data["name"],
        group=data["group"],
        aliases=tuple(data["aliases"]),
        object_aliases=tuple(data.get("object_aliases", [])),
        agency=Agency(**data["agency"]),
        documents=tuple(Document(**d) for d in data["documents"]),
        processing_time=processing,
        fees=Fees(
            text=fees["text"],
            items=tuple(FeeItem(**item) for item in fees["items"]),
            exemptions=tuple(fees.get("exemptions", ())),
            legal_basis=_refs(fees["legal_basis"]),
        ),
        where_to_file=tuple(Channel(**c) for c in data["where_to_file"]),
        online=Online(
            available=data["online"]["available"],
            text=data["online"]["text"],
            level=data["online"].get("level"),
            portals=tuple(data["online"].get("portals", ())),
        ),
        legal_basis=_refs(data["legal_basis"]),
        reviewed_on=str(data["reviewed_on"]),
        portal_code=data.get("portal_code"),
        summary=data.get("summary"),
        eligibility=tuple(data.get("eligibility", ())),
        deadline=_sourced(data.get("deadline")),
        forms=tuple(
            Form(code=f["code"], name=f["name"], legal_basis=LegalRef(**f["legal_basis"]))
            for f in data.get("forms", ())
        ),
        result=data.get("result"),
        url=data.get("url"),
        verify_note=data.get("verify_note"),
        raw=data,
    )
