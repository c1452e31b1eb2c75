"""Benchmark: a library of many chunks on a Chroma server. The records of a built library (chunks,
pages, sentences, terms, registry) are copied onto a `chroma run` server again and again under new
report ids, versions, file names and dates (embeddings copied, not computed; each copy after the
first dated 12 years after the one before, so that a question's dates name one copy), until it holds
each `--sizes` chunk count; at each size `sitrep serve` is started on it and measured: start-up
(process start to a healthy /v1/health, then to the first answer and to the chat), the app
process's memory, /v1/ask latency over the test questions, and the ingest of one more report
through the API. It is started `--starts` times at each size: first without the registry and
BM25 index an app process saves beside the library (it reads Chroma), then from them.

Usage: python benchmarks/scale.py --data DIR --report FILE [--sizes 10000 50000 100000]
           [--starts 2] [--requests 60] [--questions evals/questions/test] [--keep FOLDER]
`DIR` is a built library (only read); `FILE` is a report to ingest at each start (a line is
appended to it each time, so it is new). The Chroma server's data goes to a temporary folder,
or to `--keep FOLDER` (measured again without copying where it already holds a size).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import free_port, serve, wait_for_chat  # noqa: E402

COPY_GAP = timedelta(days=4383)  # 12 years: a copy's reports never share a date with another's


def _wait(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    while True:
        if process.poll() is not None:
            sys.exit(f"{what} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)


def _memory_mb(pid: int) -> tuple[float, float]:
    """The process's resident memory now and at its peak (MB)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _read(collection: Any, embeddings: bool) -> dict[str, Any]:
    include = ["documents", "metadatas"] + (["embeddings"] if embeddings else [])
    out: dict[str, list[Any]] = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
    offset = 0
    while True:
        got = collection.get(include=include, limit=5000, offset=offset)
        for key in ("ids", "documents", "metadatas"):
            out[key] += list(got[key] or [])
        if embeddings:
            out["embeddings"] += [list(map(float, e)) for e in got["embeddings"]]
        if len(got["ids"]) < 5000:
            return out
        offset += 5000


class Copier:
    """Writes copies of a library's records under new ids onto another store."""

    def __init__(self, source: Any, target: Any) -> None:
        self.target = target
        self.data = {
            "chunks": _read(source.chunks, True),
            "sentences": _read(source.sentences, True),
            "pages": _read(source.pages, False),
            "terms": _read(source.terms, False),
            "reports": _read(source.reports, False),
        }
        self.chunks = len(self.data["chunks"]["ids"])

    def copy(self, n: int) -> None:
        from index.lexical import Postings
        from index.records import date_number

        versions: dict[str, str] = {}

        def version(old: str) -> str:
            if old not in versions:
                versions[old] = hashlib.sha1(f"{old}~{n}".encode()).hexdigest()
            return versions[old]

        def renamed(old_id: str, old_version: str) -> str:
            return version(old_version)[:24] + old_id[24:]

        def meta(m: dict[str, Any]) -> dict[str, Any]:
            m = dict(m)
            for key in ("date", "latest_date"):
                if m.get(key):
                    m[key] = (date.fromisoformat(str(m[key])) + COPY_GAP * n).isoformat()
            if m.get("date_num"):  # units hold it without the date
                day = str(m["date_num"])
                iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
                m["date_num"] = date_number((date.fromisoformat(iso) + COPY_GAP * n).isoformat())
            old_version = str(m["version"])
            m["version"] = version(old_version)
            if "report_id" in m:  # a registry record has it as its id
                m["report_id"] = f"{m['report_id']}~{n}"
            if "file" in m:
                path = Path(str(m["file"]))
                m["file"] = f"{path.stem}~{n}{path.suffix}"
            if "chunk_id" in m:
                m["chunk_id"] = renamed(str(m["chunk_id"]), old_version)
            return m

        for name in ("chunks", "sentences", "pages", "terms"):
            data = self.data[name]
            ids, docs, metas = [], list(data["documents"]), []
            for rid, m in zip(data["ids"], data["metadatas"], strict=True):
                new = meta(m)
                metas.append(new)
                ids.append(renamed(rid, str(m["version"])))
                if "_node_content" in new:
                    node = json.loads(str(new["_node_content"]))
                    node["id_"] = ids[-1]
                    node["metadata"].update(
                        {
                            k: new[k]
                            for k in ("report_id", "version", "file", "date", "date_num")
                            if k in new
                        }
                    )
                    new["_node_content"] = json.dumps(node)
            if name == "terms":
                for i, doc in enumerate(docs):
                    p = Postings.from_text(doc)
                    assert p is not None, "the source library's terms are stored as of old"
                    old_version = str(data["metadatas"][i]["version"])
                    docs[i] = Postings(
                        [renamed(c, old_version) for c in p.chunk_ids],
                        p.lengths,
                        p.starts,
                        p.keys,
                        p.counts,
                    ).to_text()
            self._write(getattr(self.target, name), ids, docs, metas, data["embeddings"] or None)
        reports = self.data["reports"]
        metas = [meta(m) | {"aliases": "[]"} for m in reports["metadatas"]]
        ids = [f"{rid}~{n}" for rid in reports["ids"]]
        self._write(self.target.reports, ids, None, metas, None)

    def _write(
        self,
        collection: Any,
        ids: list[str],
        docs: list[str] | None,
        metas: list[dict[str, Any]],
        embeddings: list[list[float]] | None,
    ) -> None:
        batch = self.target.max_batch
        for start in range(0, len(ids), batch):
            end = start + batch
            collection.add(
                ids=ids[start:end],
                documents=docs[start:end] if docs is not None else None,
                metadatas=metas[start:end],
                embeddings=embeddings[start:end] if embeddings else [[1.0]] * len(ids[start:end]),
            )


