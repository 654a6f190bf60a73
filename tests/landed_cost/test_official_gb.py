"""United Kingdom: rules from HMRC guidance on GOV.UK, fed to the engine.

* HMRC, Charging VAT on goods sold direct to customers in the UK
  (https://www.gov.uk/guidance/charging-vat-on-goods-sold-direct-to-customers-in-the-uk): for goods
  outside the UK when sold, the consignment value is the intrinsic value (the price, without
  transport or insurance shown separately); the values of all goods in a consignment are added
  together; if the consignment is worth GBP 135 or less the seller charges and accounts for VAT
  at the point of sale; above GBP 135 import VAT and customs duty apply at the border.
* GOV.UK, Tax and customs for goods sent from abroad
  (https://www.gov.uk/goods-sent-from-abroad/tax-and-compensation): no customs duty on goods
  worth GBP 135 or less (except excise goods); gifts worth GBP 39 or less are free of VAT and
  duty; VAT is charged on gifts above GBP 39.
* Value Added Tax Act 1994 s.21 (https://www.legislation.gov.uk/ukpga/1994/23/section/21): the
  import VAT value adds duty and the costs of transport to the place of importation.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, Quote, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_consignment_of_135_vat_at_sale_no_duty() -> None:
    result = quote(
        destination="GB",
        origin="CN",
        on=ON,
        items=[
            Item(hs_code="610910", value=Money("80.00", "GBP"), duty_rate="12"),
            Item(hs_code="620462", value=Money("55.00", "GBP"), duty_rate="12"),
        ],
        shipping=Money("10.00", "GBP"),
    )
    assert result.intrinsic_value == Money("135.00", "GBP")
    assert result.duties == Money("0.00", "GBP")
    assert result.taxes == Money("29.00", "GBP")  # 20% of 145 (price with delivery)
    assert result.due_at_border == Money("0.00", "GBP")


def test_items_are_added_up_so_80_plus_70_is_above_135() -> None:
    result = quote(
        destination="GB",
        origin="CN",
        on=ON,
        items=[
            Item(hs_code="610910", value=Money("80.00", "GBP"), duty_rate="12"),
            Item(hs_code="620462", value=Money("70.00", "GBP"), duty_rate="12"),
        ],
    )
    assert not any(c.collected == "at_sale" for c in result.charges)
    assert result.duties == Money("18.00", "GBP")
    assert result.taxes == Money("33.60", "GBP")  # 20% of 150 + 18


def test_gift_of_39_is_free_and_gift_of_40_pays_vat_only() -> None:
    def gift(value: str) -> Quote:
        return quote(
            destination="GB",
            origin="US",
            on=ON,
            gift=True,
            items=[Item(hs_code="610910", value=Money(value, "GBP"), duty_rate="12")],
        )

    assert gift("39.00").total == Money("0.00", "GBP")
    above = gift("40.00")
    assert above.duties == Money("0.00", "GBP")
    assert above.taxes == Money("8.00", "GBP")
