"""Regions: economies, customs territories, unions, nomenclatures and HS editions, as of a date.

>>> from datetime import date
>>> from cbec_compliance import regions
>>> regions.get("DE").customs_territory
'EU'
>>> regions.get("United Kingdom", on=date(2020, 6, 1)).customs_territory
'EU'

Data comes from three packs under ``rules/regions/`` (see ``docs/regions.md``), loaded on first
use. :func:`get` accepts an ISO 3166-1 alpha-2, alpha-3 or numeric code, a special territory code
(``XI``, ``IC``, ``DE-HELGOLAND``) or an English name; :func:`all` lists every region in scope.
"""

from __future__ import annotations

from cbec_compliance.regions.lookup import (
    Region,
    all_regions,
    get,
    hs_edition_on,
    unions,
)

# ``regions.all(on=...)`` reads naturally; inside this package the builtin is never needed.
all = all_regions

__all__ = ["Region", "all", "all_regions", "get", "hs_edition_on", "unions"]
