"""``cbec origin agreements``, ``cbec origin rule AGREEMENT CODE``, ``cbec origin check BOM.toml``."""

from __future__ import annotations

import argparse
from typing import Any

from cbec_compliance import origin
from cbec_compliance.cli import print_json
from cbec_compliance.hs.codes import normalize
from cbec_compliance.origin.bom import check_bom_file


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("origin", help="rules of origin: agreements, rules, BOM checks")
    commands = parser.add_subparsers(dest="origin_command", metavar="ACTION", required=True)

    listing = commands.add_parser("agreements", help="the agreements in the rule packs")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_agreements)

    rule = commands.add_parser("rule", help="the product-specific rule for an HS code")
    rule.add_argument("agreement", help="agreement id, e.g. RCEP or UK-EU-TCA")
    rule.add_argument("code", help="HS code in the agreement's HS edition")
    rule.add_argument("--json", action="store_true", help="print JSON")
    rule.set_defaults(handler=_rule)

    check = commands.add_parser("check", help="check a bill-of-materials file (TOML)")
    check.add_argument("bom", help="path of the BOM file (format: docs/origin.md)")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(handler=_check)


def _agreements(arguments: argparse.Namespace) -> int:
    found = origin.agreements()
    if arguments.json:
        print_json(
            [
                {
                    "id": item.id,
                    "title": item.title,
                    "parties": list(item.parties),
                    "valid_from": item.valid_from,
                    "valid_to": item.valid_to,
                    "hs_edition": item.hs_edition,
                    "product_rules": item.product_rules,
                    "source": item.source_url,
                }
                for item in found
            ]
        )
        return 0
    for item in found:
        until = f" to {item.valid_to}" if item.valid_to else ""
        print(
            f"{item.id:<26} {item.valid_from}{until:<14} {item.hs_edition} "
            f"{item.product_rules:>5} rules  {item.title[:60]}"
        )
    return 0


def _rule(arguments: argparse.Namespace) -> int:
    info = origin.agreement(arguments.agreement)
    code = normalize(arguments.code)
    rows = origin.find_rules(info.id, code)
    if arguments.json:
        print_json([row.__dict__ for row in rows])
        return 0
    if not rows:
        print(f"{info.id}: no product-specific rule for {info.hs_edition} {code} in the pack")
        return 1
    for row in rows:
        print(f"{info.id} {row.label()}: {row.rule or '(text only)'}")
        if row.original and row.original != row.rule:
            print(f"  as written: {row.original}")
        if row.reference:
            print(f"  source: {row.reference}")
    return 0


def _check(arguments: argparse.Namespace) -> int:
    result = check_bom_file(arguments.bom)
    if arguments.json:
        print_json(result.model_dump())
    else:
        print(result.explain())
    return 0
