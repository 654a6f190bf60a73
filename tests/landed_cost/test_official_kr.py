"""Korea: the Korea Customs Service's list clearance limits and the statutory tax bases, fed to the engine.

* Korea Customs Service, "Clearance procedures for express cargo", Import Declaration by Item
  List (https://customs.go.kr/english/cm/cntnts/cntntsView.do?mi=8057&cntntsId=2733): goods for
  personal use not exceeding USD 150 (USD 200 for goods from the US) may be cleared on the list,
  without duty or VAT; drugs, foods, alcoholic beverages, tobacco, health supplements and other
  listed goods are excluded from list clearance.
* Customs Act (관세법) Art. 30: the dutiable value adds freight and insurance to the port of import
  (CIF); Value-Added Tax Act (부가가치세법) Art. 29(2): VAT on imported goods is charged on the
  dutiable value plus customs duty, individual consumption tax and the other listed taxes; Art. 30:
  10% (https://www.law.go.kr/). No KCS worked example with figures was found; the amounts are
  those formulas at a supplied customs exchange rate (KCS publishes weekly rates; ECB otherwise).

Not reproduced: the simplified tax rates (간이세율, Customs Act Art. 81) for travellers' and postal
goods, and the won rounding of tax amounts (not sourced; the pack rounds once to the won).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.landed_cost import Item, Quote, SuppliedRate, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)
RATES = [SuppliedRate("USD", "KRW", Decimal("1400"))]


def _personal_import(value: str, origin: str) -> Quote:
    return quote(
        destination="KR",
        origin=origin,
        on=ON,
        exchange_rates=RATES,
        items=[Item(hs_code="6109100000", value=Money(value, "USD"), duty_rate="13")],
    )


def test_list_clearance_up_to_150_usd_and_taxed_in_full_above() -> None:
    at_limit = _personal_import("150.00", "CN")
    assert at_limit.total == Money("0", "KRW")
    assert "regimes/KR#list-clearance-150" in at_limit.regimes
    above = _personal_import("150.01", "CN")
    assert "regimes/KR#list-clearance-150" not in above.regimes
    # 150.01 x 1,400 = 210,014; duty 13% = 27,301.82 -> 27,302; VAT 10% of 237,315.82 -> 23,732
    assert above.duties == Money("27302", "KRW")
    assert above.taxes == Money("23732", "KRW")


def test_goods_from_the_united_states_up_to_200_usd() -> None:
    assert _personal_import("200.00", "US").total == Money("0", "KRW")
    # the same USD 180 from elsewhere: duty 13% of 252,000 = 32,760, VAT 10% of 284,760 = 28,476
    assert _personal_import("180.00", "CN").total == Money("61236", "KRW")
    above = _personal_import("200.01", "US")
    assert above.duties is not None and above.duties.amount > 0


def test_alcohol_and_tobacco_are_not_list_cleared() -> None:
    spirits = quote(
        destination="KR",
        origin="GB",
        on=ON,
        exchange_rates=RATES,
        items=[
            Item(
                hs_code="2208300000",
                value=Money("100", "USD"),
                duty_rate="20",
                excise_goods=True,
                excise_rate="72",
            )
        ],
    )
    assert "regimes/KR#list-clearance-150" not in spirits.regimes
    assert spirits.duties == Money("28000", "KRW")  # 20% of 140,000, not relieved


def test_duty_on_cif_and_vat_on_cif_plus_duty() -> None:
    # goods USD 280 + freight USD 20 = CIF USD 300 = 420,000 won; duty 13% = 54,600;
    # VAT 10% of 474,600 = 47,460
    result = quote(
        destination="KR",
        origin="CN",
        on=ON,
        exchange_rates=RATES,
        shipping=Money("20", "USD"),
        items=[Item(hs_code="6109100000", value=Money("280", "USD"), duty_rate="13")],
    )
    assert result.customs_value == Money("420000", "KRW")
    assert result.duties == Money("54600", "KRW")
    vat = next(c for c in result.charges if c.kind == "vat")
    assert vat.base == Money("474600", "KRW")
    assert result.taxes == Money("47460", "KRW")
    assert result.total == Money("102060", "KRW")
