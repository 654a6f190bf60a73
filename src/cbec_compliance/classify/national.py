"""Picking the destination's national line under a subheading.

The schedule is chosen as the tariff engine does (the region's customs territory, the import
schedule in force on the date, else the latest earlier one, with a note), but only its
``lines.csv`` is read: classification needs descriptions, not rates.

The lines under the HS6 form a tree: each line's description chain, split at the schedule's
level separators (``:`` in the US HTS, ``>`` in the EU CN), gives the indented texts from the
subheading down to the line. The choice walks the tree from the top, as a customs officer reads
the schedule: at each level a named sibling ("Men's", "Of cotton", "Mugs and other steins") is
taken only when the title gives evidence for it (shared words that outweigh the sibling's
unstated conditions, or an attribute the title states: gender and age group, material,
knitted or woven) and nothing in it contradicts the title; otherwise the residual "Other"
sibling is taken, where goods without the named feature belong. A sibling that demands a fact
the title does not state (a vehicle the battery powers, a unit value, a power output) is
therefore never chosen on a partial match. Splits by value or size are reported in the reason
instead of guessed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from cbec_compliance.classify.text import CANONICAL, index_terms, normalize_text, strip_negated
from cbec_compliance.classify.vocabulary import Vocabulary
from cbec_compliance.rules.registry import get_pack, register_cache
from cbec_compliance.tariff.data import ScheduleInfo, tariff_packs

__all__ = ["NationalSchedule", "choose_line", "schedule_for"]

# Each word of a sibling's description that the title does not have costs this much: a sibling
# with conditions the title does not state ("all white, hemmed ...", "of a kind used as the
# primary source of electrical power for electrically powered vehicles") needs more shared words
# than it has unstated ones before it is preferred to the residual "Other".
EXTRA_TERM_PENALTY = 0.25
# An attribute the title states (men's, of cotton ...) that a sibling's description states too
# adds this much when the values agree; when they differ the sibling is ruled out.
ATTRIBUTE_CUE_SCORE = 2.0
# The attributes whose agreement counts as evidence for a national line: those that split
# statistical lines (material, knitted or woven, footwear upper and sole; gender and age group
# are read finer, below). Others, such as electric or not, describe the whole subheading ("Of a
# kind used as the primary source of electrical power for electrically powered vehicles" is not
# evidence for a power bank); they can still rule a line out when the title contradicts them.
EVIDENCE_ATTRIBUTES = frozenset({"material", "construction", "upper", "sole"})
# How much of a sibling's description a reason quotes.
QUOTED_CHARACTERS = 60

# Level separators inside one description: the US HTS joins indented texts with ": ", the EU CN
# with " > ".
_LEVEL_SEPARATOR = re.compile(r"(?<=\S):\s+|\s+>\s+|：")
# A sibling that splits by unit value, a measured size or output, or a content share: titles
# rarely state them.
_VALUE_OR_SIZE = re.compile(
    r"\bvalued\b|[$¢€£]|\bper (?:dozen|pair|unit)\b|\boutput\b|\bwidth\b|\blength\b"
    r"|\b(?:exceeding|not exceeding|over|not over|under|less than)\s+[\d.,]+\s*"
    r"(?:w|kw|kva|v|cm|mm|m|kg|g|l|ml|cc|cm3|percent|%)(?![a-z])",
    re.IGNORECASE,
)
# Who the goods are for, finer than the vocabulary's gender attribute: statistical suffixes split
# men's from boys' and women's from girls'. Words as the tokeniser leaves them (plurals stemmed,
# possessives dropped).
_PERSON_WORDS: dict[str, frozenset[str]] = {
    "men": frozenset({"men", "male", "gentleman", "gentlemen", "mens"}),
    "boys": frozenset({"boy", "youth"}),
    "women": frozenset({"women", "lady", "female", "womens"}),
    "girls": frozenset({"girl"}),
    "infants": frozenset({"infant", "baby", "toddler", "newborn"}),
}
# The vocabulary's coarse gender values and the persons each covers (for titles and descriptions
# the word list above does not read, such as Chinese ones).
_PERSONS_OF_GENDER: dict[str, frozenset[str]] = {
    "men": frozenset({"men", "boys"}),
    "women": frozenset({"women", "girls"}),
    "babies": frozenset({"infants"}),
}
_ALL_PERSON_WORDS = frozenset().union(*_PERSON_WORDS.values())
# The vocabulary's attribute texts follow the HS (British) spelling; national schedules such as
# the US HTS spell the American way ("man-made fibers"). Attribute values are read from both.
_BRITISH_OF = {american: british for british, american in CANONICAL.items()}
_AMERICAN_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _BRITISH_OF), key=len, reverse=True)) + r")(s?)\b",
    re.IGNORECASE,
)


@dataclass
class NationalSchedule:
    """The lines of one national schedule, indexed by HS6."""

    pack_id: str
    title: str
    hs_edition: str
    note: str | None
    parent: dict[str, str]
    description: dict[str, str]
    by_hs6: dict[str, list[str]]
    has_children: set[str]

    def leaves(self, hs6: str) -> list[str]:
        """The declarable lines (those without children) under ``hs6``, in code order."""
        return [code for code in self.by_hs6.get(hs6, []) if code not in self.has_children]

    def chain(self, code: str) -> list[str]:
        """Descriptions from just below the HS6 level down to ``code`` (repeats dropped)."""
        found: list[str] = []
        current: str | None = code
        while current and len(current) > 6 and current in self.description:
            text = self.description[current]
            if not found or found[-1] != text:
                found.append(text)
            current = self.parent.get(current) or None
        return found[::-1]


def _read(info: ScheduleInfo, note: str | None) -> NationalSchedule:
    """Read the lines table of the schedule ``info`` into a :class:`NationalSchedule`."""
    pack = get_pack(info.pack_id)
    parent: dict[str, str] = {}
    description: dict[str, str] = {}
    by_hs6: dict[str, list[str]] = {}
    has_children: set[str] = set()
    for _, row in pack.table_rows("lines.csv"):
        code = row["code"]
        parent[code] = row["parent"]
        description[code] = row["description"]
        if row["parent"]:
            has_children.add(row["parent"])
        if row["hs6"] and len(code) >= 6:
            by_hs6.setdefault(row["hs6"], []).append(code)
    for codes in by_hs6.values():
        codes.sort()
    return NationalSchedule(
        info.pack_id,
        info.title,
        info.schedule.hs_edition,
        note,
        parent,
        description,
        by_hs6,
        has_children,
    )


def _territory(destination: str, on: date) -> tuple[str, str]:
    """The region's code and the customs territory whose schedule applies to it on ``on``."""
    from cbec_compliance import regions

    region = regions.get(destination, on=on)
    return region.code, region.customs_territory


