"""Generate the ``origin-agreement`` packs in rules/origin/ from ../shared/sources/origin.

* ``RCEP``: product-specific rules transcribed from RCEP Annex 3A (``rcep-annex3a``, HS2012; only
  the chapters that source covers) plus any rows in ``scripts/data/origin/rcep_annex3a_psr_extra.csv``;
  general rules (Articles 3.4, 3.5, 3.7, 3.16) as compiled in ``scripts/data/origin/rcep_chapter3.yaml``.
* ``UK-*``: the 43 UK preference schemes of the UK Online Trade Tariff
  (``uk-trade-tariff-roo``, rule sets keyed by UK commodity-code ranges). Each rule text is put
  into the grammar of ``cbec_compliance.origin.grammar`` where one of the patterns below reads it
  completely; otherwise it is kept as a ``process "..."`` condition for the user to confirm.

Run from the repository root: ``python scripts/build_origin.py [--report]``. ``--report`` prints
how many rule texts of the UK schemes became structured rules and the commonest text-only forms.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources" / "origin"
DATA = ROOT / "scripts" / "data" / "origin"
OUT = ROOT / "rules" / "origin"
RETRIEVED = "2026-11-28"
COLUMNS = ["code_from", "code_to", "subdivision", "rule", "original", "reference"]
UK_COMMIT = "3c0266943e2746de296ea4d5ad2e1979154df5ea"
UK_REPOSITORY = "https://github.com/trade-tariff/trade-tariff-backend"
OGL = "Open Government Licence v3.0 (UK Trade Tariff data, MIT-licensed repository)"

# Stable ids for the schemes users ask for most; the rest are UK-<SCHEME CODE>.
UK_IDS = {
    "eu": "UK-EU-TCA",
    "japan": "UK-JP-CEPA",
    "south-korea": "UK-KR",
    "cptpp": "UK-CPTPP",
    "vietnam": "UK-VN",
    "singapore": "UK-SG",
    "australia": "UK-AU",
    "new-zealand": "UK-NZ",
    "india": "UK-IN-CETA",
    "canada": "UK-CA",
    "mexico": "UK-MX",
    "turkey": "UK-TR",
    "switzerland-liechtenstein": "UK-CH-LI",
    "iceland-norway": "UK-IS-NO",
    "gsp": "UK-GSP",
    "dcts-ldcs": "UK-DCTS-COMPREHENSIVE",
    "dcts-general-enhanced": "UK-DCTS-STANDARD-ENHANCED",
}
# Tolerances read from each scheme's articles_uk/<scheme>/tolerances.md (value rule only; the
# chapters listed are those where the article sets a weight rule or textile notes instead).
UK_TOLERANCES: dict[str, tuple[str, str, list[str], str | None]] = {
    # scheme: (percent, base, chapters without a value tolerance, weight percent)
    "eu": ("10", "EXW", [f"{n:02d}" for n in [2, *range(4, 25), *range(50, 64)]], None),
    "turkey": ("10", "EXW", [f"{n:02d}" for n in [2, *range(4, 25), *range(50, 64)]], None),
    "japan": ("10", "EXW", [f"{n:02d}" for n in range(50, 64)], None),
    "iceland-norway": ("15", "EXW", [f"{n:02d}" for n in [2, *range(4, 25), *range(50, 64)]], None),
    "switzerland-liechtenstein": (
        "15",
        "EXW",
        [f"{n:02d}" for n in [2, *range(4, 25), *range(50, 64)]],
        None,
    ),
    "oct": ("15", "EXW", [f"{n:02d}" for n in [2, *range(4, 25), *range(50, 64)]], None),
}


def clean(text: str) -> str:
    """Markdown of the UK Trade Tariff rule text as plain text."""
    text = re.sub(r"<abbr title='[^']*'>([^<]*)</abbr>", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("&nbsp;", " ").replace("**", "").replace("‐", "-")
    text = re.sub(r"ex-\s*works?\b", "ex-works", text)
    return re.sub(r"\s+", " ", text).strip()


NUMBER = r"(\d+(?:\.\d+)?) ?(?:%|per ?cent)"
EXW = r"of the ex-works price(?: \(EXW\))? of the (?:product|good)s?"
REFERENCE = r"(?:heading|subheading|chapter) \d+(?:\.\d+)?"
REFERENCES = rf"{REFERENCE}(?:(?:, | and | or ){REFERENCE})*"
LEVELS = {"chapter": "CC", "heading": "CTH", "subheading": "CTSH", "tariff heading": "CTH"}
LEVEL_WORDS = {"2": "CC", "4": "CTH", "6": "CTSH"}


def references(text: str) -> str:
    """``heading 8473, heading 8501 and chapter 3`` in grammar form."""
    items = re.findall(r"(heading|subheading|chapter) (\d+(?:\.\d+)?)", text)
    parts = []
    for word, code in items:
        digits = code.replace(".", "")
        if word == "chapter":
            digits = digits.zfill(2)
        parts.append(f"{word} {digits}")
    return ", ".join(parts)


def uk_rule_to_grammar(text: str, heading: str | None = None) -> str | None:
    """One rule text of the UK Trade Tariff in grammar form, or None when no pattern reads it all.

    ``heading`` is the single heading the rule set covers, when it covers one: rules that speak
    of "materials of the same heading as the product" can then name it.
    """
    text = clean(text)
    same = f"heading {heading}" if heading else None

    def scope(words: str) -> str | None:
        return same if words.startswith("the same heading") else references(words)

    def same_heading(m: re.Match[str]) -> str | None:
        return f"MaxNOM {m[1]}% EXW of {same}" if same else None

    patterns: list[tuple[str, object]] = [
        (
            rf"Manufacture from materials of any heading, except that of the (?:product|good)\. However, materials (?:of|classified within) the same heading as the (?:product|good) may be used,? provided that their (?:total )?value does not exceed {NUMBER} {EXW}\.",
            same_heading,
        ),
        (
            rf"Manufacture in which all the materials used are classified within a heading other than that of the (?:product|good)\. However, materials (?:of|classified within) the same heading as the (?:product|good) may be used,? provided that their (?:total )?value does not exceed {NUMBER} {EXW}\.",
            same_heading,
        ),
        (
            rf"Manufacture from materials of any heading\. However, the value of all the materials of ({REFERENCES}) used must not exceed {NUMBER} {EXW}\.",
            lambda m: f"MaxNOM {m[2]}% EXW of {references(m[1])}",
        ),
        (
            rf"Manufacture in which: - the value of all the materials used does not exceed {NUMBER} {EXW},? \*?and\*? - within the above limit, the value of all the materials of ({REFERENCES}|the same heading as the product) used does not exceed {NUMBER} {EXW}\.",
            lambda m: (
                f"MaxNOM {m[1]}% EXW and MaxNOM {m[3]}% EXW of {scope(m[2])}"
                if scope(m[2])
                else None
            ),
        ),
        (
            rf"Manufacture in which: - all the materials used are classified within a heading other than that of the product,? (?:\*?and\*? )?- the value of any materials of ({REFERENCES}) used does not exceed {NUMBER} {EXW}\.",
            lambda m: f"CTH and MaxNOM {m[2]}% EXW of {references(m[1])}",
        ),
        (
            rf"No change in tariff classification required for a good of (?:sub)?headings? [\d.]+(?: through [\d.]+)?, provided there is a regional value content of not less than {NUMBER} under the (build-down|build-up) method\.",
            lambda m: f"RVC{m[1]} {m[2]}",
        ),
        (
            r"Manufacture from materials of any heading, including other materials of heading \d+\.",
            "ANY",
        ),
        (
            rf"Manufacture in which the value of all the materials used does not exceed {NUMBER} {EXW}\.",
            lambda m: f"MaxNOM {m[1]}% EXW",
        ),
        (
            rf"Manufacture in which the value of all the materials of ({REFERENCES}) used does not exceed {NUMBER} {EXW}\.",
            lambda m: f"MaxNOM {m[2]}% EXW of {references(m[1])}",
        ),
        (
            r"Manufacture from materials of any heading, except that of the (?:product|good)\.",
            "CTH",
        ),
        (
            r"Manufacture in which all the materials used are classified within a heading other than that of the (?:product|good)\.",
            "CTH",
        ),
        (
            rf"Manufacture: - from materials of any heading, except that of the product,? \*?and\*? - in which the value of all the materials used does not exceed {NUMBER} {EXW}\.",
            lambda m: f"CTH and MaxNOM {m[1]}% EXW",
        ),
        (
            rf"Manufacture: - from materials of any heading, except that of the product,? \*?and\*? - in which the value of all the materials of ({REFERENCES}) used does not exceed {NUMBER} {EXW}\.",
            lambda m: f"CTH and MaxNOM {m[2]}% EXW of {references(m[1])}",
        ),
        (
            rf"Manufacture in which: - all the materials used are classified within a heading other than that of the product,? (?:\*?and\*? )?- the value of all the materials used does not exceed {NUMBER} {EXW}\.",
            lambda m: f"CTH and MaxNOM {m[1]}% EXW",
        ),
        (
            r"(CC|CTH|CTSH): All non-originating materials used in the production of the good have undergone a change in tariff classification at the \d-digit level \((?:tariff )?(?:chapter|heading|tariff heading|subheading)\)\.",
            lambda m: m[1],
        ),
        (
            rf"(CC|CTH|CTSH): All non-originating materials used in the production of the good have undergone a change in tariff classification at the \d-digit level \((?:tariff )?(?:chapter|heading|tariff heading|subheading)\) except from non-originating materials of ({REFERENCES})\.",
            lambda m: f"{m[1]} except from {references(m[2])}",
        ),
        (
            rf"A maximum of {NUMBER} of the ex-works price \(EXW\) is made up of non-originating parts \(MAXNOM\)\.",
            lambda m: f"MaxNOM {m[1]}% EXW",
        ),
        (
            rf"The maximum value of non-originating materials \(MaxNOM\) cannot exceed {NUMBER} {EXW}\.",
            lambda m: f"MaxNOM {m[1]}% EXW",
        ),
        (
            rf"The good has a Regional Value Content \(RVC\) as calculated under Article \d+ of the Origin Reference Document of not less than {NUMBER},? whether using the build-up method or build-down method \(RVC\d+\)\.",
            lambda m: f"RVC{m[1]}",
        ),
        (
            rf"Your goods contain a Regional Value Content \(RVC\) of at least {NUMBER} of the Free on Board \(FOB\) (?:cost|value|price) of the goods\.",
            lambda m: f"RVC{m[1]}",
        ),
        (
            r"A change (?:to a good of (?:sub)?headings? [\d.]+(?: through [\d.]+)? )?from any other (chapter|heading|subheading)\.",
            lambda m: LEVELS[m[1]],
        ),
        (
            rf"A change (?:to a good of (?:sub)?headings? [\d.]+(?: through [\d.]+)? )?from any other (chapter|heading|subheading), except from ({REFERENCES})\.",
            lambda m: f"{LEVELS[m[1]]} except from {references(m[2])}",
        ),
        (
            rf"No change in tariff classification required for a good of (?:sub)?headings? [\d.]+(?: through [\d.]+)?, provided there is a regional value content of not less than: - a\) {NUMBER} under the build-up method; or",
            lambda m: f"RVC{m[1]} build-up",
        ),
        (rf"- b\) {NUMBER} under the build-down method\.", lambda m: f"RVC{m[1]} build-down"),
        (r"(?:Manufacture|Production) from (?:non-originating )?materials of any heading\.", "ANY"),
        (
            r"All (?:the )?(?:animals|live animals) of chapter \d+ (?:are|shall be) wholly obtained\.",
            "WO",
        ),
    ]
    for pattern, result in patterns:
        match = re.fullmatch(pattern, text)
        if match is not None:
            return result if isinstance(result, str) else result(match)  # type: ignore[operator,no-any-return]
    return None


def process(text: str) -> str:
    return 'process "' + clean(text).replace('"', "'") + '"'


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """Write a table; a ``.csv.gz`` name is gzip-compressed with a fixed timestamp (reproducible)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with (
            path.open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
            io.TextIOWrapper(packed, encoding="utf-8", newline="") as handle,
        ):
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(rows)
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def source_line(title: str, url: str, note: str | None = None) -> str:
    text = f"{{ title = {toml_string(title)}, url = {toml_string(url)}, retrieved = {RETRIEVED}"
    if note:
        text += f", note = {toml_string(note)}"
    return text + " }"


