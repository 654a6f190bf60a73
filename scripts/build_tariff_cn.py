"""Generate China's 2026 tariff packs: imports (Tariff2026) and exports (Export2026).

Usage: python scripts/build_tariff_cn.py --sources ../shared/sources

Reads ``tariffs/china/``:

- ``cn-tariff-2026-hs10``: 10-digit codes with Chinese names and the import MFN, provisional
  (暂定), general (普通) and agreement (协定) rates, import VAT, consumption tax, export duty, export
  provisional duty and export rebate rates; chapter names (``chapters_index_zh.json``);
- ``cn-customs-stats-hs8-bilingual``: 8-digit statistical names in Chinese and English (2023 list)
  and HS6 names derived from single-line subheadings;
- ``cn-export-tariff-2026``: the official export schedule, used to cross-check the export duties
  and to cite the tariff page of each export line;
- ``../hs`` is not read: English heading and subheading texts come from ``rules/hs/HS2022``.

Writes ``rules/tariffs/CN/Tariff2026/`` (lines.csv, lines_en.csv, origin_groups.csv, measures.csv) and
``rules/tariffs/CN/Export2026/`` (measures.csv). A measure sits on the highest node (chapter,
heading, HS6, 8-digit line) whose 10-digit codes all have the same value, else on each 10-digit code. Output is
deterministic (gzip without a timestamp).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
OUTPUT = PROJECT / "rules/tariffs/CN"
RETRIEVED = "2026-11-28"
VALID_FROM = "2026-01-01"
VALID_TO = "2026-12-31"
LINE_COLUMNS = ["code", "parent", "description", "unit", "hs6"]
MEASURE_COLUMNS = ["code", "measure_type", "origin", "excluded_origins", "expression", "valid_from",
                   "valid_to", "legal_source", "note"]
NOMENCLATURE = "China-customs-code"
# Members of the group:<id> origins (empty dates: members since before 2026; note: the agreement).
GROUP_COLUMNS = ["group", "country", "valid_from", "valid_to", "note"]

TARIFF_REPOSITORY = "https://github.com/Hdycz0921/hscode-data"
TARIFF_COMMIT = "8423aa42f26dc1edae769c95a185907d8cb31c1c"
TARIFF_HEAD = "4bcbbec8a99af33c220fb2b799e51dc4baf0a186"
STATS_REPOSITORY = "https://github.com/turbanisch/chinautils"
STATS_COMMIT = "1765488f5b3d7f5f509f06f4d65439067f15a1bb"
EXPORT_REPOSITORY = "https://github.com/mosgpt-alt/shuimatong"
EXPORT_COMMIT = "8a7b829471ce3faeca877bf652900cba52d2f96b"
LICENCE = ("Official PRC tariff (annex to the Customs Tariff Law; official documents are outside "
           "copyright under Art. 5 of the PRC Copyright Law). The compilation it was taken from has no "
           "licence: reference data, to be re-derived from the official MOF/GACC/STA texts before a "
           "release. English statistical names: chinautils (MIT), from GACC statistics.")

# Agreement codes of the source -> (origin, agreement in Chinese, agreement in English).
AGREEMENTS: dict[str, tuple[str, str, str]] = {
    "AP": ("group:APTA", "亚太贸易协定", "Asia-Pacific Trade Agreement (APTA)"),
    "AS": ("group:ACFTA", "中国—东盟自由贸易协定", "China-ASEAN Free Trade Agreement"),
    "AU": ("AU", "中国—澳大利亚自由贸易协定", "China-Australia Free Trade Agreement"),
    "CH": ("CH", "中国—瑞士自由贸易协定", "China-Switzerland Free Trade Agreement"),
    "CL": ("CL", "中国—智利自由贸易协定", "China-Chile Free Trade Agreement"),
    "CR": ("CR", "中国—哥斯达黎加自由贸易协定", "China-Costa Rica Free Trade Agreement"),
    "EC": ("EC", "中国—厄瓜多尔自由贸易协定", "China-Ecuador Free Trade Agreement"),
    "GE": ("GE", "中国—格鲁吉亚自由贸易协定", "China-Georgia Free Trade Agreement"),
    "HK_CEPA": ("HK", "内地与香港关于建立更紧密经贸关系的安排（CEPA）",
                "Mainland and Hong Kong Closer Economic Partnership Arrangement (CEPA)"),
    "HN": ("HN", "中国—洪都拉斯（税则协定税率栏标注“洪都拉斯”）",
           "China-Honduras (as tagged in the tariff's agreement column; one line only)"),
    "IS": ("IS", "中国—冰岛自由贸易协定", "China-Iceland Free Trade Agreement"),
    "KH": ("KH", "中国—柬埔寨自由贸易协定", "China-Cambodia Free Trade Agreement"),
    "KR": ("KR", "中国—韩国自由贸易协定", "China-Korea Free Trade Agreement"),
    "MO_CEPA": ("MO", "内地与澳门关于建立更紧密经贸关系的安排（CEPA）",
                "Mainland and Macao Closer Economic Partnership Arrangement (CEPA)"),
    "MU": ("MU", "中国—毛里求斯自由贸易协定", "China-Mauritius Free Trade Agreement"),
    "MV": ("MV", "中国—马尔代夫自由贸易协定", "China-Maldives Free Trade Agreement"),
    "NI": ("NI", "中国—尼加拉瓜自由贸易协定", "China-Nicaragua Free Trade Agreement"),
    "NZ": ("NZ", "中国—新西兰自由贸易协定", "China-New Zealand Free Trade Agreement"),
    "PE": ("PE", "中国—秘鲁自由贸易协定", "China-Peru Free Trade Agreement"),
    "PK": ("PK", "中国—巴基斯坦自由贸易协定", "China-Pakistan Free Trade Agreement"),
    "RS": ("RS", "中国—塞尔维亚自由贸易协定", "China-Serbia Free Trade Agreement"),
    "SG": ("SG", "中国—新加坡自由贸易协定", "China-Singapore Free Trade Agreement"),
    "TW_ECFA": ("TW", "海峡两岸经济合作框架协议（ECFA）",
                "Cross-Strait Economic Cooperation Framework Agreement (ECFA)"),
}
# Members that China grants the group's rates to (China itself excluded).
GROUPS: dict[str, tuple[str, list[str]]] = {
    "APTA": ("Asia-Pacific Trade Agreement (亚太贸易协定)", ["BD", "IN", "KR", "LA", "LK", "MN"]),
    "ACFTA": ("China-ASEAN Free Trade Agreement (中国—东盟自由贸易协定)",
              ["BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"]),
}

LEGAL_SOURCES = [
    ("cn-tariff-2026", "国务院关税税则委员会公告2025年第12号：《中华人民共和国进出口税则（2026）》 "
     "(Customs Tariff of the PRC 2026, State Council Tariff Commission)",
     "https://gss.mof.gov.cn/",
     "In force 2026-01-01. Announcement number as given in the source provenance; MFN, provisional, "
     "general and agreement rates and the export schedule are annexes. Mid-year changes (e.g. "
     "税委会公告2026年第1号, whisky 5% provisional from 2026-02-02) are not included."),
    ("cn-customs-tariff-law", "《中华人民共和国关税法》 (Customs Tariff Law of the PRC, in force 2024-12-01)",
     "https://flk.npc.gov.cn/", None),
    ("cn-vat-law", "《中华人民共和国增值税法》 (Value-Added Tax Law of the PRC, in force 2026-01-01): "
     "13% standard rate, 9% for listed goods",
     "https://flk.npc.gov.cn/", None),
    ("cn-consumption-tax", "《中华人民共和国消费税暂行条例》 (国务院令第539号) and its 税目税率表, "
     "as amended (财税〔2016〕103号, 财政部 海关总署 税务总局公告2022年第33号 and others)",
     "https://www.chinatax.gov.cn/", None),
    ("cn-export-rebate", "国家税务总局 出口退税率文库 (State Taxation Administration export rebate rate library)",
     "https://www.chinatax.gov.cn/",
     "Rebate rates change more often than the tariff; confirm each rate with the tax authority."),
]


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def clean(text: str) -> str:
    """One line of text: control characters and runs of white space become one space."""
    return " ".join(text.split())


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.write_text(csv_text(header, rows), encoding="utf-8", newline="")


def write_csv_gz(path: Path, header: list[str], rows: list[list[str]]) -> None:
    data = csv_text(header, rows).encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                               compresslevel=9) as handle:
        handle.write(data)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def hs2022() -> dict[str, str]:
    rows = read_csv(PROJECT / "rules/hs/HS2022/nomenclature.csv")
    return {row["code"]: row["description"] for row in rows}


def clean_agreement_rate(text: str) -> tuple[str, bool]:
    """Undo PDF line-break artefacts (spaces inside Chinese text); bare numbers are percentages."""
    cleaned = re.sub(r"\s+", "", text)
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return cleaned + "%", cleaned != text
    return cleaned, cleaned != text


def build_lines(sources: Path, tariff: list[dict[str, str]]) -> tuple[list[list[str]], list[list[str]]]:
    base = sources / "tariffs/china"
    english = hs2022()
    with (base / "cn-tariff-2026-hs10/chapters_index_zh.json").open(encoding="utf-8") as handle:
        chapter_names = {item["code"]: re.sub(r"^第\d+章\s*", "", item["name"]) for item in json.load(handle)}
    stats = {row["hs8"]: row for row in read_csv(base / "cn-customs-stats-hs8-bilingual/cn_hs8_bilingual_2015_2023.csv")
             if row["year"] == "2023"}
    hs6_names = {row["hs6"]: row for row in read_csv(base / "cn-customs-stats-hs8-bilingual/cn_hs6_names_derived_2023.csv")}
    children: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in tariff:
        children[row["hs8"]].append(row)

    lines: dict[str, list[str]] = {}
    english_lines: dict[str, str] = {}
    for row in tariff:
        chapter, heading, hs6, hs8 = row["chapter"], row["hs4"], row["hs6"], row["hs8"]
        in_hs = hs6 in english
        if chapter not in lines:
            lines[chapter] = [chapter, "", chapter_names[chapter], "", ""]
            if chapter in english:
                english_lines[chapter] = english[chapter]
        if heading not in lines:
            # No official Chinese heading text in the sources: use the Chinese name of the heading's
            # only subheading when it has one, else the English HS text.
            single = hs6_names.get(heading + "00")
            text = single["name_zh"] if single else english.get(heading, "")
            lines[heading] = [heading, chapter, text, "", ""]
            if heading in english:
                english_lines[heading] = english[heading]
        if hs6 not in lines:
            text = hs6_names[hs6]["name_zh"] if hs6 in hs6_names else english.get(hs6, "")
            lines[hs6] = [hs6, heading, text, "", hs6 if in_hs else ""]
            if hs6 in english:
                english_lines[hs6] = english[hs6]
        if hs8 not in lines:
            if hs8 in stats:
                text = stats[hs8]["name_zh"]
                english_lines[hs8] = stats[hs8]["name_en"]
            else:  # 8-digit lines created after the 2023 statistical list
                text = "；".join(child["name_zh"] for child in children[hs8])
            lines[hs8] = [hs8, hs6, text, "", hs6 if in_hs else ""]
        unit = ";".join(value for value in (row["unit1_zh"], row["unit2_zh"]) if value)
        lines[row["hs10"]] = [row["hs10"], hs8, row["name_zh"], unit, hs6 if in_hs else ""]
        if len(children[hs8]) == 1 and row["hs10"].endswith("00") and hs8 in stats:
            english_lines[row["hs10"]] = stats[hs8]["name_en"]
    # Chapter 98 (special trade, national) has no HS text: name its nodes after the codes below them.
    for code, line in lines.items():
        if not line[2]:
            line[2] = "；".join(row["name_zh"] for row in tariff if row["hs10"].startswith(code))
    empty = [code for code, line in lines.items() if not line[2]]
    if empty:
        raise SystemExit(f"lines without a description: {empty[:10]}")
    return ([[line[0], line[1], clean(line[2]), line[3], line[4]] for _, line in sorted(lines.items())],
            [[code, clean(english_lines[code])] for code in sorted(english_lines)])


def compress(tariff: list[dict[str, str]], values: dict[str, str]) -> list[tuple[str, str]]:
    """(code, value) pairs, each on the highest node (chapter, heading, HS6, 8-digit line) whose
    10-digit codes all carry the same value; a measure on a code applies to every line below it."""
    codes = [row["hs10"] for row in tariff]
    result: list[tuple[str, str]] = []

    def walk(prefix: str, below: list[str], level: int) -> None:
        seen = {values.get(code) for code in below}
        if len(seen) == 1 and None not in seen:
            result.append((prefix, values[below[0]]))
            return
        if level == len(LEVELS):
            return
        groups: dict[str, list[str]] = defaultdict(list)
        for code in below:
            groups[code[:LEVELS[level]]].append(code)
        for child in sorted(groups):
            walk(child, groups[child], level + 1)

    chapters: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        chapters[code[:2]].append(code)
    for chapter in sorted(chapters):
        walk(chapter, chapters[chapter], 1)
    return result


LEVELS = (2, 4, 6, 8, 10)


def measure(code: str, measure_type: str, origin: str, expression: str, source: str, note: str) -> list[str]:
    return [code, measure_type, origin, "", expression, VALID_FROM, VALID_TO, source, note]


COSMETICS_NOTE = ("source threshold text is wrong: the statutory threshold for 高档化妆品 is a sale price of "
                  "10 元/毫升(克) or 15 元/片(张) and above (财税〔2016〕103号)")
CIGARETTE_EXPRESSION = "每标准条调拨价格≥70元：56%+0.003元/支，每标准条调拨价格<70元：36%+0.003元/支"
CIGARETTE_NOTE = ("cell blank in the tariff table; expression composed from the statutory consumption-tax "
                  "schedule (卷烟甲类/乙类, 财税〔2009〕84号); verify before use")


def import_measures(tariff: list[dict[str, str]], agreements: list[dict[str, str]]) -> tuple[list[list[str]], Counter[str]]:
    rows: list[list[str]] = []
    stats: Counter[str] = Counter()

    def column(name: str) -> dict[str, str]:
        return {row["hs10"]: row[name].strip() for row in tariff if row[name].strip()}

    for code, value in compress(tariff, column("mfn_rate")):
        rows.append(measure(code, "mfn", "erga_omnes", value, "cn-tariff-2026", "最惠国税率 (MFN rate)"))
    for code, value in compress(tariff, column("provisional_rate")):
        rows.append(measure(code, "provisional", "erga_omnes", value, "cn-tariff-2026",
                            "进口暂定税率 (provisional rate, 2026): replaces the MFN rate for goods entitled to MFN "
                            "treatment; an agreement rate still applies when it is lower"))
    for code, value in compress(tariff, column("general_rate")):
        rows.append(measure(code, "column2", "erga_omnes", value, "cn-tariff-2026",
                            "普通税率 (general rate): goods from origins without MFN treatment or an agreement"))
    by_agreement: dict[str, dict[str, str]] = defaultdict(dict)
    for item in agreements:
        expression, changed = clean_agreement_rate(item["rate"])
        stats["agreement rates with PDF line-break spaces removed"] += changed
        by_agreement[item["agreement_code"]][item["hs10"]] = expression
    for agreement_code in sorted(by_agreement):
        origin, name_zh, name_en = AGREEMENTS[agreement_code]
        for code, value in compress(tariff, by_agreement[agreement_code]):
            rows.append(measure(code, "preferential", origin, value, "cn-tariff-2026",
                                f"协定税率: {name_zh} / {name_en}"))
    for code, value in compress(tariff, column("import_vat_rate")):
        rows.append(measure(code, "import_vat", "erga_omnes", value, "cn-vat-law",
                            "进口环节增值税 (import VAT); base: customs value + duty + consumption tax"))
    consumption = column("consumption_tax_rate")
    for row in tariff:
        if row["hs4"] == "2402" and row["hs10"] not in consumption and "卷烟" in row["name_zh"]:
            consumption[row["hs10"]] = CIGARETTE_EXPRESSION
            stats["cigarette consumption tax filled from the statutory schedule"] += 1
    for code, value in compress(tariff, consumption):
        note = "进口环节消费税 (import consumption tax); ad valorem base: (customs value + duty) / (1 - rate)"
        if code[:4] in ("3303", "3304") and "10000元" in value:
            note += "; " + COSMETICS_NOTE
        if value == CIGARETTE_EXPRESSION:
            note += "; " + CIGARETTE_NOTE
        rows.append(measure(code, "consumption_tax", "erga_omnes", value, "cn-consumption-tax", note))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return rows, stats


def export_measures(sources: Path, tariff: list[dict[str, str]]) -> list[list[str]]:
    with (sources / "tariffs/china/cn-export-tariff-2026/export_tariff_2026.json").open(encoding="utf-8") as handle:
        schedule = json.load(handle)
    pages: dict[str, str] = {}
    for item in schedule:
        code = item["code"].removeprefix("ex")
        reference = f"出口税则 2026 第{item['page']}页" + (f" 序号{item['no']}" if item["no"] else f" ex {item['name']}")
        pages[code] = "; ".join(filter(None, [pages.get(code), reference]))
    duty = {row["hs10"]: row["export_duty_rate"] for row in tariff if row["export_duty_rate"]}
    provisional = {row["hs10"]: row["export_provisional_rate"] for row in tariff if row["export_provisional_rate"]}
    rebate = {row["hs10"]: row["export_rebate_rate"] for row in tariff if row["export_rebate_rate"]}
    # Cross-check: every numbered export line's statutory rate is in the 10-digit table.
    for item in schedule:
        if item["code"].startswith("ex"):
            continue
        rate = item["rate"].split("∆")[0] + "%"
        found = {value for code, value in duty.items() if code.startswith(item["code"])}
        if found and rate not in found:
            raise SystemExit(f"export duty of {item['code']} is {rate} in the schedule, {found} in the table")
    rows = []
    for code, value in compress(tariff, duty):
        note = "出口关税 法定税率 (statutory export duty)"
        if code[:8] in pages:
            note += f"; {pages[code[:8]]}"
        rows.append(measure(code, "export_duty", "erga_omnes", value, "cn-tariff-2026", note))
    for code, value in compress(tariff, provisional):
        note = "出口暂定税率 (provisional export duty, 2026): replaces the statutory export duty"
        if code[:8] in pages:
            note += f"; {pages[code[:8]]}"
        rows.append(measure(code, "provisional", "erga_omnes", value, "cn-tariff-2026", note))
    for code, value in compress(tariff, rebate):
        note = ("出口退税率 (export VAT rebate rate): must be confirmed with the tax authority (STA 出口退税率文库) "
                "before filing")
        if "," in value:
            note += "; several rates within this code depending on the product"
        rows.append(measure(code, "export_rebate", "erga_omnes", value, "cn-export-rebate", note))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return rows


def legal_sources_toml() -> str:
    parts = []
    for source_id, title, url, note in LEGAL_SOURCES:
        text = (f"[[legal_sources]]\nid = {toml_string(source_id)}\ntitle = {toml_string(title)}\n"
                f"url = {toml_string(url)}\nretrieved = {RETRIEVED}\n")
        if note:
            text += f"note = {toml_string(note)}\n"
        parts.append(text)
    return "\n".join(parts)


def upstream_toml(entries: list[tuple[str, str, str, str]]) -> str:
    return "\n".join(f"  {{ file = {toml_string(file)}, repository = {toml_string(repository)}, "
                     f"commit = {toml_string(commit)}, licence = {toml_string(licence)} }},"
                     for file, repository, commit, licence in entries)


def tables_toml(tables: list[tuple[str, list[str], int]]) -> str:
    return "\n".join(f"[[pack.tables]]\nfile = {toml_string(file)}\n"
                     f"columns = [{', '.join(toml_string(column) for column in columns)}]\nrows = {rows}\n"
                     for file, columns, rows in tables)


SOURCES_TOML = f"""[[pack.sources]]
title = "国务院关税税则委员会: 中华人民共和国进出口税则（2026） (Customs Tariff of the PRC 2026)"
url = "https://gss.mof.gov.cn/"
retrieved = {RETRIEVED}

