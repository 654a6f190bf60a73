"""The EU's agreements with Korea, Viet Nam and Singapore, and the completed EU-Japan EPA pack.

General rules only (rules/origin/EU-KR-FTA, EU-VN-FTA, EU-SG-FTA, EU-JP-EPA; no product-specific
rules). Each fact test cites the page the pack took the fact from; facts the packs leave out on purpose
(not read in an official text) are asserted absent so that adding them is a deliberate change. Each
pack is also evaluated with a supplied rule on a small bill of materials whose figures are worked out
by hand in the comments.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import cbec_compliance as cc
from cbec_compliance import Material, Product
from cbec_compliance.errors import InvalidInputError

from .conftest import EU27, ON, content, party_dates, usd

TEXTILE_CHAPTERS = tuple(str(chapter) for chapter in range(50, 64))


def earbuds(
    agreement_id: str, exporter: str, importer: str, rule: str, bom: list[Material]
) -> cc.origin.OriginResult:
    return cc.check_origin(
        agreement_id,
        exporter=exporter,
        importer=importer,
        product=Product(hs_code="851830"),
        bom=bom,
        ex_works=usd("10.00"),
        on=ON,
        rule=rule,
    )


@pytest.mark.parametrize(
    ("agreement_id", "partner"),
    [("EU-KR-FTA", "KR"), ("EU-VN-FTA", "VN"), ("EU-SG-FTA", "SG"), ("EU-JP-EPA", "JP")],
)
def test_pack_is_bilateral_with_the_partner_and_has_no_product_rules(
    agreement_id: str, partner: str
) -> None:
    info = cc.origin.agreement(agreement_id)
    assert info.product_rules == 0
    agreement = info.content.agreement
    assert agreement.bilateral_with == partner
    assert agreement.psr_note is not None and "rule=" in agreement.psr_note
    assert set(party_dates(agreement_id)) == {*EU27, partner}
    result = cc.check_origin(
        agreement_id, exporter=partner, importer="DE", product=Product(hs_code="851830"), on=ON
    )
    assert result.originating is None
    assert "not available" in result.missing[0]
    with pytest.raises(InvalidInputError):
        cc.check_origin(
            agreement_id,
            exporter="DE",
            importer="FR",
            product=Product(hs_code="851830"),
            on=ON,
            rule="CTH",
        )


# --- EU-Korea ----------------------------------------------------------------------------------


def test_eu_korea_facts() -> None:
    pack = content("EU-KR-FTA")
    dates = party_dates("EU-KR-FTA")
    # EUR-Lex COM(2017) 614, section 1: provisionally applied since July 2011 (formally in force
    # 13 December 2015); the Additional Protocol for Croatia provisionally applied since 26 May 2014.
    assert {country: day for country, day in dates.items() if country != "HR"} == {
        country: date(2011, 7, 1) for country in (*EU27, "KR") if country != "HR"
    }
    assert dates["HR"] == date(2014, 5, 26)
    # Korea Customs Service FAQ quoting Protocol Article 3: bilateral cumulation.
    (cumulation,) = pack.cumulation
    assert (cumulation.kind, cumulation.countries) == ("bilateral", ())
    # HMRC CIP (11) 15 and (11) 62; Protocol Articles 15-17 (Access2Markets table of contents): only
    # origin declarations, by approved exporters or by any exporter up to EUR 6,000.
    (proof,) = pack.proofs
    assert proof.id == "origin-declaration"
    assert "EUR 6,000" in proof.title and "approved exporter" in proof.title
    # Protocol Articles 6 and 13 (titles read on Access2Markets).
    assert [rule.id for rule in pack.general_rules] == [
        "insufficient-operations",
        "direct-transport",
    ]
    # The general tolerance figure (Article 5(2)) was not read in an official text: left out.
    assert (pack.tolerance, pack.value_content) == ((), ())


def test_eu_korea_maxnom_counts_eu_materials_by_cumulation() -> None:
    bom = [
        Material(hs_code="854231", origin="TW", value=usd("3.40")),
        Material(hs_code="851890", origin="CN", value=usd("0.80")),
        Material(hs_code="850760", origin="DE", value=usd("2.10")),
    ]
    result = earbuds("EU-KR-FTA", "KR", "DE", "MaxNOM 50% EXW", bom)
    # Non-originating: 3.40 + 0.80 = 4.20 of EXW 10.00 = 42.00% <= 50%; the German battery (2.10)
    # is originating by bilateral cumulation (without it: 6.30 / 10.00 = 63%, a failure).
    (alternative,) = result.alternatives
    assert (alternative.status, alternative.percent) == ("pass", Decimal("42.00"))
    assert result.originating is True
    assert any("850760" in text and "cumulation" in text for text in result.assumptions)
    assert [proof.id for proof in result.proof] == ["origin-declaration"]


def test_eu_korea_without_a_tolerance_figure_reports_unknown() -> None:
    bom = [Material(hs_code="851890", origin="CN", value=usd("0.80"))]
    result = earbuds("EU-KR-FTA", "KR", "DE", "CTH", bom)
    # 851890 shares heading 8518 with the product: CTH fails; 0.80 / 10.00 = 8% might be within the
    # Protocol's tolerance, but the pack does not state it, so the verdict is unknown, not a pass.
    assert result.originating is None
    assert any("tolerance" in text and "not in the pack" in text for text in result.missing)


def test_eu_korea_croatia_joins_on_its_own_date() -> None:
    with pytest.raises(InvalidInputError, match="HR"):
        cc.check_origin(
            "EU-KR-FTA",
            exporter="HR",
            importer="KR",
            product=Product(hs_code="851830"),
            on=date(2013, 9, 1),
            rule="CTH",
        )
    result = cc.check_origin(
        "EU-KR-FTA",
        exporter="HR",
        importer="KR",
        product=Product(hs_code="851830"),
        on=date(2014, 6, 1),
        rule="CTH",
    )
    assert result.originating is True


# --- EU-Viet Nam -------------------------------------------------------------------------------


def test_eu_vietnam_facts() -> None:
    pack = content("EU-VN-FTA")
    # Commission press release of 31 July 2020: the agreement enters into force on 1 August 2020.
    assert party_dates("EU-VN-FTA") == {country: date(2020, 8, 1) for country in (*EU27, "VN")}
    # Viet Nam Circular 11/2020/TT-BCT Article 8 (Protocol 1 Article 5): 10% of the ex-works price,
    # or of the weight for chapters 2 and 4-24; chapters 50-63 by the textile notes of Annex I.
    (tolerance,) = pack.tolerance
    assert (tolerance.percent, tolerance.base, tolerance.weight_percent) == (
        Decimal("10"),
        "EXW",
        Decimal("10"),
    )
    assert {"02", "04", "19", "24"} <= set(tolerance.weight_chapters)
    assert not {"01", "03", "16", "25"} & set(tolerance.weight_chapters)
    assert tolerance.value_excluded_chapters == TEXTILE_CHAPTERS
    # Circular Article 9 (Protocol 1 Article 3): bilateral; the ASEAN and Korean-fabric extensions
    # are conditional and not modelled as cumulating countries.
    (cumulation,) = pack.cumulation
    assert (cumulation.kind, cumulation.countries) == ("bilateral", ())
    # DG TAXUD news of 13 January 2021: Korean fabrics cumulate from 23 December 2020.
    fabrics = next(rule for rule in pack.general_rules if rule.id == "cumulation-korean-fabrics")
    assert fabrics.valid_from == date(2020, 12, 23)
    # Commission EVFTA origin guidance (sections 1-2) and Access2Markets REX page: statements on
    # origin by EU REX exporters (any exporter up to EUR 6,000); EUR.1 for Vietnamese exports.
    assert [proof.id for proof in pack.proofs] == ["statement-on-origin", "certificate-of-origin"]
    assert "REX" in pack.proofs[0].title and "EUR 6,000" in pack.proofs[0].title
    assert "EUR.1" in pack.proofs[1].title
    assert pack.value_content == ()


def test_eu_vietnam_tolerance_rescues_cth_up_to_ten_percent() -> None:
    within = earbuds(
        "EU-VN-FTA",
        "VN",
        "FR",
        "CTH",
        [
            Material(hs_code="851890", origin="CN", value=usd("0.80")),
            Material(hs_code="854231", origin="TW", value=usd("3.00")),
        ],
    )
    # Only 851890 fails CTH (same heading 8518): 0.80 / 10.00 = 8% <= 10% of the ex-works price.
    assert within.originating is True
    assert "8.00% of EXW" in within.alternatives[0].evidence[-1]
    beyond = earbuds(
        "EU-VN-FTA", "VN", "FR", "CTH", [Material(hs_code="851890", origin="CN", value=usd("1.20"))]
    )
    # 1.20 / 10.00 = 12% > 10%: the tolerance is exceeded and CTH fails.
    assert beyond.originating is False
    assert "12.00% of EXW" in beyond.alternatives[0].evidence[-1]


def test_eu_vietnam_maxnom_does_not_cumulate_asean_materials() -> None:
    thai = earbuds(
        "EU-VN-FTA",
        "VN",
        "FR",
        "MaxNOM 50% EXW",
        [
            Material(hs_code="854231", origin="TW", value=usd("3.00")),
            Material(hs_code="851890", origin="TH", value=usd("2.50")),
        ],
    )
    # Thai material is non-originating (ASEAN cumulation is conditional, not modelled):
    # (3.00 + 2.50) / 10.00 = 55% > 50%.
    assert (thai.alternatives[0].status, thai.alternatives[0].percent) == ("fail", Decimal("55.00"))
    german = earbuds(
        "EU-VN-FTA",
        "VN",
        "FR",
        "MaxNOM 50% EXW",
        [
            Material(hs_code="854231", origin="TW", value=usd("3.00")),
            Material(hs_code="851890", origin="DE", value=usd("2.50")),
        ],
    )
    # The same part from Germany cumulates bilaterally: 3.00 / 10.00 = 30%.
    assert (german.alternatives[0].status, german.alternatives[0].percent) == (
        "pass",
        Decimal("30.00"),
    )


def test_eu_vietnam_weight_tolerance_for_food_chapters() -> None:
    result = cc.check_origin(
        "EU-VN-FTA",
        exporter="VN",
        importer="DE",
        product=Product(hs_code="190531", weight_kg=Decimal("1.00")),
        bom=[Material(hs_code="190590", origin="TH", value=usd("1.50"), weight_kg=Decimal("0.08"))],
        ex_works=usd("10.00"),
        on=ON,
        rule="CTH",
    )
    # 190590 shares heading 1905: CTH fails. By value 1.50 / 10.00 = 15% > 10%, but chapter 19 may
    # use weight: 0.08 / 1.00 kg = 8% <= 10%, so the tolerance applies.
    assert result.originating is True
    evidence = " | ".join(result.alternatives[0].evidence)
    assert "8.00% of the product's weight" in evidence and "15.00% of EXW" in evidence


def test_eu_vietnam_textiles_are_left_to_the_annex_notes() -> None:
    result = cc.check_origin(
        "EU-VN-FTA",
        exporter="VN",
        importer="FR",
        product=Product(hs_code="610910"),
        bom=[Material(hs_code="610990", origin="CN", value=usd("0.50"))],
        ex_works=usd("10.00"),
        on=ON,
        rule="CTH",
    )
    # Chapter 61: notes 6 and 7 of Annex I apply instead of the 10% value tolerance: unknown.
    assert result.originating is None


# --- EU-Singapore ------------------------------------------------------------------------------


def test_eu_singapore_facts() -> None:
    pack = content("EU-SG-FTA")
    # Access2Markets, EU-Singapore: the EUSFTA entered into force on 21 November 2019.
    assert party_dates("EU-SG-FTA") == {country: date(2019, 11, 21) for country in (*EU27, "SG")}
    # DG TAXUD news of 21 December 2022: Decision No 1/2022 updates Protocol 1 to HS 2022.
    assert pack.agreement.hs_edition == "HS2022"
    # Trade Helpdesk, Singapore: 10% of the ex-works price; 10% of the weight for chapters 2 and 4-24
    # (not processed fishery products of chapter 16); chapters 50-63 by notes 6 and 7 of Annex A.
    (tolerance,) = pack.tolerance
    assert (tolerance.percent, tolerance.base, tolerance.weight_percent) == (
        Decimal("10"),
        "EXW",
        Decimal("10"),
    )
    assert "16" not in tolerance.weight_chapters and "19" in tolerance.weight_chapters
    assert set(TEXTILE_CHAPTERS) | {"16", "19"} <= set(tolerance.value_excluded_chapters)
    assert "85" not in tolerance.value_excluded_chapters
    # Cumulation was not read in an official text: left out.
    assert (pack.cumulation, pack.value_content) == ((), ())


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # Origin declarations until statements on origin replace them on 1 January 2023 (DG TAXUD
        # news of 21 December 2022), accepted from EU approved exporters until 31 March 2023.
        (date(2022, 6, 1), ["origin-declaration"]),
        (date(2023, 2, 1), ["origin-declaration", "statement-on-origin"]),
        (date(2023, 4, 1), ["statement-on-origin"]),
    ],
)
def test_eu_singapore_proofs_change_in_2023(on: date, expected: list[str]) -> None:
    result = cc.check_origin(
        "EU-SG-FTA",
        exporter="DE",
        importer="SG",
        product=Product(hs_code="851830"),
        on=on,
        rule="CTH",
    )
    assert [proof.id for proof in result.proof] == expected


def test_eu_singapore_maxnom_and_tolerance() -> None:
    bom = [
        Material(hs_code="851890", origin="CN", value=usd("0.80")),
        Material(hs_code="854231", origin="TW", value=usd("3.00")),
    ]
    result = earbuds("EU-SG-FTA", "SG", "NL", "CTH or MaxNOM 50% EXW", bom)
    cth, maxnom = result.alternatives
    # CTH: 851890 fails, 0.80 / 10.00 = 8% <= 10% of EXW, saved by the tolerance.
    # MaxNOM: (0.80 + 3.00) / 10.00 = 38% <= 50%.
    assert (cth.status, maxnom.status, maxnom.percent) == ("pass", "pass", Decimal("38.00"))
    assert "8.00% of EXW" in cth.evidence[-1]
    assert result.originating is True


@pytest.mark.parametrize(
    ("material_kg", "expected"),
    # Biscuits (chapter 19): only the weight test is sourced. 0.08 / 1.00 kg = 8% passes; 0.12 / 1.00
    # kg = 12% fails the weight test and the value side is unknown, so the result is unknown.
    [(Decimal("0.08"), True), (Decimal("0.12"), None)],
)
def test_eu_singapore_weight_tolerance(material_kg: Decimal, expected: bool | None) -> None:
    result = cc.check_origin(
        "EU-SG-FTA",
        exporter="SG",
        importer="DE",
        product=Product(hs_code="190531", weight_kg=Decimal("1.00")),
        bom=[Material(hs_code="190590", origin="MY", value=usd("0.50"), weight_kg=material_kg)],
        ex_works=usd("10.00"),
        on=ON,
        rule="CTH",
    )
    assert result.originating is expected


# --- EU-Japan: what completes the pack ---------------------------------------------------------


def test_eu_japan_proofs_and_cumulation() -> None:
    pack = content("EU-JP-EPA")
    # Embassy of Japan in Sweden and the Japan Customs guideline: a claim rests on a statement on
    # origin (Article 3.16(2)(a), 3.17) or on the importer's knowledge (Article 3.18).
    assert [proof.id for proof in pack.proofs] == ["statement-on-origin", "importers-knowledge"]
    assert [proof.article for proof in pack.proofs] == [
        "Article 3.16(2)(a), Article 3.17",
        "Article 3.16(2), Article 3.18",
    ]
    # Access2Markets 'Full cumulation' (Article 3.5) and the Trade Helpdesk: bilateral and full.
    (cumulation,) = pack.cumulation
    assert (cumulation.article, cumulation.kind) == ("Article 3.5 (accumulation)", "full")


def test_eu_japan_maxnom_with_japanese_material_cumulated() -> None:
    bom = [
        Material(hs_code="854231", origin="TW", value=usd("3.00")),
        Material(hs_code="851890", origin="JP", value=usd("3.00")),
    ]
    result = earbuds("EU-JP-EPA", "DE", "JP", "MaxNOM 50% EXW", bom)
    # The Japanese part counts as originating (Article 3.5): 3.00 / 10.00 = 30% <= 50%
    # (without cumulation: 6.00 / 10.00 = 60%, a failure).
    (alternative,) = result.alternatives
    assert (alternative.status, alternative.percent) == ("pass", Decimal("30.00"))
    assert [proof.id for proof in result.proof] == ["statement-on-origin", "importers-knowledge"]
