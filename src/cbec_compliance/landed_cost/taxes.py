"""Excise (consumption tax) and import VAT/GST per line, on the bases the tax packs define.

Includes a VAT collected as national and local parts (Japan's consumption tax and local
consumption tax).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from cbec_compliance.duty.components import AdValorem, DutyExpression, Specific
from cbec_compliance.errors import NotFoundError
from cbec_compliance.landed_cost.context import (
    _ZERO,
    _caller_rule,
    _Charge,
    _Context,
    _Line,
    _measure_rule,
    _percent,
)
from cbec_compliance.landed_cost.duty import _component_amount
from cbec_compliance.landed_cost.finish import _truncated_base
from cbec_compliance.landed_cost.measures import _line_measures, _type_of
from cbec_compliance.landed_cost.model import MeasureLike, Missing, RuleRef
from cbec_compliance.tax.exchange import RateUsed
from cbec_compliance.tax.schema import TaxBase


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
