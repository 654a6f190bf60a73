"""The classification vocabulary: every ``classification-vocabulary`` pack under ``rules/classify``.

Loaded on first use and merged: seller phrases with their tariff terms and HS hints, marketing
noise, vague words, attribute cues, and synonym groups. Matching a title against it is pure.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from cbec_compliance.classify.schema import ClassificationVocabularyPack, split_cell
from cbec_compliance.classify.text import normalize_text, strip_negated, words
from cbec_compliance.rules.registry import get_pack, pack_ids, register_cache

__all__ = [
    "AttributeValue",
    "Match",
    "Vocabulary",
    "VocabularyEntry",
    "vocabulary",
]

PREFIX = "classify/"


@dataclass(frozen=True, slots=True)
class VocabularyEntry:
    """A seller phrase: what it adds to the query (``terms``) and which codes it points to."""

    phrase: str
    language: str
    kind: str
    terms: str
    hints: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class AttributeValue:
    """One value of an attribute (``material`` = ``cotton``) with its cues."""

    attribute: str
    value: str
    label: str
    query_words: tuple[tuple[str, ...], ...]
    query_substrings: tuple[str, ...]
    path_patterns: tuple[re.Pattern[str], ...]
    negated_patterns: tuple[re.Pattern[str], ...]
    source: str
    hold_back_if_unstated: bool = False

    def in_path(self, text: str, without_negated: str) -> bool:
        """True when a (lower-case) description says the goods are of this value."""
        if any(pattern.search(text) for pattern in self.negated_patterns):
            return True
        return any(pattern.search(without_negated) for pattern in self.path_patterns)


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found in a title: the entry (or attribute value) and where."""

    start: int
    end: int
    text: str


def _pattern(term: str) -> re.Pattern[str]:
    escaped = re.escape(term.lower())
    return re.compile(rf"(?<![\w']){escaped}(?![\w])")


def _any_of(terms: list[str]) -> tuple[re.Pattern[str], ...]:
    """One pattern matching any of ``terms`` as whole words (empty tuple for no terms)."""
    if not terms:
        return ()
    alternatives = "|".join(
        re.escape(term.lower()) for term in sorted(terms, key=len, reverse=True)
    )
    return (re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w])"),)


