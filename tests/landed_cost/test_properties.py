"""Hypothesis invariants of the engine (on caller-supplied rates, so no tariff data is needed)."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cbec_compliance.errors import CbecError
from cbec_compliance.landed_cost import Item, SuppliedRate, quote
from cbec_compliance.money import Money

ON = date(2026, 3, 2)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000"), places=2)
rates = st.decimals(min_value=Decimal(0), max_value=Decimal(60), places=1)
destinations = st.sampled_from(["DE", "FR", "NL", "GB", "US", "AU", "CA", "JP", "SG", "KR", "CN"])
CURRENCY = {
    "DE": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "GB": "GBP",
    "US": "USD",
    "AU": "AUD",
    "CA": "CAD",
    "JP": "JPY",
    "SG": "SGD",
    "KR": "KRW",
    "CN": "CNY",
}


def _quote(destination: str, values: list[Decimal], rate: Decimal, shipping: Decimal):
    currency = CURRENCY[destination]
    return quote(
        destination=destination,
        origin="VN",
        on=ON,
        items=[
            Item(
                hs_code="6109100010",
                value=Money(v, currency),
                duty_rate=rate,
                vat_rate="10" if destination == "CA" else None,
            )
            for v in values
        ],
        shipping=Money(shipping, currency),
    )


@settings(max_examples=60, deadline=None)
@given(destinations, st.lists(amounts, min_size=1, max_size=5), rates, amounts)
def test_never_negative_and_lines_add_up(
    destination: str, values: list[Decimal], rate: Decimal, shipping: Decimal
) -> None:
    result = _quote(destination, values, rate, shipping)
    for charge in result.charges:
        assert charge.amount is None or charge.amount.amount >= 0
    lines = sum((line.known_total.amount for line in result.lines), Decimal(0))
    entry = sum((c.amount.amount for c in result.entry_charges if c.amount), Decimal(0))
    assert lines + entry == result.known_total.amount


@settings(max_examples=60, deadline=None)
@given(amounts, amounts, rates)
def test_ad_valorem_duty_monotonic_in_value(first: Decimal, second: Decimal, rate: Decimal) -> None:
    low, high = sorted((first, second))

    def duty(value: Decimal) -> Decimal:
        result = quote(
            destination="US",
            origin="CN",
            on=ON,
            items=[Item(hs_code="6109100012", value=Money(value, "USD"), duty_rate=rate)],
        )
        assert result.duties is not None
        return result.duties.amount

    assert duty(low) <= duty(high)


@settings(max_examples=40, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=3), rates)
def test_input_currency_changes_result_only_by_the_rate(
    values: list[Decimal], rate: Decimal
) -> None:
    in_eur = quote(
        destination="DE",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100010", value=Money(v, "EUR"), duty_rate=rate) for v in values],
    )
    in_usd = quote(
        destination="DE",
        origin="CN",
        on=ON,
        exchange_rates=[SuppliedRate("USD", "EUR", Decimal("0.5"))],
        items=[
            Item(hs_code="6109100010", value=Money(v * 2, "USD"), duty_rate=rate) for v in values
        ],
    )
    assert in_eur.total == in_usd.total


junk = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(junk, junk, junk, junk, junk)
def test_malformed_input_raises_only_cbec_errors(
    hs: object, value: object, quantity: object, destination: object, rate: object
) -> None:
    try:
        item = Item(
            hs_code=hs,
            value=value,
            quantity=quantity,  # type: ignore[arg-type]
            duty_rate=rate,
        )  # type: ignore[arg-type]
        quote(destination=destination, on=ON, items=[item])  # type: ignore[arg-type]
    except CbecError:
        pass
    with contextlib.suppress(CbecError):
        quote(
            destination=destination,
            on=ON,  # type: ignore[arg-type]
            items=[Item(hs_code="6109100010", value=Money("10", "EUR"), duty_rate="5")],
            shipping=value,
            seller=rate,
        )  # type: ignore[arg-type]
