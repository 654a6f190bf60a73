"""Access to the tax and low-value-regime packs: which rules apply to a destination on a day.

Packs are read through :mod:`cbec_compliance.rules.registry` (lazy, thread-safe); the indexes
built here are cached and dropped when the set of rules roots changes.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from cbec_compliance.errors import NoTaxRulesError, NotFoundError, RuleDataError
from cbec_compliance.rules import registry
from cbec_compliance.rules.schema import Dated, Source
from cbec_compliance.tax.schema import (
    ImportTaxRulesPack,
    LowValueRegimesPack,
    VatRate,
    VatRatesPack,
    VatSource,
)

__all__ = [
    "DEFAULT_TERRITORY",
    "Destination",
    "VatRateRow",
    "destination_rules",
    "in_force",
    "vat_rate_rows",
]

DEFAULT_TERRITORY = "ZZ"
"""The territory of ``rules/tax/default``: assumptions used where a country has no pack."""

VAT_RATES_PACK = "tax/vat-rates"
RuleT = TypeVar("RuleT", bound=Dated)


@dataclass(frozen=True, slots=True)
class VatRateRow:
    """A row of the generated VAT rate table, with its source resolved."""

    country: str
    rate_type: str
    percent: Decimal
    currency: str
    valid_from: date
    valid_to: date | None
    source: VatSource
    note: str

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Destination:
    """Everything the engine needs to know about where the goods go, from the packs."""

    country: str
    territory: str
    currency: str
    tax_pack_id: str
    tax: ImportTaxRulesPack
    regimes: tuple[tuple[str, LowValueRegimesPack], ...]
    """Regime packs of the territory then of the country (``regimes/EU``, ``regimes/DE``)."""
    generic: bool
    """True when the country has no pack of its own and the default assumptions apply."""


def in_force(rules: Sequence[RuleT], on: date) -> list[RuleT]:
    """The rules of a sequence in force on a day, in pack order."""
    return [rule for rule in rules if rule.in_force(on)]


_lock = threading.RLock()
_territories: dict[str, tuple[str, ImportTaxRulesPack]] | None = None
_vat_rows: dict[str, list[VatRateRow]] | None = None
_regimes: dict[str, tuple[str, LowValueRegimesPack]] | None = None


_destinations: dict[tuple[str, date], Destination] = {}


def _clear() -> None:
    global _territories, _vat_rows, _regimes
    with _lock:
        _territories = None
        _vat_rows = None
        _regimes = None
        _destinations.clear()


registry.register_cache(_clear)


def _tax_packs() -> dict[str, tuple[str, ImportTaxRulesPack]]:
    """Territory or member country -> (pack id, pack)."""
    global _territories
    if _territories is None:
        with _lock:
            if _territories is None:
                index: dict[str, tuple[str, ImportTaxRulesPack]] = {}
                for pack_id in registry.pack_ids("tax/"):
                    pack = registry.get_pack(pack_id)
                    if not isinstance(pack.content, ImportTaxRulesPack):
                        continue
                    content = pack.content
                    index[content.territory] = (pack_id, content)
                    for member in content.members:
                        index.setdefault(member.country, (pack_id, content))
                _territories = index
    return _territories


def _regime_packs() -> dict[str, tuple[str, LowValueRegimesPack]]:
    global _regimes
    if _regimes is None:
        with _lock:
            if _regimes is None:
                index: dict[str, tuple[str, LowValueRegimesPack]] = {}
                for pack_id in registry.pack_ids("regimes/"):
                    pack = registry.get_pack(pack_id)
                    if isinstance(pack.content, LowValueRegimesPack):
                        index[pack.content.applies_to] = (pack_id, pack.content)
                _regimes = index
    return _regimes


def _parse_date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RuleDataError(f"{where}: {text!r} is not an ISO date") from None


def _load_vat_rows() -> dict[str, list[VatRateRow]]:
    global _vat_rows
    if _vat_rows is None:
        with _lock:
            if _vat_rows is None:
                rows: dict[str, list[VatRateRow]] = {}
                try:
                    pack = registry.get_pack(VAT_RATES_PACK)
                except NotFoundError:
                    _vat_rows = rows
                    return rows
                content = pack.content_as(VatRatesPack)
                sources = {source.id: source for source in content.rate_sources}
                for line, row in pack.table_rows("rates.csv"):
                    where = f"{pack.folder / 'rates.csv'}:{line}"
                    source = sources.get(row["source"])
                    if source is None:
                        raise RuleDataError(f"{where}: source {row['source']!r} is not declared")
                    try:
                        percent = Decimal(row["percent"])
                    except InvalidOperation:
                        raise RuleDataError(f"{where}: percent {row['percent']!r}") from None
                    rows.setdefault(row["country"], []).append(
                        VatRateRow(
                            country=row["country"],
                            rate_type=row["rate_type"],
                            percent=percent,
                            currency=row["currency"],
                            valid_from=_parse_date(row["valid_from"], where),
                            valid_to=(
                                _parse_date(row["valid_to"], where) if row["valid_to"] else None
                            ),
                            source=source,
                            note=row["note"],
                        )
                    )
                _vat_rows = rows
    return _vat_rows


def vat_rate_rows(country: str) -> list[VatRateRow]:
    """Every generated VAT rate row of a country (all dates)."""
    return list(_load_vat_rows().get(country, ()))


def _country_currency(country: str, on: date, tax: ImportTaxRulesPack) -> str | None:
    for member in tax.members:
        if (
            member.country == country
            and member.currency
            and member.valid_from <= on
            and (member.valid_to is None or on <= member.valid_to)
        ):
            return member.currency
    rows = [row for row in vat_rate_rows(country) if row.in_force(on)] or vat_rate_rows(country)
    if rows:
        return rows[-1].currency
    return None


def _regions_territory(country: str, on: date) -> str | None:
    """The customs territory from the regions module, when it is installed and knows the code."""
    try:
        from cbec_compliance import regions
    except ImportError:
        return None
    try:
        region = regions.get(country, on=on)
    except Exception:
        return None
    territory = getattr(region, "customs_territory", None)
    return territory if isinstance(territory, str) else None


def destination_rules(country: str, on: date) -> Destination:
    """The rules for goods going to ``country`` on ``on``; raises if nothing is known."""
    cached = _destinations.get((country, on))
    if cached is None:
        cached = _destination_rules(country, on)
        if len(_destinations) > 4096:
            _destinations.clear()
        _destinations[(country, on)] = cached
    return cached


def _destination_rules(country: str, on: date) -> Destination:
    packs = _tax_packs()
    entry = packs.get(country)
    if entry is not None and entry[1].territory != country:
        member_ok = any(
            member.country == country
            and member.valid_from <= on
            and (member.valid_to is None or on <= member.valid_to)
            for member in entry[1].members
        )
        if not member_ok:
            entry = None
    if entry is None:
        territory = _regions_territory(country, on)
        if territory and territory in packs and territory != country:
            entry = packs[territory]
    generic = False
    if entry is None:
        if not vat_rate_rows(country):
            raise NoTaxRulesError(
                f"no import-tax rules or VAT rate for destination {country!r}; add a pack under "
                "rules/tax/ or pass the rates (duty_rate and vat_rate on each Item)"
            )
        default = packs.get(DEFAULT_TERRITORY)
        if default is None:
            raise NoTaxRulesError("the default import-tax rules (rules/tax/default) are missing")
        entry = default
        generic = True
    pack_id, tax = entry
    currency = _country_currency(country, on, tax) or tax.currency
    if currency is None:
        raise NoTaxRulesError(f"no currency known for destination {country!r}")
    regime_index = _regime_packs()
    regimes: list[tuple[str, LowValueRegimesPack]] = []
    if not generic and tax.territory in regime_index:
        regimes.append(regime_index[tax.territory])
    if country != tax.territory and country in regime_index:
        regimes.append(regime_index[country])
    return Destination(
        country=country,
        territory=country if generic else tax.territory,
        currency=currency,
        tax_pack_id=pack_id,
        tax=tax,
        regimes=tuple(regimes),
        generic=generic,
    )


def hand_written_vat(tax: ImportTaxRulesPack, country: str, on: date) -> VatRate | None:
    """The standard rate of a country from its hand-written pack, when the pack has one."""
    for rate in tax.vat_rates:
        if rate.country == country and rate.rate_type == "standard" and rate.in_force(on):
            return rate
    return None


def generated_vat(country: str, on: date) -> VatRateRow | None:
    """The standard rate from the generated table, when one is in force on the day."""
    for row in vat_rate_rows(country):
        if row.rate_type == "standard" and row.in_force(on):
            return row
    return None


def source_of(row: VatRateRow) -> Source:
    """The row's source as a plain :class:`Source`."""
    return Source(
        title=row.source.title,
        url=row.source.url,
        retrieved=row.source.retrieved,
        note=row.source.note,
    )