# --- UK schemes ---------------------------------------------------------------------------------


def build_uk(report: bool) -> None:
    base = SOURCES / "uk-trade-tariff-roo"
    schemes = json.loads((base / "roo_schemes_uk.json").read_text(encoding="utf-8"))
    proof_urls = schemes["proof_urls"]
    structured = 0
    total = 0
    leftovers: collections.Counter[str] = collections.Counter()
    for scheme in schemes["schemes"]:
        code = scheme["scheme_code"]
        rule_file = base / "rule_sets_uk" / f"{code}.json.gz"
        if not rule_file.exists():
            print(f"skip {code}: no rule set file", file=sys.stderr)
            continue
        agreement_id = UK_IDS.get(code, "UK-" + code.upper())
        with gzip.open(rule_file, "rt", encoding="utf-8") as handle:
            rule_sets = json.load(handle)["rule_sets"]
        rows: list[list[str]] = []
        for rule_set in rule_sets:
            options: list[str] = []
            originals: list[str] = []
            for rule in rule_set["rules"]:
                if not rule.get("import", True):
                    continue  # export-only rows: the scheme's rule for UK exports differs
                if not clean(rule["rule"]):
                    continue
                total += 1
                single = rule_set["min"][:4] if rule_set["min"][:4] == rule_set["max"][:4] else None
                grammar = uk_rule_to_grammar(rule["rule"], single)
                originals.append(clean(rule["rule"]))
                if grammar is None:
                    options.append(process(rule["rule"]))
                    leftovers[re.sub(r"\d+", "N", clean(rule["rule"]))[:90]] += 1
                else:
                    structured += 1
                    options.append(f"({grammar})" if " and " in grammar else grammar)
            if not options:
                continue
            rows.append(
                [
                    rule_set["min"],
                    rule_set["max"],
                    clean(rule_set.get("subdivision") or ""),
                    " or ".join(options),
                    " | ".join(originals),
                    f"UK Trade Tariff rule set {rule_set['heading']}",
                ]
            )
        folder = OUT / agreement_id
        for stale in folder.glob("psr.csv*"):
            stale.unlink()
        write_csv(folder / "psr.csv.gz", rows)
        (folder / "pack.toml").write_text(
            uk_pack_toml(scheme, agreement_id, len(rows), proof_urls), encoding="utf-8"
        )
    print(f"UK schemes: {structured} of {total} rule texts structured ({structured / total:.1%})")
    if report:
        for text, count in leftovers.most_common(40):
            print(f"{count:6d}  {text}")


