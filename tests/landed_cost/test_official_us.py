"""United States: the Merchandise Processing Fee and other entry fees as CBP publishes them.

Source: CBP Dec. 25-10, "Customs User Fees To Be Adjusted for Inflation in Fiscal Year 2026",
90 FR 34665 (23 July 2025), https://www.govinfo.gov/content/pkg/FR-2025-07-23/html/2025-13869.htm,
Table 2 (19 CFR 24.23): from 2025-10-01, formal entry MPF 0.3464% ad valorem with a minimum of
USD 33.58 and a maximum of USD 651.50; informal entry or release, automated and not prepared by
CBP (class code 311a), USD 2.69; dutiable mail fee (19 CFR 24.22), USD 7.39. Informal entry: value
not over USD 2,500 (19 CFR 143.21(a)). No notice for fiscal year 2027 (from 2026-10-01) was found,
so the fee is reported as unknown after 2026-09-30, never extended silently.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, Quote, quote
from cbec_compliance.money import Money

FY2026 = date(2026, 8, 1)


def _entry(value: str, on: date = FY2026, mode: str = "courier") -> Quote:
    return quote(
        destination="US",
        origin="CN",
        on=on,
        mode=mode,
        items=[Item(hs_code="6109100012", value=Money(value, "USD"), duty_rate="0")],
    )


def test_formal_entry_mpf_minimum_33_58() -> None:
    assert _entry("5000").fees == Money("33.58", "USD")  # 0.3464% = 17.32 < minimum


def test_formal_entry_mpf_ad_valorem_between_the_limits() -> None:
    assert _entry("50000").fees == Money("173.20", "USD")


def test_formal_entry_mpf_maximum_651_50() -> None:
    assert _entry("500000").fees == Money("651.50", "USD")


def test_informal_entry_fee_2_69_up_to_2500() -> None:
    assert _entry("2500").fees == Money("2.69", "USD")


def test_dutiable_mail_fee_7_39() -> None:
    assert _entry("100", mode="post").fees == Money("7.39", "USD")


def test_fiscal_year_2027_fee_is_unknown_not_extended() -> None:
    result = _entry("5000", on=date(2026, 10, 1))
    assert result.fees is None
    assert result.total is None
    assert any("FY2027" in item.what for item in result.missing)
