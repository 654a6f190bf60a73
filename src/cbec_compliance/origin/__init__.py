"""Rules of origin: evaluate a bill of materials against an agreement's product-specific rules.

>>> from datetime import date
>>> import cbec_compliance as cc
>>> [a.id for a in cc.origin.agreements()][:1]  # doctest: +SKIP
['RCEP']
"""

from cbec_compliance.origin.agreements import (
    AgreementInfo,
    PsrRow,
    agreement,
    agreements,
    find_rules,
)
from cbec_compliance.origin.engine import check_origin
from cbec_compliance.origin.grammar import Rule, parse_rule
from cbec_compliance.origin.model import (
    AlternativeResult,
    Material,
    OriginResult,
    Product,
    ProofRef,
)

__all__ = [
    "AgreementInfo",
    "AlternativeResult",
    "Material",
    "OriginResult",
    "Product",
    "ProofRef",
    "PsrRow",
    "Rule",
    "agreement",
    "agreements",
    "check_origin",
    "find_rules",
    "parse_rule",
]
