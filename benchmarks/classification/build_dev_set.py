"""Build ``dev_rulings.csv`` from the hand-collected cases in ``collected.psv``.

Run: python benchmarks/classification/build_dev_set.py

``collected.psv`` holds one case per line, ``|``-separated: ruling, date (ISO, empty when the
mirror did not show it), year, HTS code as stated in the ruling, mirror URL read, a short
seller-style description written from the ruling's facts, an optional HS2022 subheading set by
hand (when the correlation tables cannot settle it but the ruling's facts do) and a note.
``collected_zh.psv`` holds Chinese titles: ruling number and the title.

This script derives the HS6, HS4, chapter, chapter group and the HS2022 equivalent, checks the
cut-off rule (rulings dated 2021-01-01 or later are refused, and so are New York "N" rulings
numbered N316000 or above, the series CBP issued from January 2021, whatever date is recorded),
marks each case's era (``2012-2020`` for rulings of those years, ``before-2012`` otherwise) and
writes the CSV. It prints the cases whose HS2022 subheading could not be determined so they can be
reviewed.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from cbec_compliance import hs
from cbec_compliance.errors import CbecError

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "collected.psv"
SOURCE_ZH = HERE / "collected_zh.psv"
TARGET = HERE / "dev_rulings.csv"
CUT_OFF_YEAR = 2021
# New York rulings numbered from N316000 were issued in 2021 or later (NY N313554 is of 2020-08-04).
CUT_OFF_N_NUMBER = 316000
RECENT_ERA = (2012, 2020)

COLUMNS = [
    "case_id",
    "language",
    "ruling",
    "date",
    "year",
    "era",
    "official_url",
    "mirror_url",
    "description",
    "hts_code",
    "hs6",
    "hs4",
    "chapter",
    "chapter_group",
    "hs6_2022",
    "hs6_2022_basis",
    "note",
]

# Product families used to report coverage; chapters not listed fall in "other".
CHAPTER_GROUPS: dict[str, str] = {
    **{chapter: "apparel" for chapter in ("61", "62", "65")},
    "64": "footwear",
    "42": "bags_leather",
    "95": "toys_games_sports",
    **{chapter: "electronics" for chapter in ("84", "85")},
    **{chapter: "optical_instruments_watches" for chapter in ("90", "91")},
    "71": "jewellery",
    "39": "plastics",
    **{chapter: "home_kitchen" for chapter in ("44", "69", "70", "73", "76", "82", "94", "96")},
    **{chapter: "cosmetics_chemicals" for chapter in ("33", "34")},
    **{chapter: "textiles_other" for chapter in ("50", "52", "54", "55", "56", "57", "58")},
    **{chapter: "textiles_other" for chapter in ("59", "60", "63", "66", "67")},
}


def official_url(ruling: str) -> str:
    """CBP CROSS address of a ruling number such as 'NY K85416' or 'HQ 963975'."""
    number = ruling.split(" ", 1)[1]
    return f"https://rulings.cbp.gov/ruling/{number}"


def era_of(year: int) -> str:
    """``2012-2020`` for rulings of those years (HS2012/HS2017 era), ``before-2012`` otherwise."""
    first, last = RECENT_ERA
    return f"{first}-{last}" if first <= year <= last else f"before-{first}"


def reserved_n_number(ruling: str) -> bool:
    """True for New York rulings of the N series issued from 2021 (number N316000 or above)."""
    number = ruling.split(" ", 1)[1]
    return number.startswith("N") and number[1:].isdigit() and int(number[1:]) >= CUT_OFF_N_NUMBER


def hs6_2022_of(hs6: str, year: int) -> tuple[str, str]:
    """The HS2022 subheading for an HS6 stated in a ruling of ``year``, and how it was found."""
    editions = ["HS2017", "HS2012"] if year >= 2017 else ["HS2012", "HS2017"]
    for edition in editions:
        try:
            hs.lookup(hs6, edition)
        except CbecError:
            continue
        result = hs.convert(hs6, source=edition, target="HS2022")
        if len(result.targets) == 1 and not result.needs_review:
            return result.targets[0], f"correlation {edition}->HS2022 {result.relationship}"
        return "", f"ambiguous: {edition}->HS2022 {result.relationship} {' '.join(result.targets)}"
    return "", "not a subheading of HS2012 or HS2017: set by hand or leave unscored at HS6"


def read_rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([part.strip() for part in line.split("|")])
    return rows


def main() -> int:
    cases: list[dict[str, str]] = []
    seen: set[str] = set()
    problems: list[str] = []
    for parts in read_rows(SOURCE):
        if len(parts) != 8:
            problems.append(f"wrong number of fields ({len(parts)}): {parts}")
            continue
        ruling, date, year, hts_code, mirror, description, override, note = parts
        if ruling in seen:
            problems.append(f"duplicate ruling {ruling}")
            continue
        seen.add(ruling)
        if int(year) >= CUT_OFF_YEAR or (date and date >= f"{CUT_OFF_YEAR}-01-01"):
            problems.append(f"{ruling} is dated {date or year}: reserved for independent tests")
            continue
        if reserved_n_number(ruling):
            problems.append(
                f"{ruling} is in the 2021+ number series: reserved for independent tests"
            )
            continue
        digits = hts_code.replace(".", "")
        hs6 = digits[:6]
        if override:
            hs.lookup(override, "HS2022")
            target, basis = override, "set by hand from the ruling's facts"
        else:
            target, basis = hs6_2022_of(hs6, int(year))
            if not target and not basis.startswith("ambiguous"):
                problems.append(f"{ruling} {hts_code}: {basis}")
        if not target:
            problems.append(f"{ruling} {hts_code}: no HS2022 subheading ({basis})")
        chapter = hs6[:2]
        cases.append(
            {
                "case_id": f"{len(cases) + 1:04d}",
                "language": "en",
                "ruling": ruling,
                "date": date,
                "year": year,
                "era": era_of(int(year)),
                "official_url": official_url(ruling),
                "mirror_url": mirror,
                "description": description,
                "hts_code": hts_code,
                "hs6": hs6,
                "hs4": hs6[:4],
                "chapter": chapter,
                "chapter_group": CHAPTER_GROUPS.get(chapter, "other"),
                "hs6_2022": target,
                "hs6_2022_basis": basis,
                "note": note,
            }
        )
    by_ruling = {case["ruling"]: case for case in cases}
    if SOURCE_ZH.exists():
        for parts in read_rows(SOURCE_ZH):
            ruling, title = parts
            english = by_ruling[ruling]
            cases.append(
                {
                    **english,
                    "case_id": f"{len(cases) + 1:04d}",
                    "language": "zh",
                    "description": title,
                    "note": f"Chinese title translated from case {english['case_id']}",
                }
            )
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(cases)
    english_cases = [case for case in cases if case["language"] == "en"]
    chapters = Counter(case["chapter"] for case in english_cases)
    groups = Counter(case["chapter_group"] for case in english_cases)
    print(f"wrote {len(cases)} cases ({len(english_cases)} English) to {TARGET}")
    print("chapters:", ", ".join(f"{key}:{value}" for key, value in sorted(chapters.items())))
    print("groups:", ", ".join(f"{key}:{value}" for key, value in groups.most_common()))
    eras = Counter(case["era"] for case in english_cases)
    print("eras:", ", ".join(f"{key}:{value}" for key, value in sorted(eras.items())))
    recent_era = era_of(RECENT_ERA[0])
    recent = Counter(case["chapter"] for case in english_cases if case["era"] == recent_era)
    print(
        "2012-2020 chapters:", ", ".join(f"{key}:{value}" for key, value in sorted(recent.items()))
    )
    scored = sum(1 for case in english_cases if case["hs6_2022"])
    print(f"with an HS2022 subheading: {scored} of {len(english_cases)}")
    for problem in problems:
        print("review:", problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
