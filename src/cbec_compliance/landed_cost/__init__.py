"""Landed cost: duties, import taxes, low-value regimes and fees of an order, with a trace.

>>> from datetime import date
>>> from cbec_compliance.money import Money
>>> from cbec_compliance.landed_cost import Item, quote
>>> result = quote(destination="DE", origin="CN", on=date(2026, 3, 2),
...                items=[Item(hs_code="6109100010", value=Money("200.00", "EUR"), duty_rate="12")])
>>> str(result.total)
'66.56 EUR'
"""

from cbec_compliance.landed_cost.engine import MeasuresProvider, evaluate_expression, quote
from cbec_compliance.landed_cost.model import (
    Charge,
    Item,
    MeasureLike,
    Missing,
    Quote,
    QuoteLine,
    RuleRef,
    SourceRef,
    Step,
    SuppliedMeasure,
)
from cbec_compliance.tax.exchange import RateUsed, SuppliedRate

__all__ = [
    "Charge",
    "Item",
    "MeasureLike",
    "MeasuresProvider",
    "Missing",
    "Quote",
    "QuoteLine",
    "RateUsed",
    "RuleRef",
    "SourceRef",
    "Step",
    "SuppliedMeasure",
    "SuppliedRate",
    "evaluate_expression",
    "quote",
]
