"""Canada: CAD 20 remission, CUSMA courier CAD 40 / CAD 150, GST on value for duty plus duty.

Sources: CBSA, Low value shipments (https://www.cbsa-asfc.gc.ca/services/cusma-aceum/lvs-efv-eng.html)
and Customs Notice 20-18 (https://www.cbsa-asfc.gc.ca/publications/cn-ad/cn20-18-eng.html):
courier shipments from the US or Mexico are free of duty and taxes up to CAD 40 and free of duty
up to CAD 150 (taxes due above CAD 40); mail from any country and courier from other countries are
free up to CAD 20. Excise Tax Act s.215: GST on value for duty + duties.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_cusma_courier_up_to_40_no_duty_no_tax() -> None:
    result = quote(
        destination="CA",
        origin="US",
        on=ON,
        items=[Item(hs_code="6109100010", value=Money("35", "CAD"), duty_rate="18")],
    )
    assert result.total == Money("0.00", "CAD")


def test_cusma_courier_up_to_150_no_duty_but_taxes() -> None:
    result = quote(
        destination="CA",
        origin="US",
        on=ON,
        items=[Item(hs_code="6109100010", value=Money("100", "CAD"), duty_rate="18")],
    )
    assert result.duties == Money("0.00", "CAD")
    # GST 5% is known; the provincial part is unknown without the province
    assert result.total is None and result.known_total == Money("5.00", "CAD")
    ontario = quote(
        destination="CA",
        origin="US",
        on=ON,
        items=[
            Item(hs_code="6109100010", value=Money("100", "CAD"), duty_rate="18", vat_rate="13")
        ],
    )
    assert ontario.total == Money("13.00", "CAD")


def test_courier_from_china_above_20_pays_duty_and_hst() -> None:
    result = quote(
        destination="CA",
        origin="CN",
        on=ON,
        items=[
            Item(hs_code="6109100010", value=Money("100", "CAD"), duty_rate="18", vat_rate="13")
        ],
    )
    assert result.duties == Money("18.00", "CAD")
    assert result.taxes == Money("15.34", "CAD")


def test_mail_from_any_country_up_to_20_is_free() -> None:
    result = quote(
        destination="CA",
        origin="CN",
        on=ON,
        mode="post",
        items=[Item(hs_code="6109100010", value=Money("15", "CAD"), duty_rate="18")],
    )
    assert result.total == Money("0.00", "CAD")
