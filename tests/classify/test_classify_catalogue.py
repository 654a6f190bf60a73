"""Catalogue check flags."""

from datetime import date

import pytest

import cbec_compliance as cc
from cbec_compliance.errors import InvalidInputError

ON = date(2025, 6, 1)


def kinds(title: str, code: str, destination: str | None = "US") -> list[str]:
    (row,) = cc.check_catalogue([(title, code)], destination=destination, on=ON)
    return [flag.kind for flag in row.flags]


def test_consistent_row_has_no_flags() -> None:
    assert kinds("men's cotton t-shirt", "6109.10.00.12") == []


def test_code_from_another_heading_is_inconsistent() -> None:
    assert kinds("bluetooth earbuds", "6109.10.00.12") == ["inconsistent"]


def test_right_heading_wrong_subheading_is_flagged_softly() -> None:
    assert kinds("100% polyester knitted t-shirt", "6109.10.00.12") == ["check_subheading"]


def test_invalid_codes() -> None:
    assert kinds("cotton t-shirt", "6109.99", None)[0] == "invalid_code"
    assert kinds("cotton t-shirt", "tee", None) == ["invalid_code"]
    assert kinds("cotton t-shirt", "6109.10.00.99") == ["invalid_for_destination"]


def test_vague_title() -> None:
    assert kinds("gift", "9503.00.00.90") == ["vague_title"]


def test_rows_must_be_pairs() -> None:
    with pytest.raises(InvalidInputError):
        cc.check_catalogue([("only a title",)])  # type: ignore[list-item]


def test_catalogue_date_is_checked_once_up_front() -> None:
    with pytest.raises(InvalidInputError, match="'yesterday'"):
        cc.check_catalogue([("cotton t-shirt", "6109100012")], destination="US", on="yesterday")
    rows = cc.check_catalogue([("cotton t-shirt", "6109.10")], destination="US", on=" 2025-06-01 ")
    assert rows[0].flags, "6109.10 is not a declarable US line and must be flagged"
    assert all("date" not in flag.message for flag in rows[0].flags)
