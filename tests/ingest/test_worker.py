"""The parsing process (`ingest.worker`): what it returns and how its errors reach the parent."""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.worker import INGEST_NICENESS, ParsingProcess, _portable, stand_back
from tests.conftest import DRC, SEED


class _TwoArguments(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def test_reports_and_errors_cross_from_the_parsing_process(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("FICTIONAL NOTE\n\nPartners delivered 12 tents.\n")
    (tmp_path / "blank.txt").write_text("  \n\n \n")
    parser = ParsingProcess()
    report, chunks = parser.parse(tmp_path / "note.txt", "digest-1", "", 900)
    assert report.file == "note.txt" and report.content_hash == "digest-1"
    assert "12 tents" in chunks[0].text
    with pytest.raises(IngestError, match="blank.txt: no text"):
        parser.parse(tmp_path / "blank.txt", "digest-2", "", 900)
    assert parser.pid is not None  # one process served both


def test_an_error_that_does_not_pickle_becomes_the_file_s_reason() -> None:
    got = _portable(_TwoArguments("bad", "xref"), Path("x.pdf"))
    assert isinstance(got, IngestError) and got.file == "x.pdf"
    assert got.reason == "could not be read: _TwoArguments: bad xref"
    kept = IngestError("x.pdf", "no pages")
    assert _portable(kept, Path("x.pdf")) is kept


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are Linux's")
def test_ingest_stands_back_from_questions(tmp_path: Path) -> None:
    """Parsing and storing run below the priority of the threads that answer questions: the
    parsing process, and a storing thread (not the process that starts it)."""
    (tmp_path / "note.txt").write_text("FICTIONAL NOTE\n\nPartners delivered 12 tents.\n")
    parser = ParsingProcess()
    parser.parse(tmp_path / "note.txt", "digest-1", "", 900)
    before = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, parser.pid) == min(19, before + INGEST_NICENESS)
    with ThreadPoolExecutor(max_workers=1, initializer=stand_back) as storing:
        seen = storing.submit(
            lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        ).result()
    assert seen == min(19, before + INGEST_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_parsing_process_finds_tables_on_one_core(corpus: Path) -> None:
    """PyMuPDF's layout model would run on every core; beside ingest's embedding those threads
    only contend, so the parsing process keeps to one (its CPU time no more than its wall time,
    where two threads gave ~1.7 times)."""
    parser = ParsingProcess()
    parser.parse(SEED, "warm", "", 900)

    def cpu_seconds() -> float:
        fields = Path(f"/proc/{parser.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    before, started = cpu_seconds(), time.perf_counter()
    report, _ = parser.parse(DRC / "SitRep_25_2026.pdf", "d", "", 900)
    used, wall = cpu_seconds() - before, time.perf_counter() - started
    assert any(b.table is not None for s in report.sections for b in s.blocks)
    assert used <= 1.15 * wall, (used, wall)
