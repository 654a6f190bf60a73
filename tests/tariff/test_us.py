"""The real US packs: HTS 2025, Schedule B 2019 and the additional duties by origin.

Values checked against the USITC HTS 2025 Basic Edition CSV and HTSUS 2026 Rev 6 chapter 99
(see rules/tariffs/US/*/pack.toml and docs/tariffs/us.md).
"""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cbec_compliance import hs, tariff
from cbec_compliance.errors import CbecError
from cbec_compliance.rules import registry
from cbec_compliance.tariff import MeasureType
from cbec_compliance.tariff.data import load_pack_data

HTS = "tariffs/US/HTS2025"
SUMMER_2025 = date(2025, 6, 1)
AUTUMN_2026 = date(2026, 9, 1)


def _texts(found: list[tariff.Measure]) -> dict[str, str]:
    return {item.legal_source.id: item.expression.text for item in found}


def test_cotton_t_shirt_rates() -> None:
    line = tariff.lookup("6109.10.00.12", "US", SUMMER_2025)
    assert line.hs6 == "610910"
    assert line.unit == "doz.;kg"
    assert line.descriptions[-2:] == ("Of cotton", "Men's or boys': Other T-shirts: Men's (338)")
    assert line.mfn is not None and line.mfn.code == "61091000"
    assert line.mfn.expression.terms[0].percent == Decimal("16.5")  # type: ignore[union-attr]
    assert line.column2 is not None and line.column2.expression.text == "90%"
    programs = sorted(item.program or "" for item in line.preferential)
    assert programs == sorted(
        ["AU", "BH", "CL", "CO", "IL", "JO", "KR", "MA", "OM", "P", "PA", "PE", "S", "SG"]
    )
    assert all(item.expression.free for item in line.preferential)


def test_specific_rate_line() -> None:
    line = tariff.lookup("0102.90.00", "US", SUMMER_2025)  # printed on 0102.90.00.00
    assert line.mfn is not None and line.mfn.expression.text == "1¢/kg"
    assert line.mfn.expression.fully_parsed


def test_column2_countries() -> None:
    for origin in ("CU", "KP", "RU", "BY"):
        found = tariff.measures("6109100012", "US", SUMMER_2025, origin=origin)
        types = {item.measure_type for item in found}
        assert MeasureType.COLUMN_2 in types and MeasureType.MFN not in types, origin


def test_section_301_and_ieepa_on_two_dates() -> None:
    summer = _texts(tariff.measures("6109100012", "US", SUMMER_2025, origin="CN"))
    autumn = _texts(tariff.measures("6109100012", "US", AUTUMN_2026, origin="CN"))
    assert summer["HTSUS-9903.88.15"] == autumn["HTSUS-9903.88.15"] == "7.5%"  # List 4A
    assert summer["EO-14228"] == "20%"  # fentanyl
    assert summer["EO-2025-05-12"] == "10%"  # reciprocal after Geneva
    assert not any(key.startswith("EO-") for key in autumn)  # IEEPA struck down
    assert autumn["PM-2026-07-23-s301-60"] == "12.5%"  # forced-labour Section 301 (secondary)
    between = _texts(tariff.measures("6109100012", "US", date(2026, 3, 1), origin="CN"))
    assert between["PROC-2026-02-20-s122"] == "10%"
    assert tariff.lookup("6109100012", "US", AUTUMN_2026).notes  # stale schedule said


def test_section_301_list_3_rate_history() -> None:
    code = next(
        row.code
        for rows in load_pack_data("tariffs/US/additional-duties").measures.values()
        for row in rows
        if row.legal_source == "HTSUS-9903.88.03"
    )
    line_code = next(iter(load_pack_data(HTS).codes_with_prefix(code)))
    early = _texts(tariff.measures(line_code, "US", date(2025, 1, 2), origin="CN"))
    assert early["HTSUS-9903.88.03"] == "25%"


def test_section_301_exclusion_cancels_list_duty() -> None:
    found = tariff.measures("8483.50.90.40", "US", SUMMER_2025, origin="CN")
    assert "HTSUS-9903.88.01" not in _texts(found)
    assert any(
        item.measure_type is MeasureType.EXCLUSION and item.legal_source.id == "HTSUS-9903.88.69"
        for item in found
    )
    after = _texts(tariff.measures("8483.50.90.40", "US", date(2026, 11, 10), origin="CN"))
    assert after["HTSUS-9903.88.01"] == "25%"  # exclusion ended 2026-11-09


