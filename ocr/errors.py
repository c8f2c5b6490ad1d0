"""Errors raised by the OCR intake.

    OCRError                   base class: catch this to handle any OCR failure
     ├── InputError            the input cannot be processed at all (wrong type, empty, unreadable file)
     │    ├── PayloadError     a machine-readable payload (QR text, MRZ lines) is malformed
     │    └── DocumentLoadError an uploaded image or PDF was refused by `ocr.load` (has `code` and `message`)
     │         ├── EmptyInputError        nothing was uploaded
     │         ├── UnsupportedFormatError not one of the accepted image/PDF types (text, zip, exe...)
     │         ├── CorruptFileError       truncated or damaged file, password-protected PDF
     │         ├── InputTooLargeError     too many bytes, pixels or too long a side
     │         └── ImageTooSmallError     too few pixels to read anything
     ├── QualityError          the image is readable but too poor to trust (blur, glare, too small)
     └── ExtractionError       a stage ran but could not produce a usable field
          └── FieldFormatError a recognised field has the wrong shape (a date that is not a date)

Validation findings about well-formed data (unknown province, expiry mismatch...) are not errors: the
`ocr.validation` functions return them as `Problem` values so a dossier can still be reviewed.
Programming errors (calling a builder with impossible arguments) raise plain `ValueError`.
"""

from __future__ import annotations


class OCRError(Exception):
    """Base class of every error raised by the OCR intake."""


class InputError(OCRError):
    """The input cannot be processed at all."""


class PayloadError(InputError):
    """A QR or MRZ text payload does not have the expected structure."""


class DocumentLoadError(InputError):
    """`ocr.load` refused an upload.

    `code` is a stable English code for logs and metrics, `message` a short polite Vietnamese sentence that
    can be shown to the citizen as is, `detail` English context for logs. `str(error)` is "code: detail",
    so a log line never carries the Vietnamese text or a raw library message alone.
    """

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.message = message
        self.detail = detail


class EmptyInputError(DocumentLoadError):
    """Nothing was uploaded (zero bytes)."""


class UnsupportedFormatError(DocumentLoadError):
    """The content is not one of the accepted image or PDF types."""


class CorruptFileError(DocumentLoadError):
    """The file has an accepted type but cannot be decoded (truncated, damaged, password-protected PDF)."""


class InputTooLargeError(DocumentLoadError):
    """Too many bytes, too many pixels or too long a side: refused before decoding."""


class ImageTooSmallError(DocumentLoadError):
    """The image is too small to read anything from."""


class QualityError(OCRError):
    """The image is readable but too poor for recognition to be trusted."""


class ExtractionError(OCRError):
    """A stage ran but could not produce a usable field."""


class FieldFormatError(ExtractionError):
    """A recognised field value has the wrong shape, e.g. 30/02/2000 or 12/1990."""
