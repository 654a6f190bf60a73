"""Evaluate a product's bill of materials against an agreement's rules of origin.

The agreement data (parties, general rules, product-specific rules) comes from the
``origin-agreement`` packs in ``rules/origin/``; this module only decides what the grammar's
rules mean. Every percentage is computed exactly (Decimal) and shown with its inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from cbec_compliance.errors import (
    InvalidInputError,
    NoCorrelationError,
    NotFoundError,
    UnknownAgreementError,
    UnknownHsCodeError,
)
from cbec_compliance.hs.conversion import convert
from cbec_compliance.hs.editions import edition_in_force, validate_edition
from cbec_compliance.money import Money
from cbec_compliance.origin.grammar import (
    LEVEL_DIGITS,
    AnyHeading,
    AnyOf,
    ChangeOfClassification,
    CodeRange,
    MaxNonOriginating,
    Process,
    RegionalValueContent,
    Rule,
    WhollyObtained,
    parse_rule,
)
from cbec_compliance.origin.model import (
    AlternativeResult,
    Material,
    OriginResult,
    Product,
    ProofRef,
    Status,
)
from cbec_compliance.origin.schema import OriginAgreementPack, Tolerance, ValueContent
from cbec_compliance.rules.registry import get_pack, pack_ids, register_cache

__all__ = ["AgreementInfo", "PsrRow", "agreement", "agreements", "check_origin", "find_rules"]

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PsrRow:
    """One product-specific rule row of an agreement pack."""

    code_from: str
    code_to: str
    subdivision: str
    rule: str
    original: str
    reference: str

    @property
    def low(self) -> str:
        return self.code_from.ljust(10, "0")

    @property
    def high(self) -> str:
        return self.code_to.ljust(10, "9")

    def label(self) -> str:
        span = (
            self.code_from if self.code_from == self.code_to else f"{self.code_from}-{self.code_to}"
        )
        return span + (f" ({self.subdivision})" if self.subdivision else "")


@dataclass(frozen=True)
class AgreementInfo:
    """An agreement as :func:`agreements` lists it."""

    id: str
    title: str
    parties: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    hs_edition: str
    product_rules: int
    source_url: str
    pack_id: str
    content: OriginAgreementPack = field(repr=False, compare=False)
    rows: tuple[PsrRow, ...] = field(repr=False, compare=False, default=())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    found: dict[str, str] = {}
    for pack_id in pack_ids("origin/"):
        pack = get_pack(pack_id)
        if isinstance(pack.content, OriginAgreementPack):
            found[pack.content.agreement.id] = pack_id
    return found


@cache
def _load(agreement_id: str) -> AgreementInfo:
    pack_id = _index()[agreement_id]
    pack = get_pack(pack_id)
    content = pack.content_as(OriginAgreementPack)
    rows = tuple(PsrRow(**row) for _, row in pack.table_rows(content.psr_file))
    head = content.agreement
    return AgreementInfo(
        id=head.id,
        title=head.title,
        parties=tuple(sorted({party.country for party in head.parties})),
        valid_from=head.valid_from,
        valid_to=head.valid_to,
        hs_edition=head.hs_edition,
        product_rules=len(rows),
        source_url=head.sources[0].url,
        pack_id=pack_id,
        content=content,
        rows=rows,
    )


def _clear() -> None:
    _index.cache_clear()
    _load.cache_clear()


register_cache(_clear)


def agreements() -> list[AgreementInfo]:
    """Every agreement in the rule packs, by id."""
    return [_load(agreement_id) for agreement_id in sorted(_index())]


def agreement(agreement_id: str) -> AgreementInfo:
    """One agreement by its stable id (``RCEP``, ``UK-EU-TCA`` ...)."""
    if not isinstance(agreement_id, str):
        raise InvalidInputError(f"agreement must be an id such as 'RCEP', not {agreement_id!r}")
    key = agreement_id.strip().upper()
    if key not in _index():
        raise UnknownAgreementError(
            f"no agreement {agreement_id!r} in the rule packs; known: {', '.join(sorted(_index()))}"
        )
    return _load(key)


_agreement = agreement


def find_rules(agreement_id: str, code: str) -> list[PsrRow]:
    """The product-specific rule rows covering ``code`` (in the agreement's HS edition).

    The most specific row that covers the whole code wins; rows for parts of the code (national
    subdivisions) are all returned, since the rule then depends on which part the product is.
    """
    info = agreement(agreement_id)
    low, high = code.ljust(10, "0"), code.ljust(10, "9")
    covering = [row for row in info.rows if row.low <= low and high <= row.high]
    inside = [
        row for row in info.rows if low <= row.low and row.high <= high and row not in covering
    ]
    if inside:
        return inside
    if not covering:
        return []
    narrowest = min(int(row.high) - int(row.low) for row in covering)
    return [row for row in covering if int(row.high) - int(row.low) == narrowest]


# --- facts about the materials -------------------------------------------------------------


@dataclass
class _MaterialFact:
    material: Material
    codes: tuple[str, ...]
    originating: bool | None
    reason: str


@dataclass
class _Facts:
    info: AgreementInfo
    on: date
    exporter: str
    importer: str
    product: Product
    product_code: str
    materials: list[_MaterialFact]
    bases: dict[str, Money | None]
    currency: str | None
    confirmed: frozenset[str]
    costs: dict[str, Money]
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tolerance(self) -> Tolerance | None:
        return next((t for t in self.info.content.tolerance if t.in_force(self.on)), None)

    def value_content(self) -> ValueContent | None:
        return next((v for v in self.info.content.value_content if v.in_force(self.on)), None)


@dataclass
class _Verdict:
    status: Status
    evidence: list[str] = field(default_factory=list)
    deciding: list[str] = field(default_factory=list)
    percent: Decimal | None = None
    formula: str | None = None
    suggestions: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _percent_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}%"


def _parties_on(info: AgreementInfo, on: date) -> set[str]:
    return {party.country for party in info.content.agreement.parties if party.in_force(on)}


def _material_codes(
    material: Material, facts_edition: str, rule_edition: str
) -> tuple[tuple[str, ...], str]:
    if material.hs_code is None:
        return (), ""
    edition = validate_edition(material.edition) if material.edition else facts_edition
    if edition == rule_edition or len(material.hs_code) < 6:
        note = "" if edition == rule_edition else f"heading {material.hs_code[:4]} not converted"
        return (material.hs_code[:6],), note
    try:
        result = convert(material.hs_code[:6], edition, rule_edition)
    except UnknownHsCodeError as error:
        raise UnknownHsCodeError(f"material {material.label}: {error}") from None
    except NoCorrelationError:
        return (), f"{edition} {material.hs_code[:6]} has no {rule_edition} correspondence"
    targets = tuple(sorted(set(result.targets)))
    if not targets:
        targets = tuple(sorted({item.code for item in result.conditional_targets}))
    if targets == (material.hs_code[:6],):
        return targets, ""
    shown = ", ".join(targets[:5]) + (f" and {len(targets) - 5} more" if len(targets) > 5 else "")
    note = f"{edition} {material.hs_code[:6]} = {rule_edition} {shown}"
    return targets, note


def _material_status(
    material: Material, info: AgreementInfo, exporter: str, parties: set[str], on: date
) -> tuple[bool | None, str, str | None]:
    """(originating, reason, assumption) for one material."""
    if material.originating is not None:
        said = "originating" if material.originating else "non-originating"
        return material.originating, f"declared {said}", None
    if material.origin is None:
        return None, "origin not given", None
    cumulation = next((c for c in info.content.cumulation if c.in_force(on)), None)
    if material.origin == exporter:
        return (
            True,
            f"from {exporter}, the exporting party",
            f"material {material.label} from {exporter} counted as originating: it must itself "
            "meet the agreement's rules (supplier's declaration or records)",
        )
    cumulating = parties | set(cumulation.countries if cumulation else ())
    if cumulation is not None and cumulation.kind != "none" and material.origin in cumulating:
        return (
            True,
            f"from {material.origin}, cumulated under {cumulation.article}",
            f"material {material.label} from {material.origin} counted as originating by "
            f"cumulation ({cumulation.article}): hold the supplier's proof of origin",
        )
    return False, f"from {material.origin}, not a party whose materials cumulate", None


def _build_facts(
    info: AgreementInfo,
    *,
    exporter: str,
    importer: str,
    product: Product,
    bom: Sequence[Material],
    on: date,
    bases: dict[str, Money | None],
    confirmed: Iterable[str],
    costs: dict[str, Money],
) -> tuple[_Facts, list[str]]:
    product_edition = validate_edition(product.edition) if product.edition else edition_in_force(on)
    rule_edition = info.hs_edition
    notes: list[str] = []
    if product_edition == rule_edition:
        product_codes: tuple[str, ...] = (product.hs_code,)
    elif len(product.hs_code) < 6:
        product_codes = (product.hs_code,)
        notes.append(
            f"product heading {product.hs_code} taken as the same in {rule_edition} (correlation "
            "tables link 6-digit subheadings; give the subheading to convert it)"
        )
    else:
        converted = convert(product.hs_code[:6], product_edition, rule_edition)
        product_codes = tuple(sorted(set(converted.targets)))
        notes.append(
            f"product {product_edition} {product.hs_code[:6]} = {rule_edition} "
            f"{', '.join(product_codes)} (UN correlation tables; the rules are written in {rule_edition})"
        )
    parties = _parties_on(info, on)
    materials: list[_MaterialFact] = []
    assumptions: list[str] = []
    for material in bom:
        codes, note = _material_codes(material, product_edition, rule_edition)
        if note and product_edition != rule_edition:
            notes.append(f"material {note}")
        originating, reason, assumption = _material_status(material, info, exporter, parties, on)
        if assumption:
            assumptions.append(assumption)
        materials.append(_MaterialFact(material, codes, originating, reason))
    currencies = {money.currency for money in bases.values() if money is not None}
    currencies |= {m.value.currency for m in bom if m.value is not None}
    currencies |= {money.currency for money in costs.values()}
    if len(currencies) > 1:
        raise InvalidInputError(
            f"values are in several currencies ({', '.join(sorted(currencies))}); give the bill "
            "of materials, prices and costs in one currency"
        )
    facts = _Facts(
        info=info,
        on=on,
        exporter=exporter,
        importer=importer,
        product=product,
        product_code=product_codes[0][:6] if len(product_codes) == 1 else "",
        materials=materials,
        bases=bases,
        currency=next(iter(currencies), None),
        confirmed=frozenset(text.strip().lower() for text in confirmed),
        costs=costs,
        assumptions=assumptions,
        notes=notes,
    )
    return facts, list(product_codes)


# --- evaluating the grammar ----------------------------------------------------------------


def _money(amount: Decimal, currency: str | None) -> str:
    return f"{amount.quantize(Decimal('0.01'))} {currency or ''}".strip()


def _non_originating(
    facts: _Facts, scope: tuple[CodeRange, ...] = ()
) -> tuple[list[_MaterialFact], list[str], bool]:
    """Materials counted as non-originating for a value rule, what is missing, and whether
    undetermined-origin materials were counted as non-originating."""
    value_content = facts.value_content()
    undetermined_counts = (
        value_content is None or value_content.undetermined_origin_is_non_originating
    )
    counted: list[_MaterialFact] = []
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


def _base(facts: _Facts, name: str) -> Money | None:
    key = {
        "FOB": "fob",
        "EXW": "ex_works",
        "customs_value": "customs_value",
        "transaction_value": "customs_value",
    }[name]
    return facts.bases.get(key)


def _change(rule: ChangeOfClassification, facts: _Facts) -> _Verdict:
    digits = LEVEL_DIGITS[rule.level]
    prefix = facts.product_code[:digits]
    if len(prefix) < digits:
        return _Verdict(
            "unknown",
            missing=[f"the product's {rule.level} ({digits} digits) for {rule.abbreviation}"],
        )
    verdict = _Verdict("pass")
    failing: list[_MaterialFact] = []
    unknown: list[_MaterialFact] = []
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
        outcomes = []
        for code in fact.codes:
            if code[:digits] == prefix:
                outcomes.append(f"same {rule.level} {prefix} as the product")
            elif any(item.contains(code) for item in rule.except_from):
                outcomes.append(
                    f"{code} is in an excluded range ({', '.join(map(str, rule.except_from))})"
                )
            else:
                outcomes.append("")
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
        verdict.deciding = [fact.material.hs_code or fact.material.label for fact in failing]
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


LARGEST_KNOWN_TOLERANCE = Decimal(15)
"""No agreement in the packs allows more than 15% (NZ, EFTA-style); above it a failure stands."""


def _within_tolerance(
    failing: list[_MaterialFact], facts: _Facts, verdict: _Verdict
) -> bool | None:
    """True/False when the tolerance (de minimis) decides; None when it cannot be computed."""
    tolerance = facts.tolerance()
    chapter = facts.product_code[:2]
    values = [fact.material.value for fact in failing]
    if tolerance is None:
        base = facts.bases.get("ex_works") or facts.bases.get("fob")
        if base is not None and all(value is not None for value in values):
            total = sum((value.amount for value in values if value is not None), Decimal(0))
            share = total / base.amount * HUNDRED
            if share > LARGEST_KNOWN_TOLERANCE:
                verdict.evidence.append(
                    f"failing materials are {_percent_text(share)} of the price: above any "
                    "tolerance an agreement allows, so no tolerance can save the rule"
                )
                return False
        verdict.missing.append(
            f"the tolerance (de minimis) rule of {facts.info.id} is not in the pack: check whether "
            "it covers the failing materials"
        )
        return None
    results: list[bool | None] = []
    if chapter in tolerance.weight_chapters and tolerance.weight_percent is not None:
        weights = [fact.material.weight_kg for fact in failing]
        total_weight = facts.product.weight_kg
        if total_weight is None or any(weight is None for weight in weights) or not total_weight:
            verdict.missing.append(
                f"weights of the failing materials and of the product (the {tolerance.article} "
                f"tolerance for chapter {chapter} may be computed on weight)"
            )
            results.append(None)
        else:
            share = sum((w for w in weights if w is not None), Decimal(0)) / total_weight * HUNDRED
            ok = share <= tolerance.weight_percent
            verdict.evidence.append(
                f"tolerance ({tolerance.article}) by weight: failing materials are "
                f"{_percent_text(share)} of the product's weight, limit "
                f"{_percent_text(tolerance.weight_percent)} - {'applies' if ok else 'exceeded'}"
            )
            results.append(ok)
    if chapter in tolerance.value_excluded_chapters:
        verdict.missing.append(
            f"the {tolerance.article} tolerance for chapter {chapter} is set by weight or textile "
            "notes the pack does not model: check it yourself"
        )
        results.append(None)
    else:
        base = _base(facts, tolerance.base)
        if base is None or any(value is None for value in values):
            verdict.missing.append(
                f"{tolerance.base} price and the values of the failing materials (to apply the "
                f"{_percent_text(tolerance.percent)} tolerance of {tolerance.article})"
            )
            results.append(None)
        else:
            total = sum((value.amount for value in values if value is not None), Decimal(0))
            share = total / base.amount * HUNDRED
            ok = share <= tolerance.percent
            verdict.evidence.append(
                f"tolerance ({tolerance.article}): failing materials "
                f"{_money(total, facts.currency)} = {_percent_text(share)} of {tolerance.base} "
                f"{base}, limit {_percent_text(tolerance.percent)} - "
                f"{'applies' if ok else 'exceeded'}"
            )
            results.append(ok)
    if True in results:
        return True
    return None if None in results else False


def _value_suggestions(
    counted: list[_MaterialFact],
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
    verdict.suggestions.extend(helpful[:3])


def _rvc(rule: RegionalValueContent, facts: _Facts) -> _Verdict:
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
    vnm = sum((fact.material.value.amount for fact in counted if fact.material.value), Decimal(0))
    if used_undetermined:
        verdict.evidence.append("materials of undetermined origin counted as non-originating")
    statuses: list[Status] = []
    for method in methods:
        if method == "build-down":
            percent = (base.amount - vnm) / base.amount * HUNDRED
            formula = (
                f"build-down: ({value_content.base} {_money(base.amount, facts.currency)} - VNM "
                f"{_money(vnm, facts.currency)}) / {_money(base.amount, facts.currency)} x 100 = {_percent_text(percent)}"
            )
            ok = percent >= rule.percent
            statuses.append("pass" if ok else "fail")
        elif method == "build-up":
            vom = sum(
                (
                    f.material.value.amount
                    for f in facts.materials
                    if f.originating is True and f.material.value
                ),
                Decimal(0),
            )
            if any(f.originating is True and f.material.value is None for f in facts.materials):
                verdict.evidence.append(
                    "build-up: some originating materials have no value (counted as 0)"
                )
            added = [name for name in value_content.build_up_adds if name in facts.costs]
            absent = [name for name in value_content.build_up_adds if name not in facts.costs]
            extra = sum((facts.costs[name].amount for name in added), Decimal(0))
            percent = (vom + extra) / base.amount * HUNDRED
            formula = (
                f"build-up: (VOM {_money(vom, facts.currency)}"
                + "".join(
                    f" + {name} {_money(facts.costs[name].amount, facts.currency)}"
                    for name in added
                )
                + f") / {value_content.base} {_money(base.amount, facts.currency)} x 100 = {_percent_text(percent)}"
            )
            ok = percent >= rule.percent
            if ok or not absent:
                statuses.append("pass" if ok else "fail")
            else:
                statuses.append("unknown")
                verdict.missing.append(
                    f"build-up costs not given ({', '.join(absent)}): the build-up RVC is at least "
                    f"{_percent_text(percent)}; pass costs={{...}} to complete it"
                )
        else:
            net_cost = facts.costs.get("net_cost")
            if net_cost is None:
                statuses.append("unknown")
                verdict.missing.append("net cost of the product (costs={'net_cost': Money(...)})")
                continue
            percent = (net_cost.amount - vnm) / net_cost.amount * HUNDRED
            formula = f"net cost: (NC {net_cost} - VNM {_money(vnm, facts.currency)}) / NC x 100 = {_percent_text(percent)}"
            ok = percent >= rule.percent
            statuses.append("pass" if ok else "fail")
        if method == "build-up" and statuses[-1] == "unknown":
            verdict.evidence.append(f"{formula} without the costs not given - not decisive")
        else:
            verdict.evidence.append(f"{formula} - {'meets' if ok else 'below'} {rule.percent}%")
        if verdict.percent is None or percent > verdict.percent:
            verdict.percent, verdict.formula = percent, formula
    verdict.status = (
        "pass" if "pass" in statuses else "unknown" if "unknown" in statuses else "fail"
    )
    verdict.deciding = [fact.material.hs_code or fact.material.label for fact in counted]
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


def _max_non_originating(rule: MaxNonOriginating, facts: _Facts) -> _Verdict:
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
    vnm = sum((fact.material.value.amount for fact in counted if fact.material.value), Decimal(0))
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
    verdict.deciding = [fact.material.hs_code or fact.material.label for fact in counted]
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


def _wholly_obtained(facts: _Facts) -> _Verdict:
    non_originating = [f.material.label for f in facts.materials if f.originating is False]
    if non_originating:
        return _Verdict(
            "fail",
            evidence=[f"non-originating materials used: {', '.join(non_originating)}"],
            deciding=[
                f.material.hs_code or f.material.label
                for f in facts.materials
                if f.originating is False
            ],
        )
    if facts.product.wholly_obtained is True:
        return _Verdict("pass", evidence=["declared wholly obtained in the exporting party"])
    if facts.product.wholly_obtained is False:
        return _Verdict("fail", evidence=["declared not wholly obtained"])
    return _Verdict(
        "unknown",
        missing=["whether the product is wholly obtained (Product(wholly_obtained=True))"],
    )


def _process(rule: Process, facts: _Facts) -> _Verdict:
    if rule.text.strip().lower() in facts.confirmed:
        return _Verdict("pass", evidence=[f"confirmed by the producer: {rule.text}"])
    return _Verdict(
        "unknown",
        evidence=[f"condition to confirm: {rule.text}"],
        missing=[f'confirmation of the process "{rule.text}" (pass confirmed=[...])'],
    )


def _evaluate(rule: Rule, facts: _Facts) -> _Verdict:
    if isinstance(rule, WhollyObtained):
        return _wholly_obtained(facts)
    if isinstance(rule, AnyHeading):
        return _Verdict(
            "pass",
            evidence=[
                "production from non-originating materials of any heading: met, provided the "
                "working goes beyond the agreement's insufficient operations"
            ],
        )
    if isinstance(rule, ChangeOfClassification):
        return _change(rule, facts)
    if isinstance(rule, RegionalValueContent):
        return _rvc(rule, facts)
    if isinstance(rule, MaxNonOriginating):
        return _max_non_originating(rule, facts)
    if isinstance(rule, Process):
        return _process(rule, facts)
    parts = [
        _evaluate(part, facts) for part in (rule.options if isinstance(rule, AnyOf) else rule.parts)
    ]
    statuses = [part.status for part in parts]
    combined = _Verdict("unknown")
    for part, sub in zip(
        rule.options if isinstance(rule, AnyOf) else rule.parts, parts, strict=True
    ):
        combined.evidence.extend(f"{part}: {line}" for line in sub.evidence)
        combined.missing.extend(sub.missing)
        combined.suggestions.extend(sub.suggestions)
        combined.deciding.extend(sub.deciding)
        if sub.percent is not None and combined.percent is None:
            combined.percent, combined.formula = sub.percent, sub.formula
    if isinstance(rule, AnyOf):
        combined.status = (
            "pass" if "pass" in statuses else "unknown" if "unknown" in statuses else "fail"
        )
    else:
        combined.status = (
            "fail" if "fail" in statuses else "unknown" if "unknown" in statuses else "pass"
        )
    return combined


def _alternatives(rule: Rule, facts: _Facts) -> list[AlternativeResult]:
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
                percent=(
                    verdict.percent.quantize(Decimal("0.01"))
                    if verdict.percent is not None
                    else None
                ),
                formula=verdict.formula,
                suggestions=tuple(verdict.suggestions),
                missing=tuple(dict.fromkeys(verdict.missing)),
            )
        )
    return results


# --- the public check ------------------------------------------------------------------------


def _country(value: object, name: str) -> str:
    if not isinstance(value, str) or len(value.strip()) != 2 or not value.strip().isalpha():
        raise InvalidInputError(
            f"{name} {value!r} must be an ISO alpha-2 country code such as 'CN'"
        )
    return value.strip().upper()


def _optional_money(value: object, name: str) -> Money | None:
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
    parties = _parties_on(info, on)
    for role, country in (("exporter", exporter_code), ("importer", importer_code)):
        if country not in parties:
            raise InvalidInputError(
                f"{role} {country} is not a party to {info.id} on {on.isoformat()}; parties then: "
                f"{', '.join(sorted(parties))}"
            )
    if exporter_code == importer_code:
        raise InvalidInputError("exporter and importer must be different parties")
    if head.bilateral_with and head.bilateral_with not in {exporter_code, importer_code}:
        raise InvalidInputError(
            f"{info.id} is a bilateral scheme: one side must be {head.bilateral_with}"
        )
    cost_values: dict[str, Money] = {}
    for name, value in (costs or {}).items():
        if name not in {"direct_labour", "direct_overhead", "profit", "other", "net_cost"}:
            raise InvalidInputError(
                f"costs key {name!r} unknown; use direct_labour, direct_overhead, profit, other, net_cost"
            )
        money = _optional_money(value, f"costs[{name!r}]")
        if money is not None:
            cost_values[name] = money
    bases = {
        "ex_works": _optional_money(ex_works, "ex_works"),
        "fob": _optional_money(fob, "fob"),
        "customs_value": _optional_money(customs_value, "customs_value"),
    }
    facts, product_codes = _build_facts(
        info,
        exporter=exporter_code,
        importer=importer_code,
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
    alternatives = _alternatives(parsed, facts) if parsed is not None else []
    statuses = [alternative.status for alternative in alternatives]
    originating: bool | None
    if not alternatives:
        originating = None
    elif "pass" in statuses:
        originating = True
    elif "unknown" in statuses:
        originating = None
    else:
        originating = False
    for alternative in alternatives:
        if originating is None or alternative.status == "unknown":
            missing.extend(item for item in alternative.missing if item not in missing)
    suggestions: list[str] = []
    if originating is not True:
        for alternative in alternatives:
            suggestions.extend(f"{alternative.rule}: {text}" for text in alternative.suggestions)
    proofs = tuple(
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
    general = tuple(
        f"{item.article}: {item.text}" for item in info.content.general_rules if item.in_force(on)
    )
    evidence = list(facts.notes)
    evidence.extend(
        f"material {fact.material.label}: {'originating' if fact.originating else 'non-originating' if fact.originating is False else 'origin undetermined'} ({fact.reason})"
        for fact in facts.materials
    )
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
        evidence=tuple(evidence),
        assumptions=tuple(facts.assumptions),
        suggestions=tuple(suggestions),
        missing=tuple(missing),
        proof=proofs,
        general_rules=general,
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
