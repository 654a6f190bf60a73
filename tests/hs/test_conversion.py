"""hs.convert, checked against rows of the UNSD correlation tables (HS2012/HS2017/HS2022)."""

from pathlib import Path

import pytest

from cbec_compliance import hs
from cbec_compliance.errors import (
    InvalidHsCodeError,
    NoCorrelationError,
    UnknownEditionError,
    UnknownHsCodeError,
)

EDITIONS = ("HS2012", "HS2017", "HS2022")


@pytest.mark.parametrize("source", EDITIONS)
@pytest.mark.parametrize("target", EDITIONS)
def test_every_pair_both_directions(source: str, target: str) -> None:
    result = hs.convert("610910", source=source, target=target)
    assert result.targets == ["610910"]
    assert result.relationship == "1:1"
    assert not result.needs_review


def test_split_hs2017_phones_into_smartphones_and_others() -> None:
    # UNSD HS2022-HS2017: 851713 -> 851712 and 851714 -> 851712 (n:1 rows).
    result = hs.convert("8517.12", source="HS2017", target="HS2022")
    assert result.targets == ["851713", "851714"]
    assert result.relationship == "1:n"
    assert result.needs_review
    conditional = {item.code for item in result.conditional_targets}
    assert {"852411", "854921"} <= conditional  # display modules and e-waste: partial links
    assert not set(result.targets) & conditional


def test_merge_is_certain() -> None:
    result = hs.convert("851713", source="HS2022", target="HS2017")
    assert result.targets == ["851712"]
    assert result.relationship == "n:1"
    assert not result.needs_review


def test_many_to_many_edible_insects() -> None:
    # UNSD HS2022-HS2017 rows: 041010 -> 020890, 021099, 041000 (n:n).
    result = hs.convert("041010", source="HS2022", target="HS2017")
    assert result.targets == ["020890", "021099", "041000"]
    assert result.relationship == "n:n"
    assert result.needs_review


def test_catch_all_e_waste_needs_review_and_says_why() -> None:
    result = hs.convert("854921", source="HS2022", target="HS2017")
    assert result.relationship == "n:n"
    assert result.needs_review
    assert len(result.targets) == 1019
    assert any("waste" in note for note in result.notes)


def test_catch_all_does_not_make_electronics_n_to_n() -> None:
    parts = hs.convert("847330", source="HS2017", target="HS2022")  # parts of computers
    assert parts.targets == ["847330"] and parts.relationship == "1:1"
    assert not parts.needs_review
    assert any(item.code == "852411" for item in parts.conditional_targets)
    counts = {"n:n": 0, "total": 0}
    for entry in hs.nomenclature("HS2017").subheadings():
        if entry.code.startswith(("84", "85", "90")):
            counts["total"] += 1
            counts["n:n"] += hs.convert(entry.code, "HS2017", "HS2022").relationship == "n:n"
    assert counts["total"] > 900
    assert (
        counts["n:n"] < 60
    )  # 41 genuine restructures (8462, 8501 ...); without the catch-all treatment nearly all would be n:n


def test_mco_catch_all_hs2017_to_hs2012() -> None:
    result = hs.convert("854231", source="HS2017", target="HS2012")
    assert result.targets == ["854231"]
    assert len(result.conditional_targets) > 100
    assert "multi-component" in result.conditional_targets[0].applies_when


def test_round_trip_of_one_to_one_codes() -> None:
    for source, target in (("HS2022", "HS2017"), ("HS2017", "HS2012"), ("HS2022", "HS2012")):
        for entry in hs.nomenclature(source).subheadings():
            forward = hs.convert(entry.code, source, target)
            if forward.relationship == "1:1" and not forward.needs_review:
                back = hs.convert(forward.targets[0], target, source)
                assert back.targets == [entry.code], (source, target, entry.code)


def test_national_digits_are_reported_not_dropped_silently() -> None:
    result = hs.convert("8517.12.00.50", source="HS2017", target="HS2022")
    assert result.targets == ["851713", "851714"]
    assert "00" in result.notes[0] and "50" in result.notes[0]


def test_errors() -> None:
    with pytest.raises(UnknownHsCodeError, match="851713"):
        hs.convert("851713", source="HS2017", target="HS2022")
    with pytest.raises(InvalidHsCodeError):
        hs.convert("8517", source="HS2017", target="HS2022")
    with pytest.raises(UnknownEditionError):
        hs.convert("851712", source="HS2016", target="HS2022")
    with pytest.raises(NoCorrelationError, match="HS1996"):
        hs.convert("851712", source="HS2017", target="HS1996")


HS2028_PACK = """
from_edition = "HS2028"
to_edition = "HS2022"

[pack]
id = "hs/correlations/HS2028-HS2022"
kind = "hs-correlation"
title = "Test HS2028 to HS2022 correlation (synthetic)"
licence = "test data"
valid_from = 2028-01-01

[[pack.sources]]
title = "Synthetic table for tests"
url = "https://example.org/hs2028"
retrieved = 2026-11-28

[[pack.tables]]
file = "correlation.csv"
columns = ["from_code", "to_code", "relationship", "ex"]
"""


def test_user_supplied_hs2028_table_is_chained(user_rules: Path) -> None:
    folder = user_rules / "hs/correlations/HS2028-HS2022"
    folder.mkdir(parents=True)
    (folder / "pack.toml").write_text(HS2028_PACK, encoding="utf-8")
    (folder / "correlation.csv").write_text(
        "from_code,to_code,relationship,ex\n851713,851713,,\n851715,851713,,\n851714,851714,,\n",
        encoding="utf-8",
    )
    direct = hs.convert("851713", source="HS2022", target="HS2028")
    assert direct.targets == ["851713", "851715"] and direct.relationship == "1:n"
    chained = hs.convert("851712", source="HS2017", target="HS2028")
    assert chained.path == ["HS2017", "HS2022", "HS2028"]
    assert chained.targets == ["851713", "851714", "851715"]
    assert any("HS2017 -> HS2022 -> HS2028" in note for note in chained.notes)
    with pytest.raises(UnknownEditionError):
        hs.lookup("851715", edition="HS2028")  # no HS2028 nomenclature supplied


def test_hs2028_is_unavailable_without_user_data() -> None:
    with pytest.raises(NoCorrelationError):
        hs.convert("851713", source="HS2022", target="HS2028")
