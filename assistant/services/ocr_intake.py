"""The gateway's use of the OCR pipeline: one lazily built pipeline, one card at a time.

Card images stay in memory: nothing is written to disk, and logs carry no field values.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from assistant.config import Settings

log = logging.getLogger(__name__)
_lock = threading.Lock()
_pipeline: Any = None


def _get_pipeline(settings: Settings) -> Any:
    global _pipeline
    if _pipeline is None:
        # Heavy imports (OpenCV, onnxruntime, Tesseract) only when the first card arrives.
        from ocr.load import LoadConfig
        from ocr.pipeline import Pipeline

        _pipeline = Pipeline(load_config=LoadConfig(max_bytes=settings.max_upload_bytes))
    return _pipeline


def extract(settings: Settings, data: bytes, *, filename: str | None) -> dict[str, Any]:
    """Fields of the first page, as the output contract says. Raises ocr.errors.OCRError for bad input."""
    start = time.perf_counter()
    # Two cores: one card at a time keeps latency predictable and memory bounded.
    with _lock:
        results = _get_pipeline(settings).extract(data, filename=filename)
    first = results[0].to_dict()
    if len(results) > 1:
        first["warnings"].append(f"more_pages: {len(results)} pages, the first was read")
    log.info(
        "ocr extract type=%s fields=%d in %.2f s",
        first["document_type"],
        len(first["fields"]),
        time.perf_counter() - start,
    )
    return first
