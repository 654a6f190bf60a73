"""hs.search: BM25 over descriptions; multi-word queries rank the goods that match most words."""

import pytest

from cbec_compliance import hs
from cbec_compliance.errors import InvalidInputError


@pytest.mark.parametrize(
    ("query", "expected_top"),
    [
        ("cotton t-shirt", "610910"),
        ("men's cotton trousers", "620342"),
        ("leather handbag", "420221"),
        ("lithium battery", "850650"),
        ("smartphone", "851713"),
    ],
)
def test_multi_word_queries_rank_the_right_subheading_first(query: str, expected_top: str) -> None:
    hits = hs.search(query, limit=5)
    assert hits[0].code == expected_top, [hit.code for hit in hits]


def test_hits_are_ranked_and_explained() -> None:
    hits = hs.search("cotton t-shirt", limit=5)
    assert len(hits) == 5
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert "cotton" in hits[0].matched_terms
    assert "cotton" not in hits[1].matched_terms  # 610990 says "other than cotton"


def test_other_editions_and_limits() -> None:
    assert (
        hs.search("smartphone", edition="HS2017") == []
        or hs.search("smartphone", edition="HS2017")[0].code != "851713"
    )
    assert len(hs.search("wool", limit=3)) == 3


@pytest.mark.parametrize("query", ["", "   ", "the of and", "!!!"])
def test_empty_queries_are_refused(query: str) -> None:
    with pytest.raises(InvalidInputError):
        hs.search(query)


def test_bad_limit() -> None:
    with pytest.raises(InvalidInputError):
        hs.search("cotton", limit=0)
