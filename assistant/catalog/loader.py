"""Load and validate the procedure catalog (YAML files checked against a JSON Schema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from assistant.catalog.model import Procedure, procedure_from_dict

CATALOG_DIR = Path(__file__).resolve().parent
PROCEDURES_DIR = CATALOG_DIR / "procedures"
SCHEMA_PATH = CATALOG_DIR / "procedure.schema.json"


class CatalogError(ValueError):
    """A catalog file is unreadable or breaks the schema; the message names the file."""


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _read(path: Path) -> dict[str, Any]:
    try:
        # YAML would turn 2026-11-30 into a date; the schema wants the string as written.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StringDatesLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path.name}: cannot read YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: top level must be a mapping")
    return data


class _StringDatesLoader(yaml.SafeLoader):
    pass


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validate(data: dict[str, Any], *, source: str, schema: dict[str, Any] | None = None) -> None:
    validator = jsonschema.Draft202012Validator(schema or load_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors[:10]]
        raise CatalogError(f"{source}: schema violations:\n  " + "\n  ".join(lines))


def load_procedures(directory: Path = PROCEDURES_DIR) -> list[Procedure]:
    schema = load_schema()
    procedures: list[Procedure] = []
    seen_codes: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read(path)
        validate(data, source=path.name, schema=schema)
        if data["id"] != path.stem:
            raise CatalogError(f"{path.name}: id {data['id']!r} must equal the file name")
        code = data.get("portal_code")
        if code and code in seen_codes:
            raise CatalogError(f"{path.name}: portal_code {code} already used by {seen_codes[code]}")
        if code:
            seen_codes[code] = path.name
        procedures.append(procedure_from_dict(data))
    if not procedures:
        raise CatalogError(f"no procedure files in {directory}")
    return procedures
