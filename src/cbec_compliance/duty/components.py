"""The structured form of a duty rate, shared by tariff data and the landed-cost engine.

A rate text such as ``"8% MIN 2.5 EUR/100 kg"`` becomes a :class:`DutyExpression` whose ``terms``
are added together, with optional ``minimum`` and ``maximum`` clauses (each itself a sum of
components). Text that cannot be structured is kept verbatim in ``unparsed`` and never read as 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from cbec_compliance.rules.schema import RuleModel

__all__ = ["AdValorem", "DutyComponent", "DutyExpression", "Specific"]


class AdValorem(RuleModel):
    """A percentage of the customs value (``6.5%`` -> ``percent=Decimal("6.5")``)."""

    kind: Literal["ad_valorem"] = "ad_valorem"
    percent: Annotated[Decimal, Field(ge=0)]
    basis: Annotated[str, Field(min_length=1)] | None = None
    """None: the percentage applies to the customs value. Otherwise the part of the goods whose
    value is taxed, as printed (``"the case"`` in ``"6% on the case"``); an expression holding such
    a component also keeps its text in ``unparsed``: the customs value alone does not compute it."""


class Specific(RuleModel):
    """An amount per quantity of a unit (``£12.50/100 kg`` -> 12.50 GBP per 100 kg)."""

    kind: Literal["specific"] = "specific"
    amount: Annotated[Decimal, Field(ge=0)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    per_quantity: Annotated[Decimal, Field(gt=0)] = Decimal(1)
    unit: Annotated[str, Field(min_length=1)]
    """Normalised unit code (``kg``, ``l``, ``item``, ``pair``, ``dozen``, ``m2``,
    ``liter_alcohol_100pct`` ...): the list is ``cbec_compliance.duty.parser.UNITS``. Multiples go
    in ``per_quantity`` (``EUR / hl`` -> per 100 ``l``, ``/t`` -> per 1000 ``kg``)."""


DutyComponent = Annotated[AdValorem | Specific, Field(discriminator="kind")]


class DutyExpression(RuleModel):
    """A parsed rate: ``sum(terms)``, bounded below by ``minimum`` and above by ``maximum``.

    ``free`` is True only when the text says free/0%; an expression that could not be parsed has
    ``unparsed`` set (and empty ``terms``), so callers report it instead of treating it as 0.
    """

    text: str
    terms: tuple[DutyComponent, ...] = ()
    minimum: tuple[DutyComponent, ...] | None = None
    maximum: tuple[DutyComponent, ...] | None = None
    free: bool = False
    unparsed: str | None = None

    @property
    def fully_parsed(self) -> bool:
        return self.unparsed is None

    @property
    def units_needed(self) -> frozenset[str]:
        """Units of quantity the caller must supply to compute this duty (``{"kg"}``)."""
        parts = [*self.terms, *(self.minimum or ()), *(self.maximum or ())]
        return frozenset(part.unit for part in parts if isinstance(part, Specific))
