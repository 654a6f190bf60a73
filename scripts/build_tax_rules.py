"""Generate rules/tax/vat-rates/ (pack.toml + rates.csv) from ../shared/sources/tax.

Inputs (each folder has a PROVENANCE.md naming the upstream release or commit):

* ``duty27-eu-vat/eu_standard_vat_history.csv``: EU-27 standard rates with every change since
  2016-01-01 (CC BY 4.0; credit line required and written into the pack);
* ``vatverify-rates/rates.json``: European non-EU countries with official authority URLs and the
  EC TEDB link of each member state (MIT);
* ``node-sales-tax/sales_tax_rates.json``: standard VAT/GST of 128 countries with some history
  (MIT; a compilation, marked ``official = false``).

Precedence: EU members from duty27 (sources: the member state's TEDB page), other European
countries from vatverify, the rest from node-sales-tax. Rates whose start day the source does not
give start on the day the source was last changed, so that no rate is claimed for a day the source
does not vouch for. Run from the repository root: ``python scripts/build_tax_rules.py``.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources" / "tax"
OUT = ROOT / "rules" / "tax" / "vat-rates"
RETRIEVED = "2026-11-28"
NODE_AS_OF = date(2025, 10, 14)  # last change of res/sales_tax_rates.json (PROVENANCE.md)
COLUMNS = [
    "country",
    "rate_type",
    "percent",
    "currency",
    "valid_from",
    "valid_to",
    "source",
    "note",
]
EU = [
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
EURO_SINCE = {"BG": date(2026, 1, 1), "HR": date(2023, 1, 1)}
NATIONAL = {
    "BG": "BGN",
    "HR": "HRK",
    "CZ": "CZK",
    "DK": "DKK",
    "HU": "HUF",
    "PL": "PLN",
    "RO": "RON",
    "SE": "SEK",
}


def _percent(value: float | int | str) -> str:
    text = format(round(float(value), 4), "f").rstrip("0").rstrip(".")
    return text or "0"


def eu_rows(sources: list[dict[str, object]]) -> list[list[str]]:
    vatverify = json.loads((SOURCES / "vatverify-rates" / "rates.json").read_text())
    history: dict[str, list[tuple[date, str]]] = {}
    with (SOURCES / "duty27-eu-vat" / "eu_standard_vat_history.csv").open() as handle:
        for row in csv.DictReader(handle):
            code = "GR" if row["country_code"] == "EL" else row["country_code"]
            history.setdefault(code, []).append(
                (date.fromisoformat(row["effective_from"]), row["standard_rate_percent"])
            )
    rows: list[list[str]] = []
    for code in EU:
        upstream = vatverify.get("EL" if code == "GR" else code, {})
        url = upstream.get("tedb_url") or "https://ec.europa.eu/taxation_customs/tedb/"
        source_id = f"tedb-{code}"
        sources.append(
            {
                "id": source_id,
                "title": f"European Commission, Taxes in Europe Database: VAT rates of {code}",
                "url": url,
                "official": True,
            }
        )
        periods = sorted(history[code])
        for index, (start, rate) in enumerate(periods):
            end = periods[index + 1][0] - timedelta(days=1) if index + 1 < len(periods) else None
            # split at euro adoption so that the currency column is right
            cut = EURO_SINCE.get(code)
            spans = [(start, end)]
            if cut and start < cut and (end is None or end >= cut):
                spans = [(start, cut - timedelta(days=1)), (cut, end)]
            for span_start, span_end in spans:
                currency = "EUR"
                if code in NATIONAL and not (cut and span_start >= cut):
                    currency = NATIONAL[code]
                rows.append(
                    [
                        code,
                        "standard",
                        _percent(rate),
                        currency,
                        span_start.isoformat(),
                        span_end.isoformat() if span_end else "",
                        source_id,
                        "history from duty27 (2016-01-01 is the first day covered)",
                    ]
                )
    return rows


def european_rows(sources: list[dict[str, object]], done: set[str]) -> list[list[str]]:
    data = json.loads((SOURCES / "vatverify-rates" / "rates.json").read_text())
    rows: list[list[str]] = []
    for code, item in sorted(data.items()):
        if code in ("EL", "XI") or code in EU or code in done:
            continue
        text = item["sources"][0] if item.get("sources") else ""
        title, _, url = text.partition(" — ")
        if not url.startswith("http"):
            continue
        source_id = f"authority-{code}"
        sources.append(
            {
                "id": source_id,
                "title": f"{title} (standard {item.get('vat_abbr') or 'VAT'} rate of {item['country']})",
                "url": url,
                "official": True,
                "note": "rate compiled by vatverify-rates (last verified 2026-04-13)",
            }
        )
        rows.append(
            [
                code,
                "standard",
                _percent(item["standard"]),
                item["currency"],
                item["effective_from"],
                "",
                source_id,
                "effective_from as given by vatverify-rates",
            ]
        )
        done.add(code)
    return rows


def world_rows(sources: list[dict[str, object]], done: set[str]) -> list[list[str]]:
    data = json.loads((SOURCES / "node-sales-tax" / "sales_tax_rates.json").read_text())
    sources.append(
        {
            "id": "node-sales-tax",
            "title": "node-sales-tax res/sales_tax_rates.json (compiled standard VAT/GST rates; not an official text)",
            "url": "https://github.com/valeriansaliou/node-sales-tax/blob/4a47f6834314f9dc5c9c2249b6ccc39cd1079be7/res/sales_tax_rates.json",
            "official": False,
            "note": "check against the national tax authority before relying on it",
        }
    )
    rows: list[list[str]] = []
    for code, item in sorted(data.items()):
        if code in EU or code in done or item.get("type") == "none":
            continue
        changes = sorted(
            (
                (datetime.fromisoformat(key.replace("Z", "+00:00")) + timedelta(hours=12)).date(),
                value["rate"],
                value.get("currency", item["currency"]),
            )
            for key, value in (item.get("before") or {}).items()
        )
        # "before" K: the rate applied before day K; the current rate applies from the last K.
        periods: list[tuple[date, date | None, float, str]] = []
        for index, (day, rate, currency) in enumerate(changes):
            if index == 0:
                continue  # the first period's start day is unknown
            periods.append((changes[index - 1][0], day - timedelta(days=1), rate, currency))
        start = changes[-1][0] if changes else NODE_AS_OF
        periods.append((start, None, item["rate"], item["currency"]))
        note = "" if changes else "start day not in the source: listed from the source's date"
        for span_start, span_end, rate, currency in periods:
            rows.append(
                [
                    code,
                    "standard",
                    _percent(rate * 100),
                    currency,
                    span_start.isoformat(),
                    span_end.isoformat() if span_end else "",
                    "node-sales-tax",
                    note,
                ]
            )
        done.add(code)
    return rows


def main() -> None:
    sources: list[dict[str, object]] = []
    rows = eu_rows(sources)
    done = set(EU)
    rows += european_rows(sources, done)
    rows += world_rows(sources, done)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "rates.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    lines = [
        "# Generated by scripts/build_tax_rules.py from ../shared/sources/tax; do not edit by hand.",
        "# Rate data: Duty27 (https://duty27.com/vat-rates/history), CC BY 4.0 (EU-27 history).",
        'credit = "Rate data: Duty27 (https://duty27.com/vat-rates/history), CC BY 4.0"',
        "",
        "[pack]",
        'id = "tax/vat-rates"',
        'kind = "vat-rates"',
        'title = "Standard VAT/GST rates by country and date (EU-27 with history since 2016, Europe, worldwide)"',
        'licence = "EU-27 history: CC BY 4.0 (Duty27); other rows: MIT (vatverify-rates, node-sales-tax)"',
        "valid_from = 2016-01-01",
        f"reviewed = {RETRIEVED}",
        "",
        "[[pack.sources]]",
        'title = "European Commission, Taxes in Europe Database (TEDB)"',
        'url = "https://ec.europa.eu/taxation_customs/tedb/"',
        f"retrieved = {RETRIEVED}",
        "",
        "[pack.generated]",
        'script = "scripts/build_tax_rules.py"',
        "upstream = [",
        '  { file = "duty27_eu_vat/_data.py (as eu_standard_vat_history.csv)", repository = "https://pypi.org/project/duty27-eu-vat/0.1.0/", commit = "wheel sha256 c340985610c04695d39b666086bb1feeaf5fde369e19ab0a12d64e6ee82cb9e2", licence = "CC BY 4.0 (data)" },',
        '  { file = "vatverify_rates/data/rates.json", repository = "https://pypi.org/project/vatverify-rates/0.1.0/", commit = "wheel sha256 991791ea4d17f65050e5891d0972766cc51c33d8e6652db7c3f2cc3e33e1770c", licence = "MIT" },',
        '  { file = "res/sales_tax_rates.json", repository = "https://github.com/valeriansaliou/node-sales-tax", commit = "4a47f6834314f9dc5c9c2249b6ccc39cd1079be7", licence = "MIT" },',
        "]",
        "",
        "[[pack.tables]]",
        'file = "rates.csv"',
        f"columns = {json.dumps(COLUMNS)}",
        f"rows = {len(rows)}",
        "",
    ]
    for source in sources:
        lines.append("[[rate_sources]]")
        lines.append(f"id = {json.dumps(source['id'])}")
        lines.append(f"title = {json.dumps(source['title'], ensure_ascii=False)}")
        lines.append(f"url = {json.dumps(source['url'])}")
        lines.append(f"retrieved = {RETRIEVED}")
        lines.append(f"official = {'true' if source['official'] else 'false'}")
        if source.get("note"):
            lines.append(f"note = {json.dumps(source['note'])}")
        lines.append("")
    (OUT / "pack.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(rows)} rates for {len({row[0] for row in rows})} countries to {OUT}")


if __name__ == "__main__":
    main()
