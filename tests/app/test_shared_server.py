"""Two `sitrep serve` processes on one `chroma run` server, as a team runs them: what one adds or
deletes, the other answers from (or no longer does) on its next question, with no restart."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.app.server_process import running_server
from tests.conftest import SEED

pytestmark = pytest.mark.model  # the servers load the real model

KEY = "shared-key-456"
AUTH = {"Authorization": f"Bearer {KEY}"}
QUESTION = {"question": "How many hygiene kits did GTRM partners distribute?"}


def test_two_servers_on_one_chroma_server_see_each_other_s_writes(
    chroma_server: int, tmp_path: Path, corpus: Path
) -> None:
    env = {
        "SITREP_CHROMA_HOST": "127.0.0.1",
        "SITREP_CHROMA_PORT": str(chroma_server),
        "SITREP_API_KEY": KEY,
        "TMPDIR": str(tmp_path / "tmp"),
    }
    (tmp_path / "tmp").mkdir()
    with (
        running_server(tmp_path / "a", tmp_path / "a.log", **env) as first,
        running_server(tmp_path / "b", tmp_path / "b.log", **env) as second,
    ):
        assert httpx.get(f"{second}/v1/reports").json() == []
        with SEED.open("rb") as f:
            added = httpx.post(
                f"{first}/v1/reports",
                params={"wait": "true"},
                files={"files": (SEED.name, f)},
                headers=AUTH,
                timeout=300,
            )
        assert added.status_code == 200, added.text
        report_id = added.json()[0]["report_id"]
        # With no local library folder, an upload is ingested from a temporary folder, removed after.
        assert list((tmp_path / "tmp").glob("sitrep-upload*")) == []

        # The other server lists it and answers from it, quoting the stored page.
        assert [r["id"] for r in httpx.get(f"{second}/v1/reports").json()] == [report_id]
        answer = httpx.post(f"{second}/v1/ask", json=QUESTION, timeout=120).json()
        assert not answer["abstained"] and "2,700" in answer["text"], answer["text"]
        assert answer["citations"][0]["file"] == SEED.name

        # Deleted through the second, the first no longer finds it.
        gone = httpx.delete(f"{second}/v1/reports/{report_id}", headers=AUTH, timeout=60)
        assert gone.status_code == 200, gone.text
        assert httpx.get(f"{first}/v1/reports").json() == []
        after = httpx.post(f"{first}/v1/ask", json=QUESTION, timeout=120).json()
        assert after["abstained"] and after["citations"] == [], after["text"]
    assert not (tmp_path / "a" / "chroma").exists() and not (tmp_path / "b" / "chroma").exists()