_lock = threading.Lock()
_schedules: dict[str, NationalSchedule] = {}


def schedule_for(destination: str, on: date) -> NationalSchedule | None:
    """The import schedule with lines for ``destination`` on ``on``; None when there is none."""
    packs = tariff_packs()
    code = destination.strip().upper()
    territories = {info.schedule.region for info in packs}
    if code not in territories:
        code, territory = _territory(destination, on)
    else:
        territory = code
    candidates = [
        info
        for info in packs
        if info.schedule.region == territory
        and info.is_schedule
        and info.schedule.direction == "import"
        and "lines.csv" in {table.file for table in get_pack(info.pack_id).content.pack.tables}
    ]
    if not candidates:
        return None
    in_force = [info for info in candidates if info.in_force(on)]
    note: str | None = None
    if in_force:
        chosen = max(in_force, key=lambda info: (info.valid_from, info.pack_id))
    else:
        earlier = [info for info in candidates if info.valid_from <= on]
        if not earlier:
            return None
        chosen = max(earlier, key=lambda info: (info.valid_to or date.max, info.valid_from))
        note = (
            f"{chosen.title} ({chosen.pack_id}) is in force to {chosen.valid_to}; its lines are "
            f"used for {on} as the latest known"
        )
    with _lock:
        cached = _schedules.get(chosen.pack_id)
        if cached is None or cached.note != note:
            cached = _read(chosen, note)
            _schedules[chosen.pack_id] = cached
        return cached


def _clear() -> None:
    with _lock:
        _schedules.clear()


register_cache(_clear)


def _is_residual(text: str) -> bool:
    """True for a residual text: it begins with "Other" (其他, Outros ...), parentheses ignored."""
    last = re.sub(r"\([^)]*\)", "", text.split(":")[-1]).strip().lower()
    return last.startswith(("other", "其他", "其它", "outro", "outra", "autre"))


def _levels(schedule: NationalSchedule, code: str) -> tuple[str, ...]:
    """The indented texts from just below the HS6 down to ``code``."""
    levels: list[str] = []
    for text in schedule.chain(code):
        levels.extend(part.strip() for part in _LEVEL_SEPARATOR.split(text) if part.strip())
    return tuple(levels)


