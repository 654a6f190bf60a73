"""cbec_compliance: offline trade compliance for cross-border e-commerce exporters.

Rule data (HS nomenclature, correlation tables, and later tariffs, taxes and origin rules) lives
in dated, sourced rule packs loaded on first use, so ``import cbec_compliance`` stays light.

>>> import cbec_compliance as cc
>>> cc.hs.normalize("6109.10")
'610910'
"""

from __future__ import annotations

from cbec_compliance import hs, origin, regions, rules, tariff
from cbec_compliance.classify import check_catalogue, classify, classify_many
from cbec_compliance.errors import (
    CbecError,
    InvalidHsCodeError,
    InvalidInputError,
    InvalidMoneyError,
    NotFoundError,
    RuleDataError,
    UnknownHsCodeError,
)
from cbec_compliance.landed_cost import Item, Quote, SuppliedMeasure, SuppliedRate, quote
from cbec_compliance.money import Money
from cbec_compliance.origin import Material, Product, check_origin

__version__ = "0.1.0"

__all__ = [
    "CbecError",
    "InvalidHsCodeError",
    "InvalidInputError",
    "InvalidMoneyError",
    "Item",
    "Material",
    "Money",
    "NotFoundError",
    "Product",
    "Quote",
    "RuleDataError",
    "SuppliedMeasure",
    "SuppliedRate",
    "UnknownHsCodeError",
    "__version__",
    "check_catalogue",
    "check_origin",
    "classify",
    "classify_many",
    "hs",
    "origin",
    "quote",
    "regions",
    "rules",
    "tariff",
]