[[pack.sources]]
title = "Hdycz0921/hscode-data: 2026 tariff by 10-digit customs code (third-party compilation of official data)"
url = "{TARIFF_REPOSITORY}"
retrieved = {RETRIEVED}
note = "data/source/最新税则.xlsx at commit {TARIFF_COMMIT}; no licence"

[[pack.sources]]
title = "China Customs statistical commodity codes in Chinese and English (chinautils, 2023 list)"
url = "{STATS_REPOSITORY}"
retrieved = {RETRIEVED}
"""


def build(sources: Path) -> None:
    base = sources / "tariffs/china"
    tariff = sorted(read_csv(base / "cn-tariff-2026-hs10/cn_tariff_2026_hs10.csv"), key=lambda row: row["hs10"])
    agreements = read_csv(base / "cn-tariff-2026-hs10/cn_tariff_2026_hs10_agreement_rates.csv")
    lines, english = build_lines(sources, tariff)
    measures, stats = import_measures(tariff, agreements)
    groups = [[group, member, "", "", name] for group, (name, members) in sorted(GROUPS.items()) for member in members]

    folder = OUTPUT / "Tariff2026"
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "lines.csv", LINE_COLUMNS, lines)
    write_csv(folder / "lines_en.csv", ["code", "description_en"], english)
    write_csv(folder / "origin_groups.csv", GROUP_COLUMNS, groups)
    write_csv(folder / "measures.csv", MEASURE_COLUMNS, measures)
    upstream = [
        ("data/source/最新税则.xlsx (cn_tariff_2026_hs10.csv, cn_tariff_2026_hs10_agreement_rates.csv)",
         TARIFF_REPOSITORY, TARIFF_COMMIT, "none stated (official tariff data compiled by a third party)"),
        ("v2.0.3/hscode/index.json (chapter names)", TARIFF_REPOSITORY, TARIFF_HEAD, "none stated"),
        ("data-raw/china-customs-codes/commodities/{zh,en}-hs8-2023.csv", STATS_REPOSITORY, STATS_COMMIT, "MIT"),
    ]
    (folder / "pack.toml").write_text(f"""# Generated by scripts/build_tariff_cn.py from ../shared/sources/tariffs/china; do not edit by hand.
