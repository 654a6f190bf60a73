"""Generate the US tariff packs from ../shared/sources/tariffs.

Usage: python scripts/build_tariff_us.py --sources ../shared/sources

Writes
  rules/tariffs/US/HTS2025/           HTSUS 2025 basic edition: every line, General (mfn), Special
                                     (preferential, one row per program code) and Column 2 rates
  rules/tariffs/US/ScheduleB2019/     Schedule B 2019 export lines (no US export duties)
  rules/tariffs/US/additional-duties/ Section 301/232/201/122, IEEPA and later measures by origin

The output is deterministic; rerun after updating the sources and review the diff. Counts of
fully parsed rate expressions are printed (they go into docs/tariffs/us.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
OUT = PROJECT / "rules" / "tariffs" / "US"
RETRIEVED = "2026-11-28"

HTS_REPOSITORY = "https://github.com/testinstance-1/HTSAgent-Task-Shashwat-Shlok"
HTS_COMMIT = "40c7d7721f8d23f57f02d2db23c4acc6a0d62dfc"
CONCORDANCE_REPOSITORY = "https://github.com/insongkim/concordance"
CONCORDANCE_COMMIT = "201c812e51f213d967d8701b6ed6398c79df4a04"
YALE_REPOSITORY = "https://github.com/Budget-Lab-Yale/tariff-rate-tracker"
YALE_COMMIT = "8315fffd697c42559141ed5f8bf7c8fa3da47ae8"
WH_REPOSITORY = "https://github.com/brian14708/wh-briefings"
WH_COMMIT = "737ca03a271adc205c67766074ec8d0070f7ad95"

LINE_COLUMNS = ["code", "parent", "description", "unit", "hs6"]
MEASURE_COLUMNS = [
    "code",
    "measure_type",
    "origin",
    "excluded_origins",
    "expression",
    "valid_from",
    "valid_to",
    "legal_source",
    "note",
]
EXTENDED_MEASURE_COLUMNS = [*MEASURE_COLUMNS, "condition", "suspends"]
GROUP_COLUMNS = ["group", "country", "valid_from", "valid_to", "note"]

CHAPTER_98 = "Special classification provisions"
CHAPTER_99 = (
    "Temporary legislation; temporary modifications proclaimed pursuant to trade agreements "
    "legislation; additional import restrictions proclaimed pursuant to section 22 of the "
    "Agricultural Adjustment Act, as amended"
)


# Helpers ---------------------------------------------------------------------------------------


def digits(code: str) -> str:
    return re.sub(r"\D", "", code)


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(row)
            count += 1
    size = path.stat().st_size
    if size > 15_000_000:
        sys.exit(f"{path} is {size} bytes; switch it to .csv.gz")
    return count


def hs_nomenclature(edition: str) -> dict[str, tuple[str, str]]:
    """code -> (parent, description) of an HS edition pack of this repository."""
    path = PROJECT / "rules" / "hs" / edition / "nomenclature.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: (row["parent"], row["description"]) for row in csv.DictReader(handle)}


def parse_counts(texts: Iterable[str]) -> tuple[int, int, Counter[str]]:
    """(total, fully parsed, unparsed forms) using the project's parser when it is present."""
    sys.path.insert(0, str(PROJECT / "src"))
    try:
        from cbec_compliance.duty.parser import parse_duty_expression
    except ImportError:
        from cbec_compliance.tariff.data import fallback_parse

        def parse_duty_expression(text: str, *, currency: str | None = None):  # type: ignore[no-untyped-def]
            return fallback_parse(text)

    total = parsed = 0
    forms: Counter[str] = Counter()
    for text in texts:
        total += 1
        expression = parse_duty_expression(text, currency="USD")
        if expression.unparsed is None:
            parsed += 1
        else:
            forms[re.sub(r"\d+(\.\d+)?", "N", text)] += 1
    return total, parsed, forms


# HTS -------------------------------------------------------------------------------------------

# A program group: "(A,AU,...)", tolerating the source's typos ("E IL", ".OM", "(B,C,)", a missing
# closing parenthesis at the end of the text).
SPECIAL_GROUP = re.compile(r"\(\s*([A-Z][A-Z+*]?(?:[\s,.]+[A-Z][A-Z+*]?)*)[\s,.]*(?:\)|$)")


def split_special(text: str) -> list[tuple[str, list[str]]]:
    """``"Free (A,AU) 3% (JP) See 9822.05.20 (P+)"`` -> [("Free", [A, AU]), ("3%", [JP]), ...].

    Text with no program group comes back as one pair with no codes.
    """
    clean = " ".join(text.split())
    pairs: list[tuple[str, list[str]]] = []
    position = 0
    for match in SPECIAL_GROUP.finditer(clean):
        rate = clean[position : match.start()].strip()
        codes = [code for code in re.split(r"[\s,.]+", match.group(1)) if code]
        if not rate:
            if pairs:  # "(A,B) (C)": continue the previous rate
                pairs[-1][1].extend(codes)
                position = match.end()
                continue
            rate = clean[: match.start()].strip()
        pairs.append((rate, codes))
        position = match.end()
    rest = clean[position:].strip()
    if rest:
        pairs.append((rest, []))
    return pairs


