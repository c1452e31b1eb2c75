"""A real server process over a small real corpus, shared by the HTTP and browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.server_process import running_server
from tests.conftest import DRC, SEED, examples_as_reports

KEY = "test-key-123"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="package")
def server(
    tmp_path_factory: pytest.TempPathFactory, corpus: Path, embedder
) -> Iterator[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    from app import Assistant

    data = tmp_path_factory.mktemp("http-library")
    examples = examples_as_reports(tmp_path_factory.mktemp("examples"))
    Assistant(data, embedder=embedder).ingest([SEED, DRC / "SitRep_25_2026.pdf", examples])
    log = tmp_path_factory.mktemp("http-log") / "server.log"
    with running_server(data, log, SITREP_API_KEY=KEY, SITREP_MAX_UPLOAD_MB="1") as url:
        yield url, data
