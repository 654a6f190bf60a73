"""Generate the UK Global Tariff 2021 pack (rules/tariffs/GB/UKGT2021/).

Usage: python scripts/build_tariff_gb.py --sources ../shared/sources

Reads ``tariffs/uk-global-tariff-2021/ukgt_2021_vs_eu_cet.csv`` (DIT's UK Global Tariff file of
2020-12-02, via GSS-Cogs) for the commodity codes and their UK MFN rates from 2021-01-01, and
``tariffs/eu-combined-nomenclature-2021`` for the tree above them: the UK's 8-digit codes of
January 2021 are those of CN 2021. Later UKGT amendments are not included.
The output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
FOLDER = PROJECT / "rules/tariffs/GB/UKGT2021"
RETRIEVED = "2026-11-28"
LINE_COLUMNS = ["code", "parent", "description", "unit", "hs6"]
MEASURE_COLUMNS = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from",
                   "valid_to", "legal_source", "note"]
GSS_REPOSITORY = "https://github.com/GSS-Cogs/family-trade"
GSS_UKGT_COMMIT = "6f60518998a04acc9954f989e400a9abe08f6afc"
GSS_CN_COMMIT = "525b0e360464b15353131ca864e20937b65554da"
DIT_URL = "https://www.check-future-uk-trade-tariffs.service.gov.uk/api/global-uk-tariff.csv"
FLAGS = {
    "trade_remedy_applies": "a trade remedy applies",
    "cet_applies_until_trade_remedy_transition_reviews_concluded":
        "the EU CET rate applies until the trade remedy transition review concludes",
    "suspension_applies": "a tariff suspension applies",
    "atq_applies": "an autonomous tariff quota applies",
}


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    rows = [[" ".join(value.split()) for value in row] for row in rows]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def pad_uk_code(code: str) -> str:
    """The DIT file strips the leading zero of chapters 01-09: 7 -> 8 digits, 9 -> 10 digits."""
    return code.zfill(8) if len(code) <= 8 else code.zfill(10)


def cn2021_tree(sources: Path) -> dict[str, list[str]]:
    """Coded nodes of CN 2021 (chapters to CN8) as lines, un-coded indent labels folded in."""
    path = sources / "tariffs/eu-combined-nomenclature-2021/combined-nomenclature-8-2021.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_notation = {row["Notation"]: row for row in rows}

    def coded(notation: str) -> bool:
        return notation.isdigit() and len(notation) in (2, 4, 6, 8)

    tree: dict[str, list[str]] = {}
    for row in rows:
        code = row["Notation"]
        if not coded(code):
            continue
        if len(code) == 2:
            tree[code] = [code, "", row["Description"].strip(), "", ""]
            continue
        indents: list[str] = []
        parent = row["Parent Notation"]
        while parent and not coded(parent):
            indents.append(by_notation[parent]["Label"].strip())
            parent = by_notation[parent]["Parent Notation"]
        tree[code] = [code, parent, " > ".join([*reversed(indents), row["Label"].strip()]), "", ""]
    return tree


def build(sources: Path) -> None:
    with (PROJECT / "rules/hs/HS2017/nomenclature.csv").open(encoding="utf-8", newline="") as handle:
        known = {row["code"] for row in csv.DictReader(handle)}
    lines = cn2021_tree(sources)
    path = sources / "tariffs/uk-global-tariff-2021/ukgt_2021_vs_eu_cet.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    measures = []
    added = Counter()
    for row in rows:
        code = pad_uk_code(row["commodity"].strip())
        if code not in lines:
            parent = next(code[:length] for length in (8, 6, 4, 2) if code[:length] in lines)
            lines[code] = [code, parent, row["description"].strip(), "", ""]
            added[len(code)] += 1
        notes = ["UK Global Tariff from 2021-01-01"]
        notes += [text for flag, text in FLAGS.items() if row[flag] == "True"]
        if row["ukgt_duty_rate"].strip():
            measures.append([code, "mfn", "erga_omnes", "", row["ukgt_duty_rate"].strip(), "2021-01-01", "",
                             "uk-tariff-2020", "; ".join(notes)])
    for line in lines.values():
        if len(line[0]) >= 6 and line[0][:6] in known:
            line[4] = line[0][:6]
    line_rows = [lines[code] for code in sorted(lines)]
    measures.sort(key=lambda measure: measure[0])
    FOLDER.mkdir(parents=True, exist_ok=True)
    write_csv(FOLDER / "lines.csv", LINE_COLUMNS, line_rows)
    write_csv(FOLDER / "measures.csv", MEASURE_COLUMNS, measures)
    columns = ", ".join(toml_string(column) for column in LINE_COLUMNS)
    measure_columns = ", ".join(toml_string(column) for column in MEASURE_COLUMNS)
    (FOLDER / "pack.toml").write_text(f"""# Generated by scripts/build_tariff_gb.py from ../shared/sources/tariffs; do not edit by hand.
