"""What each rule of the grammar means for the facts of one check.

One evaluator per rule type (:func:`_change` for CC/CTH/CTSH with the tolerance,
:func:`_regional_value_content`, :func:`_max_non_originating`, :func:`_wholly_obtained`,
:func:`_process`), combined by :func:`_evaluate` for ``and``/``or``; :func:`evaluate_alternatives`
gives the verdict on each alternative of a rule. Every percentage is computed exactly (Decimal)
and shown with its inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from cbec_compliance.money import Money
from cbec_compliance.origin.agreements import largest_tolerance_percent
from cbec_compliance.origin.facts import Facts, MaterialFact
from cbec_compliance.origin.grammar import (
    LEVEL_DIGITS,
    AllOf,
    AnyHeading,
    AnyOf,
    ChangeOfClassification,
    CodeRange,
    MaxNonOriginating,
    Process,
    RegionalValueContent,
    Rule,
    WhollyObtained,
)
from cbec_compliance.origin.model import AlternativeResult, Status
from cbec_compliance.origin.schema import Tolerance, ValueContent

__all__ = ["evaluate_alternatives"]

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
"""Percentages and amounts are shown to two decimals; verdicts compare the exact values."""


@dataclass
class _Verdict:
    """The verdict on one rule (or part of one), filled in as the evaluator goes.

    ``deciding`` names the materials that decided it; ``percent`` and ``formula`` are the value
    test's result, when there is one.
    """

    status: Status
    evidence: list[str] = field(default_factory=list)
    deciding: list[str] = field(default_factory=list)
    percent: Decimal | None = None
    formula: str | None = None
    suggestions: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _percent_text(value: Decimal) -> str:
    return f"{value.quantize(CENT)}%"


def _money(amount: Decimal, currency: str | None) -> str:
    return f"{amount.quantize(CENT)} {currency or ''}".strip()


def _total_value(counted: list[MaterialFact]) -> Decimal:
    """The summed value of materials (those without a value count as 0)."""
    return sum((fact.material.value.amount for fact in counted if fact.material.value), Decimal(0))


def _deciding(counted: list[MaterialFact]) -> list[str]:
    """How the result names the materials that decided a verdict: code, else label."""
    return [fact.material.hs_code or fact.material.label for fact in counted]


def _non_originating(
    facts: Facts, scope: tuple[CodeRange, ...] = ()
) -> tuple[list[MaterialFact], list[str], bool]:
    """Materials counted as non-originating for a value rule, what is missing, and whether
    undetermined-origin materials were counted as non-originating."""
    value_content = facts.value_content()
    undetermined_counts = (
        value_content is None or value_content.undetermined_origin_is_non_originating
    )
    counted: list[MaterialFact] = []
    missing: list[str] = []
    used_undetermined = False
    for fact in facts.materials:
        if scope and not any(r.contains(code) for r in scope for code in fact.codes):
            continue
        if fact.originating is True:
            continue
        if fact.originating is None:
            if not undetermined_counts:
                missing.append(f"origin of material {fact.material.label}")
                continue
            used_undetermined = True
        if fact.material.value is None:
            missing.append(f"value of non-originating material {fact.material.label}")
            continue
        counted.append(fact)
    return counted, missing, used_undetermined


_BASE_KEYS = {
    "FOB": "fob",
    "EXW": "ex_works",
    "customs_value": "customs_value",
    "transaction_value": "customs_value",
}
"""A base as the packs and the grammar name it -> the key of the price in ``Facts.bases``."""


def _base(facts: Facts, name: str) -> Money | None:
    """The product's price on the named base (``FOB``, ``EXW`` ...), or None when not given."""
    return facts.bases.get(_BASE_KEYS[name])


