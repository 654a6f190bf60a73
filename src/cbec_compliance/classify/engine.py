"""Ranking HS 2022 subheadings for a product text, with reasons, confidence, question, decline.

Pure over the index (:mod:`.index`), the vocabulary (:mod:`.vocabulary`) and, for a
destination, the national lines (:mod:`.national`). The steps:

1. read the title: vocabulary phrases (seller words -> tariff terms and HS hints), marketing
   noise (dropped), vague words, attribute cues (material, construction, gender, power) and
   synonym groups;
2. score every subheading by BM25 over its fields for the title's own terms (weight 1, or
   ``TAIL_WEIGHT`` after "with", "for" ...), the tariff terms of the phrases found (by role,
   ``ROLE_WEIGHTS``) and synonym-group terms (``SYNONYM_WEIGHT``);
3. adjust: a subheading under a hinted code is boosted (by role); for each attribute the
   title states, a subheading whose HS description states the same value is boosted
   (``ATTRIBUTE_BOOST``) and one that states only other values is penalised
   (``ATTRIBUTE_PENALTY``); one that says nothing of it is left alone;
4. confidence: softmax of the adjusted scores of the top ``SOFTMAX_POOL`` relative to the best,
   with temperature ``TEMPERATURE``, times the best candidate's coverage of the title's terms
   raised to ``COVERAGE_POWER`` (see docs/classification.md for how these were set);
5. decline when the title is empty of content, nothing matches, or the best coverage or
   confidence is too low; ask a question when close candidates differ in a nameable attribute.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from cbec_compliance.classify.index import EDITION, Index, index
from cbec_compliance.classify.model import Candidate, ClassificationResult, Question
from cbec_compliance.classify.national import NationalSchedule, choose_line, schedule_for
from cbec_compliance.classify.text import has_cjk, index_terms, normalize_text, words
from cbec_compliance.classify.vocabulary import Match, Vocabulary, VocabularyEntry, vocabulary
from cbec_compliance.dates import as_date
from cbec_compliance.errors import CbecError, InvalidInputError, UnsupportedError
from cbec_compliance.hs.nomenclature import nomenclature

__all__ = ["classify", "classify_many"]

# A title's words after "with", "for", "in" ... describe parts, accessories or uses, not the goods.
# "in" right after a number is the unit inch ("40 x 70 in striped towel"), not a tail.
_TAIL = re.compile(
    r"\s(?:with|w/|for|(?<![0-9]\s)in|on|including|incl\.?|plus|containing|featuring)\s"
)
# A word of three letters or more (or a Chinese character) names goods; "2 x 16 g" does not.
_NAMES_GOODS = re.compile(r"[a-z]{3,}|[\u3400-\u9fff]")

# The weights, boosts and thresholds below were set by hand on the tune half of the development
# set (benchmarks/classification/dev_rulings.csv; the check half only measures them), except
# TEMPERATURE and COVERAGE_POWER, chosen by the Brier score of the top-1 confidence (see
# docs/classification.md, "Confidence"). Changing one changes the measured accuracy.

# Weight of a title word in its tail (after "with", "for" ...): it describes parts or uses.
TAIL_WEIGHT = 0.5
# Vocabulary phrase roles: (weight of its tariff terms, boost of its hinted codes). The head is
# the last phrase before the tail ("power bank" in "20000mAh power bank with USB-C"); phrases
# before it are modifiers ("iPhone" in "iPhone case").
ROLE_WEIGHTS = {"head": (0.8, 1.6), "modifier": (0.4, 1.1), "tail": (0.3, 1.0)}
# Weight of the other words of a synonym group found in the title.
SYNONYM_WEIGHT = 0.35
# A subheading whose description states the title's attribute value / only other values.
ATTRIBUTE_BOOST = 1.15
ATTRIBUTE_PENALTY = 0.7
# Confidence: softmax over this many best adjusted scores, relative to the best, at this
# temperature, times the best candidate's coverage of the title to this power.
SOFTMAX_POOL = 10
TEMPERATURE = 0.12
COVERAGE_POWER = 0.5
# Decline when the best candidate covers less of the title, or is less confident, than these.
MIN_COVERAGE = 0.15
MIN_CONFIDENCE = 0.08
# A question is asked when candidates among the best QUESTION_POOL score within this share of
# the best.
CLOSE_RATIO = 0.85
QUESTION_POOL = 5
# A title naming a part or accessory ("hood attachment for a hair dryer"): the goods it belongs to
# (after "for") count nearly in full, and subheadings of parts are preferred; without such a word
# subheadings of parts are slightly held back (a "hair dryer" is not its parts).
_PARTS_CUE = re.compile(
    r"\b(?:parts?|attachments?|accessory|accessories|replacement|spares?|components?)\b"
)
PARTS_TAIL_WEIGHT = 0.8
PARTS_BOOST = 1.3
NOT_PARTS_FACTOR = 0.9
# A title stating a material keeps that material's catch-all subheadings (3924.90 household
# articles of plastics, 7326.90 other articles of iron or steel ...) on the shortlist at at least
# this share of the best score: generic goods of one material are classified there.
MATERIAL_ARTICLES_FLOOR = 0.6
# Shown candidates that the title cannot tell apart (same heading, same matched words, scores
# within 3%), at most: further near-duplicates make way for other headings.
MAX_NEAR_DUPLICATES = 4
NEAR_DUPLICATE_RATIO = 0.97
# GRI 3(b): goods put up in sets for retail sale go by the item giving essential character.
_SET_CUE = re.compile(r"\b(?:sets?|kits?|\d+\s*(?:-\s*)?(?:piece|pieces|pc|pcs))\b")
# The goods are the head of the title: the last vocabulary phrase (or, without one, the last word)
# of its head segment, the main part up to a comma that starts details ("dog chew toy, two TPR
# rings ..."); a comma inside a list ("nose, ear and eyebrow trimmer") does not end it. A
# candidate that matches neither the head's words nor its tariff terms nor its hints is held back
# when some candidate does.
HEAD_MISS_FACTOR = 0.8
HEAD_POOL = 50
# A subheading demanding only narrow values of an attribute the title does not state (sports
# footwear, of leather: attributes.csv rows marked "hold back") is held back: the general
# "other" subheading does not need an unstated fact.
UNSTATED_FACTOR = 0.7
# Attributes of the goods as a whole: a value named only in the tail describes a part ("sneaker
# with leather toe cap", "knife with wooden handle"), so it is not the goods' own.
GOODS_ATTRIBUTES = frozenset({"material"})
# An occasion word ("christmas") with a decorative head (a phrase hinting 9505: "garland")
# boosts the occasion's hints as a head does.
DECORATIVE_HINT = "9505"
# Input limits: a title or short description, and how many candidates may be asked for.
MAX_TEXT = 5000
MAX_LIMIT = 50
# method="hybrid" (optional ``embeddings`` extra): each BM25 candidate's adjusted score gains
# HYBRID_WEIGHT x best score x the z-score of its cosine similarity to the title among the
# candidates (see :mod:`.embeddings` and docs/decisions/0004-optional-embeddings.md).
METHODS = ("bm25", "hybrid")
HYBRID_WEIGHT = 0.1


def _checked_text(text: object, limit: object) -> str:
    """``text`` when it is a string of at most ``MAX_TEXT`` characters and ``limit`` is valid."""
    if not isinstance(text, str):
        raise InvalidInputError(f"product text must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise InvalidInputError(
            f"product text has {len(text)} characters; give at most {MAX_TEXT} (a title or a "
            "short description)"
        )
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInputError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {limit!r}")
    return text


def _check_method(method: object) -> str:
    """``method`` when it is one of ``METHODS`` and, for hybrid, the extra is installed."""
    if not isinstance(method, str) or method not in METHODS:
        raise InvalidInputError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if method == "hybrid":
        from cbec_compliance.classify import embeddings

        if not embeddings.available():
            raise UnsupportedError(
                f"method 'hybrid' needs the optional embeddings extra; {embeddings.INSTALL_HINT}"
            )
    return method


def _blend_meaning(
    reading: _Reading, title: str, adjusted: list[tuple[float, int]]
) -> tuple[list[tuple[float, int]], dict[int, float], list[str]]:
    """Hybrid scores: the adjusted BM25 scores plus a share of the meaning similarity.

    Only the BM25 candidates are re-ranked. A title with Chinese characters is left as it is
    (the model and the subheading vectors are English).
    """
    from cbec_compliance.classify import embeddings

    if has_cjk(title):
        return adjusted, {}, ["hybrid: the text has Chinese characters; BM25 ranking kept"]
    query = " ".join([title, *(terms for _, terms, _ in reading.expansions)])
    cosine = embeddings.similarities(query)
    documents = [document for _, document in adjusted]
    values = [float(cosine[document]) for document in documents]
    mean = sum(values) / len(values)
    spread = (sum((value - mean) ** 2 for value in values) / len(values)) ** 0.5 or 1.0
    best = adjusted[0][0]
    blended = []
    for (score, document), value in zip(adjusted, values, strict=True):
        new = score + HYBRID_WEIGHT * best * (value - mean) / spread
        if new > 0:
            blended.append((new, document))
    return blended, dict(zip(documents, values, strict=True)), []


def _split_main(text: str) -> tuple[str, str]:
    """The title before its first "with/for/in ..." that follows a word, and the rest.

    A start without a word ("2 x 16 g in plastic eggs ...") does not name the goods: the split
    moves on to the next "with/for/in".
    """
    lowered = text.lower()
    for found in _TAIL.finditer(lowered):
        if _NAMES_GOODS.search(lowered[: found.start()]):
            return text[: found.start()], text[found.start() :]
    return text, ""


def _head_segment(main: str) -> str:
    """The main part up to its first comma that starts details, not a list.

    A comma is part of a list when the text after it, up to the next comma, goes on with "and"
    or "or" ("color, glow-in-the-dark and glitter putty"). The part before the comma must name
    goods (a word of three letters or more).
    """
    pieces = main.split(",")
    for number in range(1, len(pieces)):
        before = ",".join(pieces[:number])
        if not _NAMES_GOODS.search(before.lower()):
            continue
        if re.search(r"\b(?:and|or|&)\b", pieces[number].lower()):
            continue
        return before
    return main


def _head_positions(segment: str) -> set[int]:
    """Word positions of the goods in a head segment: its last word of three letters or more,
    and the last word of each item joined by "and" or "or" ("pajama top and shorts": top,
    shorts). With such a list every phrase of the segment names the goods (a combination)."""
    sequence = words(segment)
    positions = {
        number - 1 for number, word in enumerate(sequence) if word in {"and", "or"} and number > 0
    }
    named = [number for number, word in enumerate(sequence) if word.isalpha() and len(word) > 2]
    if named:
        positions.add(named[-1])
    return positions


def _overlaps(first: Match, second: Match) -> bool:
    """True when two matches share a word position."""
    return first.start < second.end and second.start < first.end


def _phrases(
    vocab: Vocabulary, main: str, tail: str
) -> list[tuple[VocabularyEntry, Match, str, str, bool]]:
    """Vocabulary phrases of the title: (entry, match, part, how read, names a device).

    A device ("iPhone") lends its class to the title's other words: in "case for iPhone 12" and
    "iPhone 12 case" the word "case" reads as the accessory phrase "phone case", which displaces
    the plain phrases it overlaps unless one of them is longer ("pencil case"). With an accessory
    phrase in the main part (also a written one: "iPhone X phone case"), the devices count as the
    tail (the goods the accessory is for); otherwise a device reads as its class. A device in
    the tail of a title with a head ("charger for iPhone") only names what the goods are for:
    the reading keeps it as a cue and does not search for it, unless the title names a part.
    """
    plain = {"main": vocab.phrases_in(main), "tail": vocab.phrases_in(tail)}
    classes = [
        found_class
        for matches in plain.values()
        for entry, _ in matches
        if (found_class := vocab.device_class(entry)) is not None
    ]
    read: list[tuple[VocabularyEntry, Match, str, str]] = []
    accessory_in_main = False
    for part, text in (("main", main), ("tail", tail)):
        accessories = [
            (entry, match)
            for entry, match in (vocab.accessories_in(text, classes) if classes else [])
            if not any(
                _overlaps(match, other) and other.end - other.start > match.end - match.start
                for _, other in plain[part]
            )
        ]
        accessory_in_main = accessory_in_main or (
            part == "main"
            and (bool(accessories) or any(vocab.is_accessory(entry) for entry, _ in plain[part]))
        )
        for entry, match in accessories:
            read.append((entry, match, part, f"accessory phrase '{entry.phrase}'"))
        for entry, match in plain[part]:
            if not any(_overlaps(match, other) for _, other in accessories):
                read.append((entry, match, part, ""))
    result: list[tuple[VocabularyEntry, Match, str, str, bool]] = []
    for entry, match, part, how in read:
        device_class = None if how else vocab.device_class(entry)
        if device_class is not None:
            term = vocab.device_term(entry)
            if term is None:
                continue
            if entry.kind == "device":
                how = f"device of class '{device_class}'"
            if accessory_in_main:
                part = "tail"
                how = (how + ", " if how else "") + "the goods an accessory is for"
            entry = term
        result.append((entry, match, part, how, device_class is not None))
    return sorted(result, key=lambda item: (item[2] == "tail", item[1].start))


class _Reading:
    """What the title says, read with the vocabulary."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.cues: list[str] = []
        self.hints: dict[str, tuple[str, float]] = {}  # code -> (phrase, boost)
        self.vague: list[str] = []
        self.expansions: list[tuple[str, str, float]] = []  # phrase, terms, weight
        self.phrase_units: list[tuple[frozenset[str], frozenset[str], tuple[str, ...]]] = []
        noise_words: set[str] = set()
        weights: dict[str, float] = {}
        main, tail = _split_main(text)
        parts_found = _PARTS_CUE.search(normalize_text(text))
        self.parts_cue = parts_found.group(0) if parts_found else None
        found = _phrases(vocab, main, tail)
        # Chinese phrases sit after the English word positions: a title with Chinese keeps its
        # last phrase as the head
        head_segment = main if has_cjk(main) else _head_segment(main)
        head_words = len(words(head_segment)) if not has_cjk(main) else len(main) + 1_000
        main_terms = [
            match.end
            for entry, match, part, _, _ in found
            if part == "main" and entry.kind == "term"
        ]
        head_end = max(
            (end for end in main_terms if end <= head_words), default=max(main_terms, default=None)
        )
        self.head: tuple[str, frozenset[str], tuple[str, ...]] | None = None
        occasions: list[tuple[VocabularyEntry, Match]] = []
        head_positions = _head_positions(head_segment) if not has_cjk(main) else set()
        units: list[tuple[str, VocabularyEntry]] = []
        for entry, match, part, how, is_device in found:
            if entry.kind == "noise":
                noise_words.update(words(entry.phrase))
                noise_words.update(index_terms(entry.phrase))
                continue
            if entry.kind == "vague":
                self.vague.append(match.text)
                continue
            if entry.kind == "occasion":
                occasions.append((entry, match))
                continue
            role = "tail" if part == "tail" else "head" if match.end == head_end else "modifier"
            if (
                part == "main"
                and match.end <= head_words
                and (match.end - 1 in head_positions or len(head_positions) > 1)
            ):
                units.append((match.text, entry))
            weight, boost = ROLE_WEIGHTS[role]
            if role == "tail" and is_device and head_end is not None and not self.parts_cue:
                # the device the goods are for ("charger for iPhone"): named, not searched for
                self.cues.append(
                    f"'{match.text}' (tail) names the goods it is for ({entry.phrase})"
                )
                continue
            self.expansions.append((match.text, entry.terms, weight))
            if role != "tail":
                self.phrase_units.append(
                    (
                        frozenset(index_terms(match.text)),
                        frozenset(index_terms(entry.terms)),
                        entry.hints,
                    )
                )
            for hint in entry.hints:
                if boost > self.hints.get(hint, ("", 1.0))[1]:
                    self.hints[hint] = (match.text, boost)
            self.cues.append(
                f"'{match.text}' ({role}) read as '{entry.terms}'"
                + (f", hint {', '.join(entry.hints)}" if entry.hints else "")
                + (f", {how}" if how else "")
                + f" ({entry.source})"
            )
        if units:
            self.head = (
                " / ".join(text for text, _ in units),
                frozenset(
                    term
                    for text, entry in units
                    for term in (*index_terms(text.split()[-1]), *index_terms(entry.terms))
                ),
                tuple(hint for _, entry in units for hint in entry.hints),
            )
        if self.head is not None:
            self.cues.append(f"the goods are '{self.head[0]}' (head of the title)")
        decorative = self.head is not None and any(
            hint.startswith(DECORATIVE_HINT) for hint in self.head[2]
        )
        for entry, match in occasions:
            if not decorative:
                self.cues.append(
                    f"'{match.text}' names an occasion; the head is not decorative goods, so "
                    "festive articles are not preferred"
                )
                continue
            head_boost = ROLE_WEIGHTS["head"][1]
            for hint in entry.hints:
                if head_boost > self.hints.get(hint, ("", 1.0))[1]:
                    self.hints[hint] = (match.text, head_boost)
            self.expansions.append((match.text, entry.terms, ROLE_WEIGHTS["modifier"][0]))
            self.cues.append(
                f"'{match.text}' names an occasion and the head is decorative goods: hint "
                f"{', '.join(entry.hints)} ({entry.source})"
            )
        lowered = normalize_text(text)
        set_found = _SET_CUE.search(lowered)
        self.set_cue = set_found.group(0) if set_found else None
        tail_weight = PARTS_TAIL_WEIGHT if self.parts_cue else TAIL_WEIGHT
        if self.parts_cue:
            self.cues.append(
                f"'{self.parts_cue}' names a part or accessory: subheadings of parts preferred"
            )
        tail_only = set(index_terms(tail)) - set(index_terms(main))
        vague_terms = {term for phrase in self.vague for term in index_terms(phrase)}
        own = [term for term in index_terms(text) if term not in noise_words]
        self.own_terms = frozenset(own)
        self.content_terms = frozenset(term for term in own if term not in vague_terms)
        for term in own:
            weights[term] = tail_weight if term in tail_only else 1.0
        for _, terms, weight in self.expansions:
            for term in index_terms(terms):
                weights[term] = max(weights.get(term, 0.0), weight)
        self.synonym_groups: list[tuple[str, tuple[str, ...]]] = vocab.synonyms_in(text)
        main_synonyms = {word for word, _ in vocab.synonyms_in(main)}
        for word, group in self.synonym_groups:
            # a word only in the tail ("for iPhone") adds its group at the tail's share
            weight = SYNONYM_WEIGHT * (1.0 if word in main_synonyms else tail_weight)
            added = [member for member in group if member != word]
            self.cues.append(f"'{word}' also searched as {', '.join(added[:6])} (synonyms)")
            for member in added:
                for term in index_terms(member):
                    weights[term] = max(weights.get(term, 0.0), weight)
        self.weights = weights
        self.stated: dict[str, set[str]] = {}
        self.stated_cues: dict[tuple[str, str], str] = {}
        in_main = {(value.attribute, value.value) for value, _ in vocab.attribute_values_in(main)}
        for value, cue in vocab.attribute_values_in(text):
            if (
                value.attribute in GOODS_ATTRIBUTES
                and (value.attribute, value.value) not in in_main
            ):
                self.cues.append(
                    f"'{cue}' (tail) is the {value.attribute} of a part, not of the goods"
                )
                continue
            self.stated.setdefault(value.attribute, set()).add(value.value)
            self.stated_cues[(value.attribute, value.value)] = cue
            self.cues.append(f"{value.attribute}: {value.label} (from '{cue}')")


