"""With reads behind the key (SITREP_READ_REQUIRES_KEY), the chat and its Gradio API open only
after a login whose password is the key; without it, the chat is open to read."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app import Assistant
from app.server import build
from app.settings import Settings
from tests.conftest import FakeEmbedder, FakeEncoder

ASK = {"data": ["How many tents reached Corran?", [], [], "", "", ""]}


def _client(tmp_path: Path, **settings: object) -> TestClient:
    chosen = Settings(data_dir=tmp_path / "library", api_key="k-123", **settings)  # type: ignore[arg-type]
    assistant = Assistant(
        settings=chosen,
        embedder=FakeEmbedder(model_name="fake"),
        encoder=FakeEncoder(),  # type: ignore[arg-type]
    )
    return TestClient(build(assistant, chosen))


def test_chat_needs_a_login_when_reads_need_the_key(tmp_path: Path) -> None:
    with _client(tmp_path, read_requires_key=True) as client:
        refused = client.post("/gradio_api/call/ask", json=ASK)
        assert refused.status_code == 401 and "API key" in refused.json()["detail"]["auth_message"]
        assert client.get("/config").status_code == 401
        assert (
            client.post("/login", data={"username": "staff", "password": "nope"}).status_code == 400
        )
        assert (
            client.post("/login", data={"username": "staff", "password": "k-123"}).status_code
            == 200
        )
        assert client.post("/gradio_api/call/ask", json=ASK).status_code == 200


def test_chat_is_open_to_read_by_default(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        assert client.get("/config").status_code == 200
        assert client.post("/gradio_api/call/ask", json=ASK).status_code == 200
