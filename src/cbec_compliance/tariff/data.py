"""Loading tariff packs into indexes the engine can query: lines, measures, origin groups.

The only module of the tariff engine that touches rule packs. Tables are read on first use of a
pack and kept, keyed by the registry's loaded pack object, so that packs reloaded by the registry
(``add_rules_path``) are read again. Duty expressions are parsed on first use, once per text.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from cbec_compliance.duty.components import DutyExpression
from cbec_compliance.duty.parser import parse_duty_expression
from cbec_compliance.errors import RuleDataError
from cbec_compliance.rules import registry
from cbec_compliance.rules.registry import LoadedPack
from cbec_compliance.tariff.schema import (
    GROUP_COLUMNS,
    LINE_COLUMNS,
    MEASURE_COLUMNS,
    OPTIONAL_MEASURE_COLUMNS,
    LegalSource,
    MeasureType,
    Schedule,
    TariffMeasuresPack,
    TariffSchedulePack,
)

__all__ = [
    "GroupMember",
    "LineRecord",
    "MeasureRow",
    "PackData",
    "ScheduleInfo",
    "load_pack_data",
    "parse_expression",
    "tariff_packs",
]

TARIFF_PREFIX = "tariffs/"
LINES_TABLE = "lines.csv"
MEASURES_TABLE = "measures.csv"
GROUPS_TABLE = "origin_groups.csv"
ALL_LINES = "*"


class LineRecord(NamedTuple):
    code: str
    parent: str
    description: str
    unit: str
    hs6: str


class MeasureRow(NamedTuple):
    code: str
    measure_type: MeasureType
    origin: str
    excluded_origins: tuple[str, ...]
    expression: str
    valid_from: date
    valid_to: date | None
    legal_source: str
    note: str
    condition: str
    suspends: tuple[str, ...]

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class GroupMember(NamedTuple):
    country: str
    valid_from: date | None
    valid_to: date | None

    def member_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclass(frozen=True)
class ScheduleInfo:
    """A tariff pack's header facts, enough to choose the pack for a region and a date."""

    pack_id: str
    kind: str
    title: str
    schedule: Schedule
    valid_from: date
    valid_to: date | None
    legal_sources: dict[str, LegalSource]

    @property
    def is_schedule(self) -> bool:
        return self.kind == TariffSchedulePack.kind_name

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass
class PackData:
    """The tables of one tariff pack, indexed."""

    info: ScheduleInfo
    lines: dict[str, LineRecord] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    by_hs6: dict[str, list[str]] = field(default_factory=dict)
    sorted_codes: list[str] = field(default_factory=list)
    measures: dict[str, list[MeasureRow]] = field(default_factory=dict)
    sorted_measure_codes: list[str] = field(default_factory=list)
    groups: dict[str, list[GroupMember]] = field(default_factory=dict)

    def codes_with_prefix(self, prefix: str) -> Iterator[str]:
        """Line codes starting with ``prefix``, in code order."""
        start = bisect.bisect_left(self.sorted_codes, prefix)
        for code in self.sorted_codes[start:]:
            if not code.startswith(prefix):
                break
            yield code

    def measure_codes_below(self, code: str) -> Iterator[str]:
        """Measure codes strictly more detailed than ``code`` (partial for that line)."""
        start = bisect.bisect_right(self.sorted_measure_codes, code)
        for other in self.sorted_measure_codes[start:]:
            if not other.startswith(code):
                break
            if len(other) > len(code):
                yield other


def _info(pack: LoadedPack) -> ScheduleInfo | None:
    content = pack.content
    if not isinstance(content, TariffSchedulePack | TariffMeasuresPack):
        return None
    return ScheduleInfo(
        pack_id=pack.id,
        kind=content.pack.kind,
        title=content.pack.title,
        schedule=content.schedule,
        valid_from=content.pack.valid_from,
        valid_to=content.pack.valid_to,
        legal_sources={source.id: source for source in content.legal_sources},
    )


_packs_cache: tuple[object, tuple[LoadedPack, ...], list[ScheduleInfo]] | None = None


