"""Money: exact Decimal amounts, ISO 4217 currencies, floats refused, minor units from babel."""

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cbec_compliance import Money
from cbec_compliance.errors import CbecError, InvalidMoneyError


def test_exact_arithmetic() -> None:
    total = Money("0.10", "EUR") + Money("0.20", "eur")
    assert total == Money("0.30", "EUR")
    assert total.amount == Decimal("0.30")
    assert Money("45.00", "EUR") * 3 == Money("135.00", "EUR")


@pytest.mark.parametrize("bad", [0.1, 1.0, True, None, "abc", "1e", "NaN", "Infinity", [1]])
def test_bad_amounts_are_refused(bad: object) -> None:
    with pytest.raises(InvalidMoneyError):
        Money(bad, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["EU", "EURO", "XYZ", "€", "", 978])
def test_bad_currencies_are_refused(bad: object) -> None:
    with pytest.raises(InvalidMoneyError):
        Money("1", bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("currency", "places", "amount", "rounded"),
    [
        ("EUR", 2, "1.005", "1.01"),
        ("JPY", 0, "1234.5", "1235"),
        ("KWD", 3, "1.2345", "1.235"),
        ("KRW", 0, "999.4", "999"),
        ("CNY", 2, "0.125", "0.13"),
    ],
)
def test_minor_units_and_rounding(currency: str, places: int, amount: str, rounded: str) -> None:
    money = Money(amount, currency)
    assert money.minor_units == places
    assert money.rounded() == Money(rounded, currency)


def test_mixing_currencies_is_an_error() -> None:
    with pytest.raises(InvalidMoneyError, match="convert"):
        Money("1", "EUR") + Money("1", "USD")
    with pytest.raises(InvalidMoneyError):
        Money("1", "EUR") * 1.5  # type: ignore[operator]


def test_parse_and_json() -> None:
    assert Money.parse("45 EUR") == Money.parse("EUR 45") == Money("45", "EUR")
    assert Money("45.00", "EUR").to_json() == {"amount": "45.00", "currency": "EUR"}
    with pytest.raises(InvalidMoneyError):
        Money.parse("45")


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
)
def test_addition_is_exact(left: Decimal, right: Decimal) -> None:
    assert (Money(left, "EUR") + Money(right, "EUR")).amount == left + right


@given(st.text(max_size=12), st.text(max_size=5))
def test_any_text_returns_or_raises_cbec_error(amount: str, currency: str) -> None:
    with contextlib.suppress(CbecError):
        Money(amount, currency)
