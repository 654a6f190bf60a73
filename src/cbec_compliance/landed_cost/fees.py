"""Entry fees charged once per customs entry (fixed, or a percentage with a minimum/maximum)."""

from __future__ import annotations

from decimal import Decimal

from cbec_compliance.landed_cost.context import _ZERO, _Charge, _Context, _percent
from cbec_compliance.landed_cost.model import Missing
from cbec_compliance.money import Money
from cbec_compliance.tax.exchange import RateUsed
from cbec_compliance.tax.schema import Amount


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
