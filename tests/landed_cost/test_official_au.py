"""Australia: worked examples from official sources, fed to the engine.

* Australian Customs and Border Protection Service, "When buying over the internet", section
  "Calculating Duty and Taxes" (http://www.customs.gov.au/site/page5549.asp, about 2010-2012):
  example 1 (goods above A$1,000): customs value A$1,200, duty 5% = A$60.00, transport and
  insurance A$150, VoTI A$1,410.00, GST A$141.00, total A$201.00; example 3: customs value
  A$2,000, duty 5% = A$100.00; the sound-amplifier example: purchase price US$1,274 at A$1 =
  US$0.91 = A$1,400.00, postage and insurance US$118.30 = A$130.00, duty 5% = A$70.00, VoTI
  A$1,600.00, GST A$160.00, total A$230.00. The rules these examples apply (FOB customs value,
  VoTI = customs value + duty + transport and insurance, GST 10%, A$1,000 threshold) are
  unchanged, so they run on a current date.
* ATO, GST on low value imported goods, "Terms we use", Example 1
  (https://www.ato.gov.au/Business/International-tax-for-business/GST-on-low-value-imported-goods/Terms-we-use/):
  an A$850 printer sold to a GST-registered Australian business that gives its ABN: the overseas
  seller does not charge GST (and, at A$1,000 or less, nothing is collected at the border).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.landed_cost import Item, SuppliedRate, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_customs_example_1_goods_above_1000() -> None:
    result = quote(
        destination="AU",
        origin="CN",
        on=ON,
        items=[Item(hs_code="851840", value=Money("1200.00", "AUD"), duty_rate="5")],
        shipping=Money("150.00", "AUD"),
    )
    assert result.customs_value == Money("1200.00", "AUD")
    assert result.duties == Money("60.00", "AUD")
    vat = next(c for c in result.charges if c.kind == "vat")
    assert vat.base == Money("1410.00", "AUD")
    assert result.taxes == Money("141.00", "AUD")
    assert result.total == Money("201.00", "AUD")


def test_customs_example_3_duty_on_customs_value_only() -> None:
    result = quote(
        destination="AU",
        origin="CN",
        on=ON,
        items=[Item(hs_code="851840", value=Money("2000.00", "AUD"), duty_rate="5")],
        shipping=Money("150.00", "AUD"),
    )
    assert result.customs_value == Money("2000.00", "AUD")
    assert result.duties == Money("100.00", "AUD")


def test_customs_amplifier_example_with_the_customs_exchange_rate() -> None:
    result = quote(
        destination="AU",
        origin="US",
        on=ON,
        items=[Item(hs_code="851840", value=Money("1274.00", "USD"), duty_rate="5")],
        shipping=Money("118.30", "USD"),
        exchange_rates=[SuppliedRate("AUD", "USD", Decimal("0.9100"))],
    )
    assert result.customs_value == Money("1400.00", "AUD")
    assert result.duties == Money("70.00", "AUD")
    vat = next(c for c in result.charges if c.kind == "vat")
    assert vat.base == Money("1600.00", "AUD")
    assert result.taxes == Money("160.00", "AUD")
    assert result.total == Money("230.00", "AUD")


def test_ato_example_printer_sold_to_gst_registered_business() -> None:
    result = quote(
        destination="AU",
        origin="US",
        on=ON,
        buyer="business",
        items=[Item(hs_code="844332", value=Money("850.00", "AUD"), duty_rate="0")],
    )
    assert not any(c.collected == "at_sale" for c in result.charges)
    assert result.total == Money("0.00", "AUD")
    assert "regimes/AU#border-threshold-1000" in result.regimes