def tariff_packs() -> list[ScheduleInfo]:
    """Every tariff pack (schedules and measure-only packs) found by the registry.

    Cached until the registry rediscovers its packs or reloads one of them.
    """
    global _packs_cache
    index = registry._discover()
    loaded = tuple(registry.get_pack(pack_id) for pack_id in registry.pack_ids(TARIFF_PREFIX))
    cached = _packs_cache
    if cached is not None and cached[0] is index and cached[1] == loaded:
        return cached[2]
    found = [info for info in (_info(pack) for pack in loaded) if info is not None]
    _packs_cache = (index, loaded, found)
    return found


_lock = threading.RLock()
_data: dict[str, tuple[LoadedPack, PackData]] = {}


def load_pack_data(pack_id: str) -> PackData:
    """The indexed tables of a tariff pack, read on first use (thread-safe)."""
    pack = registry.get_pack(pack_id)
    cached = _data.get(pack_id)
    if cached is not None and cached[0] is pack:
        return cached[1]
    with _lock:
        cached = _data.get(pack_id)
        if cached is not None and cached[0] is pack:
            return cached[1]
        data = _read(pack)
        _data[pack_id] = (pack, data)
        return data


def _date(value: str, where: str, column: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RuleDataError(f"{where}: column {column} = {value!r} is not an ISO date") from None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _declared(pack: LoadedPack) -> dict[str, tuple[str, ...]]:
    return {table.file: table.columns for table in pack.content.pack.tables}


def _read(pack: LoadedPack) -> PackData:
    info = _info(pack)
    if info is None:
        raise RuleDataError(f"{pack.folder}: pack {pack.id!r} is not a tariff pack")
    data = PackData(info)
    declared = _declared(pack)
    if LINES_TABLE in declared:
        _read_lines(pack, data, declared[LINES_TABLE])
    if MEASURES_TABLE in declared:
        _read_measures(pack, data, declared[MEASURES_TABLE])
    if GROUPS_TABLE in declared:
        _read_groups(pack, data, declared[GROUPS_TABLE])
    return data


def _check_columns(
    pack: LoadedPack,
    file: str,
    columns: tuple[str, ...],
    wanted: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> None:
    if columns[: len(wanted)] != wanted or any(c not in optional for c in columns[len(wanted) :]):
        raise RuleDataError(
            f"{pack.folder / file}: columns {list(columns)} must be {list(wanted)}"
            + (f" optionally followed by some of {list(optional)}" if optional else "")
        )


def _read_lines(pack: LoadedPack, data: PackData, columns: tuple[str, ...]) -> None:
    _check_columns(pack, LINES_TABLE, columns, LINE_COLUMNS)
    intern = _interner()
    for line_number, row in pack.table_rows(LINES_TABLE):
        code = row["code"]
        where = f"{pack.folder / LINES_TABLE}:{line_number}"
        if not code.isdigit():
            raise RuleDataError(f"{where}: code {code!r} must be digits only")
        if code in data.lines:
            raise RuleDataError(f"{where}: code {code} appears twice")
        hs6 = row["hs6"]
        if hs6 and not (len(hs6) == 6 and hs6.isdigit()):
            raise RuleDataError(f"{where}: hs6 {hs6!r} must be 6 digits or empty")
        record = LineRecord(
            code, row["parent"], row["description"], intern(row["unit"]), intern(hs6)
        )
        data.lines[code] = record
    for code, record in data.lines.items():
        if record.parent:
            if record.parent not in data.lines:
                raise RuleDataError(
                    f"{pack.folder / LINES_TABLE}: line {code} has parent {record.parent}, "
                    "which is not a line"
                )
            data.children.setdefault(record.parent, []).append(code)
        if record.hs6:
            data.by_hs6.setdefault(record.hs6, []).append(code)
    for codes in data.children.values():
        codes.sort()
    data.sorted_codes = sorted(data.lines)


def _interner() -> Callable[[str], str]:
    seen: dict[str, str] = {}

    def intern(value: str) -> str:
        return seen.setdefault(value, value)

    return intern


def _read_measures(pack: LoadedPack, data: PackData, columns: tuple[str, ...]) -> None:
    _check_columns(pack, MEASURES_TABLE, columns, MEASURE_COLUMNS, OPTIONAL_MEASURE_COLUMNS)
    intern = _interner()
    types = {item.value: item for item in MeasureType}
    for line_number, row in pack.table_rows(MEASURES_TABLE):
        where = f"{pack.folder / MEASURES_TABLE}:{line_number}"
        code = row["code"]
        if code != ALL_LINES and not code.isdigit():
            raise RuleDataError(f"{where}: code {code!r} must be digits only or '*'")
        measure_type = types.get(row["measure_type"])
        if measure_type is None:
            raise RuleDataError(
                f"{where}: measure_type {row['measure_type']!r} is not one of {sorted(types)}"
            )
        origin = row["origin"]
        if not _valid_origin(origin):
            raise RuleDataError(
                f"{where}: origin {origin!r} must be erga_omnes, an alpha-2 code, "
                "group:<id> or program:<code>"
            )
        legal_source = row["legal_source"]
        if legal_source not in data.info.legal_sources:
            raise RuleDataError(
                f"{where}: legal_source {legal_source!r} is not an id of [[legal_sources]]"
            )
        valid_from = _date(row["valid_from"], where, "valid_from")
        if valid_from is None:
            raise RuleDataError(f"{where}: valid_from is required")
        valid_to = _date(row["valid_to"], where, "valid_to")
        if valid_to is not None and valid_to < valid_from:
            raise RuleDataError(f"{where}: valid_to {valid_to} is before valid_from {valid_from}")
        suspends = _split(row.get("suspends", ""))
        for item in suspends:
            if item not in data.info.legal_sources:
                raise RuleDataError(f"{where}: suspends {item!r} is not a legal source id")
        measure = MeasureRow(
            code=code,
            measure_type=measure_type,
            origin=intern(origin),
            excluded_origins=_split(row["excluded_origins"]),
            expression=intern(row["expression"]),
            valid_from=valid_from,
            valid_to=valid_to,
            legal_source=intern(legal_source),
            note=intern(row["note"]),
            condition=intern(row.get("condition", "")),
            suspends=suspends,
        )
        data.measures.setdefault(code, []).append(measure)
    data.sorted_measure_codes = sorted(code for code in data.measures if code != ALL_LINES)


def _valid_origin(origin: str) -> bool:
    if origin == "erga_omnes":
        return True
    if len(origin) == 2 and origin.isalpha() and origin.isupper():
        return True
    for prefix in ("group:", "program:"):
        if origin.startswith(prefix) and len(origin) > len(prefix):
            return True
    return False


def _read_groups(pack: LoadedPack, data: PackData, columns: tuple[str, ...]) -> None:
    _check_columns(pack, GROUPS_TABLE, columns, GROUP_COLUMNS)
    for line_number, row in pack.table_rows(GROUPS_TABLE):
        where = f"{pack.folder / GROUPS_TABLE}:{line_number}"
        country = row["country"]
        if not (len(country) == 2 and country.isalpha() and country.isupper()):
            raise RuleDataError(f"{where}: country {country!r} must be an ISO alpha-2 code")
        member = GroupMember(
            country,
            _date(row["valid_from"], where, "valid_from"),
            _date(row["valid_to"], where, "valid_to"),
        )
        data.groups.setdefault(row["group"], []).append(member)


# Expression parsing -------------------------------------------------------------------------

_expression_lock = threading.Lock()
_expressions: dict[tuple[str, str | None], DutyExpression] = {}


def parse_expression(text: str, currency: str | None = None) -> DutyExpression:
    """The structured form of a rate text, parsed once per (text, currency) and cached."""
    key = (text, currency)
    cached = _expressions.get(key)
    if cached is not None:
        return cached
    parsed = _parse(text, currency)
    with _expression_lock:
        return _expressions.setdefault(key, parsed)


def _parse(text: str, currency: str | None) -> DutyExpression:
    return parse_duty_expression(text, currency=currency)


def group_members(packs: Iterable[PackData], group: str, on: date) -> frozenset[str]:
    """Countries in ``group`` on ``on``, from the first pack that defines the group."""
    for data in packs:
        members = data.groups.get(group)
        if members is not None:
            return frozenset(item.country for item in members if item.member_on(on))
    return frozenset()
