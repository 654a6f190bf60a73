"""Generate the HS rule packs (nomenclatures and correlation tables) from ../shared/sources/hs.

Usage: python scripts/build_hs.py --sources ../shared/sources

Writes rules/hs/<EDITION>/ (pack.toml, nomenclature.csv, sections.csv) and
rules/hs/correlations/<FROM>-<TO>/ (pack.toml, correlation.csv). The output is deterministic;
rerun it after updating the sources and review the diff.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
RETRIEVED = date(2026, 11, 28).isoformat()

EDITIONS = {
    "HS2012": (
        "2012-01-01",
        "2016-12-31",
        "https://www.wcoomd.org/en/topics/nomenclature/instrument-and-tools/hs_nomenclature_previous_editions/hs_nomenclature_table_2012.aspx",
    ),
    "HS2017": (
        "2017-01-01",
        "2021-12-31",
        "https://www.wcoomd.org/en/topics/nomenclature/instrument-and-tools/hs-nomenclature-2017-edition/hs-nomenclature-2017-edition.aspx",
    ),
    "HS2022": (
        "2022-01-01",
        "2027-12-31",
        "https://www.wcoomd.org/en/topics/nomenclature/instrument-and-tools/hs-nomenclature-2022-edition/hs-nomenclature-2022-edition.aspx",
    ),
}
COMTRADE_CLASS = {"HS2012": "H4", "HS2017": "H5", "HS2022": "H6"}
CONCORDANCE_REPOSITORY = "https://github.com/insongkim/concordance"
CONCORDANCE_COMMIT = "201c812e51f213d967d8701b6ed6398c79df4a04"
DATASETS_REPOSITORY = "https://github.com/datasets/harmonized-system"
DATASETS_COMMIT = "905e5a0fa29f5700d62cb3cc1265f21bc8a92329"
UNSD_URL = "https://unstats.un.org/unsd/classifications/Econ"

# Pairs we ship (newer -> older, as UNSD publishes them). The engine reads them in both directions.
PAIRS = [("HS2022", "HS2017"), ("HS2022", "HS2012"), ("HS2017", "HS2012")]

# Codes that correlate with very many codes of the other edition for one narrow reason.
# Facts from the WCO amendment notes to each edition; the engine turns such links into review
# notes instead of n:n conversions. Checked against the degree counts printed by this script.
E_WASTE = (
    "HS2022",
    ["854921", "854929", "854931", "854939", "854991", "854999"],
    "HS2022 created heading 85.49 for electrical and electronic waste and scrap; before, such "
    "waste was classified with the goods or materials it came from, so UNSD links 85.49 to "
    "about a thousand subheadings of the older edition.",
    "the goods are waste or scrap of electrical or electronic assemblies (e-waste)",
)
DISPLAY_MODULES = (
    "HS2022",
    ["852411", "852412", "852419", "852491", "852492", "852499", "852990"],
    "HS2022 created heading 85.24 for flat panel display modules (Note 7 to Chapter 85); "
    "before, modules were classified as parts of the apparatus they were made for, so "
    "UNSD links 85.24 (and 8529.90 for modules that remain parts) to several hundred "
    "parts subheadings of the older edition.",
    "the goods are flat panel display modules, with or without touch screens, presented "
    "on their own",
)
TRANSDUCERS = (
    "HS2022",
    ["854151", "854159"],
    "HS2022 created subheading 8541.51 for semiconductor-based transducers (Note 12 (a) (ii) "
    "to Chapter 85); before, they were classified in the headings of the instruments and "
    "apparatus they formed part of.",
    "the goods are semiconductor-based transducers (sensors, actuators, resonators, oscillators)",
)
CLINICAL_KITS = (
    "HS2022",
    ["300693"],
    "HS2022 created subheading 3006.93 for placebos and blinded clinical trial kits; "
    "before, they were classified according to their constituents.",
    "the goods are placebos or blinded (or double-blinded) clinical trial kits",
)


def mco(edition: str) -> tuple[str, list[str], str, str]:
    return (
        edition,
        ["854231", "854232", "854233", "854239"],
        "HS2017 added Note 12 (b) (iv) to Chapter 85: multi-component integrated circuits (MCOs) "
        "are classified in 85.42; in HS2012 they fell in the headings of the goods they formed "
        "part of.",
        "the goods are multi-component integrated circuits (MCOs)",
    )


def fish_offal(edition: str) -> tuple[str, list[str], str, str]:
    return (
        edition,
        ["030291", "030292", "030299", "030391", "030392", "030399"],
        "HS2017 gave fish livers, roes and milt, shark fins, and other edible fish offal (heads, "
        "tails, maws) their own subheadings in 03.02 and 03.03; in HS2012 heads, tails and maws "
        "went with the fish species they came from.",
        "the goods are fish livers, roes, milt, fins, heads, tails, maws or other edible offal",
    )


def tripods(edition: str) -> tuple[str, list[str], str, str]:
    return (
        edition,
        ["962000"],
        "HS2017 created heading 96.20 for monopods, bipods, tripods and similar articles; in "
        "HS2012 they were classified by material or as accessories of the apparatus they served.",
        "the goods are monopods, bipods, tripods or similar articles",
    )


# Codes that correlate with very many codes of the other edition for one narrow reason.
# Facts from the WCO amendments of each edition; checked against the degree counts this script
# prints. The engine keeps such links as review notes instead of making conversions n:n.
CATCH_ALL = {
    ("HS2022", "HS2017"): [E_WASTE, DISPLAY_MODULES, TRANSDUCERS, CLINICAL_KITS],
    ("HS2022", "HS2012"): [
        E_WASTE,
        DISPLAY_MODULES,
        TRANSDUCERS,
        CLINICAL_KITS,
        mco("HS2022"),
        fish_offal("HS2022"),
        tripods("HS2022"),
    ],
    ("HS2017", "HS2012"): [mco("HS2017"), fish_offal("HS2017"), tripods("HS2017")],
}


def read_editions(sources: Path) -> dict[str, list[dict[str, str]]]:
    path = sources / "hs/un-comtrade-classifications/hs_editions_tidy.csv"
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["edition"] in EDITIONS and not row["code"].startswith("99"):
                rows[row["edition"]].append(row)
    return rows


def read_sections(sources: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
    base = sources / "hs/datasets-harmonized-system"
    with (base / "sections.csv").open(encoding="utf-8-sig", newline="") as handle:
        sections = [(row["section"], row["name"]) for row in csv.DictReader(handle)]
    chapter_section: dict[str, str] = {}
    with (base / "hs2022_harmonized-system.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == "2" and row["section"] != "TOTAL":
                chapter_section[row["hscode"]] = row["section"]
    return sections, chapter_section


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build_nomenclature(sources: Path) -> None:
    editions = read_editions(sources)
    sections, chapter_section = read_sections(sources)
    for edition, (valid_from, valid_to, url) in EDITIONS.items():
        folder = PROJECT / "rules/hs" / edition
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for row in sorted(editions[edition], key=lambda item: item["code"]):
            chapter = row["code"][:2]
            section = chapter_section[chapter]
            parent = "" if row["level"] == "2" else row["parent"]
            rows.append([row["code"], row["level"], parent, section, row["description"].strip()])
        write_csv(
            folder / "nomenclature.csv", ["code", "level", "parent", "section", "description"], rows
        )
        write_csv(
            folder / "sections.csv", ["section", "description"], [list(item) for item in sections]
        )
        counts = Counter(row[1] for row in rows)
        comtrade = COMTRADE_CLASS[edition]
        (folder / "pack.toml").write_text(
            f"""# Generated by scripts/build_hs.py from ../shared/sources/hs; do not edit by hand.
