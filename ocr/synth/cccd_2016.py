"""The CCCD with barcode (căn cước công dân mã vạch, issued 2016–2021), front and back, drawn procedurally.

12-digit number, no chip, no MRZ, no QR; a 1D barcode on the back. Same ID-1 size and 10 px/mm base layout
as `ocr.synth.cccd_chip` (856×540 px). Layout choices (public photos of the card, simplified):

    front   emblem │ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM · Độc lập - Tự do - Hạnh phúc
                   │ CĂN CƯỚC CÔNG DÂN (red) · Citizen Identity Card (small, the only English)
            photo  │ Số: <12 digits in red> · Họ và tên: NAME (same line) · Ngày, tháng, năm sinh:
                   │ Giới tính: … Quốc tịch: … · Quê quán: (1–2 lines) · Nơi thường trú: (1–2 lines)
            Có giá trị đến: dd/mm/yyyy (under the photo)
    back    two fingerprints "Ngón trỏ trái", "Ngón trỏ phải" (left) │ Code 128 barcode (top right)
            │ Đặc điểm nhân dạng: · Ngày 15 tháng 03 năm 2018 · CỤC TRƯỞNG CỤC CẢNH SÁT
            │ ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ · stamp and signature · signer

Labels are Vietnamese only ("Số:", "Họ và tên:", "Ngày, tháng, năm sinh:"…), never the chip card's
"Vietnamese / English" pairs, so the two fronts are told apart by their labels, and there is no QR at the
top right. Assumption: the barcode is Code 128 (set C) of the 12-digit number (`ocr.barcode`), 0.3 mm
modules, without human-readable digits.

Card dates come from the person (`dataclasses.replace`, deterministic per seed): issue in 2016–2020, from
the holder's 14th birthday; expiry by `ocr.validation.dates.expected_expiry`. A holder too young for such a
card (14 after 2020) is made 7 years older, and the ID number's century/sex digit and year follow.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import numpy as np

from ocr.barcode import code128_modules
from ocr.synth.draw import (
    ID1_HEIGHT,
    ID1_WIDTH,
    INK,
    LABEL_INK,
    TITLE_RED,
    Box,
    Canvas,
    CardImage,
    emblem,
    fingerprint,
    guilloche,
    national_motto,
    photo,
    signature,
)
from ocr.synth.persons import CARD_AGE, Person, make_name
from ocr.synth.registry import ID_CARD_FRONT_FIELDS, SynthDocument
from ocr.validation.dates import anniversary, expected_expiry
from ocr.validation.id_number import century_sex_digit

DOCUMENT_TYPES: dict[str, str] = {"front": "cccd_2016_front", "back": "cccd_2016_back"}
FIRST_ISSUE = date(2016, 1, 1)
LAST_ISSUE = date(2020, 12, 31)
MODULE = 3.0  # barcode module width in base px (0.3 mm)
ID_RED = (200, 30, 36)


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def card_person(person: Person) -> Person:
    """`person` as holder of a 2016 card: issue date 2016–2020, expiry by age, birth moved back if too young."""
    rng = random.Random(f"cccd_2016:{person.seed}")
    dob = person.date_of_birth
    id_number = person.id_number
    if anniversary(dob, CARD_AGE) > LAST_ISSUE:
        dob = anniversary(dob, -7)
        id_number = f"{id_number[:3]}{century_sex_digit(dob.year, person.sex)}{dob.year % 100:02d}{id_number[6:]}"
    issue = _random_day(rng, max(FIRST_ISSUE, anniversary(dob, CARD_AGE)), LAST_ISSUE)
    return replace(
        person,
        date_of_birth=dob,
        id_number=id_number,
        date_of_issue=issue,
        date_of_expiry=expected_expiry(dob, issue, kind="cccd"),
    )


def _split_at_comma(c: Canvas, text: str, first_width: float, size: float) -> tuple[str, str]:
    """Whole text when it fits `first_width`, else as many leading comma parts as fit (at least one)."""
    if c.width(text, size) <= first_width:
        return text, ""
    parts = text.split(", ")
    first = 1
    while first < len(parts) - 1 and c.width(", ".join(parts[: first + 1]) + ",", size) <= first_width:
        first += 1
    return ", ".join(parts[:first]) + ",", ", ".join(parts[first:])


def _two_lines(c: Canvas, x: float, y: float, label: str, value: str, field: str, gap: float) -> None:
    """ "Label: value" continuing on a second line under the label when it does not fit."""
    box = c.text(x, y, label, 14.5, color=LABEL_INK)
    start = box[2] / c.scale + 8
    first, second = _split_at_comma(c, value, 840 - start, 19)
    c.text(start, y, first, 19, field=field, max_width=840 - start)
    if second:
        c.text(x, y + gap, second, 19, field=field, max_width=840 - x)


def render_front(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The front of `person`'s 2016 card; `seed` (default the person's) varies the background and photo."""
    holder = card_person(person)
    seed = person.seed if seed is None else seed
    rng = random.Random(f"front2016:{seed}")
    height, width = round(ID1_HEIGHT * scale), round(ID1_WIDTH * scale)
    c = Canvas(guilloche(height, width, scale, np.random.default_rng([seed, 3]), "front"), scale, font_set)

    emblem(c, 110, 98, 66)
    header_x = 520
    national_motto(c, header_x, 600, baselines=(44, 72), sizes=(21, 19))  # larger than 2021's, and no English
    c.text(header_x, 130, "CĂN CƯỚC CÔNG DÂN", 36, style="bold", color=TITLE_RED, anchor="ms", max_width=600)
    c.text(header_x, 156, "Citizen Identity Card", 14, style="italic", anchor="ms", max_width=600)

    photo(c, (40, 196, 210, 420), rng)
    box = c.text(24, 452, "Có giá trị đến:", 14, color=LABEL_INK)
    c.text(box[2] / scale + 6, 452, holder.expiry_text, 16, field="date_of_expiry", max_width=222 - box[2] / scale)

    x = 240
    box = c.text(x, 206, "Số:", 17, style="bold", color=LABEL_INK)
    c.text(box[2] / scale + 14, 208, holder.id_number, 31, style="bold", color=ID_RED, field="id_number")
    box = c.text(x, 246, "Họ và tên:", 14.5, color=LABEL_INK)
    start = box[2] / scale + 10
    c.text(start, 247, holder.full_name.upper(), 23, style="bold", field="full_name", max_width=840 - start)
    c.label_value(x, 282, "Ngày, tháng, năm sinh:", holder.date_of_birth.strftime("%d/%m/%Y"), field="date_of_birth")
    end = c.label_value(x, 314, "Giới tính:", holder.sex, field="sex", right=480)
    c.label_value(max(end + 60, 480), 314, "Quốc tịch:", holder.nationality, field="nationality")
    _two_lines(c, x, 348, "Quê quán:", holder.place_of_origin, "place_of_origin", 28)
    _two_lines(c, x, 412, "Nơi thường trú:", holder.place_of_residence, "place_of_residence", 28)
    return c.finish("front", DOCUMENT_TYPES["front"])


