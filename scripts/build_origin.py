"""Generate the ``origin-agreement`` packs in rules/origin/ from ../shared/sources/origin.

* ``RCEP``: product-specific rules transcribed from RCEP Annex 3A (``rcep-annex3a``, HS2012; only
  the chapters that source covers) plus any rows in ``scripts/data/origin/rcep_annex3a_psr_extra.csv``;
  general rules (Articles 3.4, 3.5, 3.7, 3.16) as compiled in ``scripts/data/origin/rcep_chapter3.yaml``.
* ``UK-*``: the 43 UK preference schemes of the UK Online Trade Tariff
  (``uk-trade-tariff-roo``, rule sets keyed by UK commodity-code ranges). Each rule text is put
  into the grammar of ``cbec_compliance.origin.grammar`` where one of the patterns below reads it
  completely; otherwise it is kept as a ``process "..."`` condition for the user to confirm.
  A rule set over several headings whose rule names "the same heading as the product" is written
  as one row per HS2022 heading (when that leaves every code's choice of rule set unchanged).
  General-rule tolerances come from ``UK_TOLERANCES`` (each scheme's tolerance article).

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
from collections.abc import Callable
from functools import cache
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


def chapters(*spans: int | tuple[int, int]) -> list[str]:
    """Two-digit chapter codes from single chapters and inclusive (first, last) spans."""
    found: list[int] = []
    for span in spans:
        found.extend(range(span[0], span[1] + 1) if isinstance(span, tuple) else [span])
    return [f"{number:02d}" for number in found]


# Tolerances (de minimis) read from each scheme's articles_uk/<scheme>/tolerances.md. Only the
# schemes whose article states a general value tolerance are listed; the others (an empty or
# absent article, or textile notes only: Albania, the DCTS schemes) have none in the pack.
# ``excluded``: chapters where the value tolerance does not apply or is not the one stated (the
# engine then reports unknown); ``weight``: chapters with a weight test and its percentage.
EU_STYLE_WEIGHT = chapters(
    2, (4, 15), (17, 24)
)  # Chapter 16 mixes weight (most) and value (fishery)
EU_STYLE_EXCLUDED = chapters(2, (4, 24), (50, 63))
UK_TOLERANCES: dict[str, dict[str, object]] = {
    "eu": {
        "percent": "10",
        "base": "EXW",
        "excluded": EU_STYLE_EXCLUDED,
        "weight": (EU_STYLE_WEIGHT, "15"),
        "note": "Paragraph 1: weight 15% for Chapters 2 and 4-24 (processed fishery products of Chapter 16 by value), value 10% of the ex-works price otherwise, textile notes 7-8 for Chapters 50-63.",
    },
    "turkey": {
        "percent": "10",
        "base": "EXW",
        "excluded": EU_STYLE_EXCLUDED,
        "weight": (EU_STYLE_WEIGHT, "15"),
        "note": "Paragraph 1: weight 15% for Chapters 2 and 4-24 (processed fishery products of Chapter 16 by value), value 10% of the ex-works price otherwise, textile notes 7-8 for Chapters 50-63.",
    },
    "japan": {
        "percent": "10",
        "base": "EXW",
        "excluded": chapters((50, 63)),
        "weight": None,
        "note": "Paragraph 1: 10% of the ex-works or free-on-board price for Chapters 1-49 and 64-97 (the pack uses the ex-works price, the stricter base); textile notes 6-8 for Chapters 50-63.",
    },
    "iceland-norway": {
        "percent": "15",
        "base": "EXW",
        "excluded": EU_STYLE_EXCLUDED,
        "weight": (EU_STYLE_WEIGHT, "15"),
        "note": "Tolerance article: net weight 15% for Chapters 2 and 4-24 (processed fishery products of Chapter 16 by value), 15% of the ex-works price otherwise, textile notes 6-7 for Chapters 50-63.",
    },
    "switzerland-liechtenstein": {
        "percent": "15",
        "base": "EXW",
        "excluded": EU_STYLE_EXCLUDED,
        "weight": (EU_STYLE_WEIGHT, "15"),
        "note": "Paragraph 1: net weight 15% for Chapters 2 and 4-24 (processed fishery products of Chapter 16 by value), 15% of the ex-works price otherwise, textile notes 6-7 for Chapters 50-63.",
    },
    "oct": {
        "percent": "15",
        "base": "EXW",
        "excluded": EU_STYLE_EXCLUDED,
        "weight": (EU_STYLE_WEIGHT, "15"),
        "note": "Tolerance paragraph: weight 15% for Chapters 2 and 4-24 (processed fishery products of Chapter 16 by value), 15% of the ex-works price otherwise, textile notes 6-7 for Chapters 50-63.",
    },
    "canada": {
        "percent": "10",
        "base": "EXW",
        "excluded": chapters((50, 63)),
        "weight": None,
        "note": "Paragraph 1: 10% of the transaction value or ex-works price (the pack uses the ex-works price; a share above 10% of it may still be within 10% of a higher transaction value); Chapters 50-63 follow Annex 1 instead (paragraph 3).",
    },
    "cptpp": {
        "percent": "10",
        "base": "customs_value",
        "excluded": chapters(4, 15, (19, 23), (50, 63)),
        "weight": None,
        "note": "Paragraph 1: 10% of the value of the good (Article 1; the pack uses the value for customs purposes, as its RVC base does). Not applied: textile and apparel goods, Chapters 50-63 (weight tests of paragraphs 4-6, with the elastomeric-yarn condition), and Chapters 4, 15, 19-23 where paragraph 7 excludes dairy, citrus-juice, oil and fruit materials for certain goods.",
    },
    "india": {
        "percent": "12.5",
        "base": "EXW",
        "excluded": chapters((1, 3), 5, 6, 10, 14),
        "weight": (chapters(4, (7, 9), (11, 13), (15, 24)), "12.5"),
        "note": "Paragraph 1: 12.5% of the value of the good for Chapters 4, 7-9, 11-13 and 15-98 (or 12.5% of net weight for Chapters 4, 7-9, 11-13, 15-24); 7.5% by value or weight for Chapters 1-3, 5, 6, 10 and 14, which the pack's single percentage cannot hold (unknown there). The value of the good is the ex-works price or FOB (Article 4); the pack uses the ex-works price, the stricter base.",
    },
    "new-zealand": {
        "percent": "15",
        "base": "customs_value",
        "excluded": [],
        "weight": (chapters((1, 24), (50, 63)), "15"),
        "note": "Paragraph 1: 15% of the value of the good (the pack uses the value for customs purposes, as its RVC base does), or 15% of the net weight for Chapters 1-24 and 50-63.",
    },
}


def clean(text: str) -> str:
    """Markdown of the UK Trade Tariff rule text as plain text."""
    text = re.sub(r"<abbr title='[^']*'>([^<]*)</abbr>", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("&nbsp;", " ").replace("**", "").replace("‐", "-")
    text = re.sub(r"ex-\s*works?\b", "ex-works", text)
    return re.sub(r"\s+", " ", text).strip()


NUMBER = r"(\d+(?:\.\d+)?) ?(?:%|per ?cent)"
PRODUCT = r"(?:product|good)"
EXW = rf"of the (?:value of the )?ex-works price(?: \(EXW\))? of the {PRODUCT}s?"
CODE = r"\d+(?:\.\d+)?"
LEVEL_WORD = r"(?:heading|subheading|chapter)"
REFERENCE = rf"{LEVEL_WORD} {CODE}(?: (?:to|through) (?:{LEVEL_WORD} )?{CODE})?"
REFERENCES = rf"{REFERENCE}(?:(?:, | and | or |, and |, or ){REFERENCE})*"
SAME_HEADING = rf"the same heading(?: as the {PRODUCT})?"
LEVELS = {"chapter": "CC", "heading": "CTH", "subheading": "CTSH"}
METHODS = {"build-up": "build-up", "build-down": "build-down", "net cost": "net-cost"}
# Wordings of "every non-originating material changes heading (or subheading)".
CTH_WORDS = (
    rf"(?:Manufacture from materials of any heading,? except that of the {PRODUCT}"
    rf"|(?:Manufacture|Other operations) in which all the materials used (?:are|is) classified "
    rf"within a heading other than that of the {PRODUCT})"
)
ALL_MATERIALS = rf"the value of all the materials used does not exceed {NUMBER} {EXW}"
THEN = r",? (?:and )?(?:- )?"  # between the requirements of a list ("..., and - ...")
GOOD_CODES = rf"(?:sub)?headings? {CODE}(?: (?:through|to) (?:(?:sub)?heading )?{CODE})?"
Reference = tuple[str, str, str]  # (chapter|heading|subheading, first code, last code)


def reference_items(text: str) -> list[Reference]:
    """``heading 5004 to heading 5005 and chapter 3`` as (level, first, last) triples."""
    items = []
    for match in re.finditer(
        rf"({LEVEL_WORD}) ({CODE})(?: (?:to|through) (?:{LEVEL_WORD} )?({CODE}))?", text
    ):
        word = match[1]
        first = match[2].replace(".", "")
        last = (match[3] or match[2]).replace(".", "")
        if word == "chapter":
            first, last = first.zfill(2), last.zfill(2)
        items.append((word, first, last))
    return items


def reference_text(items: list[Reference]) -> str:
    """Triples in grammar form: ``heading 8473, headings 5004-5005, chapter 03``."""
    return ", ".join(
        f"{word} {first}" if first == last else f"{word}s {first}-{last}"
        for word, first, last in items
    )


def references(text: str) -> str:
    """``heading 8473, heading 8501 and chapter 3`` in grammar form."""
    return reference_text(reference_items(text))


def scope(words: str, heading: str | None) -> str | None:
    """A material scope: listed references, or the product's own heading when it is known."""
    if words.startswith("the same heading"):
        return f"heading {heading}" if heading else None
    return references(words)


