"""The landed-cost engine: order x destination rules x tariff measures -> :class:`Quote`.

Order of work (each step adds to the trace):

1. destination rules (territory, currency, valuation basis, tax bases, rounding, regimes);
2. conversion of every amount to the destination currency, with the rate and its date;
3. customs value per line (CIF or FOB; transport and insurance shared by value);
4. regimes from the packs: China's cross-border retail import, reliefs (de minimis), VAT/GST at
   sale, the flat duty per tariff subheading;
5. duty per line (caller's rate, else tariff measures), excise/consumption tax, import VAT/GST;
6. entry fees (once per entry), small-amount waivers;
7. rounding where the authority rounds; amounts allocated back to lines so that the lines add up
   to the consignment exactly.

Unknown is never zero: a missing rate, weight or origin yields a charge with ``amount=None`` and
an entry in ``Quote.missing``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from functools import lru_cache
from typing import Any, Literal

from cbec_compliance.duty.components import AdValorem, DutyExpression, Specific
from cbec_compliance.errors import CbecError, InvalidInputError, NotFoundError
from cbec_compliance.landed_cost.model import (
    Charge,
    ChargeKind,
    Item,
    MeasureLike,
    Missing,
    Quote,
    QuoteLine,
    RuleRef,
    SourceRef,
    Step,
)
from cbec_compliance.money import Money, currency_minor_units, validate_currency
from cbec_compliance.rules import registry
from cbec_compliance.rules.schema import Source
from cbec_compliance.tax import rules as tax_rules
from cbec_compliance.tax.exchange import ExchangeRates, RateUsed, SuppliedRate
from cbec_compliance.tax.schema import (
    Amount,
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

__all__ = ["MeasuresProvider", "quote"]

MeasuresProvider = Callable[[str, str, date, "str | None"], Sequence[MeasureLike]]
"""``(code, tariff_region, on, origin) -> measures`` in force for that origin."""

_ZERO = Decimal(0)
_ONE = Decimal(1)
_ROUNDING = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
}
_ITEM_UNITS = frozenset(
    {
        "item",
        "items",
        "p/st",
        "pcs",
        "piece",
        "pieces",
        "u",
        "unit",
        "units",
        "number",
        "no",
        "nar",
        "each",
    }
)
_GIFT_FREE_KINDS: tuple[str, ...] = ()


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


def _conditions_met(rule: Any, ctx: _Context, origins: Iterable[str | None]) -> bool:
    if rule.buyers and ctx.buyer not in rule.buyers:
        return False
    if rule.modes and ctx.mode not in rule.modes:
        return False
    if rule.excludes_gifts and ctx.gift:
        return False
    if rule.gifts_only and not ctx.gift:
        return False
    if rule.any_of and not any(_holds(ctx, condition) for condition in rule.any_of):
        return False
    origin_set = set(origins)
    if rule.origins and not origin_set <= set(rule.origins):
        return False
    return not (rule.excluded_origins and origin_set & set(rule.excluded_origins))


def _holds(ctx: _Context, condition: str) -> bool:
    kind, _, value = condition.partition(":")
    if kind == "seller":
        return ctx.seller.get(value, False)
    if kind == "mode":
        return ctx.mode == value
    return ctx.buyer == value


def _threshold_value(ctx: _Context, amount: Decimal, threshold: Amount) -> tuple[Decimal, RateUsed]:
    return ctx.to_currency(amount, threshold.currency)


def _within(value: Decimal, threshold: Amount, comparison: str = "at_most") -> bool:
    return value < threshold.amount if comparison == "below" else value <= threshold.amount


# --------------------------------------------------------------------------- the quote


def quote(
    *,
    destination: str,
    items: Sequence[Item],
    on: date,
    origin: str | None = None,
    shipping: Money | None = None,
    insurance: Money | None = None,
    incoterm: str = "DDP",
    seller: Mapping[str, bool] | None = None,
    buyer: str = "consumer",
    mode: str = "courier",
    gift: bool = False,
    currency: str | None = None,
    exchange_rates: Iterable[SuppliedRate] | Mapping[str, object] | None = None,
    measures: MeasuresProvider | Mapping[str, Sequence[MeasureLike]] | None = None,
    annual_cbec_spent: Money | None = None,
    personal_use: bool | None = None,
) -> Quote:
    """Duties, import taxes and fees due on an order, with a trace of every number.

    ``items`` are the order lines (:class:`~cbec_compliance.landed_cost.Item`); ``shipping`` and
    ``insurance`` the charges for the whole consignment (None: included in the prices); ``origin``
    the country of origin of the goods (an item's own ``origin`` wins); ``seller`` flags such as
    ``{"ioss_registered": True}``; ``buyer`` ``consumer`` or ``business``; ``mode`` ``courier``,
    ``post``, ``air``, ``sea``, ``road`` or ``rail``; ``currency`` the order currency (default: the
    first item's); ``exchange_rates`` rates of the customs authority to use instead of ECB rates
    (:class:`~cbec_compliance.tax.exchange.SuppliedRate` or ``{"USD/EUR": "0.9"}``); ``measures``
    tariff measures to use instead of the tariff packs (a provider or a mapping code -> measures);
    ``annual_cbec_spent`` what the buyer already bought this year through China's cross-border
    retail import; ``personal_use`` whether the goods are for the buyer's own use (default: when
    ``buyer`` is ``consumer``).
    """
    if not isinstance(on, date):
        raise InvalidInputError(f"on {on!r} must be a datetime.date")
    country = _check_country(destination, "destination")
    shipment_origin = _check_country(origin, "origin") if origin is not None else None
    if isinstance(items, Item) or not isinstance(items, Sequence) or not items:
        raise InvalidInputError("items must be a non-empty list of Item")
    for item in items:
        if not isinstance(item, Item):
            raise InvalidInputError(f"items must be Item objects, got {type(item).__name__}")
    if incoterm not in ("DDP", "DAP"):
        raise InvalidInputError(f"incoterm {incoterm!r} must be 'DDP' or 'DAP'")
    if buyer not in ("consumer", "business"):
        raise InvalidInputError(f"buyer {buyer!r} must be 'consumer' or 'business'")
    if mode not in ("courier", "post", "air", "sea", "road", "rail"):
        raise InvalidInputError(f"mode {mode!r} must be one of courier, post, air, sea, road, rail")
    for name, extra in (
        ("shipping", shipping),
        ("insurance", insurance),
        ("annual_cbec_spent", annual_cbec_spent),
    ):
        if extra is not None and (not isinstance(extra, Money) or extra.amount < 0):
            raise InvalidInputError(f"{name} must be a non-negative Money or None")
    if seller is None:
        seller = {}
    if not isinstance(seller, Mapping) or not all(isinstance(v, bool) for v in seller.values()):
        raise InvalidInputError("seller must be a mapping of flag name to True/False")
    if not isinstance(gift, bool):
        raise InvalidInputError("gift must be True or False")
    order_currency = validate_currency(currency) if currency else items[0].value.currency
    provider = _provider(measures)

    plan = _plan(country, on)
    dest = plan.destination
    fx = ExchangeRates(exchange_rates)
    ctx = _Context(
        plan=plan,
        destination=dest,
        on=on,
        currency=dest.currency,
        quantum=_quantum(dest.currency),
        fx=fx,
        fx_method=plan.fx_method,
        fx_rule=plan.fx_rule,
        steps=[],
        missing=[],
        notes=[],
        regimes=[],
        buyer=buyer,
        mode=mode,
        seller=seller,
        origin=shipment_origin,
        gift=gift,
        measures=provider,
        base_step=plan.rounding[0].base_step if plan.rounding is not None else None,
    )
    _describe_destination(ctx)
    _convert_lines(ctx, items, shipping, insurance)
    _personal_use(ctx, buyer == "consumer" if personal_use is None else personal_use)
    _customs_value(ctx)
    intrinsic = sum((line.value for line in ctx.lines), _ZERO)
    cbec = _cross_border_retail(ctx, annual_cbec_spent)
    if not cbec:
        _reliefs(ctx, intrinsic)
        _vat_at_sale(ctx, intrinsic)
        _flat_duty(ctx, intrinsic)
    for line in ctx.lines:
        _duty(ctx, line)
        _excise(ctx, line)
        _vat(ctx, line)
    _fees(ctx)
    _waivers(ctx)
    return _finish(ctx, order_currency, incoterm, intrinsic)


def _check_country(value: object, name: str) -> str:
    if not isinstance(value, str) or len(value.strip()) != 2 or not value.strip().isalpha():
        raise InvalidInputError(f"{name} {value!r} must be an ISO 3166 alpha-2 code such as 'DE'")
    return value.strip().upper()


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


# --------------------------------------------------------------------------- steps


def _describe_destination(ctx: _Context) -> None:
    ctx.steps.extend(ctx.plan.opening_steps)
    ctx.notes.extend(ctx.plan.opening_notes)


def _convert_lines(
    ctx: _Context, items: Sequence[Item], shipping: Money | None, insurance: Money | None
) -> None:
    for index, item in enumerate(items, start=1):
        value, used = ctx.convert(item.value)
        ctx.lines.append(
            _Line(
                index=index,
                item=item,
                origin=item.origin or ctx.origin,
                value=value,
                value_rate=used,
            )
        )
        if used.from_currency != used.to_currency:
            ctx.step(
                "Conversion",
                f"line {index} value {item.value} = {ctx.text(value)}",
                line=index,
                exchange_rate=used,
            )
    total_value = sum((line.value for line in ctx.lines), _ZERO)
    for name, extra in (("transport", shipping), ("insurance", insurance)):
        if extra is None:
            if name == "transport":
                ctx.notes.append(
                    "no shipping given: transport is taken as included in the item prices"
                )
            continue
        amount, used = ctx.convert(extra)
        ctx.step(
            "Conversion" if used.from_currency != used.to_currency else "Input",
            f"{name} {extra} = {ctx.text(amount)}, shared between lines by value",
            exchange_rate=used if used.from_currency != used.to_currency else None,
        )
        shares = _allocate_exact(amount, [line.value for line in ctx.lines], total_value)
        for line, share in zip(ctx.lines, shares, strict=True):
            setattr(line, name, share)


def _allocate_exact(amount: Decimal, weights: list[Decimal], total: Decimal) -> list[Decimal]:
    """Split an amount by weights with no rounding; the last share takes the remainder."""
    if not weights:
        return []
    if total == 0:
        shares = [amount / len(weights)] * len(weights)
    else:
        shares = [amount * weight / total for weight in weights]
    shares[-1] = amount - sum(shares[:-1], _ZERO)
    return shares


def _personal_use(ctx: _Context, personal: bool) -> None:
    if not personal:
        return
    for rule, ref in ctx.plan.personal_use:
        if not _conditions_met(rule, ctx, [line.origin for line in ctx.lines]):
            continue
        for line in ctx.lines:
            before = line.value
            line.value = line.value * rule.fraction
            ctx.step(
                "Valuation (personal use)",
                f"line {line.index}: {ctx.text(before)} x {rule.fraction} = {ctx.text(line.value)}",
                rule=ref,
                line=line.index,
                rate=str(rule.fraction),
            )
        ctx.regimes.append(ref.id)


def _customs_value(ctx: _Context) -> None:
    dest = ctx.destination
    if ctx.plan.valuation is None:
        raise NotFoundError(f"no valuation basis for {dest.territory} on {ctx.on} in the packs")
    valuation, ref = ctx.plan.valuation
    ctx.basis = valuation.basis
    title = f"Customs value ({valuation.basis})"
    for line in ctx.lines:
        if valuation.basis == "CIF":
            line.customs_value = line.value + line.transport + line.insurance
            detail = (
                f"line {line.index}: value {ctx.text(line.value)} + transport "
                f"{ctx.text(line.transport)} + insurance {ctx.text(line.insurance)}"
            )
        else:
            line.customs_value = line.value
            detail = f"line {line.index}: value {ctx.text(line.value)} (FOB: transport excluded)"
        shown = ctx.show(line.customs_value)
        ctx.step(title, f"{detail} = {shown}", rule=ref, line=line.index, amount=shown)


def _cross_border_retail(ctx: _Context, annual_spent: Money | None) -> bool:
    """China CBEC retail import; True when it decides the consignment's treatment."""
    for rule, ref in ctx.plan.cross_border_retail:
        if not _conditions_met(rule, ctx, [line.origin for line in ctx.lines]):
            continue
        transaction = sum((line.customs_value for line in ctx.lines), _ZERO)
        value, used = _threshold_value(ctx, transaction, rule.transaction_limit)
        if annual_spent is None:
            spent = _ZERO
            ctx.notes.append(
                "annual_cbec_spent not given: the buyer's annual CBEC limit is assumed unused"
            )
        else:
            spent_money, _ = ctx.fx.convert(
                annual_spent, rule.annual_limit.currency, ctx.on, ctx.fx_method
            )
            spent = spent_money.amount
        annual_value, _ = _threshold_value(ctx, transaction, rule.annual_limit)
        within_annual = spent + annual_value <= rule.annual_limit.amount
        single = len(ctx.lines) == 1 and ctx.lines[0].item.quantity == 1
        limits = (
            f"transaction {value:.2f} {rule.transaction_limit.currency} (limit "
            f"{rule.transaction_limit.amount}); annual {spent + annual_value:.2f} (limit "
            f"{rule.annual_limit.amount})"
        )
        if value <= rule.transaction_limit.amount and within_annual:
            ctx.regimes.append(ref.id)
            ctx.step(
                "Cross-border e-commerce retail import",
                f"within limits ({limits}): duty {_percent(rule.duty_percent)}, import VAT "
                f"and consumption tax at {rule.tax_fraction} of the statutory amount; "
                "assumes the goods are on the CBEC positive list and bought on a CBEC "
                "platform",
                rule=ref,
                exchange_rate=used,
            )
            for line in ctx.lines:
                line.duty_percent_override = (rule.duty_percent, ref)
                line.tax_fraction = (rule.tax_fraction, ref)
            return True
        if single and within_annual and rule.single_indivisible_item_exception:
            ctx.regimes.append(ref.id)
            ctx.step(
                "Cross-border e-commerce retail import",
                f"single indivisible item above the transaction limit ({limits}): imported "
                "through the CBEC channel with duty, VAT and consumption tax in full",
                rule=ref,
                exchange_rate=used,
            )
            return True
        ctx.step(
            "Cross-border e-commerce retail import",
            f"limits exceeded ({limits}): taxed in full as general trade",
            rule=ref,
            exchange_rate=used,
        )
        return True
    return False


def _reliefs(ctx: _Context, intrinsic: Decimal) -> None:
    origins = [line.origin for line in ctx.lines]
    for rule, ref in ctx.plan.reliefs:
        if (rule.origins or rule.excluded_origins) and any(origin is None for origin in origins):
            ctx.missing.append(Missing("origin of the goods", f"relief {rule.title}"))
            continue
        if not _conditions_met(rule, ctx, origins):
            continue
        if rule.seller_flag and not ctx.seller.get(rule.seller_flag, False):
            continue
        base = (
            intrinsic
            if rule.value_basis == "intrinsic"
            else sum((line.customs_value for line in ctx.lines), _ZERO)
        )
        value, used = _threshold_value(ctx, base, rule.threshold)
        verdict = _within(value, rule.threshold, rule.comparison)
        ctx.step(
            "Low-value relief",
            f"{'intrinsic value' if rule.value_basis == 'intrinsic' else 'customs value'} "
            f"{value:.2f} {rule.threshold.currency} "
            f"{'within' if verdict else 'above'} the threshold of {rule.threshold.amount} "
            f"{rule.threshold.currency}: {', '.join(rule.relieves)} "
            f"{'not charged' if verdict else 'due'}",
            rule=ref,
            exchange_rate=used if used.from_currency != used.to_currency else None,
        )
        if not verdict:
            continue
        if not (rule.excludes_excise_goods and all(line.item.excise_goods for line in ctx.lines)):
            ctx.regimes.append(ref.id)
        for line in ctx.lines:
            if rule.excludes_excise_goods and line.item.excise_goods:
                ctx.step(
                    "Low-value relief",
                    f"line {line.index}: excise goods are excluded",
                    rule=ref,
                    line=line.index,
                )
                continue
            if "duty" in rule.relieves:
                line.duty_relieved = True
            if "vat" in rule.relieves:
                line.vat_relieved = True
            if "excise" in rule.relieves:
                line.excise_relieved = True
        if "fees" in rule.relieves:
            ctx.fees_relieved = True


def _vat_at_sale(ctx: _Context, intrinsic: Decimal) -> None:
    for rule, ref in ctx.plan.vat_at_sale:
        if not _conditions_met(rule, ctx, [line.origin for line in ctx.lines]):
            continue
        if rule.excludes_excise_goods and any(line.item.excise_goods for line in ctx.lines):
            ctx.step("VAT at sale", "not available: the consignment holds excise goods", rule=ref)
            continue
        if rule.seller_flag:
            flag = ctx.seller.get(rule.seller_flag)
            if flag is None:
                if not rule.assume_when_unknown:
                    ctx.notes.append(
                        f"seller.{rule.seller_flag} not given: taken as False ({rule.title} not "
                        "used; import VAT at the border instead)"
                    )
                    continue
                ctx.notes.append(
                    f"seller.{rule.seller_flag} not given: taken as True ({rule.title})"
                )
            elif not flag:
                continue
        base = (
            intrinsic
            if rule.value_basis == "intrinsic"
            else sum((line.customs_value for line in ctx.lines), _ZERO)
        )
        value, used = _threshold_value(ctx, base, rule.threshold)
        within = value <= rule.threshold.amount
        ctx.step(
            "VAT at sale",
            f"intrinsic value {value:.2f} {rule.threshold.currency} "
            f"{'within' if within else 'above'} {rule.threshold.amount} "
            f"{rule.threshold.currency}: "
            + (
                "the seller charges the VAT at sale; no import VAT at the border"
                if within
                else "import VAT is due at the border"
            ),
            rule=ref,
            exchange_rate=used if used.from_currency != used.to_currency else None,
        )
        if within:
            ctx.regimes.append(ref.id)
            for line in ctx.lines:
                line.vat_at_sale = (rule, ref)
            return


def _flat_duty(ctx: _Context, intrinsic: Decimal) -> None:
    for rule, ref in ctx.plan.flat_duty:
        if not _conditions_met(rule, ctx, [line.origin for line in ctx.lines]):
            continue
        value, used = _threshold_value(ctx, intrinsic, rule.threshold)
        if value > rule.threshold.amount:
            ctx.step(
                "Flat duty per tariff subheading",
                f"intrinsic value {value:.2f} {rule.threshold.currency} above "
                f"{rule.threshold.amount}: normal duties apply",
                rule=ref,
            )
            continue
        ctx.regimes.append(ref.id)
        amount, rate_used = ctx.fx.convert(
            Money(rule.amount.amount, rule.amount.currency), ctx.currency, ctx.on, ctx.fx_method
        )
        seen: dict[str, int] = {}
        for line in ctx.lines:
            if rule.excludes_preferential and _claims_preference(line.item.claim_preference):
                ctx.step(
                    "Flat duty per tariff subheading",
                    f"line {line.index}: preference claimed, normal duty applies",
                    rule=ref,
                    line=line.index,
                )
                continue
            line.flat_duty = True
            line.duty_relieved = False
            category = line.item.hs_code[: rule.category_digits]
            if category in seen:
                ctx.step(
                    "Flat duty per tariff subheading",
                    f"line {line.index}: subheading {category} already charged on line "
                    f"{seen[category]}",
                    rule=ref,
                    line=line.index,
                )
                continue
            seen[category] = line.index
            line.charges.append(
                _Charge(
                    kind="duty",
                    name="Customs duty (flat per tariff subheading)",
                    amount=amount.amount,
                    base=None,
                    rate=f"{rule.amount.amount} {rule.amount.currency} per subheading {category}",
                    rule=ref,
                    line=line.index,
                    rates=[rate_used] if rate_used.from_currency != rate_used.to_currency else [],
                )
            )
        ctx.step(
            "Flat duty per tariff subheading",
            f"intrinsic value {value:.2f} {rule.threshold.currency} within "
            f"{rule.threshold.amount}: {rule.amount.amount} {rule.amount.currency} for each "
            f"of {len(seen)} distinct subheading(s) ({', '.join(seen)})",
            rule=ref,
            amount=ctx.show(amount.amount * len(seen)),
            exchange_rate=used if used.from_currency != used.to_currency else None,
        )
        return


# --------------------------------------------------------------------------- duty


def _quantity(line: _Line, unit: str) -> Decimal | None:
    item = line.item
    units = {key.lower(): value for key, value in item.supplementary_units.items()}
    key = unit.lower()
    if key in units:
        return Decimal(units[key])
    if key == "kg" and item.net_weight_kg is not None:
        return Decimal(item.net_weight_kg)
    if key == "g" and item.net_weight_kg is not None:
        return Decimal(item.net_weight_kg) * 1000
    if key in ("t", "tonne", "1000 kg") and item.net_weight_kg is not None:
        return Decimal(item.net_weight_kg) / 1000
    if key in _ITEM_UNITS:
        return Decimal(item.quantity)
    if key == "dozen":
        return Decimal(item.quantity) / 12
    return None


_UNIT_WORDS = {"kg": "net weight in kg", "l": "volume in litres", "pair": "number of pairs"}


def _component_amount(
    ctx: _Context,
    line: _Line,
    component: AdValorem | Specific,
    base: Decimal,
    missing: list[Missing],
    rates: list[RateUsed],
    affects: str,
) -> Decimal | None:
    if isinstance(component, AdValorem):
        if component.basis is not None:
            missing.append(Missing(f"the value of {component.basis}", affects, line.index))
            return None
        return base * component.percent / 100
    quantity = _quantity(line, component.unit)
    if quantity is None:
        what = _UNIT_WORDS.get(component.unit, f"quantity in {component.unit}")
        missing.append(Missing(what, affects, line.index))
        return None
    amount = component.amount * quantity / component.per_quantity
    if component.currency != ctx.currency:
        converted, used = ctx.fx.convert(
            Money(amount, component.currency), ctx.currency, ctx.on, ctx.fx_method
        )
        rates.append(used)
        return converted.amount
    return amount


def evaluate_expression(
    ctx: _Context,
    line: _Line,
    expression: DutyExpression,
    base: Decimal,
    affects: str,
) -> tuple[Decimal | None, list[Missing], list[RateUsed]]:
    """The amount of a duty expression on a base, or None with what is missing."""
    missing: list[Missing] = []
    rates: list[RateUsed] = []
    if expression.unparsed is not None:
        missing.append(
            Missing(
                f"a readable rate (tariff text {expression.text!r} could not be "
                "parsed; supply duty_rate)",
                affects,
                line.index,
            )
        )
        return None, missing, rates
    if expression.free and not expression.terms:
        return _ZERO, missing, rates

    def total(parts: Sequence[AdValorem | Specific]) -> Decimal | None:
        amounts = [
            _component_amount(ctx, line, part, base, missing, rates, affects) for part in parts
        ]
        if any(amount is None for amount in amounts):
            return None
        return sum((amount for amount in amounts if amount is not None), _ZERO)

    amount = total(expression.terms)
    if amount is None:
        return None, missing, rates
    if expression.minimum is not None:
        floor = total(expression.minimum)
        if floor is None:
            return None, missing, rates
        amount = max(amount, floor)
    if expression.maximum is not None:
        ceiling = total(expression.maximum)
        if ceiling is None:
            return None, missing, rates
        amount = min(amount, ceiling)
    return amount, missing, rates


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


def _duty(ctx: _Context, line: _Line) -> None:
    item = line.item
    affects = "customs duty"
    if line.flat_duty:
        return
    if line.duty_relieved:
        ctx.step("Duty", f"line {line.index}: relieved (low-value relief)", line=line.index)
        return
    base = _truncated_base(ctx, line.customs_value)
    if line.duty_percent_override is not None:
        percent, ref = line.duty_percent_override
        line.charges.append(
            _Charge(
                "duty",
                "Customs duty",
                base * percent / 100,
                base,
                _percent(percent),
                ref,
                line=line.index,
            )
        )
        return
    if item.duty_rate is not None:
        ref = _caller_rule("duty_rate")
        if isinstance(item.duty_rate, DutyExpression):
            amount, missing, rates = evaluate_expression(ctx, line, item.duty_rate, base, affects)
            rate_text = item.duty_rate.text
        else:
            percent = Decimal(item.duty_rate)
            amount, missing, rates = base * percent / 100, [], []
            rate_text = _percent(percent)
        line.charges.append(
            _Charge(
                "duty",
                "Customs duty",
                amount,
                base,
                rate_text,
                ref,
                line=line.index,
                rates=rates,
                missing=missing,
            )
        )
        return
    measures, problem = _line_measures(ctx, line)
    if measures is None:
        assert problem is not None
        line.charges.append(
            _Charge(
                "duty",
                "Customs duty",
                None,
                base,
                None,
                RuleRef("tariff", "tariff measures", "tariff"),
                line=line.index,
                missing=[Missing(problem, affects, line.index)],
            )
        )
        return
    by_type: dict[str, list[MeasureLike]] = {}
    for measure in measures:
        by_type.setdefault(_type_of(measure), []).append(measure)
    chosen: MeasureLike | None = None
    reason = ""
    preference = _eligible_preferences(ctx, line, by_type.get("preferential", []))
    if preference:
        chosen, reason = _cheapest(ctx, line, preference, base, affects)
    elif [m for m in by_type.get("column2", []) if m.origin != "erga_omnes"]:
        chosen = next(m for m in by_type["column2"] if m.origin != "erga_omnes")
        reason = "column 2 (non-MFN) rate for this origin"
    elif by_type.get("provisional"):
        chosen, reason = by_type["provisional"][0], "provisional rate replaces MFN"
    elif by_type.get("mfn"):
        candidates = by_type["mfn"]
        full = [m for m in candidates if not getattr(m, "partial", False)]
        chosen, reason = (full or candidates)[0], "MFN (third-country) duty"
    if preference and chosen is not None:
        _show_standard_duty(ctx, line, by_type, chosen, base, affects)
    if chosen is None:
        line.charges.append(
            _Charge(
                "duty",
                "Customs duty",
                None,
                base,
                None,
                RuleRef("tariff", "tariff measures", "tariff"),
                line=line.index,
                missing=[
                    Missing(
                        f"a duty rate (no duty measure for {item.hs_code}; pass duty_rate)",
                        affects,
                        line.index,
                    )
                ],
            )
        )
    else:
        amount, missing, rates = evaluate_expression(ctx, line, chosen.expression, base, affects)
        line.charges.append(
            _Charge(
                "duty",
                "Customs duty",
                amount,
                base,
                chosen.expression.text,
                _measure_rule(chosen),
                line=line.index,
                rates=rates,
                missing=missing,
                note=reason,
            )
        )
    for measure in by_type.get("additional", []):
        ref = _measure_rule(measure)
        condition = getattr(measure, "condition", None)
        name = f"Additional duty ({getattr(measure.legal_source, 'title', 'measure')})"
        if condition:
            line.charges.append(
                _Charge(
                    "additional_duty",
                    name,
                    None,
                    base,
                    measure.expression.text,
                    ref,
                    line=line.index,
                    missing=[
                        Missing(f"confirmation of the condition '{condition}'", name, line.index)
                    ],
                )
            )
            continue
        amount, missing, rates = evaluate_expression(ctx, line, measure.expression, base, name)
        line.charges.append(
            _Charge(
                "additional_duty",
                name,
                amount,
                base,
                measure.expression.text,
                ref,
                line=line.index,
                rates=rates,
                missing=missing,
                note=measure.note,
            )
        )
    if line.origin is None and ctx.destination.tax.origin_dependent_duties:
        line.charges.append(
            _Charge(
                "additional_duty",
                "Duties that depend on origin",
                None,
                base,
                None,
                RuleRef(
                    "engine:origin",
                    "origin-dependent measures (preferences, additional duties, anti-dumping)",
                    "engine",
                ),
                line=line.index,
                missing=[
                    Missing("the country of origin", "duties that depend on origin", line.index)
                ],
            )
        )


# --------------------------------------------------------------------------- excise and VAT


def _tax_base_rule(ctx: _Context, tax: str) -> tuple[TaxBase | None, RuleRef | None]:
    for rule, ref in ctx.plan.tax_bases:
        if rule.tax == tax:
            return rule, ref
    return None, None


def _sum_kind(line: _Line, kinds: tuple[str, ...]) -> tuple[Decimal, bool]:
    total = _ZERO
    known = True
    for charge in line.charges:
        if charge.kind in kinds and charge.collected == "border":
            if charge.amount is None:
                known = False
            else:
                total += charge.statutory if charge.statutory is not None else charge.amount
    return total, known


def _base_parts(ctx: _Context, line: _Line, rule: TaxBase) -> tuple[Decimal | None, str]:
    parts: list[str] = []
    total = _ZERO
    for part in rule.includes:
        if part == "customs_value":
            total += line.customs_value
            parts.append(f"customs value {ctx.text(line.customs_value)}")
        elif part == "duty":
            duty, known = _sum_kind(line, ("duty", "additional_duty"))
            if not known:
                return None, "duty unknown"
            duty = _line_amount_in_base(ctx, duty)
            total += duty
            parts.append(f"duty {ctx.text(duty)}")
        elif part == "excise":
            excise, known = _sum_kind(line, ("excise",))
            if not known:
                return None, "excise unknown"
            total += excise
            if excise:
                parts.append(f"excise {ctx.text(excise)}")
        elif part == "transport" and ctx.basis != "CIF":
            total += line.transport
            parts.append(f"transport {ctx.text(line.transport)}")
        elif part == "insurance" and ctx.basis != "CIF":
            total += line.insurance
            parts.append(f"insurance {ctx.text(line.insurance)}")
    return total, " + ".join(parts)


def _excise(ctx: _Context, line: _Line) -> None:
    item = line.item
    expression: DutyExpression | None = None
    ref: RuleRef | None = None
    if item.excise_rate is not None:
        expression = DutyExpression(
            text=_percent(Decimal(item.excise_rate)),
            terms=(AdValorem(percent=Decimal(item.excise_rate)),),
        )
        ref = _caller_rule("excise_rate")
    elif ctx.destination.territory == "CN" or ctx.measures is not None:
        measures = _consumption_measures(ctx, line)
        if measures:
            expression, ref = measures[0].expression, _measure_rule(measures[0])
    if expression is None:
        if item.excise_goods:
            line.charges.append(
                _Charge(
                    "excise",
                    "Excise duty",
                    None,
                    None,
                    None,
                    RuleRef("engine:excise", "excise duty", "engine"),
                    line=line.index,
                    missing=[Missing("the excise rate (excise_rate)", "excise duty", line.index)],
                )
            )
        return
    assert ref is not None
    if line.excise_relieved:
        ctx.step("Excise", f"line {line.index}: relieved (low-value relief)", line=line.index)
        return
    rule, base_ref = _tax_base_rule(ctx, "excise")
    if rule is None:
        base: Decimal | None = line.customs_value + _sum_kind(line, ("duty", "additional_duty"))[0]
        description = "customs value + duty"
    else:
        base, description = _base_parts(ctx, line, rule)
        if base is not None:
            base = _truncated_base(ctx, base)
    if base is None:
        line.charges.append(
            _Charge(
                "excise",
                "Consumption tax / excise",
                None,
                None,
                expression.text,
                ref,
                line=line.index,
                missing=[Missing(description, "excise", line.index)],
            )
        )
        return
    specific = [t for t in expression.terms if isinstance(t, Specific)]
    percent = sum((t.percent for t in expression.terms if isinstance(t, AdValorem)), _ZERO)
    missing: list[Missing] = []
    rates: list[RateUsed] = []
    specific_amount = _ZERO
    for part in specific:
        amount = _component_amount(ctx, line, part, base, missing, rates, "excise")
        if amount is None:
            line.charges.append(
                _Charge(
                    "excise",
                    "Consumption tax / excise",
                    None,
                    None,
                    expression.text,
                    ref,
                    line=line.index,
                    missing=missing,
                )
            )
            return
        specific_amount += amount
    taxable = base + specific_amount
    if rule is not None and rule.gross_up and percent < 100:
        taxable = taxable / (1 - percent / 100)
        description += (
            f" (+ specific {ctx.text(specific_amount)}) / (1 - {_percent(percent)})"
            if specific_amount
            else f" / (1 - {_percent(percent)})"
        )
    amount_total = taxable * percent / 100 + specific_amount
    statutory = amount_total
    note = f"base: {description}"
    if line.tax_fraction is not None:
        fraction, fraction_ref = line.tax_fraction
        amount_total = amount_total * fraction
        note += f"; x {fraction} ({fraction_ref.title})"
    line.charges.append(
        _Charge(
            "excise",
            "Consumption tax / excise",
            amount_total,
            taxable,
            expression.text,
            ref,
            line=line.index,
            rates=rates,
            note=note,
            statutory=statutory,
        )
    )
    if base_ref is not None:
        ctx.step(
            "Excise base",
            f"line {line.index}: {description}",
            rule=base_ref,
            line=line.index,
            base=ctx.show(taxable),
        )


def _consumption_measures(ctx: _Context, line: _Line) -> list[MeasureLike]:
    measures, _ = _line_measures(ctx, line)
    if not measures:
        return []
    return [m for m in measures if _type_of(m) == "consumption_tax"]


def _vat_rate(ctx: _Context, line: _Line) -> tuple[Decimal | None, RuleRef | None, str]:
    item = line.item
    dest = ctx.destination
    if item.vat_rate is not None:
        return Decimal(item.vat_rate), _caller_rule("vat_rate"), "supplied by the caller"
    if dest.territory == "CN" or ctx.measures is not None:
        measures, _ = _line_measures(ctx, line)
        for measure in measures or ():
            if _type_of(measure) == "import_vat":
                terms = measure.expression.terms
                if len(terms) == 1 and isinstance(terms[0], AdValorem):
                    return terms[0].percent, _measure_rule(measure), "rate of the tariff line"
    if ctx.plan.standard_vat is not None:
        return ctx.plan.standard_vat
    return None, None, ""


def _vat(ctx: _Context, line: _Line) -> None:
    dest = ctx.destination
    name = dest.tax.vat_name
    if not dest.tax.has_import_vat:
        if line.index == 1:
            ctx.step("No import VAT/GST", dest.tax.no_vat_note or "no VAT/GST at import")
        return
    if line.vat_relieved and line.vat_at_sale is None:
        ctx.step(name, f"line {line.index}: relieved (low-value relief)", line=line.index)
        return
    percent, ref, caveat = _vat_rate(ctx, line)
    if (
        dest.tax.subnational_tax
        and line.item.vat_rate is None
        and (line.vat_at_sale is not None or not line.vat_relieved)
    ):
        line.charges.append(
            _Charge(
                "vat",
                dest.tax.subnational_tax,
                None,
                None,
                None,
                RuleRef(f"{dest.tax_pack_id}#subnational", dest.tax.subnational_tax, "rule pack"),
                line=line.index,
                missing=[
                    Missing(
                        "the combined federal and provincial rate (pass vat_rate)",
                        dest.tax.subnational_tax,
                        line.index,
                    )
                ],
            )
        )
    if line.vat_at_sale is not None:
        sale, sale_ref = line.vat_at_sale
        base = line.value + (
            line.transport + line.insurance if sale.base_includes_transport else _ZERO
        )
        if percent is None or ref is None:
            line.charges.append(
                _Charge(
                    "vat",
                    f"{name} at sale",
                    None,
                    base,
                    None,
                    sale_ref,
                    "at_sale",
                    line.index,
                    missing=[Missing(f"the {name} rate (vat_rate)", name, line.index)],
                )
            )
            return
        line.charges.append(
            _Charge(
                "vat",
                f"{name} at sale",
                base * percent / 100,
                base,
                _percent(percent),
                ref,
                "at_sale",
                line.index,
                note=f"collected by the seller at checkout under {sale_ref.title}; {caveat}",
            )
        )
        return
    if percent is None or ref is None:
        line.charges.append(
            _Charge(
                "vat",
                f"Import {name}",
                None,
                None,
                None,
                RuleRef("engine:vat", f"import {name}", "engine"),
                line=line.index,
                missing=[
                    Missing(f"the import {name} rate (vat_rate)", f"import {name}", line.index)
                ],
            )
        )
        return
    rule, base_ref = _tax_base_rule(ctx, "vat")
    if rule is None:
        raise NotFoundError(f"no VAT base rule for {dest.territory} on {ctx.on} in the packs")
    vat_base, description = _base_parts(ctx, line, rule)
    if vat_base is not None:
        vat_base = _truncated_base(ctx, vat_base)
    if vat_base is None:
        line.charges.append(
            _Charge(
                "vat",
                f"Import {name}",
                None,
                None,
                _percent(percent),
                ref,
                line=line.index,
                missing=[
                    Missing(
                        f"the amount of {description.split()[0]} (in the {name} base)",
                        f"import {name}",
                        line.index,
                    )
                ],
            )
        )
        return
    base = vat_base
    if ctx.plan.vat_split is not None and line.tax_fraction is None:
        _split_vat(ctx, line, base, percent, ref, f"base: {description}; {caveat}")
    else:
        _whole_vat(ctx, line, base, percent, ref, name, f"base: {description}; {caveat}")
    if base_ref is not None:
        ctx.step(
            f"{name} base",
            f"line {line.index}: {description}",
            rule=base_ref,
            line=line.index,
            base=ctx.show(base),
        )


def _whole_vat(
    ctx: _Context, line: _Line, base: Decimal, percent: Decimal, ref: RuleRef, name: str, note: str
) -> None:
    amount = base * percent / 100
    if line.tax_fraction is not None:
        fraction, fraction_ref = line.tax_fraction
        amount = amount * fraction
        note += f"; x {fraction} ({fraction_ref.title})"
    line.charges.append(
        _Charge(
            "vat",
            f"Import {name}",
            amount,
            base,
            _percent(percent),
            ref,
            line=line.index,
            note=note,
        )
    )


def _split_vat(
    ctx: _Context, line: _Line, base: Decimal, percent: Decimal, ref: RuleRef, note: str
) -> None:
    """National and local parts (Japan): national = base x share of the rate; local = the
    national amount (as it enters bases) x numerator / denominator, yen fractions dropped."""
    assert ctx.plan.vat_split is not None
    split, split_ref = ctx.plan.vat_split
    national_percent = percent * split.national_share
    national = (base * national_percent / 100).to_integral_value(rounding=ROUND_DOWN)
    local_base = _line_amount_in_base(ctx, national)
    local = (local_base * split.local_numerator / split.local_denominator).to_integral_value(
        rounding=ROUND_DOWN
    )
    line.charges.append(
        _Charge(
            "vat",
            f"Import {split.national_name}",
            national,
            base,
            _percent(national_percent),
            ref,
            line=line.index,
            note=f"{note}; {percent}% = {split.national_name} {_percent(national_percent)} + "
            f"{split.local_name}",
        )
    )
    line.charges.append(
        _Charge(
            "vat",
            f"Import {split.local_name}",
            local,
            local_base,
            f"{split.local_numerator}/{split.local_denominator} of {split.national_name}",
            split_ref,
            line=line.index,
        )
    )


def _line_amount_in_base(ctx: _Context, amount: Decimal) -> Decimal:
    """A line's tax amount as it enters another base: truncated to the amount step where the
    authority does so (Japan), else unchanged."""
    rounding = ctx.plan.rounding
    if rounding is None:
        return amount
    rule = rounding[0]
    if not rule.line_amounts_in_bases or rule.amount_step is None:
        return amount
    step = rule.amount_step
    return (amount / step).to_integral_value(rounding=ROUND_DOWN) * step


# --------------------------------------------------------------------------- fees and waivers


def _fees(ctx: _Context) -> None:
    customs_value = sum((line.customs_value for line in ctx.lines), _ZERO)
    for fee, ref in ctx.plan.fees:
        if fee.modes and ctx.mode not in fee.modes:
            continue
        if fee.value_above is not None:
            value, _ = ctx.to_currency(customs_value, fee.value_above.currency)
            if value <= fee.value_above.amount:
                continue
        if fee.value_at_most is not None:
            value, _ = ctx.to_currency(customs_value, fee.value_at_most.currency)
            if value > fee.value_at_most.amount:
                continue
        if ctx.fees_relieved and fee.relieved_with_duty:
            ctx.step("Fee", f"{fee.title}: not charged (low-value relief)", rule=ref)
            continue
        rates: list[RateUsed] = []

        def amount_of(amount: Amount, rates: list[RateUsed] = rates) -> Decimal:
            converted, used = ctx.fx.convert(
                Money(amount.amount, amount.currency), ctx.currency, ctx.on, ctx.fx_method
            )
            if used.from_currency != used.to_currency:
                rates.append(used)
            return converted.amount

        if fee.fee == "unknown":
            ctx.entry.append(
                _Charge(
                    "fee",
                    fee.title,
                    None,
                    None,
                    None,
                    ref,
                    missing=[
                        Missing(
                            f"the amount of {fee.title} for this period (not in the rule packs)",
                            fee.title,
                        )
                    ],
                )
            )
            continue
        if fee.fee == "fixed":
            assert fee.amount is not None
            amount = amount_of(fee.amount)
            rate_text = f"{fee.amount.amount} {fee.amount.currency} per entry"
            base = None
        else:
            assert fee.percent is not None
            amount = customs_value * fee.percent / 100
            rate_text = _percent(fee.percent)
            if fee.minimum is not None:
                amount = max(amount, amount_of(fee.minimum))
                rate_text += f", minimum {fee.minimum.amount} {fee.minimum.currency}"
            if fee.maximum is not None:
                amount = min(amount, amount_of(fee.maximum))
                rate_text += f", maximum {fee.maximum.amount} {fee.maximum.currency}"
            base = customs_value
        ctx.entry.append(
            _Charge(
                "fee", fee.title, amount, base, rate_text, ref, rates=rates, note="once per entry"
            )
        )


def _waivers(ctx: _Context) -> None:
    for rule, ref in ctx.plan.waivers:
        if not _conditions_met(rule, ctx, [line.origin for line in ctx.lines]):
            continue
        if rule.excludes_excise_goods and any(line.item.excise_goods for line in ctx.lines):
            continue
        kinds = set()
        for tax in rule.taxes:
            kinds |= {
                "duty": {"duty", "additional_duty"},
                "vat": {"vat"},
                "excise": {"excise"},
                "fees": set(),
            }[tax]
        charges = [
            c
            for line in ctx.lines
            for c in line.charges
            if c.kind in kinds and c.collected == "border"
        ]
        if any(c.amount is None for c in charges):
            continue
        total = sum((c.amount for c in charges if c.amount is not None), _ZERO)
        threshold, _ = ctx.fx.convert(
            Money(rule.below.amount, rule.below.currency), ctx.currency, ctx.on, ctx.fx_method
        )
        if charges and total < threshold.amount:
            # Entry fees charged only when the taxes are collected are waived with them.
            fees = [c for c in ctx.entry if c.kind == "fee"] if "fees" in rule.taxes else []
            for charge in charges + fees:
                charge.amount = _ZERO
                charge.missing = []
                charge.note = f"waived: {ref.title}"
            ctx.regimes.append(ref.id)
            ctx.step(
                "Small-amount waiver",
                f"import taxes {ctx.text(total)} below {rule.below.amount} "
                f"{rule.below.currency}: not levied",
                rule=ref,
            )


# --------------------------------------------------------------------------- rounding


def _truncated_base(ctx: _Context, base: Decimal) -> Decimal:
    """A tax base truncated where the authority truncates bases (JP: below 1,000 yen dropped)."""
    step = ctx.base_step
    if step is None or step <= 0:
        return base
    return (base / step).to_integral_value(rounding=ROUND_DOWN) * step


def _rounding_rule(ctx: _Context) -> tuple[RoundingRule | None, RuleRef | None]:
    if ctx.plan.rounding is None:
        return None, None
    return ctx.plan.rounding


def _round(amount: Decimal, currency: str, rule: RoundingRule | None) -> Decimal:
    mode = _ROUNDING[rule.mode] if rule else ROUND_HALF_UP
    if rule is not None and rule.amount_step is not None:
        step = rule.amount_step
        return (amount / step).quantize(_ONE, rounding=mode) * step
    return amount.quantize(_quantum(currency), rounding=mode)


def _allocate(total: Decimal, amounts: list[Decimal], quantum: Decimal) -> list[Decimal]:
    """Split a rounded total over lines in proportion, so that the shares add up exactly."""
    raw = sum(amounts, _ZERO)
    if not amounts:
        return []
    if raw == 0:
        shares = [_ZERO] * len(amounts)
        shares[0] = total
        return shares
    scaled = [amount * total / raw for amount in amounts]
    floors = [
        (value / quantum).to_integral_value(rounding=ROUND_DOWN) * quantum for value in scaled
    ]
    units = int(((total - sum(floors, _ZERO)) / quantum).to_integral_value())
    if units > 0:
        order = sorted(range(len(amounts)), key=lambda i: (-(scaled[i] - floors[i]), i))
        for index in order[:units]:
            floors[index] += quantum
    return floors


def _finish(ctx: _Context, order_currency: str, incoterm: str, intrinsic: Decimal) -> Quote:
    rule, rule_ref = _rounding_rule(ctx)
    quantum = _quantum(ctx.currency)
    if rule is not None and rule.amount_step is not None:
        quantum = min(quantum, rule.amount_step)
    groups: dict[tuple[str, str, str], list[_Charge]] = {}
    for line in ctx.lines:
        for charge in line.charges:
            groups.setdefault((charge.kind, charge.name, charge.collected), []).append(charge)
    rounded: dict[int, Decimal] = {}
    line_stage = rule is not None and rule.stage == "line"
    for charges in groups.values():
        known = [(c, c.amount) for c in charges if c.amount is not None]
        if not known:
            continue
        if line_stage:
            for charge, amount in known:
                rounded[id(charge)] = _round(amount, ctx.currency, rule)
            continue
        amounts = [amount for _, amount in known]
        total = _round(sum(amounts, _ZERO), ctx.currency, rule)
        for (charge, _), share in zip(known, _allocate(total, amounts, quantum), strict=True):
            rounded[id(charge)] = share
    for charge in ctx.entry:
        if charge.amount is not None:
            rounded[id(charge)] = _round(charge.amount, ctx.currency, rule)
    if rule_ref is not None:
        ctx.step(
            "Rounding",
            (
                "each line rounded"
                if line_stage
                else "each charge rounded once for the consignment and shared between "
                "lines so that they add up exactly"
            )
            + f" ({rule.mode if rule else 'half_up'})",
            rule=rule_ref,
        )
    else:
        ctx.step(
            "Rounding",
            "no sourced rounding rule: each charge rounded once for the "
            f"consignment to {currency_minor_units(ctx.currency)} decimal places (half up)",
        )

    def freeze(charge: _Charge) -> Charge:
        amount = rounded.get(id(charge)) if charge.amount is not None else None
        return Charge(
            kind=charge.kind,
            name=charge.name,
            amount=ctx.money(amount) if amount is not None else None,
            base=ctx.show(charge.base) if charge.base is not None else None,
            rate=charge.rate,
            rule=charge.rule,
            collected=charge.collected,
            line=charge.line,
            exchange_rates=tuple(charge.rates),
            missing=tuple(charge.missing),
            note=charge.note,
        )

    missing = list(ctx.missing)
    lines: list[QuoteLine] = []
    for line in ctx.lines:
        frozen = tuple(freeze(charge) for charge in line.charges)
        for done in frozen:
            missing.extend(done.missing)
            _trace_charge(ctx, done, line.index)
        lines.append(
            QuoteLine(
                index=line.index,
                hs_code=line.item.hs_code,
                description=line.item.description,
                quantity=Decimal(line.item.quantity),
                value=line.item.value,
                customs_value=ctx.show(line.customs_value),
                charges=frozen,
            )
        )
    entry = tuple(freeze(charge) for charge in ctx.entry)
    for fee in entry:
        missing.extend(fee.missing)
        _trace_charge(ctx, fee, None)
    order_rate = None
    if order_currency != ctx.currency:
        order_rate = ctx.fx.rate(ctx.currency, order_currency, ctx.on)
    customs_value = sum((line.customs_value for line in ctx.lines), _ZERO)
    return Quote(
        destination=ctx.destination.country,
        customs_territory=ctx.destination.territory,
        origin=ctx.origin,
        on=ctx.on,
        currency=ctx.currency,
        order_currency=order_currency,
        incoterm=incoterm,
        lines=tuple(lines),
        entry_charges=entry,
        customs_value=ctx.show(customs_value),
        intrinsic_value=ctx.show(intrinsic),
        missing=tuple(_unique(missing)),
        trace=tuple(ctx.steps),
        notes=tuple(ctx.notes),
        regimes=tuple(dict.fromkeys(ctx.regimes)),
        order_rate=order_rate,
    )


def _trace_charge(ctx: _Context, charge: Charge, line: int | None) -> None:
    """The trace step of a finished charge (per line, or per entry when ``line`` is None)."""
    ctx.step(
        charge.name,
        _charge_detail(charge),
        rule=charge.rule,
        line=line,
        base=charge.base,
        rate=charge.rate,
        amount=charge.amount,
        exchange_rate=charge.exchange_rates[0] if charge.exchange_rates else None,
    )


def _charge_detail(charge: Charge) -> str:
    if charge.amount is None:
        needs = "; ".join(item.describe() for item in charge.missing) or "unknown"
        return f"not computed: {needs}"
    parts = []
    if charge.base is not None:
        parts.append(f"{charge.base} x {charge.rate}" if charge.rate else f"base {charge.base}")
    elif charge.rate:
        parts.append(charge.rate)
    parts.append(f"= {charge.amount}")
    if charge.collected == "at_sale":
        parts.append("(collected by the seller at sale)")
    if charge.note:
        parts.append(f"[{charge.note}]")
    return " ".join(parts)


def _unique(items: list[Missing]) -> list[Missing]:
    seen: set[tuple[str, str, int | None]] = set()
    result: list[Missing] = []
    for item in items:
        key = (item.what, item.affects, item.line)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


# --------------------------------------------------------------------------- preferences


def _claims_preference(claim: object) -> bool:
    """True for a claim the engine would act on (an OriginResult must be originating)."""
    if claim is True or isinstance(claim, str):
        return True
    return getattr(claim, "originating", None) is True


def _measure_origin(measure: MeasureLike) -> str:
    return str(getattr(measure, "origin", "") or "")


def _matches(measure: MeasureLike, markers: Sequence[str]) -> bool:
    note = str(getattr(measure, "note", "") or "")
    return any(_measure_origin(measure) == mark or (mark in note) for mark in markers)


def _eligible_preferences(
    ctx: _Context, line: _Line, preferential: Sequence[MeasureLike]
) -> list[MeasureLike]:
    """The preferential measures this line may use under its claim (notes say why not)."""
    claim = line.item.claim_preference
    if claim is False:
        return []
    origin = line.origin
    prefix = f"line {line.index}: preference claimed"
    if origin is None:
        ctx.notes.append(f"{prefix} but the origin is not given; the standard rate is used")
        return []
    markers: tuple[str, ...] = ()
    label = "a preference for this origin"
    if claim is not True:
        from cbec_compliance.origin import agreement as find_agreement

        agreement_id = claim if isinstance(claim, str) else getattr(claim, "agreement", "")
        if not isinstance(claim, str):
            problem = _origin_result_problem(ctx, line, claim)
            if problem:
                ctx.notes.append(
                    f"{prefix} with an origin result that {problem}; the standard rate is used"
                )
                return []
        info = find_agreement(agreement_id)
        parties = {
            party.country for party in info.content.agreement.parties if party.in_force(ctx.on)
        }
        if origin not in parties:
            ctx.notes.append(
                f"{prefix} under {info.id}, but {origin} is not a party on {ctx.on}; the standard rate is used"
            )
            return []
        markers = info.content.agreement.tariff_markers
        label = f"{info.id} ({', '.join(markers) or 'no tariff markers in its pack'})"
        if not markers:
            ctx.notes.append(
                f"{prefix} under {info.id}, but its pack does not say how tariffs name its rates; "
                "the standard rate is used"
            )
            return []
        found = [m for m in preferential if _matches(m, markers)]
    else:
        # The tariff already keeps only country and group rates this origin belongs to; a
        # program is open to it by name only when named by its country code (US "KR", "AU").
        found = [
            m
            for m in preferential
            if not _measure_origin(m).startswith("program:")
            or _measure_origin(m) == f"program:{origin}"
        ]
    if not found:
        ctx.notes.append(
            f"{prefix} ({label}) but the tariff has no such preferential rate for "
            f"{line.item.hs_code}; the standard rate is used"
        )
    return found


def _origin_result_problem(ctx: _Context, line: _Line, result: object) -> str:
    """Why an OriginResult cannot support this line's claim ('' when it can)."""
    if getattr(result, "originating", None) is not True:
        return f"is {getattr(result, 'verdict', 'not originating')}"
    if getattr(result, "exporter", None) != line.origin:
        return f"is for exports from {getattr(result, 'exporter', '?')}, not {line.origin}"
    importer = getattr(result, "importer", None)
    if importer not in {ctx.destination.country, ctx.destination.territory}:
        return f"is for imports into {importer}, not {ctx.destination.country}"
    return ""


def _cheapest(
    ctx: _Context, line: _Line, measures: Sequence[MeasureLike], base: Decimal, affects: str
) -> tuple[MeasureLike, str]:
    """The preferential measure with the lowest computable duty (the importer's choice)."""
    best: tuple[Decimal, int] | None = None
    chosen = measures[0]
    for index, measure in enumerate(measures):
        amount, missing, _ = evaluate_expression(ctx, line, measure.expression, base, affects)
        if amount is None or missing:
            continue
        if best is None or (amount, index) < best:
            best, chosen = (amount, index), measure
    name = str(getattr(chosen, "note", "") or _measure_origin(chosen))
    others = len(measures) - 1
    return chosen, "preference claimed: " + name + (
        f" (lowest of {len(measures)} preferential rates open to this origin)" if others else ""
    )


def _show_standard_duty(
    ctx: _Context,
    line: _Line,
    by_type: Mapping[str, Sequence[MeasureLike]],
    chosen: MeasureLike,
    base: Decimal,
    affects: str,
) -> None:
    """Trace the duty without the preference next to the preferential duty."""
    candidates = by_type.get("provisional") or by_type.get("mfn") or ()
    standard = candidates[0] if candidates else None
    preferential_amount, _, _ = evaluate_expression(ctx, line, chosen.expression, base, affects)
    if standard is None:
        ctx.step(
            "Duty", f"line {line.index}: no MFN rate in the tariff to compare", line=line.index
        )
        return
    amount, missing, _ = evaluate_expression(ctx, line, standard.expression, base, affects)
    standard_text = "unknown" if amount is None or missing else ctx.text(amount)
    preferential_text = "unknown" if preferential_amount is None else ctx.text(preferential_amount)
    ctx.step(
        "Duty without the preference",
        f"line {line.index}: standard ({_type_of(standard)}) {standard.expression.text} = "
        f"{standard_text}; preferential {chosen.expression.text} = {preferential_text}",
        rule=_measure_rule(standard),
        line=line.index,
        base=ctx.money(base),
        rate=standard.expression.text,
        amount=None if amount is None or missing else ctx.show(amount),
    )
