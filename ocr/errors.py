"""Errors raised by the OCR intake.

    OCRError                   base class: catch this to handle any OCR failure
     ├── InputError            the input cannot be processed at all (wrong type, empty, unreadable file)
     │    └── PayloadError     a machine-readable payload (QR text, MRZ lines) is malformed
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


class QualityError(OCRError):
    """The image is readable but too poor for recognition to be trusted."""


class ExtractionError(OCRError):
    """A stage ran but could not produce a usable field."""


class FieldFormatError(ExtractionError):
    """A recognised field value has the wrong shape, e.g. 30/02/2000 or 12/1990."""
