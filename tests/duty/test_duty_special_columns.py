"""Cells holding several rates: the US HTS 2025 "Special" column and Australia's Schedule 3 scrape."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cbec_compliance.duty import (
    AdValorem,
    DutyExpression,
    Specific,
    parse_australian_duty_rate,
    parse_us_special_column,
)

# The most frequent Special cell of the US HTS 2025 (1,795 lines).
ALL_PROGRAMS = ("A", "AU", "BH", "CL", "CO", "D", "E", "IL", "JO", "KR")
ALL_PROGRAMS += ("MA", "OM", "P", "PA", "PE", "S", "SG")


def test_free_with_programs() -> None:
    text = "Free (A,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)"
    assert parse_us_special_column(text) == [(DutyExpression(text="Free", free=True), ALL_PROGRAMS)]


@pytest.mark.parametrize(
    "text",
    [
        # US HTS 2025 Special: the same list printed with stray spaces, line breaks and typos
        "Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)",
        "Free \n(A+, AU, BH, CL, CO, D, E, IL, JO, KR, MA, OM,P, PA, PE, S, SG)",
        "Free(A+, AU, BH, CL, CO, D, E, IL, JO, KR, MA, OM,P, PA, PE, S, SG)",
    ],
)
def test_program_lists_are_read_whatever_the_spacing(text: str) -> None:
    [(expression, programs)] = parse_us_special_column(text)
    assert expression.free
    assert programs == ("A+", *ALL_PROGRAMS[1:])


def test_missing_comma_and_stray_dot_in_program_list() -> None:
    # US HTS 2025 Special column, as printed
    [(_, programs)] = parse_us_special_column("Free (AU,BH,CL,CO,IL,JO,KR,MA,.OM,P,PA,PE,S,SG)")
    assert programs == (
        "AU",
        "BH",
        "CL",
        "CO",
        "IL",
        "JO",
        "KR",
        "MA",
        "OM",
        "P",
        "PA",
        "PE",
        "S",
        "SG",
    )
    [(_, programs)] = parse_us_special_column(
        "Free (A*,AU,BH,CL,CO,D,E IL,JO,KR,MA,OM,P,PA,PE,S,SG)"
    )
    assert programs[:8] == ("A*", "AU", "BH", "CL", "CO", "D", "E", "IL")


def test_several_rates_with_their_programs() -> None:
    # brief example: different rates for different agreements
    assert parse_us_special_column("3.4% (KR) 5% (AU)") == [
        (DutyExpression(text="3.4%", terms=(AdValorem(percent=Decimal("3.4")),)), ("KR",)),
        (DutyExpression(text="5%", terms=(AdValorem(percent=Decimal("5")),)), ("AU",)),
    ]


def test_cross_references_stay_unparsed_with_their_programs() -> None:
    # US HTS 2025 Special column (cheese, chapter 4)
    text = (
        "Free (BH,CL,JO,MA,OM,P,PE,SG) 14.3¢/kg (KR) See 9822.04.40 (AU) "
        "See 9823.04.01-9823.04.54 (S+)"
    )
    groups = parse_us_special_column(text)
    assert [programs for _, programs in groups] == [
        ("BH", "CL", "JO", "MA", "OM", "P", "PE", "SG"),
        ("KR",),
        ("AU",),
        ("S+",),
    ]
    assert groups[0][0].free
    assert groups[1][0].terms == (Specific(amount=Decimal("0.143"), currency="USD", unit="kg"),)
    assert groups[2][0].unparsed == "See 9822.04.40"
    assert groups[2][0].terms == () and not groups[2][0].free
    assert groups[3][0].unparsed == "See 9823.04.01-9823.04.54"


def test_compound_special_rate() -> None:
    # US HTS 2025 Special column
    [(expression, programs)] = parse_us_special_column("30.5¢/kg + 8.5% (S+)")
    assert programs == ("S+",)
    assert expression.terms == (
        Specific(amount=Decimal("0.305"), currency="USD", unit="kg"),
        AdValorem(percent=Decimal("8.5")),
    )


def test_cells_without_programs() -> None:
    assert parse_us_special_column("") == []
    assert parse_us_special_column("   ") == []
    [(expression, programs)] = parse_us_special_column("No change")
    assert programs == () and expression.unparsed == "No change" and not expression.free
    groups = parse_us_special_column(
        "The duty provided in the applicable subheading + 10% (CA, MX, S)"
    )
    assert groups == [
        (
            DutyExpression(
                text="The duty provided in the applicable subheading + 10%",
                unparsed="The duty provided in the applicable subheading + 10%",
            ),
            ("CA", "MX", "S"),
        )
    ]


def test_lowercase_parentheses_are_not_programs() -> None:
    text = "Free, under the terms of U.S. note 1(b) to this subchapter"
    assert parse_us_special_column(text) == [(DutyExpression(text=text, unparsed=text), ())]


def test_australian_cell_with_categories() -> None:
    # ABF Schedule 3 scrape: general rate then DCS / CA / DCT concessional categories
    groups = parse_australian_duty_rate("5% DCS4% CAFree DCT5%")
    assert [(expression.terms, expression.free, codes) for expression, codes in groups] == [
        ((AdValorem(percent=Decimal(5)),), False, ()),
        ((AdValorem(percent=Decimal(4)),), False, ("DCS",)),
        ((), True, ("CA",)),
        ((AdValorem(percent=Decimal(5)),), False, ("DCT",)),
    ]


def test_australian_specific_rates_are_aud() -> None:
    groups = parse_australian_duty_rate(
        "$2,445.26/kg of tobacco content NZ/PG/FI/DC/LDC $2,445.26/kg of tobacco content"
    )
    tobacco = Specific(amount=Decimal("2445.26"), currency="AUD", unit="kg_tobacco")
    assert groups[0][0].terms == (tobacco,) and groups[0][1] == ()
    assert groups[1][0].terms == (tobacco,) and groups[1][1] == ("NZ", "PG", "FI", "DC", "LDC")


def test_australian_phased_cells_stay_whole_and_unparsed() -> None:
    text = "5% From1July2018 3.75% From1July2019 Free"
    assert parse_australian_duty_rate(text) == [(DutyExpression(text=text, unparsed=text), ())]
    assert parse_australian_duty_rate("") == []
    [(expression, _)] = parse_australian_duty_rate("Free\u200b")
    assert expression.free
