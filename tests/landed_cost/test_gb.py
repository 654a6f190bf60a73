"""United Kingdom: GBP 135 (VAT at sale, no duty), gifts, import VAT above GBP 135.

Sources: HMRC, VAT and overseas goods sold directly to customers in the UK
(https://www.gov.uk/guidance/vat-and-overseas-goods-sold-directly-to-customers-in-the-uk);
GOV.UK, Tax and customs for goods sent from abroad
(https://www.gov.uk/goods-sent-from-abroad/tax-and-compensation): no duty at GBP 135 or less,
no VAT on gifts of GBP 39 or less; VAT Act 1994 s.21 (import VAT value includes duty and transport).
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_up_to_135_vat_at_sale_including_delivery_no_duty() -> None:
    result = quote(
        destination="GB",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100010", value=Money("100.00", "GBP"), duty_rate="12")],
        shipping=Money("5.00", "GBP"),
    )
    assert result.duties == Money("0.00", "GBP")
    assert result.taxes == Money("21.00", "GBP")
    assert result.due_at_border == Money("0.00", "GBP")


def test_above_135_duty_and_import_vat_on_cif_plus_duty() -> None:
    result = quote(
        destination="GB",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100010", value=Money("200.00", "GBP"), duty_rate="12")],
        shipping=Money("10.00", "GBP"),
    )
    assert result.duties == Money("25.20", "GBP")
    assert result.taxes == Money("47.04", "GBP")
    assert result.total == Money("72.24", "GBP")


def test_gift_of_39_or_less_is_free() -> None:
    result = quote(
        destination="GB",
        origin="US",
        on=ON,
        gift=True,
        items=[Item(hs_code="6109100010", value=Money("30.00", "GBP"), duty_rate="12")],
    )
    assert result.total == Money("0.00", "GBP")


def test_gift_above_39_pays_import_vat_but_no_duty() -> None:
    result = quote(
        destination="GB",
        origin="US",
        on=ON,
        gift=True,
        items=[Item(hs_code="6109100010", value=Money("100.00", "GBP"), duty_rate="12")],
    )
    assert result.duties == Money("0.00", "GBP")
    assert result.taxes == Money("20.00", "GBP")
