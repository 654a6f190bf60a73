"""Conversion of HS6 codes between editions through the UNSD correlation tables.

Each table links codes of two editions; it is read in both directions. A conversion reports the
target codes and the relationship seen from the source code:

* ``1:1``  one target, which corresponds to the source alone;
* ``n:1``  one target that also receives other source codes (a merge: certain);
* ``1:n``  several targets that come only from this source (a split: choose by the goods);
* ``n:n``  several targets shared with other sources.

Codes that correlate with very many codes for one narrow reason (HS2022 85.49 e-waste, 85.24
display modules ...) are declared as ``catch_all`` in the table's pack. A link to or from such a
code is partial: it is reported as a conditional target with the condition under which it applies,
and does not turn the conversion into ``n:n``. Converting a catch-all code itself needs review.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from cbec_compliance.errors import NoCorrelationError, RuleDataError, UnknownHsCodeError
from cbec_compliance.hs.codes import normalize
from cbec_compliance.hs.editions import validate_edition
from cbec_compliance.hs.nomenclature import available_editions, nomenclature
from cbec_compliance.rules.registry import (
    LoadedPack,
    get_pack,
    pack_ids,
    register_cache,
    register_table_checker,
)
from cbec_compliance.rules.schema import CatchAllCode, HsCorrelationPack

__all__ = ["ConditionalTarget", "HsConversion", "convert", "correlation_pairs"]

RELATIONSHIPS = ("1:1", "1:n", "n:1", "n:n")


class ConditionalTarget(BaseModel):
    """A target that applies only to part of the source's goods (a catch-all link)."""

    model_config = ConfigDict(frozen=True)
    code: str
    applies_when: str
    reason: str


class HsConversion(BaseModel):
    """The result of converting one code from one edition to another."""

    model_config = ConfigDict(frozen=True)
    source_code: str
    source_edition: str
    target_edition: str
    targets: list[str]
    relationship: str
    needs_review: bool
    notes: list[str]
    conditional_targets: list[ConditionalTarget]
    path: list[str]
    """Editions crossed, source first (two items for a direct table)."""