def _score(reading: _Reading, found: Index) -> tuple[dict[int, float], dict[int, list[str]]]:
    """BM25 score of every subheading matching a weighted term, and the terms each matched."""
    scores: defaultdict[int, float] = defaultdict(float)
    matched: defaultdict[int, list[str]] = defaultdict(list)
    for term, weight in reading.weights.items():
        posting = found.postings.get(term)
        if posting is None:
            continue
        documents, values = posting
        for document, value in zip(documents, values, strict=True):
            scores[document] += weight * value
            matched[document].append(term)
    return scores, matched


def _coverage(reading: _Reading, found: Index, document: int, terms: Iterable[str]) -> float:
    """Share of the title's informative weight (idf) that ``document`` accounts for.

    A title word that is part of a vocabulary phrase counts as covered when the document matches
    one of the phrase's tariff terms or lies under one of its hints; a word stating an attribute
    value ("polyester", "knit", "women's") when the document's description states that value
    ("of man-made fibres", "knitted or crocheted", "women's or girls'").
    """
    in_phrases = {term for phrase_terms, _, _ in reading.phrase_units for term in phrase_terms}
    rare = max(found.idf.values(), default=1.0)

    def informative(term: str) -> float:
        if reading.weights.get(term, 0.0) < 1.0:
            return 0.0
        return found.idf.get(term, rare if term in in_phrases else 0.0)

    total = sum(informative(term) for term in reading.weights)
    if total <= 0:
        return 0.0
    covered = {term for term in terms if reading.weights.get(term, 0.0) >= 1.0}
    code = found.codes[document]
    matched = set(terms)
    for phrase_terms, tariff_terms, hints in reading.phrase_units:
        if matched & tariff_terms or any(code.startswith(hint) for hint in hints):
            covered |= phrase_terms
    stated_by_document = found.attributes[document]
    for (attribute, value), cue in reading.stated_cues.items():
        if value in stated_by_document.get(attribute, ()):
            covered.update(index_terms(cue))
    own = sum(informative(term) for term in covered)
    return min(1.0, own / total)


