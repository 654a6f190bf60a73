"""What a quote takes (:class:`Item`, :class:`SuppliedMeasure`) and returns (:class:`Quote`).

Inputs are validated here, at the boundary: anything malformed raises
:class:`~cbec_compliance.errors.InvalidInputError` with a message naming the field. Results are
frozen dataclasses (fast to build, no re-validation) with ``model_dump()`` and
``model_dump_json()`` giving a JSON-safe form in which every amount is a string.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Protocol

from cbec_compliance.duty.components import DutyExpression
from cbec_compliance.errors import InvalidInputError
from cbec_compliance.money import Money
from cbec_compliance.tax.exchange import RateUsed

__all__ = [
    "Charge",
    "ChargeKind",
    "Item",
    "MeasureLike",
    "Missing",
    "Quote",
    "QuoteLine",
    "RuleRef",
    "SourceRef",
    "Step",
    "SuppliedMeasure",
]

ChargeKind = Literal["duty", "additional_duty", "excise", "vat", "fee"]
_DUTY_KINDS = ("duty", "additional_duty")
_TAX_KINDS = ("excise", "vat")


def to_decimal(value: object, field_name: str, *, positive: bool = False) -> Decimal:
    """A caller's number as an exact Decimal; floats and junk raise ``InvalidInputError``."""
    if isinstance(value, bool | float):
        raise InvalidInputError(
            f"{field_name} {value!r} must be a Decimal, int or str (floats are not exact)"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidInputError(f"{field_name} {value!r} is not a number") from None
    else:
        raise InvalidInputError(
            f"{field_name} must be a Decimal, int or str, not {type(value).__name__}"
        )
    if not result.is_finite():
        raise InvalidInputError(f"{field_name} {value!r} is not a finite number")
    if result < 0 or (positive and result == 0):
        raise InvalidInputError(
            f"{field_name} {value!r} must be {'greater than zero' if positive else 'zero or more'}"
        )
    return result


def _preference_claim(value: object) -> object:
    """Check ``claim_preference``: a bool, a known agreement id, or an OriginResult."""
    if isinstance(value, bool):
        return value
    from cbec_compliance.origin import OriginResult, agreement

    if isinstance(value, OriginResult):
        return value
    if isinstance(value, str):
        return agreement(value).id
    raise InvalidInputError(
        "claim_preference must be True/False, an agreement id such as 'US-KR-FTA', or the "
        f"result of cc.check_origin(), not {value!r}"
    )


def _country(value: object, field_name: str) -> str:
    if not isinstance(value, str) or len(value.strip()) != 2 or not value.strip().isalpha():
        raise InvalidInputError(
            f"{field_name} {value!r} must be an ISO 3166 alpha-2 country code such as 'DE'"
        )
    return value.strip().upper()


def _hs_code(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"hs_code {value!r} must be a string such as '6109100010'")
    digits = "".join(ch for ch in value if ch not in " .-")
    if not digits.isdigit() or not 6 <= len(digits) <= 14 or not digits.isascii():
        raise InvalidInputError(
            f"hs_code {value!r} must have at least 6 digits (HS subheading or national line), "
            "for example '6109.10' or '6109100010'"
        )
    return digits


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the order.

    ``value`` is the price of the whole line (all ``quantity`` units), excluding transport and
    insurance charged separately. ``net_weight_kg`` is the line's total net weight; it is needed only
    for specific duties per kg. Any rate the engine would look up can be supplied: ``duty_rate``
    (percent as Decimal/str such as ``"12"`` or ``"12%"``, or a
    :class:`~cbec_compliance.duty.DutyExpression`), ``vat_rate`` and ``excise_rate`` (percent). The
    trace then says the caller supplied it.
    """

    hs_code: str
    value: Money
    quantity: Decimal | int | str = 1
    description: str = ""
    net_weight_kg: Decimal | int | str | None = None
    origin: str | None = None
    duty_rate: Decimal | int | str | DutyExpression | None = None
    vat_rate: Decimal | int | str | None = None
    excise_rate: Decimal | int | str | None = None
    excise_goods: bool = False
    """Alcohol, tobacco, perfume and other excise goods: excluded from several reliefs and IOSS."""
    claim_preference: bool | str | Any = False
    """Claim a preferential (agreement) rate; the importer needs proof of origin. ``True``: the
    lowest preference the tariff gives this origin by name (its own country rate, a group it
    belongs to, or a program named by its country code, such as US ``KR``); an agreement id
    (``"US-KR-FTA"``, ``"CN-KR-FTA"``): only that agreement's preference; an
    :class:`~cbec_compliance.origin.OriginResult`: that agreement, if the result is originating
    for this origin and destination. The quote shows the MFN duty beside the preferential one."""
    supplementary_units: Mapping[str, Decimal | int | str] = field(default_factory=dict)
    """Quantities in other units for specific duties: ``{"l": "0.75", "pair": 2}``."""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "hs_code", _hs_code(self.hs_code))
        if not isinstance(self.value, Money):
            raise InvalidInputError(
                f"value {self.value!r} must be Money, for example Money('45.00', 'EUR')"
            )
        if self.value.amount < 0:
            raise InvalidInputError(f"value {self.value} must not be negative")
        set_(self, "quantity", to_decimal(self.quantity, "quantity", positive=True))
        if not isinstance(self.description, str):
            raise InvalidInputError("description must be a string")
        if self.net_weight_kg is not None:
            set_(self, "net_weight_kg", to_decimal(self.net_weight_kg, "net_weight_kg"))
        if self.origin is not None:
            set_(self, "origin", _country(self.origin, "origin"))
        if self.duty_rate is not None and not isinstance(self.duty_rate, DutyExpression):
            text = self.duty_rate
            if isinstance(text, str):
                text = text.strip().removesuffix("%").strip()
            set_(self, "duty_rate", to_decimal(text, "duty_rate"))
        for name in ("vat_rate", "excise_rate"):
            raw = getattr(self, name)
            if raw is not None:
                if isinstance(raw, str):
                    raw = raw.strip().removesuffix("%").strip()
                rate = to_decimal(raw, name)
                if rate > 100:
                    raise InvalidInputError(f"{name} {rate} is a percentage and must be <= 100")
                set_(self, name, rate)
        if not isinstance(self.excise_goods, bool):
            raise InvalidInputError("excise_goods must be True or False")
        set_(self, "claim_preference", _preference_claim(self.claim_preference))
        if not isinstance(self.supplementary_units, Mapping):
            raise InvalidInputError("supplementary_units must be a mapping of unit to quantity")
        set_(
            self,
            "supplementary_units",
            {
                str(unit): to_decimal(amount, f"supplementary_units[{unit!r}]")
                for unit, amount in self.supplementary_units.items()
            },
        )


class MeasureLike(Protocol):
    """What the engine reads from a tariff measure (``cbec_compliance.tariff`` or supplied)."""

    @property
    def measure_type(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def expression(self) -> DutyExpression: ...
    @property
    def valid_from(self) -> date: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def legal_source(self) -> Any: ...
    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class SuppliedMeasure:
    """A measure built by the caller (or a test) instead of read from the tariff packs."""

    measure_type: str
    expression: DutyExpression
    valid_from: date
    legal_source: Any
    origin: str = "erga_omnes"
    valid_to: date | None = None
    note: str | None = None
    condition: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source of a rule: title, URL and the day it was retrieved."""

    title: str
    url: str
    retrieved: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "retrieved": self.retrieved.isoformat() if self.retrieved else None,
        }


