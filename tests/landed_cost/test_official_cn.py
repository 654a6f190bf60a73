"""China: the cross-border e-commerce retail import (CBEC) circulars and a customs answer, fed to the engine.

* Ningbo Customs (宁波海关), "跨境电商零售进口商品如何征收税款（海关答疑）", People's Daily Overseas
  Edition (人民日报海外版), 2025-11-14 (http://paper.people.com.cn/rmrbhwb/), section on
  cosmetics: a skincare product bought through a CBEC platform for CNY 425 for 20 g costs more
  than CNY 10 per gram, so the 15% consumption tax on high-end cosmetics applies on top of 13%
  VAT, both at 70% within the limits. Read through a reproduction of the answer; the inputs, rates
  and formula were read, not the printed amounts, so the figures below are that formula applied to
  the answer's inputs: consumption tax 425 / (1 - 15%) x 15% x 70% = 52.50, VAT (425 + 75) x 13%
  x 70% = 45.50, together 425 x (15% + 13%) / (1 - 15%) x 70% = 98.00.
* MOF, GACC and STA, 关于完善跨境电子商务零售进口税收政策的通知 (财关税〔2018〕49号, 2018-11-29, in
  force 2019-01-01; http://gss.mof.gov.cn/): limits CNY 5,000 per transaction and CNY 26,000 per
  year; a single item whose dutiable price exceeds CNY 5,000 but is below the annual limit may
  still come through the CBEC channel with duty, import VAT and consumption tax in full at the
  goods' rates, and its value counts towards the annual total; beyond the annual limit the goods
  are managed as general trade.
* MOF, GACC and STA, 关于跨境电子商务零售进口税收政策的通知 (财关税〔2016〕18号, in force 2016-04-08;
  http://gss.mof.gov.cn/): dutiable price = actual transaction price including the retail price,
  freight and insurance; limits CNY 2,000 per transaction and CNY 20,000 per year; within them
  duty 0% and VAT and consumption tax at 70% of the statutory amount; a single transaction over
  the limit and a single indivisible item over CNY 2,000 are taxed in full as general trade.
* General trade (full taxation): consumption tax base = (dutiable value + duty) / (1 - rate)
  (消费税暂行条例 Art. 9) and VAT base = dutiable value + duty + consumption tax (增值税暂行条例
  Art. 14; 增值税法 from 2026-01-01), both on https://flk.npc.gov.cn/; VAT 16% from 2018-05-01
  (财税〔2018〕32号) and 13% from 2019-04-01 (公告2019年第39号). No published worked example with
  figures was found for these; the amounts are the statutory formulas.

The 15% consumption tax of high-end cosmetics (CNY 10 per ml or g, CNY 15 per piece or sheet and
above) is a rate of the tariff line; the measures below supply it, as the tariff would.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.landed_cost import Item, Quote, quote
from cbec_compliance.money import Money

from .conftest import measure, percent

SINCE = date(2016, 1, 1)
SKINCARE = {
    "330499": [
        measure("mfn", percent("1"), valid_from=SINCE),
        measure("consumption_tax", percent("15"), valid_from=SINCE),
    ]
}
CBEC_2019 = "regimes/CN#cbec-retail-import-2019"
CBEC_2016 = "regimes/CN#cbec-retail-import-2016"


def _charge(result: Quote, kind: str) -> Money | None:
    charges = [c for c in result.charges if c.kind == kind]
    assert len(charges) == 1
    return charges[0].amount


def test_ningbo_customs_skincare_425_yuan_for_20_grams() -> None:
    result = quote(
        destination="CN",
        origin="FR",
        on=date(2026, 8, 1),
        measures=SKINCARE,
        items=[Item(hs_code="3304990029", value=Money("425", "CNY"))],
    )
    assert CBEC_2019 in result.regimes
    assert result.duties == Money("0.00", "CNY")
    assert _charge(result, "excise") == Money("52.50", "CNY")
    assert _charge(result, "vat") == Money("45.50", "CNY")
    comprehensive = (Decimal("0.15") + Decimal("0.13")) / Decimal("0.85") * Decimal("0.7")
    assert result.total == Money((Decimal(425) * comprehensive).quantize(Decimal("0.01")), "CNY")
    assert result.total == Money("98.00", "CNY")


def test_single_item_above_5000_is_taxed_in_full_through_cbec() -> None:
    # 49号: one item of CNY 5,100 (over the transaction limit, under the annual one): duty 1%
    # = 51.00; consumption tax base (5,100 + 51) / 0.85 = 6,060.00, tax 909.00; VAT 13% of
    # 6,060.00 = 787.80; nothing at 70%.
    result = quote(
        destination="CN",
        origin="FR",
        on=date(2026, 8, 1),
        measures=SKINCARE,
        items=[Item(hs_code="3304990029", value=Money("5100", "CNY"))],
    )
    assert CBEC_2019 in result.regimes
    assert result.duties == Money("51.00", "CNY")
    assert _charge(result, "excise") == Money("909.00", "CNY")
    assert _charge(result, "vat") == Money("787.80", "CNY")
    assert result.total == Money("1747.80", "CNY")


def test_single_item_beyond_the_annual_limit_is_general_trade() -> None:
    # 49号: the item's value counts towards the annual total; CNY 21,000 already bought + 5,100
    # exceeds CNY 26,000, so it is general trade (the same full taxes, outside the CBEC channel).
    result = quote(
        destination="CN",
        origin="FR",
        on=date(2026, 8, 1),
        measures=SKINCARE,
        annual_cbec_spent=Money("21000", "CNY"),
        items=[Item(hs_code="3304990029", value=Money("5100", "CNY"))],
    )
    assert CBEC_2019 not in result.regimes
    assert result.total == Money("1747.80", "CNY")


def test_dutiable_price_includes_freight_and_insurance() -> None:
    # 18号: the actual transaction price includes freight and insurance: 400 + 20 + 5 = 425.
    result = quote(
        destination="CN",
        origin="FR",
        on=date(2026, 8, 1),
        measures=SKINCARE,
        shipping=Money("20", "CNY"),
        insurance=Money("5", "CNY"),
        items=[Item(hs_code="3304990029", value=Money("400", "CNY"))],
    )
    assert result.customs_value == Money("425.00", "CNY")
    assert result.total == Money("98.00", "CNY")


def test_2016_limits_2000_per_transaction_with_vat_16_percent_in_2018() -> None:
    # 18号 in force on 2018-06-01, VAT 16%: CNY 1,700 within the limit: consumption tax
    # 1,700 / 0.85 x 15% x 70% = 210.00, VAT (1,700 + 300) x 16% x 70% = 224.00.
    within = quote(
        destination="CN",
        origin="FR",
        on=date(2018, 6, 1),
        measures=SKINCARE,
        items=[Item(hs_code="3304990029", value=Money("1700", "CNY"))],
    )
    assert CBEC_2016 in within.regimes
    assert _charge(within, "excise") == Money("210.00", "CNY")
    assert _charge(within, "vat") == Money("224.00", "CNY")
    # A single indivisible item of CNY 2,500: no exception before 2019, general trade in full:
    # duty 25.00; base (2,500 + 25) / 0.85 = 2,970.59 (rounded once); tax 445.59; VAT 16% = 475.29.
    single = quote(
        destination="CN",
        origin="FR",
        on=date(2018, 6, 1),
        measures=SKINCARE,
        items=[Item(hs_code="3304990029", value=Money("2500", "CNY"))],
    )
    assert CBEC_2016 not in single.regimes
    assert single.duties == Money("25.00", "CNY")
    assert _charge(single, "excise") == Money("445.59", "CNY")
    assert _charge(single, "vat") == Money("475.29", "CNY")


def test_same_order_is_within_the_limits_from_2019() -> None:
    two_items = [
        Item(hs_code="3304990029", value=Money("1200", "CNY")),
        Item(hs_code="3304990029", value=Money("1300", "CNY")),
    ]
    before = quote(
        destination="CN", origin="FR", on=date(2018, 12, 31), measures=SKINCARE, items=two_items
    )
    after = quote(
        destination="CN", origin="FR", on=date(2019, 1, 1), measures=SKINCARE, items=two_items
    )
    assert not before.regimes
    assert before.duties == Money("25.00", "CNY")
    assert after.regimes == (CBEC_2019,)
    assert after.duties == Money("0.00", "CNY")
    # base 2,500 / 0.85 = 2,941.18; consumption tax x 15% x 70% = 308.82 and VAT (still 16%
    # until 2019-03-31) x 16% x 70% = 329.41, each rounded once
    assert after.total == Money("638.23", "CNY")