def _has_head(reading: _Reading, found: Index, document: int, terms: Iterable[str]) -> bool:
    """True when ``document`` matches the head's words or tariff terms, or lies under its hints."""
    if reading.head is None:
        return True
    _, head_terms, hints = reading.head
    code = found.codes[document]
    return bool(head_terms.intersection(terms)) or any(code.startswith(hint) for hint in hints)


def _adjust(
    reading: _Reading,
    found: Index,
    document: int,
    vocab: Vocabulary,
    head_missed: bool = False,
) -> tuple[float, list[str]]:
    """The factor a subheading's score is multiplied by (head, hints, parts, attributes), and
    a note for each adjustment made."""
    code = found.codes[document]
    factor = 1.0
    notes: list[str] = []
    if head_missed and reading.head is not None:
        factor *= HEAD_MISS_FACTOR
        notes.append(f"does not name the goods ('{reading.head[0]}', the head of the title)")
    hinted = [hint for hint in reading.hints if code.startswith(hint)]
    if hinted:
        hint = max(hinted, key=lambda item: (reading.hints[item][1], len(item)))
        phrase, boost = reading.hints[hint]
        if boost > 1.0:
            factor *= boost
            notes.append(f"'{phrase}' points to {hint} (vocabulary hint)")
    if reading.parts_cue and document in found.parts:
        factor *= PARTS_BOOST
        notes.append(f"the title names a part or accessory ('{reading.parts_cue}'); so does this")
    elif not reading.parts_cue and document in found.parts:
        factor *= NOT_PARTS_FACTOR
    labels = vocab.labels
    values = found.attributes[document]
    for attribute, demanded in values.items():
        if attribute in reading.stated or not demanded:
            continue
        if all((attribute, value) in vocab.hold_back_values for value in demanded):
            factor *= UNSTATED_FACTOR
            said = ", ".join(labels[(attribute, value)] for value in sorted(demanded))
            notes.append(
                f"{attribute}: the description demands {said}, which the title does not state"
            )
    for attribute, wanted in reading.stated.items():
        present = values.get(attribute)
        if not present:
            continue
        said = ", ".join(labels[(attribute, value)] for value in sorted(wanted))
        if present & wanted:
            factor *= ATTRIBUTE_BOOST
            notes.append(f"{attribute} matches: the title says {said}, so does the description")
        else:
            factor *= ATTRIBUTE_PENALTY
            other = ", ".join(labels[(attribute, value)] for value in sorted(present))
            notes.append(f"{attribute} conflicts: the title says {said}, the description {other}")
    return factor, notes


