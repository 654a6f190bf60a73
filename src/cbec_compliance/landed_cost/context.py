"""The working state of a quote and the destination's rules resolved for one day.

:class:`_Plan` holds the destination's rules in force on a day, each with the :class:`RuleRef` the
trace cites (built by :func:`_plan`, cached per country and day); :class:`_Context`, :class:`_Line`
and :class:`_Charge` are the mutable state the steps of :func:`~.engine.quote` fill in before
:mod:`.finish` freezes it into a :class:`Quote`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, Literal

from cbec_compliance.landed_cost.model import (
    ChargeKind,
    Item,
    MeasureLike,
    Missing,
    RuleRef,
    SourceRef,
    Step,
)
from cbec_compliance.money import Money, currency_minor_units
from cbec_compliance.rules import registry
from cbec_compliance.rules.schema import Source
from cbec_compliance.tax import rules as tax_rules
from cbec_compliance.tax.exchange import ExchangeRates, RateUsed
from cbec_compliance.tax.schema import (
    CrossBorderRetailImport,
    DatedRule,
    EntryFee,
    ExchangeRateRule,
    FlatDutyPerCategory,
    PersonalUseValuation,
    Relief,
    RoundingRule,
    SmallAmountWaiver,
    TaxBase,
    Valuation,
    VatAtSale,
    VatSplit,
)

MeasuresProvider = Callable[[str, str, date, "str | None"], Sequence[MeasureLike]]
"""``(code, tariff_region, on, origin) -> measures`` in force for that origin."""


_ZERO = Decimal(0)


# --------------------------------------------------------------------------- destination plan


@dataclass(frozen=True, slots=True)
class _Plan:
    """The destination's rules in force on one day with their references, resolved once.

    Each rule comes with the :class:`RuleRef` the trace cites. Built by :func:`_plan` and cached
    per (country, day) until the set of rules roots changes.
    """

    destination: tax_rules.Destination
    fx_method: str
    fx_rule: RuleRef | None
    valuation: tuple[Valuation, RuleRef] | None
    tax_bases: tuple[tuple[TaxBase, RuleRef], ...]
    rounding: tuple[RoundingRule, RuleRef] | None
    fees: tuple[tuple[EntryFee, RuleRef], ...]
    standard_vat: tuple[Decimal, RuleRef, str] | None
    """The standard VAT/GST rate, its rule and caveat (None: no rate in the packs)."""
    vat_split: tuple[VatSplit, RuleRef] | None
    """A VAT collected as national and local parts (Japan), or None."""
    personal_use: tuple[tuple[PersonalUseValuation, RuleRef], ...]
    cross_border_retail: tuple[tuple[CrossBorderRetailImport, RuleRef], ...]
    reliefs: tuple[tuple[Relief, RuleRef], ...]
    vat_at_sale: tuple[tuple[VatAtSale, RuleRef], ...]
    flat_duty: tuple[tuple[FlatDutyPerCategory, RuleRef], ...]
    waivers: tuple[tuple[SmallAmountWaiver, RuleRef], ...]
    opening_steps: tuple[Step, ...]
    opening_notes: tuple[str, ...]


# --------------------------------------------------------------------------- working state


@dataclass(slots=True)
class _Charge:
    kind: ChargeKind
    name: str
    amount: Decimal | None
    base: Decimal | None
    rate: str | None
    rule: RuleRef
    collected: Literal["border", "at_sale"] = "border"
    line: int | None = None
    rates: list[RateUsed] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    note: str | None = None
    statutory: Decimal | None = None
    """The full amount before a reduction (China CBEC 70%), used in other taxes' bases."""


@dataclass(slots=True)
class _Line:
    index: int
    item: Item
    origin: str | None
    value: Decimal  # destination currency, unrounded
    value_rate: RateUsed
    transport: Decimal = _ZERO
    insurance: Decimal = _ZERO
    customs_value: Decimal = _ZERO
    charges: list[_Charge] = field(default_factory=list)
    duty_relieved: bool = False
    vat_relieved: bool = False
    excise_relieved: bool = False
    vat_at_sale: tuple[VatAtSale, RuleRef] | None = None
    duty_percent_override: tuple[Decimal, RuleRef] | None = None
    tax_fraction: tuple[Decimal, RuleRef] | None = None
    flat_duty: bool = False


