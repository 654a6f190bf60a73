"""Duty expressions: structured components parsed from tariff rate texts."""

from cbec_compliance.duty.components import (
    AdValorem,
    DutyComponent,
    DutyExpression,
    Specific,
)
from cbec_compliance.duty.parser import (
    UNITS,
    parse_australian_duty_rate,
    parse_duty_expression,
    parse_us_special_column,
)

__all__ = [
    "UNITS",
    "AdValorem",
    "DutyComponent",
    "DutyExpression",
    "Specific",
    "parse_australian_duty_rate",
    "parse_duty_expression",
    "parse_us_special_column",
]
