"""Singapore: GST on low-value goods at sale (from 2023), SGD 400 relief, GST on CIF plus duty.

Singapore levies customs duty only on liquor, tobacco, motor vehicles and petroleum (Singapore
Customs, Duties and dutiable goods); the tests pass duty_rate="0" for a T-shirt.

Sources: IRAS, GST on imports of low-value goods
(https://www.iras.gov.sg/taxes/goods-services-tax-(gst)/gst-and-digital-economy/gst-on-imports-of-low-value-goods);
IRAS, Current GST rates (9% from 2024-01-01, 8% in 2023); Singapore Customs, GST on imports (CIF).
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_low_value_goods_gst_at_sale_by_registered_vendor() -> None:
    result = quote(
        destination="SG",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100000", value=Money("300", "SGD"), duty_rate="0")],
        shipping=Money("10", "SGD"),
    )
    assert result.taxes == Money("27.90", "SGD")
    assert result.due_at_border == Money("0.00", "SGD")


def test_unregistered_vendor_air_relief_up_to_400() -> None:
    result = quote(
        destination="SG",
        origin="CN",
        on=ON,
        seller={"gst_registered": False},
        items=[Item(hs_code="6109100000", value=Money("300", "SGD"), duty_rate="0")],
    )
    assert result.total == Money("0.00", "SGD")


def test_above_400_import_gst_on_cif() -> None:
    result = quote(
        destination="SG",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100000", value=Money("500", "SGD"), duty_rate="0")],
        shipping=Money("20", "SGD"),
    )
    assert result.taxes == Money("46.80", "SGD")


def test_gst_rate_of_the_day_2023() -> None:
    result = quote(
        destination="SG",
        origin="CN",
        on=date(2023, 6, 1),
        items=[Item(hs_code="6109100000", value=Money("500", "SGD"), duty_rate="0")],
    )
    assert result.taxes == Money("40.00", "SGD")
