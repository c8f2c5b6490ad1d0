"""The thẻ căn cước (Luật Căn cước 2023, issued from 01/07/2024), front and back, drawn procedurally.

Layout at 10 px/mm (856×540 px for 85.6×54 mm) times `scale`, as on the real card:

    front   emblem │ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM … CĂN CƯỚC / IDENTITY CARD      (no QR, no chip)
            photo  │ Số định danh cá nhân (12 digits under the label) · Họ, chữ đệm và tên khai sinh and the
                   │ name in capitals under it · Ngày, tháng, năm sinh · Giới tính, Quốc tịch  (no address)
    back    chip │ Nơi cư trú (up to 2 value lines)                                          │ QR
            Nơi đăng ký khai sinh and its value · Ngày, tháng, năm cấp · Ngày, tháng, năm hết hạn │ BỘ CÔNG AN
            TD1 MRZ, 3 lines (`ocr.mrz.build_td1`), the same band and font as the chip CCCD back, so one
            MRZ reader serves both

Assumption: the payload of this card's QR is not publicly confirmed; it is drawn in the chip CCCD's
7-field format (`ocr.qr_payload`, `Person.qr_payload`) with the căn cước's issue date.

Holders: `make_person` draws chip-CCCD holders (issued 2021 to 06/2024). `holder(person)` turns one into
a căn cước holder deterministically (`dataclasses.replace`): issue date between 01/07/2024 and 30/11/2026,
expiry by the căn cước age rule (`expected_expiry(kind="can_cuoc")`), same residence. The place of birth
registration (`place_of_birth_registration`) is a commune of the province coded in the ID number, from
the old (pre-2025) units of `data/units.yaml`, written like the place of origin ("Xã …, Huyện …, Tỉnh");
cards issued after the 07/2025 merger would print the new two-level names, which the generator lacks.
Images are BGR uint8, OpenCV's convention.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from ocr import qr_payload
from ocr.synth.draw import (
    ID1_HEIGHT,
    ID1_WIDTH,
    LABEL_INK,
    MRZ_FONT,
    TITLE_RED,
    Canvas,
    CardImage,
    Side,
    bilingual_header,
    chip,
    emblem,
    guilloche,
    load_font,
    photo,
    qr,
    signature,
)
from ocr.synth.persons import Person, load_units
from ocr.synth.registry import SynthDocument
from ocr.validation.dates import expected_expiry, format_date

DOCUMENT_TYPES: dict[str, str] = {"front": "can_cuoc_front", "back": "can_cuoc_back"}
FIRST_ISSUE = date(2024, 7, 1)  # Luật Căn cước 2023 takes effect
LAST_ISSUE = date(2026, 11, 30)
NO_EXPIRY_TEXT = "Không thời hạn"
__all__ = ["SPECS", "holder", "place_of_birth_registration", "render", "render_back", "render_front", "truth"]


# --- the holder ------------------------------------------------------------------------------------------


def holder(person: Person) -> Person:
    """`person` as a căn cước holder: a new issue date (07/2024–11/2026) and the căn cước expiry."""
    rng = random.Random(f"can_cuoc:{person.seed}")
    issue = FIRST_ISSUE + timedelta(days=rng.randint(0, (LAST_ISSUE - FIRST_ISSUE).days))
    expiry = expected_expiry(person.date_of_birth, issue, kind="can_cuoc")
    return replace(person, date_of_issue=issue, date_of_expiry=expiry)


def place_of_birth_registration(person: Person) -> str:
    """A commune of the province of birth registration (the ID number's first 3 digits), fixed per seed."""
    rng = random.Random(f"can_cuoc_birth:{person.seed}")
    province = load_units()[person.birth_province_code]
    district = rng.choice(province.districts)
    return f"{rng.choice(district.wards)}, {district.name}, {province.name}"


def _expiry_text(person: Person) -> str:
    return NO_EXPIRY_TEXT if person.date_of_expiry is None else format_date(person.date_of_expiry)


def truth(person: Person) -> dict[str, str | list[str] | None]:
    """The values the căn cước of `person` (a `make_person` holder) shows: name in capitals.

    No place of origin (the card has none): the place of birth registration instead.
    """
    card = holder(person)
    fields = card.contract_fields()
    fields.pop("place_of_origin", None)
    return {
        **fields,
        "full_name": card.full_name.upper(),
        "date_of_expiry": _expiry_text(card),
        "place_of_birth_registration": place_of_birth_registration(person),
        "qr_payload": card.qr_payload,
    }


# --- drawing ---------------------------------------------------------------------------------------------


def _split_address(c: Canvas, address: str, width: float, size: float) -> list[str]:
    """One line if it fits in `width`, else two cut after a comma: as many leading parts as fit on line 1."""
    if c.width(address, size) <= width:
        return [address]
    parts = address.split(", ")
    first = 1
    while first < len(parts) - 1 and c.width(", ".join(parts[: first + 1]) + ",", size) <= width:
        first += 1
    return [", ".join(parts[:first]) + ",", ", ".join(parts[first:])]


def render_front(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The front of `person`'s căn cước; `seed` (default the person's) varies the background and photo."""
    card = holder(person)
    seed = person.seed if seed is None else seed
    rng = random.Random(f"can_cuoc_front:{seed}")
    height, width = round(ID1_HEIGHT * scale), round(ID1_WIDTH * scale)
    c = Canvas(guilloche(height, width, scale, np.random.default_rng([seed, 3]), "front"), scale, font_set)

    emblem(c, 95, 92, 64)
    header_x = 500
    bilingual_header(c, header_x, 600)
    c.text(header_x, 150, "CĂN CƯỚC", 36, style="bold", color=TITLE_RED, anchor="ms", max_width=600)
    c.text(header_x, 176, "IDENTITY CARD", 18, style="bold", anchor="ms", max_width=600)

    photo(c, (38, 200, 208, 424), rng)
    x, right = 232, 840
    c.text(x, 222, "Số định danh cá nhân / Personal identification number:", 14.5, color=LABEL_INK, max_width=right - x)
    c.text(x, 258, card.id_number, 30, style="bold", field="id_number")
    c.text(x, 292, "Họ, chữ đệm và tên khai sinh / Surname, middle name and given name:", 14.5, color=LABEL_INK,
           max_width=right - x)  # fmt: skip
    c.text(x, 324, card.full_name.upper(), 25, style="bold", field="full_name", max_width=right - x)
    c.label_value(
        x, 360, "Ngày, tháng, năm sinh / Date of birth:", card.date_of_birth.strftime("%d/%m/%Y"), field="date_of_birth"
    )
    end = c.label_value(x, 394, "Giới tính / Sex:", card.sex, field="sex", right=520)
    c.label_value(max(end + 40, 520), 394, "Quốc tịch / Nationality:", card.nationality, field="nationality")
    return c.finish("front", DOCUMENT_TYPES["front"])


def render_back(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The back: chip, QR, residence, place of birth registration, issue and expiry dates, issuer, MRZ."""
    card = holder(person)
    seed = person.seed if seed is None else seed
    rng = random.Random(f"can_cuoc_back:{seed}")
    height, width = round(ID1_HEIGHT * scale), round(ID1_WIDTH * scale)
    c = Canvas(guilloche(height, width, scale, np.random.default_rng([seed, 4]), "back"), scale, font_set)

    chip(c, 40, 36, 110, 86)
    qr_box = qr(c, card.qr_payload, 706, 18, 132)

    x = 175
    c.text(x, 52, "Nơi cư trú / Place of residence:", 14.5, color=LABEL_INK, max_width=515)
    for i, line in enumerate(_split_address(c, card.place_of_residence, 690 - x, 19)):
        c.text(x, 80 + 26 * i, line, 19, field="place_of_residence", max_width=690 - x)
    c.text(40, 160, "Nơi đăng ký khai sinh / Place of birth:", 14.5, color=LABEL_INK, max_width=650)
    c.text(40, 188, place_of_birth_registration(person), 19, field="place_of_birth_registration", max_width=800)
    c.label_value(40, 226, "Ngày, tháng, năm cấp / Date of issue:", format_date(card.date_of_issue),
                  field="date_of_issue", right=560)  # fmt: skip
    c.label_value(40, 258, "Ngày, tháng, năm hết hạn / Date of expiry:", _expiry_text(card),
                  field="date_of_expiry", right=580)  # fmt: skip

    centre = 712
    c.text(centre, 226, "BỘ CÔNG AN", 16, style="bold", anchor="ms", max_width=240)
    c.text(centre, 244, "MINISTRY OF PUBLIC SECURITY", 11.5, anchor="ms", max_width=240)
    signature(c, centre + 10, 322, rng)

    # TD1 MRZ as on the chip CCCD back: 30 characters on 76.2 mm, lines 4.23 mm apart, on a plain band. The
    # band keeps the card's own pale tint: a near-white one merged with the scanner lid and made the
    # localizer cut the scanned card off at the band (11 of 12 scans).
    p = c.px
    c.draw.rectangle((0, p(384), p(ID1_WIDTH), p(ID1_HEIGHT)), fill=(231, 236, 238))
    mrz_width = 762
    size = mrz_width / 30 / (load_font(MRZ_FONT, 1000).getlength("<") / 1000)
    boxes = [
        c.text((ID1_WIDTH - mrz_width) / 2, 430 + 42.3 * i, line, size, style="mono", field="mrz")
        for i, line in enumerate(card.mrz)
    ]
    mrz_box = (min(b[0] for b in boxes), boxes[0][1], max(b[2] for b in boxes), boxes[-1][3])
    return c.finish("back", DOCUMENT_TYPES["back"], qr_box=qr_box, mrz_box=mrz_box)


def render(
    person: Person, side: Side, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None
) -> CardImage:
    """`render_front` or `render_back`."""
    if side == "front":
        return render_front(person, scale=scale, font_set=font_set, seed=seed)
    if side == "back":
        return render_back(person, scale=scale, font_set=font_set, seed=seed)
    raise ValueError(f"side must be 'front' or 'back', got {side!r}")


SPECS = (
    SynthDocument(
        DOCUMENT_TYPES["front"],
        render_front,
        truth,
        printed_fields=("id_number", "full_name", "date_of_birth", "sex", "nationality"),
    ),
    SynthDocument(
        DOCUMENT_TYPES["back"],
        render_back,
        truth,
        printed_fields=(
            "place_of_residence",
            "place_of_birth_registration",
            "date_of_issue",
            "date_of_expiry",
            "mrz",
        ),
        qr_fields=qr_payload.FIELDS,
        mrz_fields=("id_number", "date_of_birth", "sex", "date_of_expiry"),
    ),
)
