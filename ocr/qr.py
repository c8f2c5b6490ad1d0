"""QR stage: find and decode the QR code on a card image (OpenCV contrib WeChat detector, no model files).

WeChat's detector decoded 10/10 degraded card photos where `cv2.QRCodeDetector` managed 1/10
(OCR intake issue); it needs no CNN files when constructed without arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.errors import PayloadError
from ocr.qr_payload import parse_qr_payload, redecode_latin1


@dataclass(frozen=True)
class QrResult:
    payload: str
    fields: dict[str, str | None]
    corners: np.ndarray  # 4×2 float32, image coordinates


class QrReader:
    def __init__(self) -> None:
        self._detector = cv2.wechat_qrcode_WeChatQRCode()

    def decode(self, image_bgr: np.ndarray) -> list[tuple[str, np.ndarray]]:
        texts, points = self._detector.detectAndDecode(image_bgr)
        return [(redecode_latin1(t), np.asarray(p, dtype=np.float32)) for t, p in zip(texts, points, strict=False) if t]

    def __call__(self, image_bgr: np.ndarray) -> QrResult | None:
        """The first QR whose payload is a chip-CCCD payload; None when there is none."""
        for text, corners in self.decode(image_bgr):
            try:
                return QrResult(text, parse_qr_payload(text), corners)
            except PayloadError:
                continue  # another QR (an advert, a sticker): keep looking
        return None
