import io
import random
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from ocr.errors import (
    CorruptFileError,
    DocumentLoadError,
    EmptyInputError,
    ImageTooSmallError,
    InputError,
    InputTooLargeError,
    UnsupportedFormatError,
)
from ocr.load import (
    PIL_MAX_IMAGE_PIXELS,
    SUPPORTED_TYPES,
    DocumentLoader,
    LoadConfig,
    LoadedDocument,
    detect_type,
    load_document,
)

pillow_heif.register_heif_opener()

RED_BGR = (0, 0, 255)
WHITE = (255, 255, 255)


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **params)
    return buffer.getvalue()


def card(size: tuple[int, int] = (640, 400), color: tuple[int, int, int] = (230, 230, 230)) -> Image.Image:
    """A plain image with a red 60×60 marker in its top-left corner, to follow rotations."""
    img = Image.new("RGB", size, color)
    img.paste((255, 0, 0), (0, 0, 60, 60))
    return img


def near(pixel: np.ndarray, expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return bool(np.all(np.abs(pixel.astype(int) - np.array(expected)) <= tolerance))


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR declaring width×height RGB, one tiny IDAT, IEND: no real pixels."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


def minimal_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose objects 1, 2, 3... are `objects` (1 must be the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


CATALOG_AND_PAGES = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def encrypted_pdf() -> bytes:
    """A one-page PDF behind the standard security handler with a user password we do not know."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 243 153] >>"
    security = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
    file_id = b"<" + b"ab" * 16 + b">"
    return minimal_pdf([*CATALOG_AND_PAGES, page, security], b"/Encrypt 4 0 R /ID [%s %s]" % (file_id, file_id))


def image_bomb_pdf(side: int) -> bytes:
    """A card-sized page drawing one side×side RGB image, of which only 50 rows are actually stored."""
    pixels = zlib.compress(b"\x00" * (3 * side * 50), 9)
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 243 153] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
    )
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(pixels)) + pixels + b"\nendstream"
    )
    draw = b"q 243 0 0 153 0 0 cm /Im0 Do Q"
    contents = b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream"
    return minimal_pdf([*CATALOG_AND_PAGES, page, image, contents])


# -- accepted formats --------------------------------------------------------------------------------------


def test_jpeg_exif_orientation_6_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, displayed rotated 90° clockwise
    data = encode(card(), "JPEG", quality=92, exif=exif.tobytes())

    doc = load_document(data, filename="cccd.jpg", content_type="image/jpeg")

    assert isinstance(doc, LoadedDocument)
    assert doc.source_type == "jpeg"
    assert doc.warnings == []
    (page,) = doc.pages
    assert page.shape == (640, 400, 3)
    assert page.dtype == np.uint8
    assert page.flags["C_CONTIGUOUS"] and page.flags["WRITEABLE"]
    # Rotating clockwise moves the top-left marker to the top-right corner.
    assert near(page[20, 400 - 20], RED_BGR)
    assert near(page[20, 20], (230, 230, 230))


def test_png_alpha_is_flattened_on_white() -> None:
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))  # transparent black would turn black without flattening
    img.paste((255, 0, 0, 255), (0, 0, 150, 300))
    img.paste((0, 0, 255, 128), (150, 0, 300, 300))

    (page,) = load_document(encode(img, "PNG")).pages

    assert page.shape == (300, 300, 3)
    assert tuple(page[10, 10]) == RED_BGR
    assert near(page[10, 200], (255, 127, 127), tolerance=2)  # half-transparent blue over white


def test_palette_png_with_transparent_index() -> None:
    img = Image.new("P", (250, 250), 0)
    img.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    img.paste(1, (0, 0, 100, 100))
    (page,) = load_document(encode(img, "PNG", transparency=0)).pages
    assert tuple(page[50, 50]) == RED_BGR
    assert tuple(page[200, 200]) == WHITE


def test_16_bit_grey_png_keeps_its_tones() -> None:
    ramp = np.tile(np.linspace(0, 65535, 256).astype(np.uint16), (256, 1))
    (page,) = load_document(encode(Image.fromarray(ramp), "PNG")).pages
    assert page.shape == (256, 256, 3)
    assert page[0, 0, 0] == 0
    assert page[0, 128, 0] in (127, 128)  # convert("RGB") would have clipped this to 255
    assert page[0, 255, 0] == 255


def test_webp() -> None:
    doc = load_document(encode(card(), "WEBP", lossless=True), content_type="image/webp")
    assert doc.source_type == "webp"
    assert tuple(doc.pages[0][10, 10]) == RED_BGR


def test_heic_from_pillow_heif() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(card(), "HEIF", quality=90, exif=exif.tobytes())
    assert data[4:12] == b"ftypheic"

    doc = load_document(data, filename="IMG_0001.HEIC")

    assert doc.source_type == "heif"
    (page,) = doc.pages
    # libheif applies the rotation itself; it must not be applied a second time.
    assert page.shape == (640, 400, 3)
    assert near(page[20, 400 - 20], RED_BGR, tolerance=30)


def test_bmp_and_tiff_pages() -> None:
    assert load_document(encode(card(), "BMP")).source_type == "bmp"

    frames = [card(color=(10 * i, 100, 100)) for i in range(6)]
    tiff = encode(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    doc = load_document(tiff)
    assert doc.source_type == "tiff"
    assert len(doc.pages) == 4  # default max_pages
    assert near(doc.pages[3][300, 300], (100, 100, 30), tolerance=0)
    assert any(w.startswith("pages_truncated:") for w in doc.warnings)
    assert len(load_document(tiff, config=LoadConfig(max_pages=6)).pages) == 6


def test_two_page_pdf_renders_card_size_pages() -> None:
    # Two ID-1 sized pages (85.6 × 54 mm at 254 dpi), front red and back blue.
    front, back = Image.new("RGB", (856, 540), (200, 30, 30)), Image.new("RGB", (856, 540), (30, 30, 200))
    data = encode(front, "PDF", resolution=254.0, save_all=True, append_images=[back])

    doc = load_document(data, filename="cccd.pdf", content_type="application/pdf")

    assert doc.source_type == "pdf"
    assert doc.warnings == []
    assert len(doc.pages) == 2
    for page in doc.pages:
        assert 1000 <= page.shape[1] <= 1600
        assert page.dtype == np.uint8 and page.ndim == 3 and page.flags["C_CONTIGUOUS"]
    assert near(doc.pages[0][300, 600], (30, 30, 200))
    assert near(doc.pages[1][300, 600], (200, 30, 30))


def test_pdf_page_cap_and_poster_pages() -> None:
    pages = [Image.new("RGB", (856, 540), (i * 40, 0, 0)) for i in range(6)]
    data = encode(pages[0], "PDF", resolution=254.0, save_all=True, append_images=pages[1:])
    doc = load_document(data)
    assert len(doc.pages) == 4
    assert "pages_truncated: the PDF has 6 pages, the first 4 are used" in doc.warnings

    # A 1 m wide page would be 15000 px at card resolution: rendered smaller, not refused.
    poster = encode(Image.new("RGB", (1000, 500), "white"), "PDF", resolution=25.4)
    (page,) = load_document(poster).pages
    assert page.shape[0] * page.shape[1] <= LoadConfig().max_pixels
    assert max(page.shape) <= LoadConfig().max_side


def test_animated_png_and_webp_use_the_first_frame() -> None:
    frames = [Image.new("RGB", (300, 300), color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    for fmt in ("PNG", "WEBP"):
        params = {"lossless": True} if fmt == "WEBP" else {}
        doc = load_document(encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, **params))
        assert tuple(doc.pages[0][150, 150]) == RED_BGR
        assert doc.warnings == ["animated_first_frame: 3 frames, the first one is used"]


def test_path_input_and_declared_type_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"  # JPEG content behind a .png name: loaded, but reported
    path.write_bytes(encode(card(), "JPEG"))
    doc = DocumentLoader()(path, content_type="image/jpeg")
    assert doc.source_type == "jpeg"
    assert doc.warnings == ["declared_type_mismatch: filename 'photo.png' says png, content is jpeg"]

    doc = load_document(str(path), filename="upload.bin", content_type="application/octet-stream")
    assert doc.warnings == []  # neither declaration makes a claim


def test_detect_type_from_magic_bytes() -> None:
    assert detect_type(encode(card(), "JPEG")) == "jpeg"
    assert detect_type(encode(card(), "HEIF")) == "heif"
    assert detect_type(b"\n\n%PDF-1.7 leading junk is allowed") == "pdf"
    assert detect_type(b"BM this is a sentence, not a bitmap") == "text"
    assert detect_type(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom") == "video"
    assert detect_type(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf") == "avif"
    assert set(SUPPORTED_TYPES) == {"jpeg", "png", "webp", "heif", "tiff", "bmp", "pdf"}


# -- refusals ----------------------------------------------------------------------------------------------


def test_decompression_bomb_header_is_refused_fast() -> None:
    data = png_header_only(30000, 30000)
    assert len(data) < 200
    started = time.perf_counter()
    with pytest.raises(InputTooLargeError) as caught:
        load_document(data)
    assert time.perf_counter() - started < 1.0
    assert caught.value.code == "too_many_pixels"
    assert "40 megapixel" in caught.value.message


def test_too_many_pixels_refused_by_our_own_check_before_decoding() -> None:
    started = time.perf_counter()
    with pytest.raises(InputTooLargeError) as caught:
        load_document(png_header_only(8000, 6000))  # 48 MP: above our 40 MP, below PIL's own limit
    assert time.perf_counter() - started < 1.0
    assert caught.value.code == "too_many_pixels"
    assert "8000x6000" in caught.value.detail


def test_side_too_long() -> None:
    with pytest.raises(InputTooLargeError) as caught:
        load_document(png_header_only(20000, 300))
    assert caught.value.code == "side_too_long"


def test_too_many_bytes_for_bytes_and_paths(tmp_path: Path) -> None:
    with pytest.raises(InputTooLargeError) as caught:
        load_document(b"\xff\xd8\xff" + b"\x00" * (15 * 1024 * 1024))
    assert caught.value.code == "too_many_bytes"
    assert caught.value.message == "Dạ, ảnh quá lớn ạ. Anh/chị vui lòng gửi ảnh dưới 15 MB."

    path = tmp_path / "big.jpg"
    path.write_bytes(encode(card(), "JPEG"))
    with pytest.raises(InputTooLargeError, match="too_many_bytes"):
        load_document(path, config=LoadConfig(max_bytes=1000))


def test_too_small_image() -> None:
    with pytest.raises(ImageTooSmallError) as caught:
        load_document(encode(card((320, 150)), "PNG"))
    assert caught.value.code == "too_small"


def test_truncated_files_are_corrupt() -> None:
    jpeg = encode(card(), "JPEG")
    png = encode(card(), "PNG")
    for data in (jpeg[: len(jpeg) // 2], png[: len(png) // 2], b"%PDF-1.4\n1 0 obj\n<<"):
        with pytest.raises(CorruptFileError) as caught:
            load_document(data)
        assert caught.value.code == "corrupt_file"


def test_pdf_image_bomb_is_refused_before_rendering() -> None:
    (page,) = load_document(image_bomb_pdf(2000)).pages  # the same construction at a sane size renders
    assert page.shape == (820, 1302, 3)
    assert tuple(page[400, 650]) == (0, 0, 0)

    started = time.perf_counter()
    with pytest.raises(InputTooLargeError) as caught:
        load_document(image_bomb_pdf(30000))  # 5 kB of PDF; PDFium alone needs ~2 s to draw it
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "pdf_images_too_large"


def test_password_protected_pdf() -> None:
    with pytest.raises(CorruptFileError) as caught:
        load_document(encrypted_pdf())
    assert caught.value.code == "pdf_password_protected"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (random.Random(4).randbytes(5000), "unknown"),
        ("Họ và tên: NGUYỄN VĂN A\nSố: 001099012345\n".encode(), "text"),
        (b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 100, "zip"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "exe"),
        (encode(Image.new("RGB", (300, 300)), "GIF"), "gif"),
    ],
)
def test_non_images_are_unsupported(data: bytes, kind: str) -> None:
    with pytest.raises(UnsupportedFormatError) as caught:
        load_document(data, filename="cccd.jpg")
    assert caught.value.code == "unsupported_format"
    assert f"content looks like {kind}" in caught.value.detail
    assert "filename 'cccd.jpg' says jpeg" in caught.value.detail


def test_empty_input_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyInputError):
        load_document(b"")
    (tmp_path / "empty.png").write_bytes(b"")
    with pytest.raises(EmptyInputError):
        load_document(tmp_path / "empty.png")
    with pytest.raises(DocumentLoadError) as caught:
        load_document(tmp_path / "missing.jpg")
    assert caught.value.code == "file_unreadable"
    with pytest.raises(TypeError):
        load_document(12345)  # type: ignore[arg-type]


def test_errors_carry_code_and_polite_vietnamese_message() -> None:
    error = None
    try:
        load_document(b"")
    except InputError as exc:
        error = exc
    assert isinstance(error, DocumentLoadError)
    assert str(error) == "empty_input: zero bytes"
    assert error.message.startswith("Dạ,") and "Anh/chị vui lòng" in error.message


def test_config_is_validated() -> None:
    with pytest.raises(ValueError):
        LoadConfig(max_pixels=PIL_MAX_IMAGE_PIXELS + 1)
    with pytest.raises(ValueError):
        LoadConfig(min_side=500, max_side=400)
    with pytest.raises(ValueError):
        LoadConfig(max_pages=0)


@pytest.mark.filterwarnings("ignore::UserWarning")  # PIL's TIFF reader warns about the damage it skips
def test_damaged_files_never_leak_library_errors() -> None:
    """Truncations and byte flips of every accepted type either load or raise a DocumentLoadError."""
    pdf = encode(Image.new("RGB", (856, 540), "red"), "PDF", resolution=254.0)
    samples = [encode(card(), fmt) for fmt in ("JPEG", "PNG", "WEBP", "HEIF", "TIFF", "BMP")] + [pdf]
    rng = random.Random(7)
    outcomes = {"loaded": 0, "refused": 0}
    for sample in samples:
        for _ in range(12):
            data = bytearray(sample)
            if rng.random() < 0.5:
                del data[rng.randrange(16, len(data)) :]
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(4, min(len(data), 400))] = rng.randrange(256)
            try:
                load_document(bytes(data))
                outcomes["loaded"] += 1
            except DocumentLoadError:
                outcomes["refused"] += 1
    assert outcomes["refused"] > 0


def test_12_megapixel_jpeg_load_time() -> None:
    # A gradient with tiled noise compresses like a phone photo (several MB at quality 90).
    noise = np.random.default_rng(0).integers(-40, 40, (300, 400, 3))
    ramp = np.linspace(40, 200, 4000)[None, :, None]
    rgb = np.clip(ramp + np.tile(noise, (10, 10, 1)), 0, 255).astype(np.uint8)
    data = encode(Image.fromarray(rgb), "JPEG", quality=90)
    assert len(data) > 3_000_000
    started = time.perf_counter()
    (page,) = load_document(data).pages
    elapsed = time.perf_counter() - started
    print(f"12 MP JPEG ({len(data) / 1e6:.1f} MB) loaded in {elapsed * 1000:.0f} ms")
    assert page.shape == (3000, 4000, 3)
    assert elapsed < 3.0  # about 0.2 s on the 2-core dev machine; generous for a loaded CI runner
