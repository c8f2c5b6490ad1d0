"""OCR intake for Vietnamese identity documents.

Stages (load → quality → localize → orient → detect → recognize → fields → QR/MRZ → validate) will live
one per module; today the package holds the pure-Python part: QR payload and MRZ parsing (`qr_payload`,
`mrz`) and field validation (`validation/`). Every error raised here derives from `ocr.errors.OCRError`.
"""
