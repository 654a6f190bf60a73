"""Classification benchmark on the development set of CBP rulings issued before 2021.

Run:
    python benchmarks/classification/evaluate.py                    # cc.classify, English cases
    python benchmarks/classification/evaluate.py --language zh      # the Chinese titles
    python benchmarks/classification/evaluate.py --baseline bm25    # cc.hs.search reference
    python benchmarks/classification/evaluate.py --limit 50 --show-misses
    python benchmarks/classification/evaluate.py --split tune       # tune on this half ...
    python benchmarks/classification/evaluate.py --split check      # ... report on this one
    python benchmarks/classification/evaluate.py --method hybrid    # needs the embeddings extra
    python benchmarks/classification/evaluate.py --era 2012-2020    # rulings of 2012-2020 only

Splits: a case is in the "tune" half when the last digit of its ruling number is even (NY K85416,
NY L81200) and in the "check" half when it is odd (NY F86365 would be). The rule depends only on
the ruling number: deterministic, independent of the file's order, and a Chinese title falls in
the same half as the English case it translates. English cases: 224 tune, 239 check.
Change the classifier while looking only at the tune half; read the check half for the result.

Eras: ``--era 2012-2020`` keeps the rulings issued 2012-2020 (HS2012/HS2017 codes, modern
e-commerce goods; 136 English cases, 123 of them added in three blocks after the first tuning:
the 28 of the third block were never looked at while tuning, the tune halves of the first two
were),
``--era before-2012`` the older ones. Eras combine with splits.

Each case's description goes to ``cc.classify(description, destination="US", limit=5,
method=...)`` (``--method bm25``, the default, or ``hybrid``, which needs
``pip install "cbec-compliance[embeddings]"``) (or to
``cc.hs.search(description, limit=5)`` with ``--baseline bm25``). A prediction is right at HS6 when
a candidate's HS2022 subheading equals the case's ``hs6_2022`` (its ``hs6`` when no HS2022
equivalent was recorded), and right at HS4 when the first four digits match. Declined cases count
as misses in the overall figures; the accuracy of the cases not declined is reported separately.
Latency is measured per query, one at a time on one core, after warm-up queries that load the
data. A JSON summary is written next to this file (``last_run.json``).

National line (US HTS, 10 digits): each ruling states its full HTSUS number (``hts_code``). A case
is scored for the national line when that number is still a line of the US HTS 2025 pack
(``cc.tariff.lookup(code, "US", 2025-06-01)`` finds it or, for a 10-digit number retired since,
its 8-digit line); the others (older numbers that no longer exist) are excluded and counted. On
the scored cases whose top-1 candidate has the right HS6 (declined or not: the line is chosen
under the subheading either way), the harness reports the share whose national line agrees with
the ruling at 8 digits and, where the ruling's 10-digit number is a declarable line of 2025,
the share that equals it exactly. ``--show-national-misses`` lists the lines that disagree.

This is a benchmark, not a test: it is not collected by pytest and asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

for variable in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TOKENIZERS_PARALLELISM",
):
    os.environ.setdefault(variable, "1" if variable != "TOKENIZERS_PARALLELISM" else "false")

import cbec_compliance as cc  # noqa: E402  (thread limits must be set before heavy imports)
from cbec_compliance.errors import CbecError  # noqa: E402

HERE = Path(__file__).resolve().parent
DATASET = HERE / "dev_rulings.csv"
SUMMARY = HERE / "last_run.json"
WARM_UP_QUERIES = 5
# The day whose US schedule (HTS 2025 Basic Edition) the rulings' national lines are checked on.
NATIONAL_SCHEDULE_DAY = date(2025, 6, 1)


@dataclass(frozen=True)
class NationalGold:
    """A ruling's HTSUS number as a line of the US HTS 2025 pack."""

    code: str  # the ruling's digits (8 or 10)
    hs6: str
    exact: bool  # the 10-digit number is a declarable line of 2025: exact comparison possible


def national_gold(case: dict[str, str]) -> NationalGold | None:
    """The ruling's national line when it (or its 8-digit line) exists in 2025; None if not."""
    digits = re.sub(r"\D", "", case["hts_code"])
    if len(digits) < 8:
        return None
    try:
        line = cc.tariff.lookup(digits, "US", NATIONAL_SCHEDULE_DAY)
    except CbecError:
        return None
    found = str(line.code)
    if line.hs6 is None or len(found) < 8 or found[:8] != digits[:8]:
        return None
    return NationalGold(
        digits, str(line.hs6), len(digits) == 10 and found == digits and bool(line.declarable)
    )


@dataclass
class Prediction:
    """What one system returned for one case."""

    hs6: list[str]
    national: list[str]
    confidence: list[float]
    declined: bool
    seconds: float
    error: str = ""


