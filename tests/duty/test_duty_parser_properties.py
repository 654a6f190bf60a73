"""Properties of the duty expression parser: total, deterministic, never zero by accident."""

from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cbec_compliance.duty import AdValorem, DutyExpression, Specific
from cbec_compliance.duty.parser import (
    MAXIMUM_TEXT_LENGTH,
    UNIT_PHRASES,
    UNITS,
    parse_australian_duty_rate,
    parse_duty_expression,
    parse_us_special_column,
)
from cbec_compliance.errors import InvalidInputError

# Fragments of real rate texts, recombined by hypothesis into plausible and implausible texts.
FRAGMENTS = [
    "Free",
    "free",
    "6.5%",
    "0.00%",
    "0",
    "8 %",
    "1.5¢/kg",
    "$1.035/kg",
    "21.3¢/pf. liter",
    "12.8 % + 176.8 EUR / 100 kg",
    "MIN",
    "MAX",
    "+",
    " EA",
    "ADSZ",
    "EUR / hl",
    "% vol/hl",
    "but not less than",
    "on the case",
    "each",
    "/doz.",
    "(KR)",
    "(A+,AU)",
    "See 9822.04.40",
    "元/千克",
    "0元/平方米",
    "From1July2018",
    "33 1/3%",
    "/",
    ",",
    "¢",
    "$",
    "£",
    "p/st",
    "  ",
]
rate_like_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join)
any_texts = st.one_of(st.text(max_size=300), rate_like_texts)
currencies = st.sampled_from([None, "USD", "EUR", "GBP", "AUD", "CNY"])


def all_parts(expression: DutyExpression) -> list[AdValorem | Specific]:
    return [*expression.terms, *(expression.minimum or ()), *(expression.maximum or ())]


@given(text=any_texts, currency=currencies, bare=st.booleans())
def test_any_text_gives_an_expression_and_never_raises(
    text: str, currency: str | None, bare: bool
) -> None:
    expression = parse_duty_expression(text, currency=currency, bare_number_is_percent=bare)
    assert isinstance(expression, DutyExpression)
    assert expression.text == text
    if expression.free:
        assert expression.terms == () and expression.fully_parsed
        assert expression.minimum is None and expression.maximum is None
    if expression.unparsed is not None:
        assert expression.unparsed == text and not expression.free
    else:
        assert expression.free or expression.terms
    for part in all_parts(expression):
        assert isinstance(part.percent if isinstance(part, AdValorem) else part.amount, Decimal)
        if isinstance(part, Specific):
            assert part.unit in UNITS


@given(text=any_texts, currency=currencies)
def test_free_only_from_a_printed_zero_or_the_word_free(text: str, currency: str | None) -> None:
    expression = parse_duty_expression(text, currency=currency)
    if expression.free:
        folded = text.casefold()
        assert "free" in folded or "免税" in folded or "0" in folded


@given(text=any_texts, currency=currencies)
def test_parsing_is_deterministic(text: str, currency: str | None) -> None:
    first = parse_duty_expression(text, currency=currency)
    again = DutyExpression.model_validate(first.model_dump())
    assert parse_duty_expression(text, currency=currency) == first == again
    assert (
        parse_duty_expression(text, currency=currency).model_dump_json() == first.model_dump_json()
    )


@given(text=any_texts)
def test_multi_rate_cells_never_raise(text: str) -> None:
    for parse in (parse_us_special_column, parse_australian_duty_rate):
        groups = parse(text)
        assert isinstance(groups, list)
        for expression, codes in groups:
            assert isinstance(expression, DutyExpression)
            assert all(isinstance(code, str) and code for code in codes)
        assert groups == parse(text)


amounts = st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False)
percents = st.decimals(min_value=Decimal("0.1"), max_value=300, places=2, allow_nan=False)
printed_units = st.sampled_from(
    [
        ("kg", "kg", 1),
        ("100 kg", "kg", 100),
        ("hl", "l", 100),
        ("item", "item", 1),
        ("1,000 items", "item", 1000),
        ("% vol / hl", "liter_alcohol_100pct", 1),
        ("m2", "m2", 1),
        ("tonne", "kg", 1000),
        ("100 kg / net drained wt", "kg_drained", 100),
    ]
)


@given(
    rate=percents,
    amount=amounts.filter(lambda value: value > 0),
    unit=printed_units,
    floor=amounts.filter(lambda value: value > 0),
)
def test_generated_eu_expressions_round_trip(
    rate: Decimal, amount: Decimal, unit: tuple[str, str, int], floor: Decimal
) -> None:
    printed, code, quantity = unit
    text = f"{rate}% + {amount} EUR / {printed} MIN {floor} EUR / {printed}"
    expression = parse_duty_expression(text)
    specific = Specific(amount=amount, currency="EUR", per_quantity=Decimal(quantity), unit=code)
    floor_specific = specific.model_copy(update={"amount": floor})
    assert expression.terms == (AdValorem(percent=rate), specific)
    assert expression.minimum == (floor_specific,)
    assert expression.fully_parsed and not expression.free


