"""MRZ reading: the 3 TD1 lines printed at the bottom of a card back (chip CCCD 2021, căn cước 2024).

ICAO 9303 prints the MRZ in OCR-B at a fixed pitch (10 characters per inch), so instead of a general text
recogniser each line is cut into its 30 character cells and every cell is compared with rendered glyphs.
Measured on synthetic tuning backs: Tesseract `eng` restricted to A–Z0–9< read all 3 lines of 1 scan in 20
(`<` runs split or read as K, 3/5 swaps) in 0.33 s; this reader reads 20/20 scans and 20/20 photos in
about 0.07 s of CPU.

1. Band: dark-on-light text is found with a black-hat filter and a threshold relative to the local
   contrast (glare lowers it), same-row pieces are joined into line blobs, and the lowest three wide
   blobs stacked 4.23 mm apart are the MRZ (upright card, with or without a scanner margin). Detected
   text boxes, when given, are the fallback.
2. Cells: each line is deskewed (minimum-area rectangle of its blob) and its glyphs are found as
   connected components; their centres are numbered by local pitch and a quadratic x(i) is fitted, so a
   lost, broken or merged glyph does not shift the columns and the perspective a photo's rectification
   leaves (the pitch can change by a fifth along a line) is followed. Cap top and baseline are fitted
   lines too, and each cell is warped to a canonical size on its own.
3. Glyphs: every cell is matched (normalised correlation, best of small shifts) against the 37 MRZ
   characters rendered from OCR-B (Debian `fonts-ocr-b`) and from DejaVu Sans Mono (a stand-in some
   renderers and printers use); a character scores its best design.
4. Structure: each position only takes the characters ICAO 9303 allows there (digits in dates and check
   digits, letters in codes and names; Vietnamese cards print digits in the number fields, so letters
   there pay a penalty). Where a check digit fails, runner-up glyphs of that field are tried, fewest and
   closest first, until it holds (O/0, B/8, S/5... come out of the scores rather than a fixed table).
   Every such change is listed in `MrzRead.repairs`.
5. `ocr.mrz.parse_td1` decodes the lines; `MrzRead.td1.validity` says per field what is check-verified.
   A mean glyph correlation under `min_confidence` (≈ 0.95 on a real read, ≈ 0.75 for another font
   without its templates) means no MRZ: None.
"""

from __future__ import annotations

import itertools
import string
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.detect import TextBox
from ocr.errors import InputError, OCRError
from ocr.mrz import TD1, Correction, check_digit, composite_data, parse_td1
from ocr.recognize import crop_quad

OCR_B_FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")  # Debian fonts-ocr-b
MONO_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")  # Debian fonts-dejavu-core
ALPHABET = string.ascii_uppercase + string.digits + "<"
DIGITS = frozenset(string.digits)
LETTERS = frozenset(string.ascii_uppercase)
FILLER = frozenset("<")
LINE_COUNT, LINE_LENGTH = 3, 30
CELL_W, CELL_H = 24, 32  # canonical cell the glyphs are compared at: one pitch × the cap height and a margin
ABOVE, BELOW = 0.08, 0.22  # that margin, in cap heights: Q's tail goes below the baseline
PAD = 4  # pixels around the canonical cell searched for the best shift


@dataclass(frozen=True)
class MrzConfig:
    # Glyph designs compared, best per character: OCR-B as ICAO prescribes, and a plain monospace for cards
    # printed (or rendered) with a stand-in.
    fonts: tuple[Path, ...] = (OCR_B_FONT, MONO_FONT)
    min_width: float = 0.5  # an MRZ line spans at least this fraction of the image width (TD1: 89 % of a card)
    work_width: int = 560  # the band is searched on a copy this wide
    mm_per_width: float = 85.6  # card width in mm: sets the expected character size from the image width
    letter_penalty: float = 0.12  # Vietnamese cards print digits in the alphanumeric number fields
    repair_margin: float = 0.35  # a runner-up glyph within this score of the best may replace it
    max_repairs: int = 2  # changed characters per check-digit field at most
    min_confidence: float = 0.6  # mean glyph correlation below which the lines are not an MRZ (≈ 0.95 when read)


