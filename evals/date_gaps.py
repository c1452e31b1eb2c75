"""How far the report an answer comes from is dated from the day its question names, against
whether the answer was right: what `date_tolerance_days` (app settings) is chosen from.

A question that names a day ("as of 14 April 2020") wants the figure of that day; an answer from
a report dated months away gives another day's figure. Run the dev questions with the check off,
then count the answers by how many days their report lies from the days the question names
(a day without a year read in the year of the question's other days; 0 inside the span two
days make):

    SITREP_DATE_TOLERANCE_DAYS=100000 sitrep eval --questions evals/questions/dev ... --out dev.json
    python -m evals.date_gaps dev.json

The tolerance is the widest gap below which right answers are found; above it, answers were
wrong (on the dev answers of `09461af`: 1 right and 3 wrong at 1 day, 1 right at 2-7, none right
beyond, 3 wrong, all to unanswerable questions). Only counts are printed, so that the test split
may be run too and looked at in aggregate.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from app.targets import days_asked
from app.verify import days_off

BUCKETS = ((0, "0"), (1, "1"), (7, "2-7"), (31, "8-31"), (366, "32-366"))


def bucket(days: int) -> str:
    return next((name for most, name in BUCKETS if days <= most), "> 366")


def gaps(results: dict) -> Counter[tuple[str, str]]:
    """(gap bucket, verdict) -> answers, over the answered questions that name a full date."""
    counts: Counter[tuple[str, str]] = Counter()
    for question in results["questions"]:
        days = days_asked(question["question"], None)
        answer = question["answer"]
        if not days or answer["abstained"]:
            continue
        offs = [days_off(c.get("date", ""), days) for c in answer["citations"]]
        known = [off for off in offs if off is not None]
        if not known:
            continue
        verdict = question["verdict"]
        if not question["answerable"]:
            kind = "wrong (unanswerable)"
        else:
            kind = "right" if verdict.get("answer_correct") else "wrong"
        counts[(bucket(min(known)), kind)] += 1
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", type=Path, help="`sitrep eval --out` JSON files")
    args = parser.parse_args(argv)
    counts: Counter[tuple[str, str]] = Counter()
    for path in args.results:
        counts.update(gaps(json.loads(path.read_text())))
    kinds = ("right", "wrong", "wrong (unanswerable)")
    print(f"{'days off':>10} " + " ".join(f"{k:>21}" for k in kinds))
    for _, name in (*BUCKETS, (0, "> 366")):
        print(f"{name:>10} " + " ".join(f"{counts[(name, k)]:>21}" for k in kinds))


if __name__ == "__main__":
    main()
