"""Choosing the national line under a subheading (classify.national).

The unit tests run on small synthetic schedules; the last ones go through ``cc.classify`` on the
US HTS 2025 pack.
"""

from __future__ import annotations

import pytest

import cbec_compliance as cc
from cbec_compliance.classify.national import NationalSchedule, choose_line
from cbec_compliance.classify.text import index_terms
from cbec_compliance.classify.vocabulary import Vocabulary, vocabulary


def _schedule(hs6: str, subheading: str, lines: dict[str, str]) -> NationalSchedule:
    """A schedule with one subheading and declarable lines ``code -> description``."""
    parent = {hs6: hs6[:4]} | {code: hs6 for code in lines}
    description = {hs6: subheading} | lines
    return NationalSchedule(
        "tariffs/TEST/Lines",
        "test schedule",
        "HS2022",
        None,
        parent,
        description,
        {hs6: sorted(lines)},
        {hs6},
    )


def _choose(schedule: NationalSchedule, title: str, words: Vocabulary) -> tuple[str, str]:
    """``choose_line`` as the engine calls it: the title's terms and stated attributes."""
    query = dict.fromkeys(index_terms(title), 1.0)
    stated: dict[str, set[str]] = {}
    for value, _ in words.attribute_values_in(title):
        stated.setdefault(value.attribute, set()).add(value.value)
    chosen = choose_line(schedule, [next(iter(schedule.by_hs6))], query, stated, words)
    assert chosen is not None
    return chosen


@pytest.fixture(scope="module")
def words() -> Vocabulary:
    return vocabulary()


BATTERIES = _schedule(
    "850760",
    "Lithium-ion",
    {
        "8507600010": "Of a kind used as the primary source of electrical power for electrically "
        "powered vehicles of subheadings 8703.40, 8703.50, 8703.60, 8703.70 or 8703.80",
        "8507600020": "Other",
    },
)


def test_a_narrow_line_needs_the_fact_it_demands(words: Vocabulary) -> None:
    code, reason = _choose(BATTERIES, "20000mAh lithium-ion power bank with USB-C", words)
    assert code == "8507600020"
    assert "no named line fits the title" in reason


def test_a_title_stating_the_narrow_fact_selects_it(words: Vocabulary) -> None:
    title = "lithium-ion battery pack, primary source of power for electrically powered vehicles"
    code, reason = _choose(BATTERIES, title, words)
    assert code == "8507600010"
    assert "powered" in reason and "vehicle" in reason


APPAREL = _schedule(
    "610910",
    "Of cotton",
    {
        "6109100012": "Men's or boys': Other T-shirts: Men's (338)",
        "6109100014": "Men's or boys': Other T-shirts: Boys' (338)",
        "6109100018": "Men's or boys': Tank tops and other singlets: Men's (338)",
        "6109100040": "Women's or girls': Other: T-shirts: Women's (339)",
        "6109100045": "Women's or girls': Other: T-shirts: Girls' (339)",
        "6109100070": "Women's or girls': Other: Other (339)",
    },
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("men's cotton crew neck t-shirt", "6109100012"),
        ("boys cotton t-shirt", "6109100014"),
        ("men's cotton tank top", "6109100018"),
        ("women's cotton t-shirt", "6109100040"),
        ("girls' cotton t-shirt", "6109100045"),
        ("women's cotton sleeveless camisole", "6109100070"),
    ],
)
def test_gender_and_age_group_pick_the_statistical_suffix(
    words: Vocabulary, title: str, expected: str
) -> None:
    assert _choose(APPAREL, title, words)[0] == expected


FOOTWEAR = _schedule(
    "640520",
    "With uppers of textile materials",
    {
        "6405209030": "For men",
        "6405209060": "For women",
        "6405209070": "For infants, as described in statistical note 2 to this chapter",
        "6405209080": "Other",
    },
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("women's fleece slippers", "6405209060"),
        ("baby fleece booties", "6405209070"),
        ("unisex fleece slippers", "6405209080"),
    ],
)
def test_other_is_the_default_when_no_named_sibling_matches(
    words: Vocabulary, title: str, expected: str
) -> None:
    assert _choose(FOOTWEAR, title, words)[0] == expected


MATERIALS = _schedule(
    "420232",
    "With outer surface of sheeting of plastics or of textile materials",
    {
        "4202324000": "Of cotton (369)",
        "4202329300": "Of man-made fibers (670)",
        "4202329900": "Other (871)",
    },
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("cotton canvas coin purse", "4202324000"),
        # the US spelling "fibers" is read like the HS "fibres"
        ("polyester card wallet", "4202329300"),
        ("wool felt coin purse", "4202329900"),
    ],
)
def test_material_words_agree_or_rule_a_line_out(
    words: Vocabulary, title: str, expected: str
) -> None:
    assert _choose(MATERIALS, title, words)[0] == expected


def test_a_qualified_repeat_of_the_subheading_is_not_evidence(words: Vocabulary) -> None:
    schedule = _schedule(
        "420231",
        "With outer surface of leather or of composition leather",
        {"4202313000": "Of reptile leather", "4202316000": "Other"},
    )
    assert _choose(schedule, "men's cowhide leather wallet", words)[0] == "4202316000"
    assert _choose(schedule, "python reptile leather wallet", words)[0] == "4202313000"


def test_value_splits_are_reported_not_guessed(words: Vocabulary) -> None:
    banded = _schedule(
        "960330",
        "Artists' brushes, writing brushes and similar brushes for the application of cosmetics",
        {
            "9603302000": "Valued not over 5¢ each",
            "9603304000": "Valued over 5¢ but not over 10¢ each",
            "9603306000": "Valued over 10¢ each",
        },
    )
    code, reason = _choose(banded, "makeup brush set", words)
    assert code == "9603306000"
    assert "value, size or content the title does not state" in reason
    assert "Valued not over 5¢ each" in reason
    with_residual = _schedule(
        "711311",
        "Of silver",
        {"7113112000": "Valued not over $18 per dozen pieces or parts", "7113115000": "Other"},
    )
    code, reason = _choose(with_residual, "sterling silver pendant necklace", words)
    assert code == "7113115000"
    assert "Valued not over $18 per dozen" in reason


def test_one_line_needs_no_choice(words: Vocabulary) -> None:
    schedule = _schedule("481730", "Boxes", {"4817300000": "Boxes, pouches and wallets"})
    code, reason = _choose(schedule, "paper gift box", words)
    assert code == "4817300000" and "only declarable line" in reason


@pytest.mark.parametrize(
    ("title", "hs6", "national"),
    [
        ("20000mAh power bank with USB-C", "850760", "8507600020"),
        ("men's 100% cotton knitted crew-neck t-shirt", "610910", "6109100012"),
        ("boys 100% cotton knitted crew-neck t-shirt", "610910", "6109100014"),
        ("women's cotton knit t-shirt", "610910", "6109100040"),
    ],
)
def test_classify_shows_the_chosen_us_line(title: str, hs6: str, national: str) -> None:
    best = cc.classify(title, destination="US", limit=1).candidates[0]
    assert (best.hs6, best.national_code) == (hs6, national)
    assert any("national line chosen" in reason for reason in best.reasons)
