"""The OCR intake pipeline: only orders the stages, each its own module (ocr/README.md).

load → localize (card or page) → QR → orient → detect → recognize → classify → fields → MRZ / barcode →
addresses → cross-validate → `Extraction`. Codes (QR, MRZ, barcode), when they decode and validate,
override OCR for the fields they carry; disagreements become warnings.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ocr.barcode import BarcodeReader, BarcodeResult
from ocr.classify import UNKNOWN, Classification, classify, settle
from ocr.detect import DetectorConfig, TextBox, TextDetector, make_detector
from ocr.documents import DocumentParser, parsers
from ocr.documents.birth_certificate import remove_leader_dots
from ocr.documents.lines import OcrLine, Parsed, digits_fixed, read_short
from ocr.load import DocumentLoader, LoadConfig
from ocr.localize import A4_RATIO, CARD, ID1_RATIO, PAGE, CardLocalizer, Localization, LocalizerConfig, Shape
from ocr.mrz import TD1
from ocr.mrz_read import MrzRead, read_mrz
from ocr.orient import Orienter, rotate, rotate_boxes_180
from ocr.qr import QrReader, QrResult
from ocr.quality import QualityChecker
from ocr.recognize import LineText, Recognizer, RecognizerPool, crop_quad, is_number_word, local_threshold
from ocr.recognize_onnx import OnnxRecognizer, number_words, with_numbers
from ocr.split import split_columns
from ocr.validation import cross
from ocr.validation.addresses import correct_address
from ocr.validation.dates import format_date
from ocr.validation.names import correct_surname

log = logging.getLogger(__name__)

# Pages are rectified at 150 dpi (1754 × 1240 px). Measured on birth certificates: detecting at 960 px with a
# lower box threshold reads as many fields as 1280 px (92 %) in 0.6 s less.
PAGE_DETECTOR = DetectorConfig(limit_side_len=960, box_thresh=0.5)
NO_EXPIRY_TEXT = "Không thời hạn"  # what a card issued from age 58 prints, and the MRZ encodes as <<<<<<
KEY_FIELDS = cross.KEY_FIELDS
# Digits in a key field's number word: a 9- or 12-digit ID, a dd/mm/yyyy date (7 with a digit lost). Only
# those lines go to the number model (a line's cost there grows with its width; MRZ lines hold more digits).
KEY_DIGITS = range(7, 13)
CARD_DATES = ("date_of_birth",)  # key dates that cards print as dd/mm/yyyy, always with two-digit day and month
QR_CORNER = (0.4, 0.55)  # width and height fractions of the upright card's top-right corner searched first
ADDRESS_FIELDS = (
    "place_of_origin",
    "place_of_residence",
    "place_of_birth_registration",
    "place_of_birth",
    "child_hometown",
    "mother_residence",
    "father_residence",
)


@dataclass
class Extraction:
    path: str
    document_type: str
    fields: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    quality: dict[str, Any] | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "document_type": self.document_type,
            "fields": self.fields,
            "confidence": self.confidence,
            "sources": self.sources,
            "warnings": self.warnings,
        }
        if self.quality is not None:
            out["quality"] = self.quality
        return out


@dataclass(frozen=True)
class _Read:
    """One pass of orient → detect → recognize over a rectified document."""

    image: np.ndarray
    lines: list[OcrLine]
    boxes: list[TextBox]
    rotation: int


@dataclass(frozen=True)
class _Codes:
    """Machine-readable codes found on a card while classifying it (searched=False: not looked for yet)."""

    qr: QrResult | None = None
    mrz: MrzRead | None = None
    barcode: BarcodeResult | None = None
    searched: bool = False


class Pipeline:
    def __init__(
        self,
        detector: TextDetector | None = None,
        recognizer: Recognizer | None = None,
        load_config: LoadConfig | None = None,
        *,
        detector_name: str = "onnx",
        number_reader: OnnxRecognizer | None = None,
    ) -> None:
        self.load = DocumentLoader(load_config)
        self.detect = detector or make_detector(detector_name)
        self._detector_name = detector_name
        self._page_detector: TextDetector | None = None if detector is None else detector
        self.recognize = RecognizerPool() if recognizer is None else RecognizerPool.of(recognizer)
        # A second model for the numbers of key-field lines (ocr/recognize_onnx.py); loaded on first use.
        self._number_reader = number_reader
        self.read_qr = QrReader()
        self.read_barcode = BarcodeReader()
        self.localize = CardLocalizer(LocalizerConfig(shapes=(CARD, PAGE)))
        self.orient = Orienter(self.detect, self.recognize)
        self.check_quality = QualityChecker()

    # --- stages ---------------------------------------------------------------------------------------

    @property
    def detect_page(self) -> TextDetector:
        """A detector that looks at pages at a higher resolution than cards; built on the first page."""
        if self._page_detector is None:
            self._page_detector = make_detector(self._detector_name, PAGE_DETECTOR)
        return self._page_detector

    @property
    def read_number_lines(self) -> OnnxRecognizer:
        if self._number_reader is None:
            self._number_reader = OnnxRecognizer()
        return self._number_reader

    def lines(self, image: np.ndarray, boxes: list[TextBox] | None = None) -> list[tuple[OcrLine, float]]:
        """Recognised text lines of an upright image (detected here unless `boxes` are given)."""
        boxes = self.detect(image) if boxes is None else boxes
        texts = self.recognize.read_all([crop_quad(image, box.points) for box in boxes])
        return [
            (OcrLine(text.text, box.bbox, text.confidence), text.confidence)
            for box, text in zip(boxes, texts, strict=True)
            if text.text.strip()
        ]

    def _find_qr(self, upright: np.ndarray, photo: np.ndarray, located: Localization) -> QrResult | None:
        """The QR of an upright card, in its top-right corner where the chip CCCD front and the căn cước back
        print it (a small crop: 10–50 ms); else on the card's region of the original photo, as flattening
        resamples a small, blurred QR once more. Measured on 30 tuning photos: 29 decode in the corner, the
        30th only on the photo, none on the whole flattened card. Only for documents that carry a QR: the
        WeChat detector searches a large image without one for seconds."""
        height, width = upright.shape[:2]
        corner = upright[: int(height * QR_CORNER[1]), int(width * (1 - QR_CORNER[0])) :]
        qr = self.read_qr(corner)
        if qr is None:
            # A blurred QR's modules run together: an unsharp mask separates them (4 of 5 tuning photos whose
            # QR did not decode anywhere).
            qr = self.read_qr(cv2.addWeighted(corner, 2.0, cv2.GaussianBlur(corner, (0, 0), 2), -1.0, 0))
        if qr is None and located.applied and located.quad is not None:
            x, y, w, h = cv2.boundingRect(located.quad.astype(np.float32))
            qr = self.read_qr(photo[max(0, y) : y + h, max(0, x) : x + w])
        elif qr is None:
            qr = self.read_qr(upright)  # a scan: nothing was resampled, but the corner may be cut off
        return qr

    def _read(self, document: np.ndarray, *, page: bool) -> _Read:
        """Orient, detect, recognise. Lines are read once the document is turned landscape (a page portrait);
        when they show no label words it may be upside down: the both-ways test decides, and a flipped
        document is read again."""
        detect = self.detect_page if page else self.detect
        base = self.orient.base_turn(document, portrait=page)
        image = rotate(document, base)
        if page:
            # Forms print values on dotted leaders, which the detector and Tesseract take for text (the
            # dots lie along the lines whether the page is upright or upside down).
            image = remove_leader_dots(image)
        boxes = detect(image)
        recognised = self.lines(image, boxes)
        rotation = base
        texts = [line.text for line, _ in recognised]
        known = {line.box: LineText(line.text, line.confidence) for line, _ in recognised}
        if not self.orient.looks_upright(texts) and self.orient.upside_down(image, boxes, known):
            height, width = image.shape[:2]
            image, boxes, rotation = rotate(image, 180), rotate_boxes_180(boxes, width, height), (base + 180) % 360
            recognised = self.lines(image, boxes)
        return _Read(image, [line for line, _ in recognised], boxes, rotation)

    # --- the whole pipeline ---------------------------------------------------------------------------

    def extract_image(self, image: np.ndarray, *, path: str = "") -> Extraction:
        start = time.perf_counter()
        located = self.localize(image)
        shape = located.shape if located.applied else _flat_shape(image)
        quality = (
            self.check_quality(image, card=located.image if located.quad is not None else None, card_quad=located.quad)
            if shape is CARD
            else None
        )
        read = self._read(located.image, page=shape is PAGE)
        kind = classify(read.lines, page=shape is PAGE)
        codes = _Codes()
        if shape is CARD and not kind.clear:
            # Titles and labels misread or shared between card generations: codes tell the sides apart.
            codes = _Codes(
                qr=self._find_qr(read.image, image, located),
                mrz=read_mrz(read.image, boxes=read.boxes),
                barcode=self.read_barcode(read.image),
                searched=True,
            )
            kind = classify(
                read.lines,
                page=False,
                has_qr=codes.qr is not None,
                has_mrz=codes.mrz is not None,
                has_barcode=codes.barcode is not None,
            )
            kind = settle(kind, read.lines)
        if kind.document_type == UNKNOWN:
            # Proportions between a card's and a page's (a tilted quad; a 4:3 photo in which no document was
            # found is nearer A4 than ID-1): read it again as the other shape.
            other = PAGE if shape is CARD else CARD
            again_image = located.image
            if located.applied and located.quad is not None:
                located = self.localize.warp(image, located.quad, other)
                again_image = located.image
            second = self._read(again_image, page=other is PAGE)
            again = classify(second.lines, page=other is PAGE)
            if again.document_type != UNKNOWN:
                shape, read, kind = other, second, again
            elif located.applied:
                # The quad was not the document at all (a pale card on a pale desk): read the photo as it is.
                third = self._read(image, page=False)
                again = classify(third.lines, page=False)
                if again.document_type != UNKNOWN:
                    shape, read, kind = CARD, third, again
                    located = Localization(image=image, quad=None, applied=False)

        result = Extraction(path=path, document_type=kind.document_type)
        if quality is not None:
            result.quality = quality.to_dict()
            result.warnings += [f"quality_{p.severity}: {p.code}" for p in quality.problems]
        if kind.document_type == UNKNOWN:
            result.warnings.append("document_unrecognized: no supported document type matched the text")
        else:
            self._fill(result, kind, read, codes, image, located)
        cross.validate(result.fields, result.warnings)
        result.seconds = time.perf_counter() - start
        log.info(
            "ocr extract: type=%s method=%s fields=%d warnings=%d %.2fs",
            result.document_type,
            kind.method,
            len(result.fields),
            len(result.warnings),
            result.seconds,
        )
        return result

    def _split_columns(self, read: _Read, columns: tuple[float, ...]) -> list[OcrLine]:
        """The lines again, with boxes that run across the layout's column boundaries cut and re-read."""
        boxes, cut = split_columns(read.boxes, columns, read.image.shape[1])
        if not cut:
            return read.lines
        known = {line.box: line for line in read.lines}
        fresh = [box for box in boxes if box.bbox not in known]
        for line, _ in self.lines(read.image, fresh):
            known[line.box] = line
        return [known[box.bbox] for box in boxes if box.bbox in known]

    def _parse(self, parser: DocumentParser, lines: list[OcrLine], result: Extraction) -> Parsed:
        try:
            return parser.parse(lines)
        except Exception:  # a parser bug must cost this document's fields, not the citizen's upload
            log.exception("ocr parser %s failed", parser.document_type)
            result.warnings.append(f"parser_failed: {parser.document_type}")
            return Parsed({}, list(parser.fields))

    def _reread(self, image: np.ndarray, boxes: list[TextBox]) -> list[OcrLine]:
        clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(1, 8))
        crops = [clahe.apply(cv2.cvtColor(crop_quad(image, box.points), cv2.COLOR_BGR2GRAY)) for box in boxes]
        texts = self.recognize.read_all(crops)
        return [OcrLine(t.text, box.bbox, t.confidence) for box, t in zip(boxes, texts, strict=True) if t.text.strip()]

    def _reread_numbers(self, read: _Read, *, binary: bool) -> list[OcrLine]:
        """The lines again, those with number words read by `NumberRecognizer.read_numbers` (after
        `local_threshold` when `binary`)."""
        again = _number_boxes(read)
        crops = [crop_quad(read.image, box.points) for box in again]
        reads = self.recognize.read_numbers_all([local_threshold(c) for c in crops] if binary else crops)
        fresh = {box.bbox: OcrLine(t.text, box.bbox, t.confidence) for box, t in zip(again, reads, strict=True)}
        return [fresh.get(line.box, line) for line in read.lines]

    def _reread_onnx(self, read: _Read) -> list[OcrLine]:
        """The lines again, the numbers of those that may hold a key field as the PP-OCR model reads them."""
        texts = {line.box: line for line in read.lines}
        again = _number_boxes(read, KEY_DIGITS)
        reads = self.read_number_lines.read_all([crop_quad(read.image, box.points) for box in again])
        fresh: dict[tuple[int, int, int, int], OcrLine] = {}
        for box, pp in zip(again, reads, strict=True):
            line = texts[box.bbox]
            text = with_numbers(line.text, number_words(pp.text))
            if text is not None:
                fresh[box.bbox] = OcrLine(text, box.bbox, line.confidence)
        return [fresh.get(line.box, line) for line in read.lines]

    def _fill(
        self,
        result: Extraction,
        kind: Classification,
        read: _Read,
        codes: _Codes,
        photo: np.ndarray,
        located: Localization,
    ) -> None:
        parser = parsers()[kind.document_type]
        qr = codes.qr if codes.searched or not parser.has_qr else self._find_qr(read.image, photo, located)
        lines = self._split_columns(read, parser.columns) if parser.columns else read.lines
        parsed = self._parse(parser, lines, result)
        keys = [k for k in KEY_FIELDS if k in parser.fields]
        missing_keys = [k for k in keys if k not in parsed.fields]
        if missing_keys:
            # A second look at the lines, local contrast stretched: digits half washed out by glare come back.
            second = self._parse(parser, self._reread(read.image, read.boxes), result)
            found = {name: second.fields[name] for name in missing_keys if name in second.fields}
            parsed = Parsed({**parsed.fields, **found}, [m for m in parsed.missing if m not in found])
        # Card dates read with a one-digit day or month (a digit lost): doubtful even when they check out.
        dates = [] if parser.page else [k for k in keys if k in CARD_DATES]
        short = {k for k in dates if k in parsed.fields and read_short(lines, parsed.fields[k])}
        from_qr = {k for k, v in qr.fields.items() if v} if qr is not None and parser.has_qr else set()
        if any(k not in from_qr for k in keys):
            # The key fields as a second model reads their numbers: preferred wherever they check out as
            # well, since its digit errors are rarer than Tesseract's and not the same (docs/ocr.md). A QR
            # that carries them all makes this look needless.
            onnx_lines = self._reread_onnx(read)
            onnx = self._parse(parser, onnx_lines, result)
            onnx_short = {k for k in dates if k in onnx.fields and read_short(onnx_lines, onnx.fields[k])}
            parsed, short = _best_keys(parsed, onnx.fields, keys, keys, short, onnx_short, prefer_other=True)
        for binary in (False, True):
            doubtful = cross.doubtful_keys(parsed.fields, keys)
            doubtful += [k for k in keys if k in short and k not in doubtful]
            if not doubtful:
                break
            # More looks at the numbers alone: each number word read by itself (a digit misread as a letter
            # or bracket inside a line), then the line thresholded locally (digits faded by glare). Their
            # values count only where they make the key fields agree better.
            again_lines = self._reread_numbers(read, binary=binary)
            again = self._parse(parser, again_lines, result)
            again_short = {k for k in dates if k in again.fields and read_short(again_lines, again.fields[k])}
            parsed, short = _best_keys(parsed, again.fields, doubtful, keys, short, again_short)
        line_conf = [(line.text, line.confidence) for line in lines]
        for name, value in parsed.fields.items():
            result.fields[name] = value
            result.sources[name] = "ocr"
            # The confidence of the line the value came from (its first part), else a neutral 0.5.
            head = str(value).split(",")[0]
            result.confidence[name] = round(max((c for text, c in line_conf if head and head in text), default=0.5), 3)

        if parser.has_mrz:
            mrz = codes.mrz if codes.searched else read_mrz(read.image, boxes=read.boxes)
            if mrz is None:
                result.warnings.append("mrz_not_found: fields come from OCR only")
            else:
                _override(result, mrz_values(mrz.td1), "mrz")
                result.fields["mrz"], result.sources["mrz"] = list(mrz.lines), "mrz"
                result.confidence["mrz"] = round(mrz.confidence, 3)
                if not mrz.td1.valid:
                    result.warnings.append(
                        "mrz_check_failed: " + ", ".join(k for k, ok in mrz.td1.validity.items() if not ok)
                    )
        if parser.barcode:
            code = codes.barcode if codes.searched else self.read_barcode(read.image)
            if code is None:
                result.warnings.append("barcode_not_found: fields come from OCR only")
            else:
                _override(result, {"id_number": code.text}, "barcode")
        if qr is not None and parser.has_qr:
            _override(result, qr.fields, "qr", name_upper=True)
        elif parser.has_qr:
            result.warnings.append("qr_not_found: fields come from OCR only")

        _correct_addresses(result)
        for name in cross.NAME_FIELDS:
            if result.sources.get(name) == "ocr" and result.fields.get(name):
                result.fields[name] = correct_surname(str(result.fields[name]))
        result.warnings += [f"missing: {name}" for name in parsed.missing if name not in result.fields]

    def extract(self, source: str | Path | bytes, *, filename: str | None = None) -> list[Extraction]:
        """One Extraction per page of the upload. Raises ocr.errors.InputError for unusable input."""
        path = str(source) if isinstance(source, (str, Path)) else (filename or "")
        document = self.load(source, filename=filename)
        results = [self.extract_image(page, path=path) for page in document.pages]
        for r in results:
            r.warnings = list(document.warnings) + r.warnings
        return results


