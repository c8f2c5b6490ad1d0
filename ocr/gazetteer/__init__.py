"""Vietnamese administrative units before and after the 2025 reorganisation, offline.

Until 30/06/2025 there were three levels: 63 provinces (tỉnh, thành phố), 696 districts (quận, huyện,
thị xã, thành phố) and 10,035 communes (phường, xã, thị trấn). Since 01/07/2025 there are two: 34
provinces and 3,321 communes (phường, xã, đặc khu), no districts. Identity cards issued earlier keep the
old names, so both sets are here, with the mapping from each old commune to the new one.

Data: `data/units.json.gz` (about 145 kB), regenerated from the MIT-licensed PyPI package
vietnamadminunits 1.0.4 by `build.py` (attribution in `data/LICENSE`); its old list is dated 2025-01.
Limits of the source: 471 old communes were divided between several new ones (`Successor.alternatives`
lists them, the first is the source's default pick, which only street-level data could confirm); units
abolished by the 2019–2024 mergers survive only as accent-free former names (`Gazetteer.former`).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

Era = Literal["old", "new"]
Level = Literal["province", "district", "ward"]

DATA_FILE = "units.json.gz"


@dataclass(frozen=True)
class Unit:
    """One administrative unit; `index` is its position in its list, `parent` the index of its parent."""

    era: Era
    level: Level
    index: int
    code: str  # official GSO code (2 digits province, 3 district, 5 commune)
    type: str  # "Tỉnh", "Thành phố", "Quận", "Huyện", "Thị xã", "Phường", "Xã", "Thị trấn", "Đặc khu"
    name: str  # without the type: "Nghĩa Đàn", "Hồ Chí Minh", "12"
    parent: int  # -1 for provinces

    @property
    def full_name(self) -> str:
        return f"{self.type} {self.name}"


@dataclass(frozen=True)
class Successor:
    """Where an old unit is since 01/07/2025."""

    province: Unit
    ward: Unit | None  # None when only the province is known (an old district or province was given)
    alternatives: tuple[Unit, ...] = ()  # all new communes an old commune was divided between, default first


@dataclass(frozen=True)
class Gazetteer:
    old_provinces: tuple[Unit, ...]
    old_districts: tuple[Unit, ...]
    old_wards: tuple[Unit, ...]
    new_provinces: tuple[Unit, ...]
    new_wards: tuple[Unit, ...]
    children: Mapping[tuple[Era, Level, int], tuple[Unit, ...]]
    # (era, level, index) → former names: accent-free keys from the source, or accented names when known
    former: Mapping[tuple[Era, Level, int], tuple[str, ...]]
    _province_new: tuple[int, ...]
    _ward_new: tuple[int, ...]
    _split: Mapping[int, tuple[int, ...]]
    _district_new: Mapping[int, int]

    def units(self, era: Era, level: Level) -> tuple[Unit, ...]:
        if era == "new":
            return {"province": self.new_provinces, "ward": self.new_wards}.get(level, ())
        return {"province": self.old_provinces, "district": self.old_districts, "ward": self.old_wards}[level]

    def children_of(self, unit: Unit) -> tuple[Unit, ...]:
        """Districts of an old province, communes of an old district or of a new province."""
        return self.children.get((unit.era, unit.level, unit.index), ())

    def parent_of(self, unit: Unit) -> Unit | None:
        if unit.level == "province":
            return None
        if unit.era == "new":
            return self.new_provinces[unit.parent]
        return (self.old_provinces if unit.level == "district" else self.old_districts)[unit.parent]

    def successor(self, unit: Unit) -> Successor:
        """The new province (and commune, for an old commune or island district) of a unit; new units map to
        themselves."""
        if unit.era == "new":
            province = unit if unit.level == "province" else self.new_provinces[unit.parent]
            ward = unit if unit.level == "ward" else None
            return Successor(province, ward, (ward,) if ward else ())
        if unit.level == "ward":
            new = self.new_wards[self._ward_new[unit.index]]
            alternatives = tuple(self.new_wards[i] for i in self._split.get(unit.index, ())) or (new,)
            return Successor(self.new_provinces[new.parent], new, alternatives)
        if unit.level == "district":
            province = self.old_provinces[unit.parent]
            if unit.index in self._district_new:
                new = self.new_wards[self._district_new[unit.index]]
                return Successor(self.new_provinces[new.parent], new, (new,))
            return Successor(self.new_provinces[self._province_new[province.index]], None)
        return Successor(self.new_provinces[self._province_new[unit.index]], None)


def _fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0xC0, 0x1EFA):
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code) and base.isascii():
            table[code] = base.lower()
    return table


_FOLD = _fold_table()
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Accent-free, lower-case letters and digits only: "Xã Nghĩa  Trung" → "xanghiatrung".

    Spaces go too, because OCR merges and splits words ("NghĩaTrung", "Ngh ĩa")."""
    # translate() handles precomposed letters; NFC first so decomposed input (combining marks) folds the same
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFC", text).lower().translate(_FOLD))


def _units(era: Era, level: Level, rows: list[list], parent_column: int | None) -> tuple[Unit, ...]:
    units = []
    for index, row in enumerate(rows):
        parent = row[parent_column] if parent_column is not None else -1
        names = row[parent_column + 1 :] if parent_column is not None else row[1:]
        units.append(Unit(era, level, index, row[0], names[0], unicodedata.normalize("NFC", names[1]), parent))
    return tuple(units)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The shipped gazetteer (read once, about 0.1 s)."""
    raw = json.loads(gzip.decompress(resources.files(__package__).joinpath("data", DATA_FILE).read_bytes()))
    old, new = raw["old"], raw["new"]
    old_provinces = _units("old", "province", old["provinces"], None)
    old_districts = _units("old", "district", old["districts"], 1)
    old_wards = _units("old", "ward", old["wards"], 1)
    new_provinces = _units("new", "province", new["provinces"], None)
    new_wards = _units("new", "ward", new["wards"], 1)
    children: dict[tuple[Era, Level, int], list[Unit]] = {}
    for unit, parent_level in (
        *((d, "province") for d in old_districts),
        *((w, "district") for w in old_wards),
        *((w, "province") for w in new_wards),
    ):
        children.setdefault((unit.era, parent_level, unit.parent), []).append(unit)
    former: dict[tuple[Era, Level, int], list[str]] = {}
    levels: dict[str, Level] = {"p": "province", "d": "district", "w": "ward"}
    for level, index, key in old["former"]:
        former.setdefault(("old", levels[level], index), []).append(key)
    for index, name in old["former_province_names"]:
        former.setdefault(("old", "province", index), []).insert(0, unicodedata.normalize("NFC", name))
    return Gazetteer(
        old_provinces=old_provinces,
        old_districts=old_districts,
        old_wards=old_wards,
        new_provinces=new_provinces,
        new_wards=new_wards,
        children=MappingProxyType({k: tuple(v) for k, v in children.items()}),
        former=MappingProxyType({k: tuple(v) for k, v in former.items()}),
        _province_new=tuple(old["province_new"]),
        _ward_new=tuple(row[4] for row in old["wards"]),
        _split=MappingProxyType({int(k): tuple(v) for k, v in old["split"].items()}),
        _district_new=MappingProxyType({int(k): v for k, v in old["district_new"].items()}),
    )