def _softmax(scores: Sequence[float]) -> list[float]:
    """Softmax of ``scores`` (best first) relative to the best, at ``TEMPERATURE``."""
    if not scores:
        return []
    best = scores[0]
    if best <= 0:
        return [1.0 / len(scores)] * len(scores)
    exponents = [math.exp((score / best - 1.0) / TEMPERATURE) for score in scores]
    total = sum(exponents)
    return [value / total for value in exponents]


def _question(
    reading: _Reading,
    found: Index,
    ranked: list[tuple[float, int]],
    vocab: Vocabulary,
) -> Question | None:
    """The question separating the close candidates: the first attribute the title does not
    state that splits the best two, else which heading; None when the best stands alone."""
    if len(ranked) < 2:
        return None
    top = ranked[0][0]
    close = [document for score, document in ranked[:QUESTION_POOL] if score >= CLOSE_RATIO * top]
    if len(close) < 2:
        return None
    labels = vocab.labels
    order = list(dict.fromkeys(value.attribute for value in vocab.attributes))
    for attribute in order:
        if attribute in reading.stated:
            continue
        groups: dict[str, list[str]] = {}
        for document in close:
            present = found.attributes[document].get(attribute, frozenset())
            key = "/".join(sorted(present)) if present else "other"
            groups.setdefault(key, []).append(found.codes[document])
        real = [key for key in groups if key != "other"]
        if len(groups) >= 2 and real and _splits_top_two(groups, found, close):
            names = [
                " or ".join(labels[(attribute, value)] for value in key.split("/"))
                if key != "other"
                else f"other {attribute}"
                for key in groups
            ]
            return Question(
                text=f"Which {attribute}: {'; '.join(names)}?",
                attribute=attribute,
                options=groups,
            )
    headings = _by_heading(close, found)
    if len(headings) >= 2:
        return Question(
            text="Which of these describes the goods: " + "; ".join(headings) + "?",
            attribute="heading",
            options=headings,
        )
    return None


