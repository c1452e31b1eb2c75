"""An ingest killed midway (SIGKILL, on a real Chroma server) leaves data no report lists; the
next ingest, by any process, removes it, and nothing stored before is touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import pytest

from tests.conftest import DRC, SEED

pytestmark = pytest.mark.model


def test_data_of_a_killed_ingest_is_removed_by_the_next_one(
    chroma_server: int, tmp_path: Path, corpus: Path, make_assistant
) -> None:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "SITREP_CHROMA_HOST": "127.0.0.1",
        "SITREP_CHROMA_PORT": str(chroma_server),
    }
    assistant = make_assistant(chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert assistant.ingest([SEED])[0].status == "added"
    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    pages = client.get_collection("sitrep_pages")
    before = pages.count()

    sitrep = str(Path(sys.executable).with_name("sitrep"))
    report = DRC / "SitRep_25_2026.pdf"
    process = subprocess.Popen(
        [sitrep, "ingest", str(report)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill it once its pages are written and before the report is listed (the sentence index of
    # its chunks is built in between, several seconds).
    deadline = time.monotonic() + 300
    while pages.count() == before and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # A write the server had received before the kill still lands: wait until nothing changes.
    collections = [client.get_collection(f"sitrep_{n}") for n in ("chunks", "pages", "sentences")]
    counts, settled = None, [c.count() for c in collections]
    while counts != settled:
        counts = settled
        time.sleep(1.0)
        settled = [c.count() for c in collections]
    assert [r.file for r in assistant.library.store.all_reports()] == [SEED.name]
    left = pages.count() - before
    assert left > 0, "the ingest was not killed between writing its pages and listing the report"

    # The next ingest (of another file, by another process) removes what the killed one left.
    other = tmp_path / "update.txt"
    other.write_text("FICTIONAL UPDATE\n\nPartners delivered 40 water tanks to Vale.\n")
    assert assistant.ingest([other])[0].status == "added"
    stored = {r.report_id: r for r in assistant.library.store.all_reports()}
    live = {r.version for r in stored.values()}
    for name in ("sitrep_chunks", "sitrep_pages", "sitrep_sentences"):
        versions = {m["version"] for m in client.get_collection(name).get()["metadatas"]}
        assert versions == live, name
    assert not assistant.ask("How many hygiene kits did GTRM partners distribute?").abstained