def uk_pack_toml(
    scheme: dict[str, object], agreement_id: str, rows: int, proof_urls: dict[str, str]
) -> str:
    code = str(scheme["scheme_code"])
    links = scheme.get("links") or []
    url = next(
        (str(link["url"]) for link in links if str(link.get("url", "")).startswith("http")),  # type: ignore[union-attr]
        "https://www.trade-tariff.service.gov.uk/",
    )
    start = scheme["validity_start_date"]
    end = scheme.get("validity_end_date")
    countries = [
        c
        for c in scheme["countries"]
        if re.fullmatch(r"[A-Z]{2}", str(c)) and c not in {"EU", "GB"}
    ]  # type: ignore[union-attr]
    title = str(scheme["title"]).strip()
    source = source_line(f"UK Online Trade Tariff, rules of origin: {title}", url)
    data_source = source_line(
        "UK Trade Tariff backend, lib/rules_of_origin (scheme and rule-set data)",
        f"{UK_REPOSITORY}/tree/{UK_COMMIT}/lib/rules_of_origin",
    )
    lines = [
        "[pack]",
        f'id = "origin/{agreement_id}"',
        'kind = "origin-agreement"',
        f"title = {toml_string(title + ': rules of origin (UK preference scheme)')}",
        f'licence = "{OGL}"',
        f"valid_from = {start}",
    ]
    if end:
        lines.append(f"valid_to = {end}")
    lines += [
        f"sources = [{source}, {data_source}]",
        "",
        "[pack.generated]",
        'script = "scripts/build_origin.py"',
        "upstream = [",
        f'  {{ file = "lib/rules_of_origin/roo_schemes_uk.json and rule_sets/{code}.json", repository = "{UK_REPOSITORY}", commit = "{UK_COMMIT}", licence = "MIT; data OGL v3.0" }},',
        "]",
        "",
        "[[pack.tables]]",
        'file = "psr.csv.gz"',
        f"columns = {json.dumps(COLUMNS)}",
        f"rows = {rows}",
        "",
        "[agreement]",
        f'id = "{agreement_id}"',
        f"title = {toml_string(title)}",
        'hs_edition = "HS2022"',
        'bilateral_with = "GB"',
        f"valid_from = {start}",
    ]
    if end:
        lines.append(f"valid_to = {end}")
    lines += [
        'psr_note = "Rows are UK commodity-code ranges of the UK Trade Tariff (HS2022 nomenclature), which maps each product-specific rule of the scheme\'s origin reference document onto current codes."',
        f"sources = [{source}]",
        "parties = [",
        f'  {{ country = "GB", valid_from = {start} }},',
    ]
    lines += [
        f'  {{ country = "{country}", valid_from = {start} }},'
        for country in sorted(set(countries))
    ]
    lines.append("]")
    tolerance = UK_TOLERANCES.get(code)
    if tolerance is not None:
        percent, basis, excluded, _ = tolerance
        lines += [
            "",
            "[[tolerance]]",
            'article = "tolerances (general tolerance article of the origin reference document)"',
            f"percent = {percent}",
            f'base = "{basis}"',
            f"value_excluded_chapters = {json.dumps(excluded)}",
            f"valid_from = {start}",
            'note = "Value tolerance only; chapters listed use a weight tolerance or the textile introductory notes instead, which the engine does not apply."',
            f"sources = [{source_line('UK Trade Tariff, rules of origin articles: tolerances', f'{UK_REPOSITORY}/tree/{UK_COMMIT}/lib/rules_of_origin/roo_schemes_uk/articles/{code}')}]",
        ]
    uses_rvc = code in {
        "cptpp",
        "japan",
        "australia",
        "new-zealand",
        "india",
        "singapore",
        "vietnam",
        "south-korea",
        "mexico",
        "canada",
    }
    if uses_rvc:
        base = (
            "FOB" if code in {"japan", "singapore", "vietnam", "south-korea"} else "customs_value"
        )
        lines += [
            "",
            "[[value_content]]",
            'article = "regional value content article of the origin reference document (UK Trade Tariff: Calculating Regional Value Content)"',
            f'base = "{base}"',
            'methods = ["build-down", "build-up"]',
            f"valid_from = {start}",
            f"note = {toml_string('Base per the UK Trade Tariff RVC explainer (adjusted value = value for customs purposes) or FOB where the scheme rule text says FOB; check the agreement article before relying on a marginal result.')}",
            f"sources = [{source_line('UK Trade Tariff, Calculating Regional Value Content', f'{UK_REPOSITORY}/tree/{UK_COMMIT}/lib/rules_of_origin/roo_schemes_uk/articles/common/rvc.md')}]",
        ]
    cumulation = scheme.get("cumulation_methods") or {}
    if cumulation:
        kinds = sorted(cumulation)  # type: ignore[arg-type]
        extra = sorted(
            {
                c
                for kind in kinds
                for c in cumulation[kind].get("countries", [])
                if re.fullmatch(r"[A-Z]{2}", c)
            }  # type: ignore[index]
            - set(countries)
            - {"GB"}
        )
        lines += [
            "",
            "[[cumulation]]",
            f'article = "cumulation ({", ".join(kinds)})"',
            f'kind = "{"diagonal" if "diagonal" in kinds or "extended" in kinds else "bilateral"}"',
            f"countries = {json.dumps(extra)}",
            f"valid_from = {start}",
            f"sources = [{source}]",
        ]
    proof_titles = {
        "origin-declaration": "Origin declaration (statement on origin) made out by the exporter",
        "importers-knowledge": "Importer's knowledge",
        "eur1": "EUR.1 movement certificate",
        "eur-med": "EUR-MED movement certificate",
        "invoice-declaration": "Invoice declaration",
        "gsp-form-a": "GSP Form A certificate of origin",
        "certificate-of-origin": "Certificate of origin",
    }
    for proof in scheme.get("proofs") or []:  # type: ignore[union-attr]
        proof_class = str(proof["proof_class"])
        url = proof_urls.get(proof_class) or proof_urls.get(
            "eur1-eur-med" if proof_class.startswith("eur") else "",
            "https://www.gov.uk/guidance/get-proof-of-origin-for-your-goods",
        )
        lines += [
            "",
            "[[proofs]]",
            f'id = "{proof_class}"',
            f"title = {toml_string(proof_titles.get(proof_class, str(proof.get('summary') or proof_class)))}",
            f"valid_from = {start}",
            f"sources = [{source_line('GOV.UK, Get proof of origin for your goods', url)}]",
        ]
    return "\n".join(lines) + "\n"


