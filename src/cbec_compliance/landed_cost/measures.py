"""Where the tariff measures of a line come from: the caller's provider or the tariff packs.

Failures become a description of what is missing (never a zero duty); lookups in the tariff packs
are memoised per code, region, day and origin until the rules roots change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

from cbec_compliance.errors import CbecError, InvalidInputError, NotFoundError
from cbec_compliance.landed_cost.context import MeasuresProvider, _Context, _Line
from cbec_compliance.landed_cost.model import MeasureLike
from cbec_compliance.rules import registry


def _provider(
    measures: MeasuresProvider | Mapping[str, Sequence[MeasureLike]] | None,
) -> MeasuresProvider | None:
    if measures is None:
        return None
    if isinstance(measures, Mapping):
        table = {str(code): tuple(found) for code, found in measures.items()}

        def from_mapping(
            code: str, region: str, on: date, origin: str | None
        ) -> Sequence[MeasureLike]:
            for length in range(len(code), 1, -1):
                found = table.get(code[:length])
                if found is not None:
                    return [m for m in found if _measure_in_force(m, on)]
            raise NotFoundError(f"no measures supplied for {code}")

        return from_mapping
    if callable(measures):
        return measures
    raise InvalidInputError("measures must be a callable provider or a mapping code -> measures")


def _measure_in_force(measure: MeasureLike, on: date) -> bool:
    return measure.valid_from <= on and (measure.valid_to is None or on <= measure.valid_to)


def _tariff_measures(code: str, region: str, on: date, origin: str | None) -> Sequence[MeasureLike]:
    from cbec_compliance import tariff

    finder = getattr(tariff, "measures", None)
    if finder is None:
        raise _TariffUnavailable(f"the tariff module has no measures() for {region}")
    from cbec_compliance.tariff.schema import MeasureType

    result: Sequence[MeasureLike] = finder(
        code, region, on, origin=origin, measure_types=tuple(MeasureType)
    )
    return result


class _TariffUnavailable(Exception):
    pass


def _line_measures(ctx: _Context, line: _Line) -> tuple[Sequence[MeasureLike] | None, str | None]:
    cached = ctx.measure_cache.get(line.index)
    if cached is None:
        cached = _fetch_measures(ctx, line)
        ctx.measure_cache[line.index] = cached
    return cached


def _fetch_measures(ctx: _Context, line: _Line) -> tuple[Sequence[MeasureLike] | None, str | None]:
    region = ctx.destination.territory
    if ctx.measures is None:
        return _tariff_measures_or_problem(line.item.hs_code, region, ctx.on, line.origin)
    return _measures_or_problem(ctx.measures, line.item.hs_code, region, ctx.on, line.origin)


@lru_cache(maxsize=4096)
def _tariff_measures_or_problem(
    code: str, region: str, on: date, origin: str | None
) -> tuple[Sequence[MeasureLike] | None, str | None]:
    """The tariff packs' measures for a line, or what is missing; memoised until the roots change.

    Failed lookups are remembered too: finding the nearest lines for an error message is slow.
    """
    found, problem = _measures_or_problem(_tariff_measures, code, region, on, origin)
    return (tuple(found) if found is not None else None), problem


registry.register_cache(_tariff_measures_or_problem.cache_clear)


def _measures_or_problem(
    provider: MeasuresProvider, code: str, region: str, on: date, origin: str | None
) -> tuple[Sequence[MeasureLike] | None, str | None]:
    try:
        return provider(code, region, on, origin), None
    except _TariffUnavailable as error:
        return None, f"a duty rate (no tariff data for {region}: {error}; pass duty_rate)"
    except ImportError:
        return None, f"a duty rate (no tariff data for {region}; pass duty_rate)"
    except NotFoundError as error:
        return None, f"a duty rate ({_short(error)}; pass duty_rate)"
    except InvalidInputError:
        raise
    except CbecError as error:
        return None, f"a duty rate ({_short(error)}; pass duty_rate)"


def _short(error: Exception) -> str:
    text = str(error).split(";")[0].strip()
    return text if len(text) <= 240 else text[:237] + "..."


def _type_of(measure: MeasureLike) -> str:
    return str(getattr(measure.measure_type, "value", measure.measure_type))
