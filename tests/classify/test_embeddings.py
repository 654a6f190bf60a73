"""The optional hybrid method (embeddings extra): off by default, guarded, offline, fresh vectors.

Tests marked with the ``model`` fixture need wordllama (``pip install -e ".[embeddings]"``) and
skip cleanly without it; the others run in every installation.
"""

from __future__ import annotations

import logging
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cbec_compliance as cc
from cbec_compliance.classify import embeddings
from cbec_compliance.classify.index import index
from cbec_compliance.classify.schema import check_vectors
from cbec_compliance.errors import InvalidInputError, RuleDataError, UnsupportedError
from cbec_compliance.rules import get_pack

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def model() -> Any:
    """The wordllama module; skips the test when the embeddings extra is not installed."""
    return pytest.importorskip("wordllama")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any attempt to resolve or connect fails and is recorded."""
    attempts: list[str] = []

    def refuse(*arguments: object, **keywords: object) -> Any:
        attempts.append(repr(arguments[:2]))
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


def test_unknown_method_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="method must be one of bm25, hybrid"):
        cc.classify("cotton t-shirt", method="semantic")


def test_hybrid_without_the_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)
    with pytest.raises(UnsupportedError, match=r"pip install \"cbec-compliance\[embeddings\]\""):
        cc.classify("cotton t-shirt", method="hybrid")


def test_default_method_does_not_load_the_model() -> None:
    if "wordllama" in sys.modules:
        pytest.skip("wordllama was already imported by an earlier test in this process")
    default = cc.classify("women's knitted cotton dress", destination="US", on="2025-06-01")
    explicit = cc.classify(
        "women's knitted cotton dress", destination="US", on="2025-06-01", method="bm25"
    )
    assert default.to_dict() == explicit.to_dict()
    assert "wordllama" not in sys.modules


def test_vector_pack_matches_the_index_codes() -> None:
    codes = tuple(row["code"] for _, row in get_pack(embeddings.PACK_ID).table_rows("codes.csv"))
    assert codes == index().codes
    check_vectors(get_pack(embeddings.PACK_ID))


def test_truncated_vectors_are_rejected(user_rules: Path) -> None:
    copy = user_rules / "classify" / "vectors"
    shutil.copytree(PROJECT / "rules" / "classify" / "vectors", copy)
    data = (copy / "vectors.f16").read_bytes()
    (copy / "vectors.f16").write_bytes(data[:-2])
    with pytest.raises(RuleDataError, match=r"rerun scripts/build_classify_vectors\.py"):
        check_vectors(get_pack(embeddings.PACK_ID))


def test_model_loads_from_the_package_without_network(
    model: Any, no_network: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(embeddings, "_model_cache", [])
    root = logging.getLogger()
    handlers = list(root.handlers)
    vectors = embeddings.embed(["cotton t-shirt", "lithium-ion power bank"])
    assert vectors.shape == (2, embeddings.DIMENSIONS)
    assert no_network == []
    assert list(root.handlers) == handlers  # wordllama's logging.basicConfig is undone


def test_vectors_are_not_stale(model: Any) -> None:
    codes, texts = embeddings.document_texts()
    recorded = get_pack(embeddings.PACK_ID).content.vectors  # type: ignore[attr-defined]
    assert embeddings.texts_digest(codes, texts) == recorded.texts_sha256, (
        "the subheading texts changed; rerun scripts/build_classify_vectors.py"
    )


def test_similarity_follows_meaning(model: Any, no_network: list[str]) -> None:
    found = index()
    similarity = embeddings.similarities("rechargeable lithium-ion power bank battery")
    battery = similarity[found.position["850760"]]
    shirt = similarity[found.position["610910"]]
    assert battery > shirt + 0.1
    assert no_network == []


def test_hybrid_ranks_and_explains(model: Any, no_network: list[str]) -> None:
    result = cc.classify(
        "men's 100% cotton knitted crew-neck t-shirt",
        destination="US",
        on="2025-06-01",
        method="hybrid",
    )
    best = result.candidates[0]
    assert best.hs6 == "610910"
    assert any(reason.startswith("meaning similarity") for reason in best.reasons)
    batch = cc.classify_many(["men's cotton t-shirt"], method="hybrid")
    assert batch[0].candidates[0].hs6 == "610910"
    assert no_network == []


def test_hybrid_keeps_bm25_ranking_for_chinese_text(model: Any) -> None:
    title = "男士纯棉针织圆领短袖T恤"
    hybrid = cc.classify(title, method="hybrid")
    plain = cc.classify(title)
    assert [c.hs6 for c in hybrid.candidates] == [c.hs6 for c in plain.candidates]
    assert any("Chinese characters" in note for note in hybrid.notes)
