"""Derived data cached for speed is dropped when the set of rules roots changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cbec_compliance.landed_cost import Item, Quote, quote
from cbec_compliance.money import Money
from cbec_compliance.rules import add_rules_path, remove_rules_path
from cbec_compliance.tariff import engine as tariff_engine

PROJECT = Path(__file__).resolve().parents[2]
ON = date(2026, 8, 1)


def _gb_quote() -> Quote:
    return quote(
        destination="GB",
        origin="CN",
        on=ON,
        buyer="business",
        items=[Item(hs_code="6109100010", value=Money("1000", "GBP"), duty_rate="12")],
    )


def _vat_rate(result: Quote) -> str | None:
    (charge,) = [charge for charge in result.charges if charge.kind == "vat"]
    return charge.rate


def test_user_pack_replaces_cached_destination_rules(tmp_path: Path) -> None:
    assert _vat_rate(_gb_quote()) == "20%"
    assert _vat_rate(_gb_quote()) == "20%"  # served from the per-day destination cache
    shipped = (PROJECT / "rules" / "tax" / "GB" / "pack.toml").read_text(encoding="utf-8")
    assert "percent = 20\n" in shipped
    folder = tmp_path / "tax" / "GB"
    folder.mkdir(parents=True)
    (folder / "pack.toml").write_text(shipped.replace("percent = 20\n", "percent = 5\n"), "utf-8")
    add_rules_path(tmp_path)
    try:
        assert _vat_rate(_gb_quote()) == "5%"
    finally:
        remove_rules_path(tmp_path)
    assert _vat_rate(_gb_quote()) == "20%"


def test_tariff_measure_memo_is_cleared(tmp_path: Path) -> None:
    tariff_engine.measures("6109100010", "GB", ON, origin="CN")
    assert tariff_engine._measures_memo.cache_info().currsize > 0
    add_rules_path(tmp_path)
    try:
        assert tariff_engine._measures_memo.cache_info().currsize == 0
    finally:
        remove_rules_path(tmp_path)
