"""Benchmark: `sitrep serve` startup (process start to a healthy /v1/health, to the first answer
and to the chat) and /v1/ask latency, on a quiet server or while the same server ingests.

Usage: python benchmarks/server.py --data LIBRARY_DIR [--requests 50] [--questions FILE.jsonl]
           [--while-ingesting FOLDER] [--torch-threads N]
The library should already hold reports (e.g. the one `benchmarks/corpus.py` builds). With
`--while-ingesting`, every file of FOLDER is uploaded through `POST /v1/reports`, one a request,
while the questions are asked (on and on until the ingest ends): the latency of an answer while
the server embeds. It adds those reports to the library: use a copy. `--questions` takes the
question texts of an eval file (e.g. evals/questions/test) instead of the built-in few.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import QUESTIONS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--questions", type=Path, help="a .jsonl file or folder of eval questions")
    parser.add_argument("--while-ingesting", type=Path, help="a folder of reports to upload")
    parser.add_argument("--torch-threads", type=int, help="SITREP_TORCH_THREADS of the server")
    parser.add_argument(
        "--trace",
        type=Path,
        help="write one JSON line per ask (start, seconds, the server's own timings) and per upload",
    )
    args = parser.parse_args()
    questions = QUESTIONS
    if args.questions:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from evals.question_set import load_questions

        questions = [q.question for q in load_questions(args.questions)]
    env = {**os.environ, "SITREP_DATA_DIR": str(args.data), "SITREP_API_KEY": "benchmark"}
    if args.torch_threads is not None:
        env["SITREP_TORCH_THREADS"] = str(args.torch_threads)
    server, url, startup = serve(env)
    started = time.perf_counter() - startup
    try:
        health = httpx.get(f"{url}/v1/health", timeout=10)
        print(f"startup to healthy: {startup:.1f} s ({health.json()['reports']} reports)")
        httpx.post(f"{url}/v1/ask", json={"question": questions[0]}, timeout=120)
        print(f"startup to the first answer: {time.perf_counter() - started:.1f} s")
        wait_for_chat(url)
        print(f"startup to the chat: {time.perf_counter() - started:.1f} s")
        ingesting = threading.Event()
        uploaded: list[str] = []
        trace: list[dict] = []
        if args.while_ingesting:
            files = sorted(p for p in args.while_ingesting.iterdir() if p.is_file())
            ingesting.set()
            threading.Thread(
                target=_upload, args=(url, files, uploaded, ingesting, trace), daemon=True
            ).start()
        latencies = []
        began = time.perf_counter()
        with httpx.Client(timeout=60) as client:
            n = 0
            while n < args.requests or ingesting.is_set():
                t = time.perf_counter()
                response = client.post(
                    f"{url}/v1/ask", json={"question": questions[n % len(questions)]}
                )
                response.raise_for_status()
                latencies.append(time.perf_counter() - t)
                trace.append(
                    {
                        "ask": t,
                        "seconds": round(latencies[-1], 3),
                        "server": response.json().get("timings", {}),
                    }
                )
                n += 1
        if args.while_ingesting:
            print(
                f"asked while ingesting {len(uploaded)} files "
                f"({sum(s == 'added' for s in uploaded)} added) for {time.perf_counter() - began:.0f} s"
            )
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        print(
            f"/v1/ask over {len(latencies)} requests: p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
        if args.trace:
            for line in trace:  # times from the first ask
                for key in ("ask", "upload", "done"):
                    if key in line:
                        line[key] = round(line[key] - began, 3)
            args.trace.write_text("".join(json.dumps(line) + "\n" for line in trace))
    finally:
        server.terminate()
        server.wait(timeout=20)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(env: dict[str, str]) -> tuple[subprocess.Popen[str], str, float]:
    """`sitrep serve` started on a free port with `env`: the process, its URL and the seconds
    from process start to a healthy /v1/health."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    started = time.perf_counter()
    server = subprocess.Popen(
        [sitrep, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    while True:
        if server.poll() is not None:
            sys.exit(f"server exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return server, url, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.1)


def wait_for_chat(url: str) -> None:
    """Until the server's chat is mounted: `sitrep serve` builds it in the background once the
    API answers."""
    while (chat := httpx.get(f"{url}/v1/health", timeout=10).json()["chat"]) == "starting":
        time.sleep(0.1)
    if chat != "ready":
        sys.exit(f"the chat did not start ({chat}): see the server's log")


def _upload(
    url: str,
    files: list[Path],
    statuses: list[str],
    running: threading.Event,
    trace: list[dict],
) -> None:
    try:
        with httpx.Client(timeout=1800, headers={"Authorization": "Bearer benchmark"}) as client:
            for path in files:
                started = time.perf_counter()
                response = client.post(
                    f"{url}/v1/reports",
                    params={"wait": "true"},
                    files={"files": (path.name, path.read_bytes())},
                )
                statuses += (
                    [o["status"] for o in response.json()]
                    if response.status_code
                    in (
                        200,
                        207,
                    )
                    else ["failed"]
                )
                trace.append({"upload": started, "done": time.perf_counter(), "file": path.name})
    finally:
        running.clear()


if __name__ == "__main__":
    main()