def own_heading(words: str, heading: str | None) -> str | None:
    """``heading H`` when ``words`` name exactly the product's heading ``H`` (or "the same
    heading"); None otherwise (another heading would change the rule's meaning)."""
    if words.startswith("the same heading"):
        return f"heading {heading}" if heading else None
    items = reference_items(words)
    if heading and items == [("heading", heading, heading)]:
        return f"heading {heading}"
    return None


def excepted_headings(words: str, heading: str | None) -> str | None:
    """ "Materials of any heading, except those of <references>": a change of chapter or heading
    when the references cover the product's own chapter or heading (the rest become exceptions);
    None otherwise, since the rule then allows materials of the product's own heading, which no
    grammar node says."""
    if heading is None:
        return None
    items = reference_items(words)
    for level, word, digits in (("CC", "chapter", 2), ("CTH", "heading", 4)):
        own = heading[:digits]
        covering = next((i for i in items if i[0] == word and i[1] <= own <= i[2]), None)
        if covering is None:
            continue
        # references inside the product's own chapter/heading add nothing to CC/CTH
        rest = [
            item
            for item in items
            if item is not covering
            and not (len(item[1]) >= digits and item[1][:digits] == own == item[2][:digits])
        ]
        if covering[1] != covering[2]:
            rest.append(covering)  # a range also names other chapters/headings
        return f"{level} except from {reference_text(rest)}" if rest else level
    return None