# Descriptions are UN Comtrade's self-explanatory texts (not the legal WCO heading texts).
# Chapter 99 of Comtrade ("commodities not specified according to kind") is left out: it is not WCO.
[pack]
id = "hs/{edition}"
kind = "hs-nomenclature"
title = "Harmonized System {edition[2:]} edition: chapters, headings and subheadings"
licence = "UN data, reusable with attribution (UN Comtrade reference tables)"
valid_from = {valid_from}
valid_to = {valid_to}
reviewed = {RETRIEVED}

[[pack.sources]]
title = "WCO, HS Nomenclature {edition[2:]} edition"
url = "{url}"
retrieved = {RETRIEVED}

[[pack.sources]]
title = "UN Comtrade reference table {comtrade} ({edition})"
url = "https://comtradeapi.un.org/files/v1/app/reference/{comtrade}.json"
retrieved = {RETRIEVED}

[pack.generated]
script = "scripts/build_hs.py"
upstream = [
  {{ file = "data-raw/classification{comtrade}.json", repository = "{CONCORDANCE_REPOSITORY}", commit = "{CONCORDANCE_COMMIT}", licence = "UN Comtrade reference data (attribution); package MIT" }},
  {{ file = "data/sections.csv, data/harmonized-system.csv (chapter to section)", repository = "{DATASETS_REPOSITORY}", commit = "{DATASETS_COMMIT}", licence = "ODC-PDDL-1.0" }},
]