@dataclass(frozen=True)
class _Step:
    targets: frozenset[str]
    split: bool
    merge: bool
    source_is_catch_all: bool
    conditional: tuple[ConditionalTarget, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Table:
    """One correlation table in one reading direction."""

    source: str
    target: str
    forward: dict[str, frozenset[str]]
    backward: dict[str, frozenset[str]]
    catch_all_source: dict[str, CatchAllCode]
    catch_all_target: dict[str, CatchAllCode]

    def is_partial(self, source_code: str, target_code: str) -> bool:
        if source_code == target_code:
            return False
        return source_code in self.catch_all_source or target_code in self.catch_all_target

    def step(self, code: str) -> _Step:
        linked = self.forward.get(code, frozenset())
        primary = frozenset(target for target in linked if not self.is_partial(code, target))
        conditional: list[ConditionalTarget] = []
        notes: list[str] = []
        source_rule = self.catch_all_source.get(code)
        if not primary:
            # A catch-all source (or a code linked only partially): every link is a candidate.
            primary = linked
            if source_rule is not None:
                notes.append(
                    f"{code} ({self.source}) is a catch-all code: {source_rule.reason} "
                    f"It corresponds to {len(linked)} {self.target} codes only for goods where "
                    f"{source_rule.applies_when}; review the goods to choose."
                )
        else:
            for target in sorted(linked - primary):
                rule = self.catch_all_target.get(target) or self.catch_all_source[code]
                conditional.append(
                    ConditionalTarget(
                        code=target, applies_when=rule.applies_when, reason=rule.reason
                    )
                )
        split = len(primary) > 1
        merge = any(
            len([s for s in self.backward.get(target, ()) if not self.is_partial(s, target)]) > 1
            for target in primary
        )
        return _Step(
            primary,
            split,
            merge,
            source_rule is not None and primary == linked,
            tuple(conditional),
            tuple(notes),
        )


_lock = threading.Lock()
_tables: dict[tuple[str, str], _Table] | None = None


def _read_table(pack: LoadedPack) -> tuple[_Table, _Table]:
    content = pack.content_as(HsCorrelationPack)
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    where = pack.folder / "correlation.csv"
    for line, row in pack.table_rows("correlation.csv"):
        source_code, target_code = row["from_code"], row["to_code"]
        for value in (source_code, target_code):
            if not (value.isdigit() and len(value) == 6):
                raise RuleDataError(f"{where}:{line}: {value!r} is not a 6-digit code")
        if row["relationship"] not in ("", *RELATIONSHIPS):
            raise RuleDataError(f"{where}:{line}: relationship {row['relationship']!r} unknown")
        forward.setdefault(source_code, set()).add(target_code)
        backward.setdefault(target_code, set()).add(source_code)
    catch_all: dict[str, dict[str, CatchAllCode]] = {
        content.from_edition: {},
        content.to_edition: {},
    }
    for entry in content.catch_all:
        for code in entry.codes:
            catch_all[entry.edition][code] = entry
    frozen_forward = {code: frozenset(values) for code, values in forward.items()}
    frozen_backward = {code: frozenset(values) for code, values in backward.items()}
    down = _Table(
        content.from_edition,
        content.to_edition,
        frozen_forward,
        frozen_backward,
        catch_all[content.from_edition],
        catch_all[content.to_edition],
    )
    up = _Table(
        content.to_edition,
        content.from_edition,
        frozen_backward,
        frozen_forward,
        catch_all[content.to_edition],
        catch_all[content.from_edition],
    )
    return down, up


def _all_tables() -> dict[tuple[str, str], _Table]:
    global _tables
    with _lock:
        if _tables is None:
            tables: dict[tuple[str, str], _Table] = {}
            for pack_id in pack_ids("hs/correlations/"):
                for table in _read_table(get_pack(pack_id)):
                    tables[(table.source, table.target)] = table
            _tables = tables
        return _tables


def clear_cache() -> None:
    """Forget loaded tables (after adding a rules path)."""
    global _tables
    with _lock:
        _tables = None
    _convert_cached.cache_clear()


def correlation_pairs() -> list[tuple[str, str]]:
    """Every (source, target) edition pair a single table converts directly."""
    return sorted(_all_tables())


def _route(source: str, target: str) -> list[str]:
    graph: dict[str, list[str]] = {}
    for left, right in _all_tables():
        graph.setdefault(left, []).append(right)
    previous: dict[str, str] = {}
    queue = deque([source])
    seen = {source}
    while queue:
        edition = queue.popleft()
        if edition == target:
            route = [target]
            while route[0] != source:
                route.insert(0, previous[route[0]])
            return route
        for neighbour in sorted(graph.get(edition, ())):
            if neighbour not in seen:
                seen.add(neighbour)
                previous[neighbour] = edition
                queue.append(neighbour)
    raise NoCorrelationError(
        f"no correlation table links {source} and {target}; installed tables: "
        f"{', '.join(f'{a}->{b}' for a, b in correlation_pairs()) or 'none'}"
    )


def _relationship(split: bool, merge: bool) -> str:
    return {(False, False): "1:1", (True, False): "1:n", (False, True): "n:1"}.get(
        (split, merge), "n:n"
    )


@lru_cache(maxsize=262144)
def _convert_cached(code: str, source: str, target: str) -> HsConversion:
    notes: list[str] = []
    if source in available_editions():
        source_nomenclature = nomenclature(source)
        if code not in source_nomenclature.entries:
            nearest = source_nomenclature.nearest(code)
            hint = f"; nearest codes: {', '.join(nearest)}" if nearest else ""
            raise UnknownHsCodeError(f"{code!r} is not a subheading of {source}{hint}")
    if source == target:
        return HsConversion(
            source_code=code,
            source_edition=source,
            target_edition=target,
            targets=[code],
            relationship="1:1",
            needs_review=False,
            notes=[],
            conditional_targets=[],
            path=[source],
        )
    route = _route(source, target)
    tables = _all_tables()
    current = {code}
    split = merge = catch_all = False
    conditional: dict[str, ConditionalTarget] = {}
    for left, right in itertools.pairwise(route):
        table = tables[(left, right)]
        following: set[str] = set()
        for item in sorted(current):
            step = table.step(item)
            if not step.targets:
                notes.append(f"{item} ({left}) has no correspondence in the {left}-{right} table")
            following |= step.targets
            split |= step.split
            merge |= step.merge
            catch_all |= step.source_is_catch_all
            notes.extend(step.notes)
            for entry in step.conditional:
                conditional.setdefault(entry.code, entry)
        current = following
    if not current:
        raise UnknownHsCodeError(
            f"{code} ({source}) has no correspondence in {target} in the correlation tables"
        )
    if len(route) > 2:
        notes.append(f"converted in steps through {' -> '.join(route)}")
    relationship = _relationship(split, merge)
    if relationship == "1:n":
        notes.append(
            f"{code} was split in {target}: the goods decide which of the {len(current)} "
            "targets applies"
        )
    elif relationship == "n:n":
        notes.append("the correspondence is many-to-many: check each target's description")
    grouped: dict[str, list[str]] = {}
    for entry in conditional.values():
        grouped.setdefault(entry.applies_when, []).append(entry.code)
    for applies_when, codes in grouped.items():
        shown = ", ".join(sorted(codes)[:8]) + (
            f" and {len(codes) - 8} more" if len(codes) > 8 else ""
        )
        notes.append(f"if {applies_when}: {shown} instead")
    return HsConversion(
        source_code=code,
        source_edition=source,
        target_edition=target,
        targets=sorted(current),
        relationship=relationship,
        needs_review=relationship in ("1:n", "n:n") or catch_all,
        notes=notes,
        conditional_targets=sorted(conditional.values(), key=lambda item: item.code),
        path=route,
    )


def convert(code: str, source: str = "HS2017", target: str = "HS2022") -> HsConversion:
    """Convert an HS6 code from edition ``source`` to edition ``target``.

    Codes longer than 6 digits are converted on their first 6 digits, and the result says so.
    """
    digits = normalize(code)
    source_name, target_name = validate_edition(source), validate_edition(target)
    if len(digits) < 6:
        from cbec_compliance.errors import InvalidHsCodeError

        raise InvalidHsCodeError(
            f"{code!r} has {len(digits)} digits; correlation tables link 6-digit subheadings"
        )
    result = _convert_cached(digits[:6], source_name, target_name)
    if len(digits) > 6:
        note = f"national digits {digits[6:]!r} of {digits} were set aside: tables link HS6 codes"
        return result.model_copy(update={"notes": [note, *result.notes]})
    return result


def _check_pack(pack: LoadedPack) -> None:
    _read_table(pack)


register_table_checker(HsCorrelationPack.kind_name, _check_pack)
register_cache(clear_cache)
