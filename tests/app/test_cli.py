"""The `sitrep` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evals.scoring import contains
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.model  # the processes it starts load the real model


SITREP = str(Path(sys.executable).with_name("sitrep"))


def _run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SITREP_DATA_DIR": str(data), "COLUMNS": "200"}
    return subprocess.run([SITREP, *args], capture_output=True, text=True, env=env, timeout=300)


def test_ingest_ask_reports_delete(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    done = _run("ingest", str(EXAMPLES), data=data)
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout
    asked = _run("ask", "How many hygiene kits were distributed in Corran?", "--json", data=data)
    answer = json.loads(asked.stdout)
    # The figure as printed, in the sentence (`3,200`) or the table (`3 200`) of page 2.
    assert contains(answer["text"], "3,200") and answer["citations"][0]["page"] == 2
    readable = _run("ask", "How many hygiene kits were distributed in Corran?", data=data)
    assert "[1]" in readable.stdout and "northland-flood-sitrep-03.pdf, p. 2" in readable.stdout
    listed = _run("reports", "--json", data=data)
    ids = [r["id"] for r in json.loads(listed.stdout)]
    assert len(ids) == 2
    # The demo reports say they are fictional wherever a title shows.
    assert all("(FICTIONAL EXAMPLE)" in r["title"] for r in json.loads(listed.stdout))
    assert "(FICTIONAL EXAMPLE)" in answer["citations"][0]["title"]
    # A correction of the date and publisher, shown in the list.
    edited = _run("edit", ids[1], "--date", "22/03/2026", "--publisher", "Test office", data=data)
    assert edited.returncode == 0, edited.stderr
    listed = {r["id"]: r for r in json.loads(_run("reports", "--json", data=data).stdout)}
    assert listed[ids[1]]["date"] == "2026-03-22" and listed[ids[1]]["publisher"] == "Test office"
    assert listed[ids[1]]["edited"] == ["date", "publisher"]
    table = _run("reports", data=data).stdout
    assert "Test office" in table and "2026-03-22" in table
    # In an 80-column terminal every id is still whole, to be copied into brief, edit, delete.
    env = {**os.environ, "SITREP_DATA_DIR": str(data), "COLUMNS": "80"}
    narrow = subprocess.run([SITREP, "reports"], capture_output=True, text=True, env=env)
    assert all(i in narrow.stdout for i in ids), narrow.stdout
    # ... and every file's whole name, folded over lines, in the table ingest prints.
    again = subprocess.run(
        [SITREP, "ingest", str(EXAMPLES)], capture_output=True, text=True, env=env
    )
    first_cells = "".join(
        line.split("│")[1].strip() for line in again.stdout.splitlines() if line.startswith("│")
    )
    assert "northland-flood-update-2026-03-21.txt" in first_cells, again.stdout
    assert _run("delete", ids[0], data=data).returncode == 0
    assert len(json.loads(_run("reports", "--json", data=data).stdout)) == 1
    # The first real report replaces the fictional example, and ingest says so.
    real = tmp_path / "update.txt"
    real.write_text("Partners delivered 640 water filters to Glenrock (a fictional test update).\n")
    done = _run("ingest", str(real), data=data)
    assert "fictional example reports left the library" in done.stdout, done.stdout
    assert [r["file"] for r in json.loads(_run("reports", "--json", data=data).stdout)] == [
        "update.txt"
    ]


def test_the_library_may_be_named_before_the_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITREP_DATA_DIR"}
    data = tmp_path / "lib"
    note = EXAMPLES / "northland-flood-update-2026-03-21.txt"
    for args in (["--data", str(data), "ingest", str(note)], ["reports", "--data", str(data)]):
        done = subprocess.run([SITREP, *args], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    assert "northland" in done.stdout and not (tmp_path / "data").exists()


def test_errors_are_one_line_with_non_zero_exit(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    done = _run(
        "ingest", str(bad), str(EXAMPLES / "northland-flood-update-2026-03-21.txt"), data=data
    )
    assert done.returncode == 1
    assert "error: " in done.stderr and "broken.pdf: not a PDF" in done.stderr
    assert "1 added" in done.stdout
    missing = _run("delete", "nope", data=data)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        "error: no report 'nope' in the library (see `sitrep reports`)"
    ]
    wrong_date = _run("ask", "anything", "--from", "March", data=data)
    assert wrong_date.returncode == 1 and "YYYY-MM-DD" in wrong_date.stderr
