"""Spot checks of values read by hand in the sources (see docs/tariffs/*.md), without the engine.

A measure on a code applies to every line below it, so a line's measure is the one on its most
specific ancestor (itself included) with that type and origin.
"""

from __future__ import annotations

from functools import cache

import pytest

from cbec_compliance.rules import get_pack


@cache
def line_table(pack_id: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for _, row in get_pack(pack_id).table_rows("lines.csv")}


@cache
def measure_table(pack_id: str) -> dict[tuple[str, str, str], str]:
    return {
        (row["code"], row["measure_type"], row["origin"]): row["expression"]
        for _, row in get_pack(pack_id).table_rows("measures.csv")
    }


def rate(
    pack_id: str,
    code: str,
    measure_type: str,
    origin: str = "erga_omnes",
    lines_of: str | None = None,
) -> str | None:
    rows = line_table(lines_of or pack_id)
    measures = measure_table(pack_id)
    node: str | None = code
    while node:
        found = measures.get((node, measure_type, origin))
        if found is not None:
            return found
        node = rows[node]["parent"] if node in rows else None
    return None


def test_eu_cn2026_line() -> None:
    row = line_table("tariffs/EU/CN2026")["61091000"]
    assert (row["parent"], row["description"], row["unit"], row["hs6"]) == (
        "6109",
        "Of cotton",
        "PST",
        "610910",
    )
    assert line_table("tariffs/EU/CN2026")["6109"]["description"].startswith("T-shirts, singlets")


def test_eu_cn2021_folds_uncoded_indents() -> None:
    assert (
        line_table("tariffs/EU/CN2021")["01012100"]["description"]
        == "Horses > Pure-bred breeding animals"
    )


@pytest.mark.parametrize(
    ("code", "expression"),
    [
        ("61091000", "12.0%"),  # T-shirts of cotton
        ("01012990", "11.5%"),  # live horses, other
        ("1001912010", "95.00 EUR / tonne"),  # seed of meslin, TARIC-level code
    ],
)
def test_eu_cet2020_third_country_duty(code: str, expression: str) -> None:
    assert measure_table("tariffs/EU/CET2020")[(code, "mfn", "erga_omnes")] == expression


@pytest.mark.parametrize(
    ("code", "expression"), [("61091000", "12.0%"), ("01012990", "10.0%"), ("01013000", "6.0%")]
)
def test_gb_ukgt2021_mfn(code: str, expression: str) -> None:
    assert rate("tariffs/GB/UKGT2021", code, "mfn") == expression


def test_br_ncm_line() -> None:
    row = line_table("tariffs/BR/NCM2024")["61091000"]
    assert (row["parent"], row["description"], row["hs6"]) == ("6109", "De algodão", "610910")
    assert line_table("tariffs/BR/NCM2024")["01012"]["description"] == "Cavalos:"


def test_au_partial_lines_and_rates() -> None:
    assert line_table("tariffs/AU/Schedule3Partial")["0101210021"]["unit"] == "No"
    assert rate("tariffs/AU/Schedule3Partial", "85171300", "mfn") == "Free"
    assert rate("tariffs/AU/Schedule3Partial", "22041021", "mfn") == "5%"
    assert "61" not in line_table("tariffs/AU/Schedule3Partial")  # chapter 61 is not in the scrape


CN = "tariffs/CN/Tariff2026"


@pytest.mark.parametrize(
    ("code", "measure_type", "origin", "expression"),
    [
        ("6109100000", "mfn", "erga_omnes", "6%"),
        ("6109100000", "column2", "erga_omnes", "90%"),
        ("6109100000", "import_vat", "erga_omnes", "13%"),
        ("6109100000", "consumption_tax", "erga_omnes", "0%"),
        ("6109100000", "preferential", "group:APTA", "3.9%"),
        ("6109100000", "preferential", "group:ACFTA", "0%"),
        ("6109100000", "preferential", "AU", "0%"),
        ("2208300000", "mfn", "erga_omnes", "10%"),
        ("2208300000", "consumption_tax", "erga_omnes", "20%+0.912元/升"),
        ("0101210010", "import_vat", "erga_omnes", "9%"),
        ("0101210010", "preferential", "CL", "0%"),
    ],
)
def test_china_import_rates(code: str, measure_type: str, origin: str, expression: str) -> None:
    assert rate(CN, code, measure_type, origin) == expression


def test_china_line_names() -> None:
    row = line_table(CN)["6109100000"]
    assert row["description"] == "棉制针织或钩编T恤衫、汗衫及其他内衣背心"
    assert (row["parent"], row["unit"], row["hs6"]) == ("61091000", "件;千克", "610910")
    assert (
        rate(CN, "2208300000", "provisional") is None
    )  # the 2026-02-02 whisky rate is not in the source


@pytest.mark.parametrize(
    ("code", "measure_type", "expression"),
    [
        ("2609000000", "export_duty", "50%"),
        ("2609000000", "provisional", "20%"),
        ("7403111190", "export_duty", "30%"),
        ("7403111190", "provisional", "0%"),
        ("7403111101", "provisional", "5%"),
        ("6109100000", "export_rebate", "13%"),
    ],
)
def test_china_export_rates(code: str, measure_type: str, expression: str) -> None:
    assert rate("tariffs/CN/Export2026", code, measure_type, lines_of=CN) == expression


def test_china_export_rebate_notes_ask_for_confirmation() -> None:
    notes = [
        row["note"]
        for _, row in get_pack("tariffs/CN/Export2026").table_rows("measures.csv")
        if row["measure_type"] == "export_rebate"
    ]
    assert notes and all("confirmed with the tax authority" in note for note in notes)
