"""Japan: small-amount exemption (JPY 10,000), personal-use valuation (60%), truncation.

Sources: Japan Customs, Customs Answer 1006
(http://www.customs.go.jp/english/c-answer_e/imtsukan/1006_e.htm): goods at a total customs value of
JPY 10,000 or less are exempt from customs duty and consumption tax. Personal-use valuation at 60%
of the overseas retail price (Customs Tariff Act Enforcement Order Art. 1-4-2; secondary sources
only). Act on General Rules for National Taxes Art. 119: amounts below JPY 100 dropped.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_personal_use_15000_yen_is_valued_9000_and_exempt() -> None:
    result = quote(
        destination="JP",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100000", value=Money("15000", "JPY"), duty_rate="10")],
    )
    assert result.customs_value == Money("9000", "JPY")
    assert result.total == Money("0", "JPY")


def test_personal_use_above_exemption_duty_and_consumption_tax() -> None:
    result = quote(
        destination="JP",
        origin="CN",
        on=ON,
        items=[Item(hs_code="6109100000", value=Money("30000", "JPY"), duty_rate="10")],
        shipping=Money("2000", "JPY"),
    )
    assert result.customs_value == Money("20000", "JPY")
    assert result.duties == Money("2000", "JPY")
    # Consumption tax on 22,000 computed as customs does (Customs Answer 1111): national
    # 22,000 x 7.8% = 1,716 -> 1,700; local 1,700 x 22/78 = 479 -> 400; together 2,100.
    assert result.taxes == Money("2100", "JPY")


def test_business_import_is_valued_in_full_and_amounts_truncated_to_100_yen() -> None:
    result = quote(
        destination="JP",
        origin="CN",
        on=ON,
        buyer="business",
        items=[Item(hs_code="6109100000", value=Money("12345", "JPY"), duty_rate="4.4")],
    )
    assert result.customs_value == Money("12345", "JPY")
    assert result.duties == Money("500", "JPY")  # 543.18 truncated below 100 yen
