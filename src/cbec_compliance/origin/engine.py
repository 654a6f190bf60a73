"""Decide whether a product made from a bill of materials originates under an agreement.

:func:`check_origin` validates the inputs, finds the product-specific rule (from the pack, see
:mod:`.agreements`, or given by the caller), builds the facts (:mod:`.facts`), evaluates each
alternative of the rule (:mod:`.evaluate`) and assembles the :class:`OriginResult`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from cbec_compliance.errors import InvalidInputError, NotFoundError
from cbec_compliance.money import Money
from cbec_compliance.origin.agreements import (
    AgreementInfo,
    PsrRow,
    agreement,
    agreements,
    find_rules,
)
from cbec_compliance.origin.evaluate import evaluate_alternatives
from cbec_compliance.origin.facts import Facts, build_facts, parties_on
from cbec_compliance.origin.grammar import Rule, parse_rule
from cbec_compliance.origin.model import (
    AlternativeResult,
    Material,
    OriginResult,
    Product,
    ProofRef,
)

__all__ = ["AgreementInfo", "PsrRow", "agreement", "agreements", "check_origin", "find_rules"]

# check_origin's parameter ``agreement`` (the id) hides the function of that name.
_agreement = agreement

COST_NAMES = ("direct_labour", "direct_overhead", "profit", "other", "net_cost")
"""The costs the build-up and net-cost formulas read."""


def _country(value: object, name: str) -> str:
    """An ISO alpha-2 country code, upper case; anything else raises naming ``name``."""
    if not isinstance(value, str) or len(value.strip()) != 2 or not value.strip().isalpha():
        raise InvalidInputError(
            f"{name} {value!r} must be an ISO alpha-2 country code such as 'CN'"
        )
    return value.strip().upper()


def _optional_money(value: object, name: str) -> Money | None:
    """``value`` when it is Money or None; anything else raises naming ``name``."""
    if value is None or isinstance(value, Money):
        return value
    raise InvalidInputError(f"{name} {value!r} must be Money, for example Money('12.00', 'USD')")


def check_origin(
    agreement: str,
    *,
    exporter: str,
    importer: str,
    product: Product,
    bom: Sequence[Material] = (),
    on: date,
    ex_works: Money | None = None,
    fob: Money | None = None,
    customs_value: Money | None = None,
    rule: str | None = None,
    subdivision: str | None = None,
    confirmed: Iterable[str] = (),
    costs: dict[str, Money] | None = None,
) -> OriginResult:
    """Decide whether ``product`` made from ``bom`` originates under ``agreement``.

    ``rule`` overrides the pack's product-specific rule (text in the grammar). ``confirmed``
    lists the process conditions the producer confirms. ``costs`` feeds build-up / net-cost
    formulas (``direct_labour``, ``direct_overhead``, ``profit``, ``other``, ``net_cost``).
    """
    info = _agreement(agreement)
    exporter_code, importer_code = _country(exporter, "exporter"), _country(importer, "importer")
    _check_inputs(info, exporter_code, importer_code, product, bom, on)
    cost_values = _cost_values(costs)
    bases = {
        "ex_works": _optional_money(ex_works, "ex_works"),
        "fob": _optional_money(fob, "fob"),
        "customs_value": _optional_money(customs_value, "customs_value"),
    }
    facts, product_codes = build_facts(
        info,
        exporter=exporter_code,
        product=product,
        bom=bom,
        on=on,
        bases=bases,
        confirmed=confirmed,
        costs=cost_values,
    )
    missing: list[str] = []
    rule_original: str | None = None
    if rule is not None:
        parsed: Rule | None = parse_rule(rule)
        rule_source = "supplied by the caller"
        rule_code = product_codes[0] if len(product_codes) == 1 else product.hs_code
    else:
        parsed, rule_source, rule_original, rule_code = _pack_rule(
            info, product_codes, subdivision, missing
        )
        if parsed is None and not missing:
            missing.append(
                f"product-specific rule for {info.hs_edition} {rule_code} is not available in the "
                f"{info.id} pack; pass rule='...' (for example rule='CTH or RVC40') to evaluate one"
            )
    if not facts.product_code and parsed is not None:
        facts.product_code = rule_code[:6]
    alternatives = evaluate_alternatives(parsed, facts) if parsed is not None else []
    originating = _originating(alternatives)
    for alternative in alternatives:
        if originating is None or alternative.status == "unknown":
            missing.extend(item for item in alternative.missing if item not in missing)
    suggestions: list[str] = []
    if originating is not True:
        for alternative in alternatives:
            suggestions.extend(f"{alternative.rule}: {text}" for text in alternative.suggestions)
    return OriginResult(
        agreement=info.id,
        agreement_title=info.title,
        exporter=exporter_code,
        importer=importer_code,
        on=on,
        product_code=product.hs_code,
        rule_code=rule_code,
        rule_edition=info.hs_edition,
        rule=str(parsed) if parsed is not None else None,
        rule_original=rule_original,
        rule_source=rule_source,
        originating=originating,
        alternatives=tuple(alternatives),
        evidence=tuple(_evidence(facts)),
        assumptions=tuple(facts.assumptions),
        suggestions=tuple(suggestions),
        missing=tuple(missing),
        proof=_proofs(info, on),
        general_rules=tuple(
            f"{item.article}: {item.text}"
            for item in info.content.general_rules
            if item.in_force(on)
        ),
    )


def _check_inputs(
    info: AgreementInfo,
    exporter: str,
    importer: str,
    product: object,
    bom: Sequence[object],
    on: object,
) -> None:
    """Raise when an input is of the wrong type, the agreement is not in force on ``on``, or
    the exporter and importer are not two parties to it then."""
    if not isinstance(on, date):
        raise InvalidInputError(f"on {on!r} must be a datetime.date")
    if not isinstance(product, Product):
        raise InvalidInputError("product must be a cbec_compliance.Product")
    if any(not isinstance(item, Material) for item in bom):
        raise InvalidInputError("every bill-of-materials line must be a cbec_compliance.Material")
    head = info.content.agreement
    if not head.in_force(on):
        raise NotFoundError(
            f"{info.id} is not in force on {on.isoformat()} (from {head.valid_from}"
            f"{' to ' + str(head.valid_to) if head.valid_to else ''})"
        )
    parties = parties_on(info, on)
    for role, country in (("exporter", exporter), ("importer", importer)):
        if country not in parties:
            raise InvalidInputError(
                f"{role} {country} is not a party to {info.id} on {on.isoformat()}; parties then: "
                f"{', '.join(sorted(parties))}"
            )
    if exporter == importer:
        raise InvalidInputError("exporter and importer must be different parties")
    if head.bilateral_with and head.bilateral_with not in {exporter, importer}:
        raise InvalidInputError(
            f"{info.id} is a bilateral scheme: one side must be {head.bilateral_with}"
        )


def _cost_values(costs: dict[str, Money] | None) -> dict[str, Money]:
    """The costs given, checked by name and type (None values dropped)."""
    cost_values: dict[str, Money] = {}
    for name, value in (costs or {}).items():
        if name not in COST_NAMES:
            raise InvalidInputError(
                f"costs key {name!r} unknown; use direct_labour, direct_overhead, profit, other, net_cost"
            )
        money = _optional_money(value, f"costs[{name!r}]")
        if money is not None:
            cost_values[name] = money
    return cost_values


def _originating(alternatives: list[AlternativeResult]) -> bool | None:
    """True when an alternative passes, False when all fail, else None (undetermined)."""
    statuses = [alternative.status for alternative in alternatives]
    if not alternatives:
        return None
    if "pass" in statuses:
        return True
    if "unknown" in statuses:
        return None
    return False


def _evidence(facts: Facts) -> list[str]:
    """The result's evidence: the conversion notes, then each material's origin status."""
    evidence = list(facts.notes)
    evidence.extend(
        f"material {fact.material.label}: {'originating' if fact.originating else 'non-originating' if fact.originating is False else 'origin undetermined'} ({fact.reason})"
        for fact in facts.materials
    )
    return evidence


def _proofs(info: AgreementInfo, on: date) -> tuple[ProofRef, ...]:
    """The proofs of origin the agreement accepts on ``on``."""
    return tuple(
        ProofRef(
            id=proof.id,
            title=proof.title,
            article=proof.article,
            source_url=proof.sources[0].url,
            note=proof.note,
        )
        for proof in info.content.proofs
        if proof.in_force(on)
    )


def _pack_rule(
    info: AgreementInfo, product_codes: list[str], subdivision: str | None, missing: list[str]
) -> tuple[Rule | None, str, str | None, str]:
    """The pack's rule for the product, or None with the reason added to ``missing``."""
    by_code = {code: find_rules(info.id, code) for code in product_codes}
    rows = {row for found in by_code.values() for row in found}
    code = product_codes[0]
    if not rows:
        return None, f"{info.pack_id}/{info.content.psr_file}", None, code
    if len({(row.rule, row.original) for row in rows}) > 1:
        if subdivision is not None:
            chosen = [row for row in rows if subdivision.lower() in row.subdivision.lower()]
            if len({(row.rule, row.original) for row in chosen}) == 1:
                rows = {chosen[0]}
        if len({(row.rule, row.original) for row in rows}) > 1:
            choices = "; ".join(
                sorted(f"{row.label()}: {row.rule or row.original}" for row in rows)
            )
            missing.append(
                "the rule depends on which of these the product is (pass subdivision='...' or "
                f"a more precise code): {choices}"
            )
            return None, f"{info.pack_id}/{info.content.psr_file}", None, code
    row = sorted(rows, key=lambda item: item.code_from)[0]
    source = f"{info.pack_id}/{info.content.psr_file} {row.label()}" + (
        f", {row.reference}" if row.reference else ""
    )
    if not row.rule:
        missing.append(
            f"the rule for {row.label()} is kept as text only (not in the grammar): "
            f"{row.original!r}; check it yourself or pass rule='...'"
        )
        return None, source, row.original, row.code_from
    return (
        parse_rule(row.rule),
        source,
        row.original or None,
        row.code_from if len(product_codes) > 1 else code,
    )
