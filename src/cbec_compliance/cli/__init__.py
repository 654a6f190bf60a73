"""The ``cbec`` command line: one sub-command module per domain, each with ``register()``."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from cbec_compliance.errors import CbecError, InvalidInputError

__all__ = ["main", "option_date", "print_json"]

# Each module exposes ``register(subparsers)``, which adds its sub-command and sets ``handler``.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "cbec_compliance.cli.hs",
    "cbec_compliance.cli.rules",
    "cbec_compliance.cli.regions",
    "cbec_compliance.cli.tariff",
    "cbec_compliance.cli.quote",
    "cbec_compliance.cli.origin",
    "cbec_compliance.cli.classify",
)


def option_date(text: str | None, option: str = "--on") -> date | None:
    """A command-line date option (YYYY-MM-DD), or None when it was not given."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"{option} {text!r} is not a date; use YYYY-MM-DD") from None


def print_json(value: Any) -> None:
    """Print a JSON document; Decimals and dates become strings so nothing loses precision."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cbec",
        description="Trade compliance for cross-border e-commerce, offline, from dated rule packs.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in SUBCOMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``cbec``; returns the process exit code (2 for bad input, 1 otherwise)."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        result: int = arguments.handler(arguments)
    except CbecError as error:
        print(f"cbec: error: {error}", file=sys.stderr)
        return 2 if isinstance(error, ValueError) else 1
    except BrokenPipeError:
        # The reader went away (``cbec ... | head``): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return result


if __name__ == "__main__":
    sys.exit(main())
