"""The HS editions the library knows, and which one was in force on a day.

Edition names and dates come from the packs (``rules/hs/<EDITION>/pack.toml``); HS2028 has a slot
(it enters into force on 2028-01-01) that is filled when a user supplies its packs as data.
"""

from __future__ import annotations

from datetime import date

from cbec_compliance.errors import InvalidInputError, UnknownEditionError

__all__ = ["KNOWN_EDITIONS", "edition_in_force", "validate_edition"]

# WCO editions and their entry into force (each ends the day before the next starts).
KNOWN_EDITIONS: dict[str, date] = {
    "HS1992": date(1988, 1, 1),
    "HS1996": date(1996, 1, 1),
    "HS2002": date(2002, 1, 1),
    "HS2007": date(2007, 1, 1),
    "HS2012": date(2012, 1, 1),
    "HS2017": date(2017, 1, 1),
    "HS2022": date(2022, 1, 1),
    "HS2028": date(2028, 1, 1),
}


def validate_edition(edition: str) -> str:
    """Return the canonical edition name (``"hs2022"`` -> ``"HS2022"``) or raise."""
    if not isinstance(edition, str):
        raise InvalidInputError(f"edition must be a string such as 'HS2022', got {edition!r}")
    name = edition.strip().upper().replace(" ", "")
    if name.isdigit() and len(name) == 4:
        name = "HS" + name
    if name not in KNOWN_EDITIONS:
        raise UnknownEditionError(
            f"{edition!r} is not an HS edition; use one of {', '.join(KNOWN_EDITIONS)}"
        )
    return name


def edition_in_force(on: date) -> str:
    """The WCO edition in force on ``on`` (for example ``HS2022`` on 2026-08-01)."""
    if not isinstance(on, date):
        raise InvalidInputError(f"on must be a datetime.date, got {on!r}")
    current = "HS1992"
    for name, start in KNOWN_EDITIONS.items():
        if start <= on:
            current = name
    return current
