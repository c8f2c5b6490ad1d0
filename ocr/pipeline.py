"""The OCR intake pipeline: only orders the stages (load → detect → recognize → fields → QR → validate).

Document types so far: the chip CCCD (2021) front. Each stage is its own module; see ocr/README.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ocr import qr_payload
from ocr.detect import TextDetector, make_detector
from ocr.documents.cccd_chip import parse_front
from ocr.documents.lines import OcrLine
from ocr.load import DocumentLoader, LoadConfig
from ocr.localize import CardLocalizer
from ocr.orient import Orienter
from ocr.qr import QrReader
from ocr.recognize import Recognizer, TesseractRecognizer, crop_quad
from ocr.validation.dates import validate_card_dates
from ocr.validation.id_number import parse_id_number

CCCD_CHIP_FRONT = "cccd_chip_front"
# Fields the front QR carries; when it decodes they come from it (the card's name casing kept).
QR_FIELDS = qr_payload.FIELDS


@dataclass
class Extraction:
    path: str
    document_type: str
    fields: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "document_type": self.document_type,
            "fields": self.fields,
            "confidence": self.confidence,
            "sources": self.sources,
            "warnings": self.warnings,
        }


def _same(a: str | None, b: str | None) -> bool:
    return " ".join(str(a or "").split()).casefold() == " ".join(str(b or "").split()).casefold()


class Pipeline:
    def __init__(
        self,
        detector: TextDetector | None = None,
        recognizer: Recognizer | None = None,
        load_config: LoadConfig | None = None,
    ) -> None:
        self.load = DocumentLoader(load_config)
        self.detect = detector or make_detector("onnx")
        self.recognize = recognizer or TesseractRecognizer()
        self.read_qr = QrReader()
        self.localize = CardLocalizer()
        self.orient = Orienter(self.detect, self.recognize)

    def lines(self, image: np.ndarray) -> list[tuple[OcrLine, float]]:
        out = []
        for box in self.detect(image):
            text = self.recognize(crop_quad(image, box.points))
            if text.text.strip():
                out.append((OcrLine(text.text, box.bbox, text.confidence), text.confidence))
        return out

    def extract_image(self, image: np.ndarray, *, path: str = "") -> Extraction:
        start = time.perf_counter()
        # Find the card in a photo and flatten it (a flat scan passes through), then read the QR on the
        # flattened card, else on the original photo; its position also says which way is up.
        located = self.localize(image)
        card = located.image
        qr = self.read_qr(card)
        qr_corners = None if qr is None else qr.corners
        if qr is None and located.applied:
            qr = self.read_qr(image)
            if qr is not None:
                qr_corners = cv2.perspectiveTransform(
                    qr.corners.reshape(-1, 1, 2).astype(np.float64), located.homography
                ).reshape(-1, 2)
        image = self.orient(card, qr_corners=qr_corners).image
        recognised = self.lines(image)
        ocr_lines = [line for line, _ in recognised]
        front = parse_front(ocr_lines)
        result = Extraction(path=path, document_type=CCCD_CHIP_FRONT)
        line_conf = {line.text: conf for line, conf in recognised}
        for name, value in front.fields.items():
            result.fields[name] = value
            result.sources[name] = "ocr"
            # The confidence of the line the value came from, or of the lines around it.
            result.confidence[name] = round(
                max((c for text, c in line_conf.items() if value.split(",")[0] in text), default=0.5), 3
            )

        if qr is None:
            result.warnings.append("qr_not_found: fields come from OCR only")
        else:
            for name in QR_FIELDS:
                value = qr.fields.get(name)
                if value is None:
                    continue
                ocr_value = result.fields.get(name)
                if ocr_value is not None and not _same(ocr_value, value):
                    result.warnings.append(f"qr_ocr_disagree: {name}")
                # The card prints the name in capitals; the QR in title case.
                result.fields[name] = value.upper() if name == "full_name" else value
                result.sources[name] = "qr"
                result.confidence[name] = 1.0

        self._validate(result)
        result.warnings += [f"missing: {name}" for name in front.missing if name not in result.fields]
        result.seconds = time.perf_counter() - start
        return result

    @staticmethod
    def _validate(result: Extraction) -> None:
        f = result.fields
        if "id_number" in f:
            dob = None
            if "date_of_birth" in f:
                try:
                    dob = datetime.strptime(f["date_of_birth"], "%d/%m/%Y").date()
                except ValueError:
                    dob = None
            decoded = parse_id_number(f["id_number"], date_of_birth=dob, sex=f.get("sex"))
            result.warnings += [f"{p.code}: {p.field}" for p in decoded.problems]
        if "date_of_birth" in f:
            problems = validate_card_dates(f["date_of_birth"], f.get("date_of_issue"), f.get("date_of_expiry"))
            result.warnings += [f"{p.code}: {p.field}" for p in problems]

    def extract(self, source: str | Path | bytes, *, filename: str | None = None) -> list[Extraction]:
        """One Extraction per page of the upload. Raises ocr.errors.InputError for unusable input."""
        path = str(source) if isinstance(source, (str, Path)) else (filename or "")
        document = self.load(source, filename=filename)
        results = [self.extract_image(page, path=path) for page in document.pages]
        for r in results:
            r.warnings = list(document.warnings) + r.warnings
        return results
