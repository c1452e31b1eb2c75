"""Benchmark: the look for leftovers of interrupted writes that every ingest starts with, both
ways: by the marks killed ingests leave (what each ingest does) and through every version's data
(what a process's first ingest, or the next one after a failure, does). The library is only read
(nothing is removed unless it is a leftover).

Usage: python benchmarks/leftovers.py --data LIBRARY_DIR [--rounds 3]
With SITREP_CHROMA_HOST/SITREP_CHROMA_PORT set it reads that Chroma server (e.g. one that
`benchmarks/scale.py --keep FOLDER` filled, started with `chroma run --path FOLDER`); the first
round of each way is a cold read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from app.settings import Settings
    from index.store import Store

    store = Store(Settings(data_dir=args.data))
    print(f"chunks: {store.chunks.count():,}; sentence units: {store.sentences.count():,}")
    for everywhere in (True, False):
        way = "every version's data" if everywhere else "marks only"
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            removed = store.remove_leftovers(everywhere=everywhere)
            times.append(time.perf_counter() - started)
        rounds = ", ".join(f"{t:.3f}" for t in times)
        print(f"{way:<22} {rounds} s (removed {removed})")


if __name__ == "__main__":
    main()