@cache
def hs2022_headings() -> dict[str, str]:
    """HS2022 headings with their descriptions (from the package's nomenclature pack)."""
    sys.path.insert(0, str(ROOT / "src"))
    from cbec_compliance.hs.nomenclature import nomenclature

    return {
        code: entry.description
        for code, entry in nomenclature("HS2022").entries.items()
        if len(code) == 4
    }


def waste_and_scrap(code: str) -> str | None:
    """``CTH except from heading N`` when heading N is nothing but waste and scrap (HS2022 wording
    "<metal>; waste and scrap"), so excluding the heading excludes exactly what the rule forbids."""
    description = hs2022_headings().get(code, "")
    if re.fullmatch(r"[A-Z][a-z]+; waste and scrap", description) is None:
        return None
    return f"CTH except from heading {code}"


Converter = Callable[[re.Match[str], str | None], str | None]
UK_PATTERNS: list[tuple[re.Pattern[str], Converter]] = [
    (re.compile(rf"{CTH_WORDS}\."), lambda m, h: "CTH"),
    (
        # the comma ending is how the Iceland-Norway scheme prints the first of two alternatives
        re.compile(rf"Manufacture from materials of any heading,? except that of the {PRODUCT},"),
        lambda m, h: "CTH",
    ),
    (
        re.compile(
            rf"Manufacture from materials of any subheading,? except that of the {PRODUCT}\."
        ),
        lambda m, h: "CTSH",
    ),
    (
        re.compile(
            rf"{CTH_WORDS}\.? However,? (?:the )?(?:other )?materials (?:of|classified within|from) "
            rf"({SAME_HEADING}|{REFERENCES}) may (?:also )?be used,? provided (?:that )?their "
            rf"(?:total )?value does not exceed {NUMBER} {EXW}\."
        ),
        lambda m, h: f"MaxNOM {m[2]}% EXW of {own}" if (own := own_heading(m[1], h)) else None,
    ),
    (
        re.compile(
            rf"{CTH_WORDS}\.? However,? waste and scrap of heading (\d{{4}}) may not [bh]e used\."
        ),
        lambda m, h: waste_and_scrap(m[1]),
    ),
    (
        re.compile(
            rf"Manufacture from materials of any heading,? except that of the {PRODUCT} and "
            rf"(?:of )?({REFERENCES})\."
        ),
        lambda m, h: f"CTH except from {references(m[1])}",
    ),
    (
        re.compile(
            rf"Manufacture from materials of any heading,? except those of ({REFERENCES})\."
        ),
        lambda m, h: excepted_headings(m[1], h),
    ),
    (
        re.compile(
            rf"Manufacture from materials of any heading,? including other materials of heading "
            rf"{CODE}\."
        ),
        lambda m, h: "ANY",
    ),
    (
        re.compile(
            r"(?:Manufacture|Production) from (?:non-originating )?materials of any heading\."
        ),
        lambda m, h: "ANY",
    ),
    (
        re.compile(
            r"A change from within (?:this (?:sub)?heading|any one of these (?:sub)?headings?) "
            r"or any other (?:sub)?heading\."
        ),
        lambda m, h: "ANY",
    ),
    (
        re.compile(
            rf"Manufacture from materials of any heading\. However, the value of all the materials "
            rf"of ({REFERENCES}) used must not exceed {NUMBER} {EXW}\."
        ),
        lambda m, h: f"MaxNOM {m[2]}% EXW of {references(m[1])}",
    ),
    (
        re.compile(rf"Manufacture in which {ALL_MATERIALS}\."),
        lambda m, h: f"MaxNOM {m[1]}% EXW",
    ),
    (
        re.compile(
            rf"Manufacture in which the value of (?:all the|any) materials of "
            rf"({SAME_HEADING}|{REFERENCES}) used does not exceed {NUMBER} {EXW}\."
        ),
        lambda m, h: f"MaxNOM {m[2]}% EXW of {s}" if (s := scope(m[1], h)) else None,
    ),
    (
        re.compile(
            rf"Manufacture:? (?:- )?from materials of any heading,? except that of the {PRODUCT}"
            rf"{THEN}in which {ALL_MATERIALS}\."
        ),
        lambda m, h: f"CTH and MaxNOM {m[1]}% EXW",
    ),
    (
        re.compile(
            rf"Manufacture in which:? (?:- )?all the materials used are classified within a "
            rf"heading other than that of the {PRODUCT}{THEN}{ALL_MATERIALS}\."
        ),
        lambda m, h: f"CTH and MaxNOM {m[1]}% EXW",
    ),
    (
        re.compile(
            rf"Manufacture:? (?:- )?from materials of any heading,? except that of the {PRODUCT}"
            rf"{THEN}in which the value of all the materials of ({REFERENCES}) used does not "
            rf"exceed {NUMBER} {EXW}\."
        ),
        lambda m, h: f"CTH and MaxNOM {m[2]}% EXW of {references(m[1])}",
    ),
    (
        re.compile(
            rf"Manufacture in which:? (?:- )?all the materials used are classified within a "
            rf"heading other than that of the {PRODUCT}{THEN}the value of (?:any|all the) "
            rf"materials of ({REFERENCES}) used does not exceed {NUMBER} {EXW}\."
        ),
        lambda m, h: f"CTH and MaxNOM {m[2]}% EXW of {references(m[1])}",
    ),
    (
        re.compile(
            rf"Manufacture(?: in which)?:? (?:- )?(?:in which )?{ALL_MATERIALS}{THEN}(?:where,? )?"
            rf"within the above limit,? (?:the value of )?(?:all )?the materials (?:of|classified "
            rf"within) ({SAME_HEADING}|{REFERENCES})(?:,? ta ?ken together,?)? (?:used does not "
            rf"exceed|are only used up to a value of) {NUMBER} {EXW}\."
        ),
        lambda m, h: (
            f"MaxNOM {m[1]}% EXW and MaxNOM {m[3]}% EXW of {s}" if (s := scope(m[2], h)) else None
        ),
    ),
    (
        re.compile(
            rf"Manufacture:? (?:- )?from materials of any heading,? except that of the {PRODUCT}\. "
            rf"However,? materials of {SAME_HEADING} may be used,? provided (?:that )?their "
            rf"(?:total )?value does not exceed {NUMBER} {EXW}{THEN}in which {ALL_MATERIALS}\."
        ),
        lambda m, h: f"MaxNOM {m[2]}% EXW and MaxNOM {m[1]}% EXW of heading {h}" if h else None,
    ),
    (
        re.compile(
            r"(CC|CTH|CTSH): All non-originating materials used in the production of the good have "
            r"undergone a change in tariff classification at the \d-digit level \((?:tariff )?"
            r"(?:chapter|heading|subheading)\)\."
        ),
        lambda m, h: m[1],
    ),
    (
        re.compile(
            rf"(CC|CTH|CTSH): All non-originating materials used in the production of the good "
            rf"have undergone a change in tariff classification at the \d-digit level \((?:tariff )?"
            rf"(?:chapter|heading|subheading)\) except from (?:non-originating materials of )?"
            rf"({REFERENCES})\."
        ),
        lambda m, h: f"{m[1]} except from {references(m[2])}",
    ),
    (
        re.compile(
            rf"A maximum of {NUMBER} of the ex-works price \(EXW\) is made up of non-originating "
            r"parts \(MAXNOM\)\."
        ),
        lambda m, h: f"MaxNOM {m[1]}% EXW",
    ),
    (
        re.compile(
            rf"The maximum value of non-originating materials \(MaxNOM\) cannot exceed {NUMBER} {EXW}\."
        ),
        lambda m, h: f"MaxNOM {m[1]}% EXW",
    ),
    (
        re.compile(
            r"The good has a Regional Value Content \(RVC\) as calculated under Article \d+ of the "
            rf"Origin Reference Document of not less than {NUMBER},? whether using the build-up "
            r"method or build-down method \(RVC\d+\)\."
        ),
        lambda m, h: f"RVC{m[1]}",
    ),
    (
        re.compile(
            rf"Your goods contain a Regional Value Content \(RVC\) of at least {NUMBER} of the Free "
            r"on Board \(FOB\) (?:cost|value|price) of the goods\."
        ),
        lambda m, h: f"RVC{m[1]}",
    ),
    (
        re.compile(
            rf"A change (?:to a good of {GOOD_CODES} )?from any other (chapter|heading|subheading)\."
        ),
        lambda m, h: LEVELS[m[1]],
    ),
    (
        re.compile(
            rf"A change (?:to a good of {GOOD_CODES} )?from any other (chapter|heading|subheading), "
            rf"except from ({REFERENCES})\."
        ),
        lambda m, h: f"{LEVELS[m[1]]} except from {references(m[2])}",
    ),
    (
        re.compile(
            rf"No change in tariff classification required for a good of {GOOD_CODES}, provided "
            rf"there is a regional value content of not less than {NUMBER} under the "
            r"(build-down|build-up|net cost) method\."
        ),
        lambda m, h: f"RVC{m[1]} {METHODS[m[2]]}",
    ),
    (
        # CPTPP prints "(a) ...; or (b) ...; or (c) ..." as one rule text per item
        re.compile(
            rf"No change in tariff classification required for a good of {GOOD_CODES}, provided "
            rf"there is a regional value content of not less than:? - a\) {NUMBER} under the "
            r"(build-down|build-up|net cost) method(?:\.|; or)"
        ),
        lambda m, h: f"RVC{m[1]} {METHODS[m[2]]}",
    ),
    (
        re.compile(
            rf"- [b-e]\) {NUMBER} under the (build-down|build-up|net cost) method(?:\.|; or)"
        ),
        lambda m, h: f"RVC{m[1]} {METHODS[m[2]]}",
    ),
    (
        re.compile(
            r"All (?:the )?(?:animals|live animals) of chapter \d+ (?:are|shall be) wholly obtained\."
        ),
        lambda m, h: "WO",
    ),
]


