"""POST /api/ocr/extract: a synthetic card in, the output contract out; bad uploads get 4xx in Vietnamese."""

import struct
import zlib

import cv2
from fastapi.testclient import TestClient

from assistant.api.main import create_app
from assistant.config import Settings
from ocr.synth.cccd_chip import render_front
from ocr.synth.persons import make_person


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge image (decompression bomb) with almost no data."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def test_card_photo_gives_the_contract(settings: Settings) -> None:
    person = make_person(606)
    ok, png = cv2.imencode(".png", render_front(person).image)
    assert ok
    with TestClient(create_app(settings)) as client:
        resp = client.post("/api/ocr/extract", files={"file": ("cccd.png", png.tobytes(), "image/png")})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"path", "document_type", "fields", "confidence", "sources", "warnings", "quality"}
    assert body["document_type"] == "cccd_chip_front" and body["quality"]["ok"] is True
    assert body["fields"]["id_number"] == person.id_number


def test_blurred_photo_gets_a_vietnamese_retake_hint(settings: Settings) -> None:
    image = cv2.GaussianBlur(render_front(make_person(607)).image, (0, 0), 6)
    ok, jpeg = cv2.imencode(".jpg", image)
    assert ok
    with TestClient(create_app(settings)) as client:
        resp = client.post("/api/ocr/extract", files={"file": ("anh.jpg", jpeg.tobytes(), "image/jpeg")})
    assert resp.status_code == 200, resp.text
    quality = resp.json()["quality"]
    assert quality["ok"] is False
    assert any(p["code"] == "blurry" and p["severity"] == "retake" for p in quality["problems"])
    assert quality["hints_vi"] and "chụp lại" in quality["hints_vi"][0]


def test_bad_uploads_are_refused_clearly(settings: Settings) -> None:
    cases = [
        (b"", 422, "empty_input"),
        (b"day khong phai la anh", 415, "unsupported_format"),
        (png_header(30000, 30000), 413, "too_many_pixels"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, 422, None),  # truncated JPEG
    ]
    with TestClient(create_app(settings)) as client:
        for data, status, code in cases:
            resp = client.post("/api/ocr/extract", files={"file": ("x.jpg", data, "image/jpeg")})
            assert resp.status_code == status, (data[:10], resp.text)
            assert resp.json()["detail"].startswith("Dạ")
            if code:
                assert resp.json()["code"] == code


def test_upload_over_the_limit_is_413_before_reading(settings: Settings) -> None:
    small = settings.model_copy(update={"max_upload_bytes": 1000})
    with TestClient(create_app(small)) as client:
        resp = client.post("/api/ocr/extract", files={"file": ("big.png", b"\x89PNG" + b"0" * 5000, "image/png")})
    assert resp.status_code == 413
