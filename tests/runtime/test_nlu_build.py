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
    names = nlu_build.procedure_names(catalog)
    for item in intents:
        for line in item["examples"].splitlines():
            text = line.removeprefix("- ")
            plain = ANNOTATION.sub(lambda m: m.group(1), text)
            assert plain == normalize(plain), f"not normalized: {plain!r}"
            for alias, meta in ANNOTATION.findall(text):
                annotated += 1
                value = yaml.safe_load(meta)["value"]
                assert value in catalog.procedures
                assert alias in names[value]
    assert annotated > 100
    lookup = next(item for item in doc["nlu"] if item.get("lookup") == "procedure")
    assert "giay khai sinh" in lookup["examples"]
    assert (out / "rules.yml").exists()


def test_placeholder_templates_are_filled_from_every_procedure() -> None:
    names = nlu_build.procedure_names(load_catalog())
    examples = nlu_build.expand({"ask_fee": ["le phi {procedure} bao nhieu"] * 1}, names)
    assert all(e.text.startswith("le phi [") and e.text.endswith(" bao nhieu") for e in examples)
    assert len(examples) == nlu_build.FILLS_PER_TEMPLATE


def test_code_placeholder_is_filled_with_receipt_codes() -> None:
    from assistant.store import find_codes

    examples = nlu_build.expand({"check_status": ["tra cuu ho so {code}"]}, {})
    assert len(examples) == nlu_build.CODES_PER_TEMPLATE
    for e in examples:
        assert "{code}" not in e.text and e.text.startswith("tra cuu ho so ")
        code = e.text.removeprefix("tra cuu ho so ")
        # normalize() splits the punctuation; the code must still be one a citizen could type.
        assert find_codes(code.replace(" . ", ".").replace(" - ", "-")), code
