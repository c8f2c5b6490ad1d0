"""Document localization: find an ID-1 card (85.6 × 54 mm) or an A4 page in a phone photo and warp it flat.

The photo is reduced to about 800 px on its long side, then several masks are tried, because no single
cue works on every table:

- colour distance from the table, whose colour is sampled along the image border (a card never touches
  the border of a usable photo), Otsu-thresholded: strong on wood and coloured cloth;
- Canny edges, closed and filled: strong on a plain desk as light as the card;
- a saturation/brightness Otsu split, for the remaining cases.

Every mask gives its largest blobs. Each blob's quad is fitted two ways: its convex hull cut down to 4
corners, each side then re-fitted as a line through the hull points near it (so the rounded card corners
do not pull the corners inwards); and its 4 longest straight runs found one after another (RANSAC), which a
glare bulge on one side does not move. A candidate is kept when it is convex, covers 15–90 % of the frame,
fills its blob (solidity) and its sides have roughly the ratio of one of the configured `shapes` (ID-1
1.585, A4 1.414; perspective of a phone held ±20° off the vertical changes it by up to ~15 %, so the nearer
ratio wins and the pipeline re-warps when the text says otherwise). Between masks, a candidate gains when
other masks agree with it and loses when its corners are further from square than perspective makes them
(a mask that cut a corner off under glare). When no mask gives a candidate, the filled hull of the faint
edges is tried (a pale card on a pale desk). The best candidate is warped to
its shape's size (card 1011 × 638 px, page 1754 × 1240 px, i.e. 300 and 150 dpi), portrait when its long
side is vertical: `ocr.orient` turns it upright next.

A flat scan passes through with `applied=False`: unchanged when the card fills the frame or nothing
card-like is found, cut to the card (not resampled) when it lies straight on a larger scanner bed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.errors import InputError

ID1_RATIO = 85.6 / 54.0
A4_RATIO = 297 / 210


@dataclass(frozen=True)
class Shape:
    name: str  # "card" | "page"
    ratio: float  # long side ÷ short side
    size: tuple[int, int]  # long, short side of the rectified image in pixels


CARD = Shape("card", ID1_RATIO, (1011, 638))
PAGE = Shape("page", A4_RATIO, (1754, 1240))


@dataclass(frozen=True)
class LocalizerConfig:
    work_side: int = 800  # long side of the working copy
    shapes: tuple[Shape, ...] = (CARD,)
    max_cover: float = 0.90  # a quad covering more of the frame than this is a flat scan: leave it alone
    min_cover: float = 0.15  # smaller quads are the QR or the portrait on the card (9 %), not the card
    scan_cover: float = 0.6  # an axis-aligned quad covering more than this is a flatbed scan: leave it alone
    scan_angle: float = 1.0  # degrees: how far from horizontal/vertical a scanned card's sides may be
    ratio_tolerance: float = 0.22  # |long/short side ÷ 1.585 − 1| allowed
    # How much a quad's proportions count against the nearest shape's in its score. A blob cut across the
    # card's photo and emblem (colours close to the table's) is near A4 within the tolerance; weighted
    # twice, the whole card wins (tuning photos within 2 % of the true corners: 517 → 521 of 560).
    ratio_weight: float = 2.0
    min_solidity: float = 0.85  # blob area ÷ quad area: a card is a filled quadrilateral
    margin: float = 0.0  # grow the quad by this fraction of the card width before warping


@dataclass(frozen=True)
class Localization:
    image: np.ndarray  # the rectified card (BGR), or the input itself when `applied` is False
    quad: np.ndarray | None  # 4×2 float32 corners in the input image, clockwise from the image's top-left-most
    applied: bool  # False: no perspective undone; `image` is the input, or the straight card cut out of a scan
    homography: np.ndarray | None = None  # 3×3, input image → `image` coordinates
    score: float = 0.0  # quality of the chosen quad (0..1), for logs
    shape: Shape = CARD  # the shape the quad was warped as


class CardLocalizer:
    """Callable: BGR photo → `Localization`."""

    def __init__(self, config: LocalizerConfig | None = None) -> None:
        self.config = config or LocalizerConfig()

    def __call__(self, image_bgr: np.ndarray) -> Localization:
        if not isinstance(image_bgr, np.ndarray) or image_bgr.ndim != 3 or image_bgr.size == 0:
            raise InputError("card localization needs a non-empty BGR image")
        cfg = self.config
        height, width = image_bgr.shape[:2]
        scale = min(1.0, cfg.work_side / max(height, width))
        small = (
            cv2.resize(image_bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image_bgr
        )
        found = [(c, rank) for rank, mask in enumerate(_masks(small)) if (c := self._candidate(mask)) is not None]
        best = _pick(found, float(np.hypot(*small.shape[:2])))
        if best is None:
            # Last resort: a pale card on a pale desk, whose faint outline has a gap the flood gets through.
            best = self._candidate(_outline_hull(small))
        if best is None:
            return Localization(image=image_bgr, quad=None, applied=False)
        score, quad_small, shape = best
        quad = (quad_small / scale).astype(np.float32)
        cover = cv2.contourArea(quad) / float(height * width)
        if cover > cfg.scan_cover and _axis_aligned(quad, cfg.scan_angle):
            # A flatbed scan: no perspective to undo, but cut the scanner bed off (without resampling) so that
            # layout positions (the QR corner, the photo column) are fractions of the card, not of the bed.
            x, y, w, h = cv2.boundingRect(quad)
            crop = image_bgr[max(0, y) : y + h, max(0, x) : x + w]
            return Localization(image=crop, quad=quad, applied=False, score=float(score), shape=shape)
        return self.warp(image_bgr, quad, shape, score)

    def _candidate(self, mask: np.ndarray) -> tuple[float, np.ndarray, Shape] | None:
        cfg = self.config
        frame = float(mask.shape[0] * mask.shape[1])
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        best = None
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            area = cv2.contourArea(contour)
            if area < cfg.min_cover * frame:
                break
            for quad in (_quad_of(contour), _quad_by_sides(contour)):
                found = self._judge(quad, area, mask.shape)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
        return best

    def _judge(
        self, quad: np.ndarray | None, area: float, frame_shape: tuple[int, ...]
    ) -> tuple[float, np.ndarray, Shape] | None:
        """Score a quad fitted to a blob of `area` px (None: not a card or page)."""
        cfg = self.config
        if quad is None or not cv2.isContourConvex(quad.reshape(-1, 1, 2).astype(np.float32)):
            return None
        if _on_border(quad, frame_shape) >= 2 and not _axis_aligned(quad, cfg.scan_angle):
            # A side along the frame of a photo: the table's light gradient merged into the blob (a card
            # laid in the corner of a scanner bed touches the frame too, but straight).
            return None
        quad_area = cv2.contourArea(quad.astype(np.float32))
        cover = quad_area / float(frame_shape[0] * frame_shape[1])
        if not cfg.min_cover <= cover <= cfg.max_cover:
            return None
        solidity = area / max(quad_area, 1.0)
        if solidity < cfg.min_solidity or solidity > 1.06:
            return None
        sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
        long_side, short_side = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
        if long_side < short_side:
            long_side, short_side = short_side, long_side
        ratio = long_side / max(short_side, 1.0)
        ratio_error, shape = min(((abs(ratio / s.ratio - 1), s) for s in cfg.shapes), key=lambda pair: pair[0])
        if ratio_error > cfg.ratio_tolerance:
            return None
        # Prefer well-filled quads with the right shape; size breaks ties (the card, not its photo).
        score = (1 - abs(1 - solidity)) * (1 - cfg.ratio_weight * ratio_error) * (0.8 + 0.2 * cover)
        return score, quad, shape

    def warp(self, image: np.ndarray, quad: np.ndarray, shape: Shape = CARD, score: float = 0.0) -> Localization:
        """Warp `quad` of `image` flat as `shape` (public: the pipeline re-warps when the text says the
        document is of the other shape)."""
        cfg = self.config
        sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
        card_w, card_h = shape.size
        # quad[0]→quad[1] is the side from the top-left-most corner going clockwise; if it is the short
        # side, the card stands on its end: keep it that way (portrait), orientation turns it later.
        if sides[0] + sides[2] >= sides[1] + sides[3]:
            out_w, out_h = card_w, card_h
        else:
            out_w, out_h = card_h, card_w
        source = quad
        if cfg.margin:
            centre = quad.mean(axis=0)
            source = centre + (quad - centre) * (1 + 2 * cfg.margin)
        target = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], np.float32)
        matrix = cv2.getPerspectiveTransform(source.astype(np.float32), target)
        card = cv2.warpPerspective(
            image, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
        )
        return Localization(image=card, quad=quad, applied=True, homography=matrix, score=float(score), shape=shape)


def _masks(small: np.ndarray):
    """Candidate card masks (uint8 0/255), cheapest and most reliable first."""
    height, width = small.shape[:2]
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    lab = cv2.cvtColor(blurred, cv2.COLOR_BGR2LAB).astype(np.float32)
    border = np.concatenate(
        [lab[:4].reshape(-1, 3), lab[-4:].reshape(-1, 3), lab[:, :4].reshape(-1, 3), lab[:, -4:].reshape(-1, 3)]
    )
    table = np.median(border, axis=0)
    distance = np.linalg.norm(lab - table, axis=2)
    distance = cv2.GaussianBlur(distance, (0, 0), 2)
    distance = np.clip(distance * (255.0 / max(float(np.percentile(distance, 99)), 1.0)), 0, 255).astype(np.uint8)
    _, mask = cv2.threshold(distance, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    yield _clean(mask)

    gray = cv2.cvtColor(blurred, cv2.COLOR_BGR2GRAY)
    median = float(np.median(gray))
    # Canny at two sensitivities: a light card on a light desk only has a faint outline.
    for low, high, grow in ((0.4 * median, 1.0 * median, 3), (10, 30, 5)):
        edges = cv2.dilate(cv2.Canny(gray, low, high), np.ones((grow, grow), np.uint8))
        # Fill from the border: what the flood does not reach is enclosed by edges, i.e. the card.
        outside = edges.copy()
        cv2.floodFill(outside, np.zeros((height + 2, width + 2), np.uint8), (0, 0), 255)
        yield _clean(cv2.bitwise_not(outside) | edges)

    hsv = cv2.cvtColor(blurred, cv2.COLOR_BGR2HSV)
    for channel in (hsv[..., 1], hsv[..., 2]):
        _, mask = cv2.threshold(channel, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        table_is_set = np.mean(np.concatenate([mask[0], mask[-1], mask[:, 0], mask[:, -1]])) > 127
        yield _clean(cv2.bitwise_not(mask) if table_is_set else mask)


def _pick(
    found: list[tuple[tuple[float, np.ndarray, Shape], int]], diagonal: float
) -> tuple[float, np.ndarray, Shape] | None:
    """The best (score, quad, shape) of the masks' candidates. Masks come most precise first, so a later one
    must be clearly better to win; glare or a shadow makes one mask cut a corner off the card, which the
    other masks do not agree with, and which bends the quad's angles further than perspective does."""
    best = None
    for (score, quad, shape), rank in found:
        support = sum(
            1 for (_, other, _), _ in found if other is not quad and np.max(np.abs(other - quad)) < 0.015 * diagonal
        )
        value = score * (1 - 0.06 * rank) * _squareness(quad) * (1 + 0.1 * support)
        if best is None or value > best[0]:
            best = (value, quad, shape)
    return best


