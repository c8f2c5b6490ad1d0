"""The PP-OCR models shipped as ONNX inside the rapidocr wheel, opened with onnxruntime on the CPU.

Only the weights come from rapidocr: its config loader, logger and model downloader are never involved.
onnxruntime phones home unless ORT_DISABLE_TELEMETRY=1 is set before it is imported: this module sets it
first, and every module that runs a model imports onnxruntime through it (docs/ocr_plan.md, "Traps found").
"""

from __future__ import annotations

import os

# Before any import that could pull in onnxruntime (ruff allows os.environ writes above imports).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import importlib.util
from pathlib import Path

import onnxruntime as ort

from ocr.errors import OCRError


def rapidocr_model(file: str) -> Path:
    """A model file inside the installed rapidocr wheel (found without importing rapidocr)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise OCRError(f"rapidocr is not installed: it ships the model {file} (pip install rapidocr)")
    return Path(next(iter(spec.submodule_search_locations))) / "models" / file


def cpu_session(path: Path, *, threads: int, what: str, arena: bool = True) -> ort.InferenceSession:
    """An onnxruntime CPU session for `path`; `what` names the model in errors ("text detection model")."""
    if not path.is_file():
        raise OCRError(f"{what} not found: {path}")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle ORT threads busy-wait by default, stealing a core from Tesseract, which runs right after
    # detection: measured 0.19 s instead of 0.13 s to read a card on 2 cores.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # errors only: the optimizer's warnings are noise here
    options.enable_cpu_mem_arena = arena
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped exceptions
        raise OCRError(f"cannot load {what} {path}: {exc}") from exc