[[pack.tables]]
file = "nomenclature.csv"
columns = ["code", "level", "parent", "section", "description"]
rows = {len(rows)}

[[pack.tables]]
file = "sections.csv"
columns = ["section", "description"]
rows = {len(sections)}

[edition]
name = "{edition}"
in_force_from = {valid_from}
in_force_to = {valid_to}
""",
            encoding="utf-8",
        )
        print(
            f"{edition}: {counts['2']} chapters, {counts['4']} headings, {counts['6']} subheadings"
        )


def build_correlations(sources: Path) -> None:
    path = sources / "hs/unsd-hs-correlations/hs_correlations_tidy.csv"
    links: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            pair = (row["from_edition"], row["to_edition"])
            if pair in PAIRS:
                links[pair].append(
                    [row["from_code"], row["to_code"], row["relationship"], row["ex_flag"]]
                )
    for source, target in PAIRS:
        rows = sorted(links[(source, target)])
        folder = PROJECT / "rules/hs/correlations" / f"{source}-{target}"
        folder.mkdir(parents=True, exist_ok=True)
        write_csv(folder / "correlation.csv", ["from_code", "to_code", "relationship", "ex"], rows)
        degree_from = Counter(row[0] for row in rows)
        degree_to = Counter(row[1] for row in rows)
        print(
            f"{source}->{target}: {len(rows)} links; highest degrees "
            f"{source}: {degree_from.most_common(6)} {target}: {degree_to.most_common(4)}"
        )
        catch_all_toml = []
        for edition, codes, reason, applies_when in CATCH_ALL[(source, target)]:
            catch_all_toml.append(f"""
[[catch_all]]
edition = "{edition}"
codes = [{", ".join(toml_string(code) for code in codes)}]
reason = {toml_string(reason)}
applies_when = {toml_string(applies_when)}
""")
        valid_from = EDITIONS[source][0]
        (folder / "pack.toml").write_text(
            f"""# Generated by scripts/build_hs.py from ../shared/sources/hs; do not edit by hand.
# UNSD publishes correlations from the newer edition to the older; the engine reads both directions.
# relationship is UNSD's, from the {source} side; ex = "ex" marks a partial correspondence.
from_edition = "{source}"
to_edition = "{target}"

[pack]
id = "hs/correlations/{source}-{target}"
kind = "hs-correlation"
title = "UNSD correlation table {source} to {target}"
licence = "UN data, reusable with attribution (UNSD)"
valid_from = {valid_from}
reviewed = {RETRIEVED}

[[pack.sources]]
title = "UNSD, HS Correspondence tables ({source} to {target} conversion and correlation tables)"
url = "{UNSD_URL}"
retrieved = {RETRIEVED}

[pack.generated]
script = "scripts/build_hs.py"
upstream = [
  {{ file = "data-raw/{source}to{target}ConversionAndCorrelationTables.xlsx (via hs_correlations_tidy.csv)", repository = "{CONCORDANCE_REPOSITORY}", commit = "{CONCORDANCE_COMMIT}", licence = "UNSD publication (attribution); package MIT" }},
]

[[pack.tables]]
file = "correlation.csv"
columns = ["from_code", "to_code", "relationship", "ex"]
rows = {len(rows)}
{"".join(catch_all_toml)}""",
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=Path, default=PROJECT.parent / "shared/sources")
    arguments = parser.parse_args()
    build_nomenclature(arguments.sources)
    build_correlations(arguments.sources)


if __name__ == "__main__":
    main()