@dataclass
class Vocabulary:
    """Merged vocabulary of every classification pack."""

    english: dict[tuple[str, ...], VocabularyEntry]
    chinese: dict[str, VocabularyEntry]
    attributes: tuple[AttributeValue, ...]
    synonyms: dict[str, tuple[str, ...]]
    longest_phrase: int
    material_articles: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    device_classes: frozenset[str] = frozenset()
    # (attribute, value) pairs marked "hold back" when a title does not state them
    hold_back_values: frozenset[tuple[str, str]] = frozenset()
    # (attribute, value) -> the label messages show ("of cotton")
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    _class_words: tuple[tuple[str, ...], ...] = ()
    _text_values: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)

    def phrases_in(self, title: str) -> list[tuple[VocabularyEntry, Match]]:
        """Vocabulary phrases found in ``title``; a phrase inside a longer found one is dropped."""
        found: list[tuple[VocabularyEntry, Match]] = []
        sequence = words(title)
        for start in range(len(sequence)):
            for length in range(min(self.longest_phrase, len(sequence) - start), 0, -1):
                key = tuple(sequence[start : start + length])
                entry = self.english.get(key)
                if entry is not None:
                    found.append((entry, Match(start, start + length, " ".join(key))))
        text = normalize_text(title)
        offset = len(sequence) + 1  # Chinese spans live after the English word positions
        for phrase, entry in self.chinese.items():
            position = text.find(phrase)
            while position >= 0:
                found.append(
                    (entry, Match(offset + position, offset + position + len(phrase), phrase))
                )
                position = text.find(phrase, position + 1)
        return _outermost(found)

    def device_term(self, entry: VocabularyEntry) -> VocabularyEntry | None:
        """The ``term`` entry a device reads as alone: its class ("iphone" -> "phone")."""
        if entry.kind != "device":
            return entry if entry.kind == "term" else None
        found = self.english.get(tuple(words(entry.terms)))
        return found if found is not None and found.kind == "term" else None

    def device_class(self, entry: VocabularyEntry) -> str | None:
        """The device class an entry names: a device's ``terms``, or a term that is a class."""
        if entry.kind == "device":
            return entry.terms
        if entry.kind == "term" and entry.phrase in self.device_classes:
            return entry.phrase
        return None

    def is_accessory(self, entry: VocabularyEntry) -> bool:
        """True for a phrase that begins with a device class and goes on ("phone case")."""
        phrase = tuple(words(entry.phrase))
        return entry.kind == "term" and any(
            len(phrase) > len(prefix) and phrase[: len(prefix)] == prefix
            for prefix in self._class_words
        )

    def accessories_in(
        self, title: str, classes: Iterable[str]
    ) -> list[tuple[VocabularyEntry, Match]]:
        """Accessory phrases: a device class joined to words of ``title``.

        With the class "phone", the word "case" reads as the phrase "phone case" ("case for
        iPhone 12", "iPhone 12 case"). Matches cover the title's words only; longest wins.
        """
        sequence = words(title)
        found: list[tuple[VocabularyEntry, Match]] = []
        for device_class in dict.fromkeys(classes):
            prefix = tuple(words(device_class))
            room = self.longest_phrase - len(prefix)
            for start in range(len(sequence)):
                for length in range(min(room, len(sequence) - start), 0, -1):
                    entry = self.english.get(prefix + tuple(sequence[start : start + length]))
                    if entry is not None and entry.kind == "term":
                        text = " ".join(sequence[start : start + length])
                        found.append((entry, Match(start, start + length, text)))
                        break
        return _outermost(found)

    def attribute_values_in(self, title: str) -> list[tuple[AttributeValue, str]]:
        """Attribute values the title states, with the word that states each.

        The longest cue wins: a cue inside a longer cue of another value of the same attribute
        does not count ("faux leather" states plastics, not leather).
        """
        sequence = words(title)
        joined = " " + " ".join(sequence) + " "
        text = normalize_text(title)
        spans: list[tuple[AttributeValue, str, int, int]] = []
        for value in self.attributes:
            for item in value.query_words:
                cue = " ".join(item)
                start = joined.find(f" {cue} ")
                while start >= 0:
                    spans.append((value, cue, start + 1, start + 1 + len(cue)))
                    start = joined.find(f" {cue} ", start + 1)
        found: list[tuple[AttributeValue, str]] = []
        for value in self.attributes:
            own = [
                (cue, start, end)
                for other, cue, start, end in spans
                if other is value
                and not any(
                    longer.attribute == value.attribute
                    and longer is not value
                    and longer_start <= start
                    and end <= longer_end
                    and longer_end - longer_start > end - start
                    for longer, _, longer_start, longer_end in spans
                )
            ]
            cue_found = min(own, key=lambda item: item[1])[0] if own else None
            if cue_found is None:
                cue_found = next((item for item in value.query_substrings if item in text), None)
            if cue_found is not None:
                found.append((value, cue_found))
        return found

    def synonyms_in(self, title: str) -> list[tuple[str, tuple[str, ...]]]:
        """Synonym groups (word found, group words) whose words occur in the title."""
        text = normalize_text(title)
        found: list[tuple[str, tuple[str, ...]]] = []
        seen: set[tuple[str, ...]] = set()
        for word in sorted(self.synonyms, key=len, reverse=True):
            if word in text and (not word.isascii() or _pattern(word).search(text)):
                group = self.synonyms[word]
                if group not in seen:
                    seen.add(group)
                    found.append((word, group))
        return found

    def path_values(self, texts: list[str]) -> dict[str, set[str]]:
        """Attribute -> values stated by description texts ordered general to specific.

        For each attribute the most specific text that states any value decides: a subheading
        "of cotton" under a heading listing "leather, plastics, paperboard" is of cotton.
        """
        values: dict[str, set[str]] = {}
        for text in reversed(texts):
            for attribute, found in self._stated_by(text).items():
                if attribute not in values:
                    values[attribute] = set(found)
        return values

    def _stated_by(self, text: str) -> dict[str, frozenset[str]]:
        cached = self._text_values.get(text)
        if cached is None:
            raw = normalize_text(text)
            clean = strip_negated(raw)
            level: dict[str, set[str]] = {}
            for value in self.attributes:
                if value.in_path(raw, clean):
                    level.setdefault(value.attribute, set()).add(value.value)
            cached = {name: frozenset(found) for name, found in level.items()}
            if len(self._text_values) < 200_000:
                self._text_values[text] = cached
        return cached


