"""More hand-written agreement packs with general rules only (rules/origin/<ID>/, no product rules).

China's agreements (China-ASEAN, New Zealand, Singapore, Switzerland, Chile, Peru, Pakistan, APTA), the
EU-Japan EPA and the CPTPP. Each fact test cites the page the pack took the fact from; facts the packs
leave out on purpose (not read in an official text) are asserted absent so that adding them is a
deliberate change. The China packs are also checked through the preference path of the quote: the
rate is looked up in China's 2026 tariff and the quoted duty must equal value x that rate.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import cbec_compliance as cc
from cbec_compliance import Material, Money, Product
from cbec_compliance.errors import InvalidInputError, NotFoundError

from .conftest import EU27, ON, content, party_dates, usd

QUOTE_DAY = date(2026, 8, 1)
NEW_PACKS = (
    "CN-ASEAN-FTA",
    "CN-NZ-FTA",
    "CN-SG-FTA",
    "CN-CH-FTA",
    "CN-CL-FTA",
    "CN-PE-FTA",
    "CN-PK-FTA",
    "APTA",
    "EU-JP-EPA",
    "CPTPP",
)
ASEAN = ("BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN")


@pytest.mark.parametrize("agreement_id", NEW_PACKS)
def test_pack_has_no_product_rules_and_says_so(agreement_id: str) -> None:
    info = cc.origin.agreement(agreement_id)
    assert info.product_rules == 0
    note = info.content.agreement.psr_note
    assert note is not None and "rule=" in note
    partner = info.content.agreement.bilateral_with
    importer = partner or ("CN" if "CN" in info.parties else info.parties[0])
    exporter = next(country for country in info.parties if country != importer)
    result = cc.check_origin(
        agreement_id,
        exporter=exporter,
        importer=importer,
        product=Product(hs_code="851830"),
        on=ON,
    )
    assert result.originating is None
    assert "not available" in result.missing[0]


# --- China's agreements: facts -----------------------------------------------------------------


def test_china_asean_facts() -> None:
    pack = content("CN-ASEAN-FTA")
    # GACC announcement (customs.gov.cn/customs/302249/302266/302267/2570744index1.html): the
    # upgrading Protocol and the revised product-specific rules apply from 2019-08-20.
    assert party_dates("CN-ASEAN-FTA") == {country: date(2019, 8, 20) for country in ("CN", *ASEAN)}
    assert pack.agreement.bilateral_with == "CN"
    # The same announcement: certificates of origin in its annexed format (old format until 2019-08-31).
    assert [proof.id for proof in pack.proofs] == ["certificate-of-origin"]
    assert "2019-08-31" in (pack.proofs[0].note or "")
    # RVC formula, de minimis and cumulation were not read in an official text: left out on purpose.
    assert (pack.value_content, pack.tolerance, pack.cumulation) == ((), (), ())
    # China's 2026 tariff names the agreement's rates "China-ASEAN Free Trade Agreement".
    assert pack.agreement.tariff_markers == ("China-ASEAN Free Trade Agreement",)


def test_china_new_zealand_facts() -> None:
    pack = content("CN-NZ-FTA")
    # NZ Customs Service: the NZCFTA entered into force on 1 October 2008.
    assert party_dates("CN-NZ-FTA") == {"CN": date(2008, 10, 1), "NZ": date(2008, 10, 1)}
    # chinafta.govt.nz: Chinese materials used in New Zealand count as originating and vice versa.
    assert [(item.kind, item.countries) for item in pack.cumulation] == [("bilateral", ())]
    # NZ Customs: China requires a certificate from an NZ certifying body; NZ also accepts a declaration.
    assert [proof.id for proof in pack.proofs] == ["certificate-of-origin", "declaration-of-origin"]
    # GACC Announcement 2022 No. 32: the Upgrade Protocol applies from 2022-04-07.
    upgrade = next(rule for rule in pack.general_rules if rule.id == "upgrade-protocol")
    assert upgrade.valid_from == date(2022, 4, 7)
    assert (pack.value_content, pack.tolerance) == ((), ())
    assert pack.agreement.tariff_markers == ("China-New Zealand Free Trade Agreement",)


@pytest.mark.parametrize(
    ("agreement_id", "partners", "marker"),
    [
        ("CN-SG-FTA", ("SG",), "China-Singapore Free Trade Agreement"),
        ("CN-CH-FTA", ("CH",), "China-Switzerland Free Trade Agreement"),
        ("CN-CL-FTA", ("CL",), "China-Chile Free Trade Agreement"),
        ("CN-PE-FTA", ("PE",), "China-Peru Free Trade Agreement"),
        ("CN-PK-FTA", ("PK",), "China-Pakistan Free Trade Agreement"),
        ("APTA", ("BD", "IN", "KR", "LA", "LK", "MN"), "Asia-Pacific Trade Agreement (APTA)"),
    ],
)
def test_tariff_only_china_packs(agreement_id: str, partners: tuple[str, ...], marker: str) -> None:
    pack = content(agreement_id)
    # China's 2026 tariff (agreement-rate column; origin groups for APTA) carries the agreement's
    # rates for these partners from 2026-01-01; the earlier entry-into-force dates were not read.
    assert party_dates(agreement_id) == {country: date(2026, 1, 1) for country in ("CN", *partners)}
    assert pack.agreement.tariff_markers == (marker,)
    # No general rule of origin was read in an official text: nothing is stated.
    assert (pack.value_content, pack.tolerance, pack.cumulation, pack.proofs) == ((), (), (), ())


def test_tariff_only_pack_is_not_in_force_before_its_sourced_date() -> None:
    with pytest.raises(NotFoundError, match="not in force on 2025-06-01"):
        cc.check_origin(
            "CN-SG-FTA",
            exporter="SG",
            importer="CN",
            product=Product(hs_code="851830"),
            on=date(2025, 6, 1),
            rule="CTH",
        )


def test_china_pack_without_value_rules_reports_unknown_not_zero() -> None:
    result = cc.check_origin(
        "CN-ASEAN-FTA",
        exporter="TH",
        importer="CN",
        product=Product(hs_code="851830"),
        bom=[Material(hs_code="851890", origin="TW", value=usd("0.50"))],
        fob=usd("10.00"),
        on=ON,
        rule="CTH or RVC40",
    )
    cth, rvc = result.alternatives
    # 851890 shares heading 8518: CTH fails, and with no de minimis in the pack the engine cannot
    # tell whether a tolerance would save it; no RVC formula either.
    assert (cth.status, rvc.status) == ("unknown", "unknown")
    assert result.originating is None
    assert "the agreement pack has no RVC formula; add one" in result.missing


def test_china_new_zealand_bilateral_cumulation() -> None:
    result = cc.check_origin(
        "CN-NZ-FTA",
        exporter="NZ",
        importer="CN",
        product=Product(hs_code="851830"),
        bom=[Material(hs_code="851890", origin="CN", value=usd("0.80"))],
        on=ON,
        rule="CTH",
    )
    # The Chinese 851890 (same heading) counts as originating by bilateral cumulation.
    assert result.originating is True
    assert any("851890" in text and "cumulation" in text for text in result.assumptions)


# --- China's agreements: the preference path of the quote --------------------------------------


@pytest.mark.parametrize(
    ("agreement_id", "origin", "hs_code"),
    [
        ("CN-SG-FTA", "SG", "6109100000"),
        ("CN-ASEAN-FTA", "TH", "6109100000"),
        ("CN-NZ-FTA", "NZ", "0402910000"),
        ("CN-CH-FTA", "CH", "0401100000"),
        ("CN-CL-FTA", "CL", "0402910000"),
        ("CN-PE-FTA", "PE", "0404900000"),
        ("CN-PK-FTA", "PK", "0402910000"),
        ("APTA", "IN", "0804503000"),
    ],
)
def test_quote_applies_the_agreement_rate_from_china_tariff(
    agreement_id: str, origin: str, hs_code: str
) -> None:
    marker = content(agreement_id).agreement.tariff_markers[0]
    measures = cc.tariff.measures(
        hs_code, "CN", QUOTE_DAY, origin=origin, measure_types=list(cc.tariff.schema.MeasureType)
    )
    (agreement_rate,) = [
        measure
        for measure in measures
        if measure.measure_type == "preferential" and marker in (measure.note or "")
    ]
    standard = next(m for m in measures if m.measure_type in ("provisional", "mfn"))
    rate_text = agreement_rate.expression.text
    # The chosen lines have an ad valorem agreement rate below the standard rate.
    assert rate_text.endswith("%") and rate_text != standard.expression.text
    quote = cc.quote(
        destination="CN",
        origin=origin,
        on=QUOTE_DAY,
        items=[cc.Item(hs_code=hs_code, value=Money("8000", "CNY"), claim_preference=agreement_id)],
    )
    expected = (Decimal("8000") * Decimal(rate_text.rstrip("%")) / 100).quantize(Decimal("0.01"))
    assert quote.duties == Money(expected, "CNY")
    duty = next(step.detail for step in quote.trace if step.title == "Customs duty")
    assert marker in duty
    comparison = next(
        step.detail for step in quote.trace if step.title == "Duty without the preference"
    )
    assert f"standard ({standard.measure_type}) {standard.expression.text}" in comparison


def test_singapore_agreement_claim_uses_its_own_rate_not_the_asean_one() -> None:
    measures = cc.tariff.measures(
        "6109100000", "CN", QUOTE_DAY, origin="SG", measure_types=list(cc.tariff.schema.MeasureType)
    )
    notes = [m.note or "" for m in measures if m.measure_type == "preferential"]
    # Both agreements open a rate to Singapore on this line.
    assert any("China-Singapore" in note for note in notes)
    assert any("China-ASEAN" in note for note in notes)
    quote = cc.quote(
        destination="CN",
        origin="SG",
        on=QUOTE_DAY,
        items=[
            cc.Item(
                hs_code="6109100000", value=Money("8000", "CNY"), claim_preference="CN-ASEAN-FTA"
            )
        ],
    )
    duty = next(step.detail for step in quote.trace if step.title == "Customs duty")
    assert "China-ASEAN Free Trade Agreement" in duty
    assert "China-Singapore" not in duty


def test_claim_for_a_non_party_keeps_the_standard_rate() -> None:
    quote = cc.quote(
        destination="CN",
        origin="TH",
        on=QUOTE_DAY,
        items=[
            cc.Item(hs_code="6109100000", value=Money("8000", "CNY"), claim_preference="CN-SG-FTA")
        ],
    )
    # MFN 6% on 8000 CNY; Thailand is not a party to the China-Singapore FTA.
    assert quote.duties == Money("480.00", "CNY")
    assert any("TH is not a party" in note for note in quote.notes)


# --- EU-Japan ----------------------------------------------------------------------------------


def test_eu_japan_facts() -> None:
    pack = content("EU-JP-EPA")
    # Council of the EU press release of 21 December 2018: the EPA enters into force on 1 February 2019.
    assert party_dates("EU-JP-EPA") == {country: date(2019, 2, 1) for country in (*EU27, "JP")}
    assert pack.agreement.bilateral_with == "JP"
    # Access2Markets, EU-Japan tolerance (Article 3.6): 10% of the ex-works price (or FOB); chapters
    # 50-63 have their own textile tolerances.
    (tolerance,) = pack.tolerance
    assert (tolerance.article, tolerance.percent, tolerance.base) == (
        "Article 3.6 (general tolerance)",
        Decimal("10"),
        "EXW",
    )
    assert tolerance.value_excluded_chapters == tuple(str(chapter) for chapter in range(50, 64))
    # RVC was not read in an official text: left out on purpose (proofs and cumulation are
    # checked in tests/origin/test_eu_fta_packs.py).
    assert pack.value_content == ()


def test_eu_japan_tolerance_rescues_cth_and_not_textiles() -> None:
    passing = cc.check_origin(
        "EU-JP-EPA",
        exporter="DE",
        importer="JP",
        product=Product(hs_code="851830"),
        bom=[
            Material(hs_code="851890", origin="CN", value=usd("0.80")),
            Material(hs_code="854231", origin="TW", value=usd("3.00")),
        ],
        ex_works=usd("10.00"),
        on=ON,
        rule="CTH",
    )
    # 851890 shares heading 8518: 0.80 / 10.00 = 8% <= 10% of the ex-works price.
    assert passing.originating is True
    assert "8.00% of EXW" in passing.alternatives[0].evidence[-1]
    textile = cc.check_origin(
        "EU-JP-EPA",
        exporter="JP",
        importer="FR",
        product=Product(hs_code="610910"),
        bom=[Material(hs_code="610990", origin="CN", value=usd("0.50"))],
        ex_works=usd("10.00"),
        on=ON,
        rule="CTH",
    )
    # Chapter 61: the value tolerance does not apply (Annex 3-A notes), so the result is unknown.
    assert textile.originating is None


def test_eu_japan_is_bilateral_with_japan() -> None:
    with pytest.raises(InvalidInputError):
        cc.check_origin(
            "EU-JP-EPA",
            exporter="DE",
            importer="FR",
            product=Product(hs_code="851830"),
            on=ON,
            rule="CTH",
        )


# --- CPTPP -------------------------------------------------------------------------------------


def test_cptpp_facts() -> None:
    pack = content("CPTPP")
    dates = party_dates("CPTPP")
    # MFAT (depositary): in force from 30 December 2018 for the first ratifiers; Peru 19 September
    # 2021; Malaysia 29 November 2022. Later dates are from secondary sources (notes in the pack).
    assert {country: dates[country] for country in ("AU", "CA", "JP", "MX", "NZ", "SG")} == {
        country: date(2018, 12, 30) for country in ("AU", "CA", "JP", "MX", "NZ", "SG")
    }
    assert (dates["PE"], dates["MY"]) == (date(2021, 9, 19), date(2022, 11, 29))
    assert set(dates) == {"AU", "BN", "CA", "CL", "GB", "JP", "MX", "MY", "NZ", "PE", "SG", "VN"}
    # Annex II headnote of the CPTPP origin reference document: product rules in HS2012.
    assert pack.agreement.hs_edition == "HS2012"
    # Article 3.11: 10% of the value of the good (transaction value without international shipping);
    # textiles by weight (10%); the materials still count in RVC.
    (tolerance,) = pack.tolerance
    assert (tolerance.percent, tolerance.base, tolerance.weight_percent) == (
        Decimal("10"),
        "customs_value",
        Decimal("10"),
    )
    assert tolerance.counts_in_value_content is True
    assert {"50", "61", "63", "04"} <= set(tolerance.value_excluded_chapters)
    assert "85" not in tolerance.value_excluded_chapters
    # Article 3.10: accumulation among the Parties.
    assert pack.cumulation[0].kind == "full"
    # Article 3.20: certification of origin by the exporter, producer or importer.
    assert [proof.id for proof in pack.proofs] == ["certification-of-origin"]
    assert "exporter, producer or importer" in pack.proofs[0].title
    # Article 3.5 (focused value / build-down / build-up / net cost) was not read: left out.
    assert pack.value_content == ()


def test_cptpp_de_minimis_and_accumulation() -> None:
    bom = [
        Material(hs_code="851890", origin="CN", value=usd("0.80")),
        Material(hs_code="851890", origin="MX", value=usd("1.50")),
        Material(hs_code="854231", origin="TW", value=usd("3.00")),
    ]
    result = cc.check_origin(
        "CPTPP",
        exporter="VN",
        importer="JP",
        product=Product(hs_code="851830"),
        bom=bom,
        customs_value=usd("10.00"),
        on=ON,
        rule="CTH",
    )
    # The Mexican 851890 is originating by accumulation (Art. 3.10); the Chinese one fails CTH but is
    # 0.80 / 10.00 = 8% of the value of the good <= 10% (Art. 3.11).
    assert result.originating is True
    assert "8.00% of customs_value" in result.alternatives[0].evidence[-1]
    assert any("accumulation" in text for text in result.assumptions)


def test_cptpp_party_not_in_force_before_its_date() -> None:
    with pytest.raises(InvalidInputError, match="MY is not a party"):
        cc.check_origin(
            "CPTPP",
            exporter="MY",
            importer="JP",
            product=Product(hs_code="851830"),
            on=date(2022, 6, 1),
            rule="CTH",
        )
