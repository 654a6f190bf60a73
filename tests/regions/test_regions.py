"""Regions: lookup, unions and territories, dates, and the guarantees every region gets."""

from __future__ import annotations

from datetime import date

import pytest

from cbec_compliance import regions
from cbec_compliance.errors import (
    CbecError,
    InvalidInputError,
    NotFoundError,
    UnknownRegionError,
    UnsupportedError,
)

ON = date(2026, 11, 28)
ALL = regions.all(on=ON)


def test_at_least_175_economies_in_scope() -> None:
    economies = [region for region in ALL if region.kind == "economy"]
    assert len(economies) >= 175
    assert len({region.code for region in ALL}) == len(ALL)


@pytest.mark.parametrize("region", ALL, ids=lambda region: region.code)
def test_every_region_resolves_by_code_and_alpha3(region: regions.Region) -> None:
    assert regions.get(region.code, on=ON).code == region.code
    if region.alpha3 is not None:
        assert regions.get(region.alpha3, on=ON).code == region.code
        assert regions.get(region.alpha3.lower(), on=ON).code == region.code
    assert regions.get(region.name, on=ON).code == region.code


@pytest.mark.parametrize("region", ALL, ids=lambda region: region.code)
def test_every_region_works_at_hs6_and_cites_sources(region: regions.Region) -> None:
    assert region.hs_edition is not None and region.hs_edition.startswith("HS")
    assert region.hs_edition_certainty in ("confirmed", "presumed")
    assert region.sources, "every region cites at least one source"
    for source in region.sources:
        assert source.url.startswith("http")
    assert region.customs_territory
    if region.national_digits is not None:
        assert 6 <= region.national_digits <= 12
    if region.customs_territory_basis == "sourced" or region.kind == "special-territory":
        assert len(region.sources) >= 1
    for membership in region.memberships:
        assert membership.in_force(ON)


@pytest.mark.parametrize(
    ("code", "territory"),
    [
        ("DE", "EU"),
        ("FR", "EU"),
        ("HR", "EU"),
        ("MC", "EU"),
        ("IC", "EU"),
        ("AX", "EU"),
        ("GR-ATHOS", "EU"),
        ("IT-CAMPIONE", "EU"),
        ("AR", "MERCOSUR"),
        ("BR", "MERCOSUR"),
        ("UY", "MERCOSUR"),
        ("PY", "MERCOSUR"),
        ("ZA", "SACU"),
        ("NA", "SACU"),
        ("SZ", "SACU"),
        ("RU", "EAEU"),
        ("KZ", "EAEU"),
        ("AM", "EAEU"),
        ("SA", "GCC"),
        ("AE", "GCC"),
        ("KE", "EAC"),
        ("XI", "GB"),
        ("IM", "GB"),
        ("PR", "US"),
        ("DE-BUSINGEN", "CH"),
        ("HK", "HK"),
        ("MO", "MO"),
        ("TW", "TW"),
        ("GB", "GB"),
        ("CN", "CN"),
        ("XC", "XC"),
        ("XL", "XL"),
        ("DE-HELGOLAND", "DE-HELGOLAND"),
        ("IT-LIVIGNO", "IT-LIVIGNO"),
        ("FO", "FO"),
        ("GL", "GL"),
        ("BO", "BO"),
        ("VE", "VE"),
        ("SM", "SM"),
        ("AD", "AD"),
        ("TR", "TR"),
        ("GH", "GH"),
    ],
)
def test_customs_territory(code: str, territory: str) -> None:
    assert regions.get(code, on=ON).customs_territory == territory


def test_special_statuses() -> None:
    assert regions.get("HK", on=ON).customs_territory_basis == "sourced"
    assert regions.get("SM", on=ON).tariff_territory == "EU"
    assert regions.get("JE", on=ON).tariff_territory == "GB"
    andorra = regions.get("AD", on=ON)
    assert andorra.tariff_territory == "AD"
    assert [(item.territory, item.scope) for item in andorra.memberships] == [
        ("EU", "industrial-goods")
    ]
    assert {item.role for item in regions.get("BO", on=ON).memberships} == {"acceding"}
    assert {item.role for item in regions.get("VE", on=ON).memberships} == {"suspended"}
    assert regions.get("GH", on=ON).unions() == ("ECOWAS",)
    assert regions.get("ML", on=ON).unions() == ()
    assert regions.get("ML", on=date(2024, 6, 1)).unions() == ("ECOWAS",)
    assert regions.get("VI", on=ON).customs_territory == "VI"


