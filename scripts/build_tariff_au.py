"""Generate the partial Australian tariff pack (rules/tariffs/AU/Schedule3Partial/).

Usage: python scripts/build_tariff_au.py --sources ../shared/sources

Reads ``tariffs/australia-abf-tariff-partial/tariff-schedule3.json``, a scrape of the ABF Working
Tariff, Schedule 3 of the Customs Tariff Act 1995, made on 2026-04-01. It is INCOMPLETE: 72 of
97 chapters. Lines: chapters and headings (English HS 2022 texts, since the scrape has none),
the 6- and 7-digit header rows, 8-digit tariff classifications and their 2-digit statistical codes
(10-digit lines, with the statistical unit). Measures: the general rate of each classification.
The scrape often fuses the general rate with the preference columns ("5% DCS4% DCT5%"): the
general rate is the text before the first preference marker, and the whole cell is kept in the
note. Phased rates ("5% From1July2018 3.75% From1July2019 Free") give the last phase, which is
in force since before the scrape. The output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
FOLDER = PROJECT / "rules/tariffs/AU/Schedule3Partial"
RETRIEVED = "2026-11-28"
SCRAPED = "2026-04-01"
LINE_COLUMNS = ["code", "parent", "description", "unit", "hs6"]
MEASURE_COLUMNS = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from",
                   "valid_to", "legal_source", "note"]
REPOSITORY = "https://github.com/networkneedsau/australian-tariff-classification"
COMMIT = "8dba2d1ef1f4609e705a626c108c17e9cf3bb996"
# Preference columns fused into the scraped general-rate cell.
PREFERENCE_MARKER = re.compile(r"\s*(?:DCS|DCT|DC(?=[\d$F])|CA(?=\s*[\d$F])|MY(?=\s*[\d$F])|NZ\s*/PG)")
PHASED = re.compile(r"From\s*1\s*(?:January|July)\s*\d{4}\s*")


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def clean(text: str) -> str:
    return " ".join(text.replace("\u200b", " ").split())


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def general_rate(cell: str) -> str:
    text = cell
    phases = list(PHASED.finditer(text))
    if phases:
        text = text[phases[-1].end():]
    marker = PREFERENCE_MARKER.search(text)
    return clean(text[: marker.start()] if marker else text)


def build(sources: Path) -> None:
    hs: dict[str, str] = {}
    with (PROJECT / "rules/hs/HS2022/nomenclature.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            hs[row["code"]] = row["description"]
    with (sources / "tariffs/australia-abf-tariff-partial/tariff-schedule3.json").open(encoding="utf-8") as handle:
        schedule = json.load(handle)
    lines: dict[str, list[str]] = {}
    rates: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for section in schedule:
        for chapter in section["chapters"]:
            chapter_code = f"{int(chapter['number']):02d}"
            lines[chapter_code] = [chapter_code, "", hs.get(chapter_code, chapter["title"]), "", ""]
            for heading in chapter["headings"]:
                heading_code = re.sub(r"\D", "", heading["code"])
                text = clean(heading["description"]) or hs.get(heading_code, "")
                lines.setdefault(heading_code, [heading_code, chapter_code, text, "", ""])
                for item in heading["classifications"]:
                    code = re.sub(r"\D", "", item["referenceNumber"])
                    description = re.sub(r"^[\s\-–]+", "", clean(item["description"]))
                    statistical = re.sub(r"\D", "", item["statisticalCode"])
                    unit = clean(item["unit"])
                    unit = "" if unit == ".." else unit
                    if len(code) < 6:
                        counts["rows without a usable code (skipped)"] += 1
                        continue
                    if code[:4] not in lines:  # a classification filed under another heading's page
                        lines[code[:4]] = [code[:4], code[:2], hs.get(code[:4], ""), "", ""]
                    if not description:  # a few scraped rows lost their text (3824.99.90)
                        description = "(no description in the scrape) " + hs.get(code[:6], "")
                        counts["rows without a description in the scrape"] += 1
                    if code not in lines:
                        parent = next(code[:length] for length in (7, 6, 4) if code[:length] in lines)
                        hs6 = code[:6] if len(code) >= 6 and code[:6] in hs else ""
                        lines[code] = [code, parent, description, "", hs6]
                    if len(code) == 8 and statistical:
                        line_code = code + statistical
                        if line_code not in lines:
                            lines[line_code] = [line_code, code, description, unit, lines[code][4]]
                    cell = clean(item["dutyRate"])
                    if len(code) == 8 and cell and code not in rates:
                        rates[code] = cell
                        counts["rate cell differs from the general rate"] += general_rate(cell) != cell
    measures = []
    for code in sorted(rates):
        cell = rates[code]
        expression = general_rate(cell)
        note = "general rate (ABF Working Tariff, Schedule 3, scraped 2026-04-01)"
        if expression != cell:
            note += f"; scraped cell with preference columns or phasing: {cell}"
        measures.append([code, "mfn", "erga_omnes", "", expression, SCRAPED, "", "au-customs-tariff-act-1995", note])
    line_rows = [lines[code] for code in sorted(lines)]
    missing_hs6 = sorted(line[0] for line in line_rows if len(line[0]) >= 6 and not line[4])
    if missing_hs6:
        print(f"  lines whose first 6 digits are not an HS 2022 subheading: {missing_hs6[:20]}")
    chapters = sorted(line[0] for line in line_rows if len(line[0]) == 2)
    absent = [f"{number:02d}" for number in range(1, 98) if f"{number:02d}" not in chapters and number != 77]
    FOLDER.mkdir(parents=True, exist_ok=True)
    write_csv(FOLDER / "lines.csv", LINE_COLUMNS, line_rows)
    write_csv(FOLDER / "measures.csv", MEASURE_COLUMNS, measures)
    columns = ", ".join(toml_string(column) for column in LINE_COLUMNS)
    measure_columns = ", ".join(toml_string(column) for column in MEASURE_COLUMNS)
    (FOLDER / "pack.toml").write_text(f"""# Generated by scripts/build_tariff_au.py from ../shared/sources/tariffs/australia-abf-tariff-partial; do not edit by hand.
