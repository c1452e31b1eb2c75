"""`sitrep serve` answers the API before the chat is built: the chat's page says it is starting
until Gradio is imported and its page mounted, then it is served as usual."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import Assistant, server
from app.settings import Settings
from tests.conftest import FakeEmbedder, FakeEncoder


def _assistant(settings: Settings) -> Assistant:
    """An empty library with fake models: what is served does not depend on them here."""
    return Assistant(
        settings=settings,
        embedder=FakeEmbedder(model_name="fake"),
        encoder=FakeEncoder(),  # type: ignore[arg-type]
    )


def test_the_api_answers_while_the_chat_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "library")
    assistant = _assistant(settings)
    built = threading.Event()  # the chat is built only once the test lets it
    real = server._with_chat

    def held(*args: Any) -> Any:
        built.wait(60)
        return real(*args)

    monkeypatch.setattr(server, "_with_chat", held)
    with TestClient(server.ChatWhenReady(assistant, settings)) as client:
        assert client.get("/v1/health").json() == {"status": "ok", "reports": 0, "chat": "starting"}
        page = client.get("/")
        assert page.status_code == 503 and "starting" in page.text
        assert page.headers["retry-after"] == "2"
        answer = client.post("/v1/ask", json={"question": "How many tents reached Corran?"})
        assert answer.status_code == 200 and answer.json()["abstained"]
        built.set()
        deadline = time.monotonic() + 60
        while client.get("/v1/health").json()["chat"] != "ready" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get("/config").status_code == 200  # Gradio's own page config
        assert client.get("/").status_code == 200


def test_a_chat_that_fails_to_build_leaves_the_api_answering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "library")
    assistant = _assistant(settings)

    def broken(*args: Any) -> Any:
        raise RuntimeError("no Gradio here")

    monkeypatch.setattr(server, "_with_chat", broken)
    with TestClient(server.ChatWhenReady(assistant, settings)) as client:
        deadline = time.monotonic() + 60
        while client.get("/v1/health").json()["chat"] == "starting" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/v1/health").json()["chat"] == "failed"
        page = client.get("/")
        assert page.status_code == 500 and "could not start" in page.text
        assert "retry-after" not in page.headers  # retrying will not help
        answer = client.post("/v1/ask", json={"question": "How many tents reached Corran?"})
        assert answer.status_code == 200
