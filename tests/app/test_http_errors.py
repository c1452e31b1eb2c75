"""Each error of the error tree reaches an HTTP client with its own status (a unit test of the
error mapping: the assistant behind the API is a stub that raises)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.errors import ConfigError, InputError, NotFoundError, SitrepError, StoreError
from app.server import create_app
from app.settings import Settings


class _Raising:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def ask(self, *_args: object, **_kwargs: object) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "name"),
    [
        (InputError("date_from", "cannot read 'x' as a date"), 422, "invalid request"),
        (NotFoundError("no report 'x'"), 404, "not found"),
        (StoreError("cannot reach the Chroma server"), 503, "store unavailable"),
        (ConfigError("embedding model folder not found"), 500, "server misconfigured"),
        (SitrepError("something else"), 400, "bad request"),
        (RuntimeError("a bug"), 500, "internal error"),
    ],
)
def test_each_error_has_its_status(
    error: Exception, status: int, name: str, tmp_path: Path
) -> None:
    api = create_app(_Raising(error), Settings(data_dir=tmp_path))  # type: ignore[arg-type]
    # Nothing is re-raised past the app (a re-raise makes the server drop the connection).
    with TestClient(api, raise_server_exceptions=True) as client:
        got = client.post("/v1/ask", json={"question": "How many tents?"})
    assert got.status_code == status and got.json()["error"] == name
    if status != 500 or isinstance(error, ConfigError):
        assert str(error) in got.json()["detail"]
    assert "Traceback" not in got.text
