"""Stage 1 of the OCR intake: load and validate an uploaded document image or PDF.

`DocumentLoader(config)(source, filename=..., content_type=...)` turns upload bytes (or a path) into
`LoadedDocument.pages`, BGR uint8 arrays ready for OpenCV, or raises a `DocumentLoadError` subclass whose
`code` goes to the logs and whose Vietnamese `message` can be shown to the citizen as is.

Order of checks, cheapest first, so hostile input is refused before anything big is allocated:
byte count (from `stat` for a path) → magic bytes (the declared name/type is only compared, never trusted)
→ image header: pixel count, longest and shortest side → decode → EXIF orientation → RGB on white → BGR.
JPEG, PNG, WebP, HEIC/HEIF, BMP give one page (the first frame of an animation, the primary image of a
HEIF); TIFF and PDF give up to `max_pages` pages. PDF pages are rendered with PDFium at the resolution that
puts an ID-1 card (85.6 mm) at about `pdf_card_width_px` pixels.
"""

from __future__ import annotations

import io
import math
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pillow_heif
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps

from ocr.errors import (
    CorruptFileError,
    DocumentLoadError,
    EmptyInputError,
    ImageTooSmallError,
    InputTooLargeError,
    UnsupportedFormatError,
)

Source = bytes | bytearray | memoryview | str | os.PathLike[str]

#: Content types this stage accepts, as reported in `LoadedDocument.source_type`.
SUPPORTED_TYPES = ("jpeg", "png", "webp", "heif", "tiff", "bmp", "pdf")

#: PIL's own decompression-bomb limit, pinned here rather than left to PIL's default (89 MP) or to whatever
#: another module set (None disables it). PIL warns above it and raises above twice it, inside `Image.open`.
#: `LoadConfig.max_pixels` must stay below it, so our polite refusal always comes first for the pixel counts
#: we care about and PIL's error is only the backstop for absurd headers (the 30000×30000 PNG).
PIL_MAX_IMAGE_PIXELS = 64_000_000

ID1_CARD_WIDTH_INCHES = 85.6 / 25.4  # ISO/IEC 7810 ID-1, the CCCD/căn cước card format

_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "heif": "HEIF", "tiff": "TIFF", "bmp": "BMP"}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}
_BMP_DIB_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124}

# Declared types we can compare with the content. Anything else (application/octet-stream, no extension)
# makes no claim, so it cannot contradict the content.
_EXTENSION_TYPES = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".jfif": "jpeg",
    ".png": "png",
    ".webp": "webp",
    ".heic": "heif",
    ".heif": "heif",
    ".hif": "heif",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".bmp": "bmp",
    ".dib": "bmp",
    ".pdf": "pdf",
    ".gif": "gif",
    ".avif": "avif",
    ".txt": "text",
    ".zip": "zip",
    ".exe": "exe",
}
_MIME_TYPES = {
    "image/jpeg": "jpeg",
    "image/jpg": "jpeg",
    "image/pjpeg": "jpeg",
    "image/png": "png",
    "image/x-png": "png",
    "image/webp": "webp",
    "image/heic": "heif",
    "image/heif": "heif",
    "image/heic-sequence": "heif",
    "image/heif-sequence": "heif",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
    "image/x-bmp": "bmp",
    "image/x-ms-bmp": "bmp",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "image/gif": "gif",
    "image/avif": "avif",
    "text/plain": "text",
    "application/zip": "zip",
}

# PDFium keeps global state and is not thread-safe; the gateway may run loads in a thread pool.
_PDFIUM_LOCK = threading.Lock()

pillow_heif.register_heif_opener()
Image.MAX_IMAGE_PIXELS = PIL_MAX_IMAGE_PIXELS


