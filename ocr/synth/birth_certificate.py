"""The birth certificate (giấy khai sinh), an A4 portrait page, in two variants, drawn procedurally.

    ban_chinh   GIẤY KHAI SINH, the original (form of Thông tư 04/2020/TT-BTP): cream paper, a red double frame
    trich_luc   TRÍCH LỤC KHAI SINH (BẢN SAO), a copy extracted from the register: plain white paper, plus a
                "<place>, ngày … tháng … năm …" line for the date of the copy above the signer

Layout at 10 px/mm (2100×2970 px for 210×297 mm) times `scale`, top to bottom:

    ỦY BAN NHÂN DÂN / XÃ … (issuing authority), Số, Quyển số │ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập …
    title
    child: Họ, chữ đệm, tên · Ngày, tháng, năm sinh … ghi bằng chữ (wraps onto a second line) ·
           Giới tính · Dân tộc · Quốc tịch · Nơi sinh · Quê quán · Số định danh cá nhân
    mother: Họ, chữ đệm, tên người mẹ · Năm sinh · Dân tộc · Quốc tịch · Nơi cư trú
    father: the same with "người cha"
    Họ, chữ đệm, tên người đi khai sinh · Giấy tờ tùy thân (a parent's 12-digit number: a second ID on the page)
    Nơi đăng ký khai sinh · Ngày, tháng, năm đăng ký
    signer title (NGƯỜI KÝ GIẤY KHAI SINH; CHỦ TỊCH or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH), red stamp, signature, name

Values are printed over dotted leader lines that run from the label to the next label or the margin, as
on the real form. Long values (the date in words, addresses) wrap onto a dotted continuation line. Every
name (child, parents, declarant) is printed in capitals. The stamp is two rings and a star without text,
blended over the signature, so a detector only finds real text.

Data: the child is `make_person(seed)`; parents, ethnicity, place of birth, registration number, book
and dates come from a `random.Random` seeded by the person's seed, so `truth(person)` needs no image.
Registration is in the child's ID-number province (the code of the place of birth registration); the
parents' numbers follow `ocr.validation.id_number` too. The child usually takes the father's surname.

Scales (`SCALE_BY_CAPTURE`, 10 px/mm × scale): scan 150 dpi (scale 150/254, 1240×1754 px; the scan adds a
4 % margin): the 11 pt body text has an x-height of ≈ 12 px, which Tesseract reads after its upscaling of
each line to 48 px, and the detector works at ≤ 960 px anyway (`ocr.detect.DetectorConfig.limit_side_len`),
so 200 dpi would only add decode, dot-cleaning and crop time. Photo 1.0 (a 2100×2970 px page): `capture.photo`
frames every document in a 4:3 landscape picture 1.5 × its width (3150×2363 px here), where a portrait page
is limited by the frame height and ends up ≈ 2100 px tall, the 2000–2500 px of a phone picture; the frame
is 7.4 MP, like a downscaled phone photo. "none" renders at 150 dpi like the scan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw

from ocr.documents.birth_certificate import FIELDS, date_in_words
from ocr.synth.draw import INK, LABEL_INK, Canvas, CardImage, Style, _star
from ocr.synth.persons import NATIONALITY, Person, Province, load_names, load_units, make_name
from ocr.synth.registry import SynthDocument
from ocr.validation.dates import format_date
from ocr.validation.id_number import FEMALE, MALE, century_sex_digit

DOCUMENT_TYPE = "birth_certificate"
Variant = Literal["ban_chinh", "trich_luc"]
VARIANTS: tuple[Variant, ...] = ("ban_chinh", "trich_luc")
BASE_WIDTH, BASE_HEIGHT = 2100, 2970  # A4 at 10 px/mm: every layout number below is in these pixels
# Photo: the page drawn 1680 × 2376 px in a 2673 × 3564 portrait frame (a 9.5 MP phone photo sent as a file),
# covering 1340–2850 px of the frame height. At 0.6 (a 2004 × 2673 frame, what a chat app's downscaling leaves)
# 70 % of fields read exactly on 5 tuning pages: pages are worth sending in full resolution.
SCALE_BY_CAPTURE = {"none": 150 / 254, "scan": 150 / 254, "photo": 0.8}

# Ethnic groups by rough share of births; Kinh dominates.
ETHNICITIES = (("Kinh", 850), ("Tày", 20), ("Thái", 20), ("Mường", 15), ("Khmer", 15), ("Hoa", 10), ("Nùng", 10))
ETHNICITIES += (("H'Mông", 15), ("Dao", 10), ("Gia Rai", 5), ("Ê Đê", 5), ("Ba Na", 3))
SIGNER_TITLES: dict[Variant, tuple[tuple[str, ...], ...]] = {
    "ban_chinh": (("CHỦ TỊCH",), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    "trich_luc": (("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), ("TL. CHỦ TỊCH", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH")),
}
PAPER = {"ban_chinh": (250, 246, 236), "trich_luc": (252, 252, 250)}
FRAME_RED = (196, 80, 72)
STAMP_RED = (222, 40, 48)
DOT_INK = (95, 95, 105)


@dataclass(frozen=True)
class Parent:
    full_name: str  # capitals, as printed
    sex: str
    year_of_birth: int
    ethnicity: str
    nationality: str
    residence: str
    id_number: str


@dataclass(frozen=True)
class Certificate:
    """Everything printed on one certificate (strings as printed, NFC)."""

    variant: Variant
    child: Person
    child_full_name: str  # capitals
    child_ethnicity: str
    place_of_birth: str
    mother: Parent
    father: Parent
    declarant: Parent
    authority_unit: str  # "XÃ TÂN TIẾN", the second header line
    registration_place: str  # "Ủy ban nhân dân Xã Tân Tiến, Huyện An Lão, Hải Phòng"
    registration_number: str
    registration_book: str
    registration_date: date
    copy_place: str  # trich_luc: "Tân Tiến", where the copy was dated
    copy_date: date  # trich_luc: when the copy was made; equals registration_date for ban_chinh
    signer_title: tuple[str, ...]

    @property
    def issuing_authority(self) -> str:
        return f"ỦY BAN NHÂN DÂN {self.authority_unit}"


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _id_number(rng: random.Random, province_code: str, year: int, sex: str) -> str:
    return f"{province_code}{century_sex_digit(year, sex)}{year % 100:02d}{rng.randrange(1_000_000):06d}"


def _address(rng: random.Random, province: Province) -> str:
    """A residence in `province`: hamlet or street part, ward, district, province (as on ID cards)."""
    names = load_names()
    district = rng.choice(province.districts)
    ward = rng.choice(district.wards)
    if ward.startswith("Phường"):
        street = rng.choice(names.streets)
        first = rng.choice([f"Số {rng.randint(1, 250)} {street}", f"Tổ {rng.randint(1, 40)}"])
    elif province.south:
        first = f"Ấp {rng.choice(names.hamlets)}"
    else:
        first = rng.choice([f"Thôn {rng.choice(names.hamlets)}", f"Xóm {rng.randint(1, 15)}"])
    return f"{first}, {ward}, {district.name}, {province.name}"


def _parent_name(rng: random.Random, sex: str, year: int, surname: str | None) -> str:
    """A name of 2–4 syllables (a 5-syllable double surname would clash with the child's), surname forced."""
    while True:
        parts = make_name(rng, sex, year).split()
        if len(parts) <= 4:
            break
    if surname is not None:
        parts[0] = surname
    return " ".join(parts).upper()


def _short_unit(ward: str) -> str:
    """ "Xã Tân Tiến" → "Tân Tiến" (the place name in "Tân Tiến, ngày …")."""
    for kind in ("Thị trấn ", "Phường ", "Xã "):
        if ward.startswith(kind):
            return ward[len(kind) :]
    return ward


def make_certificate(person: Person) -> Certificate:
    """The certificate of `person` (the child); deterministic in the person's seed."""
    rng = random.Random(f"birth_certificate:{person.seed}")
    units = load_units()
    variant: Variant = "ban_chinh" if rng.random() < 0.5 else "trich_luc"
    birth = person.date_of_birth

    mother_year = birth.year - rng.randint(18, 40)
    father_year = min(birth.year - 18, mother_year + rng.randint(-4, 8))
    child_surname = person.full_name.split()[0]
    takes_father = rng.random() < 0.9
    father_name = _parent_name(rng, MALE, father_year, child_surname if takes_father else None)
    mother_name = _parent_name(rng, FEMALE, mother_year, None if takes_father else child_surname)

    home = units[person.birth_province_code]
    residence = _address(rng, home)
    mother_residence = residence if rng.random() < 0.9 else _address(rng, home)
    father_eth = _weighted(rng, ETHNICITIES)
    mother_eth = father_eth if rng.random() < 0.85 else _weighted(rng, ETHNICITIES)
    child_eth = father_eth if rng.random() < 0.8 else mother_eth
    codes = sorted(units)
    father = Parent(
        father_name, MALE, father_year, father_eth, NATIONALITY, residence,
        _id_number(rng, rng.choice(codes) if rng.random() < 0.3 else home.code, father_year, MALE),
    )  # fmt: skip
    mother = Parent(
        mother_name, FEMALE, mother_year, mother_eth, NATIONALITY, mother_residence,
        _id_number(rng, rng.choice(codes) if rng.random() < 0.3 else home.code, mother_year, FEMALE),
    )  # fmt: skip

    district = rng.choice(home.districts)
    ward = rng.choice(district.wards)
    kind = rng.random()
    if kind < 0.35:
        place_of_birth = f"Trạm Y tế {ward}, {district.name}, {home.name}"
    elif kind < 0.6:
        place_of_birth = f"Bệnh viện Đa khoa {district.name}, {home.name}"
    elif kind < 0.8:
        place_of_birth = f"Bệnh viện Phụ sản {home.name}"
    else:
        place_of_birth = f"{ward}, {district.name}, {home.name}"

    # On time (within 60 days), or a re-registration ("đăng ký lại") decades later.
    if rng.random() < 0.8:
        registered = birth + timedelta(days=rng.randint(1, 60))
    else:
        registered = date(rng.randint(max(2016, birth.year + 1), 2025), rng.randint(1, 12), rng.randint(1, 28))
    copied = registered
    if variant == "trich_luc":
        copied = date(rng.randint(max(2016, registered.year), 2025), rng.randint(1, 12), rng.randint(1, 28))
        copied = max(copied, registered)
    return Certificate(
        variant=variant,
        child=person,
        child_full_name=person.full_name.upper(),
        child_ethnicity=child_eth,
        place_of_birth=place_of_birth,
        mother=mother,
        father=father,
        declarant=father if rng.random() < 0.6 else mother,
        authority_unit=ward.upper(),
        registration_place=f"Ủy ban nhân dân {ward}, {district.name}, {home.name}",
        registration_number=str(rng.randint(1, 450)),
        registration_book=f"{rng.randint(1, 3):02d}/{registered.year}",
        registration_date=registered,
        copy_place=_short_unit(ward),
        copy_date=copied,
        signer_title=rng.choice(SIGNER_TITLES[variant]),
    )


# --- drawing -----------------------------------------------------------------------------------------------

LEFT, RIGHT = 190, 1910  # body margins
BODY = 39  # body text size: 3.9 mm em ≈ 11 pt


def _dots(c: Canvas, x0: float, x1: float, y: float) -> None:
    """A dotted leader on baseline y from x0 to x1, as the printed form has under every value."""
    p, r = c.px, max(0.6, 1.9 * c.scale)
    x = x0
    while x <= x1:
        cx, cy = p(x), p(y)
        c.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=DOT_INK)
        x += 11


