"""The agreement packs: listing them, loading one, and finding its product-specific rule rows.

Each ``origin-agreement`` pack under ``rules/origin/`` is read on first use into an
:class:`AgreementInfo` (cached until the rule packs are reloaded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, cached_property, lru_cache

from cbec_compliance.errors import InvalidInputError, UnknownAgreementError
from cbec_compliance.origin.schema import OriginAgreementPack
from cbec_compliance.rules.registry import get_pack, pack_ids, register_cache

__all__ = ["AgreementInfo", "PsrRow", "agreement", "agreements", "find_rules"]


CODE_DIGITS = 10
"""Codes are compared padded to 10 digits, the longest national code a row may give."""


def _lowest(code: str) -> str:
    return code.ljust(CODE_DIGITS, "0")


def _highest(code: str) -> str:
    return code.ljust(CODE_DIGITS, "9")


@dataclass(frozen=True)
class PsrRow:
    """One product-specific rule row of an agreement pack."""

    code_from: str
    code_to: str
    subdivision: str
    rule: str
    original: str
    reference: str

    @cached_property
    def low(self) -> str:
        """``code_from`` padded to 10 digits with 0s: the lowest code the row covers."""
        return _lowest(self.code_from)

    @cached_property
    def high(self) -> str:
        """``code_to`` padded to 10 digits with 9s: the highest code the row covers."""
        return _highest(self.code_to)

    def label(self) -> str:
        """The row's codes (one or a range) and its subdivision, as messages show them."""
        span = (
            self.code_from if self.code_from == self.code_to else f"{self.code_from}-{self.code_to}"
        )
        return span + (f" ({self.subdivision})" if self.subdivision else "")


@dataclass(frozen=True)
class AgreementInfo:
    """An agreement as :func:`agreements` lists it."""

    id: str
    title: str
    parties: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    hs_edition: str
    product_rules: int
    source_url: str
    pack_id: str
    content: OriginAgreementPack = field(repr=False, compare=False)
    rows: tuple[PsrRow, ...] = field(repr=False, compare=False, default=())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Agreement id -> id of the pack that holds it."""
    found: dict[str, str] = {}
    for pack_id in pack_ids("origin/"):
        pack = get_pack(pack_id)
        if isinstance(pack.content, OriginAgreementPack):
            found[pack.content.agreement.id] = pack_id
    return found


@cache
def _load(agreement_id: str) -> AgreementInfo:
    """Read one agreement's pack and its product-specific rule table."""
    pack_id = _index()[agreement_id]
    pack = get_pack(pack_id)
    content = pack.content_as(OriginAgreementPack)
    rows = tuple(PsrRow(**row) for _, row in pack.table_rows(content.psr_file))
    head = content.agreement
    return AgreementInfo(
        id=head.id,
        title=head.title,
        parties=tuple(sorted({party.country for party in head.parties})),
        valid_from=head.valid_from,
        valid_to=head.valid_to,
        hs_edition=head.hs_edition,
        product_rules=len(rows),
        source_url=head.sources[0].url,
        pack_id=pack_id,
        content=content,
        rows=rows,
    )


@lru_cache(maxsize=1)
def largest_tolerance_percent() -> Decimal | None:
    """The largest value tolerance any agreement in the packs allows (None: no pack has one).

    A failing share of materials above it cannot be saved by any agreement's tolerance."""
    percents = [
        tolerance.percent
        for pack_id in _index().values()
        for tolerance in get_pack(pack_id).content_as(OriginAgreementPack).tolerance
    ]
    return max(percents, default=None)


def _clear() -> None:
    """Forget the loaded agreements (registered with the rule-pack cache reset)."""
    _index.cache_clear()
    _load.cache_clear()
    largest_tolerance_percent.cache_clear()


register_cache(_clear)


def agreements() -> list[AgreementInfo]:
    """Every agreement in the rule packs, by id."""
    return [_load(agreement_id) for agreement_id in sorted(_index())]


def agreement(agreement_id: str) -> AgreementInfo:
    """One agreement by its stable id (``RCEP``, ``UK-EU-TCA`` ...)."""
    if not isinstance(agreement_id, str):
        raise InvalidInputError(f"agreement must be an id such as 'RCEP', not {agreement_id!r}")
    key = agreement_id.strip().upper()
    if key not in _index():
        raise UnknownAgreementError(
            f"no agreement {agreement_id!r} in the rule packs; known: {', '.join(sorted(_index()))}"
        )
    return _load(key)


def find_rules(agreement_id: str, code: str) -> list[PsrRow]:
    """The product-specific rule rows covering ``code`` (in the agreement's HS edition).

    The most specific row that covers the whole code wins; rows for parts of the code (national
    subdivisions) are all returned, since the rule then depends on which part the product is.
    """
    info = agreement(agreement_id)
    low, high = _lowest(code), _highest(code)
    covering = [row for row in info.rows if row.low <= low and high <= row.high]
    inside = [
        row for row in info.rows if low <= row.low and row.high <= high and row not in covering
    ]
    if inside:
        return inside
    if not covering:
        return []
    narrowest = min(int(row.high) - int(row.low) for row in covering)
    return [row for row in covering if int(row.high) - int(row.low) == narrowest]
