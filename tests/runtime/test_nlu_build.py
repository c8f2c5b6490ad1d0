import re

import yaml

from assistant.catalog import load_catalog
from assistant.runtime import nlu_build
from assistant.textnorm import normalize

ANNOTATION = re.compile(r"\[([^\]]+)\](\{[^}]+\})")


def test_training_data_is_normalized_and_annotated_with_catalog_ids(tmp_path) -> None:
    catalog = load_catalog()
    out = nlu_build.build(tmp_path / "data", catalog=catalog)
    doc = yaml.safe_load((out / "nlu.yml").read_text(encoding="utf-8"))
    intents = [item for item in doc["nlu"] if "intent" in item]
    assert {i["intent"] for i in intents} >= {"greet", "ask_documents", "ask_fee", "out_of_scope"}
    annotated = 0
    for item in intents:
        for line in item["examples"].splitlines():
            text = line.removeprefix("- ")
            plain = ANNOTATION.sub(lambda m: m.group(1), text)
            assert plain == normalize(plain), f"not normalized: {plain!r}"
            for alias, meta in ANNOTATION.findall(text):
                annotated += 1
                value = yaml.safe_load(meta)["value"]
                assert value in catalog.procedures
                assert alias in nlu_build.procedure_names(catalog)[value]
    assert annotated > 100
    lookup = next(item for item in doc["nlu"] if item.get("lookup") == "procedure")
    assert "giay khai sinh" in lookup["examples"]
    assert (out / "rules.yml").exists()


def test_placeholder_templates_are_filled_from_every_procedure() -> None:
    names = nlu_build.procedure_names(load_catalog())
    examples = nlu_build.expand({"ask_fee": ["le phi {procedure} bao nhieu"] * 1}, names)
    assert all(e.text.startswith("le phi [") and e.text.endswith(" bao nhieu") for e in examples)
    assert len(examples) == nlu_build.FILLS_PER_TEMPLATE
