"""Generic checks every generated national tariff pack gets (EU, GB, BR, AU, CN), without the engine.

Each pack is read through the registry only: lines form a tree whose codes have the declared digits,
every line maps to an HS6 of the schedule's HS edition, measures sit on existing codes, cite declared
legal sources and have dates in order.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pytest

from cbec_compliance.rules import get_pack
from cbec_compliance.rules.registry import LoadedPack, pack_ids
from cbec_compliance.tariff.schema import MeasureType

PREFIXES = ("tariffs/EU/", "tariffs/GB/", "tariffs/BR/", "tariffs/AU/", "tariffs/CN/")
PACKS = [pack_id for pack_id in pack_ids("tariffs/") if pack_id.startswith(PREFIXES)]
# Measures-only packs and the schedule whose lines they use.
# CET 2020 is keyed by the UK commodity codes of January 2021 (CN 2021 at 8 digits, 8 exceptions).
LINES_OF = {
    "tariffs/EU/CET2020": "tariffs/GB/UKGT2021",
    "tariffs/CN/Export2026": "tariffs/CN/Tariff2026",
}
# National chapters outside the HS (China's chapter 98 special-trade codes).
NATIONAL_CHAPTERS = {"98", "99"}
ORIGIN = re.compile(r"^(erga_omnes|[A-Z]{2}|group:[A-Za-z0-9_\-]+|program:[A-Za-z0-9+\-]+)$")


def test_all_expected_packs_are_present() -> None:
    expected = {
        "tariffs/EU/CN2021",
        "tariffs/EU/CN2023",
        "tariffs/EU/CN2024",
        "tariffs/EU/CN2025",
        "tariffs/EU/CN2026",
        "tariffs/EU/CET2020",
        "tariffs/GB/UKGT2021",
        "tariffs/BR/NCM2024",
        "tariffs/AU/Schedule3Partial",
        "tariffs/CN/Tariff2026",
        "tariffs/CN/Export2026",
    }
    assert expected <= set(PACKS)


@cache
def hs_codes(edition: str) -> frozenset[str]:
    return frozenset(
        row["code"] for _, row in get_pack(f"hs/{edition}").table_rows("nomenclature.csv")
    )


@cache
def lines(pack_id: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for _, row in get_pack(pack_id).table_rows("lines.csv")}


def declared_tables(pack: LoadedPack) -> set[str]:
    return {table.file for table in pack.content.pack.tables}


@pytest.mark.parametrize("pack_id", [pack_id for pack_id in PACKS if pack_id not in LINES_OF])
def test_lines_form_a_tree_mapped_to_hs6(pack_id: str) -> None:
    pack = get_pack(pack_id)
    schedule = pack.content.schedule  # type: ignore[attr-defined]
    known = hs_codes(schedule.hs_edition)
    rows = lines(pack_id)
    assert rows, f"{pack_id} has no lines"
    assert any(len(code) == schedule.digits for code in rows), "no line has the declared digits"
    for code, row in rows.items():
        assert code.isdigit() and 2 <= len(code) <= schedule.digits, code
        assert row["description"].strip(), f"{code} has no description"
        parent = row["parent"]
        if len(code) == 2:
            assert parent == ""
        else:
            assert parent in rows, f"{code}: parent {parent!r} is not a line"
            assert code.startswith(parent) and len(parent) < len(code), f"{code}: parent {parent}"
        if len(code) < 6 or (code[:2] in NATIONAL_CHAPTERS and code[:6] not in known):
            assert row["hs6"] == "", code
        else:
            assert row["hs6"] == code[:6], f"{code}: hs6 {row['hs6']!r}"
            assert row["hs6"] in known, f"{code}: {row['hs6']} is not in {schedule.hs_edition}"


@pytest.mark.parametrize("pack_id", PACKS)
def test_measures_are_on_codes_with_sources_and_dates(pack_id: str) -> None:
    pack = get_pack(pack_id)
    content = pack.content
    legal = {source.id for source in content.legal_sources}  # type: ignore[attr-defined]
    codes = lines(LINES_OF.get(pack_id, pack_id))
    groups = set()
    if "origin_groups.csv" in declared_tables(pack):
        groups = {row["group"] for _, row in pack.table_rows("origin_groups.csv")}
    types = {item.value for item in MeasureType}
    file = "measures.csv.gz" if "measures.csv.gz" in declared_tables(pack) else "measures.csv"
    for line_number, row in pack.table_rows(file):
        where = f"{pack_id} measures line {line_number}"
        code = row["code"]
        assert code in codes, where
        assert row["measure_type"] in types, where
        assert ORIGIN.match(row["origin"]), where
        if row["origin"].startswith("group:"):
            assert row["origin"].removeprefix("group:") in groups, where
        assert row["expression"].strip() == row["expression"] and row["expression"], where
        assert row["legal_source"] in legal, where
        valid_from = date.fromisoformat(row["valid_from"])
        assert valid_from >= content.pack.valid_from, where
        if row["valid_to"]:
            assert valid_from <= date.fromisoformat(row["valid_to"]), where


@pytest.mark.parametrize("pack_id", PACKS)
def test_pack_is_dated_sourced_and_generated(pack_id: str) -> None:
    header = get_pack(pack_id).content.pack
    assert header.generated is not None
    assert header.generated.script.startswith("scripts/build_tariff_")
    assert all(upstream.commit for upstream in header.generated.upstream)
    assert header.sources


def test_eu_cn_years_follow_each_other() -> None:
    for year in (2023, 2024, 2025, 2026):
        header = get_pack(f"tariffs/EU/CN{year}").content.pack
        assert header.valid_from == date(year, 1, 1)
        assert header.valid_to == date(year, 12, 31)


def test_cet2020_is_labelled_as_2020_rates() -> None:
    content = get_pack("tariffs/EU/CET2020").content
    assert content.pack.valid_to == date(2020, 12, 31)
    assert content.schedule.rates_as_of.year == 2020  # type: ignore[attr-defined]
    assert "not current" in content.pack.title


def test_china_groups_and_english_names() -> None:
    pack = get_pack("tariffs/CN/Tariff2026")
    members: dict[str, set[str]] = {}
    for _, row in pack.table_rows("origin_groups.csv"):
        members.setdefault(row["group"], set()).add(row["country"])
    assert members["ACFTA"] == {"BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"}
    assert "KR" in members["APTA"]
    codes = lines("tariffs/CN/Tariff2026")
    english = dict(
        row
        for _, row in (
            (n, (r["code"], r["description_en"])) for n, r in pack.table_rows("lines_en.csv")
        )
    )
    assert set(english) <= set(codes)
    assert sum(len(code) == 8 for code in english) > 8900