# Lines: chapters, headings, HS6, 8-digit tariff lines (税则号列) and 10-digit customs codes.
# description is Chinese: chapter titles, 8-digit statistical names, 10-digit customs names; headings and
# subheadings have no official Chinese text in the sources and use the name of their only 8-digit line
# where there is one, else the English HS text. English names are in lines_en.csv (code, description_en).
# unit = legal units of quantity, first;second. Rate texts are kept as the source gives them, except that
# agreement rates printed as bare numbers get a "%" and PDF line-break spaces are removed.
# Agreement origins: ISO alpha-2, or group:<id> listed in origin_groups.csv (group, country, dates, note).
[pack]
id = "tariffs/CN/Tariff2026"
kind = "tariff-schedule"
title = "China Customs Tariff 2026: 10-digit import lines, MFN, provisional, general and agreement rates, import VAT and consumption tax"
licence = {toml_string(LICENCE)}
valid_from = {VALID_FROM}
valid_to = {VALID_TO}
reviewed = {RETRIEVED}

{SOURCES_TOML}
[pack.generated]
script = "scripts/build_tariff_cn.py"
upstream = [
{upstream_toml(upstream)}
]

{tables_toml([("lines.csv", LINE_COLUMNS, len(lines)), ("lines_en.csv", ["code", "description_en"], len(english)),
              ("origin_groups.csv", GROUP_COLUMNS, len(groups)),
              ("measures.csv", MEASURE_COLUMNS, len(measures))])}
