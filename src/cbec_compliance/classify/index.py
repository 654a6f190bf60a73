"""The search index behind classification: one document per HS 2022 subheading.

A subheading's document has three fields, each ranked with BM25 (k1 = 1.2, b = 0.75):

``hs``        its own description (term weight 3), its heading's (2) and its chapter's (1);
``national``  the descriptions of every national line under it in the text sources below, with
              their ancestors (US HTS lines carry their indent chain): the vocabulary customs
              officers actually write (``T-shirts``, ``Men's``, ``Of man-made fibers``). Each
              line counts a word once; a word counts at most three times per subheading;
``zh``        character bigrams of the Chinese names of the China tariff's lines under it.

Words after "other than", "not", "excluding" are dropped from descriptions (they name what the
entry is not). A term's contribution to a document, ``sum over fields of field_weight x idf x
saturated tf``, is precomputed into the postings, so a query only adds numbers. Built on first use
and kept in memory (about 2 s and 40 MB); never written to disk.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

from cbec_compliance.classify.text import index_terms, normalize_text, strip_negated
from cbec_compliance.classify.vocabulary import vocabulary
from cbec_compliance.hs.nomenclature import nomenclature
from cbec_compliance.rules.registry import get_pack, pack_ids, register_cache

__all__ = ["EDITION", "FIELD_WEIGHTS", "TEXT_SOURCES", "Index", "index"]

EDITION = "HS2022"
# National schedules whose line descriptions enrich the subheadings (all HS 2022 based):
# (pack id, table with the descriptions, its description column). The table's codes are those of
# the pack's lines.csv, which gives each line's parent and HS6.
TEXT_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("tariffs/US/HTS2025", "lines.csv", "description"),
    ("tariffs/EU/CN2026", "lines.csv", "description"),
    ("tariffs/CN/Tariff2026", "lines_en.csv", "description_en"),
    ("tariffs/CN/Tariff2026", "lines.csv", "description"),
)
FIELD_WEIGHTS = {"hs": 1.0, "national": 0.5, "zh": 1.0}
_HS_LEVEL_WEIGHTS = (3.0, 2.0, 1.0)  # subheading, heading, chapter
_NATIONAL_CAP = 3.0
# "Parts" that only extend a list of goods ("household articles and parts thereof") do not make
# a subheading one of parts.
_PARTS_WORD = re.compile(r"\b(?:parts?|accessories)\b")
_PARTS_THEREOF = re.compile(r"\b(?:and|or) parts(?: and accessories)? thereof\b")
# BM25 term-frequency saturation (k1) and length normalisation (b): the usual defaults.
_K1 = 1.2
_B = 0.75


@dataclass(frozen=True)
class Index:
    """Postings and per-subheading facts."""

    codes: tuple[str, ...]
    position: dict[str, int]
    postings: dict[str, tuple[tuple[int, ...], tuple[float, ...]]]
    idf: dict[str, float]
    attributes: tuple[dict[str, frozenset[str]], ...]
    sources: tuple[str, ...]
    parts: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return len(self.codes)


def _is_cjk_term(term: str) -> bool:
    """True for a Chinese bigram (index terms are ASCII words or CJK bigrams)."""
    return not term.isascii()


def _national_texts() -> tuple[dict[str, list[str]], list[str]]:
    """HS6 -> national line texts (each with its ancestors below HS6), and the packs used."""
    texts: defaultdict[str, list[str]] = defaultdict(list)
    used: list[str] = []
    available = set(pack_ids("tariffs/"))
    for pack_id, table, column in TEXT_SOURCES:
        if pack_id not in available:
            continue
        pack = get_pack(pack_id)
        if table not in {item.file for item in pack.content.pack.tables}:
            continue
        lines = {row["code"]: row for _, row in pack.table_rows("lines.csv")}
        if table == "lines.csv":
            described = {code: row[column] for code, row in lines.items()}
        else:
            described = {row["code"]: row[column] for _, row in pack.table_rows(table)}
        used.append(f"{pack_id}/{table}")
        for code, row in lines.items():
            hs6 = row["hs6"]
            if not hs6 or len(code) < 6 or code not in described:
                continue
            chain = [described[code]]
            parent = row["parent"]
            while parent and len(parent) > 6 and parent in lines:
                if parent in described:
                    chain.append(described[parent])
                parent = lines[parent]["parent"]
            texts[hs6].append(" ".join(chain))
    return dict(texts), used


def is_parts_entry(subheading: str, heading: str) -> bool:
    """True when a subheading covers parts or accessories of goods, not the goods themselves.

    ``subheading`` and ``heading`` are the HS descriptions. The subheading's own words after its
    first ";" (the HS 2022 texts start with the heading's goods) must name parts or accessories,
    other than in "... and parts thereof"; or the heading itself begins with "Parts".
    """
    own = normalize_text(subheading).split(";", 1)[-1]
    if _PARTS_WORD.search(_PARTS_THEREOF.sub(" ", own)):
        return True
    return normalize_text(heading).startswith(("parts", "accessories"))


def _bm25_field(
    documents: list[dict[str, float]],
) -> tuple[dict[str, float], list[dict[str, float]]]:
    """Per-field idf and saturated, length-normalised tf of every term of every document."""
    count = len(documents)
    lengths = [sum(document.values()) for document in documents]
    non_empty = [length for length in lengths if length > 0]
    average = sum(non_empty) / len(non_empty) if non_empty else 1.0
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.keys())
    idf = {
        term: math.log(1 + (count - found + 0.5) / (found + 0.5))
        for term, found in frequency.items()
    }
    saturated: list[dict[str, float]] = []
    for document, length in zip(documents, lengths, strict=True):
        norm = _K1 * (1 - _B + _B * length / average)
        saturated.append({term: tf * (_K1 + 1) / (tf + norm) for term, tf in document.items()})
    return idf, saturated


def _build() -> Index:
    table = nomenclature(EDITION)
    words = vocabulary()
    entries = sorted(table.subheadings(), key=lambda item: item.code)
    national, used = _national_texts()
    fields: dict[str, list[dict[str, float]]] = {name: [] for name in FIELD_WEIGHTS}
    attributes: list[dict[str, frozenset[str]]] = []
    parts: set[int] = set()
    seen_texts: dict[str, frozenset[str]] = {}
    for position, entry in enumerate(entries):
        chain = entry.path()[::-1]  # subheading, heading, chapter
        if len(chain) > 1 and is_parts_entry(chain[0].description, chain[1].description):
            parts.add(position)
        weighted: defaultdict[str, float] = defaultdict(float)
        for weight, node in zip(_HS_LEVEL_WEIGHTS, chain, strict=False):
            for term in index_terms(strip_negated(normalize_text(node.description))):
                weighted[term] += weight
        fields["hs"].append(dict(weighted))
        latin: Counter[str] = Counter()
        chinese: Counter[str] = Counter()
        for text in national.get(entry.code, ()):
            terms = seen_texts.get(text)
            if terms is None:
                terms = frozenset(index_terms(strip_negated(normalize_text(text))))
                seen_texts[text] = terms
            latin.update(term for term in terms if not _is_cjk_term(term))
            chinese.update(term for term in terms if _is_cjk_term(term))
        fields["national"].append({t: min(n, _NATIONAL_CAP) for t, n in latin.items()})
        fields["zh"].append({t: min(n, _NATIONAL_CAP) for t, n in chinese.items()})
        values = words.path_values([node.description for node in reversed(chain)])
        attributes.append({name: frozenset(found) for name, found in values.items()})
    contributions: defaultdict[str, dict[int, float]] = defaultdict(dict)
    document_frequency: Counter[str] = Counter()
    for name, documents in fields.items():
        weight = FIELD_WEIGHTS[name]
        idf, saturated = _bm25_field(documents)
        for position, document in enumerate(saturated):
            for term, value in document.items():
                slot = contributions[term]
                slot[position] = slot.get(position, 0.0) + weight * idf[term] * value
    for term, slot in contributions.items():
        document_frequency[term] = len(slot)
    total = len(entries)
    global_idf = {
        term: math.log(1 + (total - found + 0.5) / (found + 0.5))
        for term, found in document_frequency.items()
    }
    postings = {
        term: (tuple(slot.keys()), tuple(slot.values())) for term, slot in contributions.items()
    }
    codes = tuple(entry.code for entry in entries)
    return Index(
        codes=codes,
        position={code: number for number, code in enumerate(codes)},
        postings=postings,
        idf=global_idf,
        attributes=tuple(attributes),
        sources=(f"hs/{EDITION}", *used),
        parts=frozenset(parts),
    )


_lock = threading.Lock()
_cache: list[Index] = []


def index() -> Index:
    """The classification index, built on first use (thread-safe) and kept in memory."""
    if _cache:
        return _cache[0]
    with _lock:
        if not _cache:
            _cache.append(_build())
        return _cache[0]


def _clear() -> None:
    with _lock:
        _cache.clear()


register_cache(_clear)
