"""Drawing primitives shared by the synthetic document renderers (cards and certificates).

Layout numbers are in base pixels (10 px/mm) times `scale`. `Canvas` records every text line it draws
with its box and the output-contract field it shows. Fonts come from `FONT_SETS` (DejaVu, Debian
`fonts-dejavu-core` and `fonts-dejavu-extra`): tune on one set, benchmark on another. The emblem, photo,
chip, stamp and fingerprints are plain drawings without text, so detectors only find real text.
Images are BGR uint8 (OpenCV's convention) once finished; the canvas itself is RGB (PIL).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

Side = Literal["front", "back"]
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, end exclusive
RGB = tuple[int, int, int]

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# The "mono" style is the MRZ's: OCR-B as ICAO 9303 prescribes (Matthew Skala's public-domain OCR-B,
# Debian `fonts-ocr-b`). No stand-in: another font would silently change what the MRZ benchmark measures.
MRZ_FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
_PACKAGES = {"OCRB.otf": "fonts-ocr-b"}


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str


FONT_SETS: dict[str, FontSet] = {
    "sans": FontSet("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    "condensed": FontSet("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSansCondensed-Oblique.ttf"),
    "serif": FontSet("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
}
Style = Literal["regular", "bold", "italic", "mono"]

INK: RGB = (20, 20, 24)
LABEL_INK: RGB = (45, 45, 55)
TITLE_RED: RGB = (205, 32, 39)


@dataclass(frozen=True)
class TextLine:
    """One printed line: its text, box on the card, and the contract field it is the value of (None: label)."""

    text: str
    box: Box
    field: str | None = None


@dataclass(frozen=True)
class CardImage:
    """A rendered card side, flat and upright."""

    image: np.ndarray  # H × W × 3, BGR, uint8
    side: Side
    document_type: str
    font_set: str
    scale: float
    lines: tuple[TextLine, ...]
    qr_box: Box | None = None  # front: the QR code with its quiet zone
    mrz_box: Box | None = None  # back: the three MRZ lines


@lru_cache(maxsize=256)
def load_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / name  # an absolute `name` stays as it is
    if not path.exists():
        packages = _PACKAGES.get(path.name, "fonts-dejavu-core fonts-dejavu-extra")
        raise FileNotFoundError(f"{path} is missing: install the Debian package(s) {packages}")
    return ImageFont.truetype(str(path), size)


class Canvas:
    """A PIL drawing in base-layout pixels (scaled on the way in) that records every text line."""

    def __init__(self, background: np.ndarray, scale: float, font_set: str) -> None:
        if font_set not in FONT_SETS:
            raise ValueError(f"unknown font_set {font_set!r}, choose from {sorted(FONT_SETS)}")
        self.image = Image.fromarray(background)
        self.draw = ImageDraw.Draw(self.image)
        self.scale = scale
        self.fonts = FONT_SETS[font_set]
        self.font_set = font_set
        self.lines: list[TextLine] = []

    def finish(
        self, side: Side, document_type: str, *, qr_box: Box | None = None, mrz_box: Box | None = None
    ) -> CardImage:
        """The drawing as a BGR `CardImage` with every recorded line."""
        rgb = np.asarray(self.image)
        return CardImage(
            image=np.ascontiguousarray(rgb[..., ::-1]),
            side=side,
            document_type=document_type,
            font_set=self.font_set,
            scale=self.scale,
            lines=tuple(self.lines),
            qr_box=qr_box,
            mrz_box=mrz_box,
        )

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def font_name(self, style: Style) -> str:
        return MRZ_FONT if style == "mono" else getattr(self.fonts, style)

    def font(self, style: Style, size: float) -> ImageFont.FreeTypeFont:
        return load_font(self.font_name(style), max(6, self.px(size)))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        style: Style = "regular",
        color: RGB = INK,
        field: str | None = None,
        max_width: float | None = None,
        anchor: str = "ls",
    ) -> Box:
        """Draw at baseline (x, y) ("ls"; "ms" centres); shrink to `max_width` the way a card printer fits text."""
        font = self.font(style, size)
        if max_width is not None:
            while font.getlength(text) > self.px(max_width) and font.size > self.px(size * 0.6):
                font = load_font(self.font_name(style), font.size - 1)
        xy = (self.px(x), self.px(y))
        self.draw.text(xy, text, font=font, fill=color, anchor=anchor)
        x0, y0, x1, y1 = self.draw.textbbox(xy, text, font=font, anchor=anchor)
        box = (int(x0), int(y0), int(x1), int(y1))
        self.lines.append(TextLine(text=text, box=box, field=field))
        return box

    def width(self, text: str, size: float, style: Style = "regular") -> float:
        """Text advance in base-layout pixels."""
        return self.font(style, size).getlength(text) / self.scale

    def label_value(
        self, x: float, y: float, label: str, value: str, *, field: str, size: float = 19, right: float = 840
    ) -> float:
        """ "Label / English: value" on one baseline; returns where the value ends."""
        box = self.text(x, y, label, 14.5, color=LABEL_INK)
        start = box[2] / self.scale + 8
        value_box = self.text(start, y, value, size, field=field, max_width=right - start)
        return value_box[2] / self.scale


ID1_WIDTH, ID1_HEIGHT = 856, 540  # ID-1 card, 85.6 × 54 mm at 10 px/mm: the base layout of every ID card


def national_motto(
    c: Canvas,
    x: float,
    max_width: float,
    *,
    baselines: tuple[float, float] = (40, 66),
    sizes: tuple[float, float] = (20, 18),
) -> None:
    """The national motto in Vietnamese, two bold lines centred on `x`; cards differ only in sizes and baselines."""
    c.text(
        x, baselines[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", sizes[0], style="bold", anchor="ms", max_width=max_width
    )
    c.text(x, baselines[1], "Độc lập - Tự do - Hạnh phúc", sizes[1], style="bold", anchor="ms", max_width=max_width)


def bilingual_header(c: Canvas, x: float, max_width: float) -> None:
    """The national motto in Vietnamese and English, centred on `x`, as ID cards since 2021 print it."""
    national_motto(c, x, max_width)
    c.text(x, 88, "SOCIALIST REPUBLIC OF VIET NAM", 14, anchor="ms", max_width=max_width)
    c.text(x, 106, "Independence - Freedom - Happiness", 13, anchor="ms", max_width=max_width)


# --- background ------------------------------------------------------------------------------------------


def guilloche(height: int, width: int, scale: float, rng: np.random.Generator, side: Side) -> np.ndarray:
    """Light security-print background: wavy line bands plus a rosette, tinted like the real card."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32) / scale
    phases = rng.uniform(0, 2 * math.pi, size=6)
    # Base tint: pale blue-green on the left to pale warm grey on the right (front), blue-grey (back).
    left = np.array((221, 234, 240) if side == "front" else (226, 233, 238), np.float32)
    right = np.array((241, 233, 226) if side == "front" else (236, 238, 236), np.float32)
    t = (xx / (width / scale))[..., None]
    image = left * (1 - t) + right * t

    waves = np.sin((yy + 6 * np.sin(xx / 37 + phases[0]) + 3 * np.sin(xx / 11 + phases[1])) * (2 * math.pi / 7))
    ink = np.clip(1 - np.abs(waves) / 0.3, 0, 1) * 0.35
    image = image * (1 - ink[..., None]) + np.array((168, 200, 220), np.float32) * ink[..., None]

    cx, cy = (430, 310) if side == "front" else (300, 260)
    r = np.hypot(xx - cx, yy - cy)
    theta = np.arctan2(yy - cy, xx - cx)
    rosette = np.sin(r / 4.5 + 3 * np.sin(12 * theta + r / 40 + phases[2]) + phases[3])
    envelope = np.exp(-((r / 230) ** 4))
    ink = np.clip(1 - np.abs(rosette) / 0.35, 0, 1) * envelope * 0.3
    warm = (232, 180, 160) if side == "front" else (190, 200, 225)
    image = image * (1 - ink[..., None]) + np.array(warm, np.float32) * ink[..., None]
    return np.clip(image, 0, 255).astype(np.uint8)


