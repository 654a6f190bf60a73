"""The library's exception hierarchy: one root, a branch per kind of failure.

Bad input errors are also ``ValueError`` and not-found errors are also ``LookupError``, so callers
that only know the standard library can still catch them.
"""

from __future__ import annotations


class CbecError(Exception):
    """Root of every error raised by cbec_compliance."""


class InvalidInputError(CbecError, ValueError):
    """A value given by the caller is malformed; the message names it and says what would fix it."""


class InvalidHsCodeError(InvalidInputError):
    """A string that is not an HS code (2, 4, 6 digits, optionally followed by national digits)."""


class InvalidMoneyError(InvalidInputError):
    """An amount or currency that cannot be represented exactly (floats, unknown ISO 4217 codes)."""


class UnsupportedError(InvalidInputError):
    """The request is well formed but asks for something the library does not support yet."""


class InvalidRuleError(InvalidInputError):
    """Rule-of-origin text that the grammar cannot read (see ``cbec_compliance.origin.grammar``)."""


class NotFoundError(CbecError, LookupError):
    """Something well formed was asked for but is not in the rule packs."""


class UnknownHsCodeError(NotFoundError):
    """A well-formed HS code that does not exist in the requested edition."""


class UnknownEditionError(NotFoundError):
    """An HS edition name that is not known, or has no data loaded."""


class NoCorrelationError(NotFoundError):
    """No correlation table links the two requested HS editions."""


class RuleDataError(CbecError):
    """A rule pack failed validation; the message names the file and the line or key at fault."""


class RemoteSourceError(CbecError):
    """An optional live source (HTTP provider) failed; the embedded rule packs remain usable."""


class UnknownTariffLineError(NotFoundError):
    """A well-formed code that is not a line of the region's national tariff schedule.

    ``nearest`` holds the closest valid lines (children or siblings under the longest existing
    prefix), so callers can offer them.
    """

    def __init__(self, message: str, nearest: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.nearest = nearest


class NoNationalTariffError(NotFoundError):
    """The region has no national tariff schedule in the rule packs; it works at HS6 only."""


class NoTariffScheduleForDateError(NotFoundError):
    """The region has national schedules, but none is in force on (or before) the date asked."""


class ExchangeRateUnavailableError(NotFoundError):
    """No exchange rate is known for a currency pair and day; the caller can supply one."""


class NoTaxRulesError(NotFoundError):
    """The destination has no import-tax rules in the rule packs; supply rates or add a pack."""


class UnknownRegionError(NotFoundError):
    """A well-formed region name or code that matches no region, or more than one.

    ``value`` is what was asked for; ``suggestions`` lists close matches as ``CODE (Name)``.
    """

    def __init__(self, message: str, value: str = "", suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.value = value
        self.suggestions = suggestions


class UnknownAgreementError(NotFoundError):
    """No trade agreement with this id in the rule packs; ``cc.origin.agreements()`` lists them."""
