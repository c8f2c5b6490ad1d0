"""Dossier-preparation guides: a few questions, then a checklist built from the catalog's facts.

Runtime-neutral: the action server drives the Rasa form with these functions.
"""

from __future__ import annotations

from assistant.guides.engine import (
    Checklist,
    build_checklist,
    initial_answers,
    is_cancel,
    next_step,
    parse_answer,
    render_checklist,
)
from assistant.guides.loader import GUIDES_DIR, GuideError, check_against_catalog, load_guides
from assistant.guides.model import Guide, Option, Step

__all__ = [
    "GUIDES_DIR",
    "Checklist",
    "Guide",
    "GuideError",
    "Option",
    "Step",
    "build_checklist",
    "check_against_catalog",
    "initial_answers",
    "is_cancel",
    "load_guides",
    "next_step",
    "parse_answer",
    "render_checklist",
]
