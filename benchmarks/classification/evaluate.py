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

This is a benchmark, not a test: it is not collected by pytest and asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
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

    def add(self, gold6: str, prediction: Prediction) -> None:
        self.cases += 1
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
        f"{'':>22} {'n':>4} {'decl':>5} {'t1 HS6':>7} {'t5 HS6':>7} {'t1 HS4':>7} {'t5 HS4':>7}",
    ]
    for key in sorted(tallies):
        summary = tallies[key].summary()

        def cell(name: str, values: dict[str, Any] = summary) -> str:
            value = values[name]
            return f"{value * 100:6.1f}%" if value is not None else "      -"

        lines.append(
            f"{key:>22} {summary['cases']:>4} {summary['declined']:>5} {cell('top1_hs6')} "
            f"{cell('top5_hs6')} {cell('top1_hs4')} {cell('top5_hs4')}"
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
    errors: dict[str, int] = defaultdict(int)
    for case in cases:
        prediction = run(case["description"])
        latencies.append(prediction.seconds)
        if prediction.error:
            errors[prediction.error] += 1
        gold = gold_hs6(case)
        for tally in (overall, by_chapter[case["chapter"]], by_group[case["chapter_group"]]):
            tally.add(gold, prediction)
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
    for line in table("by chapter group", by_group) + table("by chapter", by_chapter):
        print(line)
    if misses:
        print(f"\ntop-5 HS6 misses ({len(misses)}):")
        for miss in misses:
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