@dataclass(frozen=True)
class LoadConfig:
    """Limits of the load stage. Defaults suit phone photos and scans of one identity document."""

    max_bytes: int = 15 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 12_000
    min_side: int = 200  # shorter side; below it no field is readable whatever the later stages do
    max_pages: int = 4  # PDF pages or TIFF frames; a front, a back and a little slack
    pdf_card_width_px: int = 1300  # ≈ 386 dpi: a card on an A4 scan comes out 1000–1600 px wide
    # PDFium decodes embedded images at full size whatever the output size (a 30000² image costs ~2 s):
    # the sum of the image sizes on a page is bounded, an A4 scan at 600 dpi being 35 MP.
    pdf_max_image_pixels: int = 80_000_000

    def __post_init__(self) -> None:
        for name in (
            "max_bytes",
            "max_pixels",
            "max_side",
            "min_side",
            "max_pages",
            "pdf_card_width_px",
            "pdf_max_image_pixels",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"LoadConfig.{name} must be positive")
        if self.min_side > self.max_side:
            raise ValueError("LoadConfig.min_side must not exceed max_side")
        if self.max_pixels > PIL_MAX_IMAGE_PIXELS:
            raise ValueError(f"LoadConfig.max_pixels must not exceed PIL_MAX_IMAGE_PIXELS ({PIL_MAX_IMAGE_PIXELS})")


@dataclass(frozen=True)
class LoadedDocument:
    """Decoded pages (BGR uint8, C-contiguous), the content type found and non-fatal findings.

    `warnings` are English strings starting with a stable code ("declared_type_mismatch: ...",
    "animated_first_frame: ...", "pages_truncated: ...", "pdf_page_downscaled: ...", "exif_unreadable: ...").
    """

    pages: list[np.ndarray]
    source_type: str
    warnings: list[str] = field(default_factory=list)


