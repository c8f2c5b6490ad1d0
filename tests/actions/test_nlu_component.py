"""The catalog-backed entity extractor inside Rasa's NLU pipeline."""

from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.catalog_entity_extractor import CatalogEntityExtractor


def extract(text: str) -> list[dict]:
    message = Message(data={TEXT: text})
    CatalogEntityExtractor().process([message])
    return message.get(ENTITIES, [])


def test_exact_alias_with_span() -> None:
    text = "cho hoi ve giay khai sinh can gi"
    [entity] = extract(text)
    assert entity["value"] == "dang_ky_khai_sinh" and entity["extractor"] == "CatalogEntityExtractor"
    assert text[entity["start"] : entity["end"]] == "giay khai sinh"


def test_more_specific_alias_wins() -> None:
    assert extract("doi can cuoc cong dan bao lau")[0]["value"] == "doi_can_cuoc"


def test_typo_still_found() -> None:
    [entity] = extract("tro cap that nghep bao lau")
    assert entity["value"] == "tro_cap_that_nghiep" and entity["confidence"] < 1


def test_no_procedure_no_entity() -> None:
    assert extract("viet nam da thai lan ty so may") == []
