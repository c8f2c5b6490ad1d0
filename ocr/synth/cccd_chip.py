"""The chip CCCD (căn cước công dân gắn chip, 2021 to 30/06/2024), front and back, drawn procedurally.

Layout follows the real card at 10 px/mm (856×540 px for 85.6×54 mm, about 254 dpi) times `scale`:

    front   emblem │ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM … CĂN CƯỚC CÔNG DÂN │ QR
            photo  │ Số / No. · Họ và tên · Ngày sinh · Giới tính, Quốc tịch · Quê quán · Nơi thường trú
            Có giá trị đến / Date of expiry (under the photo)
    back    chip │ Đặc điểm nhân dạng · Ngày, tháng, năm · Cục trưởng, signature │ two fingerprints
            TD1 MRZ, 3 lines (`ocr.mrz.build_td1`) in OCR-B (Debian `fonts-ocr-b`), as ICAO 9303 prescribes

The background is a light guilloche (sine line patterns) in colours close to the card's; the emblem,
photo, chip, stamp and fingerprints are plain drawings without text, so detectors only find real text.
Fonts come from `FONT_SETS` (DejaVu, Debian `fonts-dejavu-core` and `fonts-dejavu-extra`): tune on one
set, benchmark on another. Every printed text line is returned with its box and the output-contract
field it shows, for detection and recognition benchmarks. Images are BGR uint8, OpenCV's convention.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import ImageFont

from ocr import qr_payload
from ocr.synth.draw import (
    FONT_SETS,
    ID1_HEIGHT,
    ID1_WIDTH,
    INK,
    LABEL_INK,
    TITLE_RED,
    Canvas,
    CardImage,
    Side,
    TextLine,
    bilingual_header,
    chip,
    emblem,
    fingerprint,
    guilloche,
    photo,
    qr,
    signature,
)
from ocr.synth.persons import Person, make_name
from ocr.synth.registry import ID_CARD_FRONT_FIELDS, SynthDocument

DOCUMENT_TYPES: dict[str, str] = {"front": "cccd_chip_front", "back": "cccd_chip_back"}
# Public aliases of the ID-1 size (all layout numbers below are in its pixels): tests size-check renders.
BASE_WIDTH, BASE_HEIGHT = ID1_WIDTH, ID1_HEIGHT
# OCR-B (Matthew Skala's public-domain OCR-B, Debian `fonts-ocr-b`): the MRZ font ICAO 9303 prescribes. No
# fallback: a stand-in font would silently change what the MRZ benchmark measures.
OCR_B_FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
__all__ = ["BASE_HEIGHT", "BASE_WIDTH", "FONT_SETS", "CardImage", "render", "render_back", "render_front"]


# --- text layout -------------------------------------------------------------------------------------------


def _split_residence(c: Canvas, address: str, first_width: float, size: float) -> tuple[str, str]:
    """Cut after a comma: as many leading parts as fit after the label, at least one part left for line 2."""
    parts = address.split(", ")
    first = 1
    while first < len(parts) - 1 and c.width(", ".join(parts[: first + 1]) + ",", size) <= first_width:
        first += 1
    return ", ".join(parts[:first]) + ",", ", ".join(parts[first:])


def render_front(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The front of `person`'s card; `seed` (default the person's) varies the background and photo."""
    seed = person.seed if seed is None else seed
    rng = random.Random(f"front:{seed}")
    height, width = round(ID1_HEIGHT * scale), round(ID1_WIDTH * scale)
    c = Canvas(guilloche(height, width, scale, np.random.default_rng([seed, 1]), "front"), scale, font_set)

    emblem(c, 95, 92, 64)
    header_x = 445
    bilingual_header(c, header_x, 520)
    c.text(header_x, 146, "CĂN CƯỚC CÔNG DÂN", 33, style="bold", color=TITLE_RED, anchor="ms", max_width=520)
    c.text(header_x, 170, "Citizen Identity Card", 17, style="bold", anchor="ms", max_width=520)
    qr_box = qr(c, person.qr_payload, 706, 18, 132)

    photo(c, (38, 196, 208, 420), rng)
    box = c.text(26, 446, "Có giá trị đến:", 14, color=LABEL_INK)
    c.text(box[2] / scale + 6, 446, person.expiry_text, 16, field="date_of_expiry", max_width=218 - box[2] / scale)
    c.text(26, 464, "Date of expiry", 13, style="italic", color=LABEL_INK)

    x = 232
    box = c.text(x, 222, "Số / No.:", 16, color=LABEL_INK)
    c.text(box[2] / scale + 12, 224, person.id_number, 30, style="bold", field="id_number")
    c.text(x, 258, "Họ và tên / Full name:", 14.5, color=LABEL_INK)
    c.text(x, 290, person.full_name.upper(), 25, style="bold", field="full_name", max_width=835 - x)
    c.label_value(
        x, 324, "Ngày sinh / Date of birth:", person.date_of_birth.strftime("%d/%m/%Y"), field="date_of_birth"
    )
    end = c.label_value(x, 354, "Giới tính / Sex:", person.sex, field="sex", right=520)
    c.label_value(max(end + 40, 520), 354, "Quốc tịch / Nationality:", person.nationality, field="nationality")
    c.text(x, 384, "Quê quán / Place of origin:", 14.5, color=LABEL_INK)
    c.text(x, 412, person.place_of_origin, 19, field="place_of_origin", max_width=840 - x)
    box = c.text(x, 446, "Nơi thường trú / Place of residence:", 14.5, color=LABEL_INK)
    start = box[2] / scale + 8
    first, second = _split_residence(c, person.place_of_residence, 840 - start, 19)
    c.text(start, 446, first, 19, field="place_of_residence", max_width=840 - start)
    c.text(x, 474, second, 19, field="place_of_residence", max_width=840 - x)
    return c.finish("front", DOCUMENT_TYPES["front"], qr_box=qr_box)


