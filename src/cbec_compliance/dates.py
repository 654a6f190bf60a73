"""Dates given by callers: ``datetime.date``, ISO text, or None for today."""

from __future__ import annotations

from datetime import date, datetime

from cbec_compliance.errors import InvalidInputError

__all__ = ["as_date"]


def as_date(on: object, name: str = "date") -> date:
    """``on`` as a date: a ``date`` (a ``datetime`` loses its time), ``'YYYY-MM-DD'``, or None
    for today; anything else raises :class:`InvalidInputError` naming ``name``."""
    if on is None:
        return date.today()
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    if isinstance(on, str):
        try:
            return date.fromisoformat(on.strip())
        except ValueError:
            pass
    raise InvalidInputError(f"{name} {on!r} is not a date; pass a datetime.date or 'YYYY-MM-DD'")