def uk_rule_to_grammar(text: str, heading: str | None = None) -> str | None:
    """One rule text of the UK Trade Tariff in grammar form, or None when no pattern reads it all.

    ``heading`` is the single heading the row covers, when it covers one: rules that speak of
    "materials of the same heading as the product" can then name it. Two alternatives printed in
    one text ("... or Manufacture in which ...") are read when both are read completely.
    """
    text = re.sub(r"\*(and|or)\*", r"\1", clean(text))
    parts = re.split(r" or (?=Manufacture )", text)
    if len(parts) > 1:
        options = [
            uk_rule_to_grammar(part if part.endswith(".") else part + ".", heading)
            for part in parts
        ]
        if any(option is None for option in options):
            return None
        return " or ".join(
            f"({option})" if " and " in option else option for option in options if option
        )
    for pattern, convert in UK_PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return convert(match, heading)
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


def importable_rules(rule_set: dict[str, object]) -> list[str]:
    """The rule texts of a rule set that apply to imports into the UK (export-only rows differ)."""
    return [
        str(rule["rule"])
        for rule in rule_set["rules"]  # type: ignore[attr-defined]
        if rule.get("import", True) and clean(rule["rule"])
    ]


def set_headings(rule_set: dict[str, object]) -> list[str]:
    """HS2022 headings a multi-heading rule set covers (empty when it covers one heading)."""
    low, high = str(rule_set["min"])[:4], str(rule_set["max"])[:4]
    if low == high:
        return []
    return [code for code in sorted(hs2022_headings()) if low <= code <= high]