def _measure(
    env: dict[str, str], questions: list[str], requests: int, report: Path, n: int
) -> dict[str, float]:
    started = time.perf_counter()
    server, url, healthy = serve(env)
    try:
        with httpx.Client(timeout=600, headers={"Authorization": "Bearer benchmark"}) as client:
            client.post(f"{url}/v1/ask", json={"question": questions[0]}).raise_for_status()
            first = time.perf_counter() - started
            # The chat is built in the background once the API answers: asked after it is ready.
            wait_for_chat(url)
            chat = time.perf_counter() - started
            latencies = []
            for i in range(requests):
                t = time.perf_counter()
                response = client.post(
                    f"{url}/v1/ask", json={"question": questions[(i + 1) % len(questions)]}
                )
                response.raise_for_status()
                latencies.append(time.perf_counter() - t)
            rss, _ = _memory_mb(server.pid)
            # New content (a comment line after the end), so that it is a new report every run.
            content = report.read_bytes() + f"\n% {time.time_ns()}\n".encode()
            t = time.perf_counter()
            response = client.post(
                f"{url}/v1/reports",
                params={"wait": "true"},
                files={"files": (f"extra-{n}{report.suffix}", content)},
            )
            ingest = time.perf_counter() - t
            status = [o["status"] for o in response.json()]
            # As a server is asked after an ingest: it reads the registry and the new terms.
            client.post(f"{url}/v1/ask", json={"question": questions[0]}).raise_for_status()
            _, peak = _memory_mb(server.pid)
        latencies.sort()
        return {
            "healthy": healthy,
            "first": first,
            "chat": chat,
            "p50": statistics.median(latencies),
            "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))],
            "rss": rss,
            "peak": peak,
            "ingest": ingest,
            "added": float(status == ["added"]),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--starts", type=int, default=2)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--questions", type=Path, default=ROOT / "evals" / "questions" / "test")
    parser.add_argument("--keep", type=Path, help="folder for the Chroma server's data")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from evals.question_set import load_questions
    from index import IndexSettings
    from index.store import Store

    questions = [q.question for q in load_questions(args.questions)]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-scale-"))
    chroma_port = free_port()
    chroma_bin = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    chroma = subprocess.Popen(
        [chroma_bin, "run", "--path", str(folder), "--host", "127.0.0.1"]
        + ["--port", str(chroma_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat", chroma, "chroma run")
        settings = IndexSettings(chroma_host="127.0.0.1", chroma_port=chroma_port)
        target = Store(settings)
        from app import Assistant

        Assistant(args.data).warm_up()  # terms stored in an older layout are counted again
        copier = Copier(Store(IndexSettings(data_dir=args.data)), target)
        print(f"{copier.chunks:,} chunks a copy, from {args.data}; Chroma server data in {folder}")
        print(
            "| chunks | copy s | start | start -> healthy s | -> first answer s | -> chat s "
            "| RSS MB (peak) | ask p50 / p95 ms | ingest one report s |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        app_data = Path(tempfile.mkdtemp(prefix="sitrep-scale-app-"))  # the app's saved files
        env = {
            **os.environ,
            "SITREP_CHROMA_HOST": "127.0.0.1",
            "SITREP_CHROMA_PORT": str(chroma_port),
            "SITREP_API_KEY": "benchmark",
            "SITREP_DATA_DIR": str(app_data),
        }
        copies = target.chunks.count() // copier.chunks  # a kept folder goes on from its copies
        for n, size in enumerate(args.sizes):
            started = time.perf_counter()
            while target.chunks.count() < size:
                copier.copy(copies)
                copies += 1
            target._changed(removal=True)  # copies carry no write times: all is read again
            copied = time.perf_counter() - started
            shutil.rmtree(app_data / "cache", ignore_errors=True)
            for start in range(args.starts):
                chunks = target.chunks.count()
                m = _measure(env, questions, args.requests, args.report, n * args.starts + start)
                print(
                    f"| {chunks:,} | {copied:.0f} | {'from Chroma' if start == 0 else 'saved'} "
                    f"| {m['healthy']:.1f} | {m['first']:.1f} | {m['chat']:.1f} "
                    f"| {m['rss']:,.0f} ({m['peak']:,.0f}) | {m['p50'] * 1000:.0f} / "
                    f"{m['p95'] * 1000:.0f} | {m['ingest']:.1f}"
                    f"{'' if m['added'] else ' (not added)'} |",
                    flush=True,
                )
        shutil.rmtree(app_data, ignore_errors=True)
    finally:
        chroma.terminate()
        chroma.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