def _by_heading(documents: Iterable[int], found: Index) -> dict[str, list[str]]:
    """The subheading codes of ``documents`` grouped by their heading's description, in order."""
    table = nomenclature(EDITION)
    headings: dict[str, list[str]] = {}
    for document in documents:
        code = found.codes[document]
        headings.setdefault(table.entries[code[:4]].description, []).append(code)
    return headings


def _set_question(shown: list[tuple[float, int]], found: Index) -> Question | None:
    """For a set: which of the shortlisted headings gives the set its essential character."""
    headings = _by_heading((document for _, document in shown), found)
    if len(headings) < 2:
        return None
    return Question(
        text="The goods are a set: which item gives it its essential character (GRI 3(b)): "
        + "; ".join(headings)
        + "?",
        attribute="essential character",
        options=headings,
    )


def _keep_material_articles(
    reading: _Reading, found: Index, vocab: Vocabulary, scores: dict[int, float]
) -> None:
    """Raise the catch-all subheadings of each stated material to ``MATERIAL_ARTICLES_FLOOR``."""
    if not scores:
        return
    floor = MATERIAL_ARTICLES_FLOOR * max(scores.values())
    for attribute, values in reading.stated.items():
        for value in sorted(values):
            for code in vocab.material_articles.get((attribute, value), ()):
                document = found.position.get(code)
                if document is not None and scores.get(document, 0.0) < floor:
                    scores[document] = floor


