"""Amounts in the destination currency and the customs value of each line.

Order lines, shipping and insurance are converted with the rate and its date; shipping and
insurance are shared between lines by value; personal-use valuation (a fraction of the price) is
applied where a regime pack says so; the customs value is CIF or FOB per the valuation rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from cbec_compliance.errors import NotFoundError
from cbec_compliance.landed_cost.context import _ZERO, _Context, _Line
from cbec_compliance.landed_cost.model import Item
from cbec_compliance.landed_cost.regimes import _conditions_met
from cbec_compliance.money import Money


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