@pytest.mark.parametrize(
    ("code", "vat_territory"),
    [
        ("DE", "EU"),
        ("MC", "EU"),
        ("IC", "IC"),
        ("GR-ATHOS", "GR-ATHOS"),
        ("AX", "AX"),
        ("GP", "GP"),
        ("RE", "RE"),
        ("IT-CAMPIONE", "IT-CAMPIONE"),
        ("XC", "XC"),
        ("DE-BUSINGEN", "CH"),
        ("XI", "GB"),
        ("IM", "GB"),
        ("JP", "JP"),
    ],
)
def test_vat_territory(code: str, vat_territory: str) -> None:
    assert regions.get(code, on=ON).vat_territory == vat_territory


def test_northern_ireland_carries_the_windsor_framework() -> None:
    region = regions.get("XI", on=ON)
    assert region.kind == "special-territory" and region.part_of == "GB"
    assert any("Windsor" in item.title for item in region.arrangements)
    assert any("windsor" in source.url for source in region.sources)


@pytest.mark.parametrize(
    ("code", "on", "territory"),
    [
        ("GB", date(2020, 6, 1), "EU"),
        ("GB", date(2020, 12, 31), "EU"),
        ("GB", date(2021, 1, 1), "GB"),
        ("GB", date(2021, 6, 1), "GB"),
        ("XI", date(2020, 6, 1), "EU"),
        ("JE", date(2020, 6, 1), "EU"),
        ("JE", date(2021, 6, 1), "JE"),
        ("HR", date(2013, 6, 30), "HR"),
        ("HR", date(2013, 7, 1), "EU"),
        ("YT", date(2013, 12, 31), "YT"),
        ("YT", date(2014, 1, 1), "EU"),
        ("IT-CAMPIONE", date(2019, 12, 31), "IT-CAMPIONE"),
        ("IT-CAMPIONE", date(2020, 1, 1), "EU"),
        ("AM", date(2015, 1, 1), "AM"),
        ("AM", date(2015, 1, 2), "EAEU"),
    ],
)
def test_memberships_are_dated(code: str, on: date, territory: str) -> None:
    assert regions.get(code, on=on).customs_territory == territory


def test_uk_before_and_after_the_transition_period() -> None:
    before = regions.get("United Kingdom", on=date(2020, 6, 1))
    after = regions.get("United Kingdom", on=date(2021, 6, 1))
    assert before.is_in("EU") and not after.is_in("EU")
    assert before.nomenclature_id == "EU-CN" and after.nomenclature_id == "GB-UKTT"
    assert before.vat_territory == "EU" and after.vat_territory == "GB"


def test_nomenclatures_and_national_data() -> None:
    expected = {
        "DE": ("EU-CN", 8, True),
        "US": ("US-HTSUS", 10, True),
        "GB": ("GB-UKTT", 10, True),
        "BR": ("MERCOSUR-NCM", 8, True),
        "AR": ("MERCOSUR-NCM", 8, True),
        "AU": ("AU-TARIFF", 8, True),
        "CN": ("CN-TARIFF", 10, True),
        "JP": ("JP-TARIFF", 9, False),
        "KR": ("KR-HSK", 10, False),
        "VN": ("ASEAN-AHTN", 8, False),
        "RU": ("EAEU-CNFEA", 10, False),
        "SA": ("GCC-CCT", 8, False),
    }
    for code, (nomenclature, digits, national) in expected.items():
        region = regions.get(code, on=ON)
        assert (region.nomenclature_id, region.national_digits, region.national_data) == (
            nomenclature,
            digits,
            national,
        ), code
    unknown = regions.get("Mongolia", on=ON)
    assert unknown.nomenclature is None and unknown.national_digits is None
    assert not unknown.national_data and unknown.hs_edition == "HS2022"


def test_hs_edition_as_of_a_date() -> None:
    assert regions.hs_edition_on("DE", date(2021, 12, 31)) == "HS2017"
    assert regions.get("DE", on=date(2022, 1, 1)).hs_edition_certainty == "confirmed"
    assert regions.hs_edition_on("US", date(2022, 1, 26)) == "HS2017"
    assert regions.hs_edition_on("US", date(2022, 1, 27)) == "HS2022"
    assert regions.hs_edition_on("MX", date(2022, 6, 1)) == "HS2017"
    assert regions.hs_edition_on("MX", date(2022, 12, 12)) == "HS2022"
    presumed = regions.get("KE", on=date(2016, 1, 1))
    assert (presumed.hs_edition, presumed.hs_edition_certainty) == ("HS2012", "presumed")
    assert regions.hs_edition_on("KE", date(2028, 1, 1)) == "HS2028"


def test_currency_is_dated() -> None:
    assert regions.get("HR", on=date(2022, 12, 31)).currency == "HRK"
    assert regions.get("HR", on=date(2023, 1, 1)).currency == "EUR"
    assert regions.get("XI", on=ON).currency == "GBP"
    assert regions.get("US", on=ON).currency == "USD"


