"""Benchmark: the BM25 index as the library grows, in memory. The stored terms of a library's
report versions are copied `--copies` times (new report ids and versions, so a report filter keeps
one copy's report) and the index is built from them as a process does at start-up, then extended
by one report as an ingest does. Search times are for the built-in questions, unfiltered and
filtered (filters are arrays over the chunks, so they cost the same at every size).

Usage: python benchmarks/lexical.py --data DIR [--copies 1 10 40 190] [--questions 30]
`DIR` is a built library (`make eval-dev` builds one in ./eval-data); it is only read, except that
a library written before terms were stored gets them (once).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import time
from pathlib import Path

QUESTIONS = [
    "How many hygiene kits were distributed in Peru in February?",
    "Combien de cas confirmés en Ituri ?",
    "¿Cuántas personas recibieron asistencia alimentaria en Colombia?",
    "How many confirmed cases and deaths were reported?",
    "Which health zone reported the most new cases?",
]


def _percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(0.95 * len(values)))]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 40, 190])
    parser.add_argument("--questions", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from app import Assistant
    from index import SearchFilters
    from index.lexical import LexicalIndex, Postings
    from ingest.metadata import detect_language

    library = Assistant(args.data).library
    records = library.reports()
    base = [shard for shard, _ in library._lexical_index(records).shards.values()]
    print(f"{sum(len(s.postings.chunk_ids) for s in base):,} chunks in {args.data}")
    print(
        "| chunks | build s | add one report ms | search p50 / p95 ms | one report p50 / p95 ms "
        "| dates + language p50 / p95 ms | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|")
    for copies in args.copies:
        shards = [
            dataclasses.replace(
                s,
                report_id=f"{s.report_id}~{n}",
                version=f"{s.version}~{n}",
                postings=Postings(
                    [f"{c}~{n}" for c in s.postings.chunk_ids],
                    s.postings.lengths,
                    s.postings.starts,
                    s.postings.keys,
                    s.postings.counts,
                ),
            )
            for n in range(copies)
            for s in base
        ]
        extra, shards = shards[-1], shards[:-1]
        empty = LexicalIndex(
            library.tokenizer, language_of=detect_language, expand=library.glossary.expand
        )
        started = time.perf_counter()
        index = empty.updated(shards)
        build = time.perf_counter() - started
        started = time.perf_counter()
        index = index.updated([extra])
        add_one = time.perf_counter() - started
        cells = []
        for filters in (
            None,
            SearchFilters(reports=[shards[0].report_id]),
            SearchFilters(date_from="2020-06-01", date_to="2026-12-31", language="en"),
        ):
            times = []
            for q in range(args.questions):
                started = time.perf_counter()
                index.search(QUESTIONS[q % len(QUESTIONS)], 30, filters)
                times.append(time.perf_counter() - started)
            p50, p95 = _percentiles(times)
            cells.append(f"{p50 * 1000:.1f} / {p95 * 1000:.1f}")
        print(
            f"| {index.size:,} | {build:.1f} | {add_one * 1000:.0f} | {' | '.join(cells)} "
            f"| {_rss_mb():,.0f} |",
            flush=True,
        )
        del index, shards


if __name__ == "__main__":
    main()