# PARTIAL: a scrape of the ABF Working Tariff (Schedule 3) covering {len(chapters)} of 96 chapters.
# Chapters NOT covered: {', '.join(absent)}.
# Chapter and heading texts are the English HS 2022 texts (UN Comtrade), the scrape has none.
# 8-digit lines are tariff classifications; 10-digit lines add the 2-digit statistical code (unit = its
# statistical unit). Only the general rate is given: preference columns (DCS, DCT, CA, NZ/PG/...) and the
# FTA schedules 4-16 are not encoded (see the note of each measure for the scraped cell).
[pack]
id = "tariffs/AU/Schedule3Partial"
kind = "tariff-schedule"
title = "Australia Customs Tariff Schedule 3 (partial scrape, {len(chapters)} chapters): classifications and general rates"
licence = "Commonwealth of Australia (ABF web content), generally CC BY 4.0: verify before shipping; scraping repository without licence"
valid_from = {SCRAPED}
reviewed = {RETRIEVED}

[[pack.sources]]
title = "Australian Border Force, Working Tariff: Schedule 3 (current tariff)"
url = "https://www.abf.gov.au/importing-exporting-and-manufacturing/tariff-classification/current-tariff/schedule-3"
retrieved = {RETRIEVED}

[pack.generated]
script = "scripts/build_tariff_au.py"
upstream = [
  {{ file = "data/tariff-schedule3.json", repository = "{REPOSITORY}", commit = "{COMMIT}", licence = "none stated; ABF content Commonwealth of Australia (CC BY 4.0 to verify)" }},
]

[[pack.tables]]
file = "lines.csv"
columns = [{columns}]
rows = {len(line_rows)}

[[pack.tables]]
file = "measures.csv"
columns = [{measure_columns}]
rows = {len(measures)}

[schedule]
region = "AU"
nomenclature = "AU-tariff-classification"
digits = 10
hs_edition = "HS2022"
currency = "AUD"
rates_as_of = {SCRAPED}
note = "Partial: {len(chapters)} of 96 chapters (missing {', '.join(absent)}). General rates only; no preferential or concessional rates; GST (10%) is not a tariff measure."

[[legal_sources]]
id = "au-customs-tariff-act-1995"
title = "Customs Tariff Act 1995 (Cth), Schedule 3, as published in the ABF Working Tariff"
url = "https://www.abf.gov.au/importing-exporting-and-manufacturing/tariff-classification/current-tariff"
retrieved = {RETRIEVED}
""", encoding="utf-8")
    levels = Counter(len(line[0]) for line in line_rows)
    print(f"tariffs/AU/Schedule3Partial: {len(line_rows)} lines {dict(sorted(levels.items()))}, "
          f"{len(measures)} measures; chapters {len(chapters)}; {dict(counts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True, help="the shared sources folder")
    build(parser.parse_args().sources.resolve())


if __name__ == "__main__":
    main()