def detect_type(data: bytes) -> str:
    """Name the content type from magic bytes: one of SUPPORTED_TYPES, or a name for a refused kind.

    Refused kinds: "gif", "avif", "video", "jpeg2000", "zip", "ms_office", "gzip", "rar", "7z", "exe", "elf",
    "text", "unknown".
    """
    head = bytes(data[:1024])
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return _iso_media_type(head)
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    # "BM" alone is too weak (a text file may start with it): also require a known DIB header size.
    if head[:2] == b"BM" and len(head) >= 18 and int.from_bytes(head[14:18], "little") in _BMP_DIB_HEADER_SIZES:
        return "bmp"
    # PDF readers accept the header anywhere in the first 1024 bytes; so does PDFium.
    if b"%PDF-" in head:
        return "pdf"
    for magic, kind in (
        (b"GIF87a", "gif"),
        (b"GIF89a", "gif"),
        (b"\x00\x00\x00\x0cjP  ", "jpeg2000"),
        (b"\xff\x4f\xff\x51", "jpeg2000"),
        (b"PK\x03\x04", "zip"),
        (b"PK\x05\x06", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ms_office"),
        (b"\x1f\x8b", "gzip"),
        (b"Rar!\x1a\x07", "rar"),
        (b"7z\xbc\xaf\x27\x1c", "7z"),
        (b"MZ", "exe"),
        (b"\x7fELF", "elf"),
    ):
        if head.startswith(magic):
            return kind
    return "text" if _looks_like_text(head) else "unknown"


def _iso_media_type(head: bytes) -> str:
    """HEIF, AVIF or a video, from the ISO-BMFF `ftyp` box (major brand, then compatible brands)."""
    box_size = int.from_bytes(head[:4], "big")
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
    # An AVIF often lists mif1 too, so AVIF brands win: libheif here has no AV1 decoder to rely on.
    if major in _AVIF_BRANDS or (major in {b"mif1", b"msf1"} and compatible & _AVIF_BRANDS):
        return "avif"
    if major in _HEIF_BRANDS or compatible & (_HEIF_BRANDS - {b"mif1", b"msf1", b"mif2"}):
        return "heif"
    return "video"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # a multi-byte character cut by the 1024-byte window is still text
            return False
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\f")
    return controls <= len(head) // 50


def declared_type(filename: str | None, content_type: str | None) -> list[tuple[str, str]]:
    """(what was declared, type it claims) for each declaration that makes a claim we know."""
    claims = []
    if filename:
        ext = os.path.splitext(filename)[1].lower()
        if ext in _EXTENSION_TYPES:
            claims.append((f"filename {filename!r}", _EXTENSION_TYPES[ext]))
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime in _MIME_TYPES:
            claims.append((f"content type {mime!r}", _MIME_TYPES[mime]))
    return claims


class DocumentLoader:
    """Load one upload into BGR pages; see the module docstring for the order of checks."""

    def __init__(self, config: LoadConfig | None = None) -> None:
        self.config = config or LoadConfig()

    def __call__(
        self, source: Source, *, filename: str | None = None, content_type: str | None = None
    ) -> LoadedDocument:
        if isinstance(source, (str, os.PathLike)):
            path = Path(source)
            data = self._read_path(path)
            filename = filename or path.name
        elif isinstance(source, (bytes, bytearray, memoryview)):
            self._check_byte_count(memoryview(source).nbytes)  # before copying anything
            data = bytes(source)
        else:
            raise TypeError(f"source must be bytes or a path, not {type(source).__name__}")
        if not data:
            raise EmptyInputError(
                "empty_input",
                "Dạ, tệp gửi lên đang trống ạ. Anh/chị vui lòng gửi lại ảnh chụp giấy tờ.",
                "zero bytes",
            )

        kind = detect_type(data)
        claims = declared_type(filename, content_type)
        if kind not in SUPPORTED_TYPES:
            declared = "; ".join(f"{what} says {claimed}" for what, claimed in claims) or "nothing declared"
            raise UnsupportedFormatError(
                "unsupported_format",
                "Dạ, hệ thống chưa đọc được loại tệp này ạ. "
                "Anh/chị vui lòng gửi ảnh chụp giấy tờ (JPG, PNG, HEIC) hoặc tệp PDF.",
                f"content looks like {kind} ({len(data)} bytes, starts {data[:8]!r}); {declared}",
            )
        warnings = [
            f"declared_type_mismatch: {what} says {claimed}, content is {kind}"
            for what, claimed in claims
            if claimed != kind
        ]

        pages = self._load_pdf(data, warnings) if kind == "pdf" else self._load_image(data, kind, warnings)
        return LoadedDocument(pages=pages, source_type=kind, warnings=warnings)

    # -- bytes ---------------------------------------------------------------------------------------------

    def _read_path(self, path: Path) -> bytes:
        try:
            self._check_byte_count(path.stat().st_size)  # before reading: a 2 GB file is never read
            with path.open("rb") as handle:
                data = handle.read(self.config.max_bytes + 1)
        except OSError as exc:
            raise DocumentLoadError(
                "file_unreadable",
                "Dạ, hệ thống chưa mở được tệp này ạ. Anh/chị vui lòng gửi lại ảnh chụp giấy tờ.",
                f"{path}: {type(exc).__name__}: {exc.strerror or exc}",
            ) from None
        self._check_byte_count(len(data))  # the file may have grown since stat
        return data

    def _check_byte_count(self, size: int) -> None:
        if size > self.config.max_bytes:
            limit = _megabytes(self.config.max_bytes)
            raise InputTooLargeError(
                "too_many_bytes",
                f"Dạ, ảnh quá lớn ạ. Anh/chị vui lòng gửi ảnh dưới {limit} MB.",
                f"{size} bytes > max_bytes {self.config.max_bytes}",
            )

    # -- dimensions ----------------------------------------------------------------------------------------

    def _check_dimensions(self, width: int, height: int, what: str) -> None:
        """Refuse from the header size alone, before any pixel memory is allocated."""
        cfg = self.config
        if width < 1 or height < 1:
            raise _corrupt(f"{what} declares {width}x{height} pixels")
        if width * height > cfg.max_pixels:
            raise InputTooLargeError(
                "too_many_pixels",
                "Dạ, ảnh có độ phân giải quá lớn ạ. Anh/chị vui lòng chụp ở chế độ thường "
                f"hoặc gửi ảnh dưới {cfg.max_pixels / 1e6:g} megapixel.",
                f"{what} {width}x{height} = {width * height} pixels > max_pixels {cfg.max_pixels}",
            )
        if max(width, height) > cfg.max_side:
            raise InputTooLargeError(
                "side_too_long",
                "Dạ, ảnh quá dài hoặc quá rộng ạ. Anh/chị vui lòng chụp lại riêng giấy tờ.",
                f"{what} {width}x{height}: a side exceeds max_side {cfg.max_side}",
            )
        if min(width, height) < cfg.min_side:
            raise ImageTooSmallError(
                "too_small",
                "Dạ, ảnh quá nhỏ nên hệ thống không đọc được ạ. "
                "Anh/chị vui lòng gửi ảnh gốc, chụp rõ và gần giấy tờ hơn.",
                f"{what} {width}x{height}: shorter side < min_side {cfg.min_side}",
            )

    # -- raster images -------------------------------------------------------------------------------------

    def _load_image(self, data: bytes, kind: str, warnings: list[str]) -> list[np.ndarray]:
        # Re-pinned on every call: another library may have set it to None after this module was imported.
        Image.MAX_IMAGE_PIXELS = PIL_MAX_IMAGE_PIXELS
        pages: list[np.ndarray] = []
        try:
            # `formats` stops PIL from trying every other plugin on bytes whose magic we already know.
            with Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]]) as img:
                if kind == "tiff":
                    pages = self._tiff_pages(img, warnings)
                else:
                    # The first frame is the still image (APNG default image, WebP first frame); a HEIF
                    # opens on its primary image.
                    if kind in ("png", "webp") and getattr(img, "is_animated", False):
                        warnings.append(
                            f"animated_first_frame: {getattr(img, 'n_frames', '?')} frames, the first one is used"
                        )
                    pages = [self._frame_to_bgr(img, "image", warnings)]
        except DocumentLoadError:
            raise
        except Image.DecompressionBombError as exc:
            raise InputTooLargeError(
                "too_many_pixels",
                "Dạ, ảnh có độ phân giải quá lớn ạ. Anh/chị vui lòng chụp ở chế độ thường "
                f"hoặc gửi ảnh dưới {self.config.max_pixels / 1e6:g} megapixel.",
                f"PIL decompression-bomb check: {exc}",
            ) from None
        except Exception as exc:
            # PIL and its plugins raise OSError, SyntaxError, ValueError, struct.error, EOFError, RuntimeError,
            # MemoryError... for damaged files; none may reach the citizen raw.
            raise _corrupt(f"{kind}: {type(exc).__name__}: {exc}") from None
        return pages

    def _tiff_pages(self, img: Image.Image, warnings: list[str]) -> list[np.ndarray]:
        # Seek frame by frame instead of asking n_frames, which walks every IFD of the file.
        pages = [self._frame_to_bgr(img, "page 1", warnings)]
        for index in range(1, self.config.max_pages + 1):
            try:
                img.seek(index)
            except EOFError:
                break
            if index == self.config.max_pages:
                warnings.append(f"pages_truncated: the TIFF has more than {index} pages, the first {index} are used")
                break
            pages.append(self._frame_to_bgr(img, f"page {index + 1}", warnings))
        return pages

    def _frame_to_bgr(self, img: Image.Image, what: str, warnings: list[str]) -> np.ndarray:
        self._check_dimensions(img.width, img.height, what)
        img.load()
        try:
            # In place: no copy when there is no orientation to apply. HEIF is already rotated by libheif,
            # which resets the EXIF orientation to 1.
            ImageOps.exif_transpose(img, in_place=True)
        except Exception as exc:  # a broken EXIF block (any parser error) must not cost the citizen the page
            warnings.append(f"exif_unreadable: {type(exc).__name__}: {exc}; orientation left as stored")
        rgb = _to_rgb(img)
        return cv2.cvtColor(np.asarray(rgb), cv2.COLOR_RGB2BGR)

    # -- PDF -----------------------------------------------------------------------------------------------

    def _load_pdf(self, data: bytes, warnings: list[str]) -> list[np.ndarray]:
        pages: list[np.ndarray] = []
        with _PDFIUM_LOCK:
            try:
                pdf = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                    raise CorruptFileError(
                        "pdf_password_protected",
                        "Dạ, tệp PDF đang được đặt mật khẩu ạ. "
                        "Anh/chị vui lòng gửi tệp không có mật khẩu hoặc ảnh chụp giấy tờ.",
                        f"PDFium: {exc}",
                    ) from None
                raise _corrupt(f"pdf: PDFium: {exc}") from None
            try:
                count = len(pdf)
                if count < 1:
                    raise CorruptFileError(
                        "pdf_no_pages",
                        "Dạ, tệp PDF không có trang nào ạ. Anh/chị vui lòng kiểm tra lại tệp hoặc gửi ảnh chụp.",
                        "the PDF has 0 pages",
                    )
                if count > self.config.max_pages:
                    warnings.append(
                        f"pages_truncated: the PDF has {count} pages, the first {self.config.max_pages} are used"
                    )
                for index in range(min(count, self.config.max_pages)):
                    pages.append(self._render_pdf_page(pdf, index, warnings))
            except DocumentLoadError:
                raise
            except Exception as exc:  # PdfiumError, ValueError... from damaged page trees
                raise _corrupt(f"pdf: {type(exc).__name__}: {exc}") from None
            finally:
                pdf.close()
        return pages

    def _render_pdf_page(self, pdf: pdfium.PdfDocument, index: int, warnings: list[str]) -> np.ndarray:
        cfg = self.config
        page = pdf[index]
        try:
            width_pt, height_pt = page.get_size()
            if not (math.isfinite(width_pt) and math.isfinite(height_pt) and width_pt > 0 and height_pt > 0):
                raise _corrupt(f"pdf page {index + 1} has size {width_pt}x{height_pt} pt")
            scale = cfg.pdf_card_width_px / ID1_CARD_WIDTH_INCHES / 72  # PDF units are 1/72 inch
            # Poster-sized pages would exceed the pixel limits at card resolution: render them smaller
            # rather than refuse, the citizen cannot control a PDF's page size.
            fit = min(
                math.sqrt(cfg.max_pixels / (width_pt * height_pt)) / scale,
                cfg.max_side / max(width_pt, height_pt) / scale,
            )
            if fit < 1:
                scale *= fit * 0.999  # rounding up in render() must not push it back over the limit
                warnings.append(f"pdf_page_downscaled: page {index + 1} rendered at {scale * 72:.0f} dpi")
            self._check_dimensions(
                math.ceil(width_pt * scale), math.ceil(height_pt * scale), f"pdf page {index + 1} rendered"
            )
            self._check_pdf_images(page, index)
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))  # opaque fill → 3-byte BGR
            try:
                return bitmap.to_numpy().copy()  # copy: the view dies with the bitmap, and rows are padded
            finally:
                bitmap.close()
        finally:
            page.close()

    def _check_pdf_images(self, page: pdfium.PdfPage, index: int) -> None:
        """Refuse a page whose embedded images add up to a decompression bomb, from their declared sizes."""
        total = 0
        for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
            try:
                width, height = image.get_px_size()
            except pdfium.PdfiumError:
                continue  # PDFium will not draw an image it cannot size either
            total += width * height
            if total > self.config.pdf_max_image_pixels:
                raise InputTooLargeError(
                    "pdf_images_too_large",
                    "Dạ, tệp PDF chứa ảnh có độ phân giải quá lớn ạ. "
                    "Anh/chị vui lòng gửi ảnh chụp giấy tờ hoặc tệp PDF quét ở độ phân giải thường.",
                    f"images on pdf page {index + 1} exceed pdf_max_image_pixels {self.config.pdf_max_image_pixels}",
                )


