"""Benchmark: ingest the shared corpus (or a subset of it), then time `ask` on 20 questions (warm).

Prints wall time, chunks, sentence-index units, chunks per second and peak memory of the ingest,
and p50/p95 of `ask`. `--no-meaning` ingests without the sentence index (the ingest of before it
existed), so that the two can be compared on the same files and the same code. `--bound` then
measures the embedding bound in the same run: the stored chunks' texts as they were embedded,
and the distinct sentence-index units, each set embedded in one go by the same models with the
same threads, and prints ingest wall time as a ratio to it.
Usage: python benchmarks/corpus.py [--corpus ../shared/corpus] [--subset FILE] [--data DIR]
       [--no-meaning] [--bound]
"""

from __future__ import annotations

import argparse
import contextlib
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
    started = time.perf_counter()
    outcomes = assistant.ingest(paths)
    wall = time.perf_counter() - started
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
        chunks_s, units_s, n_units = embedding_bound(assistant)
        bound = chunks_s + units_s
        print(
            f"embedding bound: chunks {chunks_s:.1f} s, {n_units} distinct units {units_s:.1f} s; "
            f"ingest / bound = {wall / bound:.2f} (chunks alone: {wall / chunks_s:.2f})"
        )
        parsing = parsing_time(paths, assistant.settings)
        print(
            f"parsing alone (the parsing process, one file after another): {parsing:.1f} s; "
            f"ingest / max(parsing, embedding) = {wall / max(parsing, bound):.2f}"
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


def embedding_bound(assistant: Any) -> tuple[float, float, int]:
    """Seconds to embed the library's chunks (their text as embedded: with the metadata that
    goes with it) and its distinct sentence-index units, one call per model; and how many units."""
    from llama_index.core.schema import MetadataMode
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    store = assistant.library.store
    got = store.chunks.get(include=["metadatas", "documents"])
    texts = [
        metadata_dict_to_node(dict(meta), text=doc).get_content(metadata_mode=MetadataMode.EMBED)
        for meta, doc in zip(got["metadatas"], got["documents"], strict=True)
    ]
    units = list(dict.fromkeys(store.sentences.get(include=["documents"])["documents"]))
    started = time.perf_counter()
    assistant.library.embedder.get_text_embedding_batch(texts)
    chunks_s = time.perf_counter() - started
    started = time.perf_counter()
    assistant.library.encoder.passages(units)
    return chunks_s, time.perf_counter() - started, len(units)


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
