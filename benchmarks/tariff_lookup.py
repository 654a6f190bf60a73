"""Speed and memory of the tariff engine (run on demand: python benchmarks/tariff_lookup.py).

Prints: first lookup (loads the US packs), repeated lookup of a national line, a 10,000-line
US -> DE conversion, and the memory held with every tariff schedule loaded.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from datetime import date

from cbec_compliance import tariff
from cbec_compliance.errors import CbecError
from cbec_compliance.rules import registry
from cbec_compliance.tariff import data as data_module
from cbec_compliance.tariff.data import load_pack_data, tariff_packs

ON = date(2025, 6, 1)


def main() -> None:
    started = time.perf_counter()
    tariff.lookup("6109.10.00.12", "US", ON)
    first = time.perf_counter() - started
    print(f"first lookup (loads HTS 2025 + additional duties): {first:.2f} s")

    rounds = 2000
    started = time.perf_counter()
    for _ in range(rounds):
        tariff.lookup("6109.10.00.12", "US", ON)
    each = (time.perf_counter() - started) / rounds
    print(f"lookup of a national line: {each * 1e6:.0f} us")
    started = time.perf_counter()
    for _ in range(rounds):
        tariff.measures("6109.10.00.12", "US", ON, origin="CN")
    each = (time.perf_counter() - started) / rounds
    print(f"measures for origin CN: {each * 1e6:.0f} us")

    data = load_pack_data("tariffs/US/HTS2025")
    codes = [
        code
        for code, record in data.lines.items()
        if len(code) == 10 and record.hs6 and code not in data.children
    ][:10_000]
    started = time.perf_counter()
    converted = failed = 0
    for code in codes:
        try:
            tariff.convert(code, "US", "DE", ON)
            converted += 1
        except CbecError:
            failed += 1
    elapsed = time.perf_counter() - started
    print(
        f"{len(codes)} US -> DE conversions: {elapsed:.2f} s "
        f"({elapsed / len(codes) * 1e6:.0f} us each; {failed} without a DE line)"
    )

    # Memory: drop every cache, then load every tariff pack under tracemalloc.
    registry._reset()
    data_module._data.clear()
    data_module._expressions.clear()
    gc.collect()
    tracemalloc.start()
    for info in tariff_packs():
        load_pack_data(info.pack_id)
    for code in codes[:2000]:
        tariff.lookup(code, "US", ON)  # parses the expressions of those lines
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    print(
        f"memory with all {len(tariff_packs())} tariff packs loaded: {current / 2**20:.0f} MiB "
        f"(peak {peak / 2**20:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
