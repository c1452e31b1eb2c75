"""Benchmark: the bundled embedding model (all-MiniLM-L6-v2: questions by its numpy forward pass,
chunks by torch's batches or by numpy one at a time) at 1 and 2 threads (numpy's BLAS and torch),
on a quiet machine and with one core held by another process (as when the server ingests while
it answers): one question's embedding (p50/p95) and chunks embedded per second by each.

Usage: python benchmarks/threads.py [--questions 60] [--chunks 256] [--corpus ../shared/corpus]
Chunks are the first paragraphs of the corpus's text reports, cut to about 900 characters (the
size of the library's chunks); without the corpus, fictional sentences of that size.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from pathlib import Path

QUESTIONS = [
    "How many hygiene kits were distributed in Peru in February?",
    "Combien de cas confirmés en Ituri au 13 juin 2026 ?",
    "¿Cuántas personas recibieron asistencia alimentaria en Colombia?",
    "How did confirmed cases in Ituri change between 7 and 14 June?",
    "Which health zone reported the most new cases?",
]


def _hog() -> None:
    """Hold one core, as a second heavy job does."""
    while True:
        pass


def _chunks(corpus: Path, count: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(corpus.rglob("*.txt"))[: count * 2]:
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        if len(text) > 300:
            texts.append(text[:900])
        if len(texts) == count:
            return texts
    filler = "Partners delivered 2,700 hygiene kits and 1,200 water filters to families in Corran. "
    return texts + [filler * 11] * (count - len(texts))


def _measure(embedder, numpy_model, questions: int, chunks: list[str]) -> tuple[float, ...]:  # type: ignore[no-untyped-def]
    timings = []
    for n in range(questions):
        started = time.perf_counter()
        embedder.get_query_embedding(f"{QUESTIONS[n % len(QUESTIONS)]} ({n})")
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    embedder.get_text_embedding_batch(chunks)
    rate = len(chunks) / (time.perf_counter() - started)
    started = time.perf_counter()
    for chunk in chunks:
        numpy_model.embed(chunk)
    numpy_rate = len(chunks) / (time.perf_counter() - started)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    return statistics.median(timings), p95, rate, numpy_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--chunks", type=int, default=256)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    args = parser.parse_args()

    import torch
    from threadpoolctl import threadpool_limits

    from index.embedding import bundled_model_path, load_embedder
    from index.minilm import NumpyMiniLM

    default = torch.get_num_threads()
    embedder = load_embedder()  # all threads: chunks by torch
    numpy_model = NumpyMiniLM(bundled_model_path())
    chunks = _chunks(args.corpus, args.chunks)
    embedder.get_text_embedding_batch(chunks[:8])  # warm up
    rows = []
    for load in ("quiet", "one core held"):
        hog = None
        if load != "quiet":
            hog = multiprocessing.Process(target=_hog, daemon=True)
            hog.start()
            time.sleep(0.5)
        try:
            for threads in (1, 2):
                torch.set_num_threads(threads)
                threadpool_limits(threads, user_api="blas")
                rows.append(
                    (load, threads, *_measure(embedder, numpy_model, args.questions, chunks))
                )
        finally:
            if hog is not None:
                hog.terminate()
    print(f"torch {torch.__version__}; its default threads here: {default}")
    print(
        "| machine | threads | question p50 ms | question p95 ms | chunks/s torch | chunks/s numpy |"
    )
    print("|---|---|---|---|---|---|")
    for load, threads, p50, p95, rate, numpy_rate in rows:
        print(
            f"| {load} | {threads} | {p50 * 1000:.0f} | {p95 * 1000:.0f} | {rate:.1f} "
            f"| {numpy_rate:.1f} |"
        )
    best = {load: min((r for r in rows if r[0] == load), key=lambda r: r[3]) for load, *_ in rows}
    for load, row in best.items():
        print(f"fastest question p95 {load}: {row[1]} thread(s)")


if __name__ == "__main__":
    main()