def _diversify(
    adjusted: list[tuple[float, int]],
    found: Index,
    limit: int,
    matched: dict[int, list[str]],
) -> list[tuple[float, int]]:
    """The best ``limit`` candidates, at most ``MAX_NEAR_DUPLICATES`` of any near-duplicate group.

    Near-duplicates are subheadings of one heading that matched the same words of the title with
    scores within ``NEAR_DUPLICATE_RATIO`` of each other: the title does not tell them apart, so
    a third and fourth one make way for candidates from other headings (then fill in at the end).
    """
    shown: list[tuple[float, int]] = []
    held: list[tuple[float, int]] = []
    for item in adjusted:
        if len(shown) >= limit:
            break
        score, document = item
        heading = found.codes[document][:4]
        words = frozenset(matched.get(document, ()))
        twins = sum(
            1
            for other_score, other in shown
            if found.codes[other][:4] == heading
            and frozenset(matched.get(other, ())) == words
            and score >= NEAR_DUPLICATE_RATIO * other_score
        )
        if twins >= MAX_NEAR_DUPLICATES:
            held.append(item)
            continue
        shown.append(item)
    return shown + held[: limit - len(shown)]


def _splits_top_two(groups: dict[str, list[str]], found: Index, close: list[int]) -> bool:
    """True when the best two candidates fall in different answer groups."""
    first, second = found.codes[close[0]], found.codes[close[1]]
    return not any(first in codes and second in codes for codes in groups.values())


