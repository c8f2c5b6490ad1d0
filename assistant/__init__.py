"""dvc-assistant: virtual assistant for Vietnamese public services.

Kept free of imports on purpose: `actions/` (Rasa runtime, pydantic 1) imports
`assistant.catalog` and `assistant.textnorm`, which must not pull in FastAPI.
"""