def _change(rule: ChangeOfClassification, facts: Facts) -> _Verdict:
    """CC / CTH / CTSH: every non-originating material changes chapter, heading or subheading
    (and is outside ``except_from``), unless the tolerance covers those that do not."""
    digits = LEVEL_DIGITS[rule.level]
    prefix = facts.product_code[:digits]
    if len(prefix) < digits:
        return _Verdict(
            "unknown",
            missing=[f"the product's {rule.level} ({digits} digits) for {rule.abbreviation}"],
        )
    verdict = _Verdict("pass")
    failing: list[MaterialFact] = []
    unknown: list[MaterialFact] = []
    for fact in facts.materials:
        label = fact.material.label
        if fact.originating is True:
            verdict.evidence.append(f"{label}: originating ({fact.reason}), no change needed")
            continue
        if not fact.codes or any(len(code) < digits for code in fact.codes):
            unknown.append(fact)
            verdict.missing.append(
                f"{rule.level} of material {label} in {facts.info.hs_edition} "
                f"({digits} digits needed for {rule.abbreviation})"
            )
            continue
        outcomes = [_why_no_change(code, rule, prefix) for code in fact.codes]
        fails_all = all(outcomes)
        fails_any = any(outcomes)
        if fact.originating is False and fails_all:
            failing.append(fact)
            verdict.evidence.append(
                f"{label}: non-originating, {outcomes[0]} - fails {rule.abbreviation}"
            )
        elif fails_any:
            unknown.append(fact)
            reason = (
                "origin unknown" if fact.originating is None else "its code converts ambiguously"
            )
            verdict.evidence.append(f"{label}: {reason} and it would not meet {rule.abbreviation}")
            verdict.missing.append(
                f"origin of material {label}"
                if fact.originating is None
                else f"exact {facts.info.hs_edition} code of material {label}"
            )
        else:
            verdict.evidence.append(
                f"{label}: {'non-originating' if fact.originating is False else 'origin unknown'}, "
                f"{rule.level} {fact.codes[0][:digits]} differs from {prefix} - meets {rule.abbreviation}"
            )
    if failing:
        verdict.deciding = _deciding(failing)
        saved = _within_tolerance(failing, facts, verdict)
        if saved is None:
            verdict.status = "unknown"
            return verdict
        if not saved:
            verdict.status = "fail"
            names = ", ".join(fact.material.label for fact in failing)
            verdict.suggestions.append(
                f"if material{'s' if len(failing) > 1 else ''} {names} "
                f"{'were' if len(failing) > 1 else 'was'} originating (supplier's declaration or "
                f"proof of origin), or sourced from a party, {rule.abbreviation} would be met"
            )
            return verdict
    if unknown:
        verdict.status = "unknown"
    return verdict


def _why_no_change(code: str, rule: ChangeOfClassification, prefix: str) -> str:
    """Why a material code does not make the change ``rule`` asks for; "" when it does."""
    if code[: len(prefix)] == prefix:
        return f"same {rule.level} {prefix} as the product"
    if any(item.contains(code) for item in rule.except_from):
        return f"{code} is in an excluded range ({', '.join(map(str, rule.except_from))})"
    return ""


MAX_VALUE_SUGGESTIONS = 3
"""At most this many "if material X were originating" suggestions per value rule."""


def _within_tolerance(failing: list[MaterialFact], facts: Facts, verdict: _Verdict) -> bool | None:
    """True/False when the tolerance (de minimis) decides; None when it cannot be computed.

    Where the agreement allows a weight test as well as the value test, either one passing is
    enough.
    """
    tolerance = facts.tolerance()
    if tolerance is None:
        return _without_tolerance_rule(failing, facts, verdict)
    chapter = facts.product_code[:2]
    results: list[bool | None] = []
    if chapter in tolerance.weight_chapters and tolerance.weight_percent is not None:
        results.append(
            _tolerance_by_weight(failing, facts, verdict, tolerance, tolerance.weight_percent)
        )
    if chapter in tolerance.value_excluded_chapters:
        verdict.missing.append(
            f"the {tolerance.article} tolerance for chapter {chapter} is set by weight or textile "
            "notes the pack does not model: check it yourself"
        )
        results.append(None)
    else:
        results.append(_tolerance_by_value(failing, facts, verdict, tolerance))
    if True in results:
        return True
    return None if None in results else False


def _without_tolerance_rule(
    failing: list[MaterialFact], facts: Facts, verdict: _Verdict
) -> bool | None:
    """A pack without a tolerance rule: False when the failing materials are above any
    tolerance an agreement allows, else None (the user must check the agreement)."""
    base = facts.bases.get("ex_works") or facts.bases.get("fob")
    if base is not None and all(fact.material.value is not None for fact in failing):
        share = _total_value(failing) / base.amount * HUNDRED
        largest = largest_tolerance_percent()
        if largest is not None and share > largest:
            verdict.evidence.append(
                f"failing materials are {_percent_text(share)} of the price: above the largest "
                f"tolerance of any agreement in the packs ({_percent_text(largest)}), so no "
                "tolerance can save the rule"
            )
            return False
    verdict.missing.append(
        f"the tolerance (de minimis) rule of {facts.info.id} is not in the pack: check whether "
        "it covers the failing materials"
    )
    return None


