"""``cbec regions [--union ID]`` and ``cbec regions show CODE``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cbec_compliance import regions
from cbec_compliance.cli import option_date, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "regions", help="economies, customs territories and unions, as of a date"
    )
    parser.add_argument("--union", help="only regions in this union or territory (EU, MERCOSUR)")
    parser.add_argument("--on", help="the day to answer for, YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=_list)
    commands = parser.add_subparsers(dest="regions_command", metavar="ACTION")

    show = commands.add_parser("show", help="everything known about one region")
    show.add_argument("region", help="ISO code (DE, DEU), territory code (XI) or English name")
    show.add_argument("--on", help="the day to answer for, YYYY-MM-DD (default: today)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_show)


_ROLE_TEXT = {
    "member": "member of",
    "included": "included in the customs territory of",
    "partner": "in a customs union with",
    "acceding": "acceding to",
    "suspended": "suspended from",
    "separate": "separate customs territory:",
    "excluded": "excluded from the customs territory of",
}


def _day(text: str | None) -> date | None:
    return option_date(text)


def _list(arguments: argparse.Namespace) -> int:
    found = regions.all(on=_day(arguments.on), union=arguments.union)
    if arguments.json:
        print_json([region.to_dict() for region in found])
        return 0
    for region in found:
        nomenclature = region.nomenclature_id or "HS6 only"
        print(
            f"{region.code:<12} {region.name[:34]:<34} customs {region.customs_territory:<9} "
            f"{nomenclature:<13} {region.hs_edition or 'unknown'}"
        )
    print(f"{len(found)} regions")
    return 0


def _show(arguments: argparse.Namespace) -> int:
    region = regions.get(arguments.region, on=_day(arguments.on))
    if arguments.json:
        print_json(region.to_dict())
        return 0
    unknown = "unknown"
    print(
        f"{region.code}  {region.name}"
        + (f" ({region.official_name})" if region.official_name else "")
    )
    if region.part_of:
        print(f"  part of:            {region.part_of}")
    print(f"  as of:              {region.on.isoformat()}")
    print(
        f"  customs territory:  {region.customs_territory}"
        + ("" if region.customs_territory_basis == "sourced" else " (default: no fact modelled)")
    )
    if region.tariff_territory != region.customs_territory:
        print(f"  external tariff of: {region.tariff_territory}")
    print(f"  VAT territory:      {region.vat_territory}")
    print(f"  currency:           {region.currency or unknown}")
    if region.nomenclature:
        digits = f"{region.national_digits} digits"
        if region.declaration_digits and region.declaration_digits != region.national_digits:
            digits += f", {region.declaration_digits} declared"
        print(f"  nomenclature:       {region.nomenclature} ({digits})")
    else:
        print("  nomenclature:       unknown; the library works at HS6 for this region")
    print(
        f"  national tariff:    {'in the library' if region.national_data else 'not in the library (HS6)'}"
    )
    since = f" since {region.hs_edition_since.isoformat()}" if region.hs_edition_since else ""
    print(
        f"  HS edition:         {region.hs_edition or unknown} ({region.hs_edition_certainty or unknown}{since})"
    )
    valuation = (
        f"{region.valuation_basis} ({region.valuation_certainty})"
        if region.valuation_basis
        else unknown
    )
    print(f"  customs valuation:  {valuation}")
    if not region.in_scope:
        print("  not listed by `cbec regions` (outside scope)")
    for membership in region.memberships:
        until = f" to {membership.valid_to.isoformat()}" if membership.valid_to else ""
        scope = "" if membership.scope == "all-goods" else f", {membership.scope}"
        print(
            f"  {_ROLE_TEXT[membership.role]} {membership.territory}{scope}: "
            f"from {membership.valid_from.isoformat()}{until}"
        )
        if membership.note:
            print(f"    {membership.note}")
    for arrangement in region.arrangements:
        print(f"  {arrangement.title}: {arrangement.summary}")
    print("  sources:")
    for source in region.sources:
        print(f"    {source.title}\n      {source.url} (retrieved {source.retrieved.isoformat()})")
    return 0