def build_hts(sources: Path) -> dict[str, object]:
    source = sources / "tariffs" / "usitc-hts-2025" / "hts_2025_basic_edition_csv.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hs2022 = hs_nomenclature("HS2022")

    lines: dict[str, list[str]] = {}  # code -> [code, parent, description, unit, hs6]
    order: list[str] = []
    rates: dict[str, tuple[str, str, str, str]] = {}  # 8-digit (or shorter) code -> columns

    def add(code: str, parent: str, description: str, unit: str) -> None:
        hs6 = code[:6] if len(code) >= 6 and code[:2] not in ("98", "99") else ""
        lines[code] = [code, parent, description, unit, hs6]
        order.append(code)

    for chapter in sorted({digits(row["HTS Number"])[:2] for row in rows if row["HTS Number"]}):
        title = {"98": CHAPTER_98, "99": CHAPTER_99}.get(chapter) or hs2022[chapter][1]
        add(chapter, "", title, "")

    stack: list[tuple[int, str, str]] = []  # (indent, code or "", text)
    duplicated: list[str] = []
    for row in rows:
        code = digits(row["HTS Number"])
        indent = int(row["Indent"] or 0)
        text = " ".join(row["Description"].split())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if not code:
            stack.append((indent, "", text))
            continue
        # Coded parent: nearest enclosing coded row whose code is a prefix of this one.
        groups: list[str] = []
        parent = code[:2]
        for _, enclosing, enclosing_text in reversed(stack):
            if enclosing and code.startswith(enclosing) and enclosing != code:
                parent = enclosing
                break
            if not enclosing:
                groups.append(enclosing_text)
        description = " ".join([*reversed(groups), text]) if groups else text
        units = json.loads(row["Unit of Quantity"]) if row["Unit of Quantity"] else []
        unit = ";".join(" ".join(str(item).split()) for item in units)
        columns = (
            row["General Rate of Duty"].strip(),
            row["Special Rate of Duty"].strip(),
            row["Column 2 Rate of Duty"].strip(),
            row["Additional Duties"].strip(),
        )
        if len(code) == 10 and code[:8] not in lines:
            # A tariff line printed with its only statistical suffix (0101.30.00.00): the 8-digit
            # line carries the rates, the 10-digit one the unit.
            add(code[:8], parent, description, "")
            parent = code[:8]
        if code in lines:
            sys.exit(f"HTS code {code} appears twice")
        add(code, parent, description, unit)
        if any(columns):
            rate_code = (
                code[:8]
                if len(code) == 10 and parent == code[:8] and code[:8] not in rates
                else code
            )
            if len(code) == 10 and code[:8] in rates:
                # A statistical line repeating a rate of its tariff line (9006.59.15.20 prints the
                # column 2 rate again): keep only what differs, on the statistical line.
                inherited = rates[code[:8]]
                columns = tuple(
                    "" if value == inherited[index] else value
                    for index, value in enumerate(columns)
                )  # type: ignore[assignment]
                duplicated.append(code)
            if any(columns):
                if rate_code in rates:
                    sys.exit(f"conflicting rates for {rate_code}")
                rates[rate_code] = columns
        stack.append((indent, code, text))

    missing_hs6 = sorted({line[4] for line in lines.values() if line[4]} - set(hs2022))
    if missing_hs6:
        print(f"warning: {len(missing_hs6)} HS6 codes not in HS2022: {missing_hs6[:20]}")

    measures: list[list[str]] = []
    general: list[str] = []
    special: list[str] = []
    column2: list[str] = []
    additional: list[str] = []
    for code in sorted(rates):
        general_text, special_text, column2_text, additional_text = rates[code]
        chapter99 = code.startswith("99")
        if general_text:
            general.append(general_text)
            if chapter99:
                measures.append(
                    [
                        code,
                        "additional",
                        "erga_omnes",
                        "",
                        general_text,
                        "2025-01-01",
                        "",
                        "HTS2025",
                        "Chapter 99 heading (General column): the heading text says "
                        "which goods and origins it covers",
                    ]
                )
            else:
                measures.append(
                    [
                        code,
                        "mfn",
                        "erga_omnes",
                        "group:column2",
                        general_text,
                        "2025-01-01",
                        "",
                        "HTS2025",
                        "",
                    ]
                )
        if special_text:
            for rate, programs in split_special(special_text):
                special.append(rate)
                note = ""
                if rate.startswith("See "):
                    note = "the preferential rate is set in the chapter 98/99 provision named"
                if not programs:
                    note = "the Special column names no program: it applies to every program"
                for program in programs or ["ALL"]:
                    measures.append(
                        [
                            code,
                            "preferential",
                            f"program:{program}",
                            "",
                            rate,
                            "2025-01-01",
                            "",
                            "HTS2025",
                            note,
                        ]
                    )
        if column2_text:
            column2.append(column2_text)
            measures.append(
                [
                    code,
                    "column2",
                    "group:column2",
                    "",
                    column2_text,
                    "2025-01-01",
                    "",
                    "HTS2025-GN3b",
                    "",
                ]
            )
        if additional_text:
            additional.append(additional_text)
            measures.append(
                [
                    code,
                    "additional",
                    "erga_omnes",
                    "",
                    additional_text,
                    "2025-01-01",
                    "",
                    "HTS2025",
                    "HTS 'Additional duties' column (chapter 99 subchapter IV: section 22 quotas)",
                ]
            )

    folder = OUT / "HTS2025"
    folder.mkdir(parents=True, exist_ok=True)
    line_rows = [lines[code] for code in sorted(lines)]
    line_count = write_csv(folder / "lines.csv", LINE_COLUMNS, line_rows)
    measure_count = write_csv(folder / "measures.csv", MEASURE_COLUMNS, measures)
    groups = [
        ["column2", "CU", "", "", "HTS General Note 3(b)"],
        ["column2", "KP", "", "", "HTS General Note 3(b)"],
        [
            "column2",
            "RU",
            "2022-04-09",
            "",
            "Public Law 117-110 (normal trade relations suspended for goods entered on or after "
            "2022-04-09)",
        ],
        [
            "column2",
            "BY",
            "2022-04-09",
            "",
            "Public Law 117-110 (normal trade relations suspended for goods entered on or after "
            "2022-04-09)",
        ],
    ]
    group_count = write_csv(folder / "origin_groups.csv", GROUP_COLUMNS, groups)
    (folder / "pack.toml").write_text(
        HTS_TOML.format(
            lines=line_count,
            measures=measure_count,
            groups=group_count,
            commit=HTS_COMMIT,
            repository=HTS_REPOSITORY,
            retrieved=RETRIEVED,
        ),
        encoding="utf-8",
    )
    levels = Counter(len(code) for code in lines)
    stats: dict[str, object] = {
        "lines": line_count,
        "levels": dict(sorted(levels.items())),
        "rate_lines": len(rates),
        "measures": measure_count,
        "statistical_lines_repeating_rates": duplicated,
    }
    for name, texts in (
        ("general", general),
        ("special", special),
        ("column2", column2),
        ("additional", additional),
    ):
        total, parsed, forms = parse_counts(texts)
        stats[name] = (total, parsed, forms.most_common(25))
    return stats


HTS_TOML = """# Generated by scripts/build_tariff_us.py from ../shared/sources/tariffs/usitc-hts-2025;
# do not edit by hand. Rates are on the 8-digit tariff lines; 10-digit statistical lines inherit
# them. Descriptions include the un-numbered group texts above a line ("Men's or boys': ...").
# Uncoded chapter titles come from the HS2022 pack (chapters 98 and 99 are national).
[pack]
id = "tariffs/US/HTS2025"
kind = "tariff-schedule"
title = "Harmonized Tariff Schedule of the United States, 2025 Basic Edition"
licence = "US government work, public domain (17 U.S.C. 105)"
valid_from = 2025-01-01
valid_to = 2025-12-31
reviewed = {retrieved}

[[pack.sources]]
title = "USITC, Harmonized Tariff Schedule of the United States (2025 Basic Edition), CSV export"
url = "https://hts.usitc.gov/"
retrieved = {retrieved}
note = "Basic edition effective 2025-01-01; later 2025 revisions (1 to 28+) are not included"

[pack.generated]
script = "scripts/build_tariff_us.py"
upstream = [
  {{ file = "hts_2025_basic_edition_csv.csv", repository = "{repository}", commit = "{commit}", licence = "US government work, public domain (unmodified USITC export)" }},
  {{ file = "rules/hs/HS2022/nomenclature.csv (chapter titles)", repository = "this repository", licence = "UN data, reusable with attribution" }},
]

[[pack.tables]]
file = "lines.csv"
columns = ["code", "parent", "description", "unit", "hs6"]
rows = {lines}

[[pack.tables]]
file = "measures.csv"
columns = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from", "valid_to", "legal_source", "note"]
rows = {measures}

[[pack.tables]]
file = "origin_groups.csv"
columns = ["group", "country", "valid_from", "valid_to", "note"]
rows = {groups}

[schedule]
region = "US"
nomenclature = "HTSUS"
digits = 10
hs_edition = "HS2022"
direction = "import"
currency = "USD"
rates_as_of = 2025-01-01
note = "Rates of the basic edition; additional duties by origin are in tariffs/US/additional-duties"

[[legal_sources]]
id = "HTS2025"
title = "Harmonized Tariff Schedule of the United States (2025 Basic Edition), USITC"
url = "https://hts.usitc.gov/"
retrieved = {retrieved}

[[legal_sources]]
id = "HTS2025-GN3b"
title = "HTSUS General Note 3(b) (column 2 countries) and Public Law 117-110 (Russia, Belarus)"
url = "https://www.congress.gov/bill/117th-congress/house-bill/7108"
retrieved = {retrieved}
note = "Column 2 applies to Cuba and North Korea, and to Russia and Belarus for goods entered on or after 2022-04-09"
"""


# Schedule B ------------------------------------------------------------------------------------


