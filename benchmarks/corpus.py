"""Benchmark: ingest the shared corpus (or a subset of it), then time `ask` on 20 questions (warm).

Prints wall time, chunks, sentence-index units, chunks per second and peak memory of the ingest,
and p50/p95 of `ask`. `--no-meaning` ingests without the sentence index (the ingest of before it
existed), so that the two can be compared on the same files and the same code. `--bound` then
measures the embedding bound in the same run, on the quiet machine: the stored chunks' texts as
they were embedded and the distinct sentence-index units, in batches as ingest embeds them, each
model at one thread and at every core (torch's and the encoder's threads set explicitly, so the
figure does not depend on which library loaded OpenMP first). It prints ingest wall time as a
ratio to the fastest (each model at its faster thread count) and to the one-thread bound, and
the CPU floor: the CPU seconds the ingest used, this process's and the parsing process's,
spread over every core.
Usage: python benchmarks/corpus.py [--corpus ../shared/corpus] [--subset FILE] [--data DIR]
       [--no-meaning] [--bound]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUESTIONS = [
    "How many hygiene kits did GTRM partners distribute?",
    "How many people were reached with Food Security under the RMRP?",
    "How many refugees and migrants received legal counselling?",
    "Combien de cas confirmés en Ituri au 13 juin 2026?",
    "How many confirmed cases were reported in Ituri?",
    "Combien de contacts sous suivi?",
    "How many deaths were reported globally in situation report 51?",
    "How many confirmed cases of COVID-19 were reported in China?",
    "What is the case fatality rate in Nord-Kivu?",
    "How many alerts were investigated?",
    "How many partners does the GTRM have?",
    "How many students accessed education with partners' support?",
    "How many travellers were screened at points of entry?",
    "How many countries have reported cases of COVID-19?",
    "How many people were displaced in the northeast states?",
    "What was the number of new cases in the African Region?",
    "How many health zones are affected in Ituri?",
    "How many vaccinated people in Kasai?",
    "What is the price of rice in Lima?",
    "How many hospital beds are available in Tumbes?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).resolve().parents[1].parent / "shared" / "corpus",
    )
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--subset", type=Path, help="glob patterns of files, as evals/split/*.txt")
    parser.add_argument("--no-meaning", action="store_true", help="no sentence index")
    parser.add_argument("--bound", action="store_true", help="measure the embedding bound")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus folder not found: {args.corpus}")
    from app import Assistant, Settings
    from evals.runner import select_files

    data = args.data or Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    assistant = Assistant(data, settings=Settings(meaning=not args.no_meaning))
    folders = [
        args.corpus / "drc-ebola",
        args.corpus / "who-covid",
        args.corpus / "gtrm-peru",
        args.corpus / "humset" / "text",
    ]
    paths = select_files([args.corpus], args.subset) if args.subset else folders
    cpu_started = _cpu_seconds()
    started = time.perf_counter()
    outcomes = assistant.ingest(paths)
    wall = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    chunks = sum(o.chunks for o in outcomes if o.status == "added")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    by_status: dict[str, int] = {}
    for o in outcomes:
        by_status[o.status] = by_status.get(o.status, 0) + 1
    print(f"data dir: {data}")
    print(f"files: {len(outcomes)} {by_status}")
    for o in outcomes:
        if o.status == "failed":
            print(f"  failed: {o.file}: {o.reason}")
    units = assistant.library.store.sentences.count()
    print(
        f"ingest wall time: {wall:.1f} s; chunks: {chunks}; sentence-index units: {units}; "
        f"chunks/s: {chunks / wall:.1f}; peak RSS: {peak_mb:.0f} MB"
    )

    if args.bound:
        cores = os.cpu_count() or 1
        times = embedding_bound(assistant, cores)
        kinds = ("chunks", "units", "words")
        fastest = sum(min(times[kind, 1], times[kind, cores]) for kind in kinds)
        one = sum(times[kind, 1] for kind in kinds)
        print(
            "embedding bound: "
            + "; ".join(f"{what} at {n} thread(s) {t:.1f} s" for (what, n), t in times.items())
        )
        print(
            f"ingest / bound = {wall / fastest:.2f} (each model at its faster thread count: "
            f"{fastest:.1f} s); ingest / one-thread bound = {wall / one:.2f} ({one:.1f} s)"
        )
        print(
            f"ingest CPU: {cpu:.0f} s (both processes), CPU floor over {cores} cores "
            f"{cpu / cores:.1f} s: ingest / floor = {wall / (cpu / cores):.2f}"
        )
        parsing = parsing_time(paths, assistant.settings)
        print(
            f"parsing alone (the parsing process, one file after another): {parsing:.1f} s; "
            f"ingest / max(parsing, embedding) = {wall / max(parsing, fastest):.2f}"
        )

    started = time.perf_counter()
    again = assistant.ingest(paths)
    statuses = {
        s: sum(o.status == s for o in again) for s in ("added", "unchanged", "duplicate", "failed")
    }
    print(f"second ingest of the same folders: {time.perf_counter() - started:.1f} s {statuses}")

    assistant.ask("warm-up question about cases")  # builds the BM25 index once
    latencies = []
    for question in QUESTIONS:
        t = time.perf_counter()
        answer = assistant.ask(question)
        latencies.append(time.perf_counter() - t)
        status = "abstained" if answer.abstained else answer.text[:100]
        print(f"  {latencies[-1] * 1000:6.0f} ms  {question[:60]:60s} -> {status}")
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(
        f"ask latency over {len(latencies)} questions (warm): p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )


def embedding_bound(assistant: Any, cores: int) -> dict[tuple[str, int], float]:
    """Seconds to embed the library's chunks (their text as embedded: with the metadata that
    goes with it), its distinct sentence-index units and its words (as queries, `index.words`),
    by "chunks", "units" or "words" and threads."""
    import torch
    from llama_index.core.schema import MetadataMode
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    from index.embedding import load_embedder
    from index.meaning import SentenceEncoder
    from index.words import EMBED_BATCH as WORD_BATCH

    store = assistant.library.store
    settings = assistant.settings
    got = store.chunks.get(include=["metadatas", "documents"])
    texts = [
        metadata_dict_to_node(dict(meta), text=doc).get_content(metadata_mode=MetadataMode.EMBED)
        for meta, doc in zip(got["metadatas"], got["documents"], strict=True)
    ]
    units = list(dict.fromkeys(store.sentences.get(include=["documents"])["documents"]))
    words = store.words.get(include=["documents"])["documents"]
    batch = 64  # as ingest encodes them (index/library.py)
    times: dict[tuple[str, int], float] = {}
    for threads in sorted({1, cores}):
        # At two or more threads the chunks are torch's batches; at one, the faster of
        # torch's and numpy's (what `sitrep serve` uses).
        embedder = load_embedder(settings.embed_model, settings.embed_batch_size, threads)
        candidates = [embedder]
        if threads == 1:
            candidates.append(load_embedder(settings.embed_model, settings.embed_batch_size, 0))
        best = float("inf")
        for candidate in candidates:
            torch.set_num_threads(threads)
            candidate.get_text_embedding_batch(texts[:8])  # load it first
            started = time.perf_counter()
            candidate.get_text_embedding_batch(texts)
            best = min(best, time.perf_counter() - started)
        times["chunks", threads] = best
        encoder = SentenceEncoder(threads)
        encoder.passages(units[:8])
        started = time.perf_counter()
        for start in range(0, len(units), batch):
            encoder.passages(units[start : start + batch])
        times["units", threads] = time.perf_counter() - started
        started = time.perf_counter()
        for start in range(0, len(words), WORD_BATCH):
            encoder.queries(words[start : start + WORD_BATCH])
        times["words", threads] = time.perf_counter() - started
    torch.set_num_threads(cores)
    return times


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process and by the parsing process (which lives on)."""
    from app.intake import _parser

    own = resource.getrusage(resource.RUSAGE_SELF)
    total = own.ru_utime + own.ru_stime
    pid = _parser.pid
    if pid is not None:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def parsing_time(paths: list[Path], settings: Any) -> float:
    """Seconds for the parsing process to read and chunk every file, one after another: what
    it does beside the embedding, so the other bound of a pipelined ingest."""
    from ingest.files import content_hash, find_files
    from ingest.worker import ParsingProcess

    parser = ParsingProcess()
    with contextlib.suppress(Exception):  # start the process (the file itself is refused)
        parser.parse(Path(__file__), "warm-up", "", settings.chunk_chars)
    started = time.perf_counter()
    for file in find_files(paths):  # the files ingest reads, as it finds them
        # A file that ingest refuses costs its time all the same.
        with contextlib.suppress(Exception):
            parser.parse(file, content_hash(file), settings.ocr_languages, settings.chunk_chars)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
