"""Lookup of national tariff lines and their measures, and conversion between schedules.

Pure over the indexed pack data of :mod:`cbec_compliance.tariff.data`: the region's customs
territory picks the schedules (DE -> EU), the date picks the schedule in force, and every answer
says which schedule and which legal source it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cbec_compliance.dates import as_date
from cbec_compliance.errors import (
    CbecError,
    InvalidHsCodeError,
    InvalidInputError,
    NoNationalTariffError,
    NoTariffScheduleForDateError,
    NotFoundError,
    UnknownTariffLineError,
    UnsupportedError,
)
from cbec_compliance.rules import registry
from cbec_compliance.tariff.data import (
    ALL_LINES,
    MeasureRow,
    PackData,
    ScheduleInfo,
    group_members,
    load_pack_data,
    parse_expression,
    tariff_packs,
)
from cbec_compliance.tariff.model import ERGA_OMNES, Candidate, Measure, TariffLine, format_code
from cbec_compliance.tariff.schema import MeasureType

__all__ = ["convert", "lookup", "measures", "normalize_code"]

DIRECTIONS = ("import", "export")
MAX_CODE_DIGITS = 14
NEAREST_LIMIT = 12

# Used only while cbec_compliance.regions is absent: the EU customs union's members.
_EU_MEMBERS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()  # noqa: SIM905
)


# Codes ---------------------------------------------------------------------------------------


def _own_normalize(code: str) -> str:
    digits = re.sub(r"[\s.\-\u00a0]", "", code)
    if not digits or not digits.isascii() or not digits.isdigit():
        raise InvalidHsCodeError(
            f"{code!r} is not a tariff code; give digits, optionally grouped with dots or spaces "
            "(6109.10.00.12)"
        )
    return digits


def normalize_code(code: object) -> str:
    """Digits only: ``"6109.10.00 12"`` -> ``"6109100012"``; raises InvalidHsCodeError."""
    if not isinstance(code, str):
        raise InvalidHsCodeError(f"a tariff code must be a string, not {type(code).__name__}")
    digits = _own_normalize(code)
    if len(digits) < 2 or len(digits) > MAX_CODE_DIGITS:
        raise InvalidHsCodeError(
            f"{code!r} has {len(digits)} digits; a tariff code has 2 to {MAX_CODE_DIGITS}"
        )
    if len(digits) <= 10:
        try:
            from cbec_compliance import hs

            normalize = getattr(hs, "normalize", None)
            if normalize is not None:
                normalized = normalize(digits)
                if isinstance(normalized, str) and normalized.isdigit():
                    return normalized
        except CbecError:
            raise
        except Exception:  # a helper's bug must not escape as a non-CbecError
            return digits
    return digits


# Regions and schedules -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    region: str
    territory: str
    on: date
    direction: str
    schedule: ScheduleInfo
    data: PackData
    extra: tuple[PackData, ...]
    notes: tuple[str, ...]

    @property
    def all_data(self) -> tuple[PackData, ...]:
        return (self.data, *self.extra)


def _check_direction(direction: object) -> str:
    if direction not in DIRECTIONS:
        raise InvalidInputError(f"direction {direction!r} must be 'import' or 'export'")
    return str(direction)


def _resolve_region(region: object, on: date, territories: set[str]) -> tuple[str, str]:
    if not isinstance(region, str) or not region.strip():
        raise InvalidInputError(f"region {region!r} must be a region code such as 'US' or 'DE'")
    code = region.strip().upper()
    if code in territories:
        return code, code
    try:
        from cbec_compliance import regions as regions_module
    except ImportError:
        regions_module = None  # type: ignore[assignment]
    get = getattr(regions_module, "get", None) if regions_module is not None else None
    if get is not None:
        found: Any = get(region.strip(), on=on)
        if found is None:
            raise NotFoundError(f"unknown region {region!r}; use an ISO 3166 code such as 'DE'")
        return str(found.code), str(found.customs_territory)
    if len(code) == 2 and code.isalpha() and code.isascii():
        return code, "EU" if code in _EU_MEMBERS else code
    raise NotFoundError(f"unknown region {region!r}; use an ISO 3166 alpha-2 code such as 'DE'")


def _context(region: object, on: object, direction: object) -> _Context:
    day = as_date(on)
    way = _check_direction(direction)
    packs = tariff_packs()
    code, territory = _resolve_region(region, day, {info.schedule.region for info in packs})
    for_territory = [info for info in packs if info.schedule.region == territory]
    schedules = [info for info in for_territory if info.is_schedule]
    label = code if code == territory else f"{code} (customs territory {territory})"
    if not schedules:
        raise NoNationalTariffError(
            f"{label} has no national tariff schedule in the rule packs; it works at HS6: use "
            "cbec_compliance.hs.lookup(code6) for the 6-digit subheading"
        )
    same_way = [info for info in schedules if info.schedule.direction == way]
    if not same_way:
        others = ", ".join(f"{info.pack_id} ({info.schedule.direction})" for info in schedules)
        raise NoNationalTariffError(
            f"{label} has no {way} schedule in the rule packs (available: {others}); "
            "it works at HS6 for that direction"
        )
    notes: list[str] = []
    in_force = [info for info in same_way if info.in_force(day)]
    if in_force:
        chosen = max(in_force, key=lambda info: (info.valid_from, info.pack_id))
    else:
        earlier = [info for info in same_way if info.valid_from <= day]
        if not earlier:
            listing = ", ".join(
                f"{info.pack_id} from {info.valid_from}"
                for info in sorted(same_way, key=lambda info: info.valid_from)
            )
            raise NoTariffScheduleForDateError(
                f"no {way} schedule of {label} is in force on {day}; the rule packs start later: "
                f"{listing}"
            )
        chosen = max(earlier, key=lambda info: (info.valid_to or date.max, info.valid_from))
        notes.append(
            f"{chosen.title} ({chosen.pack_id}) is in force to {chosen.valid_to}; no newer "
            f"{territory} schedule is in the rule packs, so its lines and rates are shown for "
            f"{day} as the latest known: check for later changes"
        )
    as_of = chosen.schedule.rates_as_of
    if as_of is not None and abs((day - as_of).days) > 366:
        notes.append(f"rates as of {chosen.schedule.rates_as_of} ({chosen.title})")
    extra = tuple(
        load_pack_data(info.pack_id)
        for info in for_territory
        if not info.is_schedule and info.schedule.direction == way
    )
    return _Context(
        code, territory, day, way, chosen, load_pack_data(chosen.pack_id), extra, tuple(notes)
    )


# Lines ---------------------------------------------------------------------------------------


def _label(context: _Context) -> str:
    return f"{context.schedule.title} ({context.schedule.pack_id})"


def _describe_codes(data: PackData, codes: Iterable[str]) -> str:
    return ", ".join(f"{format_code(code)} ({data.lines[code].description})" for code in codes)


def _nearest(code: str, data: PackData) -> list[str]:
    ancestor = next(
        (code[:length] for length in range(len(code) - 1, 1, -1) if code[:length] in data.lines),
        None,
    )
    if ancestor is not None:
        children = data.children.get(ancestor, [])
        matching = [child for child in children if child.startswith(code)]
        return (matching or children or [ancestor])[:NEAREST_LIMIT]
    for length in range(len(code), 1, -1):
        under = sorted(data.codes_with_prefix(code[:length]), key=lambda item: (len(item), item))
        if under:
            shallowest = len(under[0])
            return [item for item in under if len(item) == shallowest][:NEAREST_LIMIT]
    roots = sorted(item for item, record in data.lines.items() if not record.parent)
    return roots[:NEAREST_LIMIT]


def _resolve_code(raw: object, context: _Context) -> tuple[str, list[str]]:
    code = normalize_code(raw)
    data = context.data
    if code in data.lines:
        return code, []
    digits = context.schedule.schedule.digits
    if len(code) > digits and code[:digits] in data.lines:
        found = code[:digits]
        return found, [
            f"{format_code(code)} is more detailed than the {digits}-digit "
            f"{context.schedule.schedule.nomenclature}; resolved to {format_code(found)}, the "
            "most specific line of this schedule (national subdivisions beyond it are not in the "
            "data)"
        ]
    trimmed = code
    while len(trimmed) > 4 and trimmed.endswith("00"):
        trimmed = trimmed[:-2]
        if trimmed in data.lines:
            return trimmed, [
                f"{format_code(code)} is not a line of {_label(context)}; resolved to "
                f"{format_code(trimmed)}, the line it pads with zeros"
            ]
    for length in range(len(code) - 1, 7, -1):
        prefix = code[:length]
        if prefix in data.lines:
            has_children = any(
                other.startswith(prefix) and len(other) > length for other in data.lines
            )
            if not has_children:
                return prefix, [
                    f"{format_code(code)} is not a line of {_label(context)}; resolved to "
                    f"{format_code(prefix)}, which the schedule does not subdivide further "
                    "(the extra digits are national subdivisions absent from the data)"
                ]
            break
    nearest = _nearest(code, data)
    raise UnknownTariffLineError(
        f"{format_code(code)} is not a line of {_label(context)}; nearest valid lines: "
        f"{_describe_codes(data, nearest) or 'none'}",
        tuple(nearest),
    )


def _descriptions(code: str, data: PackData) -> tuple[str, ...]:
    chain: list[str] = []
    current: str | None = code
    seen: set[str] = set()
    while current and current in data.lines and current not in seen:
        seen.add(current)
        record = data.lines[current]
        if not chain or chain[-1] != record.description:
            chain.append(record.description)
        current = record.parent or None
    return tuple(reversed(chain))


# Measures ------------------------------------------------------------------------------------


def _measure(row: MeasureRow, data: PackData, currency: str, partial: bool) -> Measure:
    return Measure(
        code=row.code,
        measure_type=row.measure_type,
        origin=row.origin,
        excluded_origins=row.excluded_origins,
        expression=parse_expression(row.expression, currency),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        legal_source=data.info.legal_sources[row.legal_source],
        note=row.note or None,
        schedule=data.info.pack_id,
        condition=row.condition or None,
        suspends=row.suspends,
        partial=partial,
    )


def _collect(code: str, context: _Context) -> list[Measure]:
    on = context.on
    currency = context.schedule.schedule.currency
    found: list[Measure] = []
    for data in context.all_data:
        keys = [ALL_LINES, *(code[:length] for length in range(1, len(code) + 1))]
        for key in keys:
            for row in data.measures.get(key, ()):
                if row.in_force(on):
                    found.append(_measure(row, data, currency, partial=False))
        if len(code) >= 6:
            for key in data.measure_codes_below(code):
                for row in data.measures[key]:
                    if row.in_force(on):
                        found.append(_measure(row, data, currency, partial=True))
    return _apply_exclusions(found)


def _apply_exclusions(found: list[Measure], *, origin_checked: bool = False) -> list[Measure]:
    """Drop measures cancelled by an unconditional exclusion covering the whole line.

    Without an origin (``lookup``) an exclusion cancels only measures of its own origin scope or
    all of them when it is erga omnes; once the exclusions have been filtered for one origin
    (``measures``), every remaining exclusion applies.
    """
    automatic = [
        item
        for item in found
        if item.measure_type is MeasureType.EXCLUSION
        and item.condition is None
        and not item.partial
        and item.suspends
    ]
    if not automatic:
        return found
    kept: list[Measure] = []
    for item in found:
        cancelled = item.measure_type is not MeasureType.EXCLUSION and any(
            item.legal_source.id in exclusion.suspends
            and (
                origin_checked
                or (
                    exclusion.origin in (ERGA_OMNES, item.origin) and not exclusion.excluded_origins
                )
            )
            and (not item.partial or item.code.startswith(exclusion.code) or exclusion.code == "*")
            for exclusion in automatic
        )
        if not cancelled:
            kept.append(item)
    return kept


def lookup(
    code: str, region: str, on: date | None = None, *, direction: str = "import"
) -> TariffLine:
    """The national line ``code`` of ``region``'s schedule in force on ``on`` (default today).

    The line carries every measure in force that day on it, on its ancestors, on every line
    (``*``) and, flagged ``partial``, on its more detailed lines. Raises
    :class:`UnknownTariffLineError` (naming the nearest valid lines) for a code that is not a line,
    :class:`NoNationalTariffError` for a region without national data.
    """
    context = _context(region, on, direction)
    resolved, notes = _resolve_code(code, context)
    data = context.data
    record = data.lines[resolved]
    children = tuple(data.children.get(resolved, ()))
    found = _collect(resolved, context)
    extra_notes: list[str] = []
    if children and len(resolved) < 6:
        extra_notes.append(
            "rates are set on the more detailed lines below this one; look one of them up"
        )
    elif children:
        extra_notes.append(
            f"{format_code(resolved)} is not a declarable line: declare one of "
            f"{', '.join(format_code(child) for child in children[:NEAREST_LIMIT])}"
            + (" ..." if len(children) > NEAREST_LIMIT else "")
        )
    if any(not item.scope_known for item in found):
        extra_notes.append(
            "some additional duties have no line-level scope in the data: see the measures "
            "whose note starts 'Scope unknown'"
        )
    info = context.schedule
    return TariffLine(
        code=resolved,
        description=record.description,
        descriptions=_descriptions(resolved, data),
        hs6=record.hs6 or None,
        unit=record.unit or None,
        region=context.region,
        customs_territory=context.territory,
        schedule=info.pack_id,
        schedule_title=info.title,
        nomenclature=info.schedule.nomenclature,
        hs_edition=info.schedule.hs_edition,
        direction=context.direction,
        currency=info.schedule.currency,
        on=context.on,
        measures=tuple(sorted(found, key=_measure_order)),
        notes=(*context.notes, *notes, *extra_notes),
        requested_code=code if isinstance(code, str) else "",
        declarable=not children,
        children=children,
    )


_TYPE_ORDER = {item: index for index, item in enumerate(MeasureType)}


def _measure_order(item: Measure) -> tuple[Any, ...]:
    return (_TYPE_ORDER[item.measure_type], item.partial, item.origin, item.code, item.valid_from)


def _origin_code(origin: object, on: date) -> str | None:
    if origin is None:
        return None
    if not isinstance(origin, str) or not origin.strip():
        raise InvalidInputError(f"origin {origin!r} must be an ISO 3166 alpha-2 code such as 'CN'")
    code = origin.strip().upper()
    if len(code) == 2 and code.isalpha() and code.isascii():
        return code
    try:
        from cbec_compliance import regions as regions_module
    except ImportError:
        regions_module = None  # type: ignore[assignment]
    get = getattr(regions_module, "get", None) if regions_module is not None else None
    if get is not None:
        found: Any = get(origin.strip(), on=on)
        if found is not None:
            return str(found.code)
    raise InvalidInputError(f"origin {origin!r} must be an ISO 3166 alpha-2 code such as 'CN'")


def _types(measure_types: object) -> frozenset[MeasureType] | None:
    if measure_types is None:
        return None
    items: Iterable[object] = (
        [measure_types] if isinstance(measure_types, str | MeasureType) else measure_types  # type: ignore[assignment]
    )
    try:
        return frozenset(MeasureType(str(item)) for item in items)
    except (ValueError, TypeError):
        raise InvalidInputError(
            f"measure_types {measure_types!r} must be MeasureType values such as "
            f"{[item.value for item in MeasureType]}"
        ) from None


def _applies(
    item: Measure,
    origin: str | None,
    context: _Context,
    by_pack: dict[str, PackData],
) -> bool:
    def members(group: str) -> frozenset[str]:
        own = by_pack.get(item.schedule)
        order = ([own] if own is not None else []) + list(context.all_data)
        return group_members(order, group, context.on)

    if origin is not None:
        for excluded in item.excluded_origins:
            if excluded == origin:
                return False
            if excluded.startswith("group:") and origin in members(excluded[len("group:") :]):
                return False
    kind = item.origin_kind
    if kind == ERGA_OMNES or kind == "program":
        return True
    if origin is None:
        return False
    if kind == "country":
        return item.origin == origin
    return origin in members(item.origin[len("group:") :])


def measures(
    code: str,
    region: str,
    on: date | None = None,
    *,
    origin: str | None,
    measure_types: MeasureType | Iterable[MeasureType] | None = None,
    direction: str = "import",
) -> list[Measure]:
    """The measures applicable to goods of ``origin`` under line ``code`` on ``on``.

    Erga omnes measures always apply (unless the origin is excluded); country and group measures
    when the origin belongs; ``program:`` preferences only when ``measure_types`` asks for
    PREFERENTIAL (they need proof of origin; the program decides who qualifies). With
    ``origin=None`` only erga omnes measures are returned.
    """
    wanted = _types(measure_types)
    if on is not None and all(
        isinstance(value, str | date | None) for value in (code, region, on, origin, direction)
    ):
        return list(_measures_memo(code, region, on, origin, wanted, direction))
    return _measures(code, region, on, origin, wanted, direction)


@lru_cache(maxsize=4096)
def _measures_memo(
    code: str,
    region: str,
    on: date | str,
    origin: str | None,
    wanted: frozenset[MeasureType] | None,
    direction: str,
) -> tuple[Measure, ...]:
    """:func:`measures` for a given day, memoised until the set of rules roots changes."""
    return tuple(_measures(code, region, on, origin, wanted, direction))


registry.register_cache(_measures_memo.cache_clear)


def _measures(
    code: object,
    region: object,
    on: object,
    origin: object,
    wanted: frozenset[MeasureType] | None,
    direction: object,
) -> list[Measure]:
    line = lookup(code, region, on, direction=direction)  # type: ignore[arg-type]
    origin_code = _origin_code(origin, line.on)
    context = _context(region, on, direction)
    by_pack = {data.info.pack_id: data for data in context.all_data}
    result: list[Measure] = []
    for item in line.measures:
        if wanted is None:
            if item.measure_type is MeasureType.PREFERENTIAL:
                continue
        elif item.measure_type not in wanted:
            continue
        if _applies(item, origin_code, context, by_pack):
            result.append(item)
    return _apply_exclusions(result, origin_checked=True)


# Conversion ----------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset(
    [
        "other",
        "than",
        "with",
        "without",
        "and",
        "for",
        "the",
        "not",
        "nes",
        "kind",
        "kinds",
        "whether",
        "their",
        "thereof",
        "including",
        "exceeding",
        "less",
        "more",
        "described",
        "subheading",
        "heading",
        "provided",
    ]
)


def _words(texts: Iterable[str]) -> frozenset[str]:
    found: set[str] = set()
    for text in texts:
        found.update(word for word in _WORD.findall(text.lower()) if word not in _STOP)
    return frozenset(found)


def _national_words(code: str, data: PackData) -> frozenset[str]:
    texts: list[str] = []
    current: str | None = code
    while current and current in data.lines:
        record = data.lines[current]
        if len(current) >= 6:
            texts.append(record.description)
        current = record.parent or None
    return _words(texts)


def _leaves(data: PackData, hs6: str) -> list[str]:
    codes = data.by_hs6.get(hs6, [])
    leaves = [code for code in codes if code not in data.children]
    return leaves or list(codes)


def _hs6_of(code: str, data: PackData) -> list[str]:
    record = data.lines[code]
    if record.hs6:
        return [record.hs6]
    below = sorted({data.lines[item].hs6 for item in data.codes_with_prefix(code)} - {""})
    return below


def _edition_map(hs6: str, source: str, target: str) -> tuple[list[str], bool, list[str]]:
    """Target-edition subheadings for ``hs6``, whether to review, and notes."""
    if source == target:
        return [hs6], False, []
    try:
        from cbec_compliance import hs
    except ImportError:
        hs = None  # type: ignore[assignment]
    converter = getattr(hs, "convert", None) if hs is not None else None
    if converter is None:
        return (
            [hs6],
            True,
            [
                f"{source} and {target} differ and HS edition conversion is not available; "
                f"{hs6} assumed unchanged"
            ],
        )
    result: Any = converter(hs6, source=source, target=target)
    targets = [str(getattr(item, "code", item)) for item in getattr(result, "targets", ())]
    notes = [str(note) for note in getattr(result, "notes", ()) or ()]
    relationship = getattr(result, "relationship", None)
    if relationship is not None:
        notes.insert(
            0,
            f"{source} {hs6} -> {target} {', '.join(targets) or 'nothing'} "
            f"({getattr(relationship, 'value', relationship)})",
        )
    return targets, bool(getattr(result, "needs_review", False)), notes


def convert(
    code: str, source: str, target: str, on: date | None = None, *, direction: str = "import"
) -> list[Candidate]:
    """Lines of ``target``'s schedule that correspond to line ``code`` of ``source``'s, ranked.

    Through the HS6 subheading (and the HS edition correlation when the two schedules use
    different editions). ``certain`` is True only when exactly one line is possible. A target
    without a national schedule gets HS6 candidates.
    """
    source_context = _context(source, on, direction)
    resolved, resolve_notes = _resolve_code(code, source_context)
    source_data = source_context.data
    subheadings = _hs6_of(resolved, source_data)
    if not subheadings:
        raise UnsupportedError(
            f"{format_code(resolved)} of {_label(source_context)} has no HS subheading (national "
            "chapters 98 and 99 are not HS); it cannot be converted through HS6"
        )
    source_edition = source_context.schedule.schedule.hs_edition
    words = _national_words(resolved, source_data)
    try:
        target_context: _Context | None = _context(target, on, direction)
    except NoNationalTariffError:
        target_context = None
    target_edition = (
        target_context.schedule.schedule.hs_edition if target_context else _hs_edition_of(target)
    ) or source_edition
    pairs: list[tuple[str, str, bool, list[str]]] = []
    for hs6 in subheadings:
        targets, review, notes = _edition_map(hs6, source_edition, target_edition)
        pairs.extend((hs6, item, review, notes) for item in targets)
    base_notes = (*source_context.notes, *resolve_notes)
    if target_context is None:
        return _hs6_candidates(resolved, target, target_edition, pairs, base_notes)
    target_data = target_context.data
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for hs6, mapped, review, notes in pairs:
        for line_code in _leaves(target_data, mapped):
            if line_code in seen:
                continue
            seen.add(line_code)
            record = target_data.lines[line_code]
            shared = words & _national_words(line_code, target_data)
            union = words | _national_words(line_code, target_data)
            score = (
                (Decimal(len(shared)) / Decimal(len(union))).quantize(Decimal("0.001"))
                if union
                else Decimal(0)
            )
            via = (
                f"same HS subheading {hs6[:4]}.{hs6[4:]} ({source_edition})"
                if mapped == hs6 and source_edition == target_edition
                else f"HS {hs6} ({source_edition}) corresponds to {mapped} ({target_edition})"
            )
            reason = f"{via} as {source_context.territory} {format_code(resolved)}"
            if shared:
                reason += f"; national descriptions share: {', '.join(sorted(shared)[:6])}"
            candidates.append(
                Candidate(
                    code=line_code,
                    description=record.description,
                    descriptions=_descriptions(line_code, target_data),
                    hs6=record.hs6 or None,
                    region=target_context.region,
                    schedule=target_context.schedule.pack_id,
                    reason=reason,
                    score=score,
                    needs_review=review,
                    notes=(*base_notes, *target_context.notes, *notes),
                )
            )
    candidates.sort(key=lambda item: (-item.score, item.code))
    if len(candidates) == 1 and not candidates[0].needs_review:
        only = candidates[0]
        candidates = [replace(only, certain=True)]
    return candidates


def _hs_edition_of(region: str) -> str | None:
    try:
        from cbec_compliance import regions as regions_module

        found: Any = getattr(regions_module, "get")(region, on=None)  # noqa: B009
        edition = getattr(found, "hs_edition", None)
        return str(getattr(edition, "name", edition)) if edition else None
    except (ImportError, AttributeError, CbecError):
        return None


def _hs6_candidates(
    resolved: str,
    target: str,
    edition: str,
    pairs: list[tuple[str, str, bool, list[str]]],
    base_notes: tuple[str, ...],
) -> list[Candidate]:
    first: dict[str, tuple[str, str, bool, list[str]]] = {}
    for pair in pairs:
        first.setdefault(pair[1], pair)
    region = target.strip().upper()
    return [
        Candidate(
            code=mapped,
            description=_hs_description(mapped, edition),
            descriptions=(),
            hs6=mapped,
            region=region,
            schedule=edition,
            reason=(
                f"{region} has no national tariff in the rule packs; HS subheading "
                f"{mapped[:4]}.{mapped[4:]} ({edition}) of {format_code(resolved)}"
            ),
            score=Decimal(1),
            certain=len(first) == 1 and not review,
            needs_review=review,
            notes=(*base_notes, *notes),
        )
        for _, mapped, review, notes in first.values()
    ]


def _hs_description(code6: str, edition: str) -> str:
    try:
        from cbec_compliance import hs

        found: Any = getattr(hs, "lookup")(code6, edition=edition)  # noqa: B009
        return str(getattr(found, "description", ""))
    except (ImportError, AttributeError, TypeError, CbecError):
        return ""
