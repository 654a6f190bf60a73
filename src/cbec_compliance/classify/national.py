"""Picking the destination's national line under a subheading.

The schedule is chosen as the tariff engine does (the region's customs territory, the import
schedule in force on the date, else the latest earlier one, with a note), but only its
``lines.csv`` is read: classification needs descriptions, not rates. Among the declarable lines
under the HS6, the one sharing most words (and attribute cues: men's, of cotton ...) with the
title, less a small cost per description word the title does not have, wins; ties go to the
residual "Other" line, which is where an unspecified good belongs.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date

from cbec_compliance.classify.text import index_terms, normalize_text, strip_negated
from cbec_compliance.classify.vocabulary import Vocabulary
from cbec_compliance.rules.registry import get_pack, register_cache
from cbec_compliance.tariff.data import ScheduleInfo, tariff_packs

__all__ = ["NationalSchedule", "choose_line", "schedule_for"]

# Each word of a line's description that the title does not have costs this much: a line with
# conditions the title does not state ("all white, hemmed ...") loses to a general one.
EXTRA_TERM_PENALTY = 0.25
# An attribute the title states (men's, of cotton ...) that a line's description states too adds
# this much when the values agree and takes it away when they differ.
ATTRIBUTE_CUE_SCORE = 2.0


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
    _terms: dict[str, frozenset[str]] = field(default_factory=dict)

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

    def terms(self, code: str) -> frozenset[str]:
        """The index terms of the line's description chain (cached per line)."""
        cached = self._terms.get(code)
        if cached is None:
            text = " ".join(self.chain(code))
            cached = frozenset(index_terms(strip_negated(normalize_text(text))))
            self._terms[code] = cached
        return cached


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
    """True for a residual line: its last description segment begins with "Other" (其他)."""
    last = re.sub(r"\([^)]*\)", "", text.split(":")[-1]).strip().lower()
    return last.startswith(("other", "其他", "其它"))


def choose_line(
    schedule: NationalSchedule,
    hs6_codes: list[str],
    query_terms: frozenset[str],
    stated: dict[str, set[str]],
    words: Vocabulary,
) -> tuple[str, str] | None:
    """The best declarable line under ``hs6_codes`` and the reason; None when there is none."""
    leaves = [code for hs6 in hs6_codes for code in schedule.leaves(hs6)]
    if not leaves:
        return None
    if len(leaves) == 1:
        return leaves[0], f"the only declarable line of {schedule.pack_id} under this subheading"
    scored: list[tuple[float, bool, str, list[str]]] = []
    for code in leaves:
        terms = schedule.terms(code)
        shared = sorted(query_terms & terms)
        score = len(shared) - EXTRA_TERM_PENALTY * len(terms - query_terms)
        values = words.path_values(schedule.chain(code))
        for attribute, wanted in stated.items():
            found = values.get(attribute)
            if found:
                score += ATTRIBUTE_CUE_SCORE if found & wanted else -ATTRIBUTE_CUE_SCORE
        residual = _is_residual(schedule.description.get(code, ""))
        scored.append((score, residual, code, shared))
    scored.sort(key=lambda item: (-item[0], not item[1], item[2]))
    best_score, _, best_code, shared = scored[0]
    tied = sum(1 for item in scored if item[0] == best_score)
    if not shared or tied > 1:
        reason = (
            f"{len(leaves)} declarable lines of {schedule.pack_id} under this subheading; "
            + (f"{tied} fit the title equally" if shared else "the title does not separate them")
            + (f" (shares {', '.join(shared)})" if shared else "")
            + f": shown {best_code}"
            + (" (the residual line)" if scored[0][1] else "")
            + ", check the others"
        )
    else:
        reason = (
            f"national line chosen among {len(leaves)} of {schedule.pack_id} by shared words"
            + (f" ({', '.join(shared)})" if shared else "")
            + " and attribute cues"
        )
    return best_code, reason
