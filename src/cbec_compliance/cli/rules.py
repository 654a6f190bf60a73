"""``cbec rules check|list|schema``."""

from __future__ import annotations

import argparse
from typing import Any

from cbec_compliance.cli import print_json
from cbec_compliance.rules import check_all_packs, get_pack, pack_ids, rule_pack_json_schema


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("rules", help="rule packs: validate, list, JSON Schema")
    commands = parser.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    check = commands.add_parser("check", help="validate every pack and every table row")
    check.set_defaults(handler=_check)
    listing = commands.add_parser("list", help="list packs with their dates and sources")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    schema = commands.add_parser("schema", help="print the JSON Schema of pack.toml")
    schema.set_defaults(handler=_schema)


def _check(arguments: argparse.Namespace) -> int:
    problems = check_all_packs()
    for problem in problems:
        print(f"FAIL {problem}")
    count = len(pack_ids())
    print(f"{count - len(problems)} of {count} packs valid")
    return 1 if problems else 0


def _list(arguments: argparse.Namespace) -> int:
    rows = []
    for pack_id in pack_ids():
        header = get_pack(pack_id).content.pack
        rows.append(
            {
                "id": pack_id,
                "kind": header.kind,
                "title": header.title,
                "valid_from": header.valid_from,
                "valid_to": header.valid_to,
                "sources": [source.url for source in header.sources],
            }
        )
    if arguments.json:
        print_json(rows)
        return 0
    for row in rows:
        until = row["valid_to"] or "open"
        print(f"{row['id']:<40} {row['kind']:<18} {row['valid_from']} .. {until}  {row['title']}")
    return 0


def _schema(arguments: argparse.Namespace) -> int:
    print_json(rule_pack_json_schema())
    return 0