def _outermost(
    found: list[tuple[VocabularyEntry, Match]],
) -> list[tuple[VocabularyEntry, Match]]:
    kept: list[tuple[VocabularyEntry, Match]] = []
    for entry, match in sorted(
        found, key=lambda item: (item[1].start - item[1].end, item[1].start)
    ):
        inside = any(other.start <= match.start and match.end <= other.end for _, other in kept)
        if not inside:
            kept.append((entry, match))
    return sorted(kept, key=lambda item: item[1].start)


def _is_chinese(text: str) -> bool:
    return any("\u3400" <= character <= "\u9fff" for character in text)


def _read() -> Vocabulary:
    english: dict[tuple[str, ...], VocabularyEntry] = {}
    chinese: dict[str, VocabularyEntry] = {}
    attributes: list[AttributeValue] = []
    groups: dict[str, list[str]] = {}
    material_articles: dict[tuple[str, str], tuple[str, ...]] = {}
    for pack_id in pack_ids(PREFIX):
        pack = get_pack(pack_id)
        if pack.content.pack.kind != ClassificationVocabularyPack.kind_name:
            continue  # other kinds under classify/ (the embedding vectors) are read elsewhere
        content = pack.content_as(ClassificationVocabularyPack)
        tables = {table.file for table in content.pack.tables}
        if "vocabulary.csv" in tables:
            for _, row in pack.table_rows("vocabulary.csv"):
                entry = VocabularyEntry(
                    row["phrase"],
                    row["language"],
                    row["kind"],
                    row["terms"],
                    tuple(split_cell(row["hs_hint"])),
                    row["source"],
                )
                if row["language"] == "zh":
                    chinese[normalize_text(row["phrase"])] = entry
                else:
                    key = tuple(words(row["phrase"]))
                    if key:
                        english[key] = entry
        if "attributes.csv" in tables:
            for _, row in pack.table_rows("attributes.csv"):
                terms = split_cell(row["query_terms"])
                path_terms = [term.lower() for term in split_cell(row["path_terms"])]
                attributes.append(
                    AttributeValue(
                        attribute=row["attribute"],
                        value=row["value"],
                        label=row["label"],
                        query_words=tuple(
                            tuple(words(term)) for term in terms if not _is_chinese(term)
                        ),
                        query_substrings=tuple(
                            normalize_text(term) for term in terms if _is_chinese(term)
                        ),
                        path_patterns=_any_of(
                            [t for t in path_terms if not t.startswith(("not ", "other than "))]
                        ),
                        negated_patterns=_any_of(
                            [t for t in path_terms if t.startswith(("not ", "other than "))]
                        ),
                        source=row["source"],
                        hold_back_if_unstated=row["if_unstated"] == "hold back",
                    )
                )
        if "material_articles.csv" in tables:
            for _, row in pack.table_rows("material_articles.csv"):
                key = (row["attribute"], row["value"])
                codes = material_articles.get(key, ()) + tuple(split_cell(row["hs_codes"]))
                material_articles[key] = tuple(dict.fromkeys(codes))
        if "synonyms.csv" in tables:
            for _, row in pack.table_rows("synonyms.csv"):
                groups.setdefault(f"{pack_id}#{row['group']}", []).append(
                    normalize_text(row["word"])
                )
    synonyms: dict[str, tuple[str, ...]] = {}
    for members in groups.values():
        group = tuple(dict.fromkeys(members))
        for word in group:
            if len(word) >= 2 and word not in synonyms:
                synonyms[word] = group
    longest = max((len(key) for key in english), default=1)
    classes = frozenset(entry.terms for entry in english.values() if entry.kind == "device")
    return Vocabulary(
        english,
        chinese,
        tuple(attributes),
        synonyms,
        longest,
        material_articles=material_articles,
        device_classes=classes,
        hold_back_values=frozenset(
            (value.attribute, value.value) for value in attributes if value.hold_back_if_unstated
        ),
        labels={(value.attribute, value.value): value.label for value in attributes},
        _class_words=tuple(tuple(words(name)) for name in sorted(classes)),
    )


_lock = threading.Lock()
_cache: list[Vocabulary] = []


def vocabulary() -> Vocabulary:
    """The merged vocabulary, read on first use (thread-safe)."""
    if _cache:
        return _cache[0]
    with _lock:
        if not _cache:
            _cache.append(_read())
        return _cache[0]


def _clear() -> None:
    with _lock:
        _cache.clear()


register_cache(_clear)