[schedule]
region = "CN"
nomenclature = "{NOMENCLATURE}"
digits = 10
hs_edition = "HS2022"
direction = "import"
currency = "CNY"
rates_as_of = {VALID_FROM}
note = "2026 tariff as in force on 2026-01-01. Not included: RCEP rates (absent from the source), special preferential (特惠) rates for least-developed countries, mid-year changes such as the whisky provisional rate from 2026-02-02, tariff-quota rates, and the cross-border e-commerce retail import regime (see the CBEC rules)."

{legal_sources_toml()}""", encoding="utf-8")

    export_rows = export_measures(sources, tariff)
    folder = OUTPUT / "Export2026"
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "measures.csv", MEASURE_COLUMNS, export_rows)
    export_upstream = [
        ("data/source/最新税则.xlsx (export duty, export provisional duty, export rebate columns)",
         TARIFF_REPOSITORY, TARIFF_COMMIT, "none stated (official tariff data compiled by a third party)"),
        ("data/export.json (export schedule 2026, cross-check and page references)", EXPORT_REPOSITORY,
         EXPORT_COMMIT, "none stated (official text, PRC Copyright Law Art. 5)"),
    ]
    (folder / "pack.toml").write_text(f"""# Generated by scripts/build_tariff_cn.py from ../shared/sources/tariffs/china; do not edit by hand.
