"""The rule grammar: what agreements print parses, canonical text round-trips, junk is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cbec_compliance.errors import CbecError, InvalidRuleError
from cbec_compliance.origin.grammar import (
    AllOf,
    AnyOf,
    ChangeOfClassification,
    CodeRange,
    MaxNonOriginating,
    Process,
    RegionalValueContent,
    WhollyObtained,
    parse_rule,
)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("CTH or RVC40", "CTH or RVC40"),
        ("CTSH; or RVC40", "CTSH or RVC40"),
        ("CC except from Chapter 01", "CC except from chapter 01"),
        ("RVC 40% build-up and CTSH", "RVC40 build-up and CTSH"),
        ("RVC(45) net cost", "RVC45 net-cost"),
        ("CTSH provided that RVC30", "CTSH and RVC30"),
        ("MaxNOM 40% of heading 5208", "MaxNOM 40% EXW of heading 5208"),
        ("MaxNOM 50 % FOB", "MaxNOM 50% FOB"),
        ("WO", "WO"),
        ('(CTH or RVC40) and process "dyeing"', '(CTH or RVC40) and process "dyeing"'),
        (
            "CTH except from headings 8501 to 8503, 8473 and chapter 1",
            "CTH except from headings 8501-8503, heading 8473, chapter 01",
        ),
        ("CTH except from 85.42", "CTH except from heading 8542"),
        ("CTSH except from 8517.70", "CTSH except from subheading 8517.70"),
    ],
)
def test_agreement_wording_parses_to_canonical_text(text: str, canonical: str) -> None:
    rule = parse_rule(text)
    assert str(rule) == canonical
    assert parse_rule(canonical) == rule


def test_tree_shape() -> None:
    rule = parse_rule("CTH except from heading 8473 or CTSH and RVC35")
    assert isinstance(rule, AnyOf)
    first, second = rule.options
    assert first == ChangeOfClassification(
        level="heading", except_from=(CodeRange(start="8473", end="8473"),)
    )
    assert isinstance(second, AllOf)
    assert second.parts[1] == RegionalValueContent(percent=Decimal(35))
    assert parse_rule("WO") == WhollyObtained()
    assert parse_rule('process "x"') == Process(text="x")
    assert parse_rule("MaxNOM 50%") == MaxNonOriginating(percent=Decimal(50))


def test_code_range_contains_codes_of_any_length() -> None:
    chapters = CodeRange(start="50", end="55")
    assert chapters.contains("520811") and chapters.contains("55")
    assert not chapters.contains("560110")
    heading = CodeRange(start="8501", end="8503")
    assert heading.contains("850220") and not heading.contains("850410")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "CTX", "RVC", "RVC 140", "CTH except from 123", "CTH or", "(CTH", "process dyeing"],
)
def test_bad_rules_raise_invalid_rule_error_naming_the_text(text: str) -> None:
    with pytest.raises(InvalidRuleError) as error:
        parse_rule(text)
    assert repr(text) in str(error.value)


def test_non_text_rule_is_refused() -> None:
    with pytest.raises(InvalidRuleError):
        parse_rule(40)  # type: ignore[arg-type]


_atoms = st.sampled_from(
    [
        "WO",
        "CC",
        "CTH",
        "CTSH",
        "RVC40",
        "RVC35 build-down",
        "MaxNOM 50% EXW",
        "ANY",
        "CTH except from heading 8473",
        'process "knitting"',
        "MaxNOM 20% EXW of chapter 39",
    ]
)


@given(st.lists(st.lists(_atoms, min_size=1, max_size=3), min_size=1, max_size=3))
def test_canonical_text_round_trips(groups: list[list[str]]) -> None:
    text = " or ".join(" and ".join(group) for group in groups)
    rule = parse_rule(text)
    assert parse_rule(str(rule)) == rule


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_a_library_error(text: str) -> None:
    try:
        rule = parse_rule(text)
    except CbecError:
        return
    assert parse_rule(str(rule)) == rule
