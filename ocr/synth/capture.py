"""How a rendered card reaches us: a flat scan or a phone photo, reproducible from a seed.

    scan    card with rounded corners on a scanner bed, 4 % margin, slight softness and noise, JPEG q 88–92
    photo   card tilted in 3-D (up to ±20° about each axis) onto a table texture (wood, cloth or desk),
            skewed ±8° in the image plane, drop shadow, uneven lighting, sometimes a shadow edge and a
            glare blob, colour cast, blur (sometimes motion), noise, then the whole picture turned by
            0/90/180/270° and saved as JPEG q 35–65
    none    the card as rendered, PNG

Every capture returns the decoded image (what a reader of the saved bytes gets), the bytes, the
card's corners in the final image (TL, TR, BR, BL of the upright card, so they also tell the
orientation), and the card → image homography, so text boxes can be followed into the picture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

CaptureKind = Literal["none", "scan", "photo"]
CAPTURE_KINDS: tuple[str, ...] = ("none", "scan", "photo")
Point = tuple[float, float]

CORNER_RADIUS = 3.18 / 85.6  # ISO/IEC 7810 ID-1 corner radius, as a fraction of the card width
SCANNER_WHITE = (244, 245, 246)


@dataclass(frozen=True)
class Capture:
    """A captured card: the decoded image, its encoded bytes and where the card ended up."""

    image: np.ndarray  # H × W × 3, BGR, uint8: `encoded` decoded again
    encoded: bytes
    extension: str  # ".png" or ".jpg"
    kind: str
    corners: tuple[Point, Point, Point, Point]  # top-left, top-right, bottom-right, bottom-left of the card
    homography: tuple[tuple[float, float, float], ...]  # card pixel → image pixel, 3 × 3
    rotation: int  # 0, 90, 180, 270: clockwise turn of the card's content in the image (before skew)
    params: Mapping[str, float | int | bool | str]

    def project(self, points: Sequence[Point]) -> list[Point]:
        """Card pixel coordinates → image coordinates."""
        src = np.asarray(points, np.float64).reshape(-1, 1, 2)
        dst = cv2.perspectiveTransform(src, np.asarray(self.homography, np.float64))
        return [(float(x), float(y)) for x, y in dst.reshape(-1, 2)]

    def project_box(self, box: Sequence[float]) -> list[Point]:
        """A card box (x0, y0, x1, y1) → its quadrilateral in the image, clockwise from top-left."""
        x0, y0, x1, y1 = box
        return self.project([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def capture(card: np.ndarray, kind: CaptureKind, *, seed: int) -> Capture:
    """Apply capture `kind` ("none", "scan" or "photo") to a BGR card image."""
    if kind == "none":
        return _none(card)
    if kind == "scan":
        return scan(card, seed=seed)
    if kind == "photo":
        return photo(card, seed=seed)
    raise ValueError(f"capture kind must be one of {CAPTURE_KINDS}, got {kind!r}")


def _card_quad(card: np.ndarray) -> np.ndarray:
    height, width = card.shape[:2]
    return np.array([(0, 0), (width, 0), (width, height), (0, height)], np.float64)


def _rounded_alpha(height: int, width: int) -> np.ndarray:
    """Antialiased alpha (float32, 0–1) of a card with ID-1 rounded corners; a portrait sheet (paper: this
    generator draws cards landscape and pages portrait) has square corners."""
    radius = CORNER_RADIUS * width if width >= height else 0.5
    yy, xx = (v + np.float32(0.5) for v in _grid(height, width))
    cx = np.clip(xx, radius, width - radius)
    cy = np.clip(yy, radius, height - radius)
    distance = np.hypot(xx - cx, yy - cy)
    return np.clip(radius - distance + 0.5, 0, 1)


def _encode(image: np.ndarray, extension: str, quality: int = 95) -> tuple[bytes, np.ndarray]:
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if extension == ".jpg" else [cv2.IMWRITE_PNG_COMPRESSION, 6]
    ok, buffer = cv2.imencode(extension, image, params)
    if not ok:
        raise RuntimeError(f"OpenCV could not encode {extension}")
    encoded = buffer.tobytes()
    return encoded, cv2.imdecode(np.frombuffer(encoded, np.uint8), cv2.IMREAD_COLOR)


def _result(
    image: np.ndarray,
    extension: str,
    quality: int,
    kind: str,
    matrix: np.ndarray,
    card: np.ndarray,
    rotation: int,
    params: dict,
) -> Capture:
    encoded, decoded = _encode(image, extension, quality)
    corners = cv2.perspectiveTransform(_card_quad(card).reshape(-1, 1, 2), matrix).reshape(-1, 2)
    return Capture(
        image=decoded,
        encoded=encoded,
        extension=extension,
        kind=kind,
        corners=(_point(corners[0]), _point(corners[1]), _point(corners[2]), _point(corners[3])),
        homography=tuple((float(a), float(b), float(c)) for a, b, c in matrix),
        rotation=rotation,
        params=params,
    )


def _point(xy: np.ndarray) -> Point:
    return float(xy[0]), float(xy[1])


def _none(card: np.ndarray) -> Capture:
    return _result(card, ".png", 0, "none", np.eye(3), card, 0, {})


def _noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Gaussian sensor noise, the same on the three channels (luminance noise dominates after JPEG; and
    drawing a third of the numbers saves most of the time at phone resolutions)."""
    noise = np.float32(sigma) * rng.standard_normal(image.shape[:2], dtype=np.float32)
    return image + noise[..., None]


