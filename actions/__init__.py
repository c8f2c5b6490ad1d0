"""Rasa custom actions (run by `rasa run actions` in .venv-rasa, pydantic 1).

Import only runtime-neutral code from `assistant` (catalog, textnorm, dialogue.answers).
"""