@dataclass(frozen=True)
class MrzRead:
    """The MRZ found on a card: corrected lines, their decoding and what was changed to make them check."""

    lines: tuple[str, str, str]  # after the check-digit repairs (parse_td1's own class repairs not applied)
    td1: TD1
    repairs: tuple[Correction, ...]  # glyphs replaced by a runner-up so that a check digit holds
    confidence: float  # mean correlation of the chosen glyphs, 0..1
    quads: tuple[np.ndarray, ...]  # each line's 4 corners (clockwise from top-left) in the card image

    @property
    def valid(self) -> bool:
        return self.td1.valid

    @property
    def validity(self) -> dict[str, bool]:
        return dict(self.td1.validity)


# Characters each position may hold (ICAO 9303 TD1: codes and names alphabetic, dates and check digits numeric,
# document number and optional data alphanumeric; < everywhere a field may be short or empty).
def _allowed() -> list[list[frozenset[str]]]:
    alnum = LETTERS | DIGITS | FILLER
    line1 = [LETTERS | FILLER] * 5 + [alnum] * 9 + [DIGITS | FILLER] + [alnum] * 14 + [DIGITS | FILLER]
    line2 = [DIGITS] * 7 + [frozenset("MFX<")] + [DIGITS | FILLER] * 7 + [LETTERS | FILLER] * 3
    line2 += [alnum] * 11 + [DIGITS]
    line3 = [LETTERS | FILLER] * 30
    return [line1, line2, line3]


ALLOWED = _allowed()
# (line, start, end, check line, check column): a field and its check digit (document number, the 12-digit
# number in optional data 1, birth, expiry). The composite is handled apart.
CHECKED_FIELDS = ((0, 5, 14, 0, 14), (0, 15, 29, 0, 29), (1, 0, 6, 1, 6), (1, 8, 14, 1, 14))
Position = tuple[int, int]  # 0-based line, column
Options = list[list[list[tuple[str, float]]]]  # per line and column: (allowed character, score), best first


@cache
def glyph_templates(font_path: Path = OCR_B_FONT) -> np.ndarray:
    """(37, CELL_H, CELL_W) float32: the MRZ characters in OCR-B, one pitch × cap height, zero-mean unit-norm."""
    if not font_path.exists():
        package = "fonts-ocr-b" if font_path == OCR_B_FONT else "that provides it"
        raise OCRError(f"{font_path} is missing: install the Debian package {package} (an MRZ font)")
    size = 200
    font = ImageFont.truetype(str(font_path), size)
    advance = font.getlength("<")
    top, bottom = font.getbbox("H")[1], font.getbbox("H")[3]
    out = []
    for char in ALPHABET:
        image = Image.new("L", (round(advance) + 40, 2 * size), 255)
        ImageDraw.Draw(image).text((20, 20), char, font=font, fill=0)
        cap = bottom - top
        rows = slice(round(20 + top - ABOVE * cap), round(20 + bottom + BELOW * cap))
        cell = np.asarray(image, np.float32)[rows, 20 : 20 + round(advance)]
        cell = cv2.resize(cell, (CELL_W, CELL_H), interpolation=cv2.INTER_AREA)
        out.append(_normalise(cv2.GaussianBlur(cell, (0, 0), 0.6)))
    return np.stack(out)


def _normalise(patch: np.ndarray) -> np.ndarray:
    patch = patch - patch.mean()
    return patch / (np.linalg.norm(patch) + 1e-6)