@dataclass
class Tally:
    """Counts for a slice of the cases."""

    cases: int = 0
    declined: int = 0
    top1_hs6: int = 0
    top5_hs6: int = 0
    top1_hs4: int = 0
    top5_hs4: int = 0
    answered_top1_hs6: int = 0
    answered_top5_hs6: int = 0
    answered_top1_hs4: int = 0
    answered_top5_hs4: int = 0
    correct_confidence: list[float] = field(default_factory=list)
    wrong_confidence: list[float] = field(default_factory=list)
    national_scored: int = 0
    national_excluded: int = 0
    national_hs6_right: int = 0
    national_8_digit: int = 0
    national_exact_scored: int = 0
    national_exact: int = 0

    def add(self, gold6: str, prediction: Prediction, national: NationalGold | None = None) -> None:
        self.cases += 1
        self._add_national(national, prediction)
        if prediction.declined:
            self.declined += 1
        codes4 = [code[:4] for code in prediction.hs6]
        hits = {
            "top1_hs6": bool(prediction.hs6) and prediction.hs6[0] == gold6,
            "top5_hs6": gold6 in prediction.hs6[:5],
            "top1_hs4": bool(codes4) and codes4[0] == gold6[:4],
            "top5_hs4": gold6[:4] in codes4[:5],
        }
        for name, hit in hits.items():
            if hit and not prediction.declined:
                setattr(self, name, getattr(self, name) + 1)
                setattr(self, f"answered_{name}", getattr(self, f"answered_{name}") + 1)
        if prediction.confidence and not prediction.declined:
            bucket = self.correct_confidence if hits["top1_hs6"] else self.wrong_confidence
            bucket.append(prediction.confidence[0])

    def _add_national(self, gold: NationalGold | None, prediction: Prediction) -> None:
        if gold is None:
            self.national_excluded += 1
            return
        self.national_scored += 1
        if not prediction.hs6 or prediction.hs6[0] != gold.hs6:
            return
        self.national_hs6_right += 1
        chosen = prediction.national[0] if prediction.national else ""
        if chosen[:8] == gold.code[:8]:
            self.national_8_digit += 1
        if gold.exact:
            self.national_exact_scored += 1
            if chosen == gold.code:
                self.national_exact += 1

    def national_summary(self) -> dict[str, Any]:
        def share(count: int, total: int) -> float | None:
            return round(count / total, 4) if total else None

        return {
            "scored": self.national_scored,
            "excluded_code_not_in_2025": self.national_excluded,
            "top1_hs6_right": self.national_hs6_right,
            "exact_scored": self.national_exact_scored,
            "exact": self.national_exact,
            "exact_share": share(self.national_exact, self.national_exact_scored),
            "eight_digit": self.national_8_digit,
            "eight_digit_share": share(self.national_8_digit, self.national_hs6_right),
        }

    def summary(self) -> dict[str, Any]:
        answered = self.cases - self.declined

        def share(count: int, total: int) -> float | None:
            return round(count / total, 4) if total else None

        return {
            "cases": self.cases,
            "declined": self.declined,
            "decline_rate": share(self.declined, self.cases),
            "top1_hs6": share(self.top1_hs6, self.cases),
            "top5_hs6": share(self.top5_hs6, self.cases),
            "top1_hs4": share(self.top1_hs4, self.cases),
            "top5_hs4": share(self.top5_hs4, self.cases),
            "answered": answered,
            "answered_top1_hs6": share(self.answered_top1_hs6, answered),
            "answered_top5_hs6": share(self.answered_top5_hs6, answered),
            "answered_top1_hs4": share(self.answered_top1_hs4, answered),
            "answered_top5_hs4": share(self.answered_top5_hs4, answered),
            "mean_top1_confidence_when_right": _mean(self.correct_confidence),
            "mean_top1_confidence_when_wrong": _mean(self.wrong_confidence),
            "national_line": self.national_summary(),
        }


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def pin_to_one_core() -> str:
    """Restrict this process to one CPU where the platform allows it."""
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity on this platform)"


SPLITS = ("tune", "check", "all")
ERAS = ("all", "2012-2020", "before-2012")


def split_of(ruling: str) -> str:
    """``tune`` when the ruling number's last digit is even, ``check`` when it is odd."""
    digits = [character for character in ruling if character.isdigit()]
    if not digits:
        raise ValueError(f"ruling {ruling!r} has no number; cannot assign it to a split")
    return "tune" if int(digits[-1]) % 2 == 0 else "check"


def load_cases(
    language: str, limit: int | None, split: str = "all", era: str = "all"
) -> list[dict[str, str]]:
    with DATASET.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if language != "all":
        rows = [row for row in rows if row["language"] == language]
    if split != "all":
        rows = [row for row in rows if split_of(row["ruling"]) == split]
    if era != "all":
        rows = [row for row in rows if row["era"] == era]
    return rows[:limit] if limit else rows


