"""The shipped gazetteer of administrative units (ocr.gazetteer) and its build helpers."""

from __future__ import annotations

from importlib import resources

import pytest

from ocr.gazetteer import build, fold, load
from ocr.synth.persons import load_units
from ocr.validation.provinces import PROVINCES


@pytest.fixture(scope="module")
def gazetteer():
    return load()


def _one(units, name):
    found = [u for u in units if u.name == name]
    assert len(found) == 1, (name, found)
    return found[0]


def test_counts_before_and_after_2025(gazetteer):
    assert len(gazetteer.old_provinces) == 63
    assert len(gazetteer.old_districts) == 696
    assert len(gazetteer.old_wards) == 10_035
    assert len(gazetteer.new_provinces) == 34
    assert len(gazetteer.new_wards) == 3_321


def test_data_is_small_and_attributed():
    data = resources.files("ocr.gazetteer").joinpath("data")
    size = len(data.joinpath("units.json.gz").read_bytes())
    assert size <= 2_000_000
    licence = data.joinpath("LICENSE").read_text(encoding="utf-8")
    assert "vietnamadminunits" in licence and "MIT License" in licence


def test_load_is_cached(gazetteer):
    assert load() is gazetteer


def test_old_province_codes_match_the_id_number_codes(gazetteer):
    by_code = {p.code.zfill(3): p for p in gazetteer.old_provinces}
    assert set(by_code) == set(PROVINCES)
    for code, name in PROVINCES.items():
        unit = by_code[code]
        names = {fold(unit.name), *map(fold, gazetteer.former.get(("old", "province", unit.index), ()))}
        assert fold(name.removeprefix("TP. ")) in names, (code, name, unit.name)


def test_hierarchy_and_successor(gazetteer):
    nghe_an = _one(gazetteer.old_provinces, "Nghệ An")
    nghia_dan = _one(gazetteer.children_of(nghe_an), "Nghĩa Đàn")
    assert nghia_dan.full_name == "Huyện Nghĩa Đàn"
    ward = _one(gazetteer.children_of(nghia_dan), "Nghĩa Trung")
    assert ward.full_name == "Xã Nghĩa Trung" and gazetteer.parent_of(ward) == nghia_dan
    successor = gazetteer.successor(ward)
    assert successor.province.name == "Nghệ An" and successor.province.era == "new"
    assert successor.ward is not None and successor.ward.full_name == "Xã Nghĩa Đàn"
    assert gazetteer.parent_of(successor.ward) == successor.province
    # a province that merged: Bắc Giang went into Bắc Ninh
    assert gazetteer.successor(_one(gazetteer.old_provinces, "Bắc Giang")).province.name == "Bắc Ninh"


def test_every_old_ward_has_a_successor(gazetteer):
    for ward in gazetteer.old_wards:
        successor = gazetteer.successor(ward)
        assert successor.ward is not None and successor.ward in successor.alternatives


def test_split_wards_list_their_alternatives(gazetteer):
    split = [w for w in gazetteer.old_wards if len(gazetteer.successor(w).alternatives) > 1]
    assert 400 < len(split) < 500
    for ward in split[:20]:
        successor = gazetteer.successor(ward)
        assert successor.alternatives[0] == successor.ward
        assert all(a.parent == successor.province.index for a in successor.alternatives)


def test_numbered_and_disambiguated_names_are_clean(gazetteer):
    hcm = _one(gazetteer.old_provinces, "Hồ Chí Minh")
    assert "1" in {d.name for d in gazetteer.children_of(hcm)}
    tra_vinh = _one(gazetteer.old_provinces, "Trà Vinh")
    assert {d.full_name for d in gazetteer.children_of(tra_vinh)} >= {"Huyện Duyên Hải", "Thị xã Duyên Hải"}
    assert not any("(" in u.name for u in (*gazetteer.old_districts, *gazetteer.old_wards, *gazetteer.new_wards))


def test_island_district_maps_to_special_zone(gazetteer):
    con_dao = next(d for d in gazetteer.old_districts if d.name == "Côn Đảo")
    successor = gazetteer.successor(con_dao)
    assert successor.ward is not None and successor.ward.full_name == "Đặc khu Côn Đảo"


def test_synthetic_units_exist_in_the_gazetteer(gazetteer):
    """Every unit of ocr/synth/data/units.yaml, spelled as there, is an old unit under the same parents."""
    provinces = {p.code.zfill(3): p for p in gazetteer.old_provinces}
    for code, province in load_units().items():
        unit = provinces[code]
        names = {unit.name, *gazetteer.former.get(("old", "province", unit.index), ())}
        assert province.name.removeprefix("TP. ") in names, province.name
        districts = {d.full_name.lower(): d for d in gazetteer.children_of(unit)}
        for district in province.districts:
            found = districts[district.name.lower()]  # "Thành Phố Bắc Kạn" on the card
            wards = {w.full_name for w in gazetteer.children_of(found)}
            assert set(district.wards) <= wards, (district.name, set(district.wards) - wards)


def test_fold():
    assert fold("Xã Nghĩa  Trung") == "xanghiatrung"
    assert fold("ĐẮK LẮK") == "daklak"
    assert fold("Bà Rịa – Vũng Tàu") == "bariavungtau"
    assert fold("Hòa") == fold("Hoà") == fold("Ho\u0300a") == "hoa"


def test_build_helpers():
    assert build._name("Quận", "Quận 1") == "1"
    assert build._name("Phường", "Phường Đúc") == "Phường Đúc"
    assert build._name("Thị xã", "Duyên Hải (Thị xã)") == "Duyên Hải"
    keys = build._former_keys('["phuongsaidong", "saidong", "p2", "phuonglien", "huyenthuanthanh"]', "thuanthanh")
    assert keys == ["saidong", "phuonglien"]
