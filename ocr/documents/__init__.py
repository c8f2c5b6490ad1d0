"""Document parsers: recognised lines → output-contract fields, one module per document family.

Each module exposes `PARSERS: tuple[DocumentParser, ...]`, one per side it reads; `parsers()` collects
them by `document_type`, and `ocr.classify` uses their `keywords` to tell the documents apart.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ocr.documents.lines import OcrLine, Parsed

MODULES = ("cccd_chip", "can_cuoc", "cccd_2016", "cmnd", "birth_certificate")


@dataclass(frozen=True)
class DocumentParser:
    """How to read one document side.

    keywords: folded phrases (`ocr.documents.lines.folded`: no diacritics, lower case) printed on this side
    and on no other supported side, e.g. "ngon tro trai" is not one (both chip and 2016 backs print it).
    page: True for a sheet of paper (birth certificate), False for an ID-1 card.
    has_qr / has_mrz / barcode: this side carries a QR code / an MRZ / a 1D barcode; evidence for the
    classifier, and the pipeline reads the MRZ and the barcode only there.
    """

    document_type: str
    parse: Callable[[list[OcrLine]], Parsed]
    fields: tuple[str, ...]
    keywords: tuple[str, ...]
    page: bool = False
    has_qr: bool = False
    has_mrz: bool = False
    barcode: bool = False
    columns: tuple[float, ...] = ()  # x of column boundaries (fractions of the width) that no text line crosses


@cache
def parsers() -> dict[str, DocumentParser]:
    found: dict[str, DocumentParser] = {}
    for name in MODULES:
        for parser in importlib.import_module(f"ocr.documents.{name}").PARSERS:
            found[parser.document_type] = parser
    return found