# --- RCEP ---------------------------------------------------------------------------------------


def rcep_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    files = [SOURCES / "rcep-annex3a" / "rcep_psr_hs2012.csv", DATA / "rcep_annex3a_psr_extra.csv"]
    for path in files:
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                original = record["rule"].strip()
                if not original:
                    continue  # unreadable or title rows: no rule to keep
                code = record["subheading"] or record["heading"] or record["chapter"]
                code = code.replace(".", "")
                rule = rcep_rule(original)
                rows.append(
                    [
                        code,
                        code,
                        "",
                        rule or "",
                        original,
                        f"RCEP Annex 3A, page 3A-{int(record['page']) - 55}",
                    ]
                )
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def rcep_rule(original: str) -> str | None:
    """Annex 3A wording in grammar form (it mostly is already); None when it is not."""
    sys.path.insert(0, str(ROOT / "src"))
    from cbec_compliance.errors import InvalidRuleError
    from cbec_compliance.origin.grammar import parse_rule

    try:
        return str(parse_rule(original))
    except InvalidRuleError:
        return None


def build_rcep() -> None:
    rows = rcep_rows()
    write_csv(OUT / "RCEP" / "psr.csv", rows)
    template = (DATA / "rcep_pack.toml").read_text(encoding="utf-8")
    (OUT / "RCEP" / "pack.toml").write_text(
        template.replace("{rows}", str(len(rows))), encoding="utf-8"
    )
    print(f"RCEP: {len(rows)} product-specific rule rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--report", action="store_true", help="list the commonest text-only UK rule forms"
    )
    arguments = parser.parse_args()
    build_rcep()
    build_uk(arguments.report)


if __name__ == "__main__":
    main()
