"""Region lookup and the dated facts of a region (customs territory, VAT area, nomenclature)."""

from __future__ import annotations

import difflib
import operator
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from babel.numbers import get_territory_currencies

from cbec_compliance.errors import (
    InvalidInputError,
    RuleDataError,
    UnknownRegionError,
    UnsupportedError,
)
from cbec_compliance.regions.schema import (
    Arrangement,
    CustomsTerritoriesPack,
    CustomsUnion,
    EditionInForce,
    Membership,
    Nomenclature,
    Reference,
    RegionListPack,
    SpecialTerritory,
    TariffNomenclaturesPack,
    Valuation,
    VatStatus,
)
from cbec_compliance.rules.registry import LoadedPack, get_pack, register_table_checker
from cbec_compliance.rules.schema import Source

__all__ = ["Region", "all_regions", "get", "hs_edition_on", "unions"]

TERRITORIES_PACK = "regions/customs-territories"
NOMENCLATURES_PACK = "regions/nomenclatures"
ECONOMIES_PACK = "regions/economies"
MAX_INPUT_LENGTH = 100
_ALLOWED_PUNCTUATION = set(" -.,'’()&/")


@dataclass(frozen=True)
class Region:
    """What the library knows about a region on one day (``on``).

    ``customs_territory`` is the territory whose border goods cross: a union id for members of a
    customs union (``EU``, ``MERCOSUR``, ``SACU``, ``EAEU``, ``GCC``, ``EAC``), the territory a
    region is included in (``MC`` -> ``EU``, ``XI`` -> ``GB``) or the region's own code.
    ``customs_territory_basis`` is ``sourced`` when a cited fact says so and ``default`` when no
    fact is modelled and the region is presumed to be its own customs territory.
    ``tariff_territory`` is whose external tariff applies to all goods (``SM`` -> ``EU``).
    ``hs_edition_certainty`` is ``confirmed`` when a cited national text implements the edition
    and ``presumed`` when it is the WCO edition in force, not checked nationally.
    ``None`` always means unknown, never "none".
    """

    code: str
    name: str
    official_name: str | None
    alpha3: str | None
    numeric: str | None
    kind: Literal["economy", "special-territory"]
    part_of: str | None
    on: date
    customs_territory: str
    customs_territory_basis: Literal["sourced", "default"]
    tariff_territory: str
    vat_territory: str
    currency: str | None
    nomenclature_id: str | None
    nomenclature: str | None
    national_digits: int | None
    declaration_digits: int | None
    national_data: bool
    hs_edition: str | None
    hs_edition_certainty: Literal["confirmed", "presumed"] | None
    hs_edition_since: date | None
    valuation_basis: Literal["CIF", "FOB"] | None
    valuation_certainty: Literal["official", "secondary"] | None
    in_scope: bool
    memberships: tuple[Membership, ...] = ()
    arrangements: tuple[Arrangement, ...] = ()
    sources: tuple[Source, ...] = field(default=())

    def unions(self) -> tuple[str, ...]:
        """Ids of the unions and territories the region belongs to on ``on`` (not exclusions)."""
        return tuple(
            sorted({item.territory for item in self.memberships if item.role != "excluded"})
        )

    def is_in(self, territory: str) -> bool:
        """True when the region is in ``territory``'s customs territory, or in a customs union
        (member, partner, acceding or suspended) with it, on ``on``."""
        return self.customs_territory == territory or territory in self.unions()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (dates as ISO strings)."""
        return {
            "code": self.code,
            "name": self.name,
            "official_name": self.official_name,
            "alpha3": self.alpha3,
            "numeric": self.numeric,
            "kind": self.kind,
            "part_of": self.part_of,
            "on": self.on.isoformat(),
            "in_scope": self.in_scope,
            "customs_territory": self.customs_territory,
            "customs_territory_basis": self.customs_territory_basis,
            "tariff_territory": self.tariff_territory,
            "vat_territory": self.vat_territory,
            "currency": self.currency,
            "nomenclature_id": self.nomenclature_id,
            "nomenclature": self.nomenclature,
            "national_digits": self.national_digits,
            "declaration_digits": self.declaration_digits,
            "national_data": self.national_data,
            "hs_edition": self.hs_edition,
            "hs_edition_certainty": self.hs_edition_certainty,
            "hs_edition_since": _iso(self.hs_edition_since),
            "valuation_basis": self.valuation_basis,
            "valuation_certainty": self.valuation_certainty,
            "memberships": [
                {
                    "territory": item.territory,
                    "role": item.role,
                    "scope": item.scope,
                    "valid_from": item.valid_from.isoformat(),
                    "valid_to": _iso(item.valid_to),
                    "note": item.note,
                }
                for item in self.memberships
            ],
            "arrangements": [
                {
                    "title": item.title,
                    "summary": item.summary,
                    "valid_from": item.valid_from.isoformat(),
                    "valid_to": _iso(item.valid_to),
                }
                for item in self.arrangements
            ],
            "sources": [
                {"title": item.title, "url": item.url, "retrieved": item.retrieved.isoformat()}
                for item in self.sources
            ],
        }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class _Entry:
    code: str
    name: str
    official_name: str | None
    alpha3: str | None
    numeric: str | None
    kind: Literal["economy", "special-territory"]
    part_of: str | None
    currency: str | None
    references: tuple[str, ...]


@dataclass
class _Index:
    coverage_from: date
    entries: dict[str, _Entry]
    keys: dict[str, set[str]]
    outside_scope: dict[str, str]
    unions: dict[str, CustomsUnion]
    memberships: dict[str, list[Membership]]
    vat_status: dict[str, list[VatStatus]]
    arrangements: dict[str, list[Arrangement]]
    territory_references: dict[str, Reference]
    nomenclatures: tuple[Nomenclature, ...]
    wco_editions: tuple[EditionInForce, ...]
    valuation: dict[str, list[Valuation]]
    nomenclature_references: dict[str, Reference]
    economy_source: tuple[Source, ...]


_lock = threading.Lock()
# The derived index and the packs it was built from: when the registry reloads (a rules path was
# added), the packs are new objects and the index is rebuilt.
_cache: tuple[tuple[LoadedPack, LoadedPack, LoadedPack], _Index] | None = None


def normalize_name(text: str) -> str:
    """The lookup key of a name or code: accents, case and punctuation removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = stripped.casefold()
    folded = re.sub(r"[.'’`]", "", folded)
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


