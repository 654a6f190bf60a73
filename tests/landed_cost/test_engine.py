"""Engine behaviour on synthetic measures: duty forms, unknown never zero, trace, JSON, errors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from cbec_compliance.duty.components import DutyExpression
from cbec_compliance.errors import CbecError, InvalidInputError, NotFoundError
from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

from .conftest import measure, percent, specific

ON = date(2026, 8, 1)


def _us(items: list[Item], measures: dict[str, list[object]], origin: str | None = "CN"):
    return quote(destination="US", origin=origin, on=ON, items=items, measures=measures)  # type: ignore[arg-type]


def test_specific_duty_needs_weight_and_is_not_zero_without_it() -> None:
    expression = DutyExpression(text="USD 2/kg", terms=(specific("2", "USD", "kg"),))
    table = {"0406": [measure("mfn", expression)]}
    without = _us([Item(hs_code="040690", value=Money("100", "USD"))], table)
    assert without.duties is None and without.total is None
    assert any("net weight" in item.what for item in without.missing)
    with_weight = _us(
        [Item(hs_code="040690", value=Money("100", "USD"), net_weight_kg="1.5")], table
    )
    assert with_weight.duties == Money("3.00", "USD")


def test_compound_with_minimum_and_maximum() -> None:
    expression = DutyExpression(
        text="10% MIN USD 5/item MAX USD 20/item",
        terms=percent("10").terms,
        minimum=(specific("5", "USD", "item"),),
        maximum=(specific("20", "USD", "item"),),
    )
    table = {"4202": [measure("mfn", expression)]}
    assert _us([Item(hs_code="420221", value=Money("30", "USD"))], table).duties == Money(
        "5.00", "USD"
    )
    assert _us([Item(hs_code="420221", value=Money("100", "USD"))], table).duties == Money(
        "10.00", "USD"
    )
    assert _us([Item(hs_code="420221", value=Money("500", "USD"))], table).duties == Money(
        "20.00", "USD"
    )


def test_unparsed_rate_is_missing_not_zero() -> None:
    expression = DutyExpression(text="see note 3", unparsed="see note 3")
    result = _us(
        [Item(hs_code="999999", value=Money("100", "USD"))], {"9999": [measure("mfn", expression)]}
    )
    assert result.duties is None


def test_additional_duties_by_origin_add_up() -> None:
    table = {
        "6109": [
            measure("mfn", percent("16.5")),
            measure("additional", percent("7.5"), origin="CN"),
        ]
    }
    result = _us([Item(hs_code="6109100012", value=Money("1000", "USD"))], table)
    assert result.duties == Money("240.00", "USD")


def test_conditional_additional_duty_is_reported_as_missing() -> None:
    table = {
        "7326": [
            measure("mfn", percent("2.9")),
            measure(
                "additional", percent("25"), origin="CN", condition="only if steel content >= 15%"
            ),
        ]
    }
    result = _us([Item(hs_code="732690", value=Money("1000", "USD"))], table)
    assert result.duties is None
    assert any("steel" in item.what for item in result.missing)


def test_missing_origin_is_listed() -> None:
    table = {"6109": [measure("mfn", percent("16.5"))]}
    result = _us([Item(hs_code="6109100012", value=Money("1000", "USD"))], table, origin=None)
    assert result.total is None
    assert any("origin" in item.what for item in result.missing)


def test_preference_only_when_claimed() -> None:
    table = {"6109": [measure("mfn", percent("12")), measure("preferential", percent("0"))]}
    plain = quote(
        destination="DE",
        origin="VN",
        on=date(2026, 3, 2),
        measures=table,
        items=[Item(hs_code="6109100010", value=Money("1000", "EUR"))],
    )
    claimed = quote(
        destination="DE",
        origin="VN",
        on=date(2026, 3, 2),
        measures=table,
        items=[Item(hs_code="6109100010", value=Money("1000", "EUR"), claim_preference=True)],
    )
    assert plain.duties == Money("120.00", "EUR")
    assert claimed.duties == Money("0.00", "EUR")


def test_every_charge_names_rule_source_and_dates() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 3, 2),
        items=[Item(hs_code="6109100010", value=Money("200", "EUR"), duty_rate="12")],
    )
    vat = next(c for c in result.charges if c.kind == "vat")
    assert vat.rule.sources and vat.rule.valid_from is not None
    duty = next(c for c in result.charges if c.kind == "duty")
    assert duty.rule.origin == "caller"
    text = result.explain()
    assert "Directive 2006/112/EC" in text and "caller" in text


def test_model_dump_is_json() -> None:
    result = quote(
        destination="FR",
        origin="CN",
        on=date(2026, 3, 2),
        items=[Item(hs_code="6109100010", value=Money("200", "USD"), duty_rate="12")],
    )
    document = json.loads(result.model_dump_json())
    assert document["total"]["currency"] == "EUR"
    assert document["trace"]


def test_generic_destination_uses_default_rules_and_says_so() -> None:
    result = quote(
        destination="MX",
        origin="CN",
        on=date(2026, 8, 1),
        items=[Item(hs_code="6109100000", value=Money("1000", "MXN"), duty_rate="25")],
    )
    assert result.taxes == Money("200.00", "MXN")  # 16% of 1000 + 250
    assert any("generic" in note for note in result.notes)


def test_unknown_destination_raises_not_found() -> None:
    with pytest.raises(NotFoundError):
        quote(
            destination="AQ",
            origin="CN",
            on=ON,
            items=[Item(hs_code="6109100000", value=Money("10", "USD"), duty_rate="1")],
        )


@pytest.mark.parametrize(
    "build",
    [
        lambda: Item(hs_code="61", value=Money("1", "EUR")),
        lambda: Item(hs_code="6109100010", value=45),  # type: ignore[arg-type]
        lambda: Item(hs_code="6109100010", value=Money("1", "EUR"), quantity=0),
        lambda: Item(hs_code="6109100010", value=Money("1", "EUR"), duty_rate=1.5),
        lambda: Item(hs_code="6109100010", value=Money("1", "EUR"), vat_rate="150"),
        lambda: quote(destination="Germany", on=ON, items=[]),
        lambda: quote(
            destination="DE",
            on="2026-08-01",  # type: ignore[arg-type]
            items=[Item(hs_code="6109100010", value=Money("1", "EUR"))],
        ),
        lambda: quote(
            destination="DE",
            on=ON,
            incoterm="CIF",
            items=[Item(hs_code="6109100010", value=Money("1", "EUR"))],
        ),
    ],
)
def test_bad_input_raises_invalid_input(build: object) -> None:
    with pytest.raises(InvalidInputError):
        build()  # type: ignore[operator]


def test_lines_add_up_with_rounding() -> None:
    items = [
        Item(hs_code="6109100010", value=Money(v, "EUR"), duty_rate="12")
        for v in ("33.33", "33.33", "33.34", "70.01")
    ]
    result = quote(destination="DE", origin="CN", on=date(2026, 3, 2), items=items)
    assert result.total is not None
    assert (
        sum((line.known_total.amount for line in result.lines), Decimal(0)) == result.total.amount
    )


def test_errors_are_cbec_errors() -> None:
    assert issubclass(InvalidInputError, CbecError)