def _squareness(quad: np.ndarray) -> float:
    """1 for corners within 15° of square (a phone tilted up to ±20° off the vertical), lower beyond."""
    sides = np.roll(quad, -1, axis=0) - quad
    before = -np.roll(sides, 1, axis=0)
    cosines = np.sum(sides * before, axis=1) / (np.linalg.norm(sides, axis=1) * np.linalg.norm(before, axis=1) + 1e-9)
    worst = float(np.max(np.abs(90 - np.degrees(np.arccos(np.clip(cosines, -1, 1))))))
    return max(0.0, 1 - max(0.0, worst - 15) / 30)


def _outline_hull(small: np.ndarray) -> np.ndarray:
    """The convex hull of the largest connected set of faint edges, filled (uint8 0/255)."""
    gray = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2GRAY)
    edges = cv2.dilate(cv2.Canny(gray, 10, 30), np.ones((5, 5), np.uint8))
    mask = np.zeros_like(gray)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if contours:
        hulls = [cv2.convexHull(c) for c in contours]
        cv2.fillConvexPoly(mask, max(hulls, key=cv2.contourArea), 255)
    return mask


def _clean(mask: np.ndarray) -> np.ndarray:
    """Close small gaps (text, glare) and drop specks, so the card is one solid blob."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    # Holes inside the blob (dark text on the card after thresholding) do not matter: only the outer
    # contour is used.
    return mask


def _quad_of(contour: np.ndarray) -> np.ndarray | None:
    """4 corners (float, clockwise from the top-left-most) of a roughly quadrilateral blob, refined by
    fitting a line to each side."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    approx = None
    for fraction in (0.01, 0.02, 0.03, 0.05, 0.08):
        candidate = cv2.approxPolyDP(hull, fraction * perimeter, True)
        if len(candidate) == 4:
            approx = candidate.reshape(4, 2).astype(np.float64)
            break
        if len(candidate) < 4:
            break
    if approx is None:
        approx = cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float64)
    approx = _clockwise(approx)
    refined = _refine(contour.reshape(-1, 2).astype(np.float64), approx)
    return _clockwise(refined) if refined is not None else approx


