"""``cbec tariff lookup CODE --region US`` and ``cbec tariff convert CODE --from US --to DE``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cbec_compliance import tariff
from cbec_compliance.cli import option_date, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "tariff", help="national tariff lines, their duties by origin, and conversion"
    )
    commands = parser.add_subparsers(dest="tariff_command", metavar="ACTION", required=True)

    lookup = commands.add_parser("lookup", help="a national line with its measures")
    lookup.add_argument("code", help="national code, dots or spaces allowed (6109.10.00.12)")
    lookup.add_argument("--region", required=True, help="region code (US, DE, GB, CN ...)")
    lookup.add_argument("--on", help="the day to answer for, YYYY-MM-DD (default: today)")
    lookup.add_argument("--origin", help="country of origin (CN): only the measures that apply")
    lookup.add_argument(
        "--preferential", action="store_true", help="with --origin: also list preference programs"
    )
    lookup.add_argument("--export", action="store_true", help="the export schedule")
    lookup.add_argument("--json", action="store_true", help="print JSON")
    lookup.set_defaults(handler=_lookup)

    convert = commands.add_parser("convert", help="corresponding lines in another region")
    convert.add_argument("code", help="national code of the source region")
    convert.add_argument("--from", dest="source", required=True, help="source region (US)")
    convert.add_argument("--to", dest="target", required=True, help="target region (DE)")
    convert.add_argument("--on", help="the day to answer for, YYYY-MM-DD (default: today)")
    convert.add_argument("--json", action="store_true", help="print JSON")
    convert.set_defaults(handler=_convert)


def _day(text: str | None) -> date | None:
    return option_date(text)


def _lookup(arguments: argparse.Namespace) -> int:
    direction = "export" if arguments.export else "import"
    line = tariff.lookup(arguments.code, arguments.region, _day(arguments.on), direction=direction)
    shown = list(line.measures)
    if arguments.origin:
        types = None
        if arguments.preferential:
            types = [item for item in tariff.MeasureType]
        shown = tariff.measures(
            arguments.code,
            arguments.region,
            line.on,
            origin=arguments.origin,
            measure_types=types,
            direction=direction,
        )
    if arguments.json:
        document = line.to_dict()
        document["measures"] = [item.to_dict() for item in shown]
        document["origin"] = arguments.origin
        print_json(document)
        return 0
    print(f"{line.formatted_code}  {line.region} ({line.schedule_title}), as of {line.on}")
    for depth, text in enumerate(line.descriptions):
        print(f"  {'  ' * depth}{text}")
    print(f"HS6 {line.hs6 or '-'} ({line.hs_edition})   unit {line.unit or '-'}")
    for note in line.notes:
        print(f"note: {note}")
    origin = f" for origin {arguments.origin.upper()}" if arguments.origin else ""
    print(f"measures{origin} ({len(shown)}):")
    preferential = [item for item in shown if item.measure_type is tariff.MeasureType.PREFERENTIAL]
    others = [item for item in shown if item.measure_type is not tariff.MeasureType.PREFERENTIAL]
    for item in others:
        print(f"  {item.describe()}")
        if item.condition:
            print(f"      only: {item.condition}")
        if item.note:
            print(f"      {item.note}")
    if preferential:
        by_rate: dict[str, list[str]] = {}
        for item in preferential:
            by_rate.setdefault(item.expression.text, []).append(item.program or item.origin)
        for rate, programs in by_rate.items():
            print(f"  preferential {rate}: programs {', '.join(programs)}")
    return 0


def _convert(arguments: argparse.Namespace) -> int:
    candidates = tariff.convert(
        arguments.code, arguments.source, arguments.target, _day(arguments.on)
    )
    if arguments.json:
        print_json([item.to_dict() for item in candidates])
        return 0
    if not candidates:
        print("no corresponding line found")
        return 1
    for rank, item in enumerate(candidates, start=1):
        flag = " (certain)" if item.certain else (" (review)" if item.needs_review else "")
        print(f"{rank:>3}. {item.formatted_code}  [{item.region} {item.schedule}]{flag}")
        if item.descriptions:
            print(f"     {' > '.join(item.descriptions[-3:])}")
        print(f"     {item.reason}")
    for note in dict.fromkeys(note for item in candidates for note in item.notes):
        print(f"note: {note}")
    return 0