def classify(
    text: str,
    destination: str | None = None,
    limit: int = 5,
    *,
    on: date | str | None = None,
    method: str = "bm25",
) -> ClassificationResult:
    """Ranked HS 2022 candidates for a product title or description (English or Chinese).

    With ``destination`` (``"US"``, ``"DE"``, ``"CN"`` ...) each candidate also carries the
    national line under it that best matches the title, from the schedule in force ``on``
    (default today). The result declines (``declined=True`` with a reason) rather than guess,
    and asks a ``question`` when close candidates differ in a nameable attribute.
    ``method="hybrid"`` also weighs meaning similarity from a small embedding model; it needs
    the optional extra (``pip install "cbec-compliance[embeddings]"``) and is not the default.
    """
    title = _checked_text(text, limit)
    day = as_date(on)
    method = _check_method(method)
    region = _region(destination)
    vocab = vocabulary()
    found = index()
    reading = _Reading(title, vocab)
    notes: list[str] = []
    if not reading.content_terms and not reading.expansions:
        return ClassificationResult(
            title,
            region,
            day,
            [],
            True,
            _empty_reason(title, reading),
            None,
            (),
            tuple(reading.cues),
        )
    scores, matched = _score(reading, found)
    _keep_material_articles(reading, found, vocab, scores)
    adjusted, notes_by_document = _adjusted(reading, found, vocab, scores, matched)
    similarity: dict[int, float] = {}
    if method == "hybrid" and adjusted:
        adjusted, similarity, hybrid_notes = _blend_meaning(reading, title, adjusted)
        adjusted.sort(key=lambda item: (-item[0], found.codes[item[1]]))
        notes.extend(hybrid_notes)
    if not adjusted:
        return ClassificationResult(
            title,
            region,
            day,
            [],
            True,
            "no word of the text occurs in any HS or national tariff description; describe the "
            "goods in plain words (English or Chinese)",
            None,
            (),
            tuple(reading.cues),
        )
    shown = _diversify(adjusted, found, limit, matched)
    pool = sorted(set(adjusted[:SOFTMAX_POOL]) | set(shown), key=lambda item: (-item[0], item[1]))
    probability_of = dict(
        zip((document for _, document in pool), _softmax([score for score, _ in pool]), strict=True)
    )
    coverage_best = _coverage(reading, found, pool[0][1], matched[pool[0][1]])
    quality = coverage_best**COVERAGE_POWER
    schedule: NationalSchedule | None = None
    if region is not None:
        schedule = schedule_for(region, day)
        if schedule is None:
            notes.append(f"{region} has no national lines in the rule packs; HS6 only")
        elif schedule.note:
            notes.append(schedule.note)
    candidates = [
        _candidate(
            reading,
            found,
            vocab,
            schedule,
            document,
            score=score,
            confidence=round(probability_of.get(document, 0.0) * quality, 4),
            matched=matched[document],
            notes=notes_by_document[document],
            similarity=similarity.get(document),
        )
        for score, document in shown
    ]
    declined_reason = _decline_reason(coverage_best, candidates[0].confidence)
    question = _question(reading, found, adjusted, vocab)
    if reading.set_cue and (question is None or question.attribute == "heading"):
        question = _set_question(shown, found) or question
        notes.append(
            f"'{reading.set_cue}': goods put up in sets for retail sale are classified as the "
            "item that gives the set its essential character (General Interpretative Rule 3(b))"
        )
    if not reading.content_terms:
        notes.append("the text has only generic words besides vocabulary phrases")
    return ClassificationResult(
        title,
        region,
        day,
        candidates,
        declined_reason is not None,
        declined_reason,
        question,
        tuple(notes),
        tuple(reading.cues),
    )


def _region(destination: object) -> str | None:
    """The destination as an upper-case region code, or None without one."""
    if destination is None:
        return None
    if not isinstance(destination, str) or not destination.strip():
        raise InvalidInputError(
            f"destination {destination!r} must be a region code such as 'US' or 'DE'"
        )
    return destination.strip().upper()


