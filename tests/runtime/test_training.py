import shutil
from pathlib import Path

import yaml

from assistant.catalog.loader import PROCEDURES_DIR
from assistant.runtime.training import fingerprint


def _copy_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "procedures"
    shutil.copytree(PROCEDURES_DIR, target)
    return target


def _edit(path: Path, change: callable) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_fact_edits_do_not_retrain_but_new_names_do(tmp_path: Path) -> None:
    catalog = _copy_catalog(tmp_path)
    before = fingerprint(catalog_dir=catalog)
    assert fingerprint(catalog_dir=catalog) == before  # stable

    _edit(catalog / "dang_ky_ket_hon.yaml", lambda d: d["processing_time"].update(text="Trong ngày làm việc."))
    assert fingerprint(catalog_dir=catalog) == before

    _edit(catalog / "dang_ky_ket_hon.yaml", lambda d: d["aliases"].append("cưới hỏi đăng ký"))
    assert fingerprint(catalog_dir=catalog) != before


def test_config_change_changes_fingerprint(tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text("recipe: default.v1\nlanguage: vi\npipeline: []\n")
    assert fingerprint(config=config) != fingerprint()
