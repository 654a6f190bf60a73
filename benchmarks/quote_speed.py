"""Quotes per second (one-line and ten-line orders, after warm-up) and the cold first quote.

Run: ``python benchmarks/quote_speed.py``. The first three figures use caller-supplied duty
rates so that they measure the engine and the tax packs; the last one reads the duty from the
tariff packs (memoised per code, region, day and origin after the first quote).
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

COLD = """
import time
start = time.perf_counter()
from datetime import date
from cbec_compliance.landed_cost import Item, quote
from cbec_compliance.money import Money
quote(destination="DE", origin="CN", on=date(2026, 8, 1),
      items=[Item(hs_code="6109100010", value=Money("45", "EUR"), duty_rate="12")])
print(f"{time.perf_counter() - start:.3f}")
"""


def main() -> None:
    from cbec_compliance.landed_cost import Item, quote
    from cbec_compliance.money import Money

    cold = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True)
    print(f"cold first quote (import + pack load + ECB table): {cold.stdout.strip()} s")
    one = [Item(hs_code="6109100010", value=Money("45", "EUR"), duty_rate="12")]
    ten = [
        Item(hs_code=f"61091000{i:02d}", value=Money(f"{20 + i}", "EUR"), duty_rate="12")
        for i in range(10)
    ]
    tariff = [Item(hs_code="6109100010", value=Money("45", "EUR"), net_weight_kg="0.6")]
    for label, items, destination, currency in (
        ("one-line DE", one, "DE", "EUR"),
        ("ten-line DE", ten, "DE", "EUR"),
        ("one-line US (USD order, ECB conversion)", one, "US", "USD"),
        ("one-line DE, duty from the tariff packs", tariff, "DE", "EUR"),
    ):
        for _ in range(200):
            quote(
                destination=destination,
                origin="CN",
                on=date(2026, 8, 1),
                items=items,
                currency=currency,
            )
        count = 0
        start = time.perf_counter()
        while time.perf_counter() - start < 2.0:
            quote(
                destination=destination,
                origin="CN",
                on=date(2026, 8, 1),
                items=items,
                currency=currency,
            )
            count += 1
        elapsed = time.perf_counter() - start
        print(f"{label}: {count / elapsed:,.0f} quotes/s ({elapsed / count * 1e6:,.0f} us each)")


if __name__ == "__main__":
    main()