def _grid(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Broadcastable coordinates: yy of shape (h, 1), xx of shape (1, w)."""
    return np.arange(height, dtype=np.float32)[:, None], np.arange(width, dtype=np.float32)[None, :]


def scan(card: np.ndarray, *, seed: int) -> Capture:
    """A flatbed scan: the card upright on white with a small margin, mild softness and noise, JPEG q≈90."""
    rng = np.random.default_rng([seed, 11])
    height, width = card.shape[:2]
    margin = round(0.04 * width)
    bed = np.empty((height + 2 * margin, width + 2 * margin, 3), np.float32)
    bed[:] = SCANNER_WHITE
    alpha = _rounded_alpha(height, width)[..., None]
    region = bed[margin : margin + height, margin : margin + width]
    region[:] = card.astype(np.float32) * alpha + region * (1 - alpha)
    blur = float(rng.uniform(0.4, 0.8))
    image = cv2.GaussianBlur(bed, (0, 0), blur)
    noise = float(rng.uniform(1.0, 2.5))
    image = np.clip(_noise(image, rng, noise), 0, 255).astype(np.uint8)
    quality = int(rng.integers(88, 93))
    matrix = np.array([[1, 0, margin], [0, 1, margin], [0, 0, 1]], np.float64)
    params = {"blur_sigma": round(blur, 3), "noise_sigma": round(noise, 3), "jpeg_quality": quality}
    return _result(image, ".jpg", quality, "scan", matrix, card, 0, params)


# --- photo -------------------------------------------------------------------------------------------------


def _smooth_noise(rng: np.random.Generator, height: int, width: int, cell: int) -> np.ndarray:
    """Low-frequency noise in [-1, 1]: a coarse random grid upscaled with bicubic interpolation."""
    grid = rng.uniform(-1, 1, (max(2, height // cell + 2), max(2, width // cell + 2))).astype(np.float32)
    return cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)


def _table(rng: np.random.Generator, full_height: int, full_width: int) -> tuple[np.ndarray, str]:
    """A background the card lies on: wood grain, cloth weave or a plain desk.

    Drawn at half size and enlarged: a table is out of focus next to the card anyway, and it is 4× faster.
    """
    kind = str(rng.choice(["wood", "cloth", "desk"]))
    height, width = (full_height + 1) // 2, (full_width + 1) // 2
    yy, xx = _grid(height, width)
    if kind == "wood":
        dark = np.array(rng.uniform((40, 60, 90), (70, 95, 130)), np.float32)  # BGR browns
        light = dark + rng.uniform(30, 60)
        angle = rng.uniform(0, math.pi)
        along = xx * math.cos(angle) + yy * math.sin(angle)
        warp = 25 * _smooth_noise(rng, height, width, 160) + 6 * _smooth_noise(rng, height, width, 30)
        grain = 0.5 + 0.5 * np.sin((along + warp) * 2 * math.pi / rng.uniform(14, 30))
        image = dark + (light - dark) * grain[..., None] ** 2
    elif kind == "cloth":
        base = np.array(rng.uniform(40, 220, 3), np.float32)
        period = rng.uniform(3, 6)
        weave = np.sin(xx * 2 * math.pi / period) * np.sin(yy * 2 * math.pi / period)
        image = base + 12 * weave[..., None] + 10 * _smooth_noise(rng, height, width, 80)[..., None]
    else:
        base = np.array(rng.uniform(90, 235) + rng.uniform(-12, 12, 3), np.float32)
        image = base + 15 * _smooth_noise(rng, height, width, 300)[..., None]
    image = _noise(np.broadcast_to(image, (height, width, 3)).astype(np.float32), rng, 3)
    return cv2.resize(image, (full_width, full_height), interpolation=cv2.INTER_LINEAR), kind


def _tilted_quad(
    rng: np.random.Generator, card_w: int, card_h: int, canvas_w: int, canvas_h: int
) -> tuple[np.ndarray, dict[str, float]]:
    """Where the card lands: a 3-D tilt seen through a pinhole, an in-plane skew, a size and a position."""
    tilt_x, tilt_y = (float(v) for v in rng.uniform(-20, 20, 2))
    skew = float(rng.uniform(-8, 8))
    fraction = float(rng.uniform(0.5, 0.8))
    ax, ay = math.radians(tilt_x), math.radians(tilt_y)
    rot_x = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    rot_y = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    half = np.array([(-card_w, -card_h), (card_w, -card_h), (card_w, card_h), (-card_w, card_h)]) / 2
    points = np.column_stack([half, np.zeros(4)]) @ (rot_y @ rot_x).T
    distance = 1.6 * card_w  # a phone about a card and a half away: moderate perspective
    projected = points[:, :2] * distance / (points[:, 2:] + distance)
    angle = math.radians(skew)
    spin = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    projected = projected @ spin.T
    extent = projected.max(axis=0) - projected.min(axis=0)
    # The fraction is of the frame's long side, taken by the document's long side (a card lies landscape in
    # a landscape frame, a page portrait in a portrait one).
    long_axis = 0 if canvas_w >= canvas_h else 1
    size = min(
        fraction * max(canvas_w, canvas_h) / extent[long_axis], 0.9 * canvas_h / extent[1], 0.9 * canvas_w / extent[0]
    )
    projected *= size
    low = -projected.min(axis=0) + 0.03 * np.array([canvas_w, canvas_h])
    high = np.array([canvas_w, canvas_h]) - projected.max(axis=0) - 0.03 * np.array([canvas_w, canvas_h])
    centre = rng.uniform(low, np.maximum(low, high))
    params = {
        "tilt_x": round(tilt_x, 2),
        "tilt_y": round(tilt_y, 2),
        "skew": round(skew, 2),
        "card_fraction": round(fraction, 3),
    }
    return projected + centre, params


def _lighting(rng: np.random.Generator, height: int, width: int, params: dict) -> np.ndarray:
    """Multiplicative light field: gradient, soft spot, sometimes a shadow edge (a hand or the phone)."""
    yy, xx = _grid(height, width)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = ((xx - width / 2) * math.cos(angle) + (yy - height / 2) * math.sin(angle)) / max(width, height)
    field = 1 + rng.uniform(0.1, 0.35) * ramp
    cx, cy = rng.uniform(0, width), rng.uniform(0, height)
    field += rng.uniform(0.0, 0.15) * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * (0.4 * width) ** 2))
    params["shadow"] = bool(rng.random() < 0.5)
    if params["shadow"]:
        angle = rng.uniform(0, 2 * math.pi)
        offset = rng.uniform(-0.3, 0.3) * width
        signed = (xx - width / 2) * math.cos(angle) + (yy - height / 2) * math.sin(angle) - offset
        softness = rng.uniform(0.02, 0.08) * width
        darkness = float(rng.uniform(0.15, 0.45))
        params["shadow_darkness"] = round(darkness, 3)
        field *= 1 - darkness / (1 + np.exp(-signed / softness))
    return field.astype(np.float32)


def photo(card: np.ndarray, *, seed: int) -> Capture:
    """A phone photo of the card on a table (see the module docstring for the effects and ranges)."""
    rng = np.random.default_rng([seed, 12])
    card_h, card_w = card.shape[:2]
    canvas_w, canvas_h = round(card_w * 1.5), round(card_w * 1.125)  # 4:3, the usual phone frame
    if card_h > card_w:  # a page is photographed with the phone upright
        canvas_w, canvas_h = round(card_h * 1.125), round(card_h * 1.5)
    background, table = _table(rng, canvas_h, canvas_w)
    quad, params = _tilted_quad(rng, card_w, card_h, canvas_w, canvas_h)
    params = {"background": table, **params}
    matrix = cv2.getPerspectiveTransform(_card_quad(card).astype(np.float32), quad.astype(np.float32)).astype(
        np.float64
    )

    alpha = cv2.warpPerspective(_rounded_alpha(card_h, card_w), matrix, (canvas_w, canvas_h), flags=cv2.INTER_LINEAR)
    # Drop shadow: the card's outline, shifted and blurred, darkens the table.
    shift = np.array(
        [[1, 0, rng.uniform(-0.012, 0.012) * card_w], [0, 1, rng.uniform(0.004, 0.015) * card_w]], np.float32
    )
    # Blurred at quarter size: the shadow is soft, and a 20-px Gaussian on the full frame is slow.
    small = cv2.resize(
        cv2.warpAffine(alpha, shift, (canvas_w, canvas_h)), None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA
    )
    shadow = cv2.resize(
        cv2.GaussianBlur(small, (0, 0), 0.003 * card_w), (canvas_w, canvas_h), interpolation=cv2.INTER_LINEAR
    )
    background *= (1 - 0.45 * shadow)[..., None]
    warped = cv2.warpPerspective(card, matrix, (canvas_w, canvas_h), flags=cv2.INTER_LINEAR).astype(np.float32)
    image = warped * alpha[..., None] + background * (1 - alpha[..., None])

    image *= _lighting(rng, canvas_h, canvas_w, params)[..., None]
    params["glare"] = bool(rng.random() < 0.6)
    if params["glare"]:
        # A specular blob somewhere on the card: pixels pulled towards white.
        cx, cy = quad[0] + (quad[2] - quad[0]) * rng.uniform(0.1, 0.9, 2)
        sx, sy = rng.uniform(0.04, 0.14, 2) * card_w
        strength = float(rng.uniform(0.35, 0.9))
        params["glare_strength"] = round(strength, 3)
        yy, xx = _grid(canvas_h, canvas_w)
        blob = strength * np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2) / 2)
        image += (255 - image) * blob[..., None]
    image *= rng.uniform(0.92, 1.08, 3).astype(np.float32)  # white balance

    blur = float(rng.uniform(0.3, 1.6))
    image = cv2.GaussianBlur(image, (0, 0), blur)
    params["blur_sigma"] = round(blur, 3)
    params["motion_blur"] = 0
    if rng.random() < 0.3:
        length = int(rng.integers(3, 8))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1 / length
        turn = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), float(rng.uniform(0, 180)), 1)
        kernel = cv2.warpAffine(kernel, turn, (length, length))
        image = cv2.filter2D(image, -1, kernel / max(kernel.sum(), 1e-6))
        params["motion_blur"] = length
    noise = float(rng.uniform(2, 6))
    image = np.clip(_noise(image, rng, noise), 0, 255).astype(np.uint8)
    params["noise_sigma"] = round(noise, 3)

    quarter_turns = int(rng.integers(0, 4))
    for _ in range(quarter_turns):
        # Clockwise quarter turn of an h-row image: (x, y) → (h − 1 − y, x).
        turn = np.array([[0, -1, image.shape[0] - 1], [1, 0, 0], [0, 0, 1]], np.float64)
        matrix = turn @ matrix
        image = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    quality = int(rng.integers(35, 66))
    params["jpeg_quality"] = quality
    return _result(image, ".jpg", quality, "photo", matrix, card, 90 * quarter_turns, params)