def build_schedule_b(sources: Path) -> dict[str, object]:
    source = (
        sources / "tariffs" / "us-census-schedule-b-2019" / "schedule_b_2019_export_concordance.csv"
    )
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hs2017 = hs_nomenclature("HS2017")
    lines: dict[str, list[str]] = {}
    missing: list[str] = []

    def ensure(code: str) -> None:
        if code in lines:
            return
        parent, description = hs2017[code]
        if parent:
            ensure(parent)
        lines[code] = [code, parent, description, "", code if len(code) == 6 else ""]

    for row in rows:
        code = row["schedule_b"]
        if len(code) != 10 or not code.isdigit():
            sys.exit(f"bad Schedule B code {code!r}")
        hs6 = code[:6]
        if hs6 in hs2017:
            ensure(hs6)
            parent = hs6
        else:
            # National codes outside the HS (chapter 98; 8800.00.0000 civil aircraft): attach them
            # to the nearest HS level, or to a national chapter, and give them no HS6.
            missing.append(code)
            hs6 = ""
            parent = next((code[:n] for n in (4, 2) if code[:n] in hs2017), code[:2])
            if parent in hs2017:
                ensure(parent)
            elif parent not in lines:
                lines[parent] = [
                    parent,
                    "",
                    SCHEDULE_B_NATIONAL.get(parent, "National chapter"),
                    "",
                    "",
                ]
        units = ";".join(u for u in (row["unit_of_quantity_1"], row["unit_of_quantity_2"]) if u)
        lines[code] = [code, parent, " ".join(row["long_description"].split()), units, hs6]
    if missing:
        print(f"Schedule B national codes outside HS2017 (no HS6): {missing}")
    folder = OUT / "ScheduleB2019"
    folder.mkdir(parents=True, exist_ok=True)
    line_count = write_csv(folder / "lines.csv", LINE_COLUMNS, [lines[c] for c in sorted(lines)])
    measures = [
        [
            "*",
            "export_duty",
            "erga_omnes",
            "",
            "Free",
            "2019-01-01",
            "",
            "US-CONST-I-9-5",
            "the United States levies no duty on exports",
        ]
    ]
    measure_count = write_csv(folder / "measures.csv", MEASURE_COLUMNS, measures)
    (folder / "pack.toml").write_text(
        SCHEDULE_B_TOML.format(
            lines=line_count,
            measures=measure_count,
            repository=CONCORDANCE_REPOSITORY,
            commit=CONCORDANCE_COMMIT,
            retrieved=RETRIEVED,
        ),
        encoding="utf-8",
    )
    return {"lines": line_count, "ten_digit": len(rows), "national_codes": missing}


SCHEDULE_B_NATIONAL = {"98": "Special classification provisions (exports)"}


SCHEDULE_B_TOML = """# Generated by scripts/build_tariff_us.py from ../shared/sources/tariffs/us-census-schedule-b-2019;
# do not edit by hand. The 10-digit export lines come from the Census concordance file; the
# chapter, heading and subheading levels above them are the HS2017 texts of rules/hs/HS2017.
[pack]
id = "tariffs/US/ScheduleB2019"
kind = "tariff-schedule"
title = "Schedule B 2019: Statistical Classification of Domestic and Foreign Commodities Exported from the United States"
licence = "US government work, public domain"
valid_from = 2019-01-01
valid_to = 2021-12-31
reviewed = {retrieved}

[[pack.sources]]
title = "US Census Bureau, Schedule B export concordance (exp-code), 2019"
url = "https://www.census.gov/foreign-trade/schedules/b/index.html"
retrieved = {retrieved}
note = "HS2017-based; replaced by the HS2022-based Schedule B on 2022-01-01 (not in the sources)"

[pack.generated]
script = "scripts/build_tariff_us.py"
upstream = [
  {{ file = "data-raw/hs-10d-2019-exp-code.txt (converted to schedule_b_2019_export_concordance.csv)", repository = "{repository}", commit = "{commit}", licence = "US government work, public domain" }},
  {{ file = "rules/hs/HS2017/nomenclature.csv (levels above the 10-digit lines)", repository = "this repository", licence = "UN data, reusable with attribution" }},
]

[[pack.tables]]
file = "lines.csv"
columns = ["code", "parent", "description", "unit", "hs6"]
rows = {lines}

[[pack.tables]]
file = "measures.csv"
columns = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from", "valid_to", "legal_source", "note"]
rows = {measures}

[schedule]
region = "US"
nomenclature = "Schedule B"
digits = 10
hs_edition = "HS2017"
direction = "export"
currency = "USD"
note = "Export statistical classification; the United States has no export duties"

[[legal_sources]]
id = "US-CONST-I-9-5"
title = "Constitution of the United States, Article I, Section 9, Clause 5 (no tax or duty on exports)"
url = "https://constitution.congress.gov/browse/essay/artI-S9-C5-1/ALDE_00013518/"
retrieved = {retrieved}
"""


# Additional duties ------------------------------------------------------------------------------

EU27 = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
COUNTRY_OVERRIDES = {
    "European Union": "group:EU",
    "South Korea": "KR",
    "Taiwan": "TW",
    "Vietnam": "VN",
    "Turkey": "TR",
    "Laos": "LA",
    "Myanmar (Burma)": "MM",
    "Cote d'Ivoire": "CI",
    "Democratic Republic of the Congo": "CD",
    "Brunei": "BN",
    "Moldova": "MD",
    "Syria": "SY",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Falkland Islands": "FK",
    "North Macedonia": "MK",
    "China, including Hong Kong and Macau": "CN;HK;MO",
    "Russia": "RU",
}
IEEPA_END = "2026-02-23"  # last day collected; Supreme Court ruling 2026-02-20, CBP stop 2026-02-24
IEEPA_NOTE = (
    "IEEPA duty: the Supreme Court held on 2026-02-20 that IEEPA does not authorise tariffs "
    "(Learning Resources, Inc. v. Trump); CBP stopped collecting for entries from 2026-02-24 "
    "(secondary source for that date); duties paid are subject to refund"
)
ALL_RECIPROCAL = (
    "EO-14257;EO-14259;EO-14266;EO-2025-05-12;EO-14326;EO-14345;FR-90-55964;FR-90-59281"
)


def country_codes(names: str) -> list[str]:
    import pycountry

    if names in COUNTRY_OVERRIDES:
        return COUNTRY_OVERRIDES[names].split(";")
    parts = re.split(r",\s*(?:or\s+)?|\s+or\s+", names)
    codes: list[str] = []
    for part in (item.strip().removeprefix("the ") for item in parts if item.strip()):
        if part in COUNTRY_OVERRIDES:
            codes.extend(COUNTRY_OVERRIDES[part].split(";"))
            continue
        codes.append(pycountry.countries.lookup(part).alpha_2)
    return codes


def day_before(value: str) -> str:
    return (date.fromisoformat(value) - timedelta(days=1)).isoformat() if value else ""


class Measures:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.sources: dict[str, tuple[str, str, str]] = {}

    def source(self, source_id: str, title: str, url: str, note: str = "") -> str:
        self.sources.setdefault(source_id, (title, url, note))
        return source_id

    def add(
        self,
        code: str,
        measure_type: str,
        origin: str,
        expression: str,
        valid_from: str,
        valid_to: str,
        legal_source: str,
        note: str = "",
        excluded: Sequence[str] = (),
        condition: str = "",
        suspends: str = "",
    ) -> None:
        if legal_source not in self.sources:
            sys.exit(f"unknown legal source {legal_source}")
        self.rows.append(
            [
                code,
                measure_type,
                origin,
                ";".join(excluded),
                expression,
                valid_from,
                valid_to,
                legal_source,
                note,
                condition,
                suspends,
            ]
        )


HTS_URL = "https://hts.usitc.gov/"


