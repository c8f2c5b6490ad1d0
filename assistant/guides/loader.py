"""Load guides from YAML, check them against their schema and against the catalog."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from assistant.catalog import Catalog
from assistant.catalog.loader import CatalogError
from assistant.guides.model import Guide, guide_from_dict

GUIDES_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_PATH = Path(__file__).resolve().parent / "guide.schema.json"


class GuideError(CatalogError):
    """A guide file is invalid or refers to something the catalog does not have."""


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _read(path: Path) -> dict[str, Any]:
    try:
        # BaseLoader: every scalar stays a string, which is all the schema allows.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        raise GuideError(f"{path.name}: not valid YAML: {exc}") from exc
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        raise GuideError(f"{path.name}: {'/'.join(map(str, e.path)) or '<root>'}: {e.message}")
    return data


def load_guides(directory: Path = GUIDES_DIR) -> dict[str, Guide]:
    guides: dict[str, Guide] = {}
    for path in sorted(directory.glob("*.yaml")):
        guide = guide_from_dict(_read(path))
        if guide.id != path.stem:
            raise GuideError(f"{path.name}: id {guide.id!r} must match the file name")
        guides[guide.id] = guide
    return guides


def _check_when(guide: Guide, when: dict[str, tuple[str, ...]], where: str) -> list[str]:
    problems = []
    for step_id, values in when.items():
        step = guide.step(step_id)
        if step is None:
            problems.append(f"{guide.id}: {where} refers to unknown step {step_id!r}")
            continue
        problems += [f"{guide.id}: {where}: {step_id} has no option {v!r}" for v in values if step.option(v) is None]
    return problems


def check_against_catalog(guides: dict[str, Guide], catalog: Catalog) -> list[str]:
    """Every reference in a guide must resolve; returns the problems found (empty when all is well)."""
    problems: list[str] = []
    seen_triggers: dict[str, str] = {}
    for g in guides.values():
        ids = {g.procedure, *g.triggers, *(pid for _, pid in g.procedure_by_map)}
        problems += [f"{g.id}: unknown procedure {pid!r}" for pid in sorted(ids) if catalog.get(pid) is None]
        for pid in g.triggers:
            if pid in seen_triggers:
                problems.append(f"{g.id}: trigger {pid!r} already starts guide {seen_triggers[pid]!r}")
            seen_triggers[pid] = g.id
        if g.procedure_by_step and g.step(g.procedure_by_step) is None:
            problems.append(f"{g.id}: procedure_by refers to unknown step {g.procedure_by_step!r}")
        for s in g.steps:
            problems += _check_when(g, s.ask_if, f"step {s.id} ask_if")
        for n in g.notes:
            problems += _check_when(g, n.when, "note")
        for r in g.documents:
            problems += _check_when(g, r.when, f"document rule {r.doc!r}")
            targets = [r.procedure] if r.procedure else sorted({g.procedure, *(pid for _, pid in g.procedure_by_map)})
            found = False
            for pid in targets:
                p = catalog.get(pid)
                found = found or bool(p and any(d.name.startswith(r.doc) for d in p.documents))
            if not found:
                problems.append(f"{g.id}: document rule {r.doc!r} matches no document of {targets}")
    return problems
