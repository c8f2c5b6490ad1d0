"""One synthetic sample: person → rendered card side → capture, with its ground truth.

Defaults depend on the seed range (`persons.seed_split`) so tuning never sees what the benchmark uses:
tuning seeds render with DejaVu Sans, benchmark seeds with DejaVu Sans Condensed. Scale 1 is 10 px/mm
(856×540 px, 254 dpi). Scans default to 300 dpi (scale 300/254, 1011×638 px: at 254 dpi one QR in 15
failed to decode); photos to scale 2 (a 2568×1926 frame, what a phone hands over after downscaling: at
scale 1 only about half the photographed QR codes decode); clean renders ("none") to scale 1.

Ground truth (`Sample.ground_truth`, written as JSON next to the image) carries every field of the
person in the output-contract names and formats, plus what this image shows:
`printed_fields` (text on this side), `qr_fields`, `mrz_fields` (values a code on this side carries) and
`scored_fields` (what the benchmark scores), the capture (`corners` TL/TR/BR/BL of the upright card,
`rotation`, `capture_params`) and `text_lines` (every printed line with its quadrilateral in the image
and the field it is the value of).
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocr.synth.capture import Capture, CaptureKind, capture
from ocr.synth.draw import CardImage
from ocr.synth.persons import Person, make_person, seed_split
from ocr.synth.registry import SynthDocument, document

_POINT = re.compile(r"\[\s*(-?[0-9.]+),\s*(-?[0-9.]+)\s*\]")
FONT_SET_BY_SPLIT = {"tuning": "sans", "benchmark": "condensed"}
SCALE_BY_CAPTURE = {"none": 1.0, "scan": 300 / 254, "photo": 2.0}  # scan: 300 dpi


@dataclass(frozen=True)
class Sample:
    person: Person
    spec: SynthDocument
    card: CardImage
    capture: Capture
    ground_truth: dict[str, Any]

    @property
    def name(self) -> str:
        """File stem: seed and document type, e.g. "1000000_cccd_chip_front"."""
        return f"{self.person.seed:07d}_{self.card.document_type}"


def default_font_set(seed: int) -> str:
    return FONT_SET_BY_SPLIT[seed_split(seed)]


def _points(points: list[tuple[float, float]]) -> list[list[float]]:
    return [[round(x, 1), round(y, 1)] for x, y in points]


def make_sample(
    seed: int,
    document_type: str,
    *,
    capture_kind: CaptureKind = "scan",
    font_set: str | None = None,
    scale: float | None = None,
) -> Sample:
    """Person `seed`, document `document_type` (`ocr.synth.registry`), captured as `capture_kind`.

    None picks the defaults above; a document may set its own scales (`extra["scale_by_capture"]`: a page
    is far larger than a card).
    """
    spec = document(document_type)
    person = make_person(seed)
    font_set = font_set or default_font_set(seed)
    scale = scale or spec.extra.get("scale_by_capture", SCALE_BY_CAPTURE)[capture_kind]
    card = spec.render(person, scale=scale, font_set=font_set)
    # One capture stream per (person, document): a front and a back are not photographed identically.
    shot = capture(card.image, capture_kind, seed=seed * 1000 + zlib.crc32(document_type.encode()) % 1000)
    height, width = shot.image.shape[:2]
    values = dict(spec.truth(person))
    if not spec.qr_fields:
        values.pop("qr_payload", None)  # a side without a code shows no payload
    truth: dict[str, Any] = {
        "document_type": card.document_type,
        "capture": capture_kind,
        "seed": seed,
        "split": seed_split(seed),
        "font_set": font_set,
        "scale": scale,
        "image": f"{seed:07d}_{card.document_type}{shot.extension}",
        **values,
        "printed_fields": list(spec.printed_fields),
        "qr_fields": list(spec.qr_fields),
        "mrz_fields": list(spec.mrz_fields),
        "scored_fields": list(spec.scored_fields),
        "image_size": [width, height],
        "corners": _points(list(shot.corners)),
        "rotation": shot.rotation,
        "capture_params": dict(shot.params),
        "qr_quad": _points(shot.project_box(card.qr_box)) if card.qr_box else None,
        "mrz_quad": _points(shot.project_box(card.mrz_box)) if card.mrz_box else None,
        "text_lines": [
            {"text": line.text, "field": line.field, "quad": _points(shot.project_box(line.box))} for line in card.lines
        ],
    }
    return Sample(person=person, spec=spec, card=card, capture=shot, ground_truth=truth)


def write_sample(sample: Sample, out_dir: Path) -> tuple[Path, Path]:
    """Write the image bytes and the ground-truth JSON; returns both paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    image_path = out_dir / sample.ground_truth["image"]
    image_path.write_bytes(sample.capture.encoded)
    json_path = out_dir / f"{sample.name}.json"
    text = json.dumps(sample.ground_truth, ensure_ascii=False, indent=1)
    text = _POINT.sub(lambda m: f"[{m[1]}, {m[2]}]", text)  # one line per point keeps the file readable
    json_path.write_text(text + "\n", encoding="utf-8")
    return image_path, json_path
