"""hs.lookup across HS2012, HS2017 and HS2022 (descriptions: UN Comtrade H4/H5/H6)."""

from datetime import date

import pytest

from cbec_compliance import hs
from cbec_compliance.errors import InvalidHsCodeError, UnknownEditionError, UnknownHsCodeError


def test_subheading_entry_has_hierarchy() -> None:
    entry = hs.lookup("6109.10", edition="HS2022")
    assert entry.code == "610910"
    assert entry.level == 6
    assert entry.parent == "6109"
    assert entry.section == "XI"
    assert "cotton" in entry.description
    assert [node.code for node in entry.path()] == ["61", "6109", "610910"]
    assert entry.section_description.startswith("Textiles")
    assert entry.children() == []


def test_chapter_and_heading_children() -> None:
    chapter = hs.lookup("85")
    assert chapter.level == 2 and chapter.parent is None and chapter.section == "XVI"
    headings = [child.code for child in chapter.children()]
    assert "8517" in headings and "8549" in headings
    assert [child.code for child in hs.lookup("8517").children()][:3] == [
        "851711",
        "851713",
        "851714",
    ]


@pytest.mark.parametrize(
    ("edition", "code", "exists"),
    [
        ("HS2022", "851713", True),  # smartphones: new in HS2022
        ("HS2017", "851713", False),
        ("HS2017", "851712", True),  # telephones for cellular networks, split in HS2022
        ("HS2022", "851712", False),
        ("HS2022", "854921", True),  # e-waste heading 85.49, new in HS2022
        ("HS2012", "854231", True),
        ("HS2017", "962000", True),  # monopods and tripods: new in HS2017
        ("HS2012", "962000", False),
    ],
)
def test_codes_exist_only_in_their_editions(edition: str, code: str, exists: bool) -> None:
    if exists:
        assert hs.lookup(code, edition=edition).edition == edition
    else:
        with pytest.raises(UnknownHsCodeError, match=code):
            hs.lookup(code, edition=edition)


def test_counts_per_edition() -> None:
    # WCO editions without the Comtrade-only chapter 99: HS2022 has 5,612 subheadings.
    counts = {
        name: len(hs.nomenclature(name).subheadings()) for name in ("HS2012", "HS2017", "HS2022")
    }
    assert counts == {"HS2012": 5205, "HS2017": 5387, "HS2022": 5612}


def test_on_date_picks_edition_in_force() -> None:
    assert hs.lookup("851712", on=date(2019, 5, 1)).edition == "HS2017"
    assert hs.edition_in_force(date(2027, 12, 31)) == "HS2022"
    assert hs.edition_in_force(date(2028, 1, 1)) == "HS2028"


def test_unknown_code_names_nearest() -> None:
    with pytest.raises(UnknownHsCodeError, match="nearest codes: 851711, 851713"):
        hs.lookup("851712", edition="HS2022")


def test_national_line_is_not_an_hs_entry() -> None:
    with pytest.raises(InvalidHsCodeError, match="610910"):
        hs.lookup("6109100010")


def test_hs2028_slot_without_data_says_how_to_add_it() -> None:
    with pytest.raises(UnknownEditionError, match="HS2028"):
        hs.lookup("610910", edition="HS2028")
    with pytest.raises(UnknownEditionError, match="HS1999"):
        hs.lookup("610910", edition="HS1999")


def test_lookup_errors_are_lookup_errors() -> None:
    with pytest.raises(LookupError):
        hs.lookup("999999")
