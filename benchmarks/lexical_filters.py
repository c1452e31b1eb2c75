"""Benchmark: a filtered BM25 search as the library grows. The chunks of a library are copied
`--copies` times (new report ids, so a report filter keeps one copy's report in a thousand) and
the same filtered questions are searched with the filter as arrays (the product) and with the
per-chunk Python check it replaced (the reference), which must find the same chunks.

Usage: python benchmarks/lexical_filters.py --data DIR [--copies 1 10 40] [--questions 30]
`DIR` is a built library (`make eval-dev` builds one in ./eval-data).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.schema import TextNode

QUESTIONS = [
    "How many hygiene kits were distributed in Peru in February?",
    "Combien de cas confirmés en Ituri ?",
    "¿Cuántas personas recibieron asistencia alimentaria en Colombia?",
    "How many confirmed cases and deaths were reported?",
    "Which health zone reported the most new cases?",
]


def _accepts(filters: Any, meta: dict[str, Any]) -> bool:
    """The per-chunk check the arrays replaced (its semantics are the arrays' too)."""
    from index.records import date_number

    if filters.reports and meta.get("report_id") not in filters.reports:
        return False
    day = int(meta.get("date_num") or 0)
    if filters.date_from and day < date_number(filters.date_from):
        return False
    if filters.date_to and day > date_number(filters.date_to):
        return False
    return not (filters.language and meta.get("language") != filters.language)


def _percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(0.95 * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--questions", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from app import Assistant
    from index import SearchFilters
    from index.lexical import LexicalIndex, Tokenizer
    from ingest.metadata import detect_language

    library = Assistant(args.data).library
    base = list(library.store.iter_chunks())
    some_report = str(base[0][2].get("report_id"))
    tokenizer = Tokenizer()
    print(f"{len(base)} chunks in {args.data}")
    print("| chunks | build s | filter | arrays p50 / p95 ms | per-chunk check p50 / p95 ms |")
    print("|---|---|---|---|---|")
    for copies in args.copies:
        nodes = [
            TextNode(
                id_=f"{cid}-{n}",
                text=text,
                metadata={**meta, "report_id": f"{meta.get('report_id')}-{n}"},
            )
            for n in range(copies)
            for cid, text, meta in base
        ]
        started = time.perf_counter()
        index = LexicalIndex(nodes, tokenizer, language_of=detect_language)
        build = time.perf_counter() - started
        for name, filters in [
            ("one report", SearchFilters(reports=[f"{some_report}-0"])),
            (
                "dates + language",
                SearchFilters(date_from="2020-06-01", date_to="2020-12-31", language="en"),
            ),
        ]:
            arrays, checks = [], []
            for q in range(args.questions):
                question = QUESTIONS[q % len(QUESTIONS)]
                started = time.perf_counter()
                index.search(question, 30, filters)
                arrays.append(time.perf_counter() - started)
                started = time.perf_counter()
                mask = np.array([_accepts(filters, n.metadata) for n in index.nodes], float)
                assert np.array_equal(mask, index.mask(filters)), "the arrays disagree"
                index.search(question, 30, None)  # the same search; its mask costs the check
                checks.append(time.perf_counter() - started)
            a50, a95 = _percentiles(arrays)
            c50, c95 = _percentiles(checks)
            print(
                f"| {len(nodes):,} | {build:.1f} | {name} | {a50 * 1000:.1f} / {a95 * 1000:.1f} "
                f"| {c50 * 1000:.1f} / {c95 * 1000:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
