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
    # consumption tax base 123,456 + 5,400 = 128,856 -> 128,000; national 7.8% = 9,984 ->
    # 9,900; local 9,900 x 22/78 = 2,792 -> 2,700; together 12,600 (Customs Answer 1111 method)
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
    assert result.taxes == Money("12600", "JPY")


def test_customs_answer_1111_duty_and_national_and_local_consumption_tax() -> None:
    """Japan Customs, Customs Answer 1111 "Calculation Method of Amount of Tariff Duty,
    Consumption Tax, etc." (https://www.customs.go.jp/english/c-answer_e/imtsukan/1111_e.htm),
    worked example: item A CIF 534,795 yen, duty 14%, standard rate; item B CIF 126,258 yen,
    duty 14%, reduced rate. Duty 74,760 + 17,640 = 92,400; national consumption tax
    609,000 x 7.8% = 47,502 and 143,000 x 6.24% = 8,923, total 56,425 -> 56,400; local
    consumption tax 47,500 x 22/78 = 13,397 and 8,900 x 22/78 = 2,510, total 15,907 -> 15,900.
    """
    result = quote(
        destination="JP",
        origin="US",
        on=date(2026, 8, 1),
        buyer="business",
        items=[
            Item(hs_code="610910", value=Money("534795", "JPY"), duty_rate="14"),
            Item(hs_code="210690", value=Money("126258", "JPY"), duty_rate="14", vat_rate="8"),
        ],
    )
    by_name: dict[str, Money] = {}
    for charge in result.charges:
        assert charge.amount is not None
        by_name[charge.name] = by_name.get(charge.name, Money("0", "JPY")) + charge.amount
    assert by_name["Customs duty"] == Money("92400", "JPY")
    assert by_name["Import consumption tax (national)"] == Money("56400", "JPY")
    assert by_name["Import local consumption tax"] == Money("15900", "JPY")
    bases = [c.base for c in result.charges if c.name == "Import consumption tax (national)"]
    # The consumption-tax base of item A is 534,795 + 74,700 (duty truncated to 100 yen) =
    # 609,495, truncated to 609,000; item B 126,258 + 17,600 = 143,858 -> 143,000.
    assert bases == [Money("609000", "JPY"), Money("143000", "JPY")]
    assert result.total == Money("164700", "JPY")