@dataclass(frozen=True, slots=True)
class RuleRef:
    """Which rule produced a number: its id, where it comes from, its dates and sources."""

    id: str
    title: str
    origin: Literal["rule pack", "tariff", "caller", "engine"]
    valid_from: date | None = None
    valid_to: date | None = None
    sources: tuple[SourceRef, ...] = ()

    def describe(self) -> str:
        dates = ""
        if self.valid_from:
            dates = f", in force from {self.valid_from}"
            if self.valid_to:
                dates += f" to {self.valid_to}"
        return f"{self.title} [{self.origin}: {self.id}{dates}]"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "origin": self.origin,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "sources": [source.to_dict() for source in self.sources],
        }


def _money(value: Money | None) -> dict[str, str] | None:
    return value.to_json() if value is not None else None


@dataclass(frozen=True, slots=True)
class Missing:
    """Something the engine needs and does not have: no number is given for ``affects``."""

    what: str
    affects: str
    line: int | None = None

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}needs {self.what} (for {self.affects})"

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "affects": self.affects, "line": self.line}


@dataclass(frozen=True, slots=True)
class Charge:
    """One duty, tax or fee. ``amount`` is None when it cannot be computed (see ``missing``).

    ``collected`` says who collects it: ``border`` (customs, paid by the importer: the buyer under
    DAP, the seller under DDP) or ``at_sale`` (the seller charges it at checkout: EU IOSS, UK
    GBP 135, AU/SG low-value goods).
    """

    kind: ChargeKind
    name: str
    amount: Money | None
    base: Money | None
    rate: str | None
    rule: RuleRef
    collected: Literal["border", "at_sale"] = "border"
    line: int | None = None
    exchange_rates: tuple[RateUsed, ...] = ()
    missing: tuple[Missing, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "amount": _money(self.amount),
            "base": _money(self.base),
            "rate": self.rate,
            "rule": self.rule.to_dict(),
            "collected": self.collected,
            "line": self.line,
            "exchange_rates": [rate.to_dict() for rate in self.exchange_rates],
            "missing": [item.to_dict() for item in self.missing],
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the calculation trace, in order."""

    title: str
    detail: str
    rule: RuleRef | None = None
    line: int | None = None
    base: Money | None = None
    rate: str | None = None
    amount: Money | None = None
    exchange_rate: RateUsed | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "detail": self.detail,
            "rule": self.rule.to_dict() if self.rule else None,
            "line": self.line,
            "base": _money(self.base),
            "rate": self.rate,
            "amount": _money(self.amount),
            "exchange_rate": self.exchange_rate.to_dict() if self.exchange_rate else None,
        }


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """The result for one item: its customs value and the charges allocated to it."""

    index: int
    hs_code: str
    description: str
    quantity: Decimal
    value: Money
    customs_value: Money
    charges: tuple[Charge, ...]

    @property
    def complete(self) -> bool:
        return all(charge.amount is not None for charge in self.charges)

    @property
    def known_total(self) -> Money:
        total = Money(0, self.customs_value.currency)
        for charge in self.charges:
            if charge.amount is not None:
                total = total + charge.amount
        return total

    @property
    def total(self) -> Money | None:
        """Duties and taxes of the line, or None when part of them is unknown."""
        return self.known_total if self.complete else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "hs_code": self.hs_code,
            "description": self.description,
            "quantity": str(self.quantity),
            "value": self.value.to_json(),
            "customs_value": self.customs_value.to_json(),
            "charges": [charge.to_dict() for charge in self.charges],
            "total": _money(self.total),
            "known_total": self.known_total.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """A landed-cost quote: what is due on the order at the border (and at sale), and why.

    ``duties``, ``taxes``, ``fees`` and ``total`` are in the destination currency and are None
    when any part of them is unknown (``missing`` says what is needed); ``known_total`` is the sum
    of what could be computed. ``total`` equals the sum of the lines' totals plus the entry
    charges, exactly.
    """

    destination: str
    customs_territory: str
    origin: str | None
    on: date
    currency: str
    order_currency: str
    incoterm: str
    lines: tuple[QuoteLine, ...]
    entry_charges: tuple[Charge, ...]
    customs_value: Money
    intrinsic_value: Money
    missing: tuple[Missing, ...]
    trace: tuple[Step, ...]
    notes: tuple[str, ...]
    regimes: tuple[str, ...]
    order_rate: RateUsed | None = None

    @property
    def charges(self) -> tuple[Charge, ...]:
        """Every charge: the lines' then the entry's."""
        return tuple(charge for line in self.lines for charge in line.charges) + self.entry_charges

    def _sum(self, kinds: tuple[str, ...]) -> Money | None:
        total = Money(0, self.currency)
        for charge in self.charges:
            if charge.kind in kinds:
                if charge.amount is None:
                    return None
                total = total + charge.amount
        return total

    @property
    def duties(self) -> Money | None:
        return self._sum(_DUTY_KINDS)

    @property
    def taxes(self) -> Money | None:
        return self._sum(_TAX_KINDS)

    @property
    def fees(self) -> Money | None:
        return self._sum(("fee",))

    @property
    def complete(self) -> bool:
        return not self.missing and all(charge.amount is not None for charge in self.charges)

    @property
    def known_total(self) -> Money:
        total = Money(0, self.currency)
        for charge in self.charges:
            if charge.amount is not None:
                total = total + charge.amount
        return total

    @property
    def total(self) -> Money | None:
        """Everything due (at the border and at sale), or None when anything is unknown."""
        return self.known_total if self.complete else None

    @property
    def due_at_border(self) -> Money:
        """The known charges collected by customs (paid by the importer of record)."""
        total = Money(0, self.currency)
        for charge in self.charges:
            if charge.collected == "border" and charge.amount is not None:
                total = total + charge.amount
        return total

    @property
    def total_in_order_currency(self) -> Money | None:
        """``total`` converted to the order currency at ``order_rate`` and rounded once."""
        total = self.total
        if total is None:
            return None
        if self.order_rate is None:
            return total
        return Money(total.amount * self.order_rate.rate, self.order_currency).rounded()

    def explain(self) -> str:
        """The quote for people: each number with its rule, source, dates, base and rate."""
        from cbec_compliance.landed_cost.explain import render

        return render(self)

    def model_dump(self) -> dict[str, Any]:
        """A JSON-safe dict: amounts as strings, dates ISO."""
        return {
            "destination": self.destination,
            "customs_territory": self.customs_territory,
            "origin": self.origin,
            "on": self.on.isoformat(),
            "currency": self.currency,
            "order_currency": self.order_currency,
            "incoterm": self.incoterm,
            "complete": self.complete,
            "total": _money(self.total),
            "known_total": self.known_total.to_json(),
            "total_in_order_currency": _money(self.total_in_order_currency),
            "duties": _money(self.duties),
            "taxes": _money(self.taxes),
            "fees": _money(self.fees),
            "due_at_border": self.due_at_border.to_json(),
            "customs_value": self.customs_value.to_json(),
            "intrinsic_value": self.intrinsic_value.to_json(),
            "regimes": list(self.regimes),
            "lines": [line.to_dict() for line in self.lines],
            "entry_charges": [charge.to_dict() for charge in self.entry_charges],
            "missing": [item.to_dict() for item in self.missing],
            "notes": list(self.notes),
            "order_rate": self.order_rate.to_dict() if self.order_rate else None,
            "trace": [step.to_dict() for step in self.trace],
        }

    def model_dump_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.model_dump(), ensure_ascii=False, indent=indent)