def _check_economies(pack: LoadedPack) -> None:
    seen: set[str] = set()
    for line, row in pack.table_rows("economies.csv"):
        code, alpha3, numeric = row["code"], row["alpha3"], row["numeric"]
        if not (re.fullmatch(r"[A-Z]{2}", code) and re.fullmatch(r"[A-Z]{3}", alpha3)):
            raise RuleDataError(f"{pack.folder / 'economies.csv'}:{line}: bad code {code}/{alpha3}")
        if not re.fullmatch(r"\d{3}", numeric) or not row["name"]:
            raise RuleDataError(f"{pack.folder / 'economies.csv'}:{line}: bad numeric or name")
        if code in seen:
            raise RuleDataError(f"{pack.folder / 'economies.csv'}:{line}: {code} repeated")
        seen.add(code)


register_table_checker(RegionListPack.kind_name, _check_economies)


def _packs() -> tuple[LoadedPack, LoadedPack, LoadedPack]:
    return get_pack(TERRITORIES_PACK), get_pack(NOMENCLATURES_PACK), get_pack(ECONOMIES_PACK)


def _build_index(packs: tuple[LoadedPack, LoadedPack, LoadedPack]) -> _Index:
    territories_pack, nomenclatures_pack, economies_pack = packs
    territories = territories_pack.content_as(CustomsTerritoriesPack)
    nomenclatures = nomenclatures_pack.content_as(TariffNomenclaturesPack)
    economies = economies_pack.content_as(RegionListPack)
    where = territories_pack.folder / "pack.toml"

    _check_economies(economies_pack)
    entries: dict[str, _Entry] = {}
    for _, row in economies_pack.table_rows("economies.csv"):
        entries[row["code"]] = _Entry(
            code=row["code"],
            name=row["common_name"] or row["name"],
            official_name=row["official_name"] or None,
            alpha3=row["alpha3"],
            numeric=row["numeric"],
            kind="economy",
            part_of=None,
            currency=None,
            references=(),
        )
    for territory in territories.territories:
        if territory.code in entries:
            raise RuleDataError(f"{where}: territory {territory.code} is already an ISO entry")
        entries[territory.code] = _territory_entry(territory)

    keys: dict[str, set[str]] = defaultdict(set)
    for entry in entries.values():
        for text in (entry.code, entry.alpha3, entry.numeric, entry.name, entry.official_name):
            if text:
                keys[normalize_name(text)].add(entry.code)
    for _, row in economies_pack.table_rows("economies.csv"):
        keys[normalize_name(row["name"])].add(row["code"])
    for territory in territories.territories:
        for territory_alias in territory.aliases:
            keys[normalize_name(territory_alias)].add(territory.code)
    for entry_alias in territories.aliases:
        _require_known(entries, entry_alias.region, f"{where}: alias")
        for name in entry_alias.names:
            keys[normalize_name(name)].add(entry_alias.region)

    union_ids = {union.id for union in territories.unions}
    memberships: dict[str, list[Membership]] = defaultdict(list)
    for membership in territories.memberships:
        _require_known(entries, membership.region, f"{where}: membership")
        if membership.territory not in union_ids:
            _require_known(entries, membership.territory, f"{where}: membership territory")
        memberships[membership.region].append(membership)
    vat_status: dict[str, list[VatStatus]] = defaultdict(list)
    for status in territories.vat_status:
        _require_known(entries, status.region, f"{where}: vat_status")
        vat_status[status.region].append(status)
    arrangements: dict[str, list[Arrangement]] = defaultdict(list)
    for arrangement in territories.arrangements:
        _require_known(entries, arrangement.region, f"{where}: arrangement")
        arrangements[arrangement.region].append(arrangement)
    outside_scope = {}
    for item in territories.outside_scope:
        _require_known(entries, item.region, f"{where}: outside_scope")
        outside_scope[item.region] = item.reason

    valuation: dict[str, list[Valuation]] = defaultdict(list)
    for basis in nomenclatures.valuation:
        valuation[basis.territory].append(basis)
    for nomenclature in nomenclatures.nomenclatures:
        for place in nomenclature.applies_in:
            if place not in union_ids:
                _require_known(entries, place, f"nomenclature {nomenclature.id} applies_in")

    return _Index(
        coverage_from=territories.coverage_from,
        entries=entries,
        keys=dict(keys),
        outside_scope=outside_scope,
        unions={union.id: union for union in territories.unions},
        memberships=dict(memberships),
        vat_status=dict(vat_status),
        arrangements=dict(arrangements),
        territory_references={item.id: item for item in territories.references},
        nomenclatures=nomenclatures.nomenclatures,
        wco_editions=tuple(sorted(nomenclatures.wco_editions, key=lambda item: item.valid_from)),
        valuation=dict(valuation),
        nomenclature_references={item.id: item for item in nomenclatures.references},
        economy_source=economies.pack.sources,
    )


