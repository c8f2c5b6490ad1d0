"""The old 9-digit CMND (giấy chứng minh nhân dân, issued until 2015), front only, drawn procedurally.

Same ID-1 size and 10 px/mm base layout as `ocr.synth.cccd_chip` (856×540 px). Layout (public photos of
the card, simplified): no national header, no English, labels without colons, values typed over dotted
leaders (drawn as dots, not text):

    emblem │ GIẤY CHỨNG MINH NHÂN DÂN
           │ Số 123456789 (large, red)
    photo  │ Họ tên NAME · second name line (the rest of a long name, else dots only)
           │ Sinh ngày dd-mm-yyyy (dashes, as typed on many CMNDs)
           │ Nguyên quán … (up to 2 lines) · Nơi ĐKHK thường trú … (up to 2 lines)

The number is the person's `old_id_number` when it has 9 digits, else one derived from the seed. Assumption
(no public table was checked): the first two digits are a pre-2016 province prefix; 01 Hà Nội, 02 TP. Hồ
Chí Minh and 03 Hải Phòng are kept, other provinces get a prefix in 04–38 picked from their code.
Card dates (`dataclasses.replace`, deterministic per seed): issued from the 14th birthday, no later than
2015; a holder too young for that is made 15 years older (a 9-digit number carries no birth year).
"""

from __future__ import annotations

import random
import zlib
from dataclasses import replace
from datetime import date

import numpy as np

from ocr.synth.draw import ID1_HEIGHT, ID1_WIDTH, LABEL_INK, Canvas, CardImage, emblem, guilloche, photo
from ocr.synth.persons import CARD_AGE, CMND_LAST_YEAR, Person
from ocr.synth.registry import SynthDocument
from ocr.validation.dates import anniversary, format_date

DOCUMENT_TYPE = "cmnd_front"
FIRST_ISSUE = date(1999, 1, 1)  # the 9-digit model of Nghị định 05/1999
LAST_ISSUE = date(CMND_LAST_YEAR, 12, 31)
NUMBER_RED = (196, 28, 36)
KNOWN_PREFIXES = {"001": "01", "079": "02", "031": "03"}
RIGHT = 836  # right end of the dotted lines


def cmnd_number(person: Person) -> str:
    """The 9-digit CMND number of `person`: `old_id_number` when it has 9 digits, else derived."""
    if person.old_id_number and len(person.old_id_number) == 9 and person.old_id_number.isdigit():
        return person.old_id_number
    code = person.birth_province_code
    prefix = KNOWN_PREFIXES.get(code) or f"{4 + zlib.crc32(code.encode()) % 35:02d}"
    rng = random.Random(f"cmnd:{person.seed}")
    return f"{prefix}{rng.randrange(10_000_000):07d}"


def card_person(person: Person) -> Person:
    """`person` as a CMND holder: 9-digit number, issue date 1999–2015 from age 14, older if needed."""
    rng = random.Random(f"cmnd-dates:{person.seed}")
    dob = person.date_of_birth
    if anniversary(dob, CARD_AGE) > LAST_ISSUE:
        dob = anniversary(dob, -15)
    first = max(FIRST_ISSUE, anniversary(dob, CARD_AGE))
    issue = date.fromordinal(rng.randint(first.toordinal(), LAST_ISSUE.toordinal()))
    return replace(
        person,
        id_number=cmnd_number(person),
        old_id_number=None,
        date_of_birth=dob,
        date_of_issue=issue,
        date_of_expiry=anniversary(issue, 15),  # valid 15 years; printed on the back, not drawn here
    )


def _dots(c: Canvas, x0: float, x1: float, y: float) -> None:
    """A dotted leader on baseline `y`, as printed under every value."""
    p = c.px
    radius = max(1, p(0.8))
    x = x0
    while x < x1:
        c.draw.ellipse((p(x) - radius, p(y) - radius, p(x) + radius, p(y) + radius), fill=(125, 130, 150))
        x += 7


def _fit(c: Canvas, text: str, width: float, size: float, sep: str) -> tuple[str, str]:
    """Leading `sep`-separated parts of `text` that fit `width` (at least one), and the rest."""
    if c.width(text, size) <= width:
        return text, ""
    parts = text.split(sep)
    first = 1
    while first < len(parts) - 1 and c.width(sep.join(parts[: first + 1]), size) <= width:
        first += 1
    head = sep.join(parts[:first])
    return (head + sep.rstrip(), sep.join(parts[first:])) if sep.strip() else (head, sep.join(parts[first:]))


def _field(
    c: Canvas,
    x: float,
    y: float,
    label: str,
    value: str,
    field: str,
    *,
    gap: float,
    size: float = 20,
    bold: bool = False,
) -> None:
    """ "Label value" on a dotted line, the rest of the value on a second dotted line under it."""
    box = c.text(x, y, label, 16, color=LABEL_INK)
    start = box[2] / c.scale + 10
    _dots(c, start, RIGHT, y + 6)
    if gap:
        _dots(c, x, RIGHT, y + gap + 6)
    first, second = _fit(c, value, RIGHT - start, size, ", " if "," in value else " ")
    style = "bold" if bold else "regular"
    c.text(start + 6, y, first, size, style=style, field=field, max_width=RIGHT - start - 6)
    if second:
        c.text(x + 6, y + gap, second, size, style=style, field=field, max_width=RIGHT - x - 6)


def render_front(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The front of `person`'s CMND; `seed` (default the person's) varies the background and photo."""
    holder = card_person(person)
    seed = person.seed if seed is None else seed
    rng = random.Random(f"cmnd-front:{seed}")
    height, width = round(ID1_HEIGHT * scale), round(ID1_WIDTH * scale)
    c = Canvas(guilloche(height, width, scale, np.random.default_rng([seed, 5]), "back"), scale, font_set)

    emblem(c, 122, 112, 80)
    photo(c, (42, 250, 202, 470), rng)
    c.text(540, 66, "GIẤY CHỨNG MINH NHÂN DÂN", 30, style="bold", anchor="ms", max_width=580)
    x = 250
    box = c.text(x + 60, 132, "Số", 22, style="bold", color=NUMBER_RED)
    c.text(box[2] / scale + 18, 134, holder.id_number, 38, style="bold", color=NUMBER_RED, field="id_number")

    _field(c, x, 186, "Họ tên", holder.full_name.upper(), "full_name", gap=40, size=22, bold=True)
    _field(c, x, 270, "Sinh ngày", holder.date_of_birth.strftime("%d-%m-%Y"), "date_of_birth", gap=0)
    _field(c, x, 314, "Nguyên quán", holder.place_of_origin, "place_of_origin", gap=38)
    _field(c, x, 398, "Nơi ĐKHK thường trú", holder.place_of_residence, "place_of_residence", gap=38)
    return c.finish("front", DOCUMENT_TYPE)


def truth(person: Person) -> dict[str, str | None]:
    """What the CMND says about `person`: the 9-digit number, the name in capitals, its own dates."""
    holder = card_person(person)
    return {
        "id_number": holder.id_number,
        "full_name": holder.full_name.upper(),
        "date_of_birth": format_date(holder.date_of_birth),
        "sex": holder.sex,
        "nationality": holder.nationality,
        "place_of_origin": holder.place_of_origin,
        "place_of_residence": holder.place_of_residence,
        "date_of_issue": format_date(holder.date_of_issue),
    }


SPECS = (
    SynthDocument(
        DOCUMENT_TYPE,
        render_front,
        truth,
        printed_fields=("id_number", "full_name", "date_of_birth", "place_of_origin", "place_of_residence"),
    ),
)