# Codes and UK MFN rates: DIT's UK Global Tariff file of 2020-12-02 (leading zeros re-padded).
# Tree above the commodity codes: CN 2021 (the UK's 8-digit codes in January 2021), labels as printed,
# un-coded indent labels folded in with ' > '. 10-digit codes not in CN 2021 carry DIT's description.
# Later UKGT amendments (2021 onwards) are NOT included: valid_to is left open but the rates are those
# of 1 January 2021. No supplementary units in the source.
[pack]
id = "tariffs/GB/UKGT2021"
kind = "tariff-schedule"
title = "UK Global Tariff 2021: commodity codes and MFN duties from 1 January 2021 (no later amendments)"
licence = "Crown copyright, Open Government Licence v3.0 (DIT); CN 2021 tree (c) European Union, CC BY 4.0"
valid_from = 2021-01-01
reviewed = {RETRIEVED}

[[pack.sources]]
title = "Department for International Trade, The UK Global Tariff (full CSV, published 2020-12-02)"
url = "{DIT_URL}"
retrieved = {RETRIEVED}

[[pack.sources]]
title = "HMRC / Department for Business and Trade, UK Trade Tariff"
url = "https://www.trade-tariff.service.gov.uk/"
retrieved = {RETRIEVED}
note = "the current tariff, with amendments since 2021, is published here"

[pack.generated]
script = "scripts/build_tariff_gb.py"
upstream = [
  {{ file = "datasets/DIT-UK-tariffs/observations.csv", repository = "{GSS_REPOSITORY}", commit = "{GSS_UKGT_COMMIT}", licence = "Open Government Licence v3.0" }},
  {{ file = "reference/codelists/combined-nomenclature-8-2021.csv", repository = "{GSS_REPOSITORY}", commit = "{GSS_CN_COMMIT}", licence = "CC BY 4.0 (European Union data)" }},
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
region = "GB"
nomenclature = "UK-commodity-code"
digits = 10
hs_edition = "HS2017"
currency = "GBP"
rates_as_of = 2021-01-01
note = "UK Global Tariff as it stood on 1 January 2021. Later amendments (rate changes, new codes, the HS 2022 update of 2022-01-01, suspensions) are not included. Trade remedies, suspensions and quotas are only flagged in the measure notes."

[[legal_sources]]
id = "uk-tariff-2020"
title = "The Customs Tariff (Establishment) (EU Exit) Regulations 2020 (SI 2020/1430) and the reference document 'The Tariff of the United Kingdom'"
url = "https://www.legislation.gov.uk/uksi/2020/1430/contents/made"
retrieved = {RETRIEVED}

[[legal_sources]]
id = "taxation-cross-border-trade-act-2018"
title = "Taxation (Cross-border Trade) Act 2018"
url = "https://www.legislation.gov.uk/ukpga/2018/22/contents"
retrieved = {RETRIEVED}
""", encoding="utf-8")
    print(f"tariffs/GB/UKGT2021: {len(line_rows)} lines ({dict(sorted(added.items()))} codes added below CN 2021), "
          f"{len(measures)} measures")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True, help="the shared sources folder")
    build(parser.parse_args().sources.resolve())


if __name__ == "__main__":
    main()