def _empty_reason(title: str, reading: _Reading) -> str:
    """Why a text without content words or vocabulary phrases is declined."""
    return (
        "the text is empty; describe the goods (what it is, material, use)"
        if not title.strip()
        else "too vague: "
        + (
            f"only generic words ({', '.join(reading.vague)})"
            if reading.vague
            else "no word that describes goods"
        )
        + "; say what the goods are, what they are made of and what they are for"
    )


def _adjusted(
    reading: _Reading,
    found: Index,
    vocab: Vocabulary,
    scores: dict[int, float],
    matched: dict[int, list[str]],
) -> tuple[list[tuple[float, int]], dict[int, list[str]]]:
    """The scores times their adjustment factors, best first, and each subheading's notes.

    Missing the head of the title counts only when one of the ``HEAD_POOL`` best subheadings
    names it (and the title is not a set).
    """
    adjusted: list[tuple[float, int]] = []
    notes_by_document: dict[int, list[str]] = {}
    pool_documents = sorted(scores, key=lambda item: -scores[item])[:HEAD_POOL]
    head_found = not reading.set_cue and any(
        _has_head(reading, found, document, matched[document]) for document in pool_documents
    )
    for document, score in scores.items():
        head_missed = head_found and not _has_head(reading, found, document, matched[document])
        factor, adjust_notes = _adjust(reading, found, document, vocab, head_missed)
        adjusted.append((score * factor, document))
        notes_by_document[document] = adjust_notes
    adjusted.sort(key=lambda item: (-item[0], found.codes[item[1]]))
    return adjusted, notes_by_document


def _candidate(
    reading: _Reading,
    found: Index,
    vocab: Vocabulary,
    schedule: NationalSchedule | None,
    document: int,
    *,
    score: float,
    confidence: float,
    matched: list[str],
    notes: list[str],
    similarity: float | None,
) -> Candidate:
    """One shown subheading with its description path, reasons and national line."""
    code = found.codes[document]
    entry = nomenclature(EDITION).entries[code]
    path = [f"Section {entry.section}: {entry.section_description}"]
    path.extend(node.description for node in entry.path())
    own_matched = [term for term in matched if reading.weights.get(term, 0.0) >= 1.0]
    reasons = ["matched: " + ", ".join(own_matched)] if own_matched else []
    expanded = [term for term in matched if reading.weights.get(term, 0.0) < 1.0]
    if expanded:
        reasons.append("matched through vocabulary or synonyms: " + ", ".join(expanded))
    reasons.extend(notes)
    if similarity is not None:
        reasons.append(f"meaning similarity {similarity:.2f} (embeddings, hybrid method)")
    national_code = None
    if schedule is not None:
        national = _national(schedule, code, reading, vocab)
        if national is not None:
            national_code, reason = national
            path.extend(schedule.chain(national_code))
            reasons.append(reason)
        else:
            reasons.append(f"no line of {schedule.pack_id} under {code}")
    return Candidate(
        hs6=code,
        description=entry.description,
        description_path=tuple(path),
        confidence=confidence,
        reasons=tuple(reasons),
        score=round(score, 4),
        national_code=national_code,
        national_schedule=schedule.pack_id if schedule and national_code else None,
    )


def _decline_reason(coverage_best: float, best_confidence: float) -> str | None:
    """Why the result is declined (the best covers too little, or is not sure); None if not."""
    if coverage_best < MIN_COVERAGE:
        return (
            f"the best subheading matches only {coverage_best:.0%} of the text's words; add what "
            "the goods are, their material and use"
        )
    if best_confidence < MIN_CONFIDENCE:
        return (
            f"no candidate stands out (best confidence {best_confidence:.2f}); answer "
            "the question or describe the goods further"
        )
    return None


def _national(
    schedule: NationalSchedule, code: str, reading: _Reading, vocab: Vocabulary
) -> tuple[str, str] | None:
    """The schedule's line under the HS 2022 subheading ``code`` (converted to the schedule's
    edition when it differs) best matching the title, with the reason; None when none."""
    codes = [code]
    if schedule.hs_edition != EDITION:
        from cbec_compliance import hs

        try:
            codes = hs.convert(code, source=EDITION, target=schedule.hs_edition).targets
        except CbecError:
            return None
    return choose_line(schedule, codes, reading.weights, reading.stated, vocab)


def classify_many(
    texts: Iterable[str],
    destination: str | None = None,
    limit: int = 5,
    *,
    on: date | str | None = None,
    method: str = "bm25",
) -> list[ClassificationResult]:
    """:func:`classify` for each text, in order."""
    return [classify(text, destination, limit, on=on, method=method) for text in texts]