def _number_boxes(read: _Read, digits: range | None = None) -> list[TextBox]:
    """The boxes of the lines that hold a number word (of a count of `digits`, when given)."""

    def wanted(word: str) -> bool:
        fixed = digits_fixed(word)
        return is_number_word(fixed) and (digits is None or sum(c.isdigit() for c in fixed) in digits)

    texts = {line.box: line.text for line in read.lines}
    return [box for box in read.boxes if box.bbox in texts and any(wanted(w) for w in texts[box.bbox].split())]


def _best_keys(
    parsed: Parsed,
    other: dict[str, str],
    doubtful: list[str],
    keys: list[str],
    short: set[str] | None = None,
    other_short: set[str] | None = None,
    *,
    prefer_other: bool = False,
) -> tuple[Parsed, set[str]]:
    """`parsed` with the doubtful key fields taken from `other` where that scores better (`cross.key_score`,
    less one for each date read with a digit lost, `short` in `parsed` and `other_short` in `other`): each
    one alone, then all together; a tie keeps the first read, or `other` when `prefer_other`. Returns the
    fields and their short dates."""
    short, other_short = short or set(), other_short or set()
    options = [{name: other[name]} for name in doubtful if other.get(name) and other[name] != parsed.fields.get(name)]
    if len(options) > 1:
        options.append({k: v for option in options for k, v in option.items()})
    best, best_short = parsed.fields, short
    score = cross.key_score(parsed.fields, keys) - len(short)
    for option in options:
        fields = {**parsed.fields, **option}
        lost = (short - option.keys()) | (other_short & option.keys())
        candidate = cross.key_score(fields, keys) - len(lost)
        if candidate > score or (prefer_other and candidate == score):
            best, best_short, score = fields, lost, candidate
    return Parsed(best, [m for m in parsed.missing if m not in best]), best_short


