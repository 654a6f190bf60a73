"""The Harmonized System: normalising codes, editions, lookup, conversion and text search.

>>> from cbec_compliance import hs
>>> hs.normalize("6109.10")
'610910'
>>> hs.lookup("610910").description
'T-shirts, singlets and other vests; of cotton, knitted or crocheted'
>>> hs.convert("851712", source="HS2017", target="HS2022").targets
['851713', '851714']
"""

from cbec_compliance.hs.codes import hs6_of, normalize
from cbec_compliance.hs.conversion import (
    ConditionalTarget,
    HsConversion,
    convert,
    correlation_pairs,
)
from cbec_compliance.hs.editions import KNOWN_EDITIONS, edition_in_force
from cbec_compliance.hs.nomenclature import (
    HsEntry,
    Section,
    available_editions,
    lookup,
    nomenclature,
)
from cbec_compliance.hs.search import SearchHit, search

__all__ = [
    "KNOWN_EDITIONS",
    "ConditionalTarget",
    "HsConversion",
    "HsEntry",
    "SearchHit",
    "Section",
    "available_editions",
    "convert",
    "correlation_pairs",
    "edition_in_force",
    "hs6_of",
    "lookup",
    "nomenclature",
    "normalize",
    "search",
]
