"""The facts an origin check works on: the product's and the materials' codes in the
agreement's HS edition, whether each material is originating and why, the prices and costs.

:func:`build_facts` converts codes between HS editions (UN correlation tables) and applies the
agreement's cumulation rule; the evaluators in :mod:`.evaluate` only read the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from cbec_compliance.errors import InvalidInputError, NoCorrelationError, UnknownHsCodeError
from cbec_compliance.hs.conversion import convert
from cbec_compliance.hs.editions import edition_in_force, validate_edition
from cbec_compliance.money import Money
from cbec_compliance.origin.agreements import AgreementInfo
from cbec_compliance.origin.model import Material, Product
from cbec_compliance.origin.schema import Tolerance, ValueContent

__all__ = ["Facts", "MaterialFact", "build_facts", "parties_on"]

MAX_CODES_SHOWN = 5
"""A material code that converts to more codes than this is shown with "and N more"."""


@dataclass
class MaterialFact:
    """One bill-of-materials line as the rules see it: its codes in the agreement's edition
    (several when the conversion splits it; none when unknown) and its origin status."""

    material: Material
    codes: tuple[str, ...]
    originating: bool | None
    reason: str


@dataclass
class Facts:
    """Everything the rule evaluators read. ``product_code`` is the product's subheading in the
    agreement's edition ("" when the conversion is ambiguous and no rule row settles it);
    ``bases`` holds the prices by name (``ex_works``, ``fob``, ``customs_value``)."""

    info: AgreementInfo
    on: date
    product: Product
    product_code: str
    materials: list[MaterialFact]
    bases: dict[str, Money | None]
    currency: str | None
    confirmed: frozenset[str]
    costs: dict[str, Money]
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tolerance(self) -> Tolerance | None:
        """The agreement's tolerance (de minimis) rule in force on the check's date."""
        return next((t for t in self.info.content.tolerance if t.in_force(self.on)), None)

    def value_content(self) -> ValueContent | None:
        """The agreement's value-content (RVC) rule in force on the check's date."""
        return next((v for v in self.info.content.value_content if v.in_force(self.on)), None)


def parties_on(info: AgreementInfo, on: date) -> set[str]:
    """The countries that are parties to the agreement on ``on``."""
    return {party.country for party in info.content.agreement.parties if party.in_force(on)}


def _material_codes(
    material: Material, product_edition: str, rule_edition: str
) -> tuple[tuple[str, ...], str]:
    """The material's subheadings in ``rule_edition`` and a note on the conversion ("" if none).

    A material without an edition is taken to be in the product's.
    """
    if material.hs_code is None:
        return (), ""
    edition = validate_edition(material.edition) if material.edition else product_edition
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
    shown = ", ".join(targets[:MAX_CODES_SHOWN]) + (
        f" and {len(targets) - MAX_CODES_SHOWN} more" if len(targets) > MAX_CODES_SHOWN else ""
    )
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


def _product_codes(
    product: Product, product_edition: str, rule_edition: str, notes: list[str]
) -> tuple[str, ...]:
    """The product's codes in ``rule_edition``; a note on the conversion goes to ``notes``."""
    if product_edition == rule_edition:
        return (product.hs_code,)
    if len(product.hs_code) < 6:
        notes.append(
            f"product heading {product.hs_code} taken as the same in {rule_edition} (correlation "
            "tables link 6-digit subheadings; give the subheading to convert it)"
        )
        return (product.hs_code,)
    converted = convert(product.hs_code[:6], product_edition, rule_edition)
    product_codes = tuple(sorted(set(converted.targets)))
    notes.append(
        f"product {product_edition} {product.hs_code[:6]} = {rule_edition} "
        f"{', '.join(product_codes)} (UN correlation tables; the rules are written in {rule_edition})"
    )
    return product_codes


def _single_currency(
    bases: dict[str, Money | None], bom: Sequence[Material], costs: dict[str, Money]
) -> str | None:
    """The one currency of every amount given (None when none is); several raise."""
    currencies = {money.currency for money in bases.values() if money is not None}
    currencies |= {m.value.currency for m in bom if m.value is not None}
    currencies |= {money.currency for money in costs.values()}
    if len(currencies) > 1:
        raise InvalidInputError(
            f"values are in several currencies ({', '.join(sorted(currencies))}); give the bill "
            "of materials, prices and costs in one currency"
        )
    return next(iter(currencies), None)


def build_facts(
    info: AgreementInfo,
    *,
    exporter: str,
    product: Product,
    bom: Sequence[Material],
    on: date,
    bases: dict[str, Money | None],
    confirmed: Iterable[str],
    costs: dict[str, Money],
) -> tuple[Facts, list[str]]:
    """The facts of one check, and the product's codes in the agreement's HS edition."""
    product_edition = validate_edition(product.edition) if product.edition else edition_in_force(on)
    rule_edition = info.hs_edition
    notes: list[str] = []
    product_codes = _product_codes(product, product_edition, rule_edition, notes)
    parties = parties_on(info, on)
    materials: list[MaterialFact] = []
    assumptions: list[str] = []
    for material in bom:
        codes, note = _material_codes(material, product_edition, rule_edition)
        if note and product_edition != rule_edition:
            notes.append(f"material {note}")
        originating, reason, assumption = _material_status(material, info, exporter, parties, on)
        if assumption:
            assumptions.append(assumption)
        materials.append(MaterialFact(material, codes, originating, reason))
    currency = _single_currency(bases, bom, costs)
    facts = Facts(
        info=info,
        on=on,
        product=product,
        product_code=product_codes[0][:6] if len(product_codes) == 1 else "",
        materials=materials,
        bases=bases,
        currency=currency,
        confirmed=frozenset(text.strip().lower() for text in confirmed),
        costs=costs,
        assumptions=assumptions,
        notes=notes,
    )
    return facts, list(product_codes)
