"""``cbec hs lookup|convert|search``."""

from __future__ import annotations

import argparse
from typing import Any

from cbec_compliance import hs
from cbec_compliance.cli import print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("hs", help="HS codes: lookup, edition conversion, text search")
    commands = parser.add_subparsers(dest="hs_command", required=True, metavar="ACTION")

    lookup = commands.add_parser("lookup", help="describe a chapter, heading or subheading")
    lookup.add_argument("code", help="HS code such as 6109.10")
    lookup.add_argument("--edition", default="HS2022", help="HS2012, HS2017 or HS2022")
    lookup.add_argument("--json", action="store_true", help="print JSON")
    lookup.set_defaults(handler=_lookup)

    convert = commands.add_parser("convert", help="convert an HS6 code between editions")
    convert.add_argument("code")
    convert.add_argument("--from", dest="source", default="HS2017", help="source edition")
    convert.add_argument("--to", dest="target", default="HS2022", help="target edition")
    convert.add_argument("--json", action="store_true")
    convert.set_defaults(handler=_convert)

    search = commands.add_parser("search", help="rank subheadings for a product description")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--edition", default="HS2022")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=_search)


def _lookup(arguments: argparse.Namespace) -> int:
    entry = hs.lookup(arguments.code, edition=arguments.edition)
    if arguments.json:
        print_json(entry.to_json())
        return 0
    print(f"{entry.code} ({entry.edition}, level {entry.level})")
    print(f"Section {entry.section}: {entry.section_description}")
    for depth, node in enumerate(entry.path()):
        print(f"{'  ' * depth}{node.code}  {node.description}")
    children = entry.children()
    if children:
        print(f"{len(children)} below:")
        for child in children:
            print(f"  {child.code}  {child.description}")
    return 0


def _describe(code: str, edition: str) -> str:
    try:
        return hs.lookup(code, edition=edition).description
    except Exception:  # an edition without a nomenclature (user-supplied HS2028 table)
        return "(no description installed)"


def _convert(arguments: argparse.Namespace) -> int:
    result = hs.convert(arguments.code, source=arguments.source, target=arguments.target)
    if arguments.json:
        print_json(result.model_dump())
        return 0
    print(
        f"{result.source_code} ({result.source_edition}) -> {result.target_edition}: "
        f"{result.relationship}{', needs review' if result.needs_review else ''}"
    )
    for code in result.targets[:50]:
        print(f"  {code}  {_describe(code, result.target_edition)}")
    if len(result.targets) > 50:
        print(f"  ... and {len(result.targets) - 50} more (use --json for all)")
    for note in result.notes[:10]:
        print(f"note: {note}")
    if len(result.notes) > 10:
        print(f"note: ... {len(result.notes) - 10} more notes (use --json)")
    return 0


def _search(arguments: argparse.Namespace) -> int:
    hits = hs.search(arguments.query, limit=arguments.limit, edition=arguments.edition)
    if arguments.json:
        print_json([hit.model_dump() for hit in hits])
        return 0
    if not hits:
        print("no subheading matches these words")
    for rank, hit in enumerate(hits, start=1):
        print(f"{rank}. {hit.code}  score {hit.score:.2f}  {hit.description}")
        print(f"   matched: {', '.join(hit.matched_terms)}")
    return 0
