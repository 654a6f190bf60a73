"""Helpers shared by the origin tests (imported as ``from .conftest import ...``)."""

from __future__ import annotations

from datetime import date

import cbec_compliance as cc
from cbec_compliance import Money
from cbec_compliance.origin.schema import OriginAgreementPack

ON = date(2026, 9, 1)
# The 27 EU member states (expected parties of the EU agreements, written out independently of the
# packs so that a pack listing the wrong members fails).
EU27: tuple[str, ...] = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip


def usd(amount: str) -> Money:
    return Money(amount, "USD")


def content(agreement_id: str) -> OriginAgreementPack:
    """The validated pack.toml of an agreement."""
    return cc.origin.agreement(agreement_id).content


def party_dates(agreement_id: str) -> dict[str, date]:
    """Each party of the agreement with the day it joined."""
    return {party.country: party.valid_from for party in content(agreement_id).agreement.parties}
