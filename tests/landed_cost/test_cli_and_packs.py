"""The ``cbec quote`` command and the tax/regime packs."""

from __future__ import annotations

import json

import pytest

from cbec_compliance.cli import main
from cbec_compliance.rules import registry


def test_cli_explains_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "quote",
            "--to",
            "DE",
            "--from",
            "CN",
            "--hs",
            "6109100010",
            "--value",
            "45 EUR",
            "--qty",
            "3",
            "--shipping",
            "8 EUR",
            "--on",
            "2026-08-01",
            "--weight",
            "0.6",
            "--duty-rate",
            "12",
            "--ioss",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "TOTAL 13.07 EUR" in out and "Trace:" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "quote",
            "--to",
            "GB",
            "--from",
            "CN",
            "--hs",
            "6109100010",
            "--value",
            "200 GBP",
            "--on",
            "2026-08-01",
            "--duty-rate",
            "12",
            "--json",
        ]
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["total"] == {"amount": "68.80", "currency": "GBP"}


def test_cli_bad_input_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["quote", "--to", "DE", "--hs", "6109", "--value", "45 EUR", "--on", "2026-08-01"])
        == 2
    )


def test_tax_and_regime_packs_validate() -> None:
    ids = registry.pack_ids("tax/") + registry.pack_ids("regimes/")
    assert len(ids) >= 17
    problems = [p for p in registry.check_all_packs() if "/tax/" in p or "/regimes/" in p]
    assert problems == []
