"""What an origin check takes (:class:`Product`, :class:`Material`) and returns (:class:`OriginResult`).

Inputs are validated here: a malformed value raises
:class:`~cbec_compliance.errors.InvalidInputError` naming the field. Results are frozen
dataclasses with ``model_dump()`` (JSON-safe: amounts and percentages as strings) and
``explain()`` for people.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from cbec_compliance.errors import InvalidInputError
from cbec_compliance.hs.codes import normalize
from cbec_compliance.money import Money

__all__ = [
    "AlternativeResult",
    "Material",
    "OriginResult",
    "Product",
    "ProofRef",
    "Status",
]

Status = Literal["pass", "fail", "unknown"]


def _code(value: object, field_name: str, minimum: int = 4) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{field_name} {value!r} must be a string such as '851830'")
    digits = value.replace(".", "").replace(" ", "").strip()
    if minimum == 2 and len(digits) == 2 and digits.isdigit():
        return digits
    try:
        digits = normalize(value)
    except InvalidInputError as error:
        raise InvalidInputError(f"{field_name}: {error}") from None
    if len(digits) < minimum:
        raise InvalidInputError(
            f"{field_name} {value!r} has {len(digits)} digits; give at least "
            f"{'the chapter (2 digits)' if minimum == 2 else 'the heading (4 digits)'}"
        )
    return digits


def _weight(value: object, field_name: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise InvalidInputError(f"{field_name} {value!r} must be a Decimal, int or str (kg)")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise InvalidInputError(f"{field_name} {value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise InvalidInputError(f"{field_name} {value!r} must be zero or more")
    return number


@dataclass(frozen=True)
class Product:
    """The finished good: its HS code (``edition`` defaults to the one in force on the check's
    date), description, and optionally its net weight and whether it is wholly obtained."""

    hs_code: str
    description: str = ""
    edition: str | None = None
    weight_kg: Decimal | None = None
    wholly_obtained: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "hs_code", _code(self.hs_code, "product hs_code"))
        object.__setattr__(self, "weight_kg", _weight(self.weight_kg, "product weight_kg"))
        if self.wholly_obtained is not None and not isinstance(self.wholly_obtained, bool):
            raise InvalidInputError("product wholly_obtained must be True, False or None")


@dataclass(frozen=True)
class Material:
    """One line of the bill of materials.

    ``origin`` is the country the material comes from; ``originating`` says whether it is
    *originating under the agreement* (True when the supplier's proof of origin or declaration
    says so, False when known not to be, None to let the engine decide from ``origin`` and the
    agreement's cumulation rule). ``value`` is the material's value on the agreement's basis
    (CIF at importation for imported materials in most agreements).
    """

    hs_code: str | None
    value: Money | None = None
    origin: str | None = None
    originating: bool | None = None
    description: str = ""
    weight_kg: Decimal | None = None
    edition: str | None = None

    def __post_init__(self) -> None:
        if self.hs_code is not None:
            object.__setattr__(self, "hs_code", _code(self.hs_code, "material hs_code", 2))
        if self.value is not None and not isinstance(self.value, Money):
            raise InvalidInputError(
                f"material {self.hs_code} value {self.value!r} must be Money, "
                "for example Money('2.10', 'USD')"
            )
        if self.origin is not None:
            if not isinstance(self.origin, str) or len(self.origin.strip()) != 2:
                raise InvalidInputError(
                    f"material {self.hs_code} origin {self.origin!r} must be an ISO alpha-2 "
                    "country code such as 'KR'"
                )
            object.__setattr__(self, "origin", self.origin.strip().upper())
        if self.originating is not None and not isinstance(self.originating, bool):
            raise InvalidInputError(
                f"material {self.hs_code} originating must be True, False or None"
            )
        object.__setattr__(
            self, "weight_kg", _weight(self.weight_kg, f"material {self.hs_code} weight_kg")
        )

    @property
    def label(self) -> str:
        text = self.hs_code or "(no code)"
        if self.description:
            text += f" ({self.description})"
        return text


@dataclass(frozen=True)
class ProofRef:
    """A proof of origin the agreement accepts, with its legal reference."""

    id: str
    title: str
    article: str | None
    source_url: str
    note: str | None = None


@dataclass(frozen=True)
class AlternativeResult:
    """The verdict on one alternative of the product-specific rule.

    ``percent`` (RVC or non-originating share) is shown rounded to 0.01; the verdict compares
    the exact value with the threshold.
    """

    rule: str
    status: Status
    evidence: tuple[str, ...]
    deciding_materials: tuple[str, ...] = ()
    percent: Decimal | None = None
    formula: str | None = None
    suggestions: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class OriginResult:
    """The result of :func:`cbec_compliance.origin.check_origin`.

    ``originating`` is True or False when the facts decide it and None when something the
    verdict depends on is missing (listed in ``missing``).
    """

    agreement: str
    agreement_title: str
    exporter: str
    importer: str
    on: date
    product_code: str
    rule_code: str
    rule_edition: str
    rule: str | None
    rule_original: str | None
    rule_source: str
    originating: bool | None
    alternatives: tuple[AlternativeResult, ...]
    evidence: tuple[str, ...]
    assumptions: tuple[str, ...]
    suggestions: tuple[str, ...]
    missing: tuple[str, ...]
    proof: tuple[ProofRef, ...]
    general_rules: tuple[str, ...] = field(default=())

    @property
    def verdict(self) -> str:
        """``originating``, ``not originating`` or ``undetermined``."""
        if self.originating is None:
            return "undetermined"
        return "originating" if self.originating else "not originating"

    def model_dump(self) -> dict[str, Any]:
        """A JSON-safe dict: dates ISO, Decimals as strings."""
        return json.loads(json.dumps(asdict(self), default=str))  # type: ignore[no-any-return]

    def model_dump_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.model_dump(), ensure_ascii=False, indent=indent)

    def explain(self) -> str:
        """The verdict and its reasons as text."""
        lines = [
            f"{self.agreement} ({self.agreement_title}): {self.exporter} -> {self.importer} "
            f"on {self.on.isoformat()}",
            f"Product {self.product_code}"
            + (
                f" = {self.rule_edition} {self.rule_code}"
                if self.rule_code != self.product_code
                else ""
            ),
            f"Rule: {self.rule or '(none)'}  [{self.rule_source}]",
        ]
        if self.rule_original and self.rule_original != self.rule:
            lines.append(f"  as written: {self.rule_original}")
        lines.append(f"Verdict: {self.verdict.upper()}")
        for alternative in self.alternatives:
            lines.append(f"  [{alternative.status}] {alternative.rule}")
            lines.extend(f"      - {text}" for text in alternative.evidence)
        for title, items in (
            ("Evidence", self.evidence),
            ("Assumptions", self.assumptions),
            ("Missing", self.missing),
            ("Suggestions", self.suggestions),
        ):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  - {text}" for text in items)
        if self.proof:
            lines.append("Proof of origin:")
            lines.extend(
                f"  - {proof.title}" + (f" ({proof.article})" if proof.article else "")
                for proof in self.proof
            )
        return "\n".join(lines)