def _territory_entry(territory: SpecialTerritory) -> _Entry:
    return _Entry(
        code=territory.code,
        name=territory.name,
        official_name=None,
        alpha3=None,
        numeric=None,
        kind="special-territory",
        part_of=territory.part_of,
        currency=territory.currency,
        references=territory.references,
    )


def _require_known(entries: dict[str, _Entry], code: str, where: str) -> None:
    if code not in entries:
        raise RuleDataError(f"{where} names region {code!r}, which is not a known region")


def _get_index() -> _Index:
    global _cache
    packs = _packs()
    cached = _cache
    if cached is not None and all(map(operator.is_, cached[0], packs)):
        return cached[1]
    with _lock:
        cached = _cache
        if cached is None or not all(map(operator.is_, cached[0], packs)):
            cached = (packs, _build_index(packs))
            _cache = cached
        return cached[1]


def _resolve_date(on: date | None, index: _Index) -> date:
    if on is None:
        on = date.today()
    elif isinstance(on, datetime):
        on = on.date()
    elif not isinstance(on, date):
        raise InvalidInputError(f"on={on!r} is not a date; pass a datetime.date")
    if on < index.coverage_from:
        raise UnsupportedError(
            f"region facts are modelled from {index.coverage_from.isoformat()}; "
            f"{on.isoformat()} is earlier"
        )
    return on