def heading_span(rule_set: dict[str, object], heading: str) -> tuple[str, str]:
    """The part of the rule set's commodity-code range inside one heading."""
    return max(str(rule_set["min"]), heading + "000000"), min(
        str(rule_set["max"]), heading + "999999"
    )


def winners(spans: list[tuple[str, str, int]], code: str) -> set[int]:
    """Rule sets whose row find_rules would choose for a 10-digit code (the narrowest cover)."""
    covering = [(int(high) - int(low), tag) for low, high, tag in spans if low <= code <= high]
    if not covering:
        return set()
    narrowest = min(width for width, _ in covering)
    return {tag for width, tag in covering if width == narrowest}


def plan_splits(rule_sets: list[dict[str, object]]) -> dict[int, list[str]]:
    """Rule sets to write as one row per heading, so "the same heading as the product" can be
    named: sets over several headings with a rule text that only reads with its heading known.

    Sets with the same range are split together, and a split is kept only when every commodity
    code still gets its rule from the same rule sets as before (rows are chosen by the narrowest
    range, so a split must not let a heading row win over a narrower set or lose to one)."""
    wanted: set[tuple[str, str]] = set()
    for rule_set in rule_sets:
        headings = set_headings(rule_set)
        if headings and any(
            uk_rule_to_grammar(text) is None
            and any(uk_rule_to_grammar(text, heading) is not None for heading in headings)
            for text in importable_rules(rule_set)
        ):
            wanted.add((str(rule_set["min"]), str(rule_set["max"])))
    existing = hs2022_headings()
    before = [(str(s["min"]), str(s["max"]), index) for index, s in enumerate(rule_sets)]
    while True:
        splits = {
            index: set_headings(s)
            for index, s in enumerate(rule_sets)
            if (str(s["min"]), str(s["max"])) in wanted
        }
        after = [
            (*heading_span(rule_sets[index], heading), index)
            for index in range(len(rule_sets))
            for heading in splits.get(index, [])
        ] + [span for span in before if span[2] not in splits]
        broken: set[tuple[str, str]] = set()
        for low, high in wanted:
            nearby = [span for span in after + before if span[0] <= high and low <= span[1]]
            probes = {
                code
                for span_low, span_high, _ in nearby
                for code in (
                    span_low,
                    span_high,
                    f"{int(span_high) + 1:010d}",
                    f"{int(span_low) - 1:010d}",
                )
                if low <= code <= high and code[:4] in existing
            }
            if any(winners(before, code) != winners(after, code) for code in probes):
                broken.add((low, high))
        if not broken:
            return splits
        wanted -= broken


