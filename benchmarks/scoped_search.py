"""Benchmark: a search limited to one report (what the planner runs once it has chosen the report
a question is about), ranked from the report's chunks read by id against Chroma's filtered
queries, on the same library and the same reports.

Usage: python benchmarks/scoped_search.py --data LIBRARY_DIR [--reports 30] [--min-chunks 1]
The library is only read. With SITREP_CHROMA_HOST/SITREP_CHROMA_PORT set it is read from that
Chroma server (e.g. the one `benchmarks/scale.py --keep FOLDER` fills, started with `chroma run
--path FOLDER`). `--min-chunks` draws reports of at least that many chunks (PDF sitreps hold
30-60; a text excerpt one or two).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "How many confirmed cases were reported?",
    "Combien de décès parmi les cas confirmés ?",
    "¿Cuántas personas recibieron asistencia alimentaria?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--min-chunks", type=int, default=1)
    args = parser.parse_args()

    import index.library as library_module
    from app import Assistant
    from index import SearchFilters

    assistant = Assistant(args.data)
    assistant.warm_up()
    library = assistant.library
    records = library.reports()
    chosen = [r for r in records if r.chunks >= args.min_chunks]
    picked = random.Random(0).sample(chosen, min(args.reports, len(chosen)))
    chunks = statistics.median(r.chunks for r in picked)
    print(
        f"{library.store.chunks.count():,} chunks; {len(picked)} reports of median {chunks} chunks"
    )
    print("| ranked from | median ms | p95 ms |\n|---|---|---|")
    for name, bound in (("Chroma's filtered queries", 0), ("chunks read by id", None)):
        if bound is not None:
            library_module._SCOPE_BY_ID = bound
        else:
            library_module._SCOPE_BY_ID = max(r.chunks for r in picked)
        for r in picked[:3]:  # untimed: the question embeddings are kept after the first
            library.search(QUESTIONS[0], SearchFilters(reports=[r.report_id]), records=records)
        times = []
        for n, record in enumerate(picked):
            started = time.perf_counter()
            library.search(
                QUESTIONS[n % len(QUESTIONS)],
                SearchFilters(reports=[record.report_id]),
                records=records,
            )
            times.append(time.perf_counter() - started)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"| {name} | {statistics.median(times) * 1000:.0f} | {p95 * 1000:.0f} |")


if __name__ == "__main__":
    main()