def gold_hs6(case: dict[str, str]) -> str:
    return case["hs6_2022"] or case["hs6"]


def make_classifier(baseline: str | None, method: str = "bm25") -> Any:
    """A function description -> Prediction for the system under test."""
    if baseline == "bm25":

        def run_bm25(description: str) -> Prediction:
            started = time.perf_counter()
            try:
                hits = cc.hs.search(description, limit=5)
            except CbecError as error:  # e.g. no searchable (English) word in the text
                seconds = time.perf_counter() - started
                return Prediction([], [], [], True, seconds, type(error).__name__)
            seconds = time.perf_counter() - started
            return Prediction([hit.code for hit in hits], [], [], not hits, seconds)

        return run_bm25

    classify = getattr(cc, "classify", None)
    if classify is None:
        print(
            "cbec_compliance.classify does not exist yet in this installation: nothing to "
            "measure. Run with --baseline bm25 for the reference figures.",
            file=sys.stderr,
        )
        raise SystemExit(2)

    def run_classify(description: str) -> Prediction:
        started = time.perf_counter()
        try:
            result = classify(description, destination="US", limit=5, method=method)
        except CbecError as error:
            return Prediction([], [], [], True, time.perf_counter() - started, type(error).__name__)
        seconds = time.perf_counter() - started
        candidates = list(result.candidates)
        return Prediction(
            [str(candidate.hs6) for candidate in candidates],
            [str(getattr(candidate, "national_code", "") or "") for candidate in candidates],
            [float(candidate.confidence) for candidate in candidates],
            bool(result.declined),
            seconds,
        )

    return run_classify


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def table(title: str, tallies: dict[str, Tally]) -> list[str]:
    lines = [
        f"\n{title}",
        f"{'':>22} {'n':>4} {'decl':>5} {'t1 HS6':>7} {'t5 HS6':>7} {'t1 HS4':>7} {'t5 HS4':>7}"
        f" {'nat 8':>7} {'nat 10':>7}",
    ]
    for key in sorted(tallies):
        summary = tallies[key].summary()

        def cell(name: str, values: dict[str, Any] = summary) -> str:
            value = values[name]
            return f"{value * 100:6.1f}%" if value is not None else "      -"

        lines.append(
            f"{key:>22} {summary['cases']:>4} {summary['declined']:>5} {cell('top1_hs6')} "
            f"{cell('top5_hs6')} {cell('top1_hs4')} {cell('top5_hs4')} "
            f"{cell('eight_digit_share', summary['national_line'])} "
            f"{cell('exact_share', summary['national_line'])}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N cases")
    parser.add_argument("--language", default="en", choices=["en", "zh", "all"])
    parser.add_argument("--baseline", choices=["bm25"], help="measure a reference system instead")
    parser.add_argument(
        "--split",
        default="all",
        choices=SPLITS,
        help="tune: rulings whose number ends in an even digit; check: odd; all: both",
    )
    parser.add_argument(
        "--era",
        default="all",
        choices=ERAS,
        help="2012-2020: rulings issued 2012-2020; before-2012: the older ones; all: both",
    )
    parser.add_argument(
        "--method",
        default="bm25",
        choices=["bm25", "hybrid"],
        help="cc.classify method; hybrid needs the embeddings extra",
    )
    parser.add_argument("--show-misses", action="store_true", help="print each top-5 HS6 miss")
    parser.add_argument(
        "--show-national-misses",
        action="store_true",
        help="print each national line that disagrees with the ruling (top-1 HS6 right)",
    )
    parser.add_argument("--summary", type=Path, default=SUMMARY, help="where to write the JSON")
    arguments = parser.parse_args(argv)

    affinity = pin_to_one_core()
    cases = load_cases(arguments.language, arguments.limit, arguments.split, arguments.era)
    if not cases:
        print("no cases selected", file=sys.stderr)
        return 1
    run = make_classifier(arguments.baseline, arguments.method)
    system = (
        f"baseline {arguments.baseline}"
        if arguments.baseline
        else f"cc.classify method={arguments.method}"
    )

    started = time.perf_counter()
    run(cases[0]["description"])
    first_query = time.perf_counter() - started
    for case in cases[1:WARM_UP_QUERIES]:
        run(case["description"])

    overall = Tally()
    by_chapter: dict[str, Tally] = defaultdict(Tally)
    by_group: dict[str, Tally] = defaultdict(Tally)
    latencies: list[float] = []
    misses: list[str] = []
    national_misses: list[str] = []
    errors: dict[str, int] = defaultdict(int)
    golds = {case["case_id"]: national_gold(case) for case in cases}
    for case in cases:
        prediction = run(case["description"])
        latencies.append(prediction.seconds)
        if prediction.error:
            errors[prediction.error] += 1
        gold = gold_hs6(case)
        national = golds[case["case_id"]]
        for tally in (overall, by_chapter[case["chapter"]], by_group[case["chapter_group"]]):
            tally.add(gold, prediction, national)
        chosen = prediction.national[0] if prediction.national else ""
        if (
            arguments.show_national_misses
            and national is not None
            and prediction.hs6[:1] == [national.hs6]
            and chosen != national.code
            and (national.exact or chosen[:8] != national.code[:8])
        ):
            national_misses.append(
                f"{case['case_id']} {case['ruling']:<11} gold {national.code} chose "
                f"{chosen or '(none)'}: {case['description']}"
            )
        if arguments.show_misses and gold not in prediction.hs6[:5]:
            shown = " ".join(prediction.hs6[:5]) or "(none)"
            state = "declined" if prediction.declined else "answered"
            misses.append(
                f"{case['case_id']} {case['ruling']:<11} gold {gold} {state}: {shown}\n"
                f"      {case['description']}"
            )

    summary = overall.summary()
    latency = {
        "first_query_ms": round(first_query * 1000, 2),
        "median_ms": round(statistics.median(latencies) * 1000, 3),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 3),
        "max_ms": round(max(latencies) * 1000, 3),
        "warm_up_queries": min(WARM_UP_QUERIES, len(cases)),
        "cpu": affinity,
    }
    print(
        f"system: {system}; cases: {len(cases)} ({arguments.language}, split {arguments.split}, "
        f"era {arguments.era}); dataset {DATASET.name}"
    )
    print(
        f"overall  top-1 HS6 {summary['top1_hs6']:.1%}  top-5 HS6 {summary['top5_hs6']:.1%}  "
        f"top-1 HS4 {summary['top1_hs4']:.1%}  top-5 HS4 {summary['top5_hs4']:.1%}"
    )
    print(f"declined {summary['declined']} of {summary['cases']} ({summary['decline_rate']:.1%})")
    if summary["answered"]:
        print(
            f"answered top-1 HS6 {summary['answered_top1_hs6']:.1%}  "
            f"top-5 HS6 {summary['answered_top5_hs6']:.1%}  "
            f"top-1 HS4 {summary['answered_top1_hs4']:.1%}  "
            f"top-5 HS4 {summary['answered_top5_hs4']:.1%}"
        )
    if summary["mean_top1_confidence_when_right"] is not None:
        print(
            f"mean top-1 confidence: {summary['mean_top1_confidence_when_right']} when right, "
            f"{summary['mean_top1_confidence_when_wrong']} when wrong"
        )
    print(
        f"latency per query: median {latency['median_ms']} ms, p95 {latency['p95_ms']} ms, "
        f"max {latency['max_ms']} ms; first (cold) query {latency['first_query_ms']} ms; "
        f"{affinity}"
    )
    for message, count in sorted(errors.items()):
        print(f"raised {message} (counted as declined): {count} cases")
    national_line = summary["national_line"]

    def percent(value: float | None) -> str:
        return f"{value:.1%}" if value is not None else "-"

    print(
        f"national line (US HTS 2025): {national_line['scored']} cases scored, "
        f"{national_line['excluded_code_not_in_2025']} excluded (code not in 2025); top-1 HS6 "
        f"right on {national_line['top1_hs6_right']}: 8-digit agreement "
        f"{percent(national_line['eight_digit_share'])} ({national_line['eight_digit']}), "
        f"10-digit exact {percent(national_line['exact_share'])} "
        f"({national_line['exact']} of {national_line['exact_scored']} with a 10-digit line)"
    )
    for line in table("by chapter group", by_group) + table("by chapter", by_chapter):
        print(line)
    if misses:
        print(f"\ntop-5 HS6 misses ({len(misses)}):")
        for miss in misses:
            print(miss)
    if national_misses:
        print(f"\nnational line misses ({len(national_misses)}):")
        for miss in national_misses:
            print(miss)

    digest = hashlib.sha256(DATASET.read_bytes()).hexdigest()
    document = {
        "system": system,
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cbec_compliance_version": cc.__version__,
        "dataset": DATASET.name,
        "dataset_sha256": digest,
        "language": arguments.language,
        "split": arguments.split,
        "era": arguments.era,
        "limit": arguments.limit,
        "national_schedule_day": NATIONAL_SCHEDULE_DAY.isoformat(),
        "overall": summary,
        "latency": latency,
        "errors": dict(errors),
        "by_chapter_group": {key: tally.summary() for key, tally in sorted(by_group.items())},
        "by_chapter": {key: tally.summary() for key, tally in sorted(by_chapter.items())},
    }
    arguments.summary.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nsummary written to {arguments.summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