def build_uk(report: bool) -> None:
    base = SOURCES / "uk-trade-tariff-roo"
    schemes = json.loads((base / "roo_schemes_uk.json").read_text(encoding="utf-8"))
    proof_urls = schemes["proof_urls"]
    structured = 0
    total = 0
    split_sets = 0
    leftovers: collections.Counter[str] = collections.Counter()
    for scheme in schemes["schemes"]:
        code = scheme["scheme_code"]
        rule_file = base / "rule_sets_uk" / f"{code}.json.gz"
        if not rule_file.exists():
            print(f"skip {code}: no rule set file", file=sys.stderr)
            continue
        agreement_id = UK_IDS.get(code, "UK-" + code.upper())
        with gzip.open(rule_file, "rt", encoding="utf-8") as handle:
            rule_sets = [s for s in json.load(handle)["rule_sets"] if importable_rules(s)]
        splits = plan_splits(rule_sets)
        split_sets += len(splits)
        rows: list[list[str]] = []
        for index, rule_set in enumerate(rule_sets):
            texts = importable_rules(rule_set)
            single = str(rule_set["min"])[:4]
            parts = (
                [(heading, *heading_span(rule_set, heading)) for heading in splits[index]]
                if index in splits
                else [
                    (
                        single if single == str(rule_set["max"])[:4] else None,
                        str(rule_set["min"]),
                        str(rule_set["max"]),
                    )
                ]
            )
            read = [True] * len(texts)
            for heading, low, high in parts:
                options: list[str] = []
                for number, text in enumerate(texts):
                    grammar = uk_rule_to_grammar(text, heading)
                    if grammar is None:
                        read[number] = False
                        options.append(process(text))
                    else:
                        parse_check(grammar, text)
                        options.append(f"({grammar})" if " and " in grammar else grammar)
                rows.append(
                    [
                        low,
                        high,
                        clean(str(rule_set.get("subdivision") or "")),
                        " or ".join(options),
                        " | ".join(clean(text) for text in texts),
                        f"UK Trade Tariff rule set {rule_set['heading']}",
                    ]
                )
            total += len(texts)
            structured += sum(read)
            for text, ok in zip(texts, read, strict=True):
                if not ok:
                    leftovers[re.sub(r"\d+(?:\.\d+)?", "N", clean(text))[:110]] += 1
        folder = OUT / agreement_id
        for stale in folder.glob("psr.csv*"):
            stale.unlink()
        write_csv(folder / "psr.csv.gz", rows)
        (folder / "pack.toml").write_text(
            uk_pack_toml(scheme, agreement_id, len(rows), proof_urls), encoding="utf-8"
        )
    print(
        f"UK schemes: {structured} of {total} rule texts structured ({structured / total:.1%}); "
        f"{split_sets} multi-heading rule sets written as one row per heading"
    )
    if report:
        for text, count in leftovers.most_common(40):
            print(f"{count:6d}  {text}")