def _resolve_code(value: object, index: _Index) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(
            f"region {value!r} is not a string; pass an ISO code (DE, DEU) or an English name"
        )
    text = value.strip()
    if not text:
        raise InvalidInputError("region is empty; pass an ISO code (DE, DEU) or an English name")
    if len(text) > MAX_INPUT_LENGTH:
        raise InvalidInputError(f"region {text[:20]!r}... is longer than {MAX_INPUT_LENGTH} chars")
    for char in text:
        category = unicodedata.category(char)
        if not (category[0] in "LMN" or char in _ALLOWED_PUNCTUATION):
            raise InvalidInputError(
                f"region {text!r} contains {char!r}; use letters, digits, spaces and .-,'()&/"
            )
    key = normalize_name(text)
    if not key:
        raise InvalidInputError(f"region {text!r} has no letters or digits")
    codes = index.keys.get(key)
    if codes is None and text.upper() in index.entries:
        codes = {text.upper()}
    if codes is not None and len(codes) == 1:
        return next(iter(codes))
    if codes:
        choices = tuple(f"{code} ({index.entries[code].name})" for code in sorted(codes))
        raise UnknownRegionError(
            f"region {text!r} is ambiguous: it matches {', '.join(choices)}; pass the code",
            value=text,
            suggestions=choices,
        )
    close = difflib.get_close_matches(key, list(index.keys), n=5, cutoff=0.6)
    suggestions: list[str] = []
    for match in close:
        for code in sorted(index.keys[match]):
            label = f"{code} ({index.entries[code].name})"
            if label not in suggestions:
                suggestions.append(label)
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise UnknownRegionError(
        f"no region matches {text!r}{hint} (use an ISO 3166-1 code, a special territory code "
        "such as XI, or an English name)",
        value=text,
        suggestions=tuple(suggestions),
    )


def _in_force_memberships(index: _Index, code: str, on: date) -> list[Membership]:
    return [item for item in index.memberships.get(code, ()) if item.in_force(on)]


def _customs_territory(
    index: _Index, code: str, memberships: list[Membership]
) -> tuple[str, Literal["sourced", "default"], str]:
    for item in memberships:
        union = index.unions.get(item.territory)
        single_territory = union is None or union.form == "customs-union"
        if item.role in ("member", "included") and single_territory:
            return item.territory, "sourced", item.territory
    tariff = code
    for item in memberships:
        if item.role == "partner" and item.scope == "all-goods":
            tariff = item.territory
    sourced = any(
        item.role in ("separate", "partner", "acceding", "suspended") for item in memberships
    )
    return code, "sourced" if sourced else "default", tariff


def _vat_territory(index: _Index, code: str, customs_territory: str, on: date) -> str:
    statuses = [item for item in index.vat_status.get(code, ()) if item.in_force(on)]
    for status in statuses:
        if status.inside:
            return status.area
    union = index.unions.get(customs_territory)
    excluded = any(item.area == customs_territory and not item.inside for item in statuses)
    if union is not None and union.vat_area and not excluded:
        return customs_territory
    return code


def _nomenclature(index: _Index, places: list[str], on: date) -> Nomenclature | None:
    for place in places:
        for nomenclature in index.nomenclatures:
            if place in nomenclature.applies_in and nomenclature.in_force(on):
                return nomenclature
    return None


def _hs_edition(
    index: _Index, nomenclature: Nomenclature | None, on: date
) -> tuple[EditionInForce | None, Literal["confirmed", "presumed"] | None, tuple[str, ...]]:
    if nomenclature is not None:
        for edition in nomenclature.editions:
            if edition.in_force(on):
                return edition, "confirmed", edition.references
    wco = [item for item in index.wco_editions if item.in_force(on)]
    if not wco:
        return None, None, ()
    presumed = wco[0]
    if nomenclature is not None and any(
        item.edition == presumed.edition and item.valid_from > on for item in nomenclature.editions
    ):
        # The nomenclature adopted this edition later than the WCO date: presume the previous one.
        position = index.wco_editions.index(presumed)
        if position == 0:
            return None, None, ()
        presumed = index.wco_editions[position - 1]
    return presumed, "presumed", presumed.references


def _valuation(index: _Index, places: list[str], on: date) -> Valuation | None:
    for place in places:
        for item in index.valuation.get(place, ()):
            if item.in_force(on):
                return item
    return None


def _currency(entry: _Entry, on: date) -> str | None:
    if entry.currency is not None:
        return entry.currency
    details = get_territory_currencies(
        entry.code, start_date=on, end_date=on, tender=True, include_details=True
    )
    # During a changeover CLDR lists the outgoing currency first (HRK until 2023-01-14); the one
    # without an end date is the currency in use. Otherwise keep CLDR's order (ILS before JOD).
    ordered = sorted(details, key=lambda item: item.get("to") is not None)
    return str(ordered[0]["currency"]) if ordered else None


