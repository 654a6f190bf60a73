"""Hypothesis invariants of the engine (on caller-supplied rates, so no tariff data is needed)."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cbec_compliance.errors import CbecError
from cbec_compliance.landed_cost import Item, Quote, SuppliedRate, quote
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


def _quote(destination: str, values: list[Decimal], rate: Decimal, shipping: Decimal) -> Quote:
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
@given(destinations, amounts, amounts, rates)
def test_ad_valorem_duty_monotonic_in_value(
    destination: str, first: Decimal, second: Decimal, rate: Decimal
) -> None:
    low, high = sorted((first, second))
    currency = CURRENCY[destination]

    def duty(value: Decimal) -> Decimal:
        result = quote(
            destination=destination,
            origin="VN",
            on=ON,
            buyer="business",
            items=[Item(hs_code="6109100010", value=Money(value, currency), duty_rate=rate)],
        )
        assert result.duties is not None
        return result.duties.amount

    assert duty(low) <= duty(high)


@settings(max_examples=40, deadline=None)
@given(destinations, st.lists(amounts, min_size=1, max_size=3), rates, amounts)
def test_input_currency_changes_result_only_by_the_rate(
    destination: str, values: list[Decimal], rate: Decimal, shipping: Decimal
) -> None:
    currency = CURRENCY[destination]
    vat = "10" if destination == "CA" else None

    def run(factor: Decimal, in_currency: str, rates: list[SuppliedRate]) -> Quote:
        return quote(
            destination=destination,
            origin="VN",
            on=ON,
            exchange_rates=rates,
            items=[
                Item(
                    hs_code="6109100010",
                    value=Money(v * factor, in_currency),
                    duty_rate=rate,
                    vat_rate=vat,
                )
                for v in values
            ],
            shipping=Money(shipping * factor, in_currency),
        )

    # CHF is no threshold's currency, so only the conversion of the inputs changes
    local = run(Decimal(1), currency, [])
    foreign = run(Decimal(2), "CHF", [SuppliedRate("CHF", currency, Decimal("0.5"))])
    assert local.total == foreign.total
    assert local.known_total == foreign.known_total


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


bad_values = {
    "destination": st.one_of(st.integers(), st.just("DEU"), st.just(""), st.just("1A")),
    "on": st.one_of(st.none(), st.text(max_size=10), st.integers()),
    "items": st.one_of(st.just([]), st.just("6109"), st.lists(st.integers(), min_size=1)),
    "shipping": st.one_of(st.integers(), st.text(max_size=5), st.just(Money("-1", "EUR"))),
    "incoterm": st.text(max_size=5).filter(lambda text: text not in ("DDP", "DAP")),
    "buyer": st.text(max_size=8).filter(lambda text: text not in ("consumer", "business")),
    "mode": st.sampled_from(["truck", "", "POST", "ship"]),
    "seller": st.one_of(st.just({"ioss_registered": "yes"}), st.integers()),
    "gift": st.one_of(st.just("yes"), st.integers()),
    "exchange_rates": st.one_of(
        st.just({"USD/EUR": "abc"}),
        st.just({"USD/EUR": "-1"}),
        st.just({"USDEUR": "1"}),
        st.integers(),
        st.just("USD/EUR=0.9"),
    ),
    "measures": st.one_of(st.integers(), st.text(max_size=5)),
}


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_each_malformed_argument_raises_a_cbec_error(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(bad_values)))
    arguments: dict[str, object] = {
        "destination": "DE",
        "on": ON,
        "items": [Item(hs_code="6109100010", value=Money("10", "EUR"), duty_rate="5")],
        "origin": "CN",
    }
    arguments[name] = data.draw(bad_values[name])
    with pytest.raises(CbecError):
        quote(**arguments)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["hs_code", "value", "quantity", "net_weight_kg", "duty_rate", "vat_rate"]),
    st.one_of(
        st.floats(allow_nan=True),
        st.just("abc"),
        st.just("-5"),
        st.just([1]),
        st.just("101%"),
        st.just(True),
    ),
)
def test_each_malformed_item_field_raises_a_cbec_error(name: str, bad: object) -> None:
    fields: dict[str, object] = {"hs_code": "6109100010", "value": Money("10", "EUR")}
    fields[name] = bad
    if name == "duty_rate" and bad == "101%":
        return  # a duty rate above 100% is valid (many tariff lines exceed 100%)
    with pytest.raises(CbecError):
        Item(**fields)  # type: ignore[arg-type]
