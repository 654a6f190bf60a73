"""The tariff engine on small synthetic packs (see conftest.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cbec_compliance import tariff
from cbec_compliance.errors import (
    CbecError,
    InvalidHsCodeError,
    NoNationalTariffError,
    NoTariffScheduleForDateError,
    RuleDataError,
    UnknownTariffLineError,
)
from cbec_compliance.rules import registry
from cbec_compliance.tariff import MeasureType

pytestmark = pytest.mark.usefixtures("synthetic_rules")
ON = date(2024, 5, 1)


def test_lookup_returns_line_with_ancestors_and_inherited_measures() -> None:
    line = tariff.lookup("6109.10.00.10", "XA", ON)
    assert line.code == "6109100010"
    assert line.descriptions == ("Apparel, knitted", "T-shirts", "Of cotton", "Men's")
    assert line.hs6 == "610910"
    assert line.unit == "doz.;kg"
    assert line.schedule == "tariffs/XA/T2024"
    assert line.hs_edition == "HS2022"
    assert line.declarable
    assert line.mfn is not None and line.mfn.code == "61091000"
    assert line.mfn.expression.terms[0].percent == Decimal("12")  # type: ignore[union-attr]
    assert line.column2 is not None and line.column2.expression.text == "90%"
    assert [item.program for item in line.preferential] == ["AU"]
    assert line.mfn.legal_source.id == "SCHED"


def test_schedule_is_chosen_by_date() -> None:
    assert tariff.lookup("61091000", "XA", date(2023, 6, 1)).schedule == "tariffs/XA/T2023"
    assert tariff.lookup("61091000", "XA", date(2024, 6, 1)).schedule == "tariffs/XA/T2024"


def test_date_after_every_schedule_uses_latest_with_a_note() -> None:
    line = tariff.lookup("61091000", "XA", date(2026, 1, 1))
    assert line.schedule == "tariffs/XA/T2024"
    assert any("latest known" in note for note in line.notes)


def test_date_before_every_schedule_is_an_error() -> None:
    with pytest.raises(NoTariffScheduleForDateError):
        tariff.lookup("61091000", "XA", date(2020, 1, 1))


def test_measures_respect_their_dates() -> None:
    early = tariff.measures("6109100010", "XA", date(2024, 2, 1), origin="CN")
    late = tariff.measures("6109100010", "XA", date(2024, 8, 1), origin="CN")
    assert "25%" in [item.expression.text for item in early]
    assert "25%" not in [item.expression.text for item in late]
    assert "10%" not in [item.expression.text for item in early]  # surcharge from 2024-03-01
    assert "10%" in [item.expression.text for item in late]


def test_origin_filter() -> None:
    china = {item.expression.text for item in tariff.measures("6109100010", "XA", ON, origin="CN")}
    assert {"12%", "25%", "7.5%", "10%"} <= china
    other = {item.expression.text for item in tariff.measures("6109100010", "XA", ON, origin="VN")}
    assert other == {"12%", "10%"}
    unknown = {
        item.expression.text for item in tariff.measures("6109100010", "XA", ON, origin=None)
    }
    assert unknown == {"12%", "10%"}
    excluded = {
        item.expression.text for item in tariff.measures("6109100010", "XA", ON, origin="XB")
    }
    assert excluded == {"12%"}


def test_column2_group_membership_is_dated() -> None:
    before = tariff.measures("61091000", "XA", date(2024, 4, 8), origin="RU")
    after = tariff.measures("61091000", "XA", date(2024, 4, 9), origin="RU")
    assert [
        item.measure_type
        for item in before
        if item.measure_type in (MeasureType.MFN, MeasureType.COLUMN_2)
    ] == [MeasureType.MFN]
    assert [
        item.measure_type
        for item in after
        if item.measure_type in (MeasureType.MFN, MeasureType.COLUMN_2)
    ] == [MeasureType.COLUMN_2]


def test_preferential_only_when_asked() -> None:
    default = tariff.measures("61091000", "XA", ON, origin="AU")
    assert all(item.measure_type is not MeasureType.PREFERENTIAL for item in default)
    asked = tariff.measures(
        "61091000", "XA", ON, origin="AU", measure_types=MeasureType.PREFERENTIAL
    )
    assert [item.origin for item in asked] == ["program:AU"]


def test_unconditional_exclusion_cancels_measure() -> None:
    other = tariff.lookup("6109100090", "XA", ON)
    assert "10%" not in [item.expression.text for item in other.measures]
    assert any(item.measure_type is MeasureType.EXCLUSION for item in other.measures)


def test_conditional_exclusion_is_reported_beside_the_measure() -> None:
    found = tariff.measures("6109100010", "XA", ON, origin="CN")
    texts = [item.expression.text for item in found]
    assert "7.5%" in texts
    exclusion = [item for item in found if item.measure_type is MeasureType.EXCLUSION]
    assert exclusion and exclusion[0].condition == "only red shirts"


def test_partial_measures_on_more_detailed_lines() -> None:
    line = tariff.lookup("610990", "XA", ON)
    assert not line.declarable
    assert line.mfn is None
    assert any(item.partial and item.code == "61099010" for item in line.measures)


def test_scope_unknown_is_reported() -> None:
    line = tariff.lookup("61099010", "XA", ON)
    unknown = [item for item in line.measures if not item.scope_known]
    assert unknown
    assert any("Scope unknown" in note for note in line.notes)


def test_longer_code_resolves_to_most_specific_line() -> None:
    line = tariff.lookup("6109100010 99", "XA", ON)
    assert line.code == "6109100010"
    assert any("more detailed" in note for note in line.notes)
    padded = tariff.lookup("6109900000", "XA", ON)
    assert padded.code == "610990"


def test_unknown_code_names_nearest_lines() -> None:
    with pytest.raises(UnknownTariffLineError) as caught:
        tariff.lookup("6109.10.00.50", "XA", ON)
    assert caught.value.nearest == ("6109100010", "6109100090")
    assert "6109.10.00.10" in str(caught.value)
    with pytest.raises(UnknownTariffLineError) as caught:
        tariff.lookup("6110", "XA", ON)
    assert caught.value.nearest == ("6109",)


def test_invalid_code_and_unknown_region() -> None:
    with pytest.raises(InvalidHsCodeError):
        tariff.lookup("T-shirt", "XA", ON)
    with pytest.raises(NoNationalTariffError) as caught:
        tariff.lookup("610910", "JP", ON)
    assert "HS6" in str(caught.value)


def test_convert_through_hs6() -> None:
    single = tariff.convert("6109.10.00.10", "XA", "XB", ON)
    assert [item.code for item in single] == ["61091000"]
    assert single[0].certain
    assert "610910" in single[0].reason.replace(".", "")
    several = tariff.convert("61099010", "XA", "XB", ON)
    assert [item.code for item in several] == ["61099090", "61099020"]  # ranked by description
    assert not any(item.certain for item in several)


def test_convert_to_region_without_schedule_gives_hs6() -> None:
    found = tariff.convert("6109100010", "XA", "JP", ON)
    assert [item.code for item in found] == ["610910"]


def test_bad_rule_data_fails_loudly(synthetic_rules: Path) -> None:
    path = synthetic_rules / "tariffs" / "XA" / "T2024" / "measures.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("61091000,mfn,erga_omnes,,5%,2024-01-01,,NOPE,\n")
    registry._reset()
    with pytest.raises(RuleDataError, match="NOPE"):
        tariff.lookup("61091000", "XA", ON)


def test_errors_are_cbec_errors() -> None:
    for bad in ("", "x", "1", "00", "6109.10.00.10.10.10.10", "٦١٠٩"):
        with pytest.raises(CbecError):
            tariff.lookup(bad, "XA", ON)


def test_code_longer_than_an_undivided_real_line_resolves_with_a_note() -> None:
    from datetime import date

    from cbec_compliance import tariff

    line = tariff.lookup("6109100010", "GB", date(2026, 8, 1))
    assert line.code == "61091000"
    assert any("does not subdivide further" in note for note in line.notes)