class MrzReader:
    """Callable: upright card image (BGR) → `MrzRead`, or None when no 3-line MRZ is found.

    Thread-safe (no state beyond the cached glyph templates).
    """

    def __init__(self, config: MrzConfig | None = None) -> None:
        self.config = config or MrzConfig()
        self.templates = np.concatenate([glyph_templates(font) for font in self.config.fonts])

    def __call__(self, card_bgr: np.ndarray, *, boxes: Sequence[TextBox] | None = None) -> MrzRead | None:
        gray = _gray(card_bgr)
        quads = self.find_lines(gray)
        if quads is None and boxes:
            quads = self._lines_from_boxes(gray, boxes)
        if quads is None:
            return None
        scores = []
        for quad in quads:
            line_scores = self._line_scores(gray, quad)
            if line_scores is None:
                return None
            scores.append(line_scores)
        lines, repairs, confidence = self.decode(np.stack(scores))
        if confidence < self.config.min_confidence:
            return None
        return MrzRead(
            lines=lines, td1=parse_td1(lines), repairs=tuple(repairs), confidence=confidence, quads=tuple(quads)
        )

    # --- 1. band ---------------------------------------------------------------------------------------

    def _unit(self, gray: np.ndarray) -> float:
        return gray.shape[1] / self.config.mm_per_width  # pixels per mm

    def text_mask(self, gray: np.ndarray) -> np.ndarray:
        """Dark strokes on a lighter background, thresholded against the local contrast (glare-proof)."""
        u = self._unit(gray)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (int(3 * u) | 1, int(3 * u) | 1))
        blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel).astype(np.float32)
        local = cv2.dilate(blackhat, cv2.getStructuringElement(cv2.MORPH_RECT, (int(8 * u) | 1, int(4 * u) | 1)))
        return (((blackhat > 0.35 * local) & (blackhat > 12)) * 255).astype(np.uint8)

    def find_lines(self, gray: np.ndarray) -> list[np.ndarray] | None:
        """The MRZ lines' quads (top to bottom) in `gray`'s pixels, or None."""
        # Characters stay ≥ 15 px tall at this width, and the morphology costs a quarter of full size.
        factor = min(1.0, self.config.work_width / gray.shape[1])
        if factor < 1:
            gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        u = self._unit(gray)
        width = gray.shape[1]
        mask = cv2.morphologyEx(self.text_mask(gray), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
        joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (int(2 * u), 1)))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(joined)
        rows = []  # (x0, y0, x1, y1, label ids) of same-row blobs merged: glare can cut a line in pieces
        for i in sorted(range(1, count), key=lambda k: stats[k][0]):
            x, y, w, h, _ = stats[i]
            if not 1.2 * u < h < 5 * u or w < 2 * u:
                continue
            for row in rows:
                overlap = min(row[3], y + h) - max(row[1], y)
                if overlap > 0.6 * min(h, row[3] - row[1]) and x - row[2] < 12 * u:
                    row[:4] = [min(row[0], x), min(row[1], y), max(row[2], x + w), max(row[3], y + h)]
                    row[4].append(i)
                    break
            else:
                rows.append([x, y, x + w, y + h, [i]])
        wide = [r for r in rows if r[2] - r[0] > self.config.min_width * width and r[0] > 0 and r[2] < width]
        wide.sort(key=lambda r: r[1])
        best = None
        for triple in itertools.combinations(wide, 3):
            heights = [r[3] - r[1] for r in triple]
            centres = [(r[1] + r[3]) / 2 for r in triple]
            gaps = (centres[1] - centres[0], centres[2] - centres[1])
            h = float(np.median(heights))
            # TD1 lines are 4.23 mm apart; blur makes the blobs taller, so the gap is checked in mm too.
            if not (0.9 * h < gaps[0] < 2.3 * h and 2.5 * u < gaps[0] < 7 * u and abs(gaps[0] - gaps[1]) < 0.25 * h):
                continue
            if max(abs(triple[0][0] - r[0]) for r in triple) > 3 * u:
                continue
            key = centres[2]  # the MRZ is the lowest such block on the card
            if best is None or key > best[0]:
                best = (key, triple)
        if best is None:
            return None
        quads = []
        for row in best[1]:
            window = (slice(row[1], row[3]), slice(row[0], row[2]))
            ys, xs = np.nonzero(np.isin(labels[window], row[4]) & (mask[window] > 0))
            points = np.column_stack([xs + row[0], ys + row[1]]).astype(np.float32)
            quads.append(_upright_quad(cv2.boxPoints(cv2.minAreaRect(points))) / factor)
        return quads

    def _lines_from_boxes(self, gray: np.ndarray, boxes: Sequence[TextBox]) -> list[np.ndarray] | None:
        """Fallback: the three lowest detected boxes wide enough to be MRZ lines."""
        width = gray.shape[1]
        wide = [b for b in boxes if b.bbox[2] - b.bbox[0] > self.config.min_width * width]
        wide.sort(key=lambda b: b.bbox[1])
        if len(wide) < LINE_COUNT:
            return None
        return [_upright_quad(b.points) for b in wide[-LINE_COUNT:]]

    # --- 2. and 3. cells and glyphs --------------------------------------------------------------------

    def _line_scores(self, gray: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
        """(30, 37) correlation of each cell of the line with each glyph, or None if no grid fits."""
        height = float(np.linalg.norm(quad[3] - quad[0]))
        strip = crop_quad(gray, quad, margin=0.35)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (int(1.5 * height) | 1, int(1.5 * height) | 1))
        ink = cv2.morphologyEx(strip, cv2.MORPH_BLACKHAT, kernel)
        _, binary = cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        profile = (binary > 0).sum(axis=1)
        rows = np.nonzero(profile > 0.25 * profile.max())[0]
        if rows.size == 0:
            return None
        top, bottom = int(rows[0]), int(rows[-1]) + 1
        cap = bottom - top
        count, _, stats, _ = cv2.connectedComponentsWithStats(binary)
        glyphs = np.array(
            [
                (x + w / 2, y, y + h)
                for x, y, w, h, _ in stats[1:count]
                if h > 0.45 * cap and y < bottom and y + h > top and h < 1.6 * cap
            ],
            np.float64,
        ).reshape(-1, 3)
        glyphs = glyphs[np.argsort(glyphs[:, 0])]
        grid = _fit_grid(glyphs[:, 0])
        if grid is None:
            return None
        # Perspective left over from the card's rectification changes the pitch and the cap height along
        # the line: both come from fits, and every cell is warped to the canonical size on its own.
        index = np.arange(LINE_LENGTH)
        centres = np.polyval(grid, index)
        pitches = np.polyval(np.polyder(grid), index)
        # Cap height from the full-height glyphs only: a monospace stand-in draws < smaller than a capital.
        heights = glyphs[:, 2] - glyphs[:, 1]
        tall = glyphs[heights >= 0.85 * np.percentile(heights, 90)]
        top_fit = _robust_line(tall[:, 0], tall[:, 1], float(top))
        bottom_fit = _robust_line(tall[:, 0], tall[:, 2], float(bottom))
        size = (CELL_W + 2 * PAD, CELL_H + 2 * PAD)
        target = np.float32([[PAD, PAD], [PAD + CELL_W, PAD], [PAD, PAD + CELL_H]])
        patches = np.empty((LINE_LENGTH, size[1], size[0]), np.float32)
        for i in range(LINE_LENGTH):
            x0, x1 = centres[i] - pitches[i] / 2, centres[i] + pitches[i] / 2
            y0, y1 = np.polyval(top_fit, centres[i]), np.polyval(bottom_fit, centres[i])
            y0, y1 = y0 - ABOVE * (y1 - y0), y1 + BELOW * (y1 - y0)
            source = np.float32([[x0, y0], [x1, y0], [x0, y1]])
            patches[i] = cv2.warpAffine(
                strip, cv2.getAffineTransform(source, target), size, flags=cv2.INTER_AREA,
                borderMode=cv2.BORDER_REPLICATE,
            )  # fmt: skip
        # Every shift of the glyph box inside its padded cell, zero-mean and unit-norm: then a product with
        # the (equally normalised) templates is the normalised correlation.
        windows = np.lib.stride_tricks.sliding_window_view(patches, (CELL_H, CELL_W), axis=(1, 2))
        windows = windows.reshape(LINE_LENGTH, -1, CELL_H * CELL_W)
        windows = windows - windows.mean(axis=2, keepdims=True)
        windows /= np.linalg.norm(windows, axis=2, keepdims=True) + 1e-6
        flat = windows.reshape(-1, CELL_H * CELL_W) @ self.templates.reshape(len(self.templates), -1).T
        # Best shift per cell and glyph, then best design per character.
        best = flat.reshape(LINE_LENGTH, -1, len(self.templates)).max(axis=1)
        return best.reshape(LINE_LENGTH, -1, len(ALPHABET)).max(axis=1)

    # --- 4. structure and check digits -----------------------------------------------------------------

    def decode(self, scores: np.ndarray) -> tuple[tuple[str, str, str], list[Correction], float]:
        """Best characters under the TD1 position classes, then check-digit repairs from runner-up glyphs."""
        index = {c: k for k, c in enumerate(ALPHABET)}
        penalised = scores.copy()
        for line, column in [(0, c) for c in range(5, 14)] + [(0, c) for c in range(15, 27)]:
            penalised[line, column, [index[c] for c in LETTERS]] -= self.config.letter_penalty
        options: Options = []
        for line in range(LINE_COUNT):
            options.append([])
            for column in range(LINE_LENGTH):
                allowed = ALLOWED[line][column]
                ranked = sorted(((c, float(penalised[line, column, index[c]])) for c in allowed), key=lambda t: -t[1])
                options[line].append(ranked)
        chars = [[opts[0][0] for opts in line] for line in options]
        confidence = float(np.mean([opts[0][1] for line in options for opts in line]))
        repairs: list[Correction] = []

        def text(line: int) -> str:
            return "".join(chars[line])

        for line, start, end, check_line, check_column in CHECKED_FIELDS:
            positions = [(line, c) for c in range(start, end)] + [(check_line, check_column)]

            def holds(fixed: dict[Position, str], positions: list[Position] = positions) -> bool:
                data = "".join(fixed.get(p, chars[p[0]][p[1]]) for p in positions[:-1])
                digit = fixed.get(positions[-1], chars[positions[-1][0]][positions[-1][1]])
                if set(data) == FILLER and digit in "<0":
                    return True  # an empty field (no expiry) has a filler or 0 check digit
                return digit == check_digit(data)

            repairs += self._repair(options, chars, positions, holds)

        def composite_holds(fixed: dict[Position, str]) -> bool:
            lines = ["".join(fixed.get((n, c), chars[n][c]) for c in range(LINE_LENGTH)) for n in range(2)]
            return lines[1][29] == check_digit(composite_data(lines[0], lines[1]))

        # Only the optional data and the composite digit are not covered by a field check of their own.
        composite_positions = [(1, c) for c in range(18, 30)]
        repairs += self._repair(options, chars, composite_positions, composite_holds)
        return (text(0), text(1), text(2)), repairs, confidence

    def _repair(
        self,
        options: Options,
        chars: list[list[str]],
        positions: list[Position],
        holds: Callable[[dict[Position, str]], bool],
    ) -> list[Correction]:
        """Make `holds` true with the fewest, then closest, runner-up glyphs; `chars` is updated in place."""
        if holds({}):
            return []
        margin = self.config.repair_margin
        alternatives: list[tuple[float, Position, str]] = []  # (score lost, position, character)
        for line, column in positions:
            best = options[line][column][0][1]
            for char, score in options[line][column][1:4]:
                if best - score <= margin:
                    alternatives.append((best - score, (line, column), char))
        alternatives.sort()
        found: tuple[float, tuple[tuple[float, Position, str], ...]] | None = None
        for n in range(1, self.config.max_repairs + 1):
            for combo in itertools.combinations(alternatives[:24], n):
                if len({p for _, p, _ in combo}) < n:
                    continue
                loss = sum(loss for loss, _, _ in combo)
                if found is not None and loss >= found[0]:
                    continue
                if holds({p: c for _, p, c in combo}):
                    found = (loss, combo)
            if found is not None:
                break
        if found is None:
            return []
        out = []
        for _, (line, column), char in found[1]:
            out.append(Correction(line + 1, column + 1, chars[line][column], char))
            chars[line][column] = char
        return out


