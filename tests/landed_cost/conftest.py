"""Shared helpers for landed-cost tests: synthetic measures and short constructors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cbec_compliance.duty.components import AdValorem, DutyExpression, Specific
from cbec_compliance.landed_cost import SuppliedMeasure
from cbec_compliance.rules.schema import Source

SOURCE = Source(
    title="synthetic test measure",
    url="https://example.invalid/measure",
    retrieved=date(2026, 11, 28),
)


def percent(value: str) -> DutyExpression:
    return DutyExpression(text=f"{value}%", terms=(AdValorem(percent=Decimal(value)),))


def measure(
    kind: str,
    expression: DutyExpression,
    origin: str = "erga_omnes",
    valid_from: date = date(2020, 1, 1),
    **extra: object,
) -> SuppliedMeasure:
    return SuppliedMeasure(
        measure_type=kind,
        expression=expression,
        valid_from=valid_from,
        legal_source=SOURCE,
        origin=origin,
        **extra,
    )  # type: ignore[arg-type]


def specific(amount: str, currency: str, unit: str, per: str = "1") -> Specific:
    return Specific(amount=Decimal(amount), currency=currency, unit=unit, per_quantity=Decimal(per))