@lru_cache(maxsize=65_536)
def _text_terms(text: str) -> frozenset[str]:
    return frozenset(index_terms(strip_negated(normalize_text(text))))


def _persons(terms: frozenset[str], gender: set[str] | frozenset[str] | None) -> frozenset[str]:
    """The persons (men, boys, women, girls, infants) that terms or gender values name."""
    named = frozenset(person for person, found in _PERSON_WORDS.items() if terms & found)
    if named or not gender:
        return named
    return frozenset().union(*(_PERSONS_OF_GENDER.get(value, frozenset()) for value in gender))


def _values(text: str, words: Vocabulary) -> dict[str, set[str]]:
    """Attribute values ``text`` states, read in its own and in the British spelling."""
    values = words.path_values([text]) if text else {}
    british = _AMERICAN_WORD.sub(
        lambda match: _BRITISH_OF[match.group(1).lower()] + match.group(2), text
    )
    if british != text:
        for attribute, found in words.path_values([british]).items():
            values.setdefault(attribute, set()).update(found)
    return values


@dataclass
class _Context:
    """What the texts above the current level already say: a child repeating it adds nothing."""

    terms: set[str]
    values: dict[str, set[str]]
    persons: frozenset[str]
    subheading_terms: frozenset[str] = frozenset()
    subheading_values: dict[str, set[str]] = field(default_factory=dict)

    def enter(self, above: list[str], words: Vocabulary) -> None:
        """Start below a subheading; ``above`` holds its description and its heading's."""
        self.subheading_terms = frozenset().union(*(_text_terms(text) for text in above))
        self.subheading_values = {}
        for text in above:
            for attribute, found in _values(text, words).items():
                self.subheading_values.setdefault(attribute, set()).update(found)

    def add(self, text: str, words: Vocabulary) -> None:
        """Add the text of a level passed on the way down."""
        terms = _text_terms(text)
        self.terms |= terms
        values = _values(text, words)
        for attribute, found in values.items():
            self.values.setdefault(attribute, set()).update(found)
        self.persons = _persons(terms, values.get("gender")) or self.persons


@dataclass(frozen=True)
class _Sibling:
    """One text at one level of the tree, with what the title says about it."""

    text: str
    codes: tuple[str, ...]
    residual: bool
    value_or_size: bool
    score: float
    shared: tuple[str, ...]
    agreed: tuple[str, ...]
    conflict: bool

    @property
    def evidence(self) -> bool:
        """The title supports this sibling and contradicts nothing in it."""
        return not self.conflict and self.score > 0 and bool(self.shared or self.agreed)


def _sibling(
    text: str,
    codes: tuple[str, ...],
    query: Mapping[str, float],
    stated: dict[str, set[str]],
    title_persons: frozenset[str],
    context: _Context,
    words: Vocabulary,
) -> _Sibling:
    terms = _text_terms(text) - context.terms
    shared = {term for term in terms if term in query and term not in _ALL_PERSON_WORDS}
    extra = {
        term
        for term in terms
        if term not in query
        and term not in _ALL_PERSON_WORDS
        and term not in context.subheading_terms
    }
    if extra:
        # A word the subheading already names, qualified by one the title does not state ("Of
        # reptile leather" under "of leather"), names a narrower kind: no evidence for it.
        shared -= context.subheading_terms
    score = sum(min(1.0, query[term]) for term in shared) - EXTRA_TERM_PENALTY * len(extra)
    values = _values(text, words)
    agreed: list[str] = []
    conflict = False
    for attribute, wanted in stated.items():
        found = values.get(attribute)
        if not found or attribute == "gender":
            continue
        if not found & wanted:
            conflict = True
        elif attribute in EVIDENCE_ATTRIBUTES and not (
            found <= context.values.get(attribute, set())
            or (extra and found <= context.subheading_values.get(attribute, set()))
        ):
            score += ATTRIBUTE_CUE_SCORE
            agreed.append(", ".join(sorted(found & wanted)))
    own_persons = _persons(_text_terms(text), values.get("gender"))
    if own_persons and title_persons:
        if not own_persons & title_persons:
            conflict = True
        elif not (context.persons and own_persons >= context.persons):
            score += ATTRIBUTE_CUE_SCORE
            agreed.append(" or ".join(sorted(own_persons & title_persons)))
    return _Sibling(
        text,
        codes,
        _is_residual(text),
        bool(_VALUE_OR_SIZE.search(text)),
        score,
        tuple(sorted(shared)),
        tuple(agreed),
        conflict,
    )