@dataclass(slots=True)
class _Context:
    plan: _Plan
    destination: tax_rules.Destination
    on: date
    currency: str
    quantum: Decimal
    """The destination currency's smallest unit, for amounts shown in the trace."""
    fx: ExchangeRates
    fx_method: str
    fx_rule: RuleRef | None
    steps: list[Step]
    missing: list[Missing]
    notes: list[str]
    regimes: list[str]
    buyer: str
    mode: str
    seller: Mapping[str, bool]
    origin: str | None
    gift: bool
    measures: MeasuresProvider | None
    lines: list[_Line] = field(default_factory=list)
    entry: list[_Charge] = field(default_factory=list)
    fees_relieved: bool = False
    base_step: Decimal | None = None
    """Tax bases are truncated down to a multiple of this (JP: 1,000 yen), from the rounding rule."""
    basis: str = "CIF"
    measure_cache: dict[int, tuple[Sequence[MeasureLike] | None, str | None]] = field(
        default_factory=dict
    )

    def step(
        self,
        title: str,
        detail: str,
        *,
        rule: RuleRef | None = None,
        line: int | None = None,
        base: Money | None = None,
        rate: str | None = None,
        amount: Money | None = None,
        exchange_rate: RateUsed | None = None,
    ) -> None:
        self.steps.append(
            Step(
                title=title,
                detail=detail,
                rule=rule,
                line=line,
                base=base,
                rate=rate,
                amount=amount,
                exchange_rate=exchange_rate,
            )
        )

    def money(self, amount: Decimal) -> Money:
        return _engine_money(amount, self.currency)

    def show(self, amount: Decimal) -> Money:
        """An amount rounded for display in the trace (the computation keeps full precision).

        The same as ``Money(amount, currency).rounded()``.
        """
        return _engine_money(amount.quantize(self.quantum, ROUND_HALF_UP), self.currency)

    def text(self, amount: Decimal) -> str:
        """``str(self.show(amount))`` without building the Money: for trace text."""
        return f"{amount.quantize(self.quantum, ROUND_HALF_UP)} {self.currency}"

    def convert(self, money: Money) -> tuple[Decimal, RateUsed]:
        """``money`` in the destination currency (unrounded), as ``ExchangeRates.convert``."""
        used = self.fx.rate(money.currency, self.currency, self.on, self.fx_method)
        return money.amount * used.rate, used

    def to_currency(self, amount: Decimal, target: str) -> tuple[Decimal, RateUsed]:
        used = self.fx.rate(self.currency, target, self.on, self.fx_method)
        return amount * used.rate, used


# --------------------------------------------------------------------------- helpers


def _sources(sources: Iterable[Source]) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(source.title, source.url, source.retrieved) for source in sources)


@lru_cache(maxsize=256)
def _quantum(currency: str) -> Decimal:
    """The currency's smallest unit (``Decimal('0.01')`` for EUR), as ``Money.rounded`` uses."""
    return Decimal(1).scaleb(-currency_minor_units(currency))


def _engine_money(amount: Decimal, currency: str) -> Money:
    """``Money(amount, currency)`` for an amount the engine computed, without re-checking it.

    The engine's amounts are finite Decimals (Decimal arithmetic traps overflow and invalid
    operations) and its currencies were validated when the destination was resolved, so the
    boundary checks of ``Money.__init__`` are skipped: a quote builds dozens of these.
    """
    return Money.trusted(amount, currency)


_RULE_REFS: dict[tuple[str, int], tuple[DatedRule, RuleRef]] = {}
registry.register_cache(_RULE_REFS.clear)


def _pack_rule(pack_id: str, rule: DatedRule) -> RuleRef:
    cached = _RULE_REFS.get((pack_id, id(rule)))
    if cached is not None and cached[0] is rule:
        return cached[1]
    ref = _build_rule_ref(pack_id, rule)
    _RULE_REFS[(pack_id, id(rule))] = (rule, ref)
    return ref


def _build_rule_ref(pack_id: str, rule: DatedRule) -> RuleRef:
    return RuleRef(
        id=f"{pack_id}#{rule.id}",
        title=rule.title,
        origin="rule pack",
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        sources=_sources(rule.sources),
    )


@lru_cache(maxsize=64)
def _caller_rule(name: str) -> RuleRef:
    return RuleRef(
        id=f"caller:{name}",
        title=f"{name.replace('_', ' ')} supplied by the caller",
        origin="caller",
    )


def _measure_rule(measure: MeasureLike) -> RuleRef:
    source = measure.legal_source
    title = str(getattr(source, "title", "tariff measure"))
    url = getattr(source, "url", None)
    retrieved = getattr(source, "retrieved", None)
    sources = (
        (SourceRef(title, str(url), retrieved if isinstance(retrieved, date) else None),)
        if url
        else ()
    )
    measure_type = str(getattr(measure.measure_type, "value", measure.measure_type))
    return RuleRef(
        id=f"tariff:{getattr(source, 'id', title)}:{measure_type}:{measure.origin}",
        title=f"{measure_type} {measure.expression.text} ({title})",
        origin="tariff",
        valid_from=measure.valid_from,
        valid_to=measure.valid_to,
        sources=sources,
    )


