"""Real rate texts copied from the source schedules, with the structure they must parse to.

Sources (cited per row): US = USITC HTS 2025 Basic Edition (General, Column 2, Additional Duties);
EU = EU CET 2020 and UK = UK Global Tariff 2021 (DIT UKGT vs CET file); AU = ABF Schedule 3 scrape;
CN = China 2026 import tariff (10-digit table and its agreement-rate file).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cbec_compliance.duty import AdValorem, DutyComponent, DutyExpression, Specific
from cbec_compliance.duty.parser import parse_duty_expression


def percent(value: str, basis: str | None = None) -> AdValorem:
    return AdValorem(percent=Decimal(value), basis=basis)


def per(amount: str, currency: str, unit: str, quantity: int = 1) -> Specific:
    return Specific(
        amount=Decimal(amount), currency=currency, per_quantity=Decimal(quantity), unit=unit
    )


def full(
    *terms: DutyComponent,
    minimum: tuple[DutyComponent, ...] | None = None,
    maximum: tuple[DutyComponent, ...] | None = None,
) -> dict[str, object]:
    return {"terms": terms, "minimum": minimum, "maximum": maximum}


def partial(
    *terms: DutyComponent,
    minimum: tuple[DutyComponent, ...] | None = None,
    maximum: tuple[DutyComponent, ...] | None = None,
) -> dict[str, object]:
    return {"terms": terms, "minimum": minimum, "maximum": maximum, "partial": True}


FREE: dict[str, object] = {"free": True}
TEXT_ONLY: dict[str, object] = {"text_only": True}

CASES: list[tuple[str, str | None, dict[str, object]]] = [
    # --- US HTS 2025, General column ---
    ("Free", "USD", FREE),
    ("6.5%", "USD", full(percent("6.5"))),
    ("1.5¢/kg", "USD", full(per("0.015", "USD", "kg"))),
    ("$1.035/kg + 14.9%", "USD", full(per("1.035", "USD", "kg"), percent("14.9"))),
    ("$1.035/kg +13.6%", "USD", full(per("1.035", "USD", "kg"), percent("13.6"))),
    ("30.5¢/kg + 8.5%", "USD", full(per("0.305", "USD", "kg"), percent("8.5"))),
    ("23.7¢/pf.liter", "USD", full(per("0.237", "USD", "liter_proof"))),
    (
        "4.4¢/liter + 31.4¢/pf. liter",
        "USD",
        full(per("0.044", "USD", "l"), per("0.314", "USD", "liter_proof")),
    ),
    (
        "3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content",
        "USD",
        full(per("0.031", "USD", "l"), per("0.221", "USD", "liter_proof")),
    ),
    ("90¢/pr. + 37.5%", "USD", full(per("0.90", "USD", "pair"), percent("37.5"))),
    ("96¢/doz. + 1.4%", "USD", full(per("0.96", "USD", "dozen"), percent("1.4"))),
    ("0.9¢ each", "USD", full(per("0.009", "USD", "item"))),
    (
        "36¢ each + 5.6% + 2¢/jewel",
        "USD",
        full(per("0.36", "USD", "item"), percent("5.6"), per("0.02", "USD", "jewel")),
    ),
    (
        "13.5¢/kg + 6.3% + 1.9¢/article",
        "USD",
        full(per("0.135", "USD", "kg"), percent("6.3"), per("0.019", "USD", "item")),
    ),
    ("38.4¢/1000", "USD", full(per("0.384", "USD", "item", 1000))),
    ("10¢/1,000 pins + 3.5%", "USD", full(per("0.10", "USD", "item", 1000), percent("3.5"))),
    ("20¢/thousand + 3.5%", "USD", full(per("0.20", "USD", "item", 1000), percent("3.5"))),
    ("6.5¢/gross", "USD", full(per("0.065", "USD", "gross"))),
    ("68¢/head", "USD", full(per("0.68", "USD", "head"))),
    ("$1.13/m3", "USD", full(per("1.13", "USD", "m3"))),
    ("14.5¢/m2 + 0.4%", "USD", full(per("0.145", "USD", "m2"), percent("0.4"))),
    ("10.5¢/bbl", "USD", full(per("0.105", "USD", "barrel"))),
    ("39.7¢/t", "USD", full(per("0.397", "USD", "kg", 1000))),
    ("3.7¢/kg on drained weight", "USD", full(per("0.037", "USD", "kg_drained"))),
    (
        "5.7¢/kg on drained weight +8%",
        "USD",
        full(per("0.057", "USD", "kg_drained"), percent("8")),
    ),
    ("5¢/kg on contents and container", "USD", full(per("0.05", "USD", "kg_gross"))),
    ("1.5¢/kg on entire contents of container", "USD", full(per("0.015", "USD", "kg"))),
    ("18.7¢/clean kg", "USD", full(per("0.187", "USD", "kg_clean"))),
    (
        "33.9¢/kg of total sugars + 5.1%",
        "USD",
        full(per("0.339", "USD", "kg_total_sugars"), percent("5.1")),
    ),
    (
        "0.7¢/kg on copper content + 0.7¢/kg on lead content",
        "USD",
        full(per("0.007", "USD", "kg_copper"), per("0.007", "USD", "kg_lead")),
    ),
    ("6.5% on the entire set", "USD", full(percent("6.5"))),
    # US: cents convert exactly, even with many decimals
    ("0.01¢/kg of total sugars", "USD", full(per("0.0001", "USD", "kg_total_sugars"))),
    # US, ad valorem on the value of a part: parsed with its basis, marked partial
    (
        "40¢ each + 6% on the case",
        "USD",
        partial(per("0.40", "USD", "item"), percent("6", "the case")),
    ),
    (
        "2.5% on the value of the lead content",
        "USD",
        partial(percent("2.5", "the value of the lead content")),
    ),
    # US sugar polarisation scale: base rate and floor kept, the scale itself is not computable
    (
        "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree"
        " in proportion) but not less than 3.143854¢/kg",
        "USD",
        partial(per("0.036606", "USD", "kg"), minimum=(per("0.03143854", "USD", "kg"),)),
    ),
    # US text-only forms
    ("The duty provided in the applicable subheading + 25%", "USD", TEXT_ONLY),
    ("The rate applicable to the article of which it is a part or accessory", "USD", TEXT_ONLY),
    ("Free, under bond, as prescribed in U.S. note 1 to this subchapter", "USD", TEXT_ONLY),
    ("0.3¢/line/ gross + 4.6%", "USD", TEXT_ONLY),
    ("No change", "USD", TEXT_ONLY),
    # --- US HTS 2025, Column 2 ---
    ("33 1/3%", "USD", full(AdValorem(percent=Decimal(100) / Decimal(3)))),
    ("$1.32/t, including weight of container", "USD", full(per("1.32", "USD", "kg_gross", 1000))),
    ("10.6¢/g", "USD", full(per("0.106", "USD", "g"))),
    ("3.3¢/lin. m", "USD", full(per("0.033", "USD", "m"))),
    ("86.1¢/m2 of recording surface", "USD", full(per("0.861", "USD", "m2"))),
    (
        "$40/kg of anhydrous morphine content",
        "USD",
        full(per("40", "USD", "kg_anhydrous_morphine")),
    ),
    ("$1/1,000 pins + 35%", "USD", full(per("1", "USD", "item", 1000), percent("35"))),
    ("22¢/kg on drained weight+45%", "USD", full(per("0.22", "USD", "kg_drained"), percent("45"))),
    ("37% /", "USD", TEXT_ONLY),
    (":", "USD", TEXT_ONLY),
    # --- EU CET 2020 ---
    ("0.0%", "EUR", FREE),
    ("10.20% + 93.10 EUR / 100 kg", "EUR", full(percent("10.20"), per("93.10", "EUR", "kg", 100))),
    ("175.00 EUR / tonne", "EUR", full(per("175.00", "EUR", "kg", 1000))),
    ("15.40 EUR / hl", "EUR", full(per("15.40", "EUR", "l", 100))),
    ("1.75 EUR / % vol / hl", "EUR", full(per("1.75", "EUR", "liter_alcohol_100pct"))),
    (
        "0.60 EUR / % vol / hl + 3.20 EUR / hl",
        "EUR",
        full(per("0.60", "EUR", "liter_alcohol_100pct"), per("3.20", "EUR", "l", 100)),
    ),
    (
        "4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item",
        "EUR",
        full(
            percent("4.50"),
            minimum=(per("0.30", "EUR", "item"),),
            maximum=(per("0.80", "EUR", "item"),),
        ),
    ),
    (
        "0.50 EUR / item MIN 2.70% MAX 4.60%",
        "EUR",
        full(per("0.50", "EUR", "item"), minimum=(percent("2.70"),), maximum=(percent("4.60"),)),
    ),
    (
        "18.40% MIN 22.00 EUR / 100 kg MAX 24.00 EUR / 100 kg",
        "EUR",
        full(
            percent("18.40"),
            minimum=(per("22.00", "EUR", "kg", 100),),
            maximum=(per("24.00", "EUR", "kg", 100),),
        ),
    ),
    (
        "9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg",
        "EUR",
        full(
            percent("9.10"),
            per("45.10", "EUR", "kg", 100),
            maximum=(percent("18.90"), per("16.50", "EUR", "kg", 100)),
        ),
    ),
    (
        "8.30% + 4.50 EUR / 100 kg MAX 11.50%",
        "EUR",
        full(percent("8.30"), per("4.50", "EUR", "kg", 100), maximum=(percent("11.50"),)),
    ),
    (
        "6.50% MAX 5.00 EUR / 100 m",
        "EUR",
        full(percent("6.50"), maximum=(per("5", "EUR", "m", 100),)),
    ),
    ("8.00% MAX 2.80 EUR / m2", "EUR", full(percent("8.00"), maximum=(per("2.80", "EUR", "m2"),))),
    (
        "3.80% MIN 0.60 EUR / 100 kg / gross",
        "EUR",
        full(percent("3.80"), minimum=(per("0.60", "EUR", "kg_gross", 100),)),
    ),
    (
        "5.10% + 9.40 EUR / 100 kg / net drained wt",
        "EUR",
        full(percent("5.10"), per("9.40", "EUR", "kg_drained", 100)),
    ),
    (
        "1.31 EUR / kg / lactic matter + 22.00 EUR / 100 kg",
        "EUR",
        full(per("1.31", "EUR", "kg_lactic_matter"), per("22.00", "EUR", "kg", 100)),
    ),
    ("0.07 EUR / kg / dry lactic matter", "EUR", full(per("0.07", "EUR", "kg_dry_lactic_matter"))),
    ("1.62 EUR / kg / tot alc", "EUR", full(per("1.62", "EUR", "kg_total_alcohol"))),
    ("50.70 EUR / 100 kg / net dry", "EUR", full(per("50.70", "EUR", "kg_dry_matter", 100))),
    ("33.90 EUR / 100 kg / std qual", "EUR", full(per("33.90", "EUR", "kg_standard_quality", 100))),
    ("0.40 EUR / 100 kg /net/ % sacchar.", "EUR", full(per("0.40", "EUR", "kg_sucrose"))),
    ("52.00 EUR / 1,000 items", "EUR", full(per("52.00", "EUR", "item", 1000))),
    (
        "22.40% + 131.00 EUR / hl + 20.60 EUR / 100 kg",
        "EUR",
        full(percent("22.40"), per("131.00", "EUR", "l", 100), per("20.60", "EUR", "kg", 100)),
    ),
    (
        "1.30 EUR / % vol / hl MIN 7.20 EUR / hl",
        "EUR",
        full(per("1.30", "EUR", "liter_alcohol_100pct"), minimum=(per("7.20", "EUR", "l", 100),)),
    ),
    # EU agricultural components: parsed parts kept, text kept in unparsed
    (
        "8.30% +  EA MAX 18.70%  + ADSZ",
        "EUR",
        partial(percent("8.30"), maximum=(percent("18.70"),)),
    ),
    ("9.00% +  EA", "EUR", partial(percent("9.00"))),
    ("0.00% +  EA", "EUR", partial(percent("0"))),
    (
        "9.00% +  EA MAX 20.70%  + ADFM",
        "EUR",
        partial(percent("9.00"), maximum=(percent("20.70"),)),
    ),
    # EU text-only forms
    ("Entry Price", "EUR", TEXT_ONLY),
    ("15.00% (01 JAN-14 FEB, 16 JUN-31 DEC), 0.00% (15 FEB-15 JUN)", "EUR", TEXT_ONLY),
    ("6.4 + 24.6 EUR/100 kg", "EUR", TEXT_ONLY),  # a bare number is not read as a percentage
    ("7.2 MIN 0.36 EUR/100 kg", "EUR", TEXT_ONLY),
    # --- UK Global Tariff 2021 ---
    ("10.00 GBP / hl", "GBP", full(per("10.00", "GBP", "l", 100))),
    ("1.40 GBP / % vol / hl", "GBP", full(per("1.40", "GBP", "liter_alcohol_100pct"))),
    ("126.00 GBP/100kg", "GBP", full(per("126.00", "GBP", "kg", 100))),
    ("10.00% + 77.00 GBP/100kg", "GBP", full(percent("10"), per("77", "GBP", "kg", 100))),
    (
        "4.00% + 7.80 GBP/100kg eda",
        "GBP",
        full(percent("4"), per("7.80", "GBP", "kg_drained", 100)),
    ),
    ("42.00 GBP/100kg mas", "GBP", full(per("42", "GBP", "kg_dry_matter", 100))),
    ("28.00 GBP/100kg std qual", "GBP", full(per("28", "GBP", "kg_standard_quality", 100))),
    ("0.30 GBP/100kg/net/%sacchar.", "GBP", full(per("0.30", "GBP", "kg_sucrose"))),
    ("127.00 GBP/ 1000 items", "GBP", full(per("127", "GBP", "item", 1000))),
    ("0.20 GBP/ item", "GBP", full(per("0.20", "GBP", "item"))),
    ("14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)", "GBP", TEXT_ONLY),
    # --- Australia, Schedule 3 (general rate part of the cell) ---
    ("$0.526/L", "AUD", full(per("0.526", "AUD", "l"))),
    (
        "5%, and $107.99/L of alcohol",
        "AUD",
        full(percent("5"), per("107.99", "AUD", "liter_alcohol_100pct")),
    ),
    ("$2,445.26/kg of tobacco content", "AUD", full(per("2445.26", "AUD", "kg_tobacco"))),
    ("$1.52829/stick", "AUD", full(per("1.52829", "AUD", "item"))),
    (
        "5%, or, if lower, $0.45/kg TSS",
        "AUD",
        full(percent("5"), maximum=(per("0.45", "AUD", "kg_total_soluble_solids"),)),
    ),
    (
        "$10.57/L of alcohol, calculated on that alcohol content by which the percentage by volume"
        " of alcohol of the goods exceeds 1.15",
        "AUD",
        partial(per("10.57", "AUD", "liter_alcohol_100pct")),
    ),
    ("$1.220/kg, less 5%", "AUD", TEXT_ONLY),
    # --- China 2026 import tariff ---
    ("0.8元/千克", "CNY", full(per("0.8", "CNY", "kg"))),
    ("21元/平方米", "CNY", full(per("21", "CNY", "m2"))),
    ("7.5元/升", "CNY", full(per("7.5", "CNY", "l"))),
    ("20%+0.912元/升", "CNY", full(percent("20"), per("0.912", "CNY", "l"))),  # consumption tax
    ("0元/千克", "CNY", FREE),
    ("0元/平 方米", "CNY", FREE),  # agreement file, PDF line-break artefact inside the unit
    ("8.4元/ 平方米", "CNY", full(per("8.4", "CNY", "m2"))),
    (
        "完税价不高于7.5元/千克：20%，完税价高于7.5元/千克：0%+1.5元/千克。",
        "CNY",
        TEXT_ONLY,
    ),
    ("关税配 额税 率：0", "CNY", TEXT_ONLY),
]


def expected_expression(text: str, shape: dict[str, object]) -> DutyExpression:
    if shape.get("free"):
        return DutyExpression(text=text, free=True)
    if shape.get("text_only"):
        return DutyExpression(text=text, unparsed=text)
    return DutyExpression(
        text=text,
        terms=shape["terms"],  # type: ignore[arg-type]
        minimum=shape["minimum"],  # type: ignore[arg-type]
        maximum=shape["maximum"],  # type: ignore[arg-type]
        unparsed=text if shape.get("partial") else None,
    )


def test_table_is_large_and_varied() -> None:
    assert len(CASES) >= 60
    assert len({text for text, _, _ in CASES}) == len(CASES)
    assert sum(1 for _, _, shape in CASES if shape.get("partial")) >= 8
    assert sum(1 for _, _, shape in CASES if shape.get("text_only")) >= 10


@pytest.mark.parametrize(("text", "currency", "shape"), CASES, ids=[case[0][:40] for case in CASES])
def test_real_rate_text_parses_to_expected_structure(
    text: str, currency: str | None, shape: dict[str, object]
) -> None:
    assert parse_duty_expression(text, currency=currency) == expected_expression(text, shape)


def test_china_agreement_bare_numbers_are_percent_only_when_asked() -> None:
    # CN agreement-rate file prints "8.4" for 8.4% and "0" for free.
    assert parse_duty_expression("8.4", currency="CNY", bare_number_is_percent=True).terms == (
        percent("8.4"),
    )
    assert parse_duty_expression("0", currency="CNY", bare_number_is_percent=True).free
    assert parse_duty_expression("8.4", currency="CNY").unparsed == "8.4"
    assert not parse_duty_expression("0", currency="CNY").free
