"""United States: Section 321 de minimis and its suspensions, MPF, HMF.

Sources: 19 U.S.C. 1321 and CBP, Section 321 Programs
(https://www.cbp.gov/trade/trade-enforcement/tftea/section-321-programs): USD 800 de minimis,
ended for China/Hong Kong from 2025-05-02 and for all countries from 2025-08-29 (House Document
119-85). CBP Dec. 25-10, 90 FR 34665 (https://www.govinfo.gov/content/pkg/FR-2025-07-23/html/2025-13869.htm):
FY2026 MPF 0.3464%, minimum USD 33.58, maximum USD 651.50, informal automated entry USD 2.69.
19 CFR 24.24: HMF 0.125% for sea cargo. 19 U.S.C. 1401a: transaction value excludes freight.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money


def _t_shirt(value: str) -> list[Item]:
    return [Item(hs_code="6109100012", value=Money(value, "USD"), duty_rate="16.5")]


def test_de_minimis_before_may_2025_frees_duty_and_fees() -> None:
    result = quote(destination="US", origin="CN", on=date(2025, 4, 1), items=_t_shirt("500"))
    assert result.total == Money("0.00", "USD")


def test_china_excluded_from_de_minimis_from_2_may_2025() -> None:
    result = quote(destination="US", origin="CN", on=date(2025, 6, 1), items=_t_shirt("500"))
    assert result.duties == Money("82.50", "USD")
    # the FY2025 informal MPF is not in the packs: unknown, not zero
    assert result.total is None
    assert any("Merchandise Processing Fee" in item.affects for item in result.missing)


def test_other_origins_kept_de_minimis_until_28_august_2025() -> None:
    result = quote(destination="US", origin="VN", on=date(2025, 6, 1), items=_t_shirt("500"))
    assert result.total == Money("0.00", "USD")
    after = quote(destination="US", origin="VN", on=date(2025, 8, 29), items=_t_shirt("500"))
    assert after.duties == Money("82.50", "USD")


def test_informal_entry_pays_duty_plus_fixed_mpf_and_freight_is_excluded() -> None:
    result = quote(
        destination="US",
        origin="CN",
        on=date(2026, 8, 1),
        items=_t_shirt("500"),
        shipping=Money("40.00", "USD"),
    )
    assert result.customs_value == Money("500.00", "USD")
    assert result.duties == Money("82.50", "USD")
    assert result.fees == Money("2.69", "USD")
    assert result.total == Money("85.19", "USD")


def test_formal_entry_mpf_percentage_minimum_and_maximum() -> None:
    mid = quote(
        destination="US",
        origin="CN",
        on=date(2026, 8, 1),
        items=[Item(hs_code="8471300100", value=Money("20000", "USD"), duty_rate="0")],
    )
    assert mid.fees == Money("69.28", "USD")
    low = quote(
        destination="US",
        origin="CN",
        on=date(2026, 8, 1),
        items=[Item(hs_code="8471300100", value=Money("3000", "USD"), duty_rate="0")],
    )
    assert low.fees == Money("33.58", "USD")
    high = quote(
        destination="US",
        origin="CN",
        on=date(2026, 8, 1),
        items=[Item(hs_code="8471300100", value=Money("300000", "USD"), duty_rate="0")],
    )
    assert high.fees == Money("651.50", "USD")
    assert len(high.entry_charges) == 1  # once per entry, not per line


def test_hmf_on_sea_shipments_only() -> None:
    sea = quote(
        destination="US",
        origin="CN",
        on=date(2026, 8, 1),
        mode="sea",
        items=[Item(hs_code="8471300100", value=Money("20000", "USD"), duty_rate="0")],
    )
    assert sea.fees == Money("94.28", "USD")


def test_fy2027_fees_unknown_not_zero() -> None:
    result = quote(destination="US", origin="CN", on=date(2026, 10, 15), items=_t_shirt("500"))
    assert result.fees is None and result.total is None
