"""Guide data as frozen dataclasses (runtime-neutral: the action server uses them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.catalog.model import LegalRef

When = dict[str, tuple[str, ...]]


def matches(when: When, answers: dict[str, str]) -> bool:
    return all(answers.get(step) in values for step, values in when.items())


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    question: str
    options: tuple[Option, ...]
    ask_if: When

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class DocRule:
    doc: str
    when: When
    procedure: str | None = None


@dataclass(frozen=True)
class Note:
    text: str
    when: When
    legal_basis: tuple[LegalRef, ...] = ()


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    procedure: str
    triggers: tuple[str, ...]
    steps: tuple[Step, ...]
    procedure_by_step: str | None = None
    procedure_by_map: tuple[tuple[str, str], ...] = ()
    documents: tuple[DocRule, ...] = ()
    notes: tuple[Note, ...] = ()

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def procedure_for(self, answers: dict[str, str]) -> str:
        if self.procedure_by_step:
            return dict(self.procedure_by_map).get(answers.get(self.procedure_by_step, ""), self.procedure)
        return self.procedure


def _when(raw: dict[str, list[str]] | None) -> When:
    return {k: tuple(v) for k, v in (raw or {}).items()}


def guide_from_dict(d: dict[str, Any]) -> Guide:
    by = d.get("procedure_by") or {}
    return Guide(
        id=d["id"],
        title=d["title"],
        procedure=d["procedure"],
        triggers=tuple(d["triggers"]),
        steps=tuple(
            Step(
                id=s["id"],
                question=s["question"],
                options=tuple(Option(o["value"], o["label"], tuple(o.get("synonyms", []))) for o in s["options"]),
                ask_if=_when(s.get("ask_if")),
            )
            for s in d["steps"]
        ),
        procedure_by_step=by.get("step"),
        procedure_by_map=tuple(sorted((by.get("map") or {}).items())),
        documents=tuple(DocRule(r["doc"], _when(r["when"]), r.get("procedure")) for r in d.get("documents", [])),
        notes=tuple(
            Note(
                n["text"],
                _when(n.get("when")),
                tuple(LegalRef(r["number"], r["title"], r.get("article")) for r in n.get("legal_basis", [])),
            )
            for n in d.get("notes", [])
        ),
    )
