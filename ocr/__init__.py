"""OCR intake for Vietnamese identity documents and birth certificates.

Stages, one module each, ordered by `ocr.pipeline.Pipeline` (see ocr/README.md): load → localize →
quality → QR → orient → detect → recognize → classify → fields (`documents/`) → MRZ / barcode →
addresses (gazetteer) → cross-validate. Every error raised here derives from `ocr.errors.OCRError`.
"""
