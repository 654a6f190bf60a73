"""Exact money: a ``Decimal`` amount with an ISO 4217 currency.

Floats are refused at the boundary (``Money(0.1, "EUR")`` raises), currencies are validated with
pycountry, and minor units (decimal places) come from babel's CLDR data.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import pycountry
from babel.numbers import get_currency_precision

from cbec_compliance.errors import InvalidMoneyError

__all__ = ["Money", "currency_minor_units", "validate_currency"]


@lru_cache(maxsize=512)
def validate_currency(code: str) -> str:
    """Return the upper-cased ISO 4217 alphabetic code, or raise ``InvalidMoneyError``."""
    if not isinstance(code, str):
        raise InvalidMoneyError(f"currency must be an ISO 4217 code such as 'EUR', got {code!r}")
    candidate = code.strip().upper()
    if len(candidate) != 3 or not candidate.isascii() or not candidate.isalpha():
        raise InvalidMoneyError(
            f"currency {code!r} is not an ISO 4217 code; use three letters such as 'EUR' or 'USD'"
        )
    if pycountry.currencies.get(alpha_3=candidate) is None:
        raise InvalidMoneyError(
            f"currency {code!r} is not in ISO 4217; use a current code such as 'EUR' or 'CNY'"
        )
    return candidate


@lru_cache(maxsize=512)
def currency_minor_units(code: str) -> int:
    """Number of decimal places of the currency (2 for EUR, 0 for JPY and KRW, 3 for KWD)."""
    return int(get_currency_precision(validate_currency(code)))


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, (bool, float)):
        raise InvalidMoneyError(
            f"amount {value!r} is a {type(value).__name__}; pass a str or Decimal such as '45.00' "
            "so that the amount is exact"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise InvalidMoneyError(
                f"amount {value!r} is not a decimal number; write it like '45.00'"
            ) from None
    else:
        raise InvalidMoneyError(
            f"amount {value!r} of type {type(value).__name__} is not supported; pass a str or Decimal"
        )
    if not result.is_finite():
        raise InvalidMoneyError(f"amount {value!r} is not finite; pass a finite decimal number")
    return result


class Money:
    """An exact amount of one currency. Immutable and hashable.

    >>> Money("45.00", "EUR") + Money("8", "EUR")
    Money('53.00', 'EUR')
    """

    __slots__ = ("amount", "currency")
    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | str | int, currency: str) -> None:
        object.__setattr__(self, "amount", _to_decimal(amount))
        object.__setattr__(self, "currency", validate_currency(currency))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    @classmethod
    def trusted(cls, amount: Decimal, currency: str) -> Money:
        """Money from a finite Decimal and an already validated currency code, unchecked.

        For engines that build many amounts from Money they already hold (arithmetic on
        validated amounts); callers' input always goes through ``Money(...)``.
        """
        money = object.__new__(cls)
        object.__setattr__(money, "amount", amount)
        object.__setattr__(money, "currency", currency)
        return money

    @classmethod
    def parse(cls, text: str) -> Money:
        """Parse ``"45 EUR"`` or ``"EUR 45.00"``."""
        parts = text.split() if isinstance(text, str) else []
        if len(parts) == 2:
            first, second = parts
            if first[:1].isalpha():
                first, second = second, first
            return cls(first, second)
        raise InvalidMoneyError(f"money {text!r} must look like '45.00 EUR'")

    @property
    def minor_units(self) -> int:
        return currency_minor_units(self.currency)

    def rounded(self, rounding: str = ROUND_HALF_UP, places: int | None = None) -> Money:
        """The amount rounded to the currency's minor units (or ``places``)."""
        digits = self.minor_units if places is None else places
        quantum = Decimal(1).scaleb(-digits)
        return Money(self.amount.quantize(quantum, rounding=rounding), self.currency)

    def _same_currency(self, other: object, operation: str) -> Money:
        if not isinstance(other, Money):
            raise InvalidMoneyError(f"cannot {operation} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise InvalidMoneyError(
                f"cannot {operation} {self.currency} and {other.currency}; convert one first"
            )
        return other

    def __add__(self, other: object) -> Money:
        other_money = self._same_currency(other, "add")
        return Money(self.amount + other_money.amount, self.currency)

    def __sub__(self, other: object) -> Money:
        other_money = self._same_currency(other, "subtract")
        return Money(self.amount - other_money.amount, self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, Decimal | int):
            raise InvalidMoneyError(
                f"Money can be multiplied by a Decimal or int only, not {factor!r}"
            )
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: object) -> bool:
        return self.amount < self._same_currency(other, "compare").amount

    def __le__(self, other: object) -> bool:
        return self.amount <= self._same_currency(other, "compare").amount

    def __gt__(self, other: object) -> bool:
        return self.amount > self._same_currency(other, "compare").amount

    def __ge__(self, other: object) -> bool:
        return self.amount >= self._same_currency(other, "compare").amount

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def to_json(self) -> dict[str, str]:
        """A JSON-safe form: the amount as a string so no precision is lost."""
        return {"amount": str(self.amount), "currency": self.currency}