# Export side of China's 2026 tariff on the lines of tariffs/CN/Tariff2026: statutory export duty
# (export_duty), provisional export duty (provisional, replaces the statutory rate in 2026) and the
# export VAT rebate rate (export_rebate). Rebate rates must be confirmed with the tax authority.
[pack]
id = "tariffs/CN/Export2026"
kind = "tariff-measures"
title = "China 2026 export side: export duties, provisional export duties and export VAT rebate rates"
licence = {toml_string(LICENCE)}
valid_from = {VALID_FROM}
valid_to = {VALID_TO}
reviewed = {RETRIEVED}

{SOURCES_TOML}
[[pack.sources]]
title = "mosgpt-alt/shuimatong: 2026 export tariff (出口税则) parsed from the official PDF, pages 1489-1492"
url = "{EXPORT_REPOSITORY}"
retrieved = {RETRIEVED}

[pack.generated]
script = "scripts/build_tariff_cn.py"
upstream = [
{upstream_toml(export_upstream)}
]

{tables_toml([("measures.csv", MEASURE_COLUMNS, len(export_rows))])}
[schedule]
region = "CN"
nomenclature = "{NOMENCLATURE}"
digits = 10
hs_edition = "HS2022"
direction = "export"
currency = "CNY"
rates_as_of = {VALID_FROM}
note = "Lines are those of tariffs/CN/Tariff2026. Export rebate rates (出口退税率) come from a third-party compilation and change during the year: confirm with the State Taxation Administration before relying on them. Codes without a rebate value in the source (42) have no export_rebate measure."

{legal_sources_toml()}""", encoding="utf-8")

    counts = Counter(row[1] for row in measures)
    print(f"tariffs/CN/Tariff2026: {len(lines)} lines ({sum(len(line[0]) == 10 for line in lines)} ten-digit), "
          f"{len(english)} English names, {len(measures)} measures {dict(sorted(counts.items()))}")
    print(f"tariffs/CN/Export2026: 0 lines, {len(export_rows)} measures "
          f"{dict(sorted(Counter(row[1] for row in export_rows).items()))}")
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True, help="the shared sources folder")
    build(parser.parse_args().sources.resolve())


if __name__ == "__main__":
    main()
