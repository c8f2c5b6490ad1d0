"""Layout split: cut detected text boxes that run across a document's column boundary.

The detector joins text that shares a baseline even when it belongs to two fields: on the chip CCCD
"Có giá trị đến: 21/05/2028" under the photo and "Nơi thường trú: …" right of it come back as one box
(the gap between them is hardly wider than a space, so no gap rule can tell), and Tesseract reads such a
line of mixed sizes badly, sometimes dropping its first half. The document's layout knows where its
columns are (`DocumentParser.columns`, fractions of the upright image's width): a box that reaches well
across one is cut exactly there, and both pieces are read again.
"""

from __future__ import annotations

import numpy as np

from ocr.detect import TextBox, sort_boxes

OVERLAP = 0.02  # a box must reach this fraction of the width past the boundary on both sides to be cut


def _piece(quad: np.ndarray, a: float, b: float, score: float) -> TextBox:
    top_left, top_right, bottom_right, bottom_left = quad
    points = np.array(
        [
            top_left + (top_right - top_left) * a,
            top_left + (top_right - top_left) * b,
            bottom_left + (bottom_right - bottom_left) * b,
            bottom_left + (bottom_right - bottom_left) * a,
        ]
    )
    xs, ys = points[:, 0], points[:, 1]
    return TextBox(
        quad=tuple((round(float(x)), round(float(y))) for x, y in points),  # type: ignore[arg-type]
        bbox=(int(xs.min()), int(ys.min()), int(np.ceil(xs.max())) + 1, int(np.ceil(ys.max())) + 1),
        score=score,
    )


def split_box(box: TextBox, x: float, width: int) -> list[TextBox]:
    """`box` cut in two at image column `x`; itself when it does not reach across by `OVERLAP`."""
    x0, _, x1, _ = box.bbox
    if not (x0 < x - OVERLAP * width and x1 > x + OVERLAP * width):
        return [box]
    quad = box.points.astype(np.float64)
    top = (x - quad[0][0]) / max(1.0, quad[1][0] - quad[0][0])
    bottom = (x - quad[3][0]) / max(1.0, quad[2][0] - quad[3][0])
    fraction = float(np.clip((top + bottom) / 2, 0.05, 0.95))
    return [_piece(quad, 0.0, fraction, box.score), _piece(quad, fraction, 1.0, box.score)]


def split_columns(boxes: list[TextBox], columns: tuple[float, ...], width: int) -> tuple[list[TextBox], bool]:
    """Every box cut at every column boundary it crosses, re-sorted; and whether anything was cut."""
    out = boxes
    for column in columns:
        out = [piece for box in out for piece in split_box(box, column * width, width)]
    if len(out) == len(boxes):
        return boxes, False
    return sort_boxes(out), True
