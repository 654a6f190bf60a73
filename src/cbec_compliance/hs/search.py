"""A first text search over HS descriptions: BM25 over each subheading and its ancestors.

Each 6-digit subheading is a document made of its own description (weight 3), its heading's
(weight 2) and its chapter's (weight 1). Queries and documents are tokenised the same way
(lower case, hyphenated words joined and split, light plural stemming). Every query term that
matches contributes; multi-word queries rank subheadings that match more of the words higher.
Classification with explanations and abstention is a separate, richer module.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from cbec_compliance.errors import InvalidInputError
from cbec_compliance.hs.editions import validate_edition
from cbec_compliance.hs.nomenclature import Nomenclature, nomenclature
from cbec_compliance.rules.registry import register_cache

__all__ = ["SearchHit", "search", "tokenize"]

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "not",
        "of",
        "on",
        "or",
        "other",
        "than",
        "the",
        "their",
        "them",
        "this",
        "to",
        "with",
        "without",
        "whether",
        "nes",
        "n.e.s",
        "etc",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_POSSESSIVE = re.compile(r"(\w)'s\b")
# In descriptions, words after "other than", "excluding" or "not" name what the entry is NOT.
_NEGATED = re.compile(r"\b(?:other than|excluding|not)\b[^;)]*")
_FIELD_WEIGHTS = (3.0, 2.0, 1.0)
_K1 = 1.2
_B = 0.75


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Lower-case terms of ``text``: ``"T-shirts, knitted"`` -> ``["tshirt", "t", "shirt", "knitted"]``."""
    tokens: list[str] = []
    for match in _WORD.finditer(_POSSESSIVE.sub(r"\1", text.lower())):
        word = match.group(0)
        if "-" in word:
            tokens.append(_stem(word.replace("-", "")))
            tokens.extend(_stem(part) for part in word.split("-") if part)
        elif word not in _STOPWORDS:
            tokens.append(_stem(word))
    return [token for token in tokens if token and token not in _STOPWORDS]


class SearchHit(BaseModel):
    """A ranked candidate subheading with its score and the query terms it matched."""

    model_config = ConfigDict(frozen=True)
    code: str
    edition: str
    description: str
    path: str
    score: float
    matched_terms: list[str]


@dataclass(frozen=True)
class _Index:
    codes: tuple[str, ...]
    term_frequencies: tuple[dict[str, float], ...]
    lengths: tuple[float, ...]
    average_length: float
    document_frequency: dict[str, int]


def _build(table: Nomenclature) -> _Index:
    codes: list[str] = []
    frequencies: list[dict[str, float]] = []
    lengths: list[float] = []
    document_frequency: Counter[str] = Counter()
    for entry in sorted(table.subheadings(), key=lambda item: item.code):
        chain = entry.path()[::-1]  # subheading, heading, chapter
        weighted: defaultdict[str, float] = defaultdict(float)
        for weight, node in zip(_FIELD_WEIGHTS, chain, strict=False):
            for token in tokenize(_NEGATED.sub(" ", node.description.lower())):
                weighted[token] += weight
        codes.append(entry.code)
        frequencies.append(dict(weighted))
        lengths.append(sum(weighted.values()))
        document_frequency.update(weighted.keys())
    average = sum(lengths) / len(lengths) if lengths else 1.0  # float either way
    return _Index(
        tuple(codes), tuple(frequencies), tuple(lengths), average, dict(document_frequency)
    )


_lock = threading.Lock()
_indexes: dict[str, _Index] = {}


def _index(edition: str) -> _Index:
    with _lock:
        if edition not in _indexes:
            _indexes[edition] = _build(nomenclature(edition))
        return _indexes[edition]


def _clear_indexes() -> None:
    with _lock:
        _indexes.clear()


register_cache(_clear_indexes)


def search(query: str, limit: int = 10, edition: str = "HS2022") -> list[SearchHit]:
    """Subheadings of ``edition`` ranked by BM25 relevance to ``query`` (best first).

    Returns an empty list when no word of the query occurs in the nomenclature.
    """
    if not isinstance(query, str):
        raise InvalidInputError(f"query must be a string, got {type(query).__name__}")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 1000:
        raise InvalidInputError(f"limit must be an integer from 1 to 1000, got {limit!r}")
    name = validate_edition(edition)
    terms = list(dict.fromkeys(tokenize(query)))
    if not terms:
        if query.strip():
            raise InvalidInputError(
                f"query {query!r} has no searchable words; describe the goods in English words"
            )
        raise InvalidInputError("query is empty; describe the goods, such as 'cotton t-shirt'")
    index = _index(name)
    total = len(index.codes)
    weights = {
        term: math.log(
            1
            + (total - index.document_frequency[term] + 0.5)
            / (index.document_frequency[term] + 0.5)
        )
        for term in terms
        if term in index.document_frequency
    }
    scored: list[tuple[float, str, list[str]]] = []
    for position, frequencies in enumerate(index.term_frequencies):
        score = 0.0
        matched: list[str] = []
        norm = _K1 * (1 - _B + _B * index.lengths[position] / index.average_length)
        for term, weight in weights.items():
            frequency = frequencies.get(term)
            if frequency:
                score += weight * frequency * (_K1 + 1) / (frequency + norm)
                matched.append(term)
        if score > 0:
            scored.append((score, index.codes[position], matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    table = nomenclature(name)
    hits = []
    for score, code, matched in scored[:limit]:
        entry = table.entries[code]
        hits.append(
            SearchHit(
                code=code,
                edition=name,
                description=entry.description,
                path=" > ".join(node.description for node in entry.path()),
                score=round(score, 4),
                matched_terms=matched,
            )
        )
    return hits
