"""Rounding where the authority rounds, allocation to lines, and the frozen :class:`Quote`.

Also the truncation of tax bases (Japan) and the trace step of every finished charge.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal

from cbec_compliance.landed_cost.context import _ZERO, _Charge, _Context, _quantum
from cbec_compliance.landed_cost.model import Charge, Missing, Quote, QuoteLine, RuleRef
from cbec_compliance.money import currency_minor_units
from cbec_compliance.tax.schema import RoundingRule

_ONE = Decimal(1)


_ROUNDING = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
}


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
