"""Ranking, reasons, confidence, questions and declines on the shipped data."""

from datetime import date

import pytest

import cbec_compliance as cc
from cbec_compliance.classify import Question
from cbec_compliance.errors import InvalidInputError

ON = date(2025, 6, 1)


def test_cotton_knitted_t_shirt_with_us_line_and_reasons() -> None:
    result = cc.classify("men's 100% cotton knitted crew-neck t-shirt", destination="US", on=ON)
    best = result.candidates[0]
    assert (best.hs6, best.national_code) == ("610910", "6109100012")
    assert not result.declined
    assert best.description_path[0].startswith("Section XI")
    assert any("material matches" in reason for reason in best.reasons)
    assert any("construction matches" in reason for reason in best.reasons)
    assert best.confidence > 0.5


def test_material_moves_polyester_to_the_other_subheading() -> None:
    codes = [c.hs6 for c in cc.classify("polyester t-shirt").candidates]
    assert codes.index("610990") < codes.index("610910")


def test_construction_separates_chapters_61_and_62() -> None:
    assert cc.classify("men's cotton woven shirt").candidates[0].hs6 == "620520"
    assert cc.classify("men's cotton knitted shirt").candidates[0].hs6.startswith("6105")


def test_chinese_titles() -> None:
    assert cc.classify("男士纯棉针织圆领短袖T恤").candidates[0].hs6 == "610910"
    result = cc.classify("20000毫安充电宝 Type-C", destination="CN", on=date(2026, 6, 1))
    assert result.candidates[0].hs6 == "850760"
    assert result.candidates[0].national_code is not None
    assert result.candidates[0].national_code.startswith("85076000")


def test_words_after_with_describe_accessories() -> None:
    result = cc.classify("USB wall charger with charging cable")
    assert result.candidates[0].hs6 == "850440"


def test_confidences_are_probabilities_best_first() -> None:
    candidates = cc.classify("stainless steel kitchen knife", limit=10).candidates
    confidences = [candidate.confidence for candidate in candidates]
    assert all(0.0 <= value <= 1.0 for value in confidences)
    assert sum(confidences) <= 1.0 + 1e-6
    scores = [candidate.score for candidate in candidates]
    assert scores == sorted(scores, reverse=True)


def test_question_separates_knitted_and_woven_dresses() -> None:
    result = cc.classify("women's cotton dress")
    assert isinstance(result.question, Question)
    assert result.question.attribute == "construction"
    options = result.question.options
    assert set(options) == {"knitted", "woven"}
    assert all(code.startswith("61") for code in options["knitted"])
    assert all(code.startswith("62") for code in options["woven"])
    shown = {candidate.hs6 for candidate in result.candidates}
    assert set(options["knitted"]) & shown and set(options["woven"]) & shown
    assert "Question:" in result.explain()


def test_no_question_when_the_title_states_the_attribute() -> None:
    result = cc.classify("women's knitted cotton dress")
    assert result.question is None or result.question.attribute != "construction"


@pytest.mark.parametrize("text", ["gift", "accessories set", "", "xyzzy plugh"])
def test_vague_or_unknown_text_is_declined_with_a_reason(text: str) -> None:
    result = cc.classify(text)
    assert result.declined
    assert result.decline_reason
    assert result.best is None


def test_without_national_data_codes_stay_hs6() -> None:
    assert cc.classify("cotton t-shirt").candidates[0].national_code is None
    result = cc.classify("cotton t-shirt", destination="JP", on=ON)
    assert result.candidates[0].national_code is None
    assert any("no national lines" in note for note in result.notes)


@pytest.mark.parametrize(
    ("text", "limit"), [(None, 5), ("t-shirt", 0), ("t-shirt", 51), ("x" * 6000, 5)]
)
def test_bad_input_raises(text: object, limit: int) -> None:
    with pytest.raises(InvalidInputError):
        cc.classify(text, limit=limit)  # type: ignore[arg-type]


def test_classify_many_keeps_order_and_explain_names_codes() -> None:
    results = cc.classify_many(["cotton t-shirt", "bluetooth earbuds"])
    assert [result.candidates[0].hs6 for result in results] == ["610910", "851830"]
    assert "610910" in results[0].explain()
    assert results[1].to_dict()["candidates"][0]["hs6"] == "851830"


