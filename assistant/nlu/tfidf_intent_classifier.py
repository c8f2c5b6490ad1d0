"""Rasa intent classifier: TF-IDF word and character n-grams + logistic regression.

Runs in the Rasa server (.venv-rasa). Rasa's own LogisticRegressionClassifier
sees raw counts from CountVectorsFeaturizer; sublinear TF-IDF over word 1-2 grams
and character 2-5 grams separated the intents better on the development set
(docs/nlu_pipeline.md), at the same training cost. The text arrives already
normalized by assistant.textnorm, so no tokenizer-specific features are needed.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_union

log = logging.getLogger(__name__)
# Types a model file may contain; anything else in the file means it is not ours.
_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.")


def _pipeline(config: dict[str, Any]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(ngram_range=tuple(config["word_ngrams"]), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), sublinear_tf=True),
    )
    clf = LogisticRegression(C=config["C"], max_iter=config["max_iter"], random_state=config["random_state"])
    return Pipeline([("features", features), ("clf", clf)])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TfidfIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            "C": 10.0,
            "max_iter": 3000,
            "random_state": 42,
            "ranking_length": 10,
        }

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.model: Pipeline | None = None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            log.debug("no intent examples; classifier left untrained")
            return self._resource
        self.model = _pipeline(self.config)
        self.model.fit([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples])
        self._persist()
        return self._resource

    def _persist(self) -> None:
        import skops.io as sio

        with self._storage.write_to(self._resource) as model_dir:
            sio.dump(self.model, model_dir / "intent_classifier.skops")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfIntentClassifier:
        import skops.io as sio

        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / "intent_classifier.skops"
                untrusted = sio.get_untrusted_types(file=path)
                foreign = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
                if foreign:
                    raise ValueError(f"unexpected types in {path.name}: {foreign}")
                component.model = sio.load(path, trusted=untrusted)
        except ValueError:
            log.warning("intent classifier could not be loaded; every message will fall back")
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        probabilities = self.model.predict_proba(texts)
        labels = self.model.classes_
        for message, probs in zip(messages, probabilities, strict=True):
            ranking = sorted(
                ({"name": str(name), "confidence": float(p)} for name, p in zip(labels, probs, strict=True)),
                key=lambda r: -r["confidence"],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages
