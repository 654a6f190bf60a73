"""Singapore: examples from official sources, fed to the engine.

* IRAS, Consumers importing goods into Singapore
  (https://www.iras.gov.sg/IRASHome/GST/Consumers/Consumers-Importing-Goods-into-Singapore/, GST 7%
  era, before 2023): GST is computed on the CIF value plus duties; no GST on goods (other than
  dutiable products) with a CIF value not over S$400; table: S$200 -> no GST; S$450 -> GST
  payable = S$450 x 7% = S$31.50.
* IRAS, GST on imported low-value goods (consumers)
  (https://www.iras.gov.sg/taxes/goods-services-tax-(gst)/consumers/gst-on-imported-low-value-goods),
  table "When is GST payable?": air/post, sales value S$400 or less, bought from a GST-registered
  supplier -> GST payable to the supplier at purchase, not at importation; bought from a supplier
  not registered -> no GST unless the CIF value is above S$400; sea/land, any value -> GST at
  importation.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

SEVEN_PERCENT = date(2019, 6, 1)
NOW = date(2026, 8, 1)


def _goods(value: str) -> list[Item]:
    return [Item(hs_code="620193", value=Money(value, "SGD"), duty_rate="0")]


def test_iras_table_200_no_gst() -> None:
    result = quote(destination="SG", origin="CN", on=SEVEN_PERCENT, items=_goods("200"))
    assert result.total == Money("0.00", "SGD")


def test_iras_table_450_gst_31_50() -> None:
    result = quote(destination="SG", origin="CN", on=SEVEN_PERCENT, items=_goods("450"))
    assert result.taxes == Money("31.50", "SGD")
    assert result.total == Money("31.50", "SGD")


def test_low_value_goods_from_registered_supplier_taxed_at_purchase_not_at_import() -> None:
    result = quote(
        destination="SG",
        origin="CN",
        on=NOW,
        mode="air",
        seller={"gst_registered": True},
        items=_goods("280"),
        shipping=Money("25", "SGD"),
    )
    assert result.due_at_border == Money("0.00", "SGD")
    assert all(c.collected == "at_sale" for c in result.charges if c.kind == "vat")
    assert result.taxes == Money("27.45", "SGD")  # 9% of 305


def test_unregistered_supplier_no_gst_unless_cif_above_400() -> None:
    below = quote(
        destination="SG",
        origin="CN",
        on=NOW,
        mode="air",
        seller={"gst_registered": False},
        items=_goods("280"),
        shipping=Money("25", "SGD"),
    )
    assert below.total == Money("0.00", "SGD")
    above = quote(
        destination="SG",
        origin="CN",
        on=NOW,
        mode="air",
        seller={"gst_registered": False},
        items=_goods("390"),
        shipping=Money("35", "SGD"),
    )
    assert above.due_at_border == Money("38.25", "SGD")  # 9% of CIF 425


def test_sea_import_any_value_gst_at_importation() -> None:
    result = quote(destination="SG", origin="CN", on=NOW, mode="sea", items=_goods("100"))
    assert result.due_at_border == Money("9.00", "SGD")
