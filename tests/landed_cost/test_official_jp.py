"""Japan: rules from Japan Customs and the national tax laws, fed to the engine.

* Japan Customs, Customs Answer 1006 "Duty exemption for goods at a total customs value of
  10,000 yen or less" (http://www.customs.go.jp/english/c-answer_e/imtsukan/1006_e.htm): goods
  at a total customs value of JPY 10,000 or less per declaration are exempt from customs duty and
  consumption tax; other domestic excises (liquor tax, tobacco tax) are not exempted.
* Customs Act (関税法) Art. 13-4 (https://laws.e-gov.go.jp/law/329AC0000000061) applies the Act on General Rules for National
  Taxes (https://laws.e-gov.go.jp/law/337AC0000000066) Art. 118(1): a tax base's fraction below
  JPY 1,000 is dropped; Art. 119(1): a tax amount's fraction below JPY 100 is dropped.
* Customs Tariff Act Enforcement Order Art. 1-4-2 (personal-use goods valued at 60% of the
  overseas retail price); see rules/regimes/JP for the sources.

Not reproduced: customs computes national (7.8%) and local (22/78 of it) consumption tax
separately, each truncated; the engine applies 10% once (see rules/tax/JP).
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money

ON = date(2026, 8, 1)


def test_total_customs_value_of_10000_yen_is_exempt() -> None:
    result = quote(
        destination="JP",
        origin="CN",
        on=ON,
        buyer="business",
        items=[Item(hs_code="420222", value=Money("9000", "JPY"), duty_rate="8")],
        shipping=Money("1000", "JPY"),
    )
    assert result.customs_value == Money("10000", "JPY")
    assert result.total == Money("0", "JPY")
    assert "regimes/JP#small-amount-10000" in result.regimes


def test_exemption_does_not_cover_excise_taxes() -> None:
    result = quote(
        destination="JP",
        origin="FR",
        on=ON,
        buyer="business",
        items=[
            Item(
                hs_code="220421",
                value=Money("5000", "JPY"),
                duty_rate="15",
                excise_goods=True,
                excise_rate="20",
            )
        ],
    )
    assert result.duties == Money("0", "JPY")
    excise = next(c for c in result.charges if c.kind == "excise")
    assert excise.amount == Money("1000", "JPY")


def test_base_truncated_below_1000_and_amount_below_100_yen() -> None:
    # customs value 123,456 -> base 123,000; duty 4.4% = 5,412 -> 5,400;
    # consumption tax base 123,456 + 5,400 = 128,856 -> 128,000; 10% = 12,800
    result = quote(
        destination="JP",
        origin="CN",
        on=ON,
        buyer="business",
        items=[Item(hs_code="610910", value=Money("123456", "JPY"), duty_rate="4.4")],
    )
    duty = next(c for c in result.charges if c.kind == "duty")
    assert duty.base == Money("123000", "JPY")
    assert result.duties == Money("5400", "JPY")
    vat = next(c for c in result.charges if c.kind == "vat")
    assert vat.base == Money("128000", "JPY")
    assert result.taxes == Money("12800", "JPY")
