"""New Zealand: worked examples from official sources, fed to the engine.

* New Zealand Customs Service, "Examples of how to calculate Customs charges i.e. Duty and GST",
  released under the Official Information Act (request 657, "Postal package statistics"),
  published at https://fyi.org.nz/request/657/response/3311/attach/html/3/Copy%20of%20Examples%20of%20how%20to%20calculate%20Customs%20Charges.pdf.html
  (GST 15%, so from 2010-10-01): example 1, cost of goods NZ$1,000, insurance and freight
  NZ$100, GST 15% of NZ$1,100 = NZ$165; example 2, the same with duty 5%: duty NZ$50 on the cost
  of the goods, GST 15% of NZ$1,150 = NZ$172.50; charges are not collected when duty and GST
  for a shipment total less than NZ$60, otherwise an Import Transaction Fee is also due.
* New Zealand Customs Service, What's My Duty estimator
  (https://www.customs.govt.nz/personal/duty-and-gst/whats-my-duty-estimator/): from
  2019-12-01 Customs does not collect GST, duty or the Import Entry Transaction Fee on goods
  valued NZ$1,000 or less (alcohol and tobacco excepted); above NZ$1,000 duty, GST, the IETF and
  the MPI levy are due.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

BEFORE_2019 = date(2011, 6, 1)
AFTER_2019 = date(2026, 8, 1)


def test_customs_example_1_gst_only() -> None:
    result = quote(
        destination="NZ",
        origin="CN",
        on=BEFORE_2019,
        items=[Item(hs_code="847130", value=Money("1000", "NZD"), duty_rate="0")],
        shipping=Money("100", "NZD"),
    )
    assert result.duties == Money("0.00", "NZD")
    assert result.taxes == Money("165.00", "NZD")
    # the transaction fee is due but its amount for the day is not in the packs
    assert result.total is None
    assert any("Transaction Fee" in item.what for item in result.missing)


def test_customs_example_2_duty_on_cost_then_gst_on_cost_freight_and_duty() -> None:
    result = quote(
        destination="NZ",
        origin="CN",
        on=BEFORE_2019,
        items=[Item(hs_code="640399", value=Money("1000", "NZD"), duty_rate="5")],
        shipping=Money("100", "NZD"),
    )
    assert result.customs_value == Money("1000.00", "NZD")
    assert result.duties == Money("50.00", "NZD")
    assert result.taxes == Money("172.50", "NZD")


def test_charges_below_60_are_not_collected() -> None:
    # GST 15% of (300 + 50) = 52.50 < 60: nothing collected, no transaction fee
    result = quote(
        destination="NZ",
        origin="CN",
        on=BEFORE_2019,
        items=[Item(hs_code="847130", value=Money("300", "NZD"), duty_rate="0")],
        shipping=Money("50", "NZD"),
    )
    assert result.total == Money("0.00", "NZD")
    assert result.missing == ()
    assert "regimes/NZ#revenue-waiver-60" in result.regimes


def test_from_december_2019_goods_up_to_1000_pay_nothing_at_the_border() -> None:
    result = quote(
        destination="NZ",
        origin="CN",
        on=AFTER_2019,
        seller={"gst_registered": False},
        items=[Item(hs_code="640399", value=Money("900", "NZD"), duty_rate="5")],
        shipping=Money("100", "NZD"),
    )
    assert result.total == Money("0.00", "NZD")
    assert "regimes/NZ#border-threshold-1000" in result.regimes


def test_from_december_2019_above_1000_duty_gst_and_fees_due() -> None:
    result = quote(
        destination="NZ",
        origin="CN",
        on=AFTER_2019,
        items=[Item(hs_code="640399", value=Money("1500", "NZD"), duty_rate="5")],
        shipping=Money("100", "NZD"),
    )
    assert result.duties == Money("75.00", "NZD")
    assert result.taxes == Money("251.25", "NZD")  # 15% of 1,500 + 100 + 75
    assert result.fees is None  # IETF and MPI levy: amounts not in the packs