def _tolerance_by_weight(
    failing: list[MaterialFact],
    facts: Facts,
    verdict: _Verdict,
    tolerance: Tolerance,
    limit: Decimal,
) -> bool | None:
    """The weight test: failing materials at most ``limit`` percent of the product's weight."""
    weights = [fact.material.weight_kg for fact in failing]
    total_weight = facts.product.weight_kg
    if total_weight is None or any(weight is None for weight in weights) or not total_weight:
        verdict.missing.append(
            f"weights of the failing materials and of the product (the {tolerance.article} "
            f"tolerance for chapter {facts.product_code[:2]} may be computed on weight)"
        )
        return None
    share = sum((w for w in weights if w is not None), Decimal(0)) / total_weight * HUNDRED
    ok = share <= limit
    verdict.evidence.append(
        f"tolerance ({tolerance.article}) by weight: failing materials are "
        f"{_percent_text(share)} of the product's weight, limit "
        f"{_percent_text(limit)} - {'applies' if ok else 'exceeded'}"
    )
    return ok


def _tolerance_by_value(
    failing: list[MaterialFact], facts: Facts, verdict: _Verdict, tolerance: Tolerance
) -> bool | None:
    """The value test: failing materials at most the tolerance's percent of its base."""
    base = _base(facts, tolerance.base)
    if base is None or any(fact.material.value is None for fact in failing):
        verdict.missing.append(
            f"{tolerance.base} price and the values of the failing materials (to apply the "
            f"{_percent_text(tolerance.percent)} tolerance of {tolerance.article})"
        )
        return None
    total = _total_value(failing)
    share = total / base.amount * HUNDRED
    ok = share <= tolerance.percent
    verdict.evidence.append(
        f"tolerance ({tolerance.article}): failing materials "
        f"{_money(total, facts.currency)} = {_percent_text(share)} of {tolerance.base} "
        f"{base}, limit {_percent_text(tolerance.percent)} - "
        f"{'applies' if ok else 'exceeded'}"
    )
    return ok


def _value_suggestions(
    counted: list[MaterialFact],
    check: Callable[[Decimal], tuple[bool, Decimal]],
    verdict: _Verdict,
    what: str,
) -> None:
    """Suggest, smallest first, the single materials that would make a value rule pass."""
    helpful = []
    for fact in sorted(
        counted, key=lambda item: item.material.value.amount if item.material.value else Decimal(0)
    ):
        value = fact.material.value
        if value is None:
            continue
        ok, percent = check(value.amount)
        if ok:
            helpful.append(
                f"if material {fact.material.label} were originating (supplier's declaration), "
                f"{what} becomes {_percent_text(percent)}"
            )
    verdict.suggestions.extend(helpful[:MAX_VALUE_SUGGESTIONS])


def _regional_value_content(rule: RegionalValueContent, facts: Facts) -> _Verdict:
    """RVC: met when any method the rule allows (by default the agreement's) reaches the
    percentage; the highest RVC found is the one shown."""
    value_content = facts.value_content()
    if value_content is None:
        return _Verdict("unknown", missing=["the agreement pack has no RVC formula; add one"])
    methods = value_content.methods if rule.method == "agreement" else (rule.method,)
    base = _base(facts, value_content.base)
    verdict = _Verdict("fail")
    if base is None:
        verdict.status = "unknown"
        verdict.missing.append(
            f"{value_content.base} price of the product (RVC base, {value_content.article})"
        )
        return verdict
    counted, missing, used_undetermined = _non_originating(facts)
    if missing:
        verdict.status = "unknown"
        verdict.missing.extend(missing)
        return verdict
    vnm = _total_value(counted)
    if used_undetermined:
        verdict.evidence.append("materials of undetermined origin counted as non-originating")
    statuses: list[Status] = []
    for method in methods:
        absent: list[str] = []
        if method == "build-down":
            percent, formula = _build_down(base, vnm, value_content, facts)
        elif method == "build-up":
            percent, formula, absent = _build_up(base, value_content, facts, verdict)
        else:
            net_cost = facts.costs.get("net_cost")
            if net_cost is None:
                statuses.append("unknown")
                verdict.missing.append("net cost of the product (costs={'net_cost': Money(...)})")
                continue
            percent, formula = _net_cost(net_cost, vnm, facts)
        ok = percent >= rule.percent
        if ok or not absent:
            statuses.append("pass" if ok else "fail")
            verdict.evidence.append(f"{formula} - {'meets' if ok else 'below'} {rule.percent}%")
        else:
            statuses.append("unknown")
            verdict.missing.append(
                f"build-up costs not given ({', '.join(absent)}): the build-up RVC is at least "
                f"{_percent_text(percent)}; pass costs={{...}} to complete it"
            )
            verdict.evidence.append(f"{formula} without the costs not given - not decisive")
        if verdict.percent is None or percent > verdict.percent:
            verdict.percent, verdict.formula = percent, formula
    verdict.status = _any_passes(statuses)
    verdict.deciding = _deciding(counted)
    if verdict.status == "fail" and "build-down" in methods:
        allowed = base.amount * (HUNDRED - rule.percent) / HUNDRED
        verdict.suggestions.append(
            f"non-originating materials must be worth at most {_money(allowed, facts.currency)} "
            f"(now {_money(vnm, facts.currency)}) for RVC{rule.percent}"
        )

        def test(amount: Decimal) -> tuple[bool, Decimal]:
            percent = (base.amount - (vnm - amount)) / base.amount * HUNDRED
            return percent >= rule.percent, percent

        _value_suggestions(counted, test, verdict, "RVC")
    return verdict


