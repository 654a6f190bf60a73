"""Hypothesis properties of the origin engine (issue 5's quality list)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import cbec_compliance as cc
from cbec_compliance import Material, Money, Product

from .conftest import ON

CODES = ["850760", "854231", "851890", "392690", "851830", "732690", "940542"]
RULES = ["CTH", "CTSH", "CC", "RVC40", "RVC40 build-down", "MaxNOM 50% FOB", "CTH or RVC40"]

amounts = st.integers(min_value=1, max_value=500).map(lambda cents: Decimal(cents) / 100)
materials = st.builds(
    lambda code, origin, amount: Material(hs_code=code, origin=origin, value=Money(amount, "USD")),
    st.sampled_from(CODES),
    st.sampled_from(["KR", "TW", "US", "CN", "VN"]),
    amounts,
)


def check(rule: str, bom: list[Material], fob: Decimal, **extra: object) -> cc.origin.OriginResult:
    return cc.check_origin(
        "RCEP",
        exporter="CN",
        importer="JP",
        product=Product(hs_code="851830"),
        bom=bom,
        on=ON,
        fob=Money(fob, "USD"),
        rule=rule,
        **extra,  # type: ignore[arg-type]
    )


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(RULES),
    st.lists(materials, max_size=5),
    st.sampled_from(CODES),
    amounts,
)
def test_adding_an_originating_material_never_turns_a_pass_into_a_fail(
    rule: str, bom: list[Material], extra_code: str, extra_value: Decimal
) -> None:
    fob = sum((m.value.amount for m in bom if m.value), Decimal(0)) + Decimal(10)
    before = check(rule, bom, fob)
    added = [*bom, Material(hs_code=extra_code, originating=True, value=Money(extra_value, "USD"))]
    after = check(rule, added, fob + extra_value)
    if before.originating is True:
        assert after.originating is True


@settings(max_examples=60, deadline=None)
@given(st.lists(materials, min_size=1, max_size=6))
def test_build_down_and_build_up_agree_when_price_is_just_the_materials(
    bom: list[Material],
) -> None:
    # With no labour, overhead, profit or other cost, FOB = VOM + VNM and both RCEP formulas
    # (Art. 3.5) give the same percentage.
    fob = sum((m.value.amount for m in bom if m.value), Decimal(0))
    zero = Money("0", "USD")
    costs = {"direct_labour": zero, "direct_overhead": zero, "profit": zero, "other": zero}
    down = check("RVC40 build-down", bom, fob)
    up = check("RVC40 build-up", bom, fob, costs=costs)
    assert down.alternatives[0].percent == up.alternatives[0].percent
    assert down.originating == up.originating


@settings(max_examples=60, deadline=None)
@given(st.lists(materials, min_size=1, max_size=5), amounts)
def test_more_non_originating_value_never_raises_the_rvc(
    bom: list[Material], increase: Decimal
) -> None:
    fob = sum((m.value.amount for m in bom if m.value), Decimal(0)) * 2
    first = bom[0]
    assert first.value is not None
    dearer = [
        Material(hs_code="854231", origin="TW", value=Money(first.value.amount + increase, "USD")),
        *bom[1:],
    ]
    cheaper = [Material(hs_code="854231", origin="TW", value=first.value), *bom[1:]]
    low = check("RVC40 build-down", dearer, fob + increase).alternatives[0].percent
    high = check("RVC40 build-down", cheaper, fob + increase).alternatives[0].percent
    assert low is not None and high is not None
    assert low <= high
