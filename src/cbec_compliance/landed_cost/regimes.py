"""Low-value and special regimes from the regime packs, and the conditions they share.

China's cross-border e-commerce retail import, reliefs (de minimis), VAT/GST collected at sale
(IOSS and the like), the flat duty per tariff subheading, and small-amount waivers applied after
the taxes are known.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from cbec_compliance.landed_cost.context import _ZERO, _Charge, _Context, _percent
from cbec_compliance.landed_cost.duty import _claims_preference
from cbec_compliance.landed_cost.model import Missing
from cbec_compliance.money import Money
from cbec_compliance.tax.exchange import RateUsed
from cbec_compliance.tax.schema import Amount


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
