"""Korea: list clearance up to USD 150 (USD 200 from the US), duty on CIF and VAT 10%.

Sources: Korea Customs Service, Clearance procedures for express cargo
(https://customs.go.kr/english/cm/cntnts/cntntsView.do?mi=8057&cntntsId=2733) for the thresholds
(see rules/regimes/KR/pack.toml and test_official_kr.py); Customs Act Art. 30 (CIF); VAT Act
Art. 29(2) (VAT on customs value + duty).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.landed_cost import Item, SuppliedRate, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)
RATES = [SuppliedRate("USD", "KRW", Decimal("1400"))]


def test_up_to_150_usd_exempt() -> None:
    result = quote(
        destination="KR",
        origin="CN",
        on=ON,
        exchange_rates=RATES,
        items=[Item(hs_code="6109100000", value=Money("120", "USD"), duty_rate="13")],
    )
    assert result.total == Money("0", "KRW")


def test_above_150_duty_and_vat() -> None:
    result = quote(
        destination="KR",
        origin="CN",
        on=ON,
        exchange_rates=RATES,
        items=[Item(hs_code="6109100000", value=Money("180", "USD"), duty_rate="13")],
    )
    assert result.duties == Money("32760", "KRW")
    assert result.taxes == Money("28476", "KRW")


def test_from_us_up_to_200_exempt() -> None:
    result = quote(
        destination="KR",
        origin="US",
        on=ON,
        exchange_rates=RATES,
        items=[Item(hs_code="6109100000", value=Money("180", "USD"), duty_rate="13")],
    )
    assert result.total == Money("0", "KRW")
