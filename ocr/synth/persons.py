"""Random but realistic card holders, reproducible from an integer seed.

`make_person(seed)` draws a Vietnamese full name (2–5 syllables, surnames and middle names at roughly
their real frequencies, parts in `data/names.yaml`), sex, date of birth (1940 to mid-2010, so the holder
is 14 by mid-2024), the province of birth registration, the 12-digit ID number consistent with them
(`ocr.validation.id_number`), place of origin and residence from the old (pre-2025) units in
`data/units.yaml`, an issue date in the chip-CCCD period (2021 to 30/06/2024, before the căn cước law)
and the expiry by the age rule (`ocr.validation.dates.expected_expiry`).

Seed ranges keep benchmark persons apart from the ones used while tuning:

    seeds 0 … 999 999       tuning and tests (`TUNING_SEEDS`)
    seeds ≥ 1 000 000       benchmark only (`BENCHMARK_FIRST_SEED`); never look at them while tuning

Same seed, same person, on every machine: only `random.Random(seed)` is used, in a fixed order.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Literal, TypeVar

import yaml

from ocr.mrz import build_td1
from ocr.qr_payload import SEPARATOR
from ocr.validation.dates import anniversary, card_kind, expected_expiry, format_date
from ocr.validation.id_number import FEMALE, MALE, century_sex_digit
from ocr.validation.provinces import PROVINCES

Split = Literal["tuning", "benchmark"]
T = TypeVar("T")

TUNING_SEEDS = range(0, 1_000_000)
BENCHMARK_FIRST_SEED = 1_000_000

NATIONALITY = "Việt Nam"
NO_EXPIRY_TEXT = "Không thời hạn"  # printed instead of a date for cards issued from age 58
# Chip CCCDs (this layout) were issued from early 2021 until the căn cước law took effect on 01/07/2024.
FIRST_ISSUE = date(2021, 1, 1)
LAST_ISSUE = date(2024, 6, 30)
FIRST_BIRTH = date(1940, 1, 1)
LAST_BIRTH = date(2010, 6, 30)  # the holder must be 14 (the age of the first card) by LAST_ISSUE
CARD_AGE = 14
CMND_LAST_YEAR = 2015  # 9-digit CMNDs were replaced by 12-digit cards from 2016 on

SYLLABLE_COUNTS = ((2, 3), (3, 58), (4, 34), (5, 5))  # (syllables in the full name, weight in %)
OLD_STYLE_MIDDLE: Mapping[str, str] = {MALE: "Văn", FEMALE: "Thị"}
_SEX_KEYS = {MALE: "male", FEMALE: "female"}


@dataclass(frozen=True)
class NameTables:
    """The parts of `data/names.yaml`."""

    surnames: tuple[tuple[str, int], ...]
    middle: Mapping[str, tuple[str, ...]]  # by sex ("Nam"/"Nữ")
    second_middle: tuple[str, ...]
    given: Mapping[str, tuple[str, ...]]
    double_surnames: Mapping[str, tuple[str, ...]]
    streets: tuple[str, ...]
    hamlets: tuple[str, ...]
    mark_kinds: tuple[str, ...]
    mark_features: tuple[str, ...]


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("ocr.synth").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_names() -> NameTables:
    raw = _data("names.yaml")

    def by_sex(entry: dict) -> Mapping[str, tuple[str, ...]]:
        return MappingProxyType({sex: tuple(entry[key]) for sex, key in _SEX_KEYS.items()})

    return NameTables(
        surnames=tuple((str(name), int(weight)) for name, weight in raw["surnames"]),
        middle=by_sex(raw["middle"]),
        second_middle=tuple(raw["middle"]["second"]),
        given=by_sex(raw["given"]),
        double_surnames=by_sex(raw["double_surnames"]),
        streets=tuple(raw["streets"]),
        hamlets=tuple(raw["hamlets"]),
        mark_kinds=tuple(raw["mark_kinds"]),
        mark_features=tuple(raw["mark_features"]),
    )


@dataclass(frozen=True)
class District:
    name: str
    wards: tuple[str, ...]


@dataclass(frozen=True)
class Province:
    code: str
    name: str  # as printed on cards
    south: bool  # hamlets are "Ấp" in the South, "Thôn"/"Xóm" elsewhere
    districts: tuple[District, ...]


@dataclass(frozen=True)
class Person:
    """One card holder; dates are `datetime.date`, strings are NFC as printed on the card."""

    seed: int
    full_name: str
    sex: str  # "Nam" | "Nữ"
    date_of_birth: date
    birth_province_code: str
    id_number: str
    old_id_number: str | None
    nationality: str
    place_of_origin: str
    place_of_residence: str
    date_of_issue: date
    date_of_expiry: date | None  # None: "Không thời hạn" (issued from age 58)
    identifying_marks: str

    @property
    def split(self) -> Split:
        return seed_split(self.seed)

    @property
    def expiry_text(self) -> str:
        """The expiry as the front prints it."""
        return NO_EXPIRY_TEXT if self.date_of_expiry is None else format_date(self.date_of_expiry)

    @property
    def qr_payload(self) -> str:
        """The front QR text, in the field order `ocr.qr_payload.parse_qr_payload` reads."""
        fields = (
            self.id_number,
            self.old_id_number or "",
            self.full_name,
            self.date_of_birth.strftime("%d%m%Y"),
            self.sex,
            self.place_of_residence,
            self.date_of_issue.strftime("%d%m%Y"),
        )
        return SEPARATOR.join(fields)

    @property
    def mrz(self) -> tuple[str, str, str]:
        return build_td1(
            id_number=self.id_number,
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            date_of_expiry=self.date_of_expiry,
            full_name=self.full_name,
        )

    def contract_fields(self) -> dict[str, str | list[str] | None]:
        """The person in the OCR output-contract field names and formats (dates DD/MM/YYYY)."""
        return {
            "id_number": self.id_number,
            "full_name": self.full_name,
            "date_of_birth": format_date(self.date_of_birth),
            "sex": self.sex,
            "nationality": self.nationality,
            "place_of_origin": self.place_of_origin,
            "place_of_residence": self.place_of_residence,
            "date_of_expiry": self.expiry_text,
            "date_of_issue": format_date(self.date_of_issue),
            "old_id_number": self.old_id_number,
            "mrz": list(self.mrz),
        }


def seed_split(seed: int) -> Split:
    """ "tuning" for seeds 0–999 999, "benchmark" from 1 000 000; ValueError for negative seeds."""
    if seed < 0:
        raise ValueError(f"seeds are non-negative, got {seed}")
    return "tuning" if seed in TUNING_SEEDS else "benchmark"


@lru_cache(maxsize=1)
def load_units() -> Mapping[str, Province]:
    """The units table of `data/units.yaml`, keyed by ID-number province code."""
    raw = _data("units.yaml")
    provinces: dict[str, Province] = {}
    for code, entry in raw.items():
        if code not in PROVINCES:
            raise ValueError(f"units.yaml: {code!r} is not a province code of ocr.validation.provinces")
        districts = tuple(District(d["name"], tuple(d["wards"])) for d in entry["districts"])
        provinces[code] = Province(code=code, name=entry["name"], south=bool(entry["south"]), districts=districts)
    return provinces


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    values = [value for value, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(values, weights=weights)[0]


def make_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """A full name of 2–5 syllables for this sex; older generations mostly carry Văn/Thị."""
    names = load_names()
    syllables = _weighted(rng, SYLLABLE_COUNTS)
    old_style = rng.random() < (0.75 if birth_year < 1975 else 0.5 if birth_year < 1990 else 0.2)
    middle = OLD_STYLE_MIDDLE[sex] if old_style else rng.choice(names.middle[sex])
    given = rng.choice([g for g in names.given[sex] if g != middle])
    second = rng.choice([m for m in names.second_middle if m not in (middle, given)])
    if syllables == 5:
        parts = [rng.choice(names.double_surnames[sex]), middle, second, given]
    else:
        parts = [_weighted(rng, names.surnames)]
        parts += {2: [], 3: [middle], 4: [middle, second]}[syllables]
        parts.append(given)
    return " ".join(parts)


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _birth_date(rng: random.Random) -> date:
    # Fewer holders among the oldest birth years, roughly as in the population pyramid.
    years = range(FIRST_BIRTH.year, LAST_BIRTH.year + 1)
    year = rng.choices(years, weights=[0.4 if y < 1955 else 0.8 if y < 1970 else 1.0 for y in years])[0]
    return _random_day(rng, max(FIRST_BIRTH, date(year, 1, 1)), min(LAST_BIRTH, date(year, 12, 31)))


def _province_code(rng: random.Random, units: Mapping[str, Province]) -> str:
    # The two big cities get more holders, as they do in reality.
    codes = sorted(units)
    return rng.choices(codes, weights=[5 if c in ("001", "079") else 1 for c in codes])[0]


def _hamlet(rng: random.Random, province: Province, ward: str) -> str:
    """The part of an address before the ward: house number and street, group, hamlet..."""
    names = load_names()
    n = rng.randint(1, 250)
    if ward.startswith("Phường"):
        street = rng.choice(names.streets)
        if province.south:
            choices = [f"Số {n} {street}", f"{n}/{rng.randint(1, 99)} {street}", f"Khu phố {rng.randint(1, 12)}"]
        else:
            choices = [
                f"Số {n} ngõ {rng.randint(1, 200)}",
                f"Số {n} phố {street}",
                f"Tổ {rng.randint(1, 40)}",
                f"Tổ dân phố số {rng.randint(1, 25)}",
            ]
        return rng.choice(choices)
    name = rng.choice(names.hamlets)
    if province.south:
        return rng.choice([f"Ấp {name}", f"Ấp {rng.randint(1, 9)}"])
    return rng.choice([f"Thôn {name}", f"Xóm {rng.randint(1, 15)}", f"Thôn {rng.randint(1, 12)}"])


def _unit(rng: random.Random, province: Province) -> tuple[str, str]:
    district = rng.choice(province.districts)
    return rng.choice(district.wards), district.name


def _marks(rng: random.Random) -> str:
    """Đặc điểm nhân dạng, e.g. "Nốt ruồi C:1cm trên trước đầu lông mày trái"."""
    names = load_names()
    kind = rng.choice(names.mark_kinds)
    return (
        f"{kind} C:{rng.randint(1, 4)}cm {rng.choice(('trên', 'dưới'))} {rng.choice(('trước', 'sau'))} "
        f"{rng.choice(names.mark_features)} {rng.choice(('trái', 'phải'))}"
    )


def make_person(seed: int) -> Person:
    """The holder for this seed (see the module docstring for the tuning/benchmark ranges)."""
    seed_split(seed)
    rng = random.Random(seed)
    units = load_units()
    sex = MALE if rng.random() < 0.5 else FEMALE
    date_of_birth = _birth_date(rng)
    full_name = make_name(rng, sex, date_of_birth.year)
    birth_code = _province_code(rng, units)
    id_number = (
        f"{birth_code}{century_sex_digit(date_of_birth.year, sex)}{date_of_birth.year % 100:02d}"
        f"{rng.randrange(1_000_000):06d}"
    )
    had_cmnd = date_of_birth.year + CARD_AGE <= CMND_LAST_YEAR and rng.random() < 0.75
    old_id_number = f"{rng.randint(0, 3)}{rng.randrange(100_000_000):08d}" if had_cmnd else None

    origin = units[birth_code if rng.random() < 0.7 else _province_code(rng, units)]
    ward, district = _unit(rng, origin)
    place_of_origin = f"{ward}, {district}, {origin.name}"
    home = units[birth_code if rng.random() < 0.6 else _province_code(rng, units)]
    ward, district = _unit(rng, home)
    place_of_residence = f"{_hamlet(rng, home, ward)}, {ward}, {district}, {home.name}"

    date_of_issue = _random_day(rng, max(FIRST_ISSUE, anniversary(date_of_birth, CARD_AGE)), LAST_ISSUE)
    assert card_kind(date_of_issue) == "cccd"
    return Person(
        seed=seed,
        full_name=full_name,
        sex=sex,
        date_of_birth=date_of_birth,
        birth_province_code=birth_code,
        id_number=id_number,
        old_id_number=old_id_number,
        nationality=NATIONALITY,
        place_of_origin=place_of_origin,
        place_of_residence=place_of_residence,
        date_of_issue=date_of_issue,
        date_of_expiry=expected_expiry(date_of_birth, date_of_issue),
        identifying_marks=_marks(rng),
    )