def _quote(text: str) -> str:
    return f'"{text}"' if len(text) <= QUOTED_CHARACTERS else f'"{text[:QUOTED_CHARACTERS]}..."'


def _pick(siblings: list[_Sibling]) -> tuple[_Sibling, str]:
    """The sibling to follow at one level and why."""
    supported = [sibling for sibling in siblings if sibling.evidence]
    residuals = [sibling for sibling in siblings if sibling.residual and not sibling.conflict]
    unstated_values = [s for s in siblings if s.value_or_size and not s.evidence]
    if supported:
        best = max(supported, key=lambda sibling: sibling.score)
        tied = [s for s in supported if s.score == best.score and s is not best]
        cues = list(best.shared) + list(best.agreed)
        reason = f"{_quote(best.text)} (title: {', '.join(cues)})"
        if tied:
            reason += f", as well as {_quote(tied[0].text)}: check it"
        return best, reason
    if residuals:
        residual = max(residuals, key=lambda sibling: sibling.score)
        reason = f"{_quote(residual.text)}, as no named line fits the title"
        if unstated_values:
            reason += (
                "; the lines split by a value, size or content the title does not state "
                f"(also {', '.join(_quote(s.text) for s in unstated_values[:3])})"
            )
        return residual, reason
    allowed = [sibling for sibling in siblings if not sibling.conflict] or siblings
    if len(unstated_values) == len(siblings):
        shown = siblings[-1]
        return shown, (
            f"{_quote(shown.text)} shown: the lines split by a value, size or content the title "
            f"does not state; check {', '.join(_quote(s.text) for s in siblings[:-1][:3])}"
        )
    best = max(allowed, key=lambda sibling: sibling.score)
    others = [sibling for sibling in allowed if sibling is not best]
    return best, (
        f"{_quote(best.text)} shown: the title does not separate it from "
        + ", ".join(_quote(s.text) for s in others[:3])
        + (" ..." if len(others) > 3 else "")
    )


def _above(schedule: NationalSchedule, hs6: str) -> list[str]:
    """The descriptions of the subheading ``hs6`` and of its heading, where the schedule has them."""
    return [schedule.description[code] for code in (hs6, hs6[:4]) if code in schedule.description]


def choose_line(
    schedule: NationalSchedule,
    hs6_codes: list[str],
    query: Mapping[str, float],
    stated: dict[str, set[str]],
    words: Vocabulary,
) -> tuple[str, str] | None:
    """The best declarable line under ``hs6_codes`` and the reason; None when there is none.

    ``query`` maps the title's terms to their weights (1.0 for the title's own words, less for
    words reached through the vocabulary); ``stated`` holds the attribute values it states.
    """
    leaves = [code for hs6 in hs6_codes for code in schedule.leaves(hs6)]
    if not leaves:
        return None
    if len(leaves) == 1:
        return leaves[0], f"the only declarable line of {schedule.pack_id} under this subheading"
    title_persons = _persons(frozenset(query), stated.get("gender"))
    paths = {code: (code[:6], *_levels(schedule, code)) for code in leaves}
    remaining = leaves
    depth = 0
    steps: list[str] = []
    context = _Context(set(), {}, frozenset())
    while len(remaining) > 1:
        groups: dict[str, list[str]] = {}
        for code in remaining:
            path = paths[code]
            groups.setdefault(path[depth] if depth < len(path) else "", []).append(code)
        depth += 1
        if len(groups) == 1:
            if all(depth >= len(paths[code]) for code in remaining):
                break  # identical descriptions: nothing left to separate them
            if depth == 1:
                context.enter(_above(schedule, next(iter(groups))), words)
            else:
                context.add(next(iter(groups)), words)
            continue
        siblings = [
            _sibling(text, tuple(codes), query, stated, title_persons, context, words)
            for text, codes in groups.items()
        ]
        chosen, reason = _pick(siblings)
        steps.append(reason)
        remaining = list(chosen.codes)
        if depth == 1:
            context.enter(_above(schedule, chosen.text), words)
        else:
            context.add(chosen.text, words)
    best = remaining[0]
    return best, (
        f"national line chosen among {len(leaves)} of {schedule.pack_id}, level by level: "
        + ("; ".join(steps) if steps else "the lines' descriptions do not differ")
    )
