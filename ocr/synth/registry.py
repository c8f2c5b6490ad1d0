"""Every synthetic document type, found by its output-contract `document_type` name.

Each renderer module exposes `SPECS: tuple[SynthDocument, ...]`, one per side it draws; this module only
collects them, so adding a document is one new module plus one name in `MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ocr.synth.draw import CardImage
from ocr.synth.persons import Person

# What the fronts of the chip CCCD and the 2016 CCCD print, in output-contract names.
ID_CARD_FRONT_FIELDS = (
    "id_number",
    "full_name",
    "date_of_birth",
    "sex",
    "nationality",
    "place_of_origin",
    "place_of_residence",
    "date_of_expiry",
)
MODULES = ("cccd_chip", "can_cuoc", "cccd_2016", "cmnd", "birth_certificate")


@dataclass(frozen=True)
class SynthDocument:
    """One document side that `ocr.synth` can draw.

    render(person, *, scale, font_set, seed) draws it flat and upright at 10 px/mm × scale.
    truth(person) gives the values this document shows, in output-contract names and formats (the card
    prints names in capitals, so `full_name` is in capitals there). The three field tuples say which of those
    values are printed as text, carried by a QR code (or barcode), and carried by the printed MRZ. The
    benchmark scores what the image shows, printed ∪ mrz; fields only in a code (the QR's issue date on the
    chip front) are reported apart.
    """

    document_type: str
    render: Callable[..., CardImage]
    truth: Callable[[Person], Mapping[str, Any]]
    printed_fields: tuple[str, ...]
    qr_fields: tuple[str, ...] = ()
    mrz_fields: tuple[str, ...] = ()
    size_mm: tuple[float, float] = (85.6, 54.0)  # width, height
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def scored_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.printed_fields + self.mrz_fields))


@cache
def documents() -> dict[str, SynthDocument]:
    found: dict[str, SynthDocument] = {}
    for name in MODULES:
        module = importlib.import_module(f"ocr.synth.{name}")
        for spec in module.SPECS:
            found[spec.document_type] = spec
    return found


def document(document_type: str) -> SynthDocument:
    docs = documents()
    if document_type not in docs:
        raise ValueError(f"unknown document_type {document_type!r}, choose from {sorted(docs)}")
    return docs[document_type]
