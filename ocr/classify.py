"""Document classification: which supported document side the recognised text comes from.

Each parser in `ocr.documents` lists keywords printed only on its side (titles, labels). The text of all
lines is folded (no diacritics, lower case) and squeezed (no spaces, since OCR splits and merges words);
a keyword counts fully when it occurs verbatim, partly when most of its character trigrams occur (OCR
slips a letter or two in a long title). The side with the highest score wins; a QR code or an MRZ found on
the image adds evidence for the sides that carry one (the pipeline looks for codes only when the keywords
leave the choice open, `Classification.clear`). Cards and pages are told apart before this, by
shape (`ocr.localize`), so only parsers of the right kind compete. When no keyword is found at all, every
parser of that kind reads the lines and the one that finds the most fields wins; with fewer than
`MIN_FIELDS` the document is "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ocr.documents import DocumentParser, parsers
from ocr.documents.lines import OcrLine, folded

UNKNOWN = "unknown"
MIN_FIELDS = 3
TRIGRAM_SHARE = 0.75  # share of a keyword's trigrams that must be present for partial credit
CODE_BONUS = 1.5  # evidence from a decoded QR / MRZ / barcode, in keyword units
CLEAR_SCORE = 1.5  # a winner with at least this score and ...
CLEAR_RATIO = 0.6  # ... a runner-up below this share of it needs no code evidence
CLOSE_RATIO = 0.75  # sides scoring at least this share of the winner's score are still in the running


@dataclass(frozen=True)
class Classification:
    document_type: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    method: str = "keywords"  # "keywords", "fields" (no keyword found) or "none"

    @property
    def clear(self) -> bool:
        """A winner well ahead of the rest; otherwise the pipeline looks for codes (QR, MRZ, barcode) too."""
        ranked = sorted(self.scores.values(), reverse=True)
        runner_up = ranked[1] if len(ranked) > 1 else 0.0
        return self.method == "keywords" and self.score >= CLEAR_SCORE and runner_up < CLEAR_RATIO * self.score


def _squeeze(text: str) -> str:
    return "".join(ch for ch in folded(text) if ch.isalnum())


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def keyword_score(text: str, keyword: str) -> float:
    """1 when `keyword` occurs in the squeezed `text`; its trigram share when that is high; else 0."""
    key = _squeeze(keyword)
    if not key:
        return 0.0
    if key in text:
        return 1.0
    grams = _trigrams(key)
    if len(grams) < 4:
        return 0.0  # too short to judge by trigrams
    share = len(grams & _trigrams(text)) / len(grams)
    return share if share >= TRIGRAM_SHARE else 0.0


def classify(
    lines: list[OcrLine],
    *,
    page: bool,
    has_qr: bool = False,
    has_mrz: bool = False,
    has_barcode: bool = False,
    candidates: dict[str, DocumentParser] | None = None,
) -> Classification:
    pool = {name: p for name, p in (candidates or parsers()).items() if p.page == page}
    text = _squeeze(" ".join(line.text for line in lines))
    scores: dict[str, float] = {}
    for name, parser in pool.items():
        score = sum(keyword_score(text, keyword) for keyword in parser.keywords)
        # A code found on the image is strong evidence: only some sides carry one.
        score += CODE_BONUS * (
            (has_qr and parser.has_qr) + (has_mrz and parser.has_mrz) + (has_barcode and parser.barcode)
        )
        scores[name] = round(score, 3)
    if scores and max(scores.values()) > 0:
        best = max(scores, key=lambda name: scores[name])
        return Classification(best, scores[best], scores)
    # No title or label survived OCR: let the parsers say which of them can read the lines.
    found = {name: len(parser.parse(lines).fields) for name, parser in pool.items()}
    if found and max(found.values()) >= MIN_FIELDS:
        best = max(found, key=lambda name: found[name])
        return Classification(best, float(found[best]), {k: float(v) for k, v in found.items()}, "fields")
    return Classification(UNKNOWN, 0.0, scores, "none")


def settle(
    kind: Classification, lines: list[OcrLine], *, candidates: dict[str, DocumentParser] | None = None
) -> Classification:
    """A close call between sides settled by their parsers: the side whose parser finds the most fields in
    the lines wins (a tie keeps the keyword order). Half-read labels can score two sides alike, e.g. the
    căn cước front's "cá nhân / Personal identification" and the chip back's "nhận dạng / Personal
    identification"; only the right parser then finds the number, name and date of birth.

    A winner on partial keywords alone (no keyword read whole) whose own parser finds fewer than
    `MIN_FIELDS` faces every side of its kind: the căn cước front's "Ngày, tháng, năm sinh" shares most of
    its letters with the back's "Ngày, tháng, năm hết hạn", and with every front label misread the back
    would win on it while its parser reads nothing."""
    if kind.method != "keywords" or kind.clear or kind.score <= 0:
        return kind
    pool = candidates or parsers()
    close = [name for name, score in kind.scores.items() if score >= CLOSE_RATIO * kind.score and name in pool]
    found = {name: len(pool[name].parse(lines).fields) for name in close}
    winner = found.get(kind.document_type, 0)
    if kind.score < 1 and kind.document_type in pool and winner < MIN_FIELDS:
        page = pool[kind.document_type].page
        found |= {name: len(p.parse(lines).fields) for name, p in pool.items() if p.page == page and name not in found}
        # Most fields first, then the keyword score (a side in the running before one without any keyword).
        best = max(found, key=lambda name: (found[name], kind.scores.get(name, 0.0)))
        if found[best] >= max(MIN_FIELDS, winner + 2):
            method = "keywords+fields" if best in close else "fields"
            return Classification(best, kind.scores.get(best, 0.0), kind.scores, method)
    if len(close) < 2:
        return kind
    close.sort(key=lambda name: kind.scores[name], reverse=True)
    best = max(close, key=lambda name: found[name])  # max keeps the first of equals: the keyword order
    if best == kind.document_type:
        return kind
    return Classification(best, kind.scores[best], kind.scores, "keywords+fields")
