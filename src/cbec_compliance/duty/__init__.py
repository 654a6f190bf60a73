"""Duty expressions: structured components parsed from tariff rate texts."""

from cbec_compliance.duty.components import (
    AdValorem,
    DutyComponent,
    DutyExpression,
    Specific,
)

__all__ = ["AdValorem", "DutyComponent", "DutyExpression", "Specific"]