def load_document(
    source: Source,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    config: LoadConfig | None = None,
) -> LoadedDocument:
    """Shortcut for `DocumentLoader(config)(source, filename=..., content_type=...)`."""
    return DocumentLoader(config)(source, filename=filename, content_type=content_type)


def _to_rgb(img: Image.Image) -> Image.Image:
    """8-bit RGB: transparency flattened on white (how a viewer shows it), 16-bit and float grey rescaled."""
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        # PIL's convert("RGB") clips these at 255, which turns a 16-bit scan white.
        grey = np.asarray(img).astype(np.float64)
        low, high = float(grey.min()), float(grey.max())
        if img.mode.startswith("I;16") or (low >= 0 and 255 < high <= 65535):
            grey = grey / 257
        elif img.mode == "F" and low >= 0 and high <= 1:  # float images are usually scaled to 0..1
            grey = grey * 255
        elif not (low >= 0 and high <= 255):
            grey = (grey - low) * (255 / max(high - low, 1e-9))
        return Image.fromarray(np.clip(grey + 0.5, 0, 255).astype(np.uint8)).convert("RGB")
    if img.has_transparency_data:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img if img.mode == "RGB" else img.convert("RGB")


def _corrupt(detail: str) -> CorruptFileError:
    return CorruptFileError(
        "corrupt_file",
        "Dạ, tệp bị lỗi hoặc chưa tải lên đủ nên hệ thống không mở được ạ. Anh/chị vui lòng gửi lại ảnh.",
        detail,
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g}"
