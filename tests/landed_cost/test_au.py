"""Australia: AUD 1,000 threshold, GST on low-value goods at sale, VoTI above AUD 1,000.

Sources: Department of Home Affairs, GST on low value imported goods (archived,
https://archive.homeaffairs.gov.au/News/Pages/gst-on-low-value-imported-goods.aspx); ATO LCR 2018/1;
GST Act 1999 s.13-20 (value of the taxable importation = customs value + duty + international
transport and insurance); Customs Act 1901 s.159-161 (FOB customs value).
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_low_value_goods_gst_charged_by_vendor_at_sale() -> None:
    result = quote(
        destination="AU",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100010", value=Money("900", "AUD"), duty_rate="5")],
        shipping=Money("20", "AUD"),
    )
    assert result.duties == Money("0.00", "AUD")
    assert result.taxes == Money("92.00", "AUD")
    assert result.due_at_border == Money("0.00", "AUD")


def test_unregistered_small_vendor_charges_no_gst() -> None:
    result = quote(
        destination="AU",
        origin="CN",
        on=ON,
        seller={"gst_registered": False},
        items=[Item(hs_code="6109100010", value=Money("900", "AUD"), duty_rate="5")],
    )
    assert result.total == Money("0.00", "AUD")


def test_above_1000_duty_on_fob_and_gst_on_voti() -> None:
    result = quote(
        destination="AU",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100010", value=Money("1200", "AUD"), duty_rate="5")],
        shipping=Money("50", "AUD"),
        insurance=Money("10", "AUD"),
    )
    assert result.customs_value == Money("1200.00", "AUD")
    assert result.duties == Money("60.00", "AUD")
    assert result.taxes == Money("132.00", "AUD")  # 10% of 1200 + 60 + 50 + 10
