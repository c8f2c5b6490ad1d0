"""Per-document field extraction from recognised text lines (no image code): one module per card type."""