def render_back(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The back of `person`'s card: identification marks, issue date, signature, fingerprints, MRZ."""
    seed = person.seed if seed is None else seed
    rng = random.Random(f"back:{seed}")
    height, width = round(ID1_HEIGHT * scale), round(ID1_WIDTH * scale)
    c = Canvas(guilloche(height, width, scale, np.random.default_rng([seed, 2]), "back"), scale, font_set)

    chip(c, 52, 34, 120, 92)
    for x0, vi, en in ((556, "Ngón trỏ trái", "Left index finger"), (704, "Ngón trỏ phải", "Right index finger")):
        c.text(x0 + 65, 36, vi, 13, style="bold", anchor="ms", color=LABEL_INK, max_width=140)
        c.text(x0 + 65, 52, en, 11.5, style="italic", anchor="ms", color=LABEL_INK, max_width=140)
        fingerprint(c, (x0, 60, x0 + 130, 220), rng)

    c.text(30, 162, "Đặc điểm nhân dạng / Personal identification:", 14.5, color=LABEL_INK, max_width=515)
    c.text(30, 188, person.identifying_marks, 17, field="identifying_marks", max_width=515)
    c.label_value(
        30, 222, "Ngày, tháng, năm / Date, month, year:", person.date_of_issue.strftime("%d/%m/%Y"),
        field="date_of_issue", size=17, right=545,
    )  # fmt: skip
    centre = 290
    c.text(centre, 252, "CỤC TRƯỞNG CỤC CẢNH SÁT", 14.5, style="bold", anchor="ms", max_width=500)
    c.text(centre, 270, "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", 14.5, style="bold", anchor="ms", max_width=500)
    c.text(centre, 285, "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", 10.5, anchor="ms", max_width=500)
    c.text(centre, 298, "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER", 10.5, anchor="ms", max_width=500)
    signature(c, centre, 338, rng)
    signer = make_name(rng, rng.choice(("Nam", "Nữ")), 1965)
    c.text(centre, 374, signer, 15, style="bold", anchor="ms", max_width=400)

    # TD1 MRZ: 30 characters on 76.2 mm (10 per inch), lines 4.23 mm apart, on a lighter band. OCR-B's
    # advance is 0.723 em, so at this pitch its capitals are 2.54 mm tall (ICAO 9303 size I: 2.42 mm).
    p = c.px
    c.draw.rectangle((0, p(384), p(ID1_WIDTH), p(ID1_HEIGHT)), fill=(244, 245, 244))
    mrz_width = 762
    font = _ocr_b(p(mrz_width / 30 / (_ocr_b(1000).getlength("<") / 1000)))
    boxes = []
    for i, line in enumerate(person.mrz):
        xy = (p((ID1_WIDTH - mrz_width) / 2), p(430 + 42.3 * i))
        c.draw.text(xy, line, font=font, fill=INK, anchor="ls")
        x0, y0, x1, y1 = c.draw.textbbox(xy, line, font=font, anchor="ls")
        box = (int(x0), int(y0), int(x1), int(y1))
        c.lines.append(TextLine(text=line, box=box, field="mrz"))
        boxes.append(box)
    mrz_box = (min(b[0] for b in boxes), boxes[0][1], max(b[2] for b in boxes), boxes[-1][3])
    return c.finish("back", DOCUMENT_TYPES["back"], mrz_box=mrz_box)


@lru_cache(maxsize=8)
def _ocr_b(size: int) -> ImageFont.FreeTypeFont:
    if not OCR_B_FONT.exists():
        raise FileNotFoundError(f"{OCR_B_FONT} is missing: install the Debian package fonts-ocr-b (the MRZ font)")
    return ImageFont.truetype(str(OCR_B_FONT), size)


def render(
    person: Person, side: Side, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None
) -> CardImage:
    """`render_front` or `render_back`."""
    if side == "front":
        return render_front(person, scale=scale, font_set=font_set, seed=seed)
    if side == "back":
        return render_back(person, scale=scale, font_set=font_set, seed=seed)
    raise ValueError(f"side must be 'front' or 'back', got {side!r}")


def truth(person: Person) -> dict[str, str | list[str] | None]:
    """The person's values as this card shows them: the name in capitals."""
    fields = person.contract_fields()
    return {
        **fields,
        "full_name": person.full_name.upper(),
        "identifying_marks": person.identifying_marks,
        "qr_payload": person.qr_payload,
    }


SPECS = (
    SynthDocument(
        DOCUMENT_TYPES["front"],
        render_front,
        truth,
        printed_fields=ID_CARD_FRONT_FIELDS,
        qr_fields=qr_payload.FIELDS,
    ),
    SynthDocument(
        DOCUMENT_TYPES["back"],
        render_back,
        truth,
        printed_fields=("date_of_issue", "identifying_marks", "mrz"),
        mrz_fields=("id_number", "date_of_birth", "sex", "date_of_expiry"),
    ),
)