def test_valuation_basis() -> None:
    assert regions.get("FR", on=ON).valuation_basis == "CIF"
    assert regions.get("US", on=ON).valuation_basis == "FOB"
    assert regions.get("BW", on=ON).valuation_basis == "FOB"
    assert regions.get("GB", on=date(2020, 6, 1)).valuation_certainty == "official"
    assert regions.get("AR", on=ON).valuation_basis is None  # not known: never guessed


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("de", "DE"),
        ("DEU", "DE"),
        ("276", "DE"),
        ("Germany", "DE"),
        ("  federal republic of germany ", "DE"),
        ("Côte d'Ivoire", "CI"),
        ("Cote dIvoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Russia", "RU"),
        ("U.S.A.", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("Chinese Taipei", "TW"),
        ("Canary Islands", "IC"),
        ("Northern Ireland", "XI"),
        ("xi", "XI"),
        ("Heligoland", "DE-HELGOLAND"),
        ("de-helgoland", "DE-HELGOLAND"),
        ("Büsingen", "DE-BUSINGEN"),
        ("Swaziland", "SZ"),
    ],
)
def test_lookup_by_name_and_code(value: str, code: str) -> None:
    assert regions.get(value, on=ON).code == code


def test_unknown_region_suggests_close_matches() -> None:
    with pytest.raises(UnknownRegionError) as caught:
        regions.get("Germny", on=ON)
    assert "Germny" in str(caught.value)
    assert "DE (Germany)" in caught.value.suggestions
    assert isinstance(caught.value, NotFoundError) and isinstance(caught.value, LookupError)


@pytest.mark.parametrize("value", ["", "   ", "<script>", "DE;", "a" * 101, "\x00", "..."])
def test_malformed_input_is_invalid(value: str) -> None:
    with pytest.raises(InvalidInputError):
        regions.get(value, on=ON)


@pytest.mark.parametrize("value", [None, 276, b"DE", ["DE"]])
def test_non_strings_are_invalid(value: object) -> None:
    with pytest.raises(InvalidInputError):
        regions.get(value, on=ON)  # type: ignore[arg-type]


def test_dates_before_coverage_and_bad_dates() -> None:
    with pytest.raises(UnsupportedError):
        regions.get("DE", on=date(2011, 12, 31))
    with pytest.raises(InvalidInputError):
        regions.get("DE", on="2020-01-01")  # type: ignore[arg-type]


def test_all_filters_by_union() -> None:
    eu = {region.code for region in regions.all(on=ON, union="EU")}
    assert {"DE", "FR", "HR", "MC", "IC", "AX", "SM", "AD", "TR"} <= eu
    assert not {"GB", "XI", "CH", "XC", "FO", "NO"} & eu
    eu_2020 = {region.code for region in regions.all(on=date(2020, 6, 1), union="eu")}
    assert {"GB", "XI", "IM", "JE", "GG"} <= eu_2020
    assert {region.code for region in regions.all(on=ON, union="SACU")} == {
        "BW",
        "LS",
        "NA",
        "SZ",
        "ZA",
    }
    assert {region.code for region in regions.all(on=ON, union="GCC")} == {
        "AE",
        "BH",
        "KW",
        "OM",
        "QA",
        "SA",
    }
    mercosur = {region.code for region in regions.all(on=ON, union="MERCOSUR")}
    assert mercosur == {"AR", "BO", "BR", "PY", "UY", "VE"}
    with pytest.raises(UnknownRegionError):
        regions.all(on=ON, union="NAFTA")


def test_outside_scope_regions_resolve_but_are_not_listed() -> None:
    antarctica = regions.get("AQ", on=ON)
    assert not antarctica.in_scope
    assert "AQ" not in {region.code for region in ALL}


def test_unions_listing() -> None:
    assert {"EU", "MERCOSUR", "SACU", "EAEU", "GCC", "EAC", "ECOWAS"} <= set(regions.unions())


def test_region_is_frozen_and_serialisable() -> None:
    region = regions.get("DE", on=ON)
    with pytest.raises(AttributeError):
        region.code = "FR"  # type: ignore[misc]
    data = region.to_dict()
    assert data["customs_territory"] == "EU" and data["on"] == "2026-11-28"
    assert all(isinstance(source["url"], str) for source in data["sources"])


def test_errors_share_the_root() -> None:
    for error in (UnknownRegionError, InvalidInputError, UnsupportedError):
        assert issubclass(error, CbecError)


def test_concurrent_first_use_is_safe() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from cbec_compliance.regions import lookup

    lookup._cache = None  # force a rebuild under contention
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda value: regions.get(value, on=ON).code, ["DE", "AR"] * 16))
    assert codes == ["DE", "AR"] * 16