def _build_down(
    base: Money, vnm: Decimal, value_content: ValueContent, facts: Facts
) -> tuple[Decimal, str]:
    """RVC by build-down, (base - VNM) / base, and its formula."""
    percent = (base.amount - vnm) / base.amount * HUNDRED
    formula = (
        f"build-down: ({value_content.base} {_money(base.amount, facts.currency)} - VNM "
        f"{_money(vnm, facts.currency)}) / {_money(base.amount, facts.currency)} x 100 = {_percent_text(percent)}"
    )
    return percent, formula


def _build_up(
    base: Money, value_content: ValueContent, facts: Facts, verdict: _Verdict
) -> tuple[Decimal, str, list[str]]:
    """RVC by build-up, (VOM + the costs the agreement adds) / base, its formula, and the
    names of the costs to add that were not given."""
    originating = [fact for fact in facts.materials if fact.originating is True]
    vom = _total_value(originating)
    if any(fact.material.value is None for fact in originating):
        verdict.evidence.append("build-up: some originating materials have no value (counted as 0)")
    added = [name for name in value_content.build_up_adds if name in facts.costs]
    absent: list[str] = [name for name in value_content.build_up_adds if name not in facts.costs]
    extra = sum((facts.costs[name].amount for name in added), Decimal(0))
    percent = (vom + extra) / base.amount * HUNDRED
    formula = (
        f"build-up: (VOM {_money(vom, facts.currency)}"
        + "".join(f" + {name} {_money(facts.costs[name].amount, facts.currency)}" for name in added)
        + f") / {value_content.base} {_money(base.amount, facts.currency)} x 100 = {_percent_text(percent)}"
    )
    return percent, formula, absent


def _net_cost(net_cost: Money, vnm: Decimal, facts: Facts) -> tuple[Decimal, str]:
    """RVC by net cost, (NC - VNM) / NC, and its formula."""
    percent = (net_cost.amount - vnm) / net_cost.amount * HUNDRED
    formula = f"net cost: (NC {net_cost} - VNM {_money(vnm, facts.currency)}) / NC x 100 = {_percent_text(percent)}"
    return percent, formula


def _max_non_originating(rule: MaxNonOriginating, facts: Facts) -> _Verdict:
    """MaxNOM: the non-originating materials (in the rule's scope) at most the percentage of
    the price."""
    base = _base(facts, rule.base)
    verdict = _Verdict("fail")
    if base is None:
        verdict.status = "unknown"
        verdict.missing.append(
            f"{'ex-works' if rule.base == 'EXW' else 'FOB'} price of the product (MaxNOM base)"
        )
        return verdict
    counted, missing, used_undetermined = _non_originating(facts, rule.materials)
    if missing:
        verdict.status = "unknown"
        verdict.missing.extend(missing)
        return verdict
    vnm = _total_value(counted)
    percent = vnm / base.amount * HUNDRED
    scope = f" of {', '.join(map(str, rule.materials))}" if rule.materials else ""
    verdict.formula = (
        f"non-originating materials{scope} {_money(vnm, facts.currency)} / {rule.base} "
        f"{_money(base.amount, facts.currency)} x 100 = {_percent_text(percent)}"
    )
    verdict.percent = percent
    ok = percent <= rule.percent
    verdict.status = "pass" if ok else "fail"
    verdict.evidence.append(f"{verdict.formula} - {'within' if ok else 'above'} {rule.percent}%")
    if used_undetermined:
        verdict.evidence.append("materials of undetermined origin counted as non-originating")
    verdict.deciding = _deciding(counted)
    if not ok:
        allowed = base.amount * rule.percent / HUNDRED
        verdict.suggestions.append(
            f"non-originating materials{scope} must be worth at most {_money(allowed, facts.currency)} "
            f"(now {_money(vnm, facts.currency)})"
        )

        def test(amount: Decimal) -> tuple[bool, Decimal]:
            share = (vnm - amount) / base.amount * HUNDRED
            return share <= rule.percent, share

        _value_suggestions(counted, test, verdict, "the non-originating share")
    return verdict


