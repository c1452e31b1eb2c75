"""Server mode: the same code against a real `chroma run` server started by the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SEED

pytestmark = pytest.mark.model  # the processes it starts load the real model


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
