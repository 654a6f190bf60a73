"""Hand-written agreement packs with general rules only (rules/origin/<ID>/, no product rules).

Each fact test cites the page the pack took the fact from; each evaluation uses a rule the caller
supplies (the packs have no product-specific rules) with the figures computed by hand in a comment.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import cbec_compliance as cc
from cbec_compliance import Material, Product
from cbec_compliance.errors import InvalidInputError

from .conftest import ON, party_dates, usd

NEW_PACKS = ("USMCA", "CAFTA-DR", "US-KR-FTA", "US-AU-FTA", "CN-AU-FTA", "CN-KR-FTA")


@pytest.mark.parametrize("agreement_id", NEW_PACKS)
def test_pack_has_no_product_rules_and_says_so(agreement_id: str) -> None:
    info = cc.origin.agreement(agreement_id)
    assert info.product_rules == 0
    assert info.content.agreement.psr_note is not None
    assert "rule=" in info.content.agreement.psr_note
    result = cc.check_origin(
        agreement_id,
        exporter=info.parties[1],
        importer=info.parties[0],
        product=Product(hs_code="851830"),
        on=ON,
    )
    assert result.originating is None
    assert "not available" in result.missing[0]


# --- USMCA ------------------------------------------------------------------------------------


def test_usmca_facts() -> None:
    content = cc.origin.agreement("USMCA").content
    # CBP Dec. 20-11, 85 FR 39690: the USMCA enters into force on July 1, 2020.
    assert party_dates("USMCA") == {
        "US": date(2020, 7, 1),
        "MX": date(2020, 7, 1),
        "CA": date(2020, 7, 1),
    }
    # 19 U.S.C. 4531(d): transaction value method (TV - VNM) / TV or net cost method.
    (value_content,) = content.value_content
    assert value_content.base == "transaction_value"
    assert value_content.methods == ("build-down", "net-cost")
    # 19 U.S.C. 4531(f)(1): 10% of the adjusted transaction value; (f)(4)(A): 10% of the weight
    # for chapters 50-60; (f)(3)-(4): chapters 1-27 and 61-63 not by the plain value test.
    (tolerance,) = content.tolerance
    assert (tolerance.percent, tolerance.base) == (Decimal("10"), "customs_value")
    assert tolerance.weight_percent == Decimal("10")
    assert tolerance.weight_chapters == tuple(f"{chapter}" for chapter in range(50, 61))
    assert {"01", "27", "61", "63"} <= set(tolerance.value_excluded_chapters)
    assert "85" not in tolerance.value_excluded_chapters
    # 19 U.S.C. 4531(e): accumulation among the USMCA countries.
    assert content.cumulation[0].kind != "none"


def test_usmca_tolerance_rescues_cth_and_rvc_by_transaction_value() -> None:
    bom = [
        Material(hs_code="854231", origin="CN", value=usd("3.00")),
        Material(hs_code="851890", origin="CN", value=usd("0.80")),
    ]
    result = cc.check_origin(
        "USMCA",
        exporter="MX",
        importer="US",
        product=Product(hs_code="851830"),
        bom=bom,
        customs_value=usd("10.00"),
        on=ON,
        rule="CTH or RVC60 build-down",
    )
    cth, rvc = result.alternatives
    # 851890 shares heading 8518 with the product: 0.80 / 10.00 = 8% <= 10% de minimis.
    assert cth.status == "pass"
    assert "8.00% of customs_value 10.00 USD" in cth.evidence[-1]
    # (10.00 - 3.80) / 10.00 x 100 = 62% >= 60%.
    assert (rvc.status, rvc.percent) == ("pass", Decimal("62.00"))
    assert result.originating is True


def test_usmca_fails_above_de_minimis_and_net_cost_needs_net_cost() -> None:
    bom = [
        Material(hs_code="854231", origin="CN", value=usd("3.00")),
        Material(hs_code="851890", origin="CN", value=usd("1.50")),
    ]
    arguments: dict[str, object] = {
        "exporter": "MX",
        "importer": "US",
        "product": Product(hs_code="851830"),
        "bom": bom,
        "customs_value": usd("10.00"),
        "on": ON,
    }
    failing = cc.check_origin("USMCA", rule="CTH or RVC60 build-down", **arguments)  # type: ignore[arg-type]
    # 1.50 / 10.00 = 15% > 10%: CTH fails; (10.00 - 4.50) / 10.00 = 55% < 60%.
    assert [alternative.status for alternative in failing.alternatives] == ["fail", "fail"]
    assert failing.alternatives[1].percent == Decimal("55.00")
    assert failing.originating is False
    net_cost = cc.check_origin(
        "USMCA",
        rule="RVC50 net-cost",
        costs={"net_cost": usd("9.00")},
        **arguments,  # type: ignore[arg-type]
    )
    # (9.00 - 4.50) / 9.00 x 100 = 50% >= 50%.
    assert (net_cost.alternatives[0].status, net_cost.alternatives[0].percent) == (
        "pass",
        Decimal("50.00"),
    )


# --- CAFTA-DR ---------------------------------------------------------------------------------


def test_cafta_dr_facts() -> None:
    content = cc.origin.agreement("CAFTA-DR").content
    # trade.gov/cafta: in force with El Salvador 2006-03-01, Honduras and Nicaragua 2006-04-01,
    # Guatemala 2006-07-01, Dominican Republic 2007-03-01, Costa Rica 2009-01-01.
    assert party_dates("CAFTA-DR") == {
        "US": date(2006, 3, 1),
        "SV": date(2006, 3, 1),
        "HN": date(2006, 4, 1),
        "NI": date(2006, 4, 1),
        "GT": date(2006, 7, 1),
        "DO": date(2007, 3, 1),
        "CR": date(2009, 1, 1),
    }
    # 19 U.S.C. 4033(c): build-down and build-up on the adjusted value.
    (value_content,) = content.value_content
    assert (value_content.base, value_content.methods) == (
        "customs_value",
        ("build-down", "build-up"),
    )
    assert value_content.build_up_adds == ()
    # 19 U.S.C. 4033(f)(1): 10% of the adjusted value; textiles by component weight (f)(3).
    (tolerance,) = content.tolerance
    assert (tolerance.percent, tolerance.base) == (Decimal("10"), "customs_value")
    assert {"24", "50", "61", "63"} <= set(tolerance.value_excluded_chapters)


def test_cafta_dr_build_up_and_build_down_both_fail() -> None:
    bom = [
        Material(hs_code="854231", origin="US", value=usd("2.00")),
        Material(hs_code="850760", origin="CN", value=usd("6.00")),
    ]
    result = cc.check_origin(
        "CAFTA-DR",
        exporter="CR",
        importer="US",
        product=Product(hs_code="851830"),
        bom=bom,
        customs_value=usd("10.00"),
        on=ON,
        rule="RVC35 build-up or RVC45 build-down",
    )
    build_up, build_down = result.alternatives
    # build-up: VOM 2.00 (US material, accumulated) / 10.00 = 20% < 35%;
    # build-down: (10.00 - 6.00) / 10.00 = 40% < 45%.
    assert (build_up.status, build_up.percent) == ("fail", Decimal("20.00"))
    assert (build_down.status, build_down.percent) == ("fail", Decimal("40.00"))
    assert result.originating is False
    assert any("cumulation" in text for text in result.assumptions)


def test_cafta_dr_costa_rica_not_a_party_before_2009() -> None:
    with pytest.raises(InvalidInputError, match="CR is not a party"):
        cc.check_origin(
            "CAFTA-DR",
            exporter="CR",
            importer="US",
            product=Product(hs_code="851830"),
            on=date(2008, 6, 1),
            rule="CTH",
        )


# --- KORUS ------------------------------------------------------------------------------------


def test_korus_facts() -> None:
    content = cc.origin.agreement("US-KR-FTA").content
    # CBP KORUS Implementation Instructions: goods entered on or after March 15, 2012.
    assert party_dates("US-KR-FTA") == {"US": date(2012, 3, 15), "KR": date(2012, 3, 15)}
    # 19 CFR 10.1015: build-down (AV - VNM) / AV and build-up VOM / AV.
    (value_content,) = content.value_content
    assert (value_content.base, value_content.methods) == (
        "customs_value",
        ("build-down", "build-up"),
    )
    # De minimis not read in an official text: left out on purpose.
    assert content.tolerance == ()
    # 19 U.S.C. 1508(i): KFTA certification of origin under Article 6.15.
    assert [proof.id for proof in content.proofs] == ["certification-of-origin"]


def test_korus_build_up_and_build_down() -> None:
    bom = [
        Material(hs_code="854231", origin="KR", value=usd("8.00")),
        Material(hs_code="850760", origin="CN", value=usd("9.00")),
    ]
    result = cc.check_origin(
        "US-KR-FTA",
        exporter="KR",
        importer="US",
        product=Product(hs_code="851830"),
        bom=bom,
        customs_value=usd("20.00"),
        on=ON,
        rule="RVC35 build-up or RVC45 build-down",
    )
    build_up, build_down = result.alternatives
    # build-up: 8.00 / 20.00 = 40% >= 35%; build-down: (20.00 - 9.00) / 20.00 = 55% >= 45%.
    assert (build_up.status, build_up.percent) == ("pass", Decimal("40.00"))
    assert (build_down.status, build_down.percent) == ("pass", Decimal("55.00"))
    assert [proof.id for proof in result.proof] == ["certification-of-origin"]


# --- US-Australia -----------------------------------------------------------------------------


def test_us_australia_facts() -> None:
    content = cc.origin.agreement("US-AU-FTA").content
    # CBP AUFTA Implementation Instructions: goods entered on or after January 1, 2005.
    assert party_dates("US-AU-FTA") == {"US": date(2005, 1, 1), "AU": date(2005, 1, 1)}
    # AUSFTA Article 5.4: build-down and build-up on the adjusted value.
    (value_content,) = content.value_content
    assert (value_content.base, value_content.methods) == (
        "customs_value",
        ("build-down", "build-up"),
    )
    # AUSFTA Article 5.3: bilateral accumulation.
    assert content.cumulation[0].kind == "bilateral"
    assert content.tolerance == ()


def test_us_australia_ctsh_and_rvc() -> None:
    bom = [Material(hs_code="940390", origin="CN", value=usd("500"))]
    result = cc.check_origin(
        "US-AU-FTA",
        exporter="AU",
        importer="US",
        product=Product(hs_code="940360"),
        bom=bom,
        customs_value=usd("1000"),
        on=ON,
        rule="CTSH and RVC45 build-down",
    )
    # 940390 -> 940360 changes subheading; (1000 - 500) / 1000 = 50% >= 45%.
    (alternative,) = result.alternatives
    assert alternative.status == "pass"
    assert alternative.percent == Decimal("50.00")
    assert result.originating is True


# --- China-Australia --------------------------------------------------------------------------


def test_china_australia_facts() -> None:
    content = cc.origin.agreement("CN-AU-FTA").content
    # DFAT ChAFTA guide and GACC Announcement 2015 No. 62: in force 20 December 2015, PSR in HS2012.
    assert party_dates("CN-AU-FTA") == {"AU": date(2015, 12, 20), "CN": date(2015, 12, 20)}
    assert content.agreement.hs_edition == "HS2012"
    # RVC formula and de minimis not read in an official text: left out on purpose.
    assert content.value_content == ()
    assert content.tolerance == ()
    # Article 3.2: production in one or both Parties from originating materials.
    assert content.cumulation[0].kind == "bilateral"
    assert [proof.id for proof in content.proofs] == [
        "certificate-of-origin",
        "declaration-of-origin",
    ]


def test_china_australia_cth_passes_by_cumulation_and_rvc_is_unknown() -> None:
    bom = [
        Material(hs_code="851890", origin="AU", value=usd("0.50")),
        Material(hs_code="854231", origin="TW", value=usd("3.00")),
    ]
    result = cc.check_origin(
        "CN-AU-FTA",
        exporter="CN",
        importer="AU",
        product=Product(hs_code="851830"),
        bom=bom,
        fob=usd("10.00"),
        on=ON,
        rule="CTH or RVC40",
    )
    cth, rvc = result.alternatives
    # 851890 (same heading) is Australian, so originating under Art. 3.2; 854231 changes heading.
    assert cth.status == "pass"
    assert rvc.status == "unknown"
    assert result.originating is True
    assert any("851890" in text and "cumulation" in text for text in result.assumptions)


# --- China-Korea ------------------------------------------------------------------------------


def test_china_korea_facts() -> None:
    content = cc.origin.agreement("CN-KR-FTA").content
    # GACC Decree No. 229 and Announcement 2015 No. 64: in force 2015-12-20, PSR in HS2012.
    assert party_dates("CN-KR-FTA") == {"CN": date(2015, 12, 20), "KR": date(2015, 12, 20)}
    assert content.agreement.hs_edition == "HS2012"
    assert (content.value_content, content.tolerance, content.cumulation) == ((), (), ())


def test_china_korea_failing_material_without_tolerance_is_undetermined() -> None:
    bom = [Material(hs_code="851890", origin="KR", value=usd("0.50"))]
    result = cc.check_origin(
        "CN-KR-FTA",
        exporter="CN",
        importer="KR",
        product=Product(hs_code="851830"),
        bom=bom,
        fob=usd("10.00"),
        on=ON,
        rule="CTH or RVC40",
    )
    cth, rvc = result.alternatives
    # No cumulation article in the pack: the Korean 851890 (heading 8518) fails CTH, and with no
    # de minimis rule in the pack the engine cannot tell whether a tolerance would save it.
    assert cth.status == "unknown"
    assert "same heading 8518" in cth.evidence[0]
    assert rvc.status == "unknown"
    assert result.originating is None
    assert any("tolerance (de minimis) rule of CN-KR-FTA" in text for text in result.missing)
    assert "the agreement pack has no RVC formula; add one" in result.missing
