"""Quality check: is this photo good enough to read, and if not, what should the citizen do?

Runs after loading and localization, on the rectified card (or the photo itself when no card was found),
in a few milliseconds: everything is measured on a copy resized so its long side is 1011 px (the width
`ocr.localize` warps a card to), so the figures do not depend on the camera's resolution.

Measures (`QualityReport.measures`):

- `edge_sharpness`: how steep the text edges are for their contrast: around each strong edge, the
  steepest slope (Sobel, 5 px neighbourhood) divided by the grey-level range (9 px neighbourhood), median
  over the card's strong edges. About 0.4 on a sharp card and falling as 1/σ once the blur σ passes ~1 px,
  whatever the exposure (a dark card with ink 10 on paper 35 measures like a bright one).
- `luminance_median`, `luminance_p05`, `luminance_p95`: grey levels of the card (0–255): the paper, the
  ink and the highlights.
- `glare_fraction`: share of the card in near-white blobs (≥ 240) with no print within ±40 px: what a lamp
  or a window wiped out. Blank paper between text lines never qualifies; a clipped but printed card stays
  under ~0.2.
- `card_cover`: card area ÷ frame area (1.0 when the image is the card: a scan or a cropped photo).
- `card_width_px`: the card's long side in the original image, in pixels: the resolution the text had.

Thresholds (`QualityConfig`) were set on synthetic tuning photos (seeds < 1 000 000) against the
pipeline's own field-exact (see the calibration notes there). A "retake" problem means the pipeline is
unlikely to read the card: ask for a new photo (`QualityReport.ok` is False); a "warn" problem means the
result should be double-checked. When no card was found in a photo, only blur and size are judged: the
grey levels would be the table's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import cv2
import numpy as np

from ocr.errors import InputError

ID1_RATIO = 85.6 / 54.0
WORK_SIDE = 1011  # the long side of a rectified card (ocr.localize.LocalizerConfig.card_size)
GLARE_WINDOW = 41  # px at half size: a window wider than the gap between two text lines
GLARE_INK_FREE = 215  # the darkest pixel of that window: print (even the light guilloche) is darker
GLARE_BRIGHT = 240  # the pixel itself: near white

ProblemCode = Literal["blurry", "too_dark", "too_bright", "glare", "card_too_small", "card_not_found", "low_resolution"]
Severity = Literal["warn", "retake"]

# Short, polite Vietnamese hints, one per problem and severity: (warn, retake).
HINTS_VI: dict[str, tuple[str, str]] = {
    "blurry": (
        "Dạ, ảnh hơi mờ nên một số thông tin có thể chưa chính xác. Anh/chị vui lòng kiểm tra lại giúp em ạ.",
        "Dạ, ảnh bị mờ. Anh/chị vui lòng giữ máy chắc tay, chạm để lấy nét rồi chụp lại ạ.",
    ),
    "too_dark": (
        "Dạ, ảnh hơi tối nên một số thông tin có thể chưa chính xác. Anh/chị vui lòng kiểm tra lại giúp em ạ.",
        "Dạ, ảnh quá tối. Anh/chị vui lòng chụp ở nơi đủ sáng rồi chụp lại ạ.",
    ),
    "too_bright": (
        "Dạ, ảnh hơi chói nên một số thông tin có thể chưa chính xác. Anh/chị vui lòng kiểm tra lại giúp em ạ.",
        "Dạ, ảnh bị cháy sáng, chữ trên thẻ bị mất. Anh/chị vui lòng tránh nắng hoặc đèn chiếu thẳng rồi chụp lại ạ.",
    ),
    "glare": (
        "Dạ, trên thẻ có vùng bị lóa sáng. Anh/chị vui lòng kiểm tra lại thông tin giúp em ạ.",
        "Dạ, thẻ bị lóa sáng che mất chữ. Anh/chị vui lòng tắt đèn flash, nghiêng nhẹ thẻ tránh phản chiếu"
        " rồi chụp lại ạ.",
    ),
    "card_too_small": (
        "Dạ, thẻ trong ảnh hơi nhỏ. Lần sau anh/chị đưa máy lại gần hơn để thẻ chiếm gần hết khung hình ạ.",
        "Dạ, thẻ trong ảnh quá nhỏ. Anh/chị vui lòng đưa máy lại gần để thẻ chiếm gần hết khung hình rồi chụp lại ạ.",
    ),
    "card_not_found": (
        "Dạ, hệ thống chưa nhận ra rõ thẻ trong ảnh. Anh/chị vui lòng kiểm tra lại thông tin giúp em ạ.",
        "Dạ, hệ thống chưa tìm thấy thẻ trong ảnh. Anh/chị vui lòng đặt thẻ trên nền trơn, chụp thẳng,"
        " thấy đủ bốn góc thẻ rồi chụp lại ạ.",
    ),
    "low_resolution": (
        "Dạ, ảnh có độ phân giải hơi thấp. Anh/chị vui lòng kiểm tra lại thông tin giúp em ạ.",
        "Dạ, ảnh có độ phân giải quá thấp. Anh/chị vui lòng gửi ảnh gốc chụp từ máy (không gửi ảnh đã"
        " thu nhỏ hay chụp màn hình) ạ.",
    ),
}


@dataclass(frozen=True)
class QualityConfig:
    """Thresholds, measured on 60 synthetic tuning photos (seeds 100–159; the pipeline read 57 of them ≥ 7/8
    fields, 2 at 6/8, 1 at 4/8 when its QR did not decode) and 104 degraded copies (extra blur σ 1.5–5;
    exposure scaled to a card median of 90–31; gamma-washed ink up to 187; white blobs over 8–50 % of the
    card; frames downscaled to ½–¼; the card shrunk to 10–15 % of the frame; gamma-crushed to a median
    of 45–20), each run through `Pipeline().extract_image` and scored on the 8 printed fields.

    - edge_sharpness: below 0.24, 15 of 16 photos read < 6/8 (the QR stops decoding first, then the long
      address lines go); at ≥ 0.26, 117 of 134 read ≥ 7/8 and the failures there had other causes.
      Natural photos: 0.27–0.41.
    - luminance: plain under-exposure never stopped the pipeline (card median 31, ink 10: 6–8/8), nor did
      washed-out ink (5th percentile 187–208: 8/8); gamma-crushed cards failed at median 20 (4 of 4), were
      mixed at 30–45. So dark and bright are warnings, retake only beyond that.
    - glare_fraction: natural photos reach 0.18 (paper clipped to white but printed); blobs measuring
      > 0.30 took the read below 6/8 in 4 of 7: it depends on what the blob hides (over the QR, the OCR
      still reads the rest; over the QR-less fields, they are lost).
    - card_width_px: 580–964 px read ≥ 7/8 (7 of 7); 417–478 px mixed; 341–399 px failed (2 of 2). A card
      at 15 % of a 2568 × 1926 frame (≈ 1 090 px wide) read 8/8 (4 of 4), so the cover alone is a warning.
    - card not localized: 5 of 6 such photos were still read ≥ 7/8 (the QR and the OCR work on the whole
      frame when the card is large), so it is a warning.
    """

    blur_retake: float = 0.24  # edge_sharpness below this: blurry, retake
    blur_warn: float = 0.26
    dark_retake: float = 25.0  # luminance_median below this: too dark, retake
    dark_warn: float = 50.0
    bright_retake: float = 220.0  # luminance_p05 above this: even the ink is washed out to light grey
    bright_warn: float = 200.0
    glare_retake: float = 0.30  # glare_fraction above this
    glare_warn: float = 0.20
    cover_warn: float = 0.20  # card_cover below this: card small in the frame
    width_retake: float = 410.0  # card_width_px below this: too few pixels on the text, retake
    width_warn: float = 600.0
    not_found_severity: Severity = "warn"  # the pipeline read 5 of the 6 photos it could not localize
    card_ratio_tolerance: float = 0.10  # no quad: the image is the card if its sides are ID-1 ± this


@dataclass(frozen=True)
class QualityProblem:
    code: ProblemCode
    severity: Severity
    hint_vi: str  # for the citizen
    message_en: str  # for logs, with the measure and the threshold


@dataclass(frozen=True)
class QualityReport:
    ok: bool  # no "retake" problem
    problems: tuple[QualityProblem, ...]
    measures: dict[str, float] = field(default_factory=dict)

    @property
    def retake(self) -> bool:
        return not self.ok

    @property
    def hints_vi(self) -> list[str]:
        """Hints to show, the retake ones first."""
        return [p.hint_vi for p in self.problems]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [
                {"code": p.code, "severity": p.severity, "hint_vi": p.hint_vi, "message": p.message_en}
                for p in self.problems
            ],
            "hints_vi": self.hints_vi,
            "measures": {k: round(v, 4) for k, v in self.measures.items()},
        }


class QualityChecker:
    """Callable: photo (+ its rectified card and the card's quad, when localization found one) → `QualityReport`."""

    def __init__(self, config: QualityConfig | None = None) -> None:
        self.config = config or QualityConfig()

    def __call__(
        self, image_bgr: np.ndarray, *, card: np.ndarray | None = None, card_quad: np.ndarray | None = None
    ) -> QualityReport:
        cfg = self.config
        return self.judge(measure(image_bgr, card=card, card_quad=card_quad, ratio_tolerance=cfg.card_ratio_tolerance))

    def judge(self, m: dict[str, float]) -> QualityReport:
        """The verdict on measures from `measure` (split out so thresholds can be tuned on cached measures)."""
        cfg = self.config
        problems: list[QualityProblem] = []

        def flag(code: ProblemCode, severity: Severity, detail: str) -> None:
            warn, retake = HINTS_VI[code]
            problems.append(QualityProblem(code, severity, retake if severity == "retake" else warn, detail))

        if not m["card_found"]:
            flag("card_not_found", cfg.not_found_severity, "no card outline found and the image is not card-shaped")
        width = m["card_width_px"]
        if width < cfg.width_warn:
            severity: Severity = "retake" if width < cfg.width_retake else "warn"
            # A small card in a big frame: come closer; a small picture altogether: send the original.
            code = "card_too_small" if m["card_found"] and m["card_cover"] < cfg.cover_warn else "low_resolution"
            flag(
                code,
                severity,
                f"card long side {width:.0f} px < {cfg.width_warn:.0f} (retake < {cfg.width_retake:.0f})",
            )
        elif m["card_found"] and m["card_cover"] < cfg.cover_warn:
            flag("card_too_small", "warn", f"card covers {m['card_cover']:.0%} of the frame < {cfg.cover_warn:.0%}")

        if not m["card_found"]:
            # The grey levels are the table's as much as the card's: only blur and size mean anything.
            return self._report(problems, m, cfg)
        median = m["luminance_median"]
        if median < cfg.dark_warn:
            severity = "retake" if median < cfg.dark_retake else "warn"
            flag(
                "too_dark",
                severity,
                f"card median luminance {median:.0f} < {cfg.dark_warn:.0f} (retake < {cfg.dark_retake:.0f})",
            )
        ink = m["luminance_p05"]
        if ink > cfg.bright_warn:
            severity = "retake" if ink > cfg.bright_retake else "warn"
            flag(
                "too_bright",
                severity,
                f"card 5th-percentile luminance {ink:.0f} > {cfg.bright_warn:.0f} (retake > {cfg.bright_retake:.0f})",
            )
        glare = m["glare_fraction"]
        if glare > cfg.glare_warn:
            severity = "retake" if glare > cfg.glare_retake else "warn"
            flag(
                "glare",
                severity,
                f"glare covers {glare:.0%} of the card > {cfg.glare_warn:.0%} (retake > {cfg.glare_retake:.0%})",
            )
        return self._report(problems, m, cfg)

    @staticmethod
    def _report(problems: list[QualityProblem], m: dict[str, float], cfg: QualityConfig) -> QualityReport:
        """Add the blur verdict last (it needs to know what else flattened the edges) and sort."""
        sharp = m["edge_sharpness"]
        # Darkness, washed-out ink and too few pixels all flatten the edges too: blame the cause, not the blur.
        explained = any(p.severity == "retake" for p in problems if p.code != "card_not_found")
        if sharp < cfg.blur_warn and not explained:
            severity: Severity = "retake" if sharp < cfg.blur_retake else "warn"
            warn, retake = HINTS_VI["blurry"]
            detail = f"edge sharpness {sharp:.3f} < {cfg.blur_warn:.3f} (retake < {cfg.blur_retake:.3f})"
            problems.append(QualityProblem("blurry", severity, retake if severity == "retake" else warn, detail))
        problems.sort(key=lambda p: p.severity != "retake")
        return QualityReport(ok=not any(p.severity == "retake" for p in problems), problems=tuple(problems), measures=m)


_DEFAULT = QualityChecker()


def check_quality(
    image_bgr: np.ndarray, *, card: np.ndarray | None = None, card_quad: np.ndarray | None = None
) -> QualityReport:
    """`QualityChecker()` with the default thresholds."""
    return _DEFAULT(image_bgr, card=card, card_quad=card_quad)


def measure(
    image_bgr: np.ndarray,
    *,
    card: np.ndarray | None = None,
    card_quad: np.ndarray | None = None,
    ratio_tolerance: float = 0.10,
) -> dict[str, float]:
    """The quality measures (see the module docstring) of a photo and its rectified card."""
    if not isinstance(image_bgr, np.ndarray) or image_bgr.ndim not in (2, 3) or image_bgr.size == 0:
        raise InputError("quality check needs a non-empty image")
    height, width = image_bgr.shape[:2]
    out: dict[str, float] = {"image_short_side": float(min(height, width))}
    if card_quad is not None:
        quad = np.asarray(card_quad, np.float64).reshape(4, 2)
        sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
        out["card_cover"] = float(cv2.contourArea(quad.astype(np.float32))) / float(height * width)
        out["card_width_px"] = float(max(sides[0] + sides[2], sides[1] + sides[3]) / 2)
        out["card_found"] = 1.0
    else:
        # No quad: a scan or a photo cropped to the card, when it has the card's shape.
        ratio = max(height, width) / max(min(height, width), 1)
        out["card_found"] = float(abs(ratio / ID1_RATIO - 1) <= ratio_tolerance)
        out["card_cover"] = 1.0 if out["card_found"] else 0.0
        out["card_width_px"] = float(max(height, width))
    source = card if card is not None else image_bgr
    out.update(_card_measures(_work_copy(source)))
    return out


def _work_copy(image: np.ndarray) -> np.ndarray:
    """Grey copy with a long side of WORK_SIDE px."""
    height, width = image.shape[:2]
    scale = WORK_SIDE / max(height, width)
    size = (round(width * scale), round(height * scale))
    if scale < 0.5:
        # A whole photo: bilinear to twice the size, then a 2×2 average. Nearly what INTER_AREA gives (no
        # aliasing to fake sharpness) at a quarter of its cost on a 5-megapixel frame.
        image = cv2.resize(image, (2 * size[0], 2 * size[1]), interpolation=cv2.INTER_LINEAR)
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if image.shape[:2] == size[::-1]:
        return image
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(image, size, interpolation=interpolation)


def _percentiles(gray: np.ndarray, fractions: tuple[float, ...]) -> list[float]:
    """Percentiles of a uint8 image from its histogram (a sort of a megapixel costs 10× more)."""
    cumulative = np.bincount(gray.ravel(), minlength=256).cumsum()
    return [float(np.searchsorted(cumulative, f * cumulative[-1])) for f in fractions]


def _card_measures(gray: np.ndarray) -> dict[str, float]:
    height, width = gray.shape
    # Leave out a 3 % border: warp residue and the table around a loosely cropped card.
    my, mx = round(0.03 * height), round(0.03 * width)
    inner = np.ascontiguousarray(gray[my : height - my, mx : width - mx])
    p05, median, p95 = _percentiles(inner, (0.05, 0.5, 0.95))
    return {
        "luminance_median": median,
        "luminance_p05": p05,
        "luminance_p95": p95,
        "edge_sharpness": _edge_sharpness(inner),
        "glare_fraction": _glare_fraction(inner),
    }


def _edge_sharpness(gray: np.ndarray) -> float:
    """Median over strong edges of (steepest slope nearby) ÷ (grey-level range nearby)."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0.6)  # tames JPEG blocks and sensor noise
    window = np.ones((9, 9), np.uint8)
    spread = cv2.subtract(cv2.dilate(smooth, window), cv2.erode(smooth, window))
    # Strong edges only: text strokes and drawn lines, not the guilloche, paper texture or noise. Relative to
    # the card's own strongest contrasts, so a dark photo (ink 10, paper 35) is measured too.
    edges = spread >= max(12.0, 0.5 * _percentiles(spread, (0.99,))[0])
    if int(np.count_nonzero(edges)) < 200:
        return 0.0  # nothing with contrast on the card: as bad as a blur for reading
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    slope = cv2.dilate(cv2.magnitude(gx, gy), np.ones((5, 5), np.uint8))
    # Sobel's 3×3 kernel weighs a unit step 8: divide it out so a razor edge gives about 0.5.
    return float(np.median(slope[edges] / (8.0 * spread[edges].astype(np.float32))))


def _glare_fraction(gray: np.ndarray) -> float:
    """Share of the card in bright blobs with no ink inside: where a reflection wiped the print out.

    Measured at half size. "No ink" = the darkest pixel within ±40 px (full size) is still light: blank
    paper between text lines never qualifies, only larger empty areas do, so this stays under ~0.2 on a
    normally exposed chip CCCD front even when its paper is clipped to white.
    """
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    darkest = cv2.erode(small, np.ones((GLARE_WINDOW, GLARE_WINDOW), np.uint8))
    mask = ((darkest >= GLARE_INK_FREE) & (small >= GLARE_BRIGHT)).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    minimum = 0.002 * mask.size  # blobs, not specks
    area = sum(int(stats[i, cv2.CC_STAT_AREA]) for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= minimum)
    return area / float(mask.size)
