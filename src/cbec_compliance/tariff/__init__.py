"""National tariffs: lines of each region's schedule, their dated measures, and conversion.

>>> from cbec_compliance import tariff
>>> line = tariff.lookup("6109.10.00.12", "US", date(2025, 6, 1))   # doctest: +SKIP
>>> line.mfn.expression.text                                          # doctest: +SKIP
'16.5%'

Data comes from the ``rules/tariffs/<REGION>/<schedule>/`` packs (see
:mod:`cbec_compliance.tariff.schema`), read on first use.
"""

from __future__ import annotations

from cbec_compliance.errors import (
    NoNationalTariffError,
    NoTariffScheduleForDateError,
    UnknownTariffLineError,
)
from cbec_compliance.tariff.engine import convert, lookup, measures, normalize_code
from cbec_compliance.tariff.model import Candidate, Measure, TariffLine, format_code
from cbec_compliance.tariff.schema import LegalSource, MeasureType, Schedule

__all__ = [
    "Candidate",
    "LegalSource",
    "Measure",
    "MeasureType",
    "NoNationalTariffError",
    "NoTariffScheduleForDateError",
    "Schedule",
    "TariffLine",
    "UnknownTariffLineError",
    "convert",
    "format_code",
    "lookup",
    "measures",
    "normalize_code",
]
