"""Importing dossier statuses and deleting personal data past retention."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from assistant.catalog import load_catalog
from assistant.services.records import DossierImportError, import_dossiers, purge_expired
from assistant.store import Dossier, open_store

CATALOG = load_catalog()


def test_csv_import(tmp_path: Path) -> None:
    path = tmp_path / "dossiers.csv"
    path.write_text(
        "code,procedure,status,received_on,due_on,applicant_name\n"
        "000.00.16.H42-261120-0003,dang_ky_khai_sinh,completed,2026-11-20,2026-11-21,Nguyễn Văn A\n"
        "h42.16-261120-0004,dang_ky_tam_tru,received,2026-11-20,,\n",
        encoding="utf-8",
    )
    store = open_store(tmp_path)
    assert import_dossiers(path, store, CATALOG) == 2
    assert store.dossiers.get("H42.16-261120-0004").due_on is None
    assert store.dossiers.get("000.00.16.H42-261120-0003").applicant_name == "Nguyễn Văn A"


def test_bad_row_aborts_the_whole_import(tmp_path: Path) -> None:
    path = tmp_path / "dossiers.json"
    rows = [
        {
            "code": "000.00.16.H42-261120-0003",
            "procedure": "dang_ky_khai_sinh",
            "status": "received",
            "received_on": "2026-11-20",
        },
        {
            "code": "000.00.16.H42-261120-0004",
            "procedure": "khong_co",
            "status": "received",
            "received_on": "2026-11-20",
        },
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")
    store = open_store(tmp_path)
    with pytest.raises(DossierImportError, match="row 2: unknown procedure"):
        import_dossiers(path, store, CATALOG)
    assert store.dossiers.get("000.00.16.H42-261120-0003") is None


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dossiers.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(DossierImportError, match=r"json or \.csv"):
        import_dossiers(path, open_store(tmp_path), CATALOG)


def test_purge_keeps_recent_and_open_records(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.feedback.create_ticket(sender="a", text="x y z", contact=None, procedure_id=None)
    store.dossiers.upsert(Dossier("000.00.16.H42-261120-0003", "dang_ky_khai_sinh", "returned", date(2026, 11, 20)))
    store.dossiers.upsert(Dossier("000.00.16.H42-261120-0004", "dang_ky_khai_sinh", "processing", date(2026, 11, 20)))
    assert purge_expired(store, 365) == 0
    assert purge_expired(store, 365, today=date.today() + timedelta(days=400)) == 2  # ticket + returned dossier
    assert store.dossiers.get("000.00.16.H42-261120-0004") is not None
