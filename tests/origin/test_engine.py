"""The origin engine on the shipped packs and on caller-supplied rules.

Figures are computed by hand in each test's comment, so a wrong formula fails the test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import cbec_compliance as cc
from cbec_compliance import Material, Money, Product
from cbec_compliance.errors import (
    CbecError,
    InvalidInputError,
    InvalidRuleError,
    NotFoundError,
    UnknownAgreementError,
)

from .conftest import ON, usd


def earbud_bom() -> list[Material]:
    return [
        Material(hs_code="850760", origin="KR", value=usd("2.10"), description="cell"),
        Material(hs_code="854231", origin="TW", value=usd("3.40"), description="SoC"),
        Material(hs_code="851890", origin="TW", value=usd("0.80"), description="driver parts"),
    ]


def rcep(rule: str, bom: list[Material], **kwargs: object) -> cc.origin.OriginResult:
    arguments: dict[str, object] = {"fob": usd("12.50"), "ex_works": usd("12.00")}
    arguments.update(kwargs)
    return cc.check_origin(
        "RCEP",
        exporter="CN",
        importer="JP",
        product=Product(hs_code="851830", description="wireless earbuds"),
        bom=bom,
        on=ON,
        rule=rule,
        **arguments,  # type: ignore[arg-type]
    )


def test_agreements_listed_with_stable_ids_parties_and_sources() -> None:
    found = {item.id: item for item in cc.origin.agreements()}
    assert {"RCEP", "UK-EU-TCA", "UK-JP-CEPA", "UK-CPTPP", "UK-KR"} <= set(found)
    assert len([item for item in found if item.startswith("UK-")]) >= 40
    rcep_info = found["RCEP"]
    assert {"CN", "JP", "KR", "AU", "NZ"} <= set(rcep_info.parties)
    assert rcep_info.hs_edition == "HS2012"
    assert rcep_info.source_url.startswith("https://")


def test_rvc_build_down_passes_with_the_computed_percentage() -> None:
    # Non-originating: SoC 3.40 + driver parts 0.80 (TW is not a party) = 4.20 USD.
    # Build-down: (12.50 - 4.20) / 12.50 = 66.40 %.
    result = rcep("RVC40", earbud_bom())
    assert result.originating is True
    (alternative,) = result.alternatives
    assert alternative.percent == Decimal("66.4")
    assert "66.40%" in (alternative.formula or "")
    assert set(alternative.deciding_materials) == {"854231", "851890"}


def test_cth_fails_on_same_heading_material_and_suggests_the_change() -> None:
    # 851890 stays in heading 8518 (the product's): fails CTH. 0.80 / FOB 12.50 = 6.4 %,
    # within RCEP's 10 % de minimis (Art. 3.7) -> passes thanks to the tolerance.
    result = rcep("CTH", earbud_bom())
    assert result.originating is True
    assert any("6.40%" in line and "applies" in line for line in result.alternatives[0].evidence)
    # With driver parts worth 2.00 (16 % of FOB) the tolerance no longer saves it.
    heavy = [
        *earbud_bom()[:2],
        Material(hs_code="851890", origin="TW", value=usd("2.00"), description="driver parts"),
    ]
    failed = rcep("CTH", heavy)
    assert failed.originating is False
    assert failed.alternatives[0].deciding_materials == ("851890",)
    assert any("851890" in text and "originating" in text for text in failed.suggestions)


def test_rvc_failure_suggests_the_smallest_single_change() -> None:
    # FOB 10.00; non-originating 3.40 + 2.10 + 0.80 = 6.30 -> RVC 37 %, below 40.
    # Making the 0.80 part originating gives 45 %, the 2.10 one 58 %, the 3.40 one 71 %.
    bom = [
        Material(hs_code="850760", origin="US", value=usd("2.10")),
        Material(hs_code="854231", origin="TW", value=usd("3.40")),
        Material(hs_code="851890", origin="TW", value=usd("0.80")),
    ]
    result = rcep("RVC40 build-down", bom, fob=usd("10.00"))
    assert result.originating is False
    assert result.alternatives[0].percent == Decimal("37")
    suggestions = result.suggestions
    assert any("at most 6.00 USD" in text and "now 6.30 USD" in text for text in suggestions)
    first_material = next(text for text in suggestions if "if material" in text)
    assert "851890" in first_material and "45.00%" in first_material


def test_build_up_without_the_costs_rcep_adds_is_not_decisive() -> None:
    # RCEP build-up adds labour, overhead, profit and other costs (Art. 3.5): without them the
    # build-up figure is only a lower bound.
    bom = [
        Material(hs_code="850760", origin="KR", value=usd("2.00")),
        Material(hs_code="854231", origin="TW", value=usd("8.00")),
    ]
    result = rcep("RVC40 build-up", bom, fob=usd("10.00"))
    assert result.originating is None
    assert any("build-up costs not given" in text for text in result.missing)
    costs = {
        "direct_labour": usd("1.00"),
        "direct_overhead": usd("0.50"),
        "profit": usd("0.50"),
        "other": usd("0.00"),
    }
    # (2.00 + 1.00 + 0.50 + 0.50) / 10.00 = 40 % -> meets RVC40.
    done = rcep("RVC40 build-up", bom, fob=usd("10.00"), costs=costs)
    assert done.originating is True
    assert done.alternatives[0].percent == Decimal(40)


def test_missing_values_are_listed_never_assumed() -> None:
    bom = [Material(hs_code="854231", origin="TW"), Material(hs_code="850760", origin="KR")]
    result = rcep("RVC40", bom)
    assert result.originating is None
    assert any("value of non-originating material 854231" in text for text in result.missing)
    unknown_origin = [Material(hs_code="851890", value=usd("0.80"))]
    result = rcep("CTH", unknown_origin)
    assert result.originating is None
    assert any("origin of material 851890" in text for text in result.missing)


def test_missing_base_price_is_listed() -> None:
    result = cc.check_origin(
        "RCEP",
        exporter="CN",
        importer="JP",
        product=Product(hs_code="851830"),
        bom=earbud_bom(),
        on=ON,
        rule="RVC40",
    )
    assert result.originating is None
    assert any("FOB price" in text for text in result.missing)


def test_pack_rule_from_rcep_annex_3a_and_not_available_otherwise() -> None:
    # Annex 3A, chapter 95 (page 3A-157): CTH or RVC40. 950300 toys from parts of 9503 fails
    # CTH but passes RVC40: (10.00 - 3.00) / 10.00 = 70 %.
    toy = cc.check_origin(
        "RCEP",
        exporter="CN",
        importer="AU",
        product=Product(hs_code="950300", edition="HS2012"),
        bom=[Material(hs_code="950300", origin="US", value=usd("3.00"), edition="HS2012")],
        on=ON,
        fob=usd("10.00"),
    )
    assert toy.rule == "CTH or RVC40"
    assert "3A-157" in toy.rule_source
    assert [a.status for a in toy.alternatives] == ["fail", "pass"]
    assert toy.originating is True
    absent = cc.check_origin(
        "RCEP", exporter="CN", importer="JP", product=Product(hs_code="610910"), on=ON
    )
    assert absent.rule is None and absent.originating is None
    assert any("not available" in text for text in absent.missing)


def test_uk_eu_tca_rule_from_the_uk_trade_tariff_with_tolerance_and_maxnom() -> None:
    # TCA 8508-8518: CTH or MaxNOM 50 % EXW. Driver parts of 8518 (0.80 of EXW 12.00 = 6.67 %)
    # fail CTH but are within the 10 % tolerance; MaxNOM: 6.30 / 12.00 = 52.5 % > 50.
    result = cc.check_origin(
        "UK-EU-TCA",
        exporter="DE",
        importer="GB",
        product=Product(hs_code="851830"),
        bom=[
            Material(hs_code="850760", origin="CN", value=usd("2.10")),
            Material(hs_code="854231", origin="TW", value=usd("3.40")),
            Material(hs_code="851890", origin="VN", value=usd("0.80")),
        ],
        ex_works=usd("12.00"),
        on=ON,
    )
    assert result.rule == "CTH or MaxNOM 50% EXW"
    statuses = {a.rule: a.status for a in result.alternatives}
    assert statuses == {"CTH": "pass", "MaxNOM 50% EXW": "fail"}
    assert result.alternatives[1].percent == Decimal("52.5")
    assert result.originating is True
    assert {proof.id for proof in result.proof} == {"origin-declaration", "importers-knowledge"}


def test_rule_depending_on_a_subdivision_asks_for_it() -> None:
    result = cc.check_origin(
        "UK-EU-TCA", exporter="GB", importer="FR", product=Product(hs_code="610910"), on=ON
    )
    assert result.originating is None
    assert any("depends on which" in text for text in result.missing)
    chosen = cc.check_origin(
        "UK-EU-TCA",
        exporter="GB",
        importer="FR",
        product=Product(hs_code="610910"),
        on=ON,
        subdivision="Others",
        confirmed=["Knitting and making-up in one operation."],
    )
    assert chosen.originating is True


def test_wholly_obtained_needs_confirmation() -> None:
    base = {"exporter": "CN", "importer": "JP", "on": ON, "rule": "WO"}
    unknown = cc.check_origin("RCEP", product=Product(hs_code="070200"), **base)  # type: ignore[arg-type]
    assert unknown.originating is None
    declared = cc.check_origin(
        "RCEP",
        product=Product(hs_code="070200", wholly_obtained=True),
        **base,  # type: ignore[arg-type]
    )
    assert declared.originating is True
    imported = cc.check_origin(
        "RCEP",
        product=Product(hs_code="070200"),
        bom=[Material(hs_code="070200", origin="US", value=usd("1"))],
        **base,  # type: ignore[arg-type]
    )
    assert imported.originating is False


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"agreement": "NOPE"}, UnknownAgreementError),
        ({"exporter": "US"}, InvalidInputError),
        ({"importer": "CN"}, InvalidInputError),
        ({"on": date(2021, 6, 1)}, NotFoundError),
        ({"rule": "CTH or"}, InvalidRuleError),
        ({"exporter": "China"}, InvalidInputError),
        ({"costs": {"bribes": usd("1")}}, InvalidInputError),
        ({"fob": "12.50"}, InvalidInputError),
    ],
)
def test_bad_input_raises_a_library_error_naming_it(
    arguments: dict[str, object], error: type[CbecError]
) -> None:
    call: dict[str, object] = {
        "agreement": "RCEP",
        "exporter": "CN",
        "importer": "JP",
        "product": Product(hs_code="851830"),
        "on": ON,
        "rule": "CTH",
    }
    call.update(arguments)
    agreement = call.pop("agreement")
    with pytest.raises(error):
        cc.check_origin(agreement, **call)  # type: ignore[arg-type]


def test_mixed_currencies_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="several currencies"):
        rcep("RVC40", [Material(hs_code="854231", origin="TW", value=Money("3", "EUR"))])


@pytest.mark.parametrize(
    "build",
    [
        lambda: Material(hs_code="123", origin="KR"),
        lambda: Material(hs_code="850760", origin="Korea"),
        lambda: Material(hs_code="850760", value="2.10 USD"),  # type: ignore[arg-type]
        lambda: Material(hs_code="850760", originating="yes"),  # type: ignore[arg-type]
        lambda: Product(hs_code="8518x0"),
        lambda: Product(hs_code="851830", weight_kg=0.5),  # type: ignore[arg-type]
    ],
)
def test_malformed_materials_and_products_raise(build: object) -> None:
    with pytest.raises(InvalidInputError):
        build()  # type: ignore[operator]


def test_result_serialises_and_explains() -> None:
    result = rcep("CTH or RVC40", earbud_bom())
    dumped = result.model_dump()
    assert dumped["originating"] is True
    assert dumped["alternatives"][1]["percent"] == "66.40"
    text = result.explain()
    assert "Verdict: ORIGINATING" in text and "Certificate of Origin" in text


def test_product_heading_only_decides_cth_but_not_ctsh() -> None:
    # A 4-digit product code: CTH can be judged (material heading 3926 differs from 9503),
    # CTSH cannot (the product's subheading is unknown).
    bom = [Material(hs_code="392690", origin="TW", value=usd("1.00"))]
    cth = rcep_with_product("9503", "CTH", bom)
    assert cth.originating is True
    ctsh = rcep_with_product("9503", "CTSH", bom)
    assert ctsh.originating is None
    assert any("subheading (6 digits)" in text for text in ctsh.missing)


def rcep_with_product(code: str, rule: str, bom: list[Material]) -> cc.origin.OriginResult:
    return cc.check_origin(
        "RCEP",
        exporter="CN",
        importer="JP",
        product=Product(hs_code=code),
        bom=bom,
        on=ON,
        fob=usd("10.00"),
        rule=rule,
    )
