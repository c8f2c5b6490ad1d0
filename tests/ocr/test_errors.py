import pytest

from ocr import errors
from ocr.errors import ExtractionError, FieldFormatError, InputError, OCRError, PayloadError, QualityError


@pytest.mark.parametrize(
    ("error", "parent"),
    [
        (InputError, OCRError),
        (PayloadError, InputError),
        (QualityError, OCRError),
        (ExtractionError, OCRError),
        (FieldFormatError, ExtractionError),
    ],
)
def test_error_tree(error: type[Exception], parent: type[Exception]) -> None:
    assert issubclass(error, parent)
    assert error.__name__ in errors.__doc__


def test_payload_and_field_errors_are_distinct_branches() -> None:
    assert not issubclass(PayloadError, ExtractionError)
    assert not issubclass(FieldFormatError, InputError)
    assert not issubclass(OCRError, ValueError)
