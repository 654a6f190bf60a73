"""Classification from product text: ranked HS 2022 candidates that explain themselves.

>>> import cbec_compliance as cc
>>> result = cc.classify("men's 100% cotton knitted crew-neck t-shirt", destination="US",
...                      on="2025-06-01")
>>> result.candidates[0].hs6, result.candidates[0].national_code
('610910', '6109100012')

See docs/classification.md for the method, the confidence calibration and the measured accuracy.
"""

from __future__ import annotations

from cbec_compliance.classify.catalogue import check_catalogue
from cbec_compliance.classify.engine import classify, classify_many
from cbec_compliance.classify.model import (
    Candidate,
    CatalogueFlag,
    CatalogueRow,
    ClassificationResult,
    Question,
)

__all__ = [
    "Candidate",
    "CatalogueFlag",
    "CatalogueRow",
    "ClassificationResult",
    "Question",
    "check_catalogue",
    "classify",
    "classify_many",
]
