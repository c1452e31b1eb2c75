"""Server mode: the same code against a real `chroma run` server started by the test."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES, SEED

pytestmark = pytest.mark.model  # the processes it starts load the real model


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if (
                    httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail(
                f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()[-2000:]}"
            )
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_ingest_and_ask_through_a_chroma_server(
    chroma_server: int, make_assistant, tmp_path: Path, corpus
) -> None:  # type: ignore[no-untyped-def]
    assistant = make_assistant(
        data=tmp_path / "unused-local", chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    outcomes = assistant.ingest([EXAMPLES, SEED])
    assert [o.status for o in outcomes] == ["added", "added", "added"]
    assert not (tmp_path / "unused-local" / "chroma").exists()
    answer = assistant.ask("How many hygiene kits did GTRM partners distribute?")
    assert not answer.abstained and "2,700" in answer.text
    assert answer.citations[0].section == "Response"
    # A second client, as another process of the team would be, sees the same library.
    other = make_assistant(
        data=tmp_path / "other", chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    assert {r.id for r in other.reports()} == {o.report_id for o in outcomes}
    assert [o.status for o in other.ingest([SEED])] == ["unchanged"]