@given(cents=st.decimals(min_value=0, max_value=100_000, places=4, allow_nan=False).filter(bool))
def test_cents_convert_exactly_to_dollars(cents: Decimal) -> None:
    [term] = parse_duty_expression(f"{cents}¢/kg").terms
    assert isinstance(term, Specific)
    assert term.amount == cents / 100 and term.amount * 100 == cents
    assert term.currency == "USD"


def test_cents_are_exact_decimals() -> None:
    # US HTS 2025 General: 1.5¢/kg is exactly 0.015 USD
    [term] = parse_duty_expression("1.5¢/kg").terms
    assert isinstance(term, Specific)
    assert term.amount == Decimal("0.015") and str(term.amount) == "0.015"
    [term] = parse_duty_expression("0.0622005¢/kg").terms
    assert isinstance(term, Specific) and term.amount == Decimal("0.000622005")


def test_dollars_and_cents_follow_the_schedule_currency() -> None:
    [term] = parse_duty_expression("$0.526/L", currency="AUD").terms
    assert isinstance(term, Specific) and term.currency == "AUD"
    [term] = parse_duty_expression("$0.526/L", currency="EUR").terms
    assert isinstance(term, Specific) and term.currency == "USD"
    [term] = parse_duty_expression("45p/kg", currency="EUR").terms
    assert isinstance(term, Specific) and (term.amount, term.currency) == (Decimal("0.45"), "GBP")


def test_amount_without_currency_needs_the_schedule_currency() -> None:
    assert parse_duty_expression("12.50/100 kg").unparsed == "12.50/100 kg"
    [term] = parse_duty_expression("12.50/100 kg", currency="GBP").terms
    assert term == Specific(
        amount=Decimal("12.50"), currency="GBP", per_quantity=Decimal(100), unit="kg"
    )
    [term] = parse_duty_expression("£12.50/100 kg").terms
    assert isinstance(term, Specific) and term.currency == "GBP"


def test_us_bounds_in_words() -> None:
    expression = parse_duty_expression("5% but not less than 2¢/kg but not more than 9¢/kg")
    assert expression.terms == (AdValorem(percent=Decimal(5)),)
    assert expression.minimum == (Specific(amount=Decimal("0.02"), currency="USD", unit="kg"),)
    assert expression.maximum == (Specific(amount=Decimal("0.09"), currency="USD", unit="kg"),)


@pytest.mark.parametrize(
    "text",
    [
        "8% MIN 1 EUR/kg MIN 2 EUR/kg",
        "MAX 12 % + 21.6 EUR / 100 kg",
        "5% +",
        "+ 5%",
        "5% ++ 3%",
        "1.5¢/parsec",
        "1.5¢/0 kg",
        "5.5.5%",
        "-5%",
        "∞%",
        "nan%",
        "1e3%",
        "$€5/kg",
    ],
)
def test_malformed_texts_are_kept_not_guessed(text: str) -> None:
    expression = parse_duty_expression(text, currency="EUR")
    assert expression == DutyExpression(text=text, unparsed=text)


def test_unknown_is_never_zero() -> None:
    for text in ["", " ", "n/a", "-", "See note", "No change", "Free, under bond", "0 items"]:
        expression = parse_duty_expression(text, currency="USD")
        assert not expression.free and expression.unparsed == text


def test_zero_is_free_and_free_has_no_terms() -> None:
    for text in ["Free", "FREE", " free ", "0%", "0.00%", "0 %", "0.0% + 0.00 EUR / 100 kg"]:
        expression = parse_duty_expression(text, currency="EUR")
        assert expression.free and expression.terms == () and expression.fully_parsed
    assert not parse_duty_expression("0% MIN 1 EUR / 100 kg").free


def test_very_long_text_is_kept_unparsed() -> None:
    text = "5%" + " + 5%" * MAXIMUM_TEXT_LENGTH
    assert parse_duty_expression(text).unparsed == text


def test_invalid_schedule_currency_is_a_caller_error() -> None:
    with pytest.raises(InvalidInputError):
        parse_duty_expression("5%", currency="dollars")


def test_every_unit_phrase_maps_to_a_documented_unit() -> None:
    assert {unit for unit, _ in UNIT_PHRASES.values()} <= set(UNITS)
    documentation = (
        Path(__file__).resolve().parents[2] / "docs" / "duty-expressions.md"
    ).read_text(encoding="utf-8")
    for unit in UNITS:
        assert f"`{unit}`" in documentation, unit


def test_documentation_examples_run() -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "duty-expressions.md"
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