def test_parts_entries_are_told_from_goods_and_parts_thereof() -> None:
    from cbec_compliance.classify.index import index, is_parts_entry

    assert is_parts_entry("Electro-thermic appliances; parts", "Electric heaters ...")
    assert is_parts_entry("Cycles; parts thereof, n.e.c. in item no. 8714.9", "Parts")
    assert not is_parts_entry(
        "Steel, stainless; table, kitchen and other household articles and parts thereof",
        "Table, kitchen or other household articles, of iron or steel",
    )
    found = index()
    assert found.position["851690"] in found.parts
    assert found.position["851631"] not in found.parts


def test_a_title_naming_an_attachment_prefers_the_parts_subheading() -> None:
    plain = [c.hs6 for c in cc.classify("hair dryer").candidates]
    part = cc.classify("replacement hood attachment for hair dryer").candidates
    codes = [candidate.hs6 for candidate in part]
    assert "851690" in codes
    assert codes.index("851690") < plain.index("851690")
    parts_candidate = part[codes.index("851690")]
    assert any("part or accessory" in reason for reason in parts_candidate.reasons)


def test_a_stated_material_keeps_its_catch_all_subheadings_on_the_shortlist() -> None:
    codes = [candidate.hs6 for candidate in cc.classify("plastic hanger").candidates]
    assert "392490" in codes


def test_a_set_asks_which_item_gives_essential_character() -> None:
    result = cc.classify("10 piece screwdriver set in plastic case")
    assert result.question is not None
    assert result.question.attribute == "essential character"
    assert len(result.question.options) >= 2
    assert any("3(b)" in note for note in result.notes)
    assert cc.classify("screwdriver").question is None


def test_near_duplicates_make_way_for_other_headings(monkeypatch: pytest.MonkeyPatch) -> None:
    from cbec_compliance.classify import engine

    wide = [c.hs6[:4] for c in cc.classify("scarf", limit=5).candidates]
    monkeypatch.setattr(engine, "MAX_NEAR_DUPLICATES", 1)
    narrow = [c.hs6[:4] for c in cc.classify("scarf", limit=5).candidates]
    assert set(wide) == {"6214"}
    assert len(set(narrow)) > 1


def test_in_after_a_number_is_inches_not_a_tail() -> None:
    from cbec_compliance.classify.engine import _split_main

    assert _split_main("40 x 70 in striped cotton beach towel") == (
        "40 x 70 in striped cotton beach towel",
        "",
    )
    # a tail word before any word that names goods does not split there
    assert _split_main("2 x 16 g in plastic eggs with lid") == (
        "2 x 16 g in plastic eggs",
        " with lid",
    )
    assert _split_main("charger with cable") == ("charger", " with cable")


def test_stated_attribute_words_count_as_covered() -> None:
    # "polyester", "knit", "women's" are said by "man-made fibres", "knitted", "women's or girls'"
    result = cc.classify(
        "women's polyester polar fleece knit pajama set button-front top and pants"
    )
    assert not result.declined
    assert result.candidates[0].hs6 == "610832"


def test_pack_counts_and_sizes_are_not_goods_words() -> None:
    result = cc.classify("women's ankle socks 5 pack")
    assert not any("pack" in cue for cue in result.cues)
    assert result.candidates[0].hs6.startswith("6115")


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("men's leather upper low-top sneaker with rubber sole", "6403"),
        ("men's canvas low-top sneaker with rubber sole", "6404"),
        ("women's PVC flip flops", "6402"),
    ],
)
def test_footwear_heading_follows_the_upper(title: str, heading: str) -> None:
    assert cc.classify(title).candidates[0].hs6.startswith(heading)


def test_footwear_sole_and_ankle_choose_the_subheading() -> None:
    codes = [
        c.hs6
        for c in cc.classify("men's leather upper low-top sneaker with rubber sole").candidates
    ]
    assert codes[0] == "640399"  # not covering the ankle, sole not of leather
    leather_sole = cc.classify("men's leather oxford shoes with leather sole").candidates[0]
    assert leather_sole.hs6 == "640359"
    assert cc.classify("baby fleece booties with fabric sole").candidates[0].hs6 == "640520"


