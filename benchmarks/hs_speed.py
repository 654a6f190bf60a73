"""HS speed and footprint: import time, cold load, warm lookup, 100,000-code conversion.

Run: python benchmarks/hs_speed.py   (prints figures; not part of the test suite)
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time


def main() -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import cbec_compliance"], check=True)
    process_total = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - started
    print(f"import cbec_compliance: {(process_total - bare) * 1000:.0f} ms over a bare interpreter")

    from cbec_compliance import hs

    started = time.perf_counter()
    hs.lookup("610910")
    print(f"first lookup (loads HS2022): {(time.perf_counter() - started) * 1000:.0f} ms")
    repeats = 200_000
    started = time.perf_counter()
    for _ in range(repeats):
        hs.lookup("610910")
    print(
        f"warm lookup of a normalised HS6: {(time.perf_counter() - started) / repeats * 1e6:.2f} µs"
    )

    catalogue = [
        entry.code
        for entry in hs.nomenclature("HS2017").subheadings()
        if entry.code != "300219"  # no row in UNSD's table: raises, see docs/hs.md
    ]
    random.seed(7)
    codes = [random.choice(catalogue) for _ in range(100_000)]
    started = time.perf_counter()
    hs.convert(codes[0], source="HS2017", target="HS2022")
    print(f"first conversion (loads tables): {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    for code in codes:
        hs.convert(code, source="HS2017", target="HS2022")
    print(f"100,000-code catalogue HS2017 -> HS2022: {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    hs.search("cotton t-shirt")
    print(f"first search (builds index): {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    for _ in range(100):
        hs.search("wireless bluetooth earbuds with charging case")
    print(f"warm search: {(time.perf_counter() - started) * 10:.1f} ms per query")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory of this process: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
