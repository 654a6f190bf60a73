"""``cbec quote``: landed cost of a one-line order, explained (or as JSON)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cbec_compliance.cli import option_date, print_json
from cbec_compliance.money import Money


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "quote",
        help="landed cost: duties, import taxes and fees, with the rule and source of each number",
        description=(
            "Quote what is due at the border (and at sale) for one order line. Unknown parts are "
            "listed as missing and given no number."
        ),
    )
    parser.add_argument("--to", dest="destination", required=True, help="destination country (DE)")
    parser.add_argument("--from", dest="origin", help="country of origin of the goods (CN)")
    parser.add_argument("--hs", dest="hs_code", required=True, help="HS or national code")
    parser.add_argument("--value", required=True, help="line value, e.g. '45 EUR'")
    parser.add_argument("--qty", default="1", help="quantity (default 1)")
    parser.add_argument("--shipping", help="shipping charged for the consignment, e.g. '8 EUR'")
    parser.add_argument("--insurance", help="insurance for the consignment, e.g. '1 EUR'")
    parser.add_argument("--on", help="date of the import (YYYY-MM-DD; default today)")
    parser.add_argument("--weight", help="net weight of the line in kg")
    parser.add_argument("--duty-rate", help="duty rate in percent, if you know it (binding ruling)")
    parser.add_argument("--vat-rate", help="VAT/GST rate in percent, to override the standard rate")
    parser.add_argument("--excise-rate", help="excise / consumption tax rate in percent")
    parser.add_argument("--incoterm", default="DDP", choices=["DDP", "DAP"])
    parser.add_argument("--buyer", default="consumer", choices=["consumer", "business"])
    parser.add_argument(
        "--mode", default="courier", choices=["courier", "post", "air", "sea", "road", "rail"]
    )
    parser.add_argument("--ioss", action="store_true", help="the seller is registered for EU IOSS")
    parser.add_argument(
        "--not-gst-registered",
        action="store_true",
        help="the seller is not registered for AU/SG GST on low-value goods",
    )
    parser.add_argument("--gift", action="store_true", help="a gift between private persons")
    parser.add_argument(
        "--preference",
        metavar="AGREEMENT",
        help="claim a preferential rate: an agreement id (US-KR-FTA, CN-KR-FTA) or 'any' for the "
        "lowest rate the tariff opens to the origin (proof of origin needed)",
    )
    parser.add_argument("--description", default="", help="description of the goods")
    parser.add_argument("--json", action="store_true", help="print the quote as JSON")
    parser.set_defaults(handler=_quote)


def _date(text: str | None) -> date:
    return option_date(text) or date.today()


def _quote(arguments: argparse.Namespace) -> int:
    from cbec_compliance.landed_cost import Item, quote

    seller: dict[str, bool] = {}
    if arguments.ioss:
        seller["ioss_registered"] = True
    if arguments.not_gst_registered:
        seller["gst_registered"] = False
    item = Item(
        hs_code=arguments.hs_code,
        description=arguments.description,
        quantity=arguments.qty,
        value=Money.parse(arguments.value),
        net_weight_kg=arguments.weight,
        duty_rate=arguments.duty_rate,
        vat_rate=arguments.vat_rate,
        excise_rate=arguments.excise_rate,
        claim_preference=_preference(arguments.preference),
    )
    result = quote(
        destination=arguments.destination,
        origin=arguments.origin,
        on=_date(arguments.on),
        items=[item],
        shipping=Money.parse(arguments.shipping) if arguments.shipping else None,
        insurance=Money.parse(arguments.insurance) if arguments.insurance else None,
        incoterm=arguments.incoterm,
        seller=seller,
        buyer=arguments.buyer,
        mode=arguments.mode,
        gift=arguments.gift,
    )
    if arguments.json:
        print_json(result.model_dump())
    else:
        print(result.explain())
    return 0


def _preference(text: str | None) -> bool | str:
    if text is None:
        return False
    return True if text.strip().lower() == "any" else text
