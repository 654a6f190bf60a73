"""Arbitrary input to regions.get returns a Region or raises a CbecError, nothing else."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cbec_compliance import regions
from cbec_compliance.errors import CbecError


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_string_returns_a_region_or_raises_a_library_error(value: str) -> None:
    try:
        region = regions.get(value, on=date(2026, 11, 28))
    except CbecError:
        return
    assert isinstance(region, regions.Region)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_any_date_returns_a_region_or_raises_a_library_error(on: date) -> None:
    try:
        region = regions.get("DE", on=on)
    except CbecError:
        return
    assert region.customs_territory == "EU"