def test_section_232_scope_unknown_is_said() -> None:
    line = tariff.lookup("7208.10.15.00", "US", SUMMER_2025)
    unknown = [item for item in line.measures if not item.scope_known]
    assert unknown and "232" in (unknown[0].note or "")
    metals = _texts(tariff.measures("7601.10.30", "US", AUTUMN_2026, origin="VN"))
    assert metals["PROC-2026-04-02-metals"] == "50%"


def test_autos_eu_all_in_replaces_232_rate() -> None:
    vietnam = _texts(tariff.measures("8703.23.01", "US", date(2025, 10, 1), origin="VN"))
    germany = _texts(tariff.measures("8703.23.01", "US", date(2025, 10, 1), origin="DE"))
    assert vietnam["HTSUS-9903.94.01"] == "25%"
    assert germany["HTSUS-9903.94.01"] == "Free"  # the exclusion; the 25% is cancelled
    assert any("15% total" in text for text in germany.values())


def test_every_us_line_maps_to_an_existing_hs2022_subheading() -> None:
    data = load_pack_data(HTS)
    missing = sorted(
        {
            record.hs6
            for record in data.lines.values()
            if record.hs6
            if not _exists(record.hs6, "HS2022")
        }
    )
    assert missing == []
    national = [code for code, record in data.lines.items() if not record.hs6 and len(code) >= 6]
    assert all(code[:2] in ("98", "99") for code in national)


def test_schedule_b_lines_map_to_hs2017() -> None:
    data = load_pack_data("tariffs/US/ScheduleB2019")
    missing = sorted({r.hs6 for r in data.lines.values() if r.hs6 if not _exists(r.hs6, "HS2017")})
    assert missing == []
    line = tariff.lookup("6109.10.0013", "US", date(2020, 1, 1), direction="export")
    assert line.schedule == "tariffs/US/ScheduleB2019"
    assert [item.expression.free for item in line.measures] == [True]


def _exists(code6: str, edition: str) -> bool:
    try:
        hs.lookup(code6, edition=edition)
    except CbecError:
        return False
    return True


def test_counts_and_parse_rates() -> None:
    data = load_pack_data(HTS)
    assert len(data.lines) == 38113
    assert sum(1 for code in data.lines if len(code) == 10) == 19731
    rows = [row for rows in data.measures.values() for row in rows]
    assert len(rows) == 147504
    mfn = [row for row in rows if row.measure_type is MeasureType.MFN]
    parsed = sum(tariff.engine.parse_expression(row.expression, "USD").fully_parsed for row in mfn)
    assert len(mfn) == 11568
    assert parsed / len(mfn) > 0.97
    unparsed = [
        row for row in mfn if not tariff.engine.parse_expression(row.expression, "USD").fully_parsed
    ]
    # Nothing is silently dropped: every unparsed text is kept verbatim.
    assert all(tariff.engine.parse_expression(row.expression, "USD").unparsed for row in unparsed)


def test_convert_us_to_eu_and_back() -> None:
    found = tariff.convert("6109.10.00.12", "US", "DE", SUMMER_2025)
    assert found and all(item.hs6 == "610910" for item in found)
    back = tariff.convert(found[0].code, "DE", "US", SUMMER_2025)
    assert "6109100012" in [item.code for item in back]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_any_string_raises_only_cbec_errors(text: str) -> None:
    with contextlib.suppress(CbecError):
        tariff.lookup(text, "US", SUMMER_2025)


@settings(max_examples=50, deadline=None)
@given(st.from_regex(r"[0-9]{2,12}", fullmatch=True))
def test_any_digits_resolve_or_name_nearest(code: str) -> None:
    try:
        line = tariff.lookup(code, "US", SUMMER_2025)
    except tariff.UnknownTariffLineError as error:
        assert error.nearest
    except CbecError:
        pass
    else:
        assert line.code in load_pack_data(HTS).lines


def test_registry_sees_valid_us_packs() -> None:
    for pack_id in (
        "tariffs/US/HTS2025",
        "tariffs/US/ScheduleB2019",
        "tariffs/US/additional-duties",
    ):
        pack = registry.get_pack(pack_id)
        for table in pack.content.pack.tables:
            assert sum(1 for _ in pack.table_rows(table.file)) == table.rows
