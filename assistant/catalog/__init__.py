"""The procedure catalog: facts with their legal basis, loaded from YAML.

Runtime-neutral (dataclasses, PyYAML, jsonschema): the Rasa action server
imports it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.catalog.loader import PROCEDURES_DIR, CatalogError, load_procedures
from assistant.catalog.matcher import AliasMatcher, Match
from assistant.catalog.model import Procedure
from assistant.textnorm import normalize

GROUP_NAMES: dict[str, str] = {
    "ho_tich": "Hộ tịch",
    "cu_tru": "Cư trú",
    "can_cuoc": "Căn cước, định danh điện tử",
    "tu_phap": "Tư pháp",
    "chung_thuc": "Chứng thực",
    "xuat_nhap_canh": "Hộ chiếu, xuất nhập cảnh",
    "giao_thong": "Giao thông, phương tiện",
    "kinh_doanh": "Kinh doanh",
    "dat_dai": "Đất đai",
    "xay_dung": "Xây dựng",
    "bao_hiem": "Bảo hiểm",
    "khac": "Khác",
}


@dataclass(frozen=True)
class Catalog:
    procedures: dict[str, Procedure]
    matcher: AliasMatcher

    def get(self, procedure_id: str | None) -> Procedure | None:
        return self.procedures.get(procedure_id) if procedure_id else None

    def find(self, text: str) -> Procedure | None:
        match = self.matcher.best(text)
        return self.procedures[match.procedure_id] if match else None


def load_catalog(directory: Path = PROCEDURES_DIR) -> Catalog:
    procedures = {p.id: p for p in load_procedures(directory)}
    names = {p.id: [p.name, *p.aliases] for p in procedures.values()}
    # Official names carry qualifiers in brackets nobody types: also match the name without them,
    # unless that shorter form already names another procedure.
    owners = {normalize(n): pid for pid, ns in names.items() for n in ns}
    for p in procedures.values():
        short = p.name.split(" (", 1)[0]
        if short != p.name and owners.setdefault(normalize(short), p.id) == p.id:
            names[p.id].append(short)
    objects = {p.id: list(p.object_aliases) for p in procedures.values() if p.object_aliases}
    try:
        matcher = AliasMatcher(names, objects)
    except ValueError as exc:
        raise CatalogError(str(exc)) from exc
    return Catalog(procedures=procedures, matcher=matcher)


__all__ = ["GROUP_NAMES", "Catalog", "CatalogError", "Match", "Procedure", "load_catalog"]
