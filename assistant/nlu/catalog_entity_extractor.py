"""Rasa entity extractor for `procedure`, backed by the live catalog's alias matcher.

Runs in the Rasa server (.venv-rasa). It reads the catalog from disk and reloads
it on change, so a name added to a procedure file is recognised without
retraining; the actions resolve procedures with the same matcher, so what NLU
reports and what the bot answers about cannot disagree.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.catalog.cache import ReloadingCatalog

ENTITY = "procedure"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CatalogEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CatalogEntityExtractor:
        return cls()

    def __init__(self) -> None:
        self._catalog = ReloadingCatalog()

    def process(self, messages: list[Message]) -> list[Message]:
        catalog = self._catalog.get()
        for message in messages:
            text = message.get(TEXT) or ""
            match = catalog.matcher.best(text)
            if match is None:
                continue
            start = text.find(match.matched_text)
            end = start + len(match.matched_text) if start >= 0 else 0
            entity = {
                "entity": ENTITY,
                "value": match.procedure_id,
                "start": max(start, 0),
                "end": end,
                # Exact hits are certain; near matches (typos) a little less.
                "confidence": 1.0 if match.alias == match.matched_text else 0.9,
            }
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            message.set(ENTITIES, entities + self.add_extractor_name([entity]), add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
