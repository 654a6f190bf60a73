"""China: cross-border e-commerce retail import (CBEC) and general trade.

Sources: 财关税〔2018〕49号 (MOF/GAC/STA, 2018-11-29, from 2019-01-01): CNY 5,000 per transaction,
CNY 26,000 per year; within limits duty 0% and import VAT and consumption tax at 70% of the
statutory amount; a single indivisible item above CNY 5,000 within the annual limit is taxed in
full through the CBEC channel; beyond the limits full taxation as general trade. Comprehensive rate
= (consumption tax rate + VAT rate) / (1 - consumption tax rate) x 70%. Consumption tax base:
(dutiable value + duty) / (1 - rate) (Provisional Regulations on Consumption Tax, Art. 9).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

from .conftest import measure, percent

ON = date(2026, 8, 1)
MILK = {"040221": [measure("mfn", percent("10")), measure("import_vat", percent("13"))]}
COSMETICS = {
    "330499": [
        measure("mfn", percent("1")),
        measure("import_vat", percent("13")),
        measure("consumption_tax", percent("15")),
    ]
}


def test_milk_powder_within_limits_vat_at_70_percent() -> None:
    result = quote(
        destination="CN",
        origin="NZ",
        on=ON,
        measures=MILK,
        items=[Item(hs_code="0402210000", value=Money("3000", "CNY"))],
    )
    assert result.duties == Money("0.00", "CNY")
    assert result.taxes == Money("273.00", "CNY")  # 3000 x 13% x 70%


def test_cosmetics_comprehensive_rate_with_consumption_tax() -> None:
    result = quote(
        destination="CN",
        origin="FR",
        on=ON,
        measures=COSMETICS,
        items=[Item(hs_code="3304990000", value=Money("1000", "CNY"))],
        shipping=Money("50", "CNY"),
    )
    comprehensive = (Decimal("0.15") + Decimal("0.13")) / Decimal("0.85") * Decimal("0.7")
    assert result.taxes == Money((Decimal(1050) * comprehensive).quantize(Decimal("0.01")), "CNY")
    assert result.taxes == Money("242.12", "CNY")


def test_above_transaction_limit_is_general_trade_in_full() -> None:
    result = quote(
        destination="CN",
        origin="NZ",
        on=ON,
        measures=MILK,
        items=[
            Item(hs_code="0402210000", value=Money("3000", "CNY")),
            Item(hs_code="0402210000", value=Money("3000", "CNY")),
        ],
    )
    assert result.duties == Money("600.00", "CNY")
    assert result.taxes == Money("858.00", "CNY")  # 13% of 6600
    assert "regimes/CN#cbec-retail-import-2019" not in result.regimes


def test_single_indivisible_item_above_limit_taxed_in_full_via_cbec() -> None:
    result = quote(
        destination="CN",
        origin="NZ",
        on=ON,
        measures=MILK,
        items=[Item(hs_code="0402210000", value=Money("6000", "CNY"))],
    )
    assert "regimes/CN#cbec-retail-import-2019" in result.regimes
    assert result.total == Money("1458.00", "CNY")


def test_annual_limit_reached_means_general_trade() -> None:
    result = quote(
        destination="CN",
        origin="NZ",
        on=ON,
        measures=MILK,
        annual_cbec_spent=Money("25000", "CNY"),
        items=[Item(hs_code="0402210000", value=Money("3000", "CNY"))],
    )
    assert result.duties == Money("300.00", "CNY")
    assert result.taxes == Money("429.00", "CNY")
