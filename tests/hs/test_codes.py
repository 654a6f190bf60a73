"""hs.normalize: accepted forms and rejected ones."""

import pytest

from cbec_compliance import hs
from cbec_compliance.errors import CbecError, InvalidHsCodeError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6109.10", "610910"),
        ("610910", "610910"),
        ("6109 10", "610910"),
        ("6109.10.00", "61091000"),
        ("6109 10 00", "61091000"),
        ("6109.10.0010", "6109100010"),
        ("  8517.13  ", "851713"),
        ("61", "61"),
        ("0101", "0101"),
        ("01.01", "0101"),
        ("8517-13", "851713"),
    ],
)
def test_normalize_accepts_common_forms(text: str, expected: str) -> None:
    assert hs.normalize(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "6",
        "610",
        "61091",
        "6109.1",
        "101",
        "abc",
        "6109,10",
        "6109..10",
        "6109.10.",
        "00",
        "0012",
        "６１０９",
        "6109/10",
        "1234567890123456",
        "6.109",
    ],
)
def test_normalize_rejects_everything_else(text: str) -> None:
    with pytest.raises(InvalidHsCodeError) as raised:
        hs.normalize(text)
    assert repr(text) in str(raised.value)


def test_invalid_code_error_is_value_error_and_cbec_error() -> None:
    with pytest.raises(ValueError):
        hs.normalize("x")
    assert issubclass(InvalidHsCodeError, CbecError)


def test_non_string_is_rejected() -> None:
    with pytest.raises(InvalidHsCodeError, match="string"):
        hs.normalize(610910)  # type: ignore[arg-type]


def test_hs6_of_national_line() -> None:
    assert hs.hs6_of("6109.10.00.10") == "610910"
    with pytest.raises(InvalidHsCodeError, match="heading"):
        hs.hs6_of("6109")