def _wholly_obtained(facts: Facts) -> _Verdict:
    """WO: failed by any non-originating material, else as the product is declared."""
    non_originating = [fact for fact in facts.materials if fact.originating is False]
    if non_originating:
        return _Verdict(
            "fail",
            evidence=[
                "non-originating materials used: "
                + ", ".join(fact.material.label for fact in non_originating)
            ],
            deciding=_deciding(non_originating),
        )
    if facts.product.wholly_obtained is True:
        return _Verdict("pass", evidence=["declared wholly obtained in the exporting party"])
    if facts.product.wholly_obtained is False:
        return _Verdict("fail", evidence=["declared not wholly obtained"])
    return _Verdict(
        "unknown",
        missing=["whether the product is wholly obtained (Product(wholly_obtained=True))"],
    )


def _any_heading() -> _Verdict:
    """ANY: met by any materials, within the agreement's insufficient operations."""
    return _Verdict(
        "pass",
        evidence=[
            "production from non-originating materials of any heading: met, provided the "
            "working goes beyond the agreement's insufficient operations"
        ],
    )


def _process(rule: Process, facts: Facts) -> _Verdict:
    """A named process: met when the producer confirms it, else unknown."""
    if rule.text.strip().lower() in facts.confirmed:
        return _Verdict("pass", evidence=[f"confirmed by the producer: {rule.text}"])
    return _Verdict(
        "unknown",
        evidence=[f"condition to confirm: {rule.text}"],
        missing=[f'confirmation of the process "{rule.text}" (pass confirmed=[...])'],
    )


def _any_passes(statuses: list[Status]) -> Status:
    """The status of alternatives: pass if one passes, else unknown if one is unknown."""
    return "pass" if "pass" in statuses else "unknown" if "unknown" in statuses else "fail"


def _all_pass(statuses: list[Status]) -> Status:
    """The status of requirements: fail if one fails, else unknown if one is unknown."""
    return "fail" if "fail" in statuses else "unknown" if "unknown" in statuses else "pass"


def _evaluate(rule: Rule, facts: Facts) -> _Verdict:
    """The verdict on any rule of the grammar."""
    if isinstance(rule, WhollyObtained):
        return _wholly_obtained(facts)
    if isinstance(rule, AnyHeading):
        return _any_heading()
    if isinstance(rule, ChangeOfClassification):
        return _change(rule, facts)
    if isinstance(rule, RegionalValueContent):
        return _regional_value_content(rule, facts)
    if isinstance(rule, MaxNonOriginating):
        return _max_non_originating(rule, facts)
    if isinstance(rule, Process):
        return _process(rule, facts)
    return _combined(rule, facts)


def _combined(rule: AnyOf | AllOf, facts: Facts) -> _Verdict:
    """``or`` / ``and``: every part's evidence, prefixed with the part; the first value test's
    percentage is the one shown."""
    members = rule.options if isinstance(rule, AnyOf) else rule.parts
    verdicts = [_evaluate(member, facts) for member in members]
    combined = _Verdict("unknown")
    for member, verdict in zip(members, verdicts, strict=True):
        combined.evidence.extend(f"{member}: {line}" for line in verdict.evidence)
        combined.missing.extend(verdict.missing)
        combined.suggestions.extend(verdict.suggestions)
        combined.deciding.extend(verdict.deciding)
        if verdict.percent is not None and combined.percent is None:
            combined.percent, combined.formula = verdict.percent, verdict.formula
    statuses = [verdict.status for verdict in verdicts]
    combined.status = _any_passes(statuses) if isinstance(rule, AnyOf) else _all_pass(statuses)
    return combined


def evaluate_alternatives(rule: Rule, facts: Facts) -> list[AlternativeResult]:
    """The verdict on each alternative of ``rule`` (the rule itself when it has no ``or``)."""
    options = rule.options if isinstance(rule, AnyOf) else (rule,)
    results = []
    for option in options:
        verdict = _evaluate(option, facts)
        results.append(
            AlternativeResult(
                rule=str(option),
                status=verdict.status,
                evidence=tuple(verdict.evidence),
                deciding_materials=tuple(dict.fromkeys(verdict.deciding)),
                percent=verdict.percent.quantize(CENT) if verdict.percent is not None else None,
                formula=verdict.formula,
                suggestions=tuple(verdict.suggestions),
                missing=tuple(dict.fromkeys(verdict.missing)),
            )
        )
    return results
