"""What the tariff engine returns: national lines, their measures, conversion candidates.

Plain frozen dataclasses (not pydantic): they are built from validated pack data, never from
user input, and a lookup may build hundreds of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cbec_compliance.duty.components import DutyExpression
from cbec_compliance.tariff.schema import LegalSource, MeasureType

__all__ = ["Candidate", "Measure", "TariffLine", "format_code"]

ERGA_OMNES = "erga_omnes"


def format_code(code: str) -> str:
    """Print a digits-only national code the way tariffs do: ``6109.10.00.12``."""
    if len(code) <= 4:
        return code
    pairs = [code[index : index + 2] for index in range(4, len(code), 2)]
    return ".".join([code[:4], *pairs])


@dataclass(frozen=True, slots=True)
class Measure:
    """A duty or other measure on a code, for an origin scope, in force between two dates.

    ``code`` is the code the measure is written on (an ancestor of the line, the line itself,
    ``*`` for every line, or a more detailed code when ``partial`` is True: then the measure
    covers only part of the goods of the line asked for).
    """

    code: str
    measure_type: MeasureType
    origin: str
    excluded_origins: tuple[str, ...]
    expression: DutyExpression
    valid_from: date
    valid_to: date | None
    legal_source: LegalSource
    note: str | None
    schedule: str
    condition: str | None = None
    suspends: tuple[str, ...] = ()
    partial: bool = False

    def in_force(self, on: date) -> bool:
        """True when the measure applies on the given day (``valid_to`` inclusive)."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def origin_kind(self) -> str:
        """``erga_omnes``, ``country``, ``group`` or ``program``."""
        if self.origin == ERGA_OMNES:
            return ERGA_OMNES
        if self.origin.startswith("group:"):
            return "group"
        if self.origin.startswith("program:"):
            return "program"
        return "country"

    @property
    def program(self) -> str | None:
        """The preference program code (``AU``, ``A+``) of a ``program:`` measure."""
        return self.origin.removeprefix("program:") if self.origin_kind == "program" else None

    @property
    def scope_known(self) -> bool:
        """False when the line-level scope of the measure is not in the data (see ``note``)."""
        return not (self.note or "").startswith("Scope unknown")

    def describe(self) -> str:
        """One line for people: type, origin, rate text, dates and source."""
        dates = f"from {self.valid_from}" + (f" to {self.valid_to}" if self.valid_to else "")
        origin = self.origin
        if self.excluded_origins:
            origin += f" except {', '.join(self.excluded_origins)}"
        parsed = "" if self.expression.fully_parsed else " [not parsed]"
        where = f" on {format_code(self.code)}" if self.partial else ""
        return (
            f"{self.measure_type.value} ({origin}){where}: {self.expression.text}{parsed}, "
            f"{dates}; {self.legal_source.title}"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (Decimals stay Decimals; dates stay dates)."""
        return {
            "code": self.code,
            "measure_type": self.measure_type.value,
            "origin": self.origin,
            "excluded_origins": list(self.excluded_origins),
            "expression": self.expression.model_dump(mode="python"),
            "fully_parsed": self.expression.fully_parsed,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "legal_source": self.legal_source.model_dump(mode="python"),
            "note": self.note,
            "condition": self.condition,
            "suspends": list(self.suspends),
            "partial": self.partial,
            "schedule": self.schedule,
        }


@dataclass(frozen=True, slots=True)
class TariffLine:
    """A line of a national tariff schedule as of a date, with the measures that apply to it."""

    code: str
    description: str
    descriptions: tuple[str, ...]
    """Descriptions from the chapter down to this line (the last is ``description``)."""
    hs6: str | None
    unit: str | None
    region: str
    customs_territory: str
    schedule: str
    schedule_title: str
    nomenclature: str
    hs_edition: str
    direction: str
    currency: str
    on: date
    measures: tuple[Measure, ...]
    notes: tuple[str, ...] = ()
    """How the code was resolved and anything the caller must know (stale schedule ...)."""
    requested_code: str = ""
    declarable: bool = True
    """True when no more detailed line exists below this one."""
    children: tuple[str, ...] = field(default=())

    @property
    def formatted_code(self) -> str:
        return format_code(self.code)

    @property
    def full_description(self) -> str:
        """The ancestors' descriptions and this line's, joined: what "Other" really means."""
        return " > ".join(self.descriptions)

    def measures_of(self, measure_type: MeasureType) -> tuple[Measure, ...]:
        return tuple(item for item in self.measures if item.measure_type is measure_type)

    def _single(self, measure_type: MeasureType) -> Measure | None:
        whole = [item for item in self.measures_of(measure_type) if not item.partial]
        if not whole:
            return None
        # The most detailed code wins (a rate on the line beats one on its heading).
        return max(whole, key=lambda item: (item.code != "*", len(item.code)))

    @property
    def mfn(self) -> Measure | None:
        """The MFN (general) duty on the whole line, or None when the data has none."""
        return self._single(MeasureType.MFN)

    @property
    def column2(self) -> Measure | None:
        """The US Column 2 duty, or None."""
        return self._single(MeasureType.COLUMN_2)

    @property
    def preferential(self) -> tuple[Measure, ...]:
        return self.measures_of(MeasureType.PREFERENTIAL)

    @property
    def additional(self) -> tuple[Measure, ...]:
        return self.measures_of(MeasureType.ADDITIONAL)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "formatted_code": self.formatted_code,
            "requested_code": self.requested_code,
            "description": self.description,
            "descriptions": list(self.descriptions),
            "hs6": self.hs6,
            "unit": self.unit,
            "region": self.region,
            "customs_territory": self.customs_territory,
            "schedule": self.schedule,
            "schedule_title": self.schedule_title,
            "nomenclature": self.nomenclature,
            "hs_edition": self.hs_edition,
            "direction": self.direction,
            "currency": self.currency,
            "on": self.on,
            "declarable": self.declarable,
            "children": list(self.children),
            "notes": list(self.notes),
            "measures": [item.to_dict() for item in self.measures],
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A line of the target schedule proposed for a source line, with the reason."""

    code: str
    description: str
    descriptions: tuple[str, ...]
    hs6: str | None
    region: str
    schedule: str
    reason: str
    score: Decimal
    """Similarity of the national descriptions, 0 to 1 (ranking only, not a probability)."""
    certain: bool = False
    needs_review: bool = False
    notes: tuple[str, ...] = ()

    @property
    def formatted_code(self) -> str:
        return format_code(self.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "formatted_code": self.formatted_code,
            "description": self.description,
            "descriptions": list(self.descriptions),
            "hs6": self.hs6,
            "region": self.region,
            "schedule": self.schedule,
            "reason": self.reason,
            "score": self.score,
            "certain": self.certain,
            "needs_review": self.needs_review,
            "notes": list(self.notes),
        }
