"""Catalog edits reach answers without a restart or retraining; a broken edit keeps the last good catalog."""

import os
import shutil
import time
from pathlib import Path

import yaml

from assistant.catalog.cache import ReloadingCatalog
from assistant.catalog.loader import PROCEDURES_DIR
from assistant.dialogue.answers import answer


def copy_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "procedures"
    shutil.copytree(PROCEDURES_DIR, target)
    return target


def touch_later(path: Path) -> None:
    # mtime granularity: make sure the reload notices the change
    stamp = time.time() + 2
    os.utime(path, (stamp, stamp))


def test_fee_edit_changes_the_answer_and_a_new_alias_is_recognised(tmp_path: Path) -> None:
    directory = copy_catalog(tmp_path)
    catalog = ReloadingCatalog(directory)
    assert catalog.get().find("lam giay chao doi cho con can gi") is None

    path = directory / "dang_ky_khai_sinh.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["fees"]["text"] = "Miễn lệ phí (mức sửa để kiểm thử)."
    data["aliases"].append("làm giấy chào đời")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    touch_later(path)

    after = catalog.get()
    procedure = after.get("dang_ky_khai_sinh")
    assert "mức sửa để kiểm thử" in answer(procedure, ["fee"]).text
    found = after.find("lam giay chao doi cho con can gi")
    assert found is not None and found.id == "dang_ky_khai_sinh"


def test_broken_edit_keeps_the_last_good_catalog(tmp_path: Path) -> None:
    directory = copy_catalog(tmp_path)
    catalog = ReloadingCatalog(directory)
    good = catalog.get()
    path = directory / "dang_ky_ket_hon.yaml"
    path.write_text("id: dang_ky_ket_hon\nname: [unterminated\n", encoding="utf-8")
    touch_later(path)
    assert catalog.get() is good