def _gray(image: np.ndarray) -> np.ndarray:
    if not isinstance(image, np.ndarray) or image.size == 0 or image.dtype != np.uint8:
        raise InputError("MRZ reading needs a non-empty 8-bit numpy image")
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] in (3, 4):
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    raise InputError(f"MRZ reading needs a BGR or grayscale image, got shape {image.shape}")


def _upright_quad(points: np.ndarray) -> np.ndarray:
    """4 points → clockwise from top-left for a wide, nearly horizontal box."""
    points = np.asarray(points, np.float32).reshape(4, 2)
    by_x = points[np.argsort(points[:, 0])]
    left, right = by_x[:2], by_x[2:]
    tl, bl = left[np.argsort(left[:, 1])]
    tr, br = right[np.argsort(right[:, 1])]
    return np.array([tl, tr, br, bl], np.float32)


def _fit_grid(centres: np.ndarray) -> np.ndarray | None:
    """Polynomial coefficients of x(i), cell i's centre (i = 0..29), from the glyph centres, or None.

    Consecutive centres are numbered by how many local pitches apart they are (two pieces of one broken
    glyph share a number, a glyph lost in glare leaves a gap), then a quadratic (perspective) is fitted
    with outliers dropped.
    """
    if centres.size < LINE_LENGTH // 2:
        return None
    gaps = np.diff(centres)
    pitch = float(np.median(gaps))
    numbers = [0]
    for k, gap in enumerate(gaps):
        near = gaps[max(0, k - 3) : k + 4]
        near = near[(near > 0.7 * pitch) & (near < 1.3 * pitch)]
        local = float(np.median(near)) if near.size else pitch
        numbers.append(numbers[-1] + round(gap / local))
    index = np.array(numbers, np.float64)
    keep = np.ones(index.size, bool)
    for _ in range(3):
        fit = np.polyfit(index[keep], centres[keep], 2)
        residual = np.abs(centres - np.polyval(fit, index))
        keep = residual < 0.25 * pitch
        if keep.sum() < LINE_LENGTH // 2:
            return None
    fit = np.polyfit(index[keep], centres[keep], 2)
    if index[keep].max() - index[keep].min() > LINE_LENGTH - 1:
        return None
    # Cells missing at the end are extrapolated; the first glyph is cell 0: every TD1 line starts with ink
    # (I, A, C or V; a digit; a letter) while its end may be fillers, the faintest glyph.
    return fit


def _robust_line(x: np.ndarray, y: np.ndarray, fallback: float) -> np.ndarray:
    """y = a·x + b fitted to the glyph tops (or bottoms) with outliers dropped; flat at `fallback` if too few."""
    if x.size < 5:
        return np.array([0.0, fallback])
    keep = np.ones(x.size, bool)
    for _ in range(2):
        fit = np.polyfit(x[keep], y[keep], 1)
        residual = np.abs(y - np.polyval(fit, x))
        keep = residual <= max(2.0, 2.5 * float(np.median(residual)))
    return np.polyfit(x[keep], y[keep], 1) if keep.sum() >= 3 else np.array([0.0, fallback])


_default: MrzReader | None = None
_default_lock = threading.Lock()


def read_mrz(card_bgr: np.ndarray, *, boxes: Sequence[TextBox] | None = None) -> MrzRead | None:
    """`MrzReader()(card_bgr, boxes=boxes)` with one shared reader."""
    global _default
    with _default_lock:
        if _default is None:
            _default = MrzReader()
    return _default(card_bgr, boxes=boxes)
