"""``cbec regions`` and ``cbec regions show``."""

from __future__ import annotations

import argparse
import json

import pytest

from cbec_compliance.cli import regions as regions_cli
from cbec_compliance.errors import CbecError


def run(arguments: list[str]) -> int:
    """Parse with only the regions sub-command (other sub-commands are not needed here)."""
    parser = argparse.ArgumentParser(prog="cbec")
    regions_cli.register(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(arguments)
    result: int = parsed.handler(parsed)
    return result


def test_list_with_union_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["regions", "--union", "SACU", "--on", "2026-11-28"]) == 0
    output = capsys.readouterr().out
    assert "ZA" in output and "5 regions" in output


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["regions", "--union", "GCC", "--json", "--on", "2026-11-28"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {item["code"] for item in data} == {"AE", "BH", "KW", "OM", "QA", "SA"}


def test_show_human_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["regions", "show", "DE", "--on", "2026-11-28"]) == 0
    output = capsys.readouterr().out
    assert "customs territory:  EU" in output and "eur-lex" in output


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["regions", "show", "Argentina", "--json", "--on", "2026-11-28"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["customs_territory"] == "MERCOSUR" and data["nomenclature_id"] == "MERCOSUR-NCM"


@pytest.mark.parametrize(
    "arguments",
    [["regions", "show", "Atlantis"], ["regions", "show", "DE", "--on", "soon"]],
)
def test_errors_are_library_errors(arguments: list[str]) -> None:
    with pytest.raises(CbecError):
        run(arguments)