def heading_source(measures: Measures, heading: str, title: str, note: str = "") -> str:
    return measures.source(
        f"HTSUS-{heading}",
        f"HTSUS heading {heading}: {title}",
        HTS_URL,
        note or "HTSUS 2026 Revision 6, chapter 99",
    )


def build_additional(sources: Path) -> dict[str, object]:
    base = sources / "tariffs" / "us-additional-duties"
    yale = base / "budgetlab-yale-tariff-rate-tracker"

    def read(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(line for line in handle if not line.startswith("#")))

    timeline = read(base / "us_additional_duties_timeline.csv")
    measures = Measures()
    secondary = [row for row in timeline if row["source_type"] == "secondary"]

    # Section 301 China lists -------------------------------------------------------------------
    s301_titles = {
        "9903.88.01": "Section 301 China List 1",
        "9903.88.02": "Section 301 China List 2",
        "9903.88.03": "Section 301 China List 3",
        "9903.88.04": "Section 301 China List 3 (partial subheadings)",
        "9903.88.15": "Section 301 China List 4A",
        "9903.91.01": "Section 301 2024 review (U.S. note 31(b))",
        "9903.91.02": "Section 301 2024 review: solar cells",
        "9903.91.03": "Section 301 2024 review: EVs, syringes and needles",
        "9903.91.04": "Section 301 2024 review: facemasks",
        "9903.91.05": "Section 301 2024 review: semiconductors, polysilicon, wafers",
        "9903.91.06": "Section 301 2024 review: graphite, magnets, non-EV lithium-ion batteries",
        "9903.91.07": "Section 301 2024 review: respirators and face masks",
        "9903.91.08": "Section 301 2024 review: medical gloves",
        "9903.91.11": "Section 301 2024 review: tungsten",
        "9903.92.10": "Section 301 2024 review: ship-to-shore cranes",
        "9903.91.12": "Section 301 ships/maritime action: intermodal chassis",
        "9903.91.14": "Section 301 ships/maritime action: ship-to-shore cranes",
    }
    for heading, title in s301_titles.items():
        heading_source(measures, heading, title)
    history = {  # earlier rates of a list (timeline rows; exclusive ends made inclusive)
        "9903.88.03": [("10%", "2018-09-24", "2019-05-09")],
        "9903.88.04": [("10%", "2018-09-24", "2019-05-09")],
        "9903.88.15": [("15%", "2019-09-01", "2020-02-13")],
    }
    list_counts: Counter[str] = Counter()
    for row in read(base / "section301_china_lists_hts2026r6.csv"):
        heading = row["ch99_heading"]
        if heading == "9903.88.16":
            continue  # List 4B: suspended, never applied
        source_id = f"HTSUS-{heading}"
        list_counts[row["list"]] += 1
        code = row["hts_code"]
        rate = f"{row['additional_rate_pct']}%"
        note = f"{row['list']} ({heading}, U.S. note {row['us_note']})"
        if row["remarks"]:
            note += f"; {row['remarks']}"
        if heading == "9903.91.01":
            note += (
                "; scope from the Budget Lab at Yale list (note 31(b) table not machine-"
                "readable); for products also on Lists 1-4A the higher rate applies, not "
                "both (secondary; confirm against CBP guidance)"
            )
        periods = [
            *history.get(heading, []),
            (rate, row["effective_from"], day_before(row["effective_to"])),
        ]
        for period_rate, start, end in periods:
            measures.add(code, "additional", "CN", period_rate, start, end, source_id, note)
        for stat in filter(None, (row["excluded_stat_numbers"] or "").split(";")):
            measures.add(
                stat.strip(),
                "exclusion",
                "CN",
                "Free",
                periods[0][1],
                "",
                source_id,
                f"statistical number excepted from {heading} (partial subheading)",
                suspends=source_id,
            )

    # Section 301 exclusions in force --------------------------------------------------------
    heading_source(measures, "9903.88.69", "Section 301 product exclusions (U.S. note 20(vvv))")
    heading_source(
        measures,
        "9903.88.70",
        "Section 301 exclusions: solar manufacturing machines (U.S. note 20(www))",
    )
    for row in read(base / "section301_china_exclusions_in_force_hts2026r6.csv"):
        excluded = f"HTSUS-{row['excluded_from_heading']}"
        described_as_code = re.fullmatch(r"[\d.]+", row["description"].strip()) is not None
        for reference in filter(None, row["hts10_references"].split(";")):
            measures.add(
                reference.strip(),
                "exclusion",
                "CN",
                "Free",
                row["effective_from"],
                day_before(row["effective_to"]),
                f"HTSUS-{row['exclusion_heading']}",
                f"Section 301 exclusion {row['exclusion_heading']} item {row['item']} "
                f"({row['list']}, U.S. note {row['us_note']}) from {row['excluded_from_heading']}",
                condition="" if described_as_code else row["description"],
                suspends=excluded,
            )

    # Section 232 --------------------------------------------------------------------------------
    proclamation_2026 = measures.source(
        "PROC-2026-04-02-metals",
        "Proclamation of 2026-04-02 strengthening Section 232 actions "
        "on aluminum, steel and copper; HTSUS U.S. note 16(c)",
        "https://www.whitehouse.gov/presidential-actions/2026/04/strengthening-actions-taken-to-"
        "adjust-imports-of-aluminum-steel-and-copper-into-the-united-states/",
    )
    for row in read(base / "section232_metals_annex_note16c_hts2026r6.csv"):
        group = row["annex_group"]
        condition = ""
        if group == "I-A":
            rate = "50%"
        elif group == "I-B":
            rate = "25%"
            condition = (
                "only if the listed metal is at least 15% of the weight (outside "
                "chapters 72, 73, 74 and 76)"
            )
        else:
            rate = "15% total (column 1 rate + additional duty); none if column 1 >= 15%"
        valid_to = "2027-12-31" if group == "III" else ""
        measures.add(
            row["hts_provision"],
            "additional",
            "erga_omnes",
            rate,
            row["effective_from"],
            valid_to,
            proclamation_2026,
            f"Section 232 metals annex {group} ({row['ch99_heading']}, U.S. note 16(c)"
            f"({row['note16c_subdivision']}), {row['metal']}); {row['remarks']}",
            condition=condition,
        )
    old_regime = [
        # (chapter, metal, rate, from, to, legal source id, title, url)
        (
            "72",
            "steel",
            "25%",
            "2018-03-23",
            "2025-06-03",
            "PROC-9705",
            "Proclamation 9705 of 2018-03-08 (steel), as amended by Proclamation 10896",
            HTS_URL,
        ),
        ("73", "steel", "25%", "2018-03-23", "2025-06-03", "PROC-9705", "", ""),
        (
            "76",
            "aluminium",
            "10%",
            "2018-03-23",
            "2025-03-11",
            "PROC-9704",
            "Proclamation 9704 of 2018-03-08 (aluminum)",
            HTS_URL,
        ),
        (
            "76",
            "aluminium",
            "25%",
            "2025-03-12",
            "2025-06-03",
            "PROC-10895",
            "Proclamation 10895 of 2025-02-11 (aluminum)",
            "https://www.whitehouse.gov/presidential-actions/2025/02/adjusting-imports-of-aluminum-"
            "into-the-united-states/",
        ),
    ]
    for chapter, metal, rate, start, end, source_id, title, url in old_regime:
        if title:
            measures.source(source_id, title, url)
        measures.add(
            chapter,
            "additional",
            "erga_omnes",
            rate,
            start,
            end,
            source_id,
            f"Scope unknown: Section 232 {metal} duty applies only to the {metal} "
            f"articles listed in U.S. note 16 (not every line of chapter {chapter}); "
            "the line-level list is not in the sources",
            condition=f"only Section 232 {metal} articles; country exemptions and "
            "quotas (AR, AU, BR, CA, MX, KR, EU, UK, JP, UA) until 2025-03-12",
        )
    proclamation_10947 = measures.source(
        "PROC-10947",
        "Proclamation 10947 of 2025-06-03 (aluminum and steel raised to 50%)",
        "https://www.whitehouse.gov/presidential-actions/2025/06/adjusting-imports-of-aluminum-"
        "and-steel-into-the-united-states/",
    )
    for chapter, metal in (("72", "steel"), ("73", "steel"), ("76", "aluminium")):
        scope = (
            f"Scope unknown: Section 232 {metal} duty applies only to the {metal} articles "
            f"and derivatives listed in U.S. note 16 (not every line of chapter {chapter}); "
            "the line-level list is not in the sources"
        )
        measures.add(
            chapter,
            "additional",
            "erga_omnes",
            "50%",
            "2025-06-04",
            "2026-04-05",
            proclamation_10947,
            scope,
            excluded=["GB"],
        )
        measures.add(
            chapter,
            "additional",
            "GB",
            "25%",
            "2025-06-04",
            "2026-04-05",
            proclamation_10947,
            scope,
        )
    for row in read(yale / "s232_derivative_products.csv"):
        metal = "steel" if row["derivative_type"] == "steel" else "aluminium"
        start = row["effective_date"] or "2025-06-04"
        measures.add(
            row["hts_prefix"],
            "additional",
            "erga_omnes",
            f"50% on the value of the {metal} content",
            start,
            "2026-04-05",
            proclamation_10947,
            f"Section 232 {metal} derivative ({row['ch99_code']}); list from the Budget "
            "Lab at Yale tracker (derivatives without a date: start assumed 2025-06-04, "
            "the 50% rate; earlier 25% period not encoded)",
            excluded=["GB"],
        )
    russian = measures.source(
        "PROC-10522",
        "Proclamation 10522 of 2023-02-24 (Russian aluminum 200%); HTSUS 9903.85.67/.68",
        HTS_URL,
    )
    measures.add(
        "76",
        "additional",
        "RU",
        "200%",
        "2023-03-10",
        "",
        russian,
        "Scope unknown: aluminium articles and derivatives of U.S. note 19 (line-level "
        "list not in the sources); also aluminium smelted or cast in Russia; 2023 start "
        "date not re-read in the sources",
    )
    copper = measures.source(
        "PROC-2025-07-30-copper",
        "Proclamation of 2025-07-30 (copper); HTSUS 9903.78.01",
        "https://www.whitehouse.gov/presidential-actions/2025/07/adjusting-imports-of-copper-into"
        "-the-united-states/",
    )
    for row in read(yale / "s232_copper_products.csv"):
        measures.add(
            row["hts10"],
            "additional",
            "erga_omnes",
            "50% on the value of the copper content",
            "2025-08-01",
            "2026-04-05",
            copper,
            "Section 232 copper (9903.78.01); list from the Budget Lab at Yale",
        )
    programme_sources = {
        "9903.94.01": (
            "PROC-10908",
            "Proclamation 10908 of 2025-03-26 (automobiles and parts)",
            "https://www.whitehouse.gov/presidential-actions/2025/03/adjusting-imports-"
            "of-automobiles-and-autombile-parts-into-the-united-states/",
        ),
        "9903.76.01": (
            "PROC-10976",
            "Proclamation 10976 of 2025-09-29 (timber and lumber), amended 2025-12-31",
            "https://www.whitehouse.gov/presidential-actions/"
            "2025/12/amendments-to-adjusting-imports-of-timber-lumber-and-their-"
            "derivative-products-into-the-united-states/",
        ),
        "9903.74.01": (
            "PROC-10984",
            "Proclamation 10984 of 2025-10-17 (medium and heavy-duty vehicles, parts, buses)",
            "https://www.whitehouse.gov/presidential-"
            "actions/2025/10/adjusting-imports-of-medium-and-heavy-duty-vehicles-"
            "medium-and-heavy-duty-vehicle-parts-and-buses-into-the-united-states/",
        ),
        "9903.79.01": (
            "PROC-2026-01-14-semiconductors",
            "Proclamation of 2026-01-14 (semiconductors)",
            "https://www.whitehouse.gov/presidential-actions/2026/"
            "01/adjusting-imports-of-semiconductors-semiconductor-manufacturing-"
            "equipment-and-their-derivative-products-into-the-united-states/",
        ),
    }
    for heading in (
        "9903.94.01",
        "9903.94.05",
        "9903.76.01",
        "9903.76.02",
        "9903.76.03",
        "9903.74.01",
        "9903.74.02",
        "9903.74.08",
        "9903.79.01",
    ):
        key = {
            "9903.94.05": "9903.94.01",
            "9903.76.02": "9903.76.01",
            "9903.76.03": "9903.76.01",
            "9903.74.02": "9903.74.01",
            "9903.74.08": "9903.74.01",
        }.get(heading, heading)
        source_id, title, url = programme_sources[key]
        measures.source(
            f"HTSUS-{heading}",
            f"HTSUS heading {heading} ({title})",
            url,
            f"{source_id}; HTSUS 2026 Revision 6, chapter 99",
        )
    later_rates = {"9903.76.02": "30%", "9903.76.03": "50%"}
    for row in read(base / "section232_other_products_hts2026r6.csv"):
        heading = row["ch99_heading"]
        source_id = f"HTSUS-{heading}"
        note = f"Section 232 {row['product_group']} ({heading}, U.S. note {row['us_note']})"
        if row["remarks"]:
            note += f"; {row['remarks']}"
        condition = ""
        if heading == "9903.79.01":
            condition = (
                "only advanced computing chips meeting the TPP/DRAM-bandwidth thresholds "
                "of U.S. note 39; end-use exemptions 9903.79.03-.09"
            )
        elif heading in ("9903.94.01", "9903.94.05", "9903.74.01", "9903.74.08"):
            condition = "USMCA-qualifying goods: only the non-US content is dutiable"
        end = ""
        if heading in later_rates:
            end = "2026-12-31"
            measures.add(
                row["hts_provision"],
                "additional",
                "erga_omnes",
                later_rates[heading],
                "2027-01-01",
                "",
                source_id,
                note + " (scheduled increase)",
                excluded=["GB", "group:EU", "JP", "KR"],
            )
        excluded = ["GB", "group:EU", "JP", "KR"] if heading in later_rates else []
        measures.add(
            row["hts_provision"],
            "additional",
            "erga_omnes",
            f"{row['additional_rate_pct']}%",
            row["effective_from"],
            end,
            source_id,
            note,
            excluded=excluded,
            condition=condition,
        )
        if heading in ("9903.94.01", "9903.94.05"):
            deals = [
                (
                    "group:EU",
                    "2025-08-01",
                    "9903.94.50-.53",
                    "start date secondary (retroactive; verify against the Federal Register)",
                ),
                ("JP", "2025-09-16", "9903.94.40-.43", "EO 14345; notice date not verified"),
                (
                    "KR",
                    "2025-11-01",
                    "9903.94.60-.65",
                    "start date secondary (retroactive from 2025-11-01)",
                ),
            ]
            for origin, start, headings, remark in deals:
                measures.add(
                    row["hts_provision"],
                    "exclusion",
                    origin,
                    "Free",
                    start,
                    "",
                    source_id,
                    f"{origin} all-in 15% replaces {heading} ({headings}); {remark}",
                    suspends=source_id,
                )
                measures.add(
                    row["hts_provision"],
                    "additional",
                    origin,
                    "15% total (column 1 rate + additional duty); none if column 1 >= 15%",
                    start,
                    "",
                    source_id,
                    f"all-in 15% ({headings}); {remark}",
                )
    pharma = measures.source(
        "PROC-11020",
        "Proclamation 11020 of 2026-04-02 (pharmaceuticals); HTSUS U.S. note 40",
        "https://www.whitehouse.gov/presidential-actions/2026/04/adjusting-imports-of-"
        "pharmaceuticals-and-pharmaceutical-ingredients-into-the-united-states/",
    )
    measures.add(
        "30",
        "additional",
        "erga_omnes",
        "100% on patented pharmaceuticals listed in Annex I (20% for approved onshoring plans)",
        "2026-07-31",
        "",
        pharma,
        "Scope unknown: the 131 HTS10 lines of Annex I are not in the sources; generics "
        "excluded; EU/JP/KR/CH/LI 15% all-in, UK no additional duty; 2026-07-31 for "
        "companies in Annex III, 2026-09-29 for others",
        excluded=["GB"],
        condition="patented pharmaceuticals and ingredients listed in Annex I only",
    )
    polysilicon = measures.source(
        "PROC-2026-08-06-polysilicon",
        "Proclamation of 2026-08-06 (polysilicon and derivatives)",
        "https://www.whitehouse.gov/presidential-actions/2026/08/adjusting-imports-of-polysilicon"
        "-and-its-derivatives-into-the-united-states/",
    )
    measures.add(
        "280461",
        "additional",
        "erga_omnes",
        "15% plus a minimum import price programme",
        "2026-12-04",
        "",
        polysilicon,
        "Scope unknown: Annexes I and II (polysilicon derivatives) are not in the "
        "sources; JP/KR/TW/CH/LI/EU 15% all-in",
    )
    drones = measures.source(
        "PROC-2026-08-13-drones",
        "Proclamation of 2026-08-13 (unmanned aircraft systems)",
        "https://www.whitehouse.gov/presidential-actions/2026/08/adjusting-imports-of-unmanned-"
        "aircraft-systems-and-unmanned-aircraft-systems-components-into-the-united-states/",
    )
    measures.add(
        "8806",
        "additional",
        "erga_omnes",
        "100% (Annex I: UAS over 25 kg, thermal-imaging UAS) or 25% (Annex II: UAS up to 25 kg)",
        "2026-09-03",
        "",
        drones,
        "Scope unknown: annex lines not in the sources; components also covered; "
        "JP/KR/TW/CH/LI/EU at most 15% all-in, UK at most 10%",
    )
    solar = measures.source(
        "PROC-10339",
        "Proclamation 10339 (Section 201 safeguard on solar cells and modules, 2022 extension)",
        "https://github.com/Budget-Lab-Yale/tariff-rate-tracker",
    )
    for row in read(yale / "s201_solar_products.csv"):
        measures.add(
            row["hts10"],
            "additional",
            "erga_omnes",
            "14.5%",
            "2025-02-07",
            "2026-02-06",
            solar,
            f"Section 201 safeguard ({row['ch99_code']}), year 8; secondary: rate and "
            "period from the Budget Lab at Yale policy parameters, not confirmed in an "
            "official text",
            condition="cells beyond the tariff-rate quota; excluded developing countries exempt",
        )

    # IEEPA --------------------------------------------------------------------------------------
    eo = {
        "EO-14195": (
            "Executive Order 14195 of 2025-02-01 (China fentanyl duty)",
            "https://www.whitehouse.gov/presidential-actions/2025/02/imposing-duties-to-"
            "address-the-synthetic-opioid-supply-chain-in-the-peoples-republic-of-china/",
        ),
        "EO-14228": (
            "Executive Order 14228 of 2025-03-03 (China fentanyl duty raised to 20%)",
            "https://www.whitehouse.gov/presidential-actions/2025/03/further-amendment-to"
            "-duties-addressing-the-synthetic-opioid-supply-chain-in-the-peoples-republic"
            "-of-china/",
        ),
        "EO-2025-11-04": (
            "Executive Order of 2025-11-04 (China fentanyl duty reduced to 10%)",
            "https://www.whitehouse.gov/presidential-actions/2025/11/modifying-"
            "duties-addressing-the-synthetic-opioid-supply-chain-in-the-peoples-"
            "republic-of-china/",
        ),
        "EO-14193": (
            "Executive Order 14193 of 2025-02-01 (Canada), as amended 2025-07-31",
            "https://www.whitehouse.gov/presidential-actions/2025/07/amendment-to-duties-"
            "to-address-the-flow-of-illicit-drugs-across-our-northern-border-9350/",
        ),
        "EO-14194": (
            "Executive Order 14194 of 2025-02-01 (Mexico)",
            "https://www.whitehouse.gov/presidential-actions/2025/02/progress-on-the-"
            "situation-at-our-southern-border/",
        ),
        "EO-14257": (
            "Executive Order 14257 of 2025-04-02 (reciprocal tariff)",
            "https://www.whitehouse.gov/presidential-actions/2025/04/regulating-imports-"
            "with-a-reciprocal-tariff-to-rectify-trade-practices-that-contribute-to-"
            "large-and-persistent-annual-united-states-goods-trade-deficits/",
        ),
        "EO-14259": (
            "Executive Order 14259 of 2025-04-08 (China reciprocal 84%)",
            "https://www.whitehouse.gov/presidential-actions/2025/04/amendment-to-"
            "recipricol-tariffs-and-updated-duties-as-applied-to-low-value-imports-from-"
            "the-peoples-republic-of-china/",
        ),
        "EO-14266": (
            "Executive Order 14266 of 2025-04-09 (China 125%; country rates suspended)",
            "https://www.whitehouse.gov/presidential-actions/2025/04/modifying-reciprocal"
            "-tariff-rates-to-reflect-trading-partner-retaliation-and-alignment/",
        ),
        "EO-2025-05-12": (
            "Executive Order of 2025-05-12 (China reciprocal reduced to 10%)",
            "https://www.whitehouse.gov/presidential-actions/2025/05/modifying-"
            "reciprocal-tariff-rates-to-reflect-discussions-with-the-peoples-"
            "republic-of-china/",
        ),
        "EO-14326": (
            "Executive Order 14326 of 2025-07-31 (modified reciprocal rates)",
            "https://www.whitehouse.gov/presidential-actions/2025/07/further-modifying-"
            "the-reciprocal-tariff-rates/",
        ),
        "EO-14345": (
            "Executive Order 14345 of 2025-09-04 (United States-Japan agreement)",
            "https://www.whitehouse.gov/presidential-actions/2025/09/implementing-the-"
            "united-states-japan-agreement/",
        ),
        "FR-90-55964": ("Federal Register notice 90 FR 55964 (Korea 15% floor)", HTS_URL),
        "FR-90-59281": (
            "Federal Register notice 90 FR 59281 (Switzerland, Liechtenstein 15% floor)",
            HTS_URL,
        ),
        "EO-14323": (
            "Executive Order 14323 of 2025-07-30 (Brazil)",
            "https://www.whitehouse.gov/presidential-actions/2025/07/addressing-threats-to-the-us/",
        ),
        "EO-14329": (
            "Executive Order 14329 of 2025-08-06 (India), terminated 2026-02-06",
            "https://www.whitehouse.gov/presidential-actions/2026/02/modifying-duties-to-"
            "address-threats-to-the-united-states-by-the-government-of-the-russian-"
            "federation-04b2/",
        ),
    }
    for source_id, (title, url) in eo.items():
        measures.source(source_id, title, url, IEEPA_NOTE)
    for origin in ("CN", "HK"):
        for rate, start, end, source_id in (
            ("10%", "2025-02-04", "2025-03-03", "EO-14195"),
            ("20%", "2025-03-04", "2025-11-09", "EO-14228"),
            ("10%", "2025-11-10", IEEPA_END, "EO-2025-11-04"),
        ):
            measures.add(
                "*",
                "additional",
                origin,
                rate,
                start,
                end,
                source_id,
                f"IEEPA fentanyl duty on goods of China and Hong Kong (9903.01.20/.24); "
                f"{IEEPA_NOTE}",
                condition="not on donations, informational materials, in-transit goods",
            )
    usmca = "USMCA-qualifying goods exempt from 2025-03-07; energy and potash at 10%"
    measures.add(
        "*",
        "additional",
        "CA",
        "25%",
        "2025-03-04",
        "2025-07-31",
        "EO-14193",
        f"IEEPA Canada duty (9903.01.10); {IEEPA_NOTE}",
        condition=usmca,
    )
    measures.add(
        "*",
        "additional",
        "CA",
        "35%",
        "2025-08-01",
        IEEPA_END,
        "EO-14193",
        f"IEEPA Canada duty; transshipped goods 40% (9903.01.16); {IEEPA_NOTE}",
        condition=usmca,
    )
    measures.add(
        "*",
        "additional",
        "MX",
        "25%",
        "2025-03-04",
        IEEPA_END,
        "EO-14194",
        f"IEEPA Mexico duty (9903.01.01); {IEEPA_NOTE}",
        condition=usmca,
    )
    measures.add(
        "*",
        "additional",
        "BR",
        "40%",
        "2025-08-06",
        IEEPA_END,
        "EO-14323",
        f"IEEPA Brazil duty (9903.01.77), stacks on the reciprocal rate; Annex I "
        f"exemptions (aircraft, energy, orange juice ...) not encoded; {IEEPA_NOTE}",
        condition="goods not listed in Annex I of EO 14323",
    )
    measures.add(
        "*",
        "additional",
        "IN",
        "25%",
        "2025-08-27",
        "2026-02-06",
        "EO-14329",
        f"IEEPA India Russian-oil duty (9903.01.84), terminated 2026-02-06; {IEEPA_NOTE}",
    )
    reciprocal_note = (
        "IEEPA reciprocal duty; not on chapter 98 or Annex II products (encoded as "
        f"exclusions); {IEEPA_NOTE}"
    )
    not_232 = "not on goods subject to Section 232 duties"
    china = ["CN", "HK", "MO"]
    for origin in china:
        for rate, start, end, source_id in (
            ("84%", "2025-04-09", "2025-04-09", "EO-14259"),
            ("125%", "2025-04-10", "2025-05-13", "EO-14266"),
            ("10%", "2025-05-14", IEEPA_END, "EO-2025-05-12"),
        ):
            measures.add(
                "*",
                "additional",
                origin,
                rate,
                start,
                end,
                source_id,
                f"reciprocal duty on China (9903.01.63 as amended); {reciprocal_note}",
                condition=not_232,
            )
    annex_one: list[str] = []
    country_rates: list[str] = []
    floor_text = "15% total (column 1 rate + additional duty); none if column 1 >= 15%"
    for row in read(base / "ieepa_reciprocal_country_headings_hts2026r6.csv"):
        heading = row["ch99_heading"]
        if heading == "9903.01.63" or heading == "9903.02.30":
            continue  # China above; Japan's country rate was replaced retroactively by its floor
        codes = country_codes(row["countries"])
        start = row["effective_from"]
        end = day_before(row["effective_to"]) if row["effective_to"] else IEEPA_END
        source_id = "EO-14257" if heading.startswith("9903.01") else "EO-14326"
        if codes == ["JP"]:
            source_id = "EO-14345"
        elif codes == ["KR"] and start >= "2025-11-14":
            source_id = "FR-90-55964"
        elif codes in (["CH"], ["LI"]) and start >= "2025-11-14":
            source_id = "FR-90-59281"
        if row["rate_type"].startswith("no additional duty"):
            continue  # the floor's other heading: covered by the floor text below
        expression = (
            floor_text if row["rate_type"].startswith("total rate") else f"{row['rate_pct']}%"
        )
        (annex_one if heading.startswith("9903.01") else country_rates).extend(codes)
        for code in codes:
            measures.add(
                "*",
                "additional",
                code,
                expression,
                start,
                end,
                source_id,
                f"reciprocal duty ({heading}); {row['notes']}; {reciprocal_note}"
                + (
                    "; start date secondary (Budget Lab at Yale policy parameters)"
                    if source_id == "FR-90-59281"
                    else ""
                ),
                condition=not_232,
            )
    excluded_base = ["CA", "MX", *china]
    segments = [
        ("2025-04-05", "2025-04-08", excluded_base),
        ("2025-04-09", "2025-04-09", [*excluded_base, *annex_one]),
        ("2025-04-10", "2025-08-06", excluded_base),
        ("2025-08-07", IEEPA_END, [*excluded_base, *country_rates]),
    ]
    for start, end, excluded in segments:
        measures.add(
            "*",
            "additional",
            "erga_omnes",
            "10%",
            start,
            end,
            "EO-14257",
            f"reciprocal baseline duty (9903.01.25); {reciprocal_note}",
            excluded=sorted(set(excluded)),
            condition=not_232,
        )
    for row in read(yale / "ieepa_exempt_products.csv"):
        measures.add(
            row["hts10"],
            "exclusion",
            "erga_omnes",
            "Free",
            "2025-04-05",
            IEEPA_END,
            "EO-14257",
            "Annex II product exempt from the IEEPA reciprocal duty (list "
            "from the Budget Lab at Yale: union of the Annex II versions, so dates are "
            "approximate)",
            suspends=ALL_RECIPROCAL,
        )

    # Section 122, forced-labour 301, Brazil 301, Section 338 ---------------------------------
    s122 = measures.source(
        "PROC-2026-02-20-s122",
        "Proclamation of 2026-02-20 imposing a temporary import "
        "surcharge (Trade Act of 1974, section 122); HTSUS 9903.03.01",
        "https://www.whitehouse.gov/presidential-actions/2026/02/imposing-a-temporary-import-"
        "surcharge-to-address-fundamental-international-payments-problems/",
    )
    measures.add(
        "*",
        "additional",
        "erga_omnes",
        "10%",
        "2026-02-24",
        "2026-07-23",
        s122,
        "Section 122 surcharge (9903.03.01), 150 days, not extended; Annex I/II "
        "exceptions encoded as exclusions from the Budget Lab at Yale list",
        condition="not on the Section 232 part of goods; USMCA-qualifying goods of CA and "
        "MX, CAFTA-DR textiles, donations and informational materials exempt",
    )
    for row in read(yale / "s122_exempt_products.csv"):
        measures.add(
            row["hts8"],
            "exclusion",
            "erga_omnes",
            "Free",
            "2026-02-24",
            "2026-07-23",
            s122,
            "exempt from the Section 122 surcharge (Annex II)",
            suspends=s122,
        )
    forced = measures.source(
        "PM-2026-07-23-s301-60",
        "Presidential memorandum of 2026-07-23: actions under Section "
        "301 on 60 economies (forced labour); HTSUS U.S. note 52",
        "https://www.whitehouse.gov/presidential-actions/2026/07/actions-by-the-united-states-in-"
        "the-investigations-under-section-301-of-the-trade-act-of-1974-of-the-acts-policies-and-"
        "practices-of-60-economies-related-to-the-failure-of-each-economy-to-impose-and/",
    )
    secondary_note = (
        "secondary: effective date and headings from the Budget Lab at Yale HTS "
        "rev 13 review, not yet confirmed in the Federal Register"
    )
    forced_condition = (
        "not on goods subject to Section 232 (U.S. note 52(f)); exemption annex not in the sources"
    )
    tiers = [
        (
            "12.5%",
            [
                "CN",
                "HK",
                "AU",
                "BR",
                "CL",
                "CO",
                "IL",
                "NZ",
                "NO",
                "SG",
                "TH",
                "TR",
                "VN",
                "AE",
                "SA",
            ],
        ),
        (
            "10%",
            [
                "AR",
                "BD",
                "KH",
                "CA",
                "EC",
                "SV",
                "GT",
                "HN",
                "IN",
                "ID",
                "JO",
                "MY",
                "MX",
                "PK",
                "LK",
                "GB",
                "TT",
            ],
        ),
        (
            "10% total (column 1 rate + additional duty); none if column 1 >= 10%",
            ["group:EU", "TW"],
        ),
        (
            "12.5% total (column 1 rate + additional duty); none if column 1 >= 12.5%",
            ["JP", "KR", "CH"],
        ),
    ]
    for rate, origins in tiers:
        for origin in origins:
            measures.add(
                "*",
                "additional",
                origin,
                rate,
                "2026-07-24",
                "",
                forced,
                "Section 301 forced-labour action (9903.05.20-.84); "
                + secondary_note
                + "; the 12.5% tier also covers investigated economies not named in the "
                "sources",
                condition=forced_condition,
            )
    brazil = measures.source(
        "USTR-301-BR",
        "USTR Section 301 determination on Brazil; HTSUS 9903.05.01, U.S. note 50",
        "https://github.com/Budget-Lab-Yale/tariff-rate-tracker",
        "secondary: not read in an official text",
    )
    measures.add(
        "*",
        "additional",
        "BR",
        "25%",
        "2026-07-22",
        "",
        brazil,
        "Section 301 Brazil action (9903.05.01); secondary: from the Budget Lab at Yale "
        "review notes only, verify against the Federal Register; patented "
        "pharmaceuticals excluded from 2026-07-31",
    )
    canada = measures.source(
        "PROC-11046-11048",
        "Proclamations 11046-11048 of 2026-07-20 (Section 338, Canada); "
        "start moved to 2026-08-22 by Proclamation of 2026-08-18",
        "https://www.whitehouse.gov/presidential-actions/2026/08/temporary-suspension-of-"
        "additional-duties-to-offset-canadian-discrimination-against-the-commerce-of-the-united-"
        "states-with-respect-to-alcoholic-beverages-dairy-and-motor-vehicles/",
    )
    for chapter, goods in (
        ("04", "dairy products"),
        ("22", "alcoholic beverages"),
        ("87", "motor vehicles"),
    ):
        measures.add(
            chapter,
            "additional",
            "CA",
            "50%",
            "2026-08-22",
            "",
            canada,
            f"Scope unknown: Section 338 duty on certain {goods} listed in Annex II of "
            "the proclamation (not in the sources); status after 2026-08-21 unknown",
            condition=f"only the {goods} listed in the proclamation's Annex II",
        )

    folder = OUT / "additional-duties"
    folder.mkdir(parents=True, exist_ok=True)
    rows = sorted(measures.rows, key=lambda row: (row[0] != "*", row[0], row[1], row[2], row[5]))
    measure_count = write_csv(folder / "measures.csv", EXTENDED_MEASURE_COLUMNS, rows)
    groups = [["EU", country, "", "", "European Union member state"] for country in EU27]
    group_count = write_csv(folder / "origin_groups.csv", GROUP_COLUMNS, groups)
    legal = []
    for source_id, (title, url, note) in sorted(measures.sources.items()):
        entry = (
            f"[[legal_sources]]\nid = {toml_string(source_id)}\ntitle = {toml_string(title)}"
            f"\nurl = {toml_string(url)}\nretrieved = {RETRIEVED}\n"
        )
        if note:
            entry += f"note = {toml_string(note)}\n"
        legal.append(entry)
    (folder / "pack.toml").write_text(
        ADDITIONAL_TOML.format(
            measures=measure_count,
            groups=group_count,
            retrieved=RETRIEVED,
            yale=YALE_REPOSITORY,
            yale_commit=YALE_COMMIT,
            wh=WH_REPOSITORY,
            wh_commit=WH_COMMIT,
        )
        + "\n"
        + "\n".join(legal),
        encoding="utf-8",
    )
    counts = Counter(row[1] for row in rows)
    return {
        "measures": measure_count,
        "by_type": dict(counts),
        "301_list_rows": dict(list_counts),
        "legal_sources": len(measures.sources),
        "secondary_timeline_rows": [row["measure"] for row in secondary],
    }


