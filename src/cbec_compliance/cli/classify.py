"""``cbec classify "text"`` and ``cbec classify --batch titles.csv``."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from cbec_compliance.classify import check_catalogue, classify, classify_many
from cbec_compliance.cli import print_json
from cbec_compliance.errors import InvalidInputError, NotFoundError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "classify",
        help="rank HS codes for a product title (English or Chinese); batch and catalogue check",
    )
    parser.add_argument("text", nargs="?", help="product title or short description")
    parser.add_argument("--to", dest="destination", help="destination region for national lines")
    parser.add_argument("--on", help="date YYYY-MM-DD (default today)")
    parser.add_argument("--limit", type=int, default=5, help="candidates to show (default 5)")
    parser.add_argument(
        "--batch",
        type=Path,
        help="CSV with a 'title' column (and optionally 'code': runs the catalogue check)",
    )
    parser.add_argument(
        "--method",
        default="bm25",
        choices=["bm25", "hybrid"],
        help="ranking: bm25 (default) or hybrid (needs the optional 'embeddings' extra)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=_classify)


def _classify(arguments: argparse.Namespace) -> int:
    if arguments.batch is not None:
        if arguments.text:
            raise InvalidInputError("give either a text or --batch FILE, not both")
        return _batch(arguments)
    if not arguments.text:
        raise InvalidInputError('give a product text, such as cbec classify "cotton t-shirt"')
    result = classify(
        arguments.text,
        arguments.destination,
        arguments.limit,
        on=arguments.on,
        method=arguments.method,
    )
    if arguments.json:
        print_json(result.to_dict())
    else:
        print(result.explain())
    return 0


def _read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise NotFoundError(f"batch file {str(path)!r} does not exist")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "title" not in reader.fieldnames:
            raise InvalidInputError(
                f"{path}: the CSV needs a 'title' column (and optionally 'code'); "
                f"found {reader.fieldnames}"
            )
        return list(reader)


def _batch(arguments: argparse.Namespace) -> int:
    rows = _read_rows(arguments.batch)
    with_codes = bool(rows) and "code" in rows[0]
    if with_codes:
        checked = check_catalogue(
            [(row["title"], row["code"] or "") for row in rows],
            arguments.destination,
            on=arguments.on,
        )
        if arguments.json:
            print_json([row.to_dict() for row in checked])
            return 0
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["title", "code", "ok", "flags", "suggested_hs6", "confidence"])
        for row in checked:
            data = row.to_dict()
            writer.writerow(
                [
                    row.title,
                    row.code,
                    "yes" if row.ok else "no",
                    " | ".join(f"{flag.kind}: {flag.message}" for flag in row.flags),
                    data["suggested_hs6"] or "",
                    "" if data["suggested_confidence"] is None else data["suggested_confidence"],
                ]
            )
        return 0
    results = classify_many(
        [row["title"] for row in rows], arguments.destination, arguments.limit, on=arguments.on
    )
    if arguments.json:
        print_json([result.to_dict() for result in results])
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["title", "rank", "hs6", "national_code", "confidence", "declined", "question"])
    for result in results:
        question = result.question.text if result.question else ""
        if not result.candidates:
            writer.writerow([result.text, "", "", "", "", "yes", result.decline_reason or ""])
        for rank, candidate in enumerate(result.candidates, start=1):
            writer.writerow(
                [
                    result.text,
                    rank,
                    candidate.hs6,
                    candidate.national_code or "",
                    candidate.confidence,
                    "yes" if result.declined else "no",
                    question,
                ]
            )
    return 0