def parse_check(grammar: str, text: str) -> None:
    """Fail the build when a pattern produced text the grammar does not read back."""
    sys.path.insert(0, str(ROOT / "src"))
    from cbec_compliance.origin.grammar import parse_rule

    if str(parse_rule(grammar)) != str(parse_rule(str(parse_rule(grammar)))):
        raise SystemExit(f"grammar {grammar!r} (from {text!r}) does not round-trip")


def tolerance_article(scheme: dict[str, object], agreement_id: str) -> str:
    """The tolerance article's number, from the article text's ``{{ Article N }}`` marker or the
    scheme's article map."""
    code = str(scheme["scheme_code"])
    path = SOURCES / "uk-trade-tariff-roo" / "articles_uk" / code / "tolerances.md"
    marker = re.search(r"\{\{\s*Article (\d+)\s*\}\}", path.read_text(encoding="utf-8"))
    articles = scheme.get("articles") or {}
    named = next((str(k) for k, v in articles.items() if v == "tolerances"), None)  # type: ignore[union-attr]
    number = marker[1] if marker else named.split()[-1] if named else None
    where = f"Article {number}" if number else "Tolerance provision"
    return f"{where} (tolerances) of the {agreement_id} origin reference document"


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
        article = tolerance_article(scheme, agreement_id)
        article_url = f"{UK_REPOSITORY}/blob/{UK_COMMIT}/lib/rules_of_origin/roo_schemes_uk/articles/{code}/tolerances.md"
        lines += [
            "",
            "[[tolerance]]",
            f"article = {toml_string(article)}",
            f"percent = {tolerance['percent']}",
            f'base = "{tolerance["base"]}"',
            f"value_excluded_chapters = {json.dumps(tolerance['excluded'])}",
        ]
        if tolerance["weight"] is not None:
            weight_chapters, weight_percent = tolerance["weight"]  # type: ignore[misc]
            lines += [
                f"weight_chapters = {json.dumps(weight_chapters)}",
                f"weight_percent = {weight_percent}",
            ]
        lines += [
            f"valid_from = {start}",
            f"note = {toml_string(str(tolerance['note']))}",
            f"sources = [{source_line(f'UK Trade Tariff, rules of origin articles: {agreement_id} tolerances', article_url, f'articles_uk/{code}/tolerances.md')}]",
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
