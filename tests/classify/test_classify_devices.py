"""Devices and their accessories: "case for iPhone 12" is a case (4202), not a phone (8517)."""

import pytest

import cbec_compliance as cc
from cbec_compliance.classify import engine
from cbec_compliance.classify.engine import _Reading
from cbec_compliance.classify.index import index
from cbec_compliance.classify.vocabulary import vocabulary


def _top(text: str) -> str:
    return cc.classify(text, limit=5).candidates[0].hs6


@pytest.mark.parametrize(
    "text",
    ["case for iPhone 12", "iPhone 12 case", "Samsung Galaxy S23 Ultra cover", "AirPods case"],
)
def test_a_case_for_a_device_is_a_case(text: str) -> None:
    result = cc.classify(text, limit=5)
    assert result.candidates[0].hs6[:4] == "4202"
    assert "8517" not in {candidate.hs6[:4] for candidate in result.candidates[:3]}


def test_the_device_alone_reads_as_its_class() -> None:
    result = cc.classify("iPhone 14 Pro 128GB", limit=3)
    assert result.candidates[0].hs6 == "851713"
    assert any("device of class 'phone'" in cue for cue in result.cues)


def test_accessory_reading_is_explained() -> None:
    cues = cc.classify("case for iPhone 12").cues
    assert any("'case' (head)" in cue and "accessory phrase 'phone case'" in cue for cue in cues)
    assert any("'iphone' (tail) names the goods it is for" in cue for cue in cues)


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("replacement band for Apple Watch", "9113"),
        ("wireless charger for iPhone", "8504"),
        ("controller for PS5", "9504"),
        ("folio case for Kindle Paperwhite", "4202"),
        ("tempered glass screen protector for Galaxy S23", "7007"),
        ("cable for iPhone", "8544"),
    ],
)
def test_accessories_for_devices_go_to_their_own_heading(text: str, heading: str) -> None:
    assert _top(text)[:4] == heading


def test_a_bare_container_word_does_not_force_heading_4202() -> None:
    words = vocabulary()
    assert not words.phrases_in("case")
    assert not words.accessories_in("aluminium case", [])
    assert "4202" not in {c.hs6[:4] for c in cc.classify("aluminium case", limit=3).candidates}


def test_a_longer_written_phrase_keeps_its_reading() -> None:
    assert _top("pencil case for iPad")[:4] == "4202"
    cues = cc.classify("pencil case for iPad").cues
    assert any("'pencil case' (head)" in cue for cue in cues)
    assert not any("accessory phrase" in cue for cue in cues)


def test_a_device_named_after_for_is_not_searched_unless_a_part_is_named() -> None:
    plain = _Reading("charger for iPhone", vocabulary())
    assert "smartphone" not in plain.weights
    part = _Reading("replacement screen for iPhone", vocabulary())
    assert part.weights["smartphone"] > 0


def test_synonyms_of_a_tail_word_weigh_as_the_tail() -> None:
    head = _Reading("iPhone", vocabulary()).weights["手机"]
    tail = _Reading("screen protector for iPhone", vocabulary()).weights["手机"]
    assert head == pytest.approx(engine.SYNONYM_WEIGHT)
    assert tail == pytest.approx(engine.SYNONYM_WEIGHT * engine.TAIL_WEIGHT)


def test_every_device_class_is_a_term_and_accessories_have_hints() -> None:
    words = vocabulary()
    devices = [entry for entry in words.english.values() if entry.kind == "device"]
    assert len(devices) > 20
    for entry in devices:
        term = words.device_term(entry)
        assert term is not None and term.kind == "term", entry.phrase
        assert not entry.hints, entry.phrase
    accessories = [entry for entry in words.english.values() if words.is_accessory(entry)]
    assert len(accessories) > 50
    assert all(entry.hints for entry in accessories)


def test_the_most_specific_description_gives_the_material_of_a_subheading() -> None:
    found = index()
    assert found.attributes[found.position["420232"]]["material"] == {"plastics"}
    assert found.attributes[found.position["420231"]]["material"] == {"leather"}


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("hoverboard self balancing scooter", "8711"),
        ("disposable vape pen 5000 puffs", "8543"),
        ("dash cam front and rear 4K", "8525"),
        ("bluetooth selfie stick tripod with remote", "9620"),
        ("15W wireless charging pad Qi", "8504"),
        ("LED strip lights 5m RGB with remote", "9405"),
    ],
)
def test_modern_goods_reach_their_heading_in_the_top_five(text: str, heading: str) -> None:
    assert heading in {c.hs6[:4] for c in cc.classify(text, limit=5).candidates}