def _refine(points: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
    """Fit a line to the contour points along each side (middle 70 % only, away from the rounded corners)
    and intersect neighbouring lines."""
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        direction = b - a
        length = float(np.linalg.norm(direction))
        if length < 1:
            return None
        unit = direction / length
        normal = np.array([-unit[1], unit[0]])
        rel = points - a
        along = rel @ unit / length
        across = np.abs(rel @ normal)
        near = points[(along > 0.15) & (along < 0.85) & (across < max(3.0, 0.03 * length))]
        if len(near) < 5:
            lines.append((a, unit))
            continue
        vx, vy, x0, y0 = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)))
    met = [_meet(lines[(i - 1) % 4], lines[i], 1e-6) for i in range(4)]
    if any(corner is None for corner in met):
        return None
    corners = np.array(met)
    if np.max(np.linalg.norm(corners - quad, axis=1)) > 0.1 * np.linalg.norm(quad[2] - quad[0]):
        return None  # a side fit went astray: keep the polygon corners
    return corners


def _quad_by_sides(contour: np.ndarray) -> np.ndarray | None:
    """4 corners where the blob's 4 longest straight runs meet, found one after another (RANSAC). A glare
    spot or a shadow bulging from one side leaves the other sides straight, while the polygon approximation
    of `_quad_of` puts a corner on the bulge."""
    points = contour.reshape(-1, 2).astype(np.float64)
    if len(points) < 40:
        return None
    points = points[:: max(1, len(points) // 400)]  # every few outline pixels are as good, and 5× cheaper
    perimeter = float(cv2.arcLength(contour, True))
    tol = max(1.5, 0.003 * perimeter)
    rng = np.random.default_rng(0)  # deterministic: the same photo gives the same card
    lines: list[tuple[np.ndarray, np.ndarray]] = []
    left = points
    for _ in range(4):
        if len(left) < 10:
            return None
        pairs = rng.integers(len(left), size=(200, 2))
        a, b = left[pairs[:, 0]], left[pairs[:, 1]]
        d = b - a
        length = np.linalg.norm(d, axis=1)
        keep = length > 0.05 * perimeter
        if not keep.any():
            return None
        a, d, length = a[keep], d[keep], length[keep]
        normals = np.stack([-d[:, 1], d[:, 0]], axis=1) / length[:, None]
        distance = np.abs(left @ normals.T - np.sum(a * normals, axis=1))
        best = int(np.argmax((distance < tol).sum(axis=0)))
        inliers = left[distance[:, best] < tol]
        # A card's short side is a fifth of its outline (ID-1; a page's a sixth of it): shorter runs are
        # rounded corners or the bulge.
        if len(inliers) < 0.08 * len(points):
            return None
        vx, vy, x0, y0 = cv2.fitLine(inliers.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        origin, unit = np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)
        lines.append((origin, unit))
        normal = np.array([-unit[1], unit[0]])
        left = left[np.abs((left - origin) @ normal) >= 2 * tol]
    # Opposite sides are the pairs of lines nearest to parallel.
    angles = [float(np.arctan2(u[1], u[0])) % np.pi for _, u in lines]

    def skew(i: int, j: int) -> float:
        diff = abs(angles[i] - angles[j])
        return min(diff, np.pi - diff)

    pairing = min((((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2))), key=lambda p: skew(*p[0]) + skew(*p[1]))
    # Adjacent sides must meet at 90° ± 78° (sine ≥ 0.2).
    met = [_meet(lines[i], lines[j], 0.2) for i in pairing[0] for j in pairing[1]]
    if any(corner is None for corner in met):
        return None
    quad = _clockwise(np.array(met))
    x, y, w, h = cv2.boundingRect(contour)
    grow = 0.1 * max(w, h)
    if np.any(quad < [x - grow, y - grow]) or np.any(quad > [x + w + grow, y + h + grow]):
        return None
    return quad


def _meet(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray], min_sine: float) -> np.ndarray | None:
    """Where two lines (point, unit direction) cross; None when they are nearer parallel than `min_sine`."""
    (p, u), (q, v) = a, b
    matrix = np.array([u, -v]).T
    if abs(np.linalg.det(matrix)) < min_sine:
        return None
    t = np.linalg.solve(matrix, q - p)
    return p + t[0] * u


def _on_border(quad: np.ndarray, shape: tuple[int, ...]) -> int:
    """How many corners of the quad lie on the frame's edge (within 1 % of its size)."""
    height, width = shape[:2]
    tol = 0.01 * max(height, width)
    x, y = quad[:, 0], quad[:, 1]
    return int(np.count_nonzero((x <= tol) | (x >= width - 1 - tol) | (y <= tol) | (y >= height - 1 - tol)))


def _axis_aligned(quad: np.ndarray, degrees: float) -> bool:
    """Every side within `degrees` of horizontal or vertical."""
    sides = np.roll(quad, -1, axis=0) - quad
    angles = np.degrees(np.arctan2(sides[:, 1], sides[:, 0])) % 90
    return bool(np.all(np.minimum(angles, 90 - angles) < degrees))


def _clockwise(points: np.ndarray) -> np.ndarray:
    """Order 4 points clockwise (in image coordinates, y down) starting from the one nearest the top-left."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]  # increasing angle with y down = clockwise on screen
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0)
