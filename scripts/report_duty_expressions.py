"""Report how well the duty expression parser reads every rate column of the source tariffs.

Usage: ``python scripts/report_duty_expressions.py --sources ../shared/sources``

For each schedule and column it prints the distinct texts, the lines (non-empty cells), how many
lines parse fully, partly (parsed parts plus ``unparsed``: EU agricultural components, a
percentage of a part's value ...) or not at all (text only), and the 15 most frequent forms (numbers
shown as ``N``) that do not parse fully. Cells holding several rates (US "Special", Australian
Schedule 3) count as fully parsed when every rate in them is, as text only when none is.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cbec_compliance.duty import DutyExpression
from cbec_compliance.duty.parser import (
    parse_australian_duty_rate,
    parse_duty_expression,
    parse_us_special_column,
)

Parser = Callable[[str], list[DutyExpression]]
TOP_FORMS = 15


@dataclass
class ColumnReport:
    """Counts for one rate column."""

    schedule: str
    column: str
    texts: Counter[str] = field(default_factory=Counter)
    fully_parsed: int = 0
    partially_parsed: int = 0
    text_only: int = 0
    forms: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    @property
    def lines(self) -> int:
        return sum(self.texts.values())


def single(currency: str, *, bare_number_is_percent: bool = False) -> Parser:
    """A parser for a column holding one expression per cell."""

    def parse(text: str) -> list[DutyExpression]:
        return [
            parse_duty_expression(
                text, currency=currency, bare_number_is_percent=bare_number_is_percent
            )
        ]

    return parse


def us_special(text: str) -> list[DutyExpression]:
    return [expression for expression, _ in parse_us_special_column(text)]


def australian(text: str) -> list[DutyExpression]:
    return [expression for expression, _ in parse_australian_duty_rate(text)]


def form_of(text: str) -> str:
    """The shape of a rate text: whitespace collapsed, numbers replaced by ``N``."""
    collapsed = re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()
    return re.sub(r"\d+(?:[.,]\d+)*", "N", collapsed)


def is_parsed(expression: DutyExpression) -> bool:
    return bool(expression.free or expression.terms or expression.minimum or expression.maximum)


def measure(schedule: str, column: str, cells: Iterable[str], parser: Parser) -> ColumnReport:
    report = ColumnReport(schedule, column)
    for cell in cells:
        if not cell.replace("\u200b", "").strip():
            continue
        report.texts[cell] += 1
        expressions = parser(cell)
        incomplete = [expression for expression in expressions if not expression.fully_parsed]
        if expressions and not incomplete:
            report.fully_parsed += 1
        elif any(is_parsed(expression) for expression in expressions):
            report.partially_parsed += 1
        else:
            report.text_only += 1
        for expression in incomplete or ([] if expressions else [DutyExpression(text=cell)]):
            form = form_of(expression.text)
            report.forms[form] += 1
            report.examples.setdefault(form, expression.text)
    return report


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def column(rows: list[dict[str, str]], name: str) -> Iterator[str]:
    return (row.get(name) or "" for row in rows)


def united_states(tariffs: Path) -> Iterator[ColumnReport]:
    rows = read_csv(tariffs / "usitc-hts-2025" / "hts_2025_basic_edition_csv.csv")
    schedule = "US HTS 2025 Basic Edition"
    yield measure(schedule, "General", column(rows, "General Rate of Duty"), single("USD"))
    yield measure(schedule, "Special", column(rows, "Special Rate of Duty"), us_special)
    yield measure(schedule, "Column 2", column(rows, "Column 2 Rate of Duty"), single("USD"))
    yield measure(schedule, "Additional Duties", column(rows, "Additional Duties"), single("USD"))


def us_additional_duties(tariffs: Path) -> Iterator[ColumnReport]:
    folder = tariffs / "us-additional-duties"
    schedule = "US additional duties (compiled from HTS 2026 rev 6, chapter 99)"
    percent = single("USD", bare_number_is_percent=True)
    for file_name, name in [
        ("section301_china_lists_hts2026r6.csv", "additional_rate_pct"),
        ("section232_metals_annex_note16c_hts2026r6.csv", "rate_rule_pct"),
        ("section232_other_products_hts2026r6.csv", "additional_rate_pct"),
        ("ieepa_reciprocal_country_headings_hts2026r6.csv", "rate_pct"),
        ("us_additional_duties_timeline.csv", "rate"),
    ]:
        rows = read_csv(folder / file_name)
        yield measure(schedule, f"{file_name}: {name}", column(rows, name), percent)


def europe(tariffs: Path) -> Iterator[ColumnReport]:
    rows = read_csv(tariffs / "uk-global-tariff-2021" / "ukgt_2021_vs_eu_cet.csv")
    yield measure("EU CET 2020", "cet_duty_rate", column(rows, "cet_duty_rate"), single("EUR"))
    yield measure(
        "UK Global Tariff 2021", "ukgt_duty_rate", column(rows, "ukgt_duty_rate"), single("GBP")
    )


def walk_duty_rates(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if "dutyRate" in node:
            yield str(node.get("dutyRate") or "")
        for value in node.values():
            if isinstance(value, dict | list):
                yield from walk_duty_rates(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk_duty_rates(value)


def australia(tariffs: Path) -> Iterator[ColumnReport]:
    folder = tariffs / "australia-abf-tariff-partial"
    schedule_3 = json.loads((folder / "tariff-schedule3.json").read_text(encoding="utf-8"))
    schedule = "Australia Customs Tariff (ABF scrape, partial)"
    yield measure(schedule, "Schedule 3 dutyRate", walk_duty_rates(schedule_3), australian)
    fta = json.loads((folder / "tariff-schedules-fta.json").read_text(encoding="utf-8"))
    yield measure(
        schedule,
        f"Schedules 4-16 dutyRate (samples of {len(fta)} lists)",
        walk_duty_rates(fta),
        single("AUD"),
    )


def china(tariffs: Path) -> Iterator[ColumnReport]:
    folder = tariffs / "china" / "cn-tariff-2026-hs10"
    rows = read_csv(folder / "cn_tariff_2026_hs10.csv")
    schedule = "China 2026 (10-digit)"
    for name in [
        "mfn_rate",
        "provisional_rate",
        "general_rate",
        "export_duty_rate",
        "export_provisional_rate",
        "consumption_tax_rate",
        "import_vat_rate",
    ]:
        yield measure(schedule, name, column(rows, name), single("CNY"))
    agreements = read_csv(folder / "cn_tariff_2026_hs10_agreement_rates.csv")
    yield measure(
        schedule,
        "agreement rate (long file; bare numbers are percent)",
        column(agreements, "rate"),
        single("CNY", bare_number_is_percent=True),
    )
    export_path = tariffs / "china" / "cn-export-tariff-2026" / "export_tariff_2026.json"
    export = json.loads(export_path.read_text(encoding="utf-8"))
    rates = [str(entry.get("rate") or "") for entry in export]
    percent = single("CNY", bare_number_is_percent=True)
    export_schedule = "China 2026 export tariff (出口税则)"
    yield measure(export_schedule, "rate as printed (A∆B)", rates, percent)
    yield measure(
        export_schedule, "statutory (before ∆)", (rate.partition("∆")[0] for rate in rates), percent
    )
    yield measure(
        export_schedule,
        "provisional (after ∆)",
        (rate.partition("∆")[2] for rate in rates),
        percent,
    )


def brazil(tariffs: Path) -> Iterator[ColumnReport]:
    rows = read_csv(tariffs / "brazil-ncm-2024" / "ncm_2024-09-29_tidy.csv")
    rate_columns = [name for name in (rows[0] if rows else {}) if re.search("rate|aliq|tec", name)]
    for name in rate_columns:
        yield measure("Brazil NCM 2024", name, column(rows, name), single("BRL"))


def print_report(reports: list[ColumnReport], tariffs: Path) -> None:
    print("| schedule | column | distinct texts | lines | fully parsed | partially | text only |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for report in reports:
        print(
            f"| {report.schedule} | {report.column} | {len(report.texts)} | {report.lines} "
            f"| {report.fully_parsed} | {report.partially_parsed} | {report.text_only} |"
        )
    total = ColumnReport("all", "all")
    for report in reports:
        total.texts.update(report.texts)
        total.fully_parsed += report.fully_parsed
        total.partially_parsed += report.partially_parsed
        total.text_only += report.text_only
    print(
        f"| **all** | | {len(total.texts)} | {total.lines} | {total.fully_parsed} "
        f"| {total.partially_parsed} | {total.text_only} |"
    )
    if not any(report.schedule.startswith("Brazil") for report in reports):
        print("\nBrazil NCM 2024: no rate column in the source (codes and descriptions only).")
    for report in reports:
        if not report.forms:
            continue
        print(f"\n### {report.schedule}: {report.column}: forms not fully parsed (lines)\n")
        for form, lines in report.forms.most_common(TOP_FORMS):
            example = report.examples[form]
            shown = example if len(example) <= 110 else example[:107] + "..."
            print(f"- {lines} × `{form if len(form) <= 110 else form[:107] + '...'}`", end="")
            print("" if shown == form else f" (e.g. `{shown}`)")
    print(f"\nSources: {tariffs}")


def main(arguments: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("--sources", type=Path, required=True, help="the shared/sources folder")
    parsed = options.parse_args(arguments)
    tariffs = parsed.sources / "tariffs"
    if not tariffs.is_dir():
        options.error(f"{tariffs} is not a folder; pass --sources pointing at shared/sources")
    reports: list[ColumnReport] = []
    for reader in (united_states, us_additional_duties, europe, australia, china, brazil):
        reports.extend(reader(tariffs))
    print_report(reports, tariffs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
