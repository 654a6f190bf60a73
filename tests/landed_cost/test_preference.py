"""Preferential duty in the quote: by claim, by agreement id, or from an origin check."""

from __future__ import annotations

from datetime import date

import pytest

import cbec_compliance as cc
from cbec_compliance import Item, Material, Money, Product
from cbec_compliance.errors import InvalidInputError, UnknownAgreementError

ON_CN = date(2026, 8, 1)


def cn_quote(claim: object, origin: str = "KR") -> cc.Quote:
    # CN 2026 tariff, 6109: MFN 6%; China-Korea FTA 0% (tariffs/CN/Tariff2026). Value above the
    # CNY 5,000 cross-border retail limit, so the general import rules apply.
    return cc.quote(
        destination="CN",
        origin=origin,
        on=ON_CN,
        items=[
            Item(hs_code="6109100000", value=Money("8000", "CNY"), claim_preference=claim)  # type: ignore[arg-type]
        ],
    )


def test_no_claim_pays_mfn_and_a_claim_pays_the_agreement_rate() -> None:
    assert cn_quote(False).duties == Money("480.00", "CNY")  # 6% of 8,000
    claimed = cn_quote("CN-KR-FTA")
    assert claimed.duties == Money("0.00", "CNY")
    duty = next(charge for charge in claimed.charges if charge.kind == "duty")
    assert "China-Korea Free Trade Agreement" in (duty.note or "")
    compared = next(s for s in claimed.trace if s.title == "Duty without the preference")
    assert "6% = 480.00 CNY" in compared.detail and "0.00 CNY" in compared.detail


def test_claim_true_takes_the_lowest_rate_open_to_the_origin() -> None:
    # KR goods may use the China-Korea FTA (0%) or APTA (3.9%): the importer takes the lowest.
    claimed = cn_quote(True)
    assert claimed.duties == Money("0.00", "CNY")
    duty = next(charge for charge in claimed.charges if charge.kind == "duty")
    assert "lowest of" in (duty.note or "")


def test_agreement_without_a_tariff_rate_keeps_the_standard_rate_and_says_so() -> None:
    result = cn_quote("RCEP")
    assert result.duties == Money("480.00", "CNY")
    assert any("RCEP" in note and "standard rate is used" in note for note in result.notes)


def test_origin_outside_the_agreement_is_not_given_the_preference() -> None:
    result = cn_quote("CN-KR-FTA", origin="JP")
    assert result.duties == Money("480.00", "CNY")
    assert any("JP is not a party" in note for note in result.notes)


def test_us_program_named_by_the_partner_code() -> None:
    # HTS 6109.10.00.12: General 16.5%, Special Free (... KR ...). A claim from CN must not pick
    # up the KORUS program.
    def us(origin: str, claim: object) -> cc.Quote:
        return cc.quote(
            destination="US",
            origin=origin,
            on=date(2025, 8, 1),
            items=[Item(hs_code="6109100012", value=Money("1000", "USD"), claim_preference=claim)],  # type: ignore[arg-type]
        )

    korus = us("KR", "US-KR-FTA")
    duty = next(charge for charge in korus.charges if charge.kind == "duty")
    assert duty.amount == Money("0.00", "USD")
    china = us("CN", True)
    duty = next(charge for charge in china.charges if charge.kind == "duty")
    assert duty.amount == Money("165.00", "USD")
    assert any("no such preferential rate" in note for note in china.notes)


def korea_result(bom_origin: str) -> cc.origin.OriginResult:
    return cc.check_origin(
        "CN-KR-FTA",
        exporter="KR",
        importer="CN",
        product=Product(hs_code="610910"),
        bom=[Material(hs_code="520812", origin=bom_origin, value=Money("10", "USD"))],
        on=ON_CN,
        rule="CC",
    )


def test_origin_result_drives_the_claim() -> None:
    # Cotton fabric (ch. 52) made up into T-shirts (ch. 61) in KR: CC is met.
    good = korea_result("VN")
    assert good.originating is True
    assert cn_quote(good).duties == Money("0.00", "CNY")
    # The same result does not serve goods of another origin.
    wrong_origin = cn_quote(good, origin="VN")
    assert wrong_origin.duties == Money("480.00", "CNY")
    assert any("exports from KR" in note for note in wrong_origin.notes)


def test_undetermined_origin_result_gives_no_preference() -> None:
    undetermined = cc.check_origin(
        "CN-KR-FTA",
        exporter="KR",
        importer="CN",
        product=Product(hs_code="610910"),
        bom=[Material(hs_code="610910", value=Money("10", "USD"))],
        on=ON_CN,
        rule="CC",
    )
    assert undetermined.originating is None
    result = cn_quote(undetermined)
    assert result.duties == Money("480.00", "CNY")
    assert any("is undetermined" in note for note in result.notes)


def test_bad_claims_raise() -> None:
    with pytest.raises(UnknownAgreementError):
        Item(hs_code="6109100000", value=Money("1", "CNY"), claim_preference="NAFTA")
    with pytest.raises(InvalidInputError):
        Item(hs_code="6109100000", value=Money("1", "CNY"), claim_preference=3)  # type: ignore[arg-type]
