"""Build Rasa training data from hand-written templates and the catalog's names.

Every example goes through `assistant.textnorm.normalize`, the function the
gateway applies to live messages, so the model is trained on the same form it
is asked in. `{procedure}` is filled with catalog names/aliases and annotated
as the `procedure` entity whose value is the catalog id.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.catalog import Catalog, load_catalog
from assistant.config import ROOT
from assistant.textnorm import normalize

NLU_DIR = ROOT / "nlu_data"
TEMPLATES = NLU_DIR / "templates.yml"
PLACEHOLDER = "{procedure}"
CODE_PLACEHOLDER = "{code}"
CODES_PER_TEMPLATE = 2
# Aliases drawn per template: enough for every name to appear a few times.
FILLS_PER_TEMPLATE = 6


@dataclass(frozen=True)
class Example:
    intent: str
    text: str  # Rasa markup: entity spans as [alias]{"entity":...,"value":...}


def load_templates(path: Path = TEMPLATES) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {intent: [str(t) for t in examples] for intent, examples in data["intents"].items()}


def procedure_names(catalog: Catalog) -> dict[str, list[str]]:
    """Normalized, de-duplicated names per procedure id."""
    names: dict[str, list[str]] = {}
    for p in catalog.procedures.values():
        seen: list[str] = []
        for name in (p.name, *p.aliases, *p.object_aliases):
            key = normalize(name)
            if key and key not in seen:
                seen.append(key)
        names[p.id] = seen
    return names


def _annotate(alias: str, procedure_id: str) -> str:
    return f"[{alias}]" + json.dumps({"entity": "procedure", "value": procedure_id}, separators=(",", ":"))


def random_code(rng: random.Random) -> str:
    """A receipt code in one of the formats citizens copy from their giấy tiếp nhận."""
    province = f"{rng.choice('GHKX')}{rng.randint(1, 99):02d}"
    day = f"{rng.randint(24, 26):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    seq = f"{rng.randint(1, 9999):04d}"
    if rng.random() < 0.6:
        unit = f"000.{rng.randint(0, 99):02d}.{rng.randint(0, 99):02d}.{province}"
    else:
        unit = f"{province}.{rng.randint(1, 40)}"
    code = f"{unit}-{day}-{seq}"
    return code.lower() if rng.random() < 0.3 else code


def _code_variants(template: str, rng: random.Random) -> list[str]:
    if CODE_PLACEHOLDER not in template:
        return [template]
    return [template.replace(CODE_PLACEHOLDER, random_code(rng)) for _ in range(CODES_PER_TEMPLATE)]


def expand(templates: dict[str, list[str]], names: dict[str, list[str]], *, seed: int = 13) -> list[Example]:
    rng = random.Random(seed)
    pool = [(pid, alias) for pid, aliases in names.items() for alias in aliases]
    examples: list[Example] = []
    seen: set[tuple[str, str]] = set()
    for intent, raw_texts in templates.items():
        texts = [variant for raw in raw_texts for variant in _code_variants(raw, rng)]
        for template in texts:
            if PLACEHOLDER not in template:
                fills = [normalize(template)]
            else:
                head, _, tail = template.partition(PLACEHOLDER)
                head, tail = normalize(head), normalize(tail)
                fills = []
                for pid, alias in rng.sample(pool, min(FILLS_PER_TEMPLATE, len(pool))):
                    fills.append(" ".join(part for part in (head, _annotate(alias, pid), tail) if part))
            for text in fills:
                if text and (intent, text) not in seen:
                    seen.add((intent, text))
                    examples.append(Example(intent, text))
    return examples


def render_nlu(examples: list[Example], names: dict[str, list[str]]) -> str:
    by_intent: dict[str, list[str]] = {}
    for ex in examples:
        by_intent.setdefault(ex.intent, []).append(ex.text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines.append(f"  - intent: {intent}")
        lines.append("    examples: |")
        lines += [f"      - {t}" for t in texts]
    lines.append("  - lookup: procedure")
    lines.append("    examples: |")
    lines += [f"      - {alias}" for aliases in names.values() for alias in aliases]
    for pid, aliases in names.items():
        lines.append(f"  - synonym: {pid}")
        lines.append("    examples: |")
        lines += [f"      - {alias}" for alias in aliases]
    return "\n".join(lines) + "\n"


def build(out_dir: Path, *, templates: dict[str, list[str]] | None = None, catalog: Catalog | None = None) -> Path:
    """Write `out_dir/nlu.yml` and the dialogue rules; returns out_dir."""
    catalog = catalog or load_catalog()
    names = procedure_names(catalog)
    examples = expand(templates if templates is not None else load_templates(), names)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    (out_dir / "nlu.yml").write_text(render_nlu(examples, names), encoding="utf-8")
    shutil.copy(NLU_DIR / "rules.yml", out_dir / "rules.yml")
    return out_dir
