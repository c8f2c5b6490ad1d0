"""Every catalog file loads through the schema; facts carry their legal basis."""

from pathlib import Path

import pytest
import yaml

from assistant.catalog import CatalogError, load_catalog
from assistant.catalog.loader import PROCEDURES_DIR, load_procedures, load_schema, validate

FIRST_FIVE = {"dang_ky_khai_sinh", "dang_ky_ket_hon", "dang_ky_thuong_tru", "cap_can_cuoc", "cap_phieu_ly_lich_tu_phap"}


def test_all_files_are_schema_valid_and_ids_match_file_names() -> None:
    procedures = load_procedures()
    assert {p.id for p in procedures} >= FIRST_FIVE
    files = sorted(p.stem for p in PROCEDURES_DIR.glob("*.yaml"))
    assert sorted(p.id for p in procedures) == files


def test_catalog_covers_the_procedures_citizens_ask_most_about() -> None:
    procedures = {p.id: p for p in load_procedures()}
    assert len(procedures) >= 40
    groups = {p.group for p in procedures.values()}
    assert groups >= {"ho_tich", "chung_thuc", "cu_tru", "can_cuoc", "tu_phap", "xuat_nhap_canh", "giao_thong"}
    assert groups >= {"kinh_doanh", "dat_dai", "xay_dung", "bao_hiem"}
    for p in procedures.values():
        assert p.legal_basis and p.fees.legal_basis and p.processing_time.legal_basis, p.id
        assert p.reviewed_on, p.id


def test_portal_codes_are_unique() -> None:
    codes = [p.portal_code for p in load_procedures() if p.portal_code]
    assert len(codes) == len(set(codes))


def test_fees_and_times_cite_legal_documents_with_numbers() -> None:
    for p in load_procedures():
        for ref in (*p.fees.legal_basis, *p.processing_time.legal_basis, *p.legal_basis):
            assert "/" in ref.number, f"{p.id}: {ref.number} does not look like a document number"


def test_aliases_resolve_to_their_own_procedure() -> None:
    catalog = load_catalog()
    for p in catalog.procedures.values():
        for alias in p.aliases:
            found = catalog.find(alias)
            assert found is not None and found.id == p.id, f"{alias!r} → {found and found.id}, expected {p.id}"


def _write(tmp: Path, name: str, data: dict) -> None:
    (tmp / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _sample() -> dict:
    return yaml.safe_load((PROCEDURES_DIR / "dang_ky_khai_sinh.yaml").read_text(encoding="utf-8"))


def test_schema_rejects_a_fee_without_legal_basis(tmp_path: Path) -> None:
    data = _sample()
    del data["fees"]["legal_basis"]
    _write(tmp_path, data["id"], data)
    with pytest.raises(CatalogError, match="legal_basis"):
        load_procedures(tmp_path)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    _write(tmp_path, "other_name", _sample())
    with pytest.raises(CatalogError, match="file name"):
        load_procedures(tmp_path)


def test_shared_alias_between_procedures_is_refused(tmp_path: Path) -> None:
    a, b = _sample(), _sample()
    b["id"], b["portal_code"], b["name"] = "ban_sao", "9.999999", "Thủ tục khác"
    b["aliases"] = [a["aliases"][0], "thu tuc khac"]
    _write(tmp_path, a["id"], a)
    _write(tmp_path, b["id"], b)
    with pytest.raises(CatalogError, match="names both"):
        load_catalog(tmp_path)


def test_unknown_field_is_refused() -> None:
    data = _sample()
    data["fee"] = "typo of fees"
    with pytest.raises(CatalogError, match="Additional properties"):
        validate(data, source="x.yaml", schema=load_schema())