# --- drawings without text ---------------------------------------------------------------------------------


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def emblem(c: Canvas, cx: float, cy: float, radius: float) -> None:
    """National emblem placeholder: gold ring, red disc, yellow star."""
    p = c.px
    c.draw.ellipse((p(cx - radius), p(cy - radius), p(cx + radius), p(cy + radius)), fill=(222, 172, 48))
    inner = radius * 0.82
    c.draw.ellipse((p(cx - inner), p(cy - inner), p(cx + inner), p(cy + inner)), fill=(200, 36, 36))
    c.draw.polygon(
        [(p(x), p(y)) for x, y in _star(cx, cy - radius * 0.12, inner * 0.55, inner * 0.22)], fill=(250, 215, 60)
    )
    c.draw.rectangle(
        (p(cx - inner * 0.6), p(cy + inner * 0.45), p(cx + inner * 0.6), p(cy + inner * 0.62)), fill=(222, 172, 48)
    )


def photo(c: Canvas, box: tuple[float, float, float, float], rng: random.Random) -> None:
    """Portrait placeholder: light blue backdrop, head and shoulders silhouette, clipped to the frame."""
    x0, y0, x1, y1 = (c.px(v) for v in box)
    w, h = x1 - x0, y1 - y0
    portrait = Image.new("RGB", (w, h), (198, 218, 236))
    draw = ImageDraw.Draw(portrait)
    skin = rng.choice([(214, 176, 150), (198, 156, 128), (226, 190, 165)])
    hair = rng.choice([(30, 26, 24), (50, 40, 35), (90, 90, 90)])
    cloth = rng.choice([(35, 45, 70), (235, 235, 235), (60, 60, 60), (120, 30, 40)])
    cx = w / 2
    draw.ellipse((cx - w * 0.45, h * 0.7, cx + w * 0.45, h * 1.35), fill=cloth)
    draw.rectangle((cx - w * 0.09, h * 0.52, cx + w * 0.09, h * 0.74), fill=skin)
    draw.ellipse((cx - w * 0.25, h * 0.1, cx + w * 0.25, h * 0.6), fill=hair)
    draw.ellipse((cx - w * 0.2, h * 0.18, cx + w * 0.2, h * 0.62), fill=skin)
    c.image.paste(portrait, (x0, y0))


