"""Start `sitrep serve` as a real process on a free port, for the HTTP and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(data: Path, log: Path, **env: str) -> Iterator[str]:
    """The base URL of a server over the library in `data`; stopped when the block ends."""
    port = free_port()
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    environment = {**os.environ, "SITREP_DATA_DIR": str(data), **env}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sitrep, "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    raise RuntimeError(f"server exited: {log.read_text()[-3000:]}")
                try:
                    # The API answers first; the chat is mounted a few seconds later.
                    health = httpx.get(f"{url}/v1/health", timeout=2)
                    if health.status_code == 200 and health.json()["chat"] == "ready":
                        break
                    time.sleep(0.3)
                except httpx.HTTPError:
                    time.sleep(0.3)
            else:
                raise RuntimeError(f"server did not start: {log.read_text()[-3000:]}")
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
