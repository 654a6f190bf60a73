"""The classification vocabulary packs and matching titles against them."""

import pytest

from cbec_compliance.classify.vocabulary import vocabulary
from cbec_compliance.hs import lookup


def test_every_hint_is_an_hs2022_code() -> None:
    words = vocabulary()
    entries = [*words.english.values(), *words.chinese.values()]
    assert len(entries) > 300
    for entry in entries:
        for hint in entry.hints:
            assert lookup(hint, edition="HS2022").code == hint, entry.phrase
        assert entry.source


def test_longest_phrase_wins_and_noise_is_kept_apart() -> None:
    found = [
        (entry.phrase, entry.kind)
        for entry, _ in vocabulary().phrases_in("free shipping face mask sheet")
    ]
    assert found == [("free shipping", "noise"), ("face mask sheet", "term")]


def test_attribute_cues_in_english_and_chinese() -> None:
    stated = {
        (value.attribute, value.value)
        for value, _ in vocabulary().attribute_values_in("women's knit polyester top")
    }
    assert stated == {
        ("gender", "women"),
        ("construction", "knitted"),
        ("material", "man-made fibres"),
    }
    chinese = {
        (value.attribute, value.value)
        for value, _ in vocabulary().attribute_values_in("男士纯棉针织T恤")
    }
    assert chinese == {("gender", "men"), ("material", "cotton"), ("construction", "knitted")}


def test_latin_synonyms_match_whole_words_only() -> None:
    words = vocabulary()
    assert not any("pe" in group for _, group in words.synonyms_in("Type-C cable"))
    assert any(word == "充电宝" for word, _ in words.synonyms_in("20000毫安充电宝"))


def test_most_specific_description_decides_an_attribute() -> None:
    values = vocabulary().path_values(
        [
            "Articles of leather; handbags",
            "Cases; with outer surface of leather, plastics, textile materials or paperboard",
            "Cases; with outer surface of sheeting of plastics",
        ]
    )
    assert values["material"] == {"plastics"}
    woven = vocabulary().path_values(
        ["Shirts; men's or boys', of cotton (not knitted or crocheted)"]
    )
    assert woven == {"construction": {"woven"}, "material": {"cotton"}, "gender": {"men"}}


def test_pack_with_an_unknown_table_is_rejected() -> None:
    from pydantic import ValidationError

    from cbec_compliance.classify.schema import ClassificationVocabularyPack

    header = {
        "id": "classify/x",
        "kind": "classification-vocabulary",
        "title": "bad pack",
        "licence": "CC0",
        "valid_from": "2024-01-01",
        "sources": [{"title": "own", "url": "https://example.org/", "retrieved": "2024-01-01"}],
        "tables": [{"file": "words.csv", "columns": ["phrase"]}],
    }
    with pytest.raises(ValidationError, match=r"words\.csv"):
        ClassificationVocabularyPack.model_validate({"pack": header})


def test_narrow_values_are_held_back_when_unstated() -> None:
    held = vocabulary().hold_back_values
    assert ("sport", "sports") in held and ("material", "leather") in held
    assert ("material", "cotton") not in held


def test_occasion_rows_carry_a_hint() -> None:
    occasions = [entry for entry in vocabulary().english.values() if entry.kind == "occasion"]
    assert occasions and all(entry.hints for entry in occasions)