ADDITIONAL_TOML = """# Generated by scripts/build_tariff_us.py from ../shared/sources/tariffs/us-additional-duties;
# do not edit by hand. Dates: the sources give exclusive ends (first day no longer covered);
# valid_to here is the last day covered. Data known up to 2026-08-21.
[pack]
id = "tariffs/US/additional-duties"
kind = "tariff-measures"
title = "United States additional duties by origin: Section 301, 232, 201, 122, 338 and IEEPA"
licence = "US government works, public domain; compiled tables from the Budget Lab at Yale (MIT)"
valid_from = 2018-03-23
reviewed = {retrieved}

[[pack.sources]]
title = "HTSUS 2026 Revision 6, Chapter 99 (USITC)"
url = "https://hts.usitc.gov/"
retrieved = {retrieved}

[[pack.sources]]
title = "The Budget Lab at Yale, Tariff Rate Tracker"
url = "{yale}"
retrieved = {retrieved}

[[pack.sources]]
title = "White House presidential actions (archived in brian14708/wh-briefings)"
url = "{wh}"
retrieved = {retrieved}

[pack.generated]
script = "scripts/build_tariff_us.py"
upstream = [
  {{ file = "section301_china_lists_hts2026r6.csv, section301_china_exclusions_in_force_hts2026r6.csv, section232_metals_annex_note16c_hts2026r6.csv, section232_other_products_hts2026r6.csv, ieepa_reciprocal_country_headings_hts2026r6.csv (compiled from HTSUS 2026 Rev 6 chapter 99 text at resources of the tracker)", repository = "{yale}", commit = "{yale_commit}", licence = "US government work, public domain" }},
  {{ file = "us_additional_duties_timeline.csv (compiled from presidential documents)", repository = "{wh}", commit = "{wh_commit}", licence = "public domain documents; archive CC0-1.0" }},
  {{ file = "resources/s232_copper_products.csv, s232_derivative_products.csv, ieepa_exempt_products.csv, s122_exempt_products.csv, s201_solar_products.csv", repository = "{yale}", commit = "{yale_commit}", licence = "MIT" }},
]

[[pack.tables]]
file = "measures.csv"
columns = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from", "valid_to", "legal_source", "note", "condition", "suspends"]
rows = {measures}

[[pack.tables]]
file = "origin_groups.csv"
columns = ["group", "country", "valid_from", "valid_to", "note"]
rows = {groups}

[schedule]
region = "US"
nomenclature = "HTSUS"
digits = 10
hs_edition = "HS2022"
direction = "import"
currency = "USD"
note = "Measures on HTSUS codes (2026 revision 6 numbering); applied on top of the schedule in force"
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=PROJECT.parent / "shared" / "sources")
    parser.add_argument("--only", choices=["hts", "schedule-b", "additional"], action="append")
    arguments = parser.parse_args(argv)
    only = set(arguments.only or ["hts", "schedule-b", "additional"])
    if "hts" in only:
        stats = build_hts(arguments.sources)
        for key, value in stats.items():
            print(f"HTS {key}: {value}")
    if "schedule-b" in only:
        print("Schedule B:", build_schedule_b(arguments.sources))
    if "additional" in only:
        print("additional duties:", build_additional(arguments.sources))
    return 0


if __name__ == "__main__":
    sys.exit(main())