def test_footwear_question_asks_for_the_upper() -> None:
    question = cc.classify("men's sneaker with rubber sole").question
    assert question is not None and question.attribute == "upper"
    assert "640399" in question.options["leather"] or "640391" in question.options["leather"]


@pytest.mark.parametrize(
    ("title", "subheading"),
    [
        ("porcelain dinner plates set of 4", "691110"),  # tableware by its material
        ("bamboo serving tray", "441919"),
        ("aluminum cake pan", "761510"),
        ("dry shampoo spray", "330510"),
        ("queen size cotton fitted sheet", "630231"),
        ("microfiber cleaning cloth 12 pack", "630710"),
        ("car windshield cover", "630790"),
    ],
)
def test_household_cosmetic_and_made_up_textile_families(title: str, subheading: str) -> None:
    assert cc.classify(title).candidates[0].hs6 == subheading


def _codes(title: str, limit: int = 5) -> list[str]:
    return [candidate.hs6 for candidate in cc.classify(title, limit=limit).candidates]


def test_an_unstated_narrow_attribute_holds_a_subheading_back() -> None:
    # 6403.51 demands outer soles of leather: held back when the title says nothing of the sole
    codes = _codes("leather hiking boot", limit=10)
    assert codes.index("640391") < codes.index("640351")
    reasons = cc.classify("leather hiking boot", limit=10).candidates[codes.index("640351")].reasons
    assert any("does not state" in reason for reason in reasons)
    # stated, the same value is preferred
    stated = _codes("leather hiking boot with leather sole", limit=10)
    assert stated.index("640351") < stated.index("640391")


def test_the_head_segment_ends_at_a_comma_that_is_not_a_list() -> None:
    from cbec_compliance.classify.engine import _head_segment

    assert _head_segment("dog chew toy, two TPR rings") == "dog chew toy"
    assert _head_segment("nose, ear and eyebrow trimmer") == "nose, ear and eyebrow trimmer"
    assert _head_segment("red, white and blue light string") == "red, white and blue light string"


def test_the_head_noun_outranks_modifiers_and_details() -> None:
    # "rings" after the comma and "pine" before the head do not make jewellery, wood or nuts
    assert not any(code.startswith(("7113", "7117")) for code in _codes("dog chew toy, two rings"))
    codes = _codes("pine garland")
    assert codes[0].startswith("9505")
    assert not any(code.startswith(("0802", "4403")) for code in codes[:2])
    result = cc.classify("pine garland", limit=10)
    missed = [c for c in result.candidates if c.hs6.startswith(("0802", "4403"))]
    assert all(any("head of the title" in reason for reason in c.reasons) for c in missed)


def test_a_material_in_the_tail_is_a_part_not_the_goods() -> None:
    title = "men's sneaker with polyester knit upper and leather toe cap"
    result = cc.classify(title)
    assert result.candidates[0].hs6 == "640419"  # textile upper, not leather footwear
    assert any("material of a part" in cue for cue in result.cues)
    assert not any(cue.startswith("material:") for cue in result.cues)


def test_the_longest_attribute_cue_wins() -> None:
    from cbec_compliance.classify.vocabulary import vocabulary

    stated = {v.value for v, _ in vocabulary().attribute_values_in("faux leather handbag")}
    assert stated == {"plastics"}
    assert _codes("faux leather handbag")[0] == "420222"


def test_an_occasion_steers_decorative_goods_only() -> None:
    assert _codes("christmas garland")[0] == "950510"
    assert _codes("halloween costume wig")[0] == "950590"
    # the head is not decorative: a Christmas sweater stays apparel
    assert not any(code.startswith("9505") for code in _codes("christmas sweater"))
    cues = cc.classify("christmas sweater").cues
    assert any("not decorative" in cue for cue in cues)


@pytest.mark.parametrize(
    ("title", "subheading"),
    [
        ("plush polyester dog toy", "630790"),  # pet toys go by material, not 9503
        ("rubber dog chew toy", "401699"),
        ("polyester plush throw", "630140"),  # a throw is a blanket or travelling rug
        ("vinyl tote bag", "420222"),  # vinyl states plastics; tote: 4202.92 or 4202.22
    ],
)
def test_pet_throw_and_tote_families(title: str, subheading: str) -> None:
    codes = _codes(title)
    assert subheading in codes[:2]
    if "dog" in title:
        assert codes[0] != "950300"
