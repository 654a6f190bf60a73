"""EU destinations (DE, FR, NL): IOSS, the EUR 150 duty relief, the EUR 3 duty per subheading.

Sources:
* Council Regulation (EU) 2026/382, https://eur-lex.europa.eu/eli/reg/2026/382/oj, and the
  Council's example (press release of 11 February 2026): a parcel with 1 silk blouse and 2 wool
  blouses holds two distinct tariff subheadings, so EUR 6 of duty.
* European Commission, Explanatory Notes on VAT e-commerce rules (2020), IOSS: consignments of
  intrinsic value up to EUR 150, VAT of the member state of destination charged at sale, taxable
  amount including transport; above EUR 150 IOSS cannot be used.
* Council Regulation (EC) No 1186/2009 Arts 23-24 (duty relief up to EUR 150 until 2026-06-30);
  Directive 2006/112/EC Arts 85-86 (import VAT base: customs value + duty + transport).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.landed_cost import Item, SuppliedRate, quote
from cbec_compliance.money import Money

IOSS = {"ioss_registered": True}


def test_council_example_two_subheadings_cost_eur_6() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 8, 1),
        seller=IOSS,
        items=[
            Item(hs_code="620610", value=Money("40.00", "EUR"), description="silk blouse"),
            Item(
                hs_code="620620",
                value=Money("30.00", "EUR"),
                quantity=2,
                description="wool blouses",
            ),
        ],
    )
    assert result.duties == Money("6.00", "EUR")
    assert "regimes/EU#eur3-duty-per-subheading" in result.regimes
    # IOSS: VAT 19% charged by the seller at sale on 70.00, not at the border
    vat = [c for c in result.charges if c.kind == "vat"]
    assert all(c.collected == "at_sale" for c in vat)
    assert result.taxes == Money("13.30", "EUR")
    assert result.due_at_border == Money("6.00", "EUR")


def test_same_subheading_counts_once() -> None:
    result = quote(
        destination="FR",
        origin="CN",
        on=date(2026, 8, 1),
        seller=IOSS,
        items=[
            Item(hs_code="6109100010", value=Money("10.00", "EUR")),
            Item(hs_code="6109100090", value=Money("10.00", "EUR")),
        ],
    )
    assert result.duties == Money("3.00", "EUR")
    assert result.lines[1].charges[0].kind == "vat"  # second line carries no extra EUR 3


def test_issue_example_de_ioss_with_shipping() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 8, 1),
        seller=IOSS,
        incoterm="DDP",
        items=[
            Item(
                hs_code="6109100010",
                description="cotton T-shirt",
                quantity=3,
                value=Money("45.00", "EUR"),
                net_weight_kg=Decimal("0.6"),
            )
        ],
        shipping=Money("8.00", "EUR"),
    )
    assert result.customs_value == Money("53.00", "EUR")
    # VAT at sale on the price paid including transport: 53.00 x 19%
    assert result.taxes == Money("10.07", "EUR")
    assert result.total == Money("13.07", "EUR")


def test_before_july_2026_relief_up_to_150_and_import_vat_at_border() -> None:
    result = quote(
        destination="NL",
        origin="CN",
        on=date(2026, 3, 2),
        items=[Item(hs_code="6109100010", value=Money("100.00", "EUR"), duty_rate="12")],
        shipping=Money("10.00", "EUR"),
    )
    assert result.duties == Money("0.00", "EUR")
    assert "regimes/EU#duty-relief-negligible-value" in result.regimes
    # no IOSS: import VAT 21% on customs value 110.00 (CIF)
    assert result.taxes == Money("23.10", "EUR")


def test_above_150_duty_then_vat_on_value_plus_duty() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 8, 1),
        seller=IOSS,
        items=[Item(hs_code="6109100010", value=Money("200.00", "EUR"), duty_rate="12")],
        shipping=Money("20.00", "EUR"),
    )
    # customs value 220.00; duty 26.40; VAT 19% on 246.40 = 46.816 -> 46.82
    assert result.duties == Money("26.40", "EUR")
    assert result.taxes == Money("46.82", "EUR")
    assert result.total == Money("73.22", "EUR")
    assert not any(c.collected == "at_sale" for c in result.charges)


def test_excise_goods_excluded_from_relief_and_ioss() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 3, 2),
        seller=IOSS,
        items=[
            Item(
                hs_code="330300",
                value=Money("50.00", "EUR"),
                duty_rate="0",
                excise_goods=True,
                excise_rate="0",
            )
        ],
    )
    assert not any(c.collected == "at_sale" for c in result.charges)
    assert result.taxes == Money("9.50", "EUR")


def test_non_ioss_courier_after_july_2026_pays_normal_duty() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 8, 1),
        items=[Item(hs_code="6109100010", value=Money("50.00", "EUR"), duty_rate="12")],
    )
    assert result.duties == Money("6.00", "EUR")
    assert result.taxes == Money("10.64", "EUR")


def test_supplied_customs_rate_is_used_and_traced() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 3, 2),
        items=[Item(hs_code="6109100010", value=Money("300.00", "USD"), duty_rate="12")],
        exchange_rates=[SuppliedRate("USD", "EUR", Decimal("0.9"))],
    )
    assert result.customs_value == Money("270.00", "EUR")
    step = next(s for s in result.trace if s.exchange_rate is not None)
    assert step.exchange_rate is not None and step.exchange_rate.supplied_by_caller


def test_ecb_rate_of_penultimate_wednesday_for_eu() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 3, 2),
        items=[Item(hs_code="6109100010", value=Money("300.00", "USD"), duty_rate="12")],
    )
    step = next(s for s in result.trace if s.exchange_rate is not None)
    assert step.exchange_rate is not None
    assert step.exchange_rate.rate_date == date(2026, 2, 18)
    assert not step.exchange_rate.supplied_by_caller