def _build_region(index: _Index, code: str, on: date) -> Region:
    entry = index.entries[code]
    memberships = _in_force_memberships(index, code, on)
    customs_territory, basis, tariff_territory = _customs_territory(index, code, memberships)
    cet_unions = [
        item.territory
        for item in memberships
        if item.role == "member" and item.territory in index.unions
    ]
    places = list(dict.fromkeys([tariff_territory, customs_territory, code, *cet_unions]))
    nomenclature = _nomenclature(index, places, on)
    edition, certainty, edition_references = _hs_edition(index, nomenclature, on)
    valuation = _valuation(index, [customs_territory, code], on)
    arrangements = [item for item in index.arrangements.get(code, ()) if item.in_force(on)]
    vat_statuses = [item for item in index.vat_status.get(code, ()) if item.in_force(on)]

    territory_ids: list[str] = list(entry.references)
    for membership in memberships:
        territory_ids.extend(membership.references)
    for vat in vat_statuses:
        territory_ids.extend(vat.references)
    for arrangement in arrangements:
        territory_ids.extend(arrangement.references)
    nomenclature_ids: list[str] = list(edition_references)
    if nomenclature is not None:
        nomenclature_ids[:0] = nomenclature.references
    if valuation is not None:
        nomenclature_ids.extend(valuation.references)
    sources: list[Source] = list(index.economy_source) if entry.kind == "economy" else []
    sources += [index.territory_references[item] for item in dict.fromkeys(territory_ids)]
    sources += [index.nomenclature_references[item] for item in dict.fromkeys(nomenclature_ids)]

    return Region(
        code=code,
        name=entry.name,
        official_name=entry.official_name,
        alpha3=entry.alpha3,
        numeric=entry.numeric,
        kind=entry.kind,
        part_of=entry.part_of,
        on=on,
        customs_territory=customs_territory,
        customs_territory_basis=basis,
        tariff_territory=tariff_territory,
        vat_territory=_vat_territory(index, code, customs_territory, on),
        currency=_currency(entry, on),
        nomenclature_id=nomenclature.id if nomenclature else None,
        nomenclature=nomenclature.name if nomenclature else None,
        national_digits=nomenclature.national_digits if nomenclature else None,
        declaration_digits=nomenclature.declaration_digits if nomenclature else None,
        national_data=nomenclature.national_data if nomenclature else False,
        hs_edition=edition.edition if edition else None,
        hs_edition_certainty=certainty,
        hs_edition_since=edition.valid_from if edition else None,
        valuation_basis=valuation.basis if valuation else None,
        valuation_certainty=valuation.certainty if valuation else None,
        in_scope=code not in index.outside_scope,
        memberships=tuple(memberships),
        arrangements=tuple(arrangements),
        sources=tuple(sources),
    )


def get(value: str, on: date | None = None) -> Region:
    """The region named by ``value`` (code or English name) as of ``on`` (default: today).

    Raises :class:`~cbec_compliance.errors.InvalidInputError` for malformed input,
    :class:`~cbec_compliance.errors.UnknownRegionError` (with close matches) when nothing or more
    than one region matches, and :class:`~cbec_compliance.errors.UnsupportedError` for a date
    before the data's coverage.
    """
    index = _get_index()
    code = _resolve_code(value, index)
    return _build_region(index, code, _resolve_date(on, index))


def all_regions(on: date | None = None, union: str | None = None) -> list[Region]:
    """Every region in scope on ``on``, sorted by code; with ``union``, only those in it.

    ``union`` is a union id (``EU``, ``MERCOSUR``) or a region code (``GB``): regions whose
    customs territory it is, or that are in a customs union with it, are returned.
    """
    index = _get_index()
    day = _resolve_date(on, index)
    if union is not None:
        known = set(index.unions) | set(index.entries)
        if not isinstance(union, str) or union.strip().upper() not in known:
            raise UnknownRegionError(
                f"no union or territory {union!r}; known unions: {', '.join(sorted(index.unions))}",
                value=str(union),
                suggestions=tuple(sorted(index.unions)),
            )
        union = union.strip().upper()
    result = []
    for code in sorted(index.entries):
        if code in index.outside_scope:
            continue
        region = _build_region(index, code, day)
        if union is None or region.is_in(union):
            result.append(region)
    return result


def hs_edition_on(value: str, on: date | None = None) -> str | None:
    """The HS edition the region's tariff follows on ``on`` (``None`` when unknown)."""
    return get(value, on=on).hs_edition


def unions() -> dict[str, str]:
    """The modelled unions: id -> name."""
    return {union_id: union.name for union_id, union in sorted(_get_index().unions.items())}