def barcode(c: Canvas, digits: str, x0: float, y0: float, height: float) -> Box:
    """Code 128 of `digits` at `MODULE` base px per module, quiet zones included, on white."""
    modules = code128_modules(digits)
    p = c.px
    width = len(modules) * MODULE
    c.draw.rectangle((p(x0), p(y0), p(x0 + width), p(y0 + height)), fill=(255, 255, 255))
    for i, bar in enumerate(modules):
        if bar:
            # Edges rounded per module, so every bar and space keeps a whole number of pixels ± 1.
            c.draw.rectangle((p(x0 + i * MODULE), p(y0), p(x0 + (i + 1) * MODULE) - 1, p(y0 + height)), fill=INK)
    return (p(x0), p(y0), p(x0 + width), p(y0 + height))


def issue_text(value: date) -> str:
    """ "Ngày 05 tháng 03 năm 2018", as the back prints the issue date."""
    return f"Ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def render_back(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The back: fingerprints, barcode, identification marks, issue date, issuing officer."""
    holder = card_person(person)
    seed = person.seed if seed is None else seed
    rng = random.Random(f"back2016:{seed}")
    height, width = round(ID1_HEIGHT * scale), round(ID1_WIDTH * scale)
    c = Canvas(guilloche(height, width, scale, np.random.default_rng([seed, 4]), "back"), scale, font_set)

    for x0, label in ((28, "Ngón trỏ trái"), (200, "Ngón trỏ phải")):
        c.text(x0 + 80, 62, label, 14, style="bold", anchor="ms", color=LABEL_INK, max_width=160)
        fingerprint(c, (x0, 76, x0 + 160, 330), rng)

    # The barcode box is where the code sits; the benchmark reads it like a QR box.
    code_box = barcode(c, holder.id_number, 440, 34, 70)

    x = 400
    c.text(x, 160, "Đặc điểm nhân dạng:", 14.5, color=LABEL_INK)
    c.text(x, 190, holder.identifying_marks, 16, field="identifying_marks", max_width=840 - x)
    centre = 620
    c.text(centre, 242, issue_text(holder.date_of_issue), 17, style="italic", anchor="ms", field="date_of_issue")
    c.text(centre, 276, "CỤC TRƯỞNG CỤC CẢNH SÁT", 15, style="bold", anchor="ms", max_width=440)
    c.text(centre, 298, "ĐKQL CƯ TRÚ VÀ DLQG VỀ DÂN CƯ", 15, style="bold", anchor="ms", max_width=440)
    signature(c, centre, 370, rng)
    signer = make_name(rng, rng.choice(("Nam", "Nữ")), 1960)
    c.text(centre, 440, signer, 15, style="bold", anchor="ms", max_width=400)
    return c.finish("back", DOCUMENT_TYPES["back"], qr_box=code_box)


def truth(person: Person) -> dict[str, str | None]:
    """What the 2016 card shows for `person` (card dates from `card_person`), the name in capitals."""
    holder = card_person(person)
    fields = holder.contract_fields()
    fields.pop("mrz")  # no MRZ on this card
    return {**fields, "full_name": holder.full_name.upper(), "identifying_marks": holder.identifying_marks}


SPECS = (
    SynthDocument(
        DOCUMENT_TYPES["front"],
        render_front,
        truth,
        printed_fields=ID_CARD_FRONT_FIELDS,
    ),
    SynthDocument(
        DOCUMENT_TYPES["back"],
        render_back,
        truth,
        printed_fields=("date_of_issue", "identifying_marks"),
        qr_fields=("id_number",),
        extra={"code": "code128"},
    ),
)
