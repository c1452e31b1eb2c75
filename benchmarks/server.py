"""Benchmark: `sitrep serve` startup (process start to a healthy /v1/health) and /v1/ask latency.

Usage: python benchmarks/server.py --data LIBRARY_DIR [--requests 50]
The library should already hold reports (e.g. the one `benchmarks/corpus.py` builds).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import QUESTIONS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    started = time.perf_counter()
    server = subprocess.Popen(
        [sitrep, "serve", "--port", str(port)],
        env={**os.environ, "SITREP_DATA_DIR": str(args.data)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        while True:
            if server.poll() is not None:
                sys.exit(f"server exited: {server.stdout.read() if server.stdout else ''}")
            try:
                health = httpx.get(f"{url}/v1/health", timeout=1)
                if health.status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        startup = time.perf_counter() - started
        print(f"startup to healthy: {startup:.1f} s ({health.json()['reports']} reports)")
        latencies = []
        with httpx.Client(timeout=60) as client:
            for n in range(args.requests):
                t = time.perf_counter()
                response = client.post(
                    f"{url}/v1/ask", json={"question": QUESTIONS[n % len(QUESTIONS)]}
                )
                response.raise_for_status()
                latencies.append(time.perf_counter() - t)
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        print(
            f"/v1/ask over {len(latencies)} requests: p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
