"""European Union: examples and rules from official EU sources, fed to the engine.

* Council of the EU, press release of 11 February 2026 on Council Regulation (EU) 2026/382
  (https://www.consilium.europa.eu/en/press/press-releases/2026/02/11/): a parcel holding a silk
  blouse and two wool blouses contains two distinct tariff subheadings, so EUR 6 of duty.
* Council Regulation (EU) 2026/382 of 11 February 2026 amending Regulation (EC) No 1186/2009 as
  regards the elimination of the threshold-based customs duty relief
  (https://eur-lex.europa.eu/eli/reg/2026/382/oj), recital (1): relief from import duties for
  consignments of a total intrinsic value not exceeding EUR 150 sent directly from a third
  country (Chapter V of Regulation 1186/2009), eliminated from 2026-07-01.
* Commission Delegated Regulation (EU) 2015/2446, Article 1(48)
  (https://eur-lex.europa.eu/eli/reg_del/2015/2446/oj) and the Commission's Explanatory Notes on
  VAT e-commerce rules (section 1.3.1, intrinsic value; section 4, IOSS): the intrinsic value is
  the price of the goods excluding transport and insurance shown separately on the invoice; IOSS
  applies to consignments whose intrinsic value does not exceed EUR 150, and the taxable amount of
  the distance sale includes the transport charged to the customer; above EUR 150 import VAT is
  due at importation.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, Quote, quote
from cbec_compliance.money import Money

IOSS = {"ioss_registered": True}


def test_council_example_silk_and_wool_blouses_eur_6() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 8, 1),
        seller=IOSS,
        items=[
            Item(hs_code="620610", value=Money("40.00", "EUR"), description="silk blouse"),
            Item(hs_code="620620", value=Money("30.00", "EUR"), quantity=2, description="wool"),
        ],
    )
    assert result.duties == Money("6.00", "EUR")


def test_threshold_relief_until_30_june_2026_and_not_after() -> None:
    def on(day: date) -> Quote:
        return quote(
            destination="FR",
            origin="CN",
            on=day,
            items=[Item(hs_code="610910", value=Money("100.00", "EUR"), duty_rate="12")],
        )

    before = on(date(2026, 6, 30))
    assert before.duties == Money("0.00", "EUR")
    assert "regimes/EU#duty-relief-negligible-value" in before.regimes
    after = on(date(2026, 7, 1))
    assert "regimes/EU#duty-relief-negligible-value" not in after.regimes
    assert after.duties is not None and after.duties.amount > 0


def test_intrinsic_value_excludes_separate_transport_and_ioss_vat_includes_it() -> None:
    # goods 140 + transport 20 shown separately: intrinsic value 140 <= 150 -> IOSS;
    # VAT of the member state of destination (DE 19%) charged at sale on 160
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 3, 2),
        seller=IOSS,
        items=[Item(hs_code="610910", value=Money("140.00", "EUR"), duty_rate="12")],
        shipping=Money("20.00", "EUR"),
    )
    assert result.intrinsic_value == Money("140.00", "EUR")
    assert result.taxes == Money("30.40", "EUR")
    assert result.due_at_border == Money("0.00", "EUR")


def test_above_150_ioss_cannot_be_used() -> None:
    result = quote(
        destination="DE",
        origin="CN",
        on=date(2026, 3, 2),
        seller=IOSS,
        items=[Item(hs_code="610910", value=Money("151.00", "EUR"), duty_rate="12")],
    )
    assert not any(c.collected == "at_sale" for c in result.charges)
    assert result.duties == Money("18.12", "EUR")
    assert result.taxes == Money("32.13", "EUR")  # 19% of 151.00 + 18.12 = 169.12