def mrz_values(td1: TD1) -> dict[str, str]:
    """The MRZ fields that passed their check digits, in contract formats (the name is left out: the MRZ
    drops its diacritics)."""
    out: dict[str, str] = {}
    if td1.validity.get("id_number") and td1.id_number:
        out["id_number"] = td1.id_number
    if td1.validity.get("date_of_birth") and td1.date_of_birth:
        out["date_of_birth"] = format_date(td1.date_of_birth)
    if td1.validity.get("sex") and td1.sex:
        out["sex"] = td1.sex
    if td1.validity.get("date_of_expiry"):
        out["date_of_expiry"] = format_date(td1.date_of_expiry) if td1.date_of_expiry else NO_EXPIRY_TEXT
    return out


_UNIT_START = re.compile(r"\b(Xã|Phường|Thị trấn|Quận|Huyện|Thị xã|Thành phố|Tỉnh)\b")


def _correct_addresses(result: Extraction) -> None:
    """Unit names read by OCR, matched against the gazetteer (old and new units) and respelled when sure."""
    for name in ADDRESS_FIELDS:
        value = result.fields.get(name)
        if not value or result.sources.get(name) != "ocr":
            continue  # a QR's address is the registry's own spelling
        text, facility = str(value), ""
        if name == "place_of_birth":
            # "Trạm Y tế Xã Phong Điền, …": the facility is not an administrative unit; match what follows it.
            # "Bệnh viện Phụ sản An Giang" names no unit: nothing to match.
            m = _UNIT_START.search(text)
            if m is None:
                continue
            facility, text = text[: m.start()], text[m.start() :]
        corrected, problems = correct_address(text, name)
        corrected = facility + corrected
        if corrected != value:
            result.fields[name] = corrected
            result.sources[name] = "ocr+gazetteer"
        result.warnings += [f"{p.code}: {name}" for p in problems]


def _flat_shape(image: np.ndarray) -> Shape:
    """A scan with no document found inside: its own proportions say card or page."""
    height, width = image.shape[:2]
    ratio = max(height, width) / max(1, min(height, width))
    return PAGE if abs(ratio / A4_RATIO - 1) < abs(ratio / ID1_RATIO - 1) else CARD


def _same(a: object, b: object) -> bool:
    return " ".join(str(a or "").split()).casefold() == " ".join(str(b or "").split()).casefold()


def _override(result: Extraction, values: dict[str, Any], source: str, *, name_upper: bool = False) -> None:
    """Fields a machine-readable code carries replace OCR's; a disagreement is reported, not hidden."""
    for name, value in values.items():
        if value is None or value == "":
            continue
        if name_upper and name == "full_name":
            value = str(value).upper()  # the card prints the name in capitals, the QR in title case
        ocr_value = result.fields.get(name)
        if ocr_value is not None and result.sources.get(name) == "ocr" and not _same(ocr_value, value):
            result.warnings.append(f"{source}_ocr_disagree: {name}")
        result.fields[name] = value
        result.sources[name] = source
        result.confidence[name] = 1.0
