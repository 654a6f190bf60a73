"""The region packs validate, reference only known regions and match their generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cbec_compliance.regions.lookup import _check_economies
from cbec_compliance.regions.schema import (
    CustomsTerritoriesPack,
    RegionListPack,
    TariffNomenclaturesPack,
)
from cbec_compliance.rules.registry import get_pack

PROJECT = Path(__file__).resolve().parents[2]


def test_region_packs_validate() -> None:
    get_pack("regions/customs-territories").content_as(CustomsTerritoriesPack)
    get_pack("regions/nomenclatures").content_as(TariffNomenclaturesPack)
    economies = get_pack("regions/economies")
    economies.content_as(RegionListPack)
    assert len(list(economies.table_rows("economies.csv"))) >= 240
    _check_economies(economies)


def test_every_fact_cites_an_official_or_flagged_source() -> None:
    territories = get_pack("regions/customs-territories").content_as(CustomsTerritoriesPack)
    for reference in territories.references:
        assert str(reference.retrieved) == "2026-11-28"
        assert reference.url.startswith(("https://", "http://"))
    nomenclatures = get_pack("regions/nomenclatures").content_as(TariffNomenclaturesPack)
    for valuation in nomenclatures.valuation:
        assert valuation.certainty in ("official", "secondary")


def test_economies_table_is_up_to_date_with_its_generator() -> None:
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "build_regions.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