def _percent(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return f"{text}%"


def _in_force_with_pack(
    packs: Sequence[tuple[str, Any]], attribute: str, on: date
) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for pack_id, pack in packs:
        for rule in getattr(pack, attribute):
            if rule.in_force(on):
                found.append((pack_id, rule))
    return found


def _regime_rules(dest: tax_rules.Destination, attribute: str, on: date) -> tuple[Any, ...]:
    """The regime packs' rules of one kind in force on a day, with their references."""
    return tuple(
        (rule, _pack_rule(pack_id, rule))
        for pack_id, rule in _in_force_with_pack(dest.regimes, attribute, on)
    )


def _own_rules(dest: tax_rules.Destination, rules: Sequence[Any], on: date) -> tuple[Any, ...]:
    """The import-tax pack's rules of one kind in force on a day, with their references."""
    return tuple(
        (rule, _pack_rule(dest.tax_pack_id, rule)) for rule in tax_rules.in_force(rules, on)
    )


@lru_cache(maxsize=1024)
def _plan(country: str, on: date) -> _Plan:
    """The rules for goods going to ``country`` on ``on``, resolved once per (country, day)."""
    dest = tax_rules.destination_rules(country, on)
    tax = dest.tax
    exchange: tuple[tuple[ExchangeRateRule, RuleRef], ...] = _own_rules(
        dest, tax.exchange_rates, on
    )
    fx_rule = exchange[0] if exchange else None
    valuation: tuple[tuple[Valuation, RuleRef], ...] = _own_rules(dest, tax.valuation, on)
    rounding: tuple[tuple[RoundingRule, RuleRef], ...] = _own_rules(dest, tax.rounding, on)
    split: tuple[tuple[VatSplit, RuleRef], ...] = _own_rules(dest, tax.vat_split, on)
    steps, notes = _opening(dest, fx_rule[1] if fx_rule else None)
    return _Plan(
        destination=dest,
        fx_method=fx_rule[0].method if fx_rule else "ecb_on_date",
        fx_rule=fx_rule[1] if fx_rule else None,
        valuation=valuation[0] if valuation else None,
        tax_bases=_own_rules(dest, tax.tax_bases, on),
        rounding=rounding[0] if rounding else None,
        fees=_own_rules(dest, tax.fees, on),
        standard_vat=_standard_vat(dest, on),
        vat_split=split[0] if split else None,
        personal_use=_regime_rules(dest, "personal_use_valuation", on),
        cross_border_retail=_regime_rules(dest, "cross_border_retail_import", on),
        reliefs=_regime_rules(dest, "relief", on),
        vat_at_sale=_regime_rules(dest, "vat_at_sale", on),
        flat_duty=_regime_rules(dest, "flat_duty_per_category", on),
        waivers=_regime_rules(dest, "small_amount_waiver", on),
        opening_steps=steps,
        opening_notes=notes,
    )


registry.register_cache(_plan.cache_clear)


def _opening(
    dest: tax_rules.Destination, fx_rule: RuleRef | None
) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    """The trace's first steps (destination, exchange-rate rule) and the notes they raise."""
    detail = f"goods to {dest.country}"
    if dest.territory != dest.country:
        detail += f" (customs territory {dest.territory})"
    detail += f"; amounts in {dest.currency}"
    notes: tuple[str, ...] = ()
    if dest.generic:
        detail += (
            f"; {dest.country} has no import-tax pack of its own: the default assumptions of "
            "rules/tax/default apply (CIF value, VAT on value + duty, standard rate)"
        )
        notes = (
            f"{dest.country}: generic rules (no valuation, regime or fee data for this country); "
            "low-value thresholds are not applied",
        )
    steps = [Step(title="Destination", detail=detail)]
    if fx_rule is not None:
        steps.append(
            Step(title="Exchange rates", detail="how foreign amounts are converted", rule=fx_rule)
        )
    return tuple(steps), notes


def _standard_vat(dest: tax_rules.Destination, on: date) -> tuple[Decimal, RuleRef, str] | None:
    """The destination's standard VAT/GST rate from the packs, its rule and caveat."""
    written = tax_rules.hand_written_vat(dest.tax, dest.country, on)
    if written is not None:
        return (
            written.percent,
            _pack_rule(dest.tax_pack_id, written),
            ("standard rate (reduced rates for particular goods are not applied; pass vat_rate)"),
        )
    row = tax_rules.generated_vat(dest.country, on)
    if row is None:
        return None
    source = tax_rules.source_of(row)
    ref = RuleRef(
        id=f"tax/vat-rates#{row.country}-{row.rate_type}-{row.valid_from}",
        title=f"{row.country} standard VAT/GST rate {_percent(row.percent)}",
        origin="rule pack",
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        sources=(SourceRef(source.title, source.url, source.retrieved),),
    )
    caveat = "standard rate (reduced rates for particular goods are not applied; pass vat_rate)"
    if not row.source.official:
        caveat += "; the rate comes from a compiled dataset, not the official text"
    return row.percent, ref, caveat
