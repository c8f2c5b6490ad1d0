"""QR stage on rendered codes: Vietnamese UTF-8 payload decoded and parsed; foreign QR codes ignored."""

import io

import cv2
import numpy as np
import segno

from ocr.qr import QrReader

PAYLOAD = "024098001234|123456789|Nguyễn Thị Hồng Nhung|05091998|Nữ|Xã Hòa Bình, Huyện Lục Ngạn, Bắc Giang|10052021"


def render(text: str, scale: int = 6) -> np.ndarray:
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="png", scale=scale, border=4)
    image = cv2.imdecode(np.frombuffer(buf.getvalue(), np.uint8), cv2.IMREAD_COLOR)
    canvas = np.full((image.shape[0] + 200, image.shape[1] + 300, 3), 235, np.uint8)
    canvas[100 : 100 + image.shape[0], 150 : 150 + image.shape[1]] = image
    return canvas


def test_card_qr_is_decoded_and_parsed() -> None:
    result = QrReader()(render(PAYLOAD))
    assert result is not None
    assert result.fields["full_name"] == "Nguyễn Thị Hồng Nhung"
    assert result.fields["date_of_birth"] == "05/09/1998" and result.fields["sex"] == "Nữ"
    assert result.corners.shape == (4, 2)


def test_blurred_and_compressed_qr_still_reads() -> None:
    image = cv2.GaussianBlur(render(PAYLOAD, scale=4), (3, 3), 0)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 45])
    assert ok
    result = QrReader()(cv2.imdecode(jpeg, cv2.IMREAD_COLOR))
    assert result is not None and result.fields["id_number"] == "024098001234"


def test_foreign_qr_and_no_qr_give_none() -> None:
    reader = QrReader()
    assert reader(render("https://example.com/khuyen-mai")) is None
    assert reader(np.full((400, 600, 3), 255, np.uint8)) is None
