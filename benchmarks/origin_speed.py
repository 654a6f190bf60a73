"""Origin checks: loading every agreement, and checking a 50-material bill of materials.

Run: ``python benchmarks/origin_speed.py``; prints figures, asserts nothing.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import cbec_compliance as cc
from cbec_compliance import Material, Money, Product
from cbec_compliance.rules import registry

CODES = ["850760", "854231", "851890", "392690", "732690", "853224", "854143", "852910", "844399"]
ORIGINS = ["KR", "TW", "US", "CN", "VN", "JP", None]


def bom(size: int) -> list[Material]:
    return [
        Material(
            hs_code=CODES[index % len(CODES)],
            origin=ORIGINS[index % len(ORIGINS)],
            value=Money(Decimal(index % 7 + 1) / 10, "USD"),
        )
        for index in range(size)
    ]


def main() -> None:
    started = time.perf_counter()
    found = cc.origin.agreements()
    rows = sum(item.product_rules for item in found)
    print(
        f"load all {len(found)} agreements ({rows} product-specific rule rows): "
        f"{time.perf_counter() - started:.2f} s"
    )
    materials = bom(50)
    arguments = {
        "exporter": "CN",
        "importer": "JP",
        "product": Product(hs_code="851830"),
        "bom": materials,
        "on": date(2026, 9, 1),
        "fob": Money("40.00", "USD"),
        "rule": "CTH or RVC40 or MaxNOM 60% FOB",
    }
    started = time.perf_counter()
    result = cc.check_origin("RCEP", **arguments)  # type: ignore[arg-type]
    print(
        f"first 50-material check (RCEP, HS2022->HS2012 conversion): "
        f"{(time.perf_counter() - started) * 1000:.1f} ms, verdict {result.verdict}"
    )
    repeats = 200
    started = time.perf_counter()
    for _ in range(repeats):
        cc.check_origin("RCEP", **arguments)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    print(f"warm 50-material check: {elapsed / repeats * 1000:.2f} ms ({repeats / elapsed:.0f}/s)")
    started = time.perf_counter()
    uk = cc.check_origin(
        "UK-EU-TCA",
        exporter="DE",
        importer="GB",
        product=Product(hs_code="851830"),
        bom=materials,
        on=date(2026, 9, 1),
        ex_works=Money("40.00", "USD"),
    )
    print(
        f"50-material check on the TCA pack rule ({uk.rule}): "
        f"{(time.perf_counter() - started) * 1000:.2f} ms, verdict {uk.verdict}"
    )
    registry.pack_ids()


if __name__ == "__main__":
    main()
