"""Canada: worked examples from official sources, fed to the engine.

* CBSA, Importing commercial goods into Canada, "Calculate the duties and taxes"
  (https://www.cbsa-asfc.gc.ca/import/guide-eng.html): goods worth US$100 at US$1 = CAN$1.15,
  customs duty 4%, GST 5%: value for duty CAN$115.00, duty CAN$4.60, value for tax CAN$119.60,
  GST CAN$5.98, total CAN$10.58. (Read through a quotation of the CBSA text; the page itself is
  not in the stored copies.)
* Postal Imports Remission Order, SI/85-181, section 3
  (https://laws-lois.justice.gc.ca/eng/regulations/SI-85-181/page-1.html): goods imported by mail
  with a value for duty not over CAN$20 per mail item are relieved of duties and GST/HST (alcohol,
  tobacco and some publications excepted); above CAN$20 duty and tax are due on the full value.
* CBSA, Customs Notice 20-18 and "Low value shipments"
  (https://www.cbsa-asfc.gc.ca/publications/cn-ad/cn20-18-eng.html): from 2020-07-01 courier
  shipments from the United States or Mexico are free of duty and taxes up to CAN$40 and free of
  duty up to CAN$150 (for goods originating in CUSMA countries).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.landed_cost import Item, Quote, SuppliedRate, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_cbsa_example_us_100_at_1_15_duty_4_gst_5() -> None:
    result = quote(
        destination="CA",
        origin="CN",
        on=ON,
        buyer="business",
        items=[Item(hs_code="851840", value=Money("100", "USD"), duty_rate="4", vat_rate="5")],
        exchange_rates=[SuppliedRate("USD", "CAD", Decimal("1.15"))],
    )
    assert result.customs_value == Money("115.00", "CAD")
    assert result.duties == Money("4.60", "CAD")
    vat = next(c for c in result.charges if c.kind == "vat")
    assert vat.base == Money("119.60", "CAD")
    assert result.taxes == Money("5.98", "CAD")
    assert result.total == Money("10.58", "CAD")


def test_mail_item_of_20_cad_is_relieved_and_21_is_taxed_in_full() -> None:
    def by_post(value: str) -> Quote:
        return quote(
            destination="CA",
            origin="CN",
            on=ON,
            mode="post",
            items=[Item(hs_code="610910", value=Money(value, "CAD"), duty_rate="18", vat_rate="5")],
        )

    assert by_post("20.00").total == Money("0.00", "CAD")
    above = by_post("21.00")
    assert above.duties == Money("3.78", "CAD")  # 18% of the full 21.00
    assert above.taxes == Money("1.24", "CAD")  # 5% of 24.78


def test_cusma_courier_up_to_40_free_and_up_to_150_duty_free() -> None:
    def by_courier(value: str) -> Quote:
        return quote(
            destination="CA",
            origin="US",
            on=ON,
            items=[Item(hs_code="610910", value=Money(value, "CAD"), duty_rate="18", vat_rate="5")],
        )

    assert by_courier("40.00").total == Money("0.00", "CAD")
    mid = by_courier("150.00")
    assert mid.duties == Money("0.00", "CAD")
    assert mid.taxes == Money("7.50", "CAD")
    above = by_courier("150.01")
    assert above.duties == Money("27.00", "CAD")
