"""Catalogue check: a seller's (title, code) pairs against the classifier and the tariffs.

Each row gets flags, never a silent correction: the seller's code stays the seller's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cbec_compliance.classify.engine import classify
from cbec_compliance.classify.index import EDITION
from cbec_compliance.classify.model import Candidate, CatalogueFlag, CatalogueRow
from cbec_compliance.dates import as_date
from cbec_compliance.errors import CbecError, InvalidInputError, NoNationalTariffError
from cbec_compliance.hs.nomenclature import nomenclature

__all__ = ["CANDIDATES_CHECKED", "check_catalogue"]

CANDIDATES_CHECKED = 10
# A code in the right heading is flagged when the best subheading is this many times likelier.
SUBHEADING_RATIO = 0.5


def _confidence(candidates: list[Candidate], hs6: str) -> float:
    return next((candidate.confidence for candidate in candidates if candidate.hs6 == hs6), 0.0)


def _digits(code: str) -> str | None:
    cleaned = "".join(character for character in code if character not in " .-\u00a0")
    return cleaned if cleaned.isascii() and cleaned.isdigit() and len(cleaned) >= 6 else None


def _check_row(title: str, code: str, destination: str | None, on: date) -> CatalogueRow:
    flags: list[CatalogueFlag] = []
    digits = _digits(code)
    table = nomenclature(EDITION)
    if digits is None:
        flags.append(
            CatalogueFlag(
                "invalid_code",
                f"{code!r} is not a tariff code of at least 6 digits (such as 6109.10)",
            )
        )
    elif digits[:6] not in table.entries:
        flags.append(
            CatalogueFlag(
                "invalid_code",
                f"{digits[:6]} is not an {EDITION} subheading; nearest: "
                f"{', '.join(table.nearest(digits[:6])) or 'none'}",
            )
        )
    elif destination is not None:
        from cbec_compliance import tariff

        try:
            line = tariff.lookup(digits, destination, on)
            if not line.declarable:
                flags.append(
                    CatalogueFlag(
                        "invalid_for_destination",
                        f"{digits} is not a declarable line of {line.schedule}: declare one of "
                        f"{', '.join(line.children[:8])}",
                    )
                )
        except NoNationalTariffError:
            pass  # the destination works at HS6; the HS6 check above is all there is
        except CbecError as error:
            flags.append(CatalogueFlag("invalid_for_destination", str(error)))
    result = classify(title, destination, CANDIDATES_CHECKED, on=on)
    if result.declined:
        flags.append(
            CatalogueFlag("vague_title", f"cannot check the code: {result.decline_reason}")
        )
    elif digits is not None and digits[:6] in table.entries and result.candidates:
        hs6 = digits[:6]
        ranked = [candidate.hs6 for candidate in result.candidates]
        best = result.candidates[0]
        if hs6 not in ranked and hs6[:4] not in {code[:4] for code in ranked}:
            flags.append(
                CatalogueFlag(
                    "inconsistent",
                    f"the title reads as {best.hs6} ({best.description}; confidence "
                    f"{best.confidence:.2f}); {hs6} ({table.entries[hs6].description}) is not "
                    f"in its heading nor among the top {CANDIDATES_CHECKED} candidates",
                )
            )
        elif hs6 != best.hs6 and _confidence(result.candidates, hs6) < (
            SUBHEADING_RATIO * best.confidence
        ):
            flags.append(
                CatalogueFlag(
                    "check_subheading",
                    f"heading {hs6[:4]} fits, but the title reads better as {best.hs6} "
                    f"({best.description}) than {hs6} ({table.entries[hs6].description})",
                )
            )
    return CatalogueRow(title, code, tuple(flags), result)


def check_catalogue(
    rows: Iterable[tuple[str, str]],
    destination: str | None = None,
    *,
    on: date | str | None = None,
) -> list[CatalogueRow]:
    """Flag each (title, code) pair: invalid code, invalid for the destination, code
    inconsistent with the title, or title too vague to check. Rows come back in order."""
    day = as_date(on, "on")
    checked: list[CatalogueRow] = []
    for number, row in enumerate(rows, start=1):
        if not (isinstance(row, tuple | list) and len(row) == 2):
            raise InvalidInputError(f"row {number} must be a (title, code) pair, got {row!r}")
        title, code = row
        if not isinstance(title, str) or not isinstance(code, str):
            raise InvalidInputError(f"row {number}: title and code must be strings, got {row!r}")
        checked.append(_check_row(title, code, destination, day))
    return checked