def _field(
    c: Canvas,
    x: float,
    y: float,
    label: str,
    value: str,
    end: float,
    *,
    field: str | None,
    style: Style = "regular",
    wrap_y: float | None = None,
) -> bool:
    """Label, dotted leader up to `end`, value on the dots; returns True when it wrapped onto `wrap_y`."""
    box = c.text(x, y, label, BODY, color=LABEL_INK)
    start = box[2] / c.scale + 10
    _dots(c, start - 4, end, y)
    first, rest = value, ""
    if wrap_y is not None and c.width(value, BODY, style) > end - start:
        words = value.split(" ")
        cut = len(words) - 1
        while cut > 1 and c.width(" ".join(words[:cut]), BODY, style) > end - start:
            cut -= 1
        first, rest = " ".join(words[:cut]), " ".join(words[cut:])
    c.text(start, y, first, BODY, style=style, field=field, max_width=end - start)
    if rest:
        _dots(c, LEFT, RIGHT, wrap_y)
        c.text(LEFT + 10, wrap_y, rest, BODY, style=style, field=field, max_width=RIGHT - LEFT - 10)
    return bool(rest)


def _background(variant: Variant, height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Paper: a flat tint with a faint large-scale mottle (fibres are invisible at these resolutions)."""
    tone = np.array(PAPER[variant], np.float32)
    small = rng.uniform(-2.5, 2.5, (12, 9)).astype(np.float32)
    mottle = np.array(Image.fromarray(small).resize((width, height), Image.Resampling.BICUBIC))
    return np.clip(tone + mottle[..., None], 0, 255).astype(np.uint8)


def _frame(c: Canvas) -> None:
    p = c.px
    for inset, width in ((70, 9), (95, 3)):
        box = (p(inset), p(inset), p(BASE_WIDTH - inset), p(BASE_HEIGHT - inset))
        c.draw.rectangle(box, outline=FRAME_RED, width=max(1, p(width)))


def _stamp(c: Canvas, cx: float, cy: float, radius: float) -> None:
    """The round red seal, without text, blended (ink over ink) so what lies beneath stays visible."""
    p = c.px
    mask = Image.new("L", c.image.size, 0)
    draw = ImageDraw.Draw(mask)
    for r, w in ((radius, 9), (radius * 0.7, 4)):
        draw.ellipse((p(cx - r), p(cy - r), p(cx + r), p(cy + r)), outline=200, width=max(1, p(w)))
    draw.polygon([(p(x), p(y)) for x, y in _star(cx, cy, radius * 0.32, radius * 0.13)], fill=200)
    c.image.paste(Image.new("RGB", c.image.size, STAMP_RED), (0, 0), mask)


def _signature(c: Canvas, x: float, y: float, rng: random.Random) -> None:
    points = []
    wobble = [rng.uniform(-0.4, 0.4) for _ in range(3)]
    for i in range(60):
        t = i / 59
        points.append((x - 160 + t * 320, y + 28 * np.sin(t * 10 + wobble[0]) * (1 - t * 0.6) - t * 25 + 8 * wobble[1]))
    c.draw.line([(c.px(a), c.px(b)) for a, b in points], fill=(30, 40, 120), width=max(1, c.px(5)), joint="curve")


def _parent_rows(c: Canvas, y: float, step: float, parent: Parent, who: str, key: str) -> float:
    label = f"Họ, chữ đệm, tên người {who}:"
    _field(c, LEFT, y, label, parent.full_name, RIGHT, field=f"{key}_full_name")
    y += step
    _field(c, LEFT, y, "Năm sinh:", str(parent.year_of_birth), 690, field=f"{key}_year_of_birth")
    _field(c, 720, y, "Dân tộc:", parent.ethnicity, 1260, field=f"{key}_ethnicity")
    _field(c, 1290, y, "Quốc tịch:", parent.nationality, RIGHT, field=f"{key}_nationality")
    y += step
    wrapped = _field(c, LEFT, y, "Nơi cư trú:", parent.residence, RIGHT, field=f"{key}_residence", wrap_y=y + step)
    return y + step * (2 if wrapped else 1)


def render_certificate(
    cert: Certificate, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None
) -> CardImage:
    """Draw `cert`; `seed` (default the child's) varies only the paper, stamp and signature."""
    seed = cert.child.seed if seed is None else seed
    rng = random.Random(f"birth_certificate_draw:{seed}")
    height, width = round(BASE_HEIGHT * scale), round(BASE_WIDTH * scale)
    background = _background(cert.variant, height, width, np.random.default_rng([seed, 3]))
    c = Canvas(background, scale, font_set)
    if cert.variant == "ban_chinh":
        _frame(c)

    # Header: authority block on the left, national motto on the right, each centred on its column.
    left_c, right_c = 520, 1390
    c.text(left_c, 250, "ỦY BAN NHÂN DÂN", 36, anchor="ms", field="issuing_authority", max_width=640)
    c.text(left_c, 300, cert.authority_unit, 36, style="bold", anchor="ms", field="issuing_authority", max_width=640)
    c.draw.line((c.px(left_c - 110), c.px(318), c.px(left_c + 110), c.px(318)), fill=INK, width=max(1, c.px(3)))
    c.text(right_c, 250, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 35, style="bold", anchor="ms", max_width=960)
    c.text(right_c, 300, "Độc lập - Tự do - Hạnh phúc", 37, style="bold", anchor="ms", max_width=900)
    c.draw.line((c.px(right_c - 270), c.px(318), c.px(right_c + 270), c.px(318)), fill=INK, width=max(1, c.px(3)))
    _field(c, 220, 400, "Số:", cert.registration_number, 700, field="registration_number")
    _field(c, 220, 460, "Quyển số:", cert.registration_book, 700, field="registration_book")

    if cert.variant == "ban_chinh":
        c.text(BASE_WIDTH / 2, 610, "GIẤY KHAI SINH", 66, style="bold", anchor="ms")
        y = 740
    else:
        c.text(BASE_WIDTH / 2, 600, "TRÍCH LỤC KHAI SINH", 62, style="bold", anchor="ms")
        c.text(BASE_WIDTH / 2, 660, "(BẢN SAO)", 38, style="bold", anchor="ms")
        y = 780

    step = 74
    child = cert.child
    _field(c, LEFT, y, "Họ, chữ đệm, tên:", cert.child_full_name, RIGHT, field="child_full_name", style="bold")
    y += step
    _field(c, LEFT, y, "Ngày, tháng, năm sinh:", format_date(child.date_of_birth), 870, field="child_date_of_birth")
    words = date_in_words(child.date_of_birth)
    wrapped = _field(c, 890, y, "ghi bằng chữ:", words, RIGHT, field="child_date_of_birth_in_words", wrap_y=y + step)
    y += step * (2 if wrapped else 1)
    _field(c, LEFT, y, "Giới tính:", child.sex, 690, field="child_sex")
    _field(c, 720, y, "Dân tộc:", cert.child_ethnicity, 1260, field="child_ethnicity")
    _field(c, 1290, y, "Quốc tịch:", child.nationality, RIGHT, field="child_nationality")
    y += step
    wrapped = _field(c, LEFT, y, "Nơi sinh:", cert.place_of_birth, RIGHT, field="place_of_birth", wrap_y=y + step)
    y += step * (2 if wrapped else 1)
    wrapped = _field(c, LEFT, y, "Quê quán:", child.place_of_origin, RIGHT, field="child_hometown", wrap_y=y + step)
    y += step * (2 if wrapped else 1)
    _field(c, LEFT, y, "Số định danh cá nhân:", child.id_number, 1200, field="child_id_number")
    y += step + 20

    y = _parent_rows(c, y, step, cert.mother, "mẹ", "mother") + 20
    y = _parent_rows(c, y, step, cert.father, "cha", "father") + 20

    _field(c, LEFT, y, "Họ, chữ đệm, tên người đi khai sinh:", cert.declarant.full_name, RIGHT, field=None)
    y += step
    _field(c, LEFT, y, "Giấy tờ tùy thân:", f"Căn cước công dân số {cert.declarant.id_number}", RIGHT, field=None)
    y += step
    wrapped = _field(c, LEFT, y, "Nơi đăng ký khai sinh:", cert.registration_place, RIGHT, field=None, wrap_y=y + step)
    y += step * (2 if wrapped else 1)
    registered = format_date(cert.registration_date)
    _field(c, LEFT, y, "Ngày, tháng, năm đăng ký:", registered, 1200, field="registration_date")
    y += step + 40

    centre = 1420
    if cert.variant == "trich_luc":
        d = cert.copy_date
        line = f"{cert.copy_place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
        c.text(centre, y, line, 34, style="italic", anchor="ms", max_width=900)
        y += 60
    else:
        c.text(centre, y, "NGƯỜI KÝ GIẤY KHAI SINH", 35, style="bold", anchor="ms", max_width=900)
        y += 48
        c.text(centre, y, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", 29, style="italic", anchor="ms")
        y += 55
    for title in cert.signer_title:
        c.text(centre, y, title, 35, style="bold", anchor="ms", max_width=900)
        y += 48
    sign_y = min(y + 110, BASE_HEIGHT - 330)
    _signature(c, centre + 40, sign_y, rng)
    _stamp(c, centre - 150, sign_y, 165)
    signer = make_name(rng, rng.choice((MALE, FEMALE)), 1970)
    c.text(centre, min(y + 260, BASE_HEIGHT - 150), signer, 36, style="bold", anchor="ms", max_width=900)
    return c.finish("front", DOCUMENT_TYPE)


def render(person: Person, *, scale: float = 1.0, font_set: str = "sans", seed: int | None = None) -> CardImage:
    """The birth certificate of `person` (variant chosen by the person's seed)."""
    return render_certificate(make_certificate(person), scale=scale, font_set=font_set, seed=seed)


def truth(person: Person) -> dict[str, str]:
    """What the certificate shows, in output-contract names; names in capitals, dates DD/MM/YYYY."""
    cert = make_certificate(person)
    child = cert.child
    fields = {
        "document_variant": cert.variant,
        "child_full_name": cert.child_full_name,
        "child_date_of_birth": format_date(child.date_of_birth),
        "child_date_of_birth_in_words": date_in_words(child.date_of_birth),
        "child_sex": child.sex,
        "child_ethnicity": cert.child_ethnicity,
        "child_nationality": child.nationality,
        "place_of_birth": cert.place_of_birth,
        "child_hometown": child.place_of_origin,
        "child_id_number": child.id_number,
    }
    for key, parent in (("mother", cert.mother), ("father", cert.father)):
        fields |= {
            f"{key}_full_name": parent.full_name,
            f"{key}_year_of_birth": str(parent.year_of_birth),
            f"{key}_ethnicity": parent.ethnicity,
            f"{key}_nationality": parent.nationality,
            f"{key}_residence": parent.residence,
        }
    fields |= {
        "registration_number": cert.registration_number,
        "registration_book": cert.registration_book,
        "registration_date": format_date(cert.registration_date),
        "issuing_authority": cert.issuing_authority,
    }
    return fields


# Every field the parser reads is printed on the page: the contract's list is the parser's.
PRINTED_FIELDS = FIELDS

SPECS = (
    SynthDocument(
        DOCUMENT_TYPE,
        render,
        truth,
        printed_fields=PRINTED_FIELDS,
        size_mm=(210.0, 297.0),
        extra={"scale_by_capture": SCALE_BY_CAPTURE, "variants": VARIANTS},
    ),
)
