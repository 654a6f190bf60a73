"""Customs duty per line: the caller's rate or the tariff measure, additional duties, preferences.

Also the evaluation of a :class:`~cbec_compliance.duty.DutyExpression` (ad valorem and specific
components, minimum and maximum) on a base and the line's quantities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from cbec_compliance.duty.components import AdValorem, DutyExpression, Specific
from cbec_compliance.landed_cost.context import (
    _ZERO,
    _caller_rule,
    _Charge,
    _Context,
    _Line,
    _measure_rule,
    _percent,
)
from cbec_compliance.landed_cost.finish import _truncated_base
from cbec_compliance.landed_cost.measures import _line_measures, _type_of
from cbec_compliance.landed_cost.model import MeasureLike, Missing, RuleRef
from cbec_compliance.money import Money
from cbec_compliance.tax.exchange import RateUsed

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
