"""Synthetic tariff packs written to a temporary rules folder, so engine tests do not depend on
the real schedules. The registry state is restored after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cbec_compliance.rules import registry

LINES = [
    ("61", "", "Apparel, knitted", "", ""),
    ("6109", "61", "T-shirts", "", ""),
    ("610910", "6109", "Of cotton", "", "610910"),
    ("61091000", "610910", "Of cotton", "", "610910"),
    ("6109100010", "61091000", "Men's", "doz.;kg", "610910"),
    ("6109100090", "61091000", "Other", "doz.;kg", "610910"),
    ("610990", "6109", "Of other textile materials", "", "610990"),
    ("61099010", "610990", "Of man-made fibres", "kg", "610990"),
    ("99", "", "National chapter", "", ""),
    ("99030101", "99", "Temporary provision", "", ""),
]

MEASURES = [
    # code, type, origin, excluded, expression, from, to, source, note
    ("61091000", "mfn", "erga_omnes", "group:col2", "12%", "2024-01-01", "", "SCHED", ""),
    ("61091000", "preferential", "program:AU", "", "Free", "2024-01-01", "", "SCHED", ""),
    ("61091000", "column2", "group:col2", "", "90%", "2024-01-01", "", "SCHED", ""),
    ("61099010", "mfn", "erga_omnes", "group:col2", "5% + 1.5¢/kg", "2024-01-01", "", "SCHED", ""),
    ("6109", "additional", "CN", "", "25%", "2024-01-01", "2024-06-30", "SCHED", "heading-wide"),
]

EXTRA = [
    # code, type, origin, excluded, expression, from, to, source, note, condition, suspends
    ("*", "additional", "erga_omnes", "XB", "10%", "2024-03-01", "2024-12-31", "S122", "", "", ""),
    (
        "6109100090",
        "exclusion",
        "erga_omnes",
        "",
        "Free",
        "2024-01-01",
        "",
        "S122",
        "exempt",
        "",
        "S122",
    ),
    (
        "6109100010",
        "exclusion",
        "CN",
        "",
        "Free",
        "2024-01-01",
        "",
        "S301",
        "maybe",
        "only red shirts",
        "S301",
    ),
    ("6109", "additional", "CN", "", "7.5%", "2024-01-01", "", "S301", "list", "", ""),
    (
        "61099010",
        "additional",
        "erga_omnes",
        "",
        "50% if steel",
        "2024-01-01",
        "",
        "S232",
        "Scope unknown: test",
        "",
        "",
    ),
]

SCHEDULE_TOML = """[pack]
id = "tariffs/XA/{name}"
kind = "tariff-schedule"
title = "Test schedule {name}"
licence = "test data"
valid_from = {start}
valid_to = {end}

[[pack.sources]]
title = "Test source"
url = "https://example.org/tariff"
retrieved = 2024-01-01

[[pack.tables]]
file = "lines.csv"
columns = ["code", "parent", "description", "unit", "hs6"]

[[pack.tables]]
file = "measures.csv"
columns = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from", "valid_to", "legal_source", "note"]

[[pack.tables]]
file = "origin_groups.csv"
columns = ["group", "country", "valid_from", "valid_to", "note"]

[schedule]
region = "XA"
nomenclature = "Test nomenclature"
digits = 10
hs_edition = "HS2022"
currency = "USD"

[[legal_sources]]
id = "SCHED"
title = "Test schedule act"
url = "https://example.org/act"
retrieved = 2024-01-01
"""

EXTRA_TOML = """[pack]
id = "tariffs/XA/extra"
kind = "tariff-measures"
title = "Test additional duties"
licence = "test data"
valid_from = 2024-01-01

[[pack.sources]]
title = "Test source"
url = "https://example.org/extra"
retrieved = 2024-01-01

[[pack.tables]]
file = "measures.csv"
columns = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from", "valid_to", "legal_source", "note", "condition", "suspends"]

[schedule]
region = "XA"
nomenclature = "Test nomenclature"
digits = 10
hs_edition = "HS2022"
currency = "USD"

[[legal_sources]]
id = "S122"
title = "Test surcharge"
url = "https://example.org/s122"
retrieved = 2024-01-01

[[legal_sources]]
id = "S301"
title = "Test section 301"
url = "https://example.org/s301"
retrieved = 2024-01-01

[[legal_sources]]
id = "S232"
title = "Test section 232"
url = "https://example.org/s232"
retrieved = 2024-01-01
"""


def _csv(path: Path, header: str, rows: list[tuple[str, ...]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


def write_synthetic_rules(root: Path) -> Path:
    measure_header = (
        "code,measure_type,origin,excluded_origins,expression,valid_from,valid_to,legal_source,note"
    )
    for name, start, end in (
        ("T2023", "2023-01-01", "2023-12-31"),
        ("T2024", "2024-01-01", "2024-12-31"),
    ):
        folder = root / "tariffs" / "XA" / name
        folder.mkdir(parents=True)
        (folder / "pack.toml").write_text(
            SCHEDULE_TOML.format(name=name, start=start, end=end), encoding="utf-8"
        )
        lines = LINES if name == "T2024" else [line for line in LINES if line[0] != "61099010"]
        _csv(folder / "lines.csv", "code,parent,description,unit,hs6", lines)
        measures = [m if name == "T2024" else (*m[:5], "2023-01-01", *m[6:]) for m in MEASURES]
        _csv(folder / "measures.csv", measure_header, measures)
        _csv(
            folder / "origin_groups.csv",
            "group,country,valid_from,valid_to,note",
            [("col2", "KP", "", "", ""), ("col2", "RU", "2024-04-09", "", "")],
        )
    extra = root / "tariffs" / "XA" / "extra"
    extra.mkdir(parents=True)
    (extra / "pack.toml").write_text(EXTRA_TOML, encoding="utf-8")
    _csv(extra / "measures.csv", measure_header + ",condition,suspends", EXTRA)
    # A second territory with the same HS6 codes, for conversion.
    other = root / "tariffs" / "XB" / "T2024"
    other.mkdir(parents=True)
    (other / "pack.toml").write_text(
        SCHEDULE_TOML.format(name="T2024", start="2024-01-01", end="2024-12-31")
        .replace('id = "tariffs/XA/T2024"', 'id = "tariffs/XB/T2024"')
        .replace('region = "XA"', 'region = "XB"')
        .replace("digits = 10", "digits = 8"),
        encoding="utf-8",
    )
    _csv(
        other / "lines.csv",
        "code,parent,description,unit,hs6",
        [
            ("61", "", "Knitted apparel", "", ""),
            ("6109", "61", "T-shirts", "", ""),
            ("61091000", "6109", "Of cotton", "", "610910"),
            ("61099020", "6109", "Of wool", "", "610990"),
            ("61099090", "6109", "Of man-made fibres", "", "610990"),
        ],
    )
    _csv(
        other / "measures.csv",
        measure_header,
        [("61091000", "mfn", "erga_omnes", "", "12%", "2024-01-01", "", "SCHED", "")],
    )
    _csv(other / "origin_groups.csv", "group,country,valid_from,valid_to,note", [])
    return root


@pytest.fixture
def synthetic_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = write_synthetic_rules(tmp_path / "rules")
    monkeypatch.setenv("CBEC_RULES_PATH", str(root))
    registry._reset()
    yield root
    monkeypatch.delenv("CBEC_RULES_PATH")
    registry._reset()