def qr(c: Canvas, payload: str, x0: float, y0: float, size: float) -> Box:
    """The QR with a 2-module white quiet zone, scaled to `size` base pixels with nearest-neighbour edges."""
    # Byte mode without ECI, as on real cards: decoders hand back Latin-1 text (see ocr.qr_payload).
    qr = segno.make_qr(payload, error="m", encoding="utf-8", boost_error=False)
    modules = np.array([list(row) for row in qr.matrix], dtype=bool)
    modules = np.pad(modules, 2, constant_values=False)
    side = c.px(size)
    picture = np.where(modules, 0, 255).astype(np.uint8)
    picture = np.array(Image.fromarray(picture).resize((side, side), Image.Resampling.NEAREST))
    box = (c.px(x0), c.px(y0), c.px(x0) + side, c.px(y0) + side)
    c.image.paste(Image.fromarray(picture).convert("RGB"), box[:2])
    return box


def chip(c: Canvas, x0: float, y0: float, w: float, h: float) -> None:
    p = c.px
    c.draw.rounded_rectangle(
        (p(x0), p(y0), p(x0 + w), p(y0 + h)),
        radius=p(8),
        fill=(214, 180, 96),
        outline=(150, 120, 55),
        width=max(1, p(2)),
    )
    line = (160, 128, 60)
    for fraction in (1 / 3, 2 / 3):
        c.draw.line(
            (p(x0), p(y0 + h * fraction), p(x0 + w * 0.35), p(y0 + h * fraction)), fill=line, width=max(1, p(2))
        )
        c.draw.line(
            (p(x0 + w * 0.65), p(y0 + h * fraction), p(x0 + w), p(y0 + h * fraction)), fill=line, width=max(1, p(2))
        )
    c.draw.rounded_rectangle(
        (p(x0 + w * 0.35), p(y0 + h * 0.2), p(x0 + w * 0.65), p(y0 + h * 0.8)),
        radius=p(4),
        outline=line,
        width=max(1, p(2)),
    )


def fingerprint(c: Canvas, box: tuple[float, float, float, float], rng: random.Random) -> None:
    """Fingerprint placeholder: nested grey ellipse ridges inside a frame."""
    p = c.px
    x0, y0, x1, y1 = box
    c.draw.rectangle((p(x0), p(y0), p(x1), p(y1)), fill=(238, 240, 242), outline=(120, 130, 140), width=max(1, p(1.5)))
    cx, cy = (x0 + x1) / 2 + rng.uniform(-6, 6), (y0 + y1) / 2 + rng.uniform(-6, 6)
    for i in range(3, 15):
        rx, ry = i * 3.6, i * 4.6
        if cx - rx < x0 + 4 or cy - ry < y0 + 4 or cx + rx > x1 - 4 or cy + ry > y1 - 4:
            break
        start = rng.uniform(0, 60)
        c.draw.arc(
            (p(cx - rx), p(cy - ry), p(cx + rx), p(cy + ry)),
            start,
            start + 300,
            fill=(95, 95, 100),
            width=max(1, p(1.6)),
        )


def signature(c: Canvas, x: float, y: float, rng: random.Random) -> None:
    """A stamp ring left of `x` and a pen squiggle starting over its edge."""
    p = c.px
    r = 30
    sx = x - 95
    red = (210, 60, 60)
    c.draw.ellipse((p(sx - r), p(y - r), p(sx + r), p(y + r)), outline=red, width=max(1, p(3)))
    c.draw.ellipse((p(sx - r * 0.7), p(y - r * 0.7), p(sx + r * 0.7), p(y + r * 0.7)), outline=red, width=max(1, p(2)))
    c.draw.polygon([(p(a), p(b)) for a, b in _star(sx, y, 12, 5)], fill=red)
    wobble = [rng.uniform(-0.3, 0.3) for _ in range(3)]
    points = []
    for i in range(48):
        t = i / 47
        points.append((x - 70 + t * 140, y + 12 * math.sin(t * 9 + wobble[0]) * (1 - t * 0.5) - t * 10 + 4 * wobble[1]))
    c.draw.line([(p(a), p(b)) for a, b in points], fill=(30, 40, 120), width=max(1, p(2.5)), joint="curve")
