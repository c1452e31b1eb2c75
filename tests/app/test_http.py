"""The HTTP API against a real server process over a small real corpus."""

from __future__ import annotations

import time

import httpx

from tests.app.conftest import AUTH, KEY
from tests.conftest import SEED

WAIT = {"wait": "true"}  # answer when the ingest is done, with each file's outcome


def test_health_and_reports(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    assert httpx.get(f"{url}/v1/health").json() == {"status": "ok", "reports": 4, "chat": "ready"}
    reports = httpx.get(f"{url}/v1/reports").json()
    assert {r["file"] for r in reports} >= {SEED.name, "SitRep_25_2026.pdf"}
    assert httpx.get(f"{url}/docs").status_code == 200
    assert "/v1/ask" in httpx.get(f"{url}/openapi.json").json()["paths"]


def test_ask_returns_the_answer_with_citations_and_timings(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    answer = httpx.post(
        f"{url}/v1/ask",
        json={"question": "How many hygiene kits did GTRM partners distribute?"},
        timeout=60,
    ).json()
    assert answer["abstained"] is False and "2,700" in answer["text"]
    citation = answer["citations"][0]
    assert {"file", "page", "page_end", "section", "quote", "title", "date"} <= set(citation)
    assert citation["file"] == SEED.name and citation["section"] == "Response"
    assert set(answer["timings"]) == {"search", "answer", "total"}


def test_filters_and_follow_up(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    only_french = httpx.post(
        f"{url}/v1/ask",
        json={
            "question": "How many hygiene kits did GTRM partners distribute?",
            "filters": {"language": "fr"},
        },
        timeout=60,
    ).json()
    assert only_french["abstained"] or all(
        c["file"] == "SitRep_25_2026.pdf" for c in only_french["citations"]
    )
    first = "How many people were displaced in Vale as of 13 March?"
    follow = httpx.post(
        f"{url}/v1/ask",
        json={
            "question": "and in Corran?",
            "history": [first],
            "filters": {"reports": ["northland-flood-sitrep-03.pdf"]},
        },
        timeout=60,
    ).json()
    assert "Corran" in follow["asked"] and "Vale" not in follow["asked"]
    assert not follow["abstained"] and "7820" in follow["text"].replace(" ", "").replace(",", "")


def test_writes_need_the_key(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    files = {"files": ("note.txt", b"SITUATION\n\nA note.\n", "text/plain")}
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        refused = httpx.post(f"{url}/v1/reports", files=files, headers=headers)
        assert refused.status_code == 401
        assert refused.json()["error"] == "unauthorized"
    assert httpx.delete(f"{url}/v1/reports/anything").status_code == 401


def test_upload_duplicate_bad_files_and_delete(server) -> None:  # type: ignore[no-untyped-def]
    url, data = server
    text = (
        b"FICTIONAL TEST REPORT\n\nRESPONSE\n\nPartners delivered 640 water filters to Glenrock.\n"
    )
    added = httpx.post(
        f"{url}/v1/reports",
        params=WAIT,
        files={"files": ("filters.txt", text, "text/plain")},
        headers=AUTH,
        timeout=120,
    ).json()
    assert added[0]["status"] == "added"
    again = httpx.post(
        f"{url}/v1/reports",
        params=WAIT,
        files={"files": ("filters-copy.txt", text, "text/plain")},
        headers=AUTH,
        timeout=120,
    ).json()
    assert again[0]["status"] == "duplicate" and again[0]["report_id"] == added[0]["report_id"]
    answer = httpx.post(
        f"{url}/v1/ask",
        json={"question": "How many water filters were delivered to Glenrock?"},
        timeout=60,
    ).json()
    assert "640" in answer["text"]
    # Type by content: an image named .pdf is refused; text named .pdf is read as text.
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    refused = httpx.post(
        f"{url}/v1/reports", files={"files": ("scan.pdf", png, "application/pdf")}, headers=AUTH
    )  # refused by the checks: answered at once, no job
    assert refused.status_code == 415 and "scan.pdf" in refused.json()["detail"]
    renamed = httpx.post(
        f"{url}/v1/reports",
        params=WAIT,
        files={"files": ("notes.pdf", b"NOTES\n\nSome 12 tents arrived.\n", "application/pdf")},
        headers=AUTH,
        timeout=120,
    ).json()
    assert renamed[0]["file"] == "notes.txt" and renamed[0]["status"] == "added"
    big = httpx.post(
        f"{url}/v1/reports",
        params=WAIT,
        files={"files": ("big.txt", b"x " * 600_000, "text/plain")},
        headers=AUTH,
    )
    assert big.status_code == 413 and big.json()["error"] == "file too large"
    # A file name with a path in it stays inside the upload folder.
    sneaky = httpx.post(
        f"{url}/v1/reports",
        params=WAIT,
        files={"files": ("../../escape.txt", b"NOTES\n\n3 boats.\n", "text/plain")},
        headers=AUTH,
        timeout=120,
    ).json()
    assert sneaky[0]["file"] == "escape.txt"
    assert (data / "uploads" / "escape.txt").exists() and not (data.parent / "escape.txt").exists()
    # Correct its details: with the key, a readable date, and the fields given only.
    patch = {"title": "Glenrock filters update", "date": "2026-03-20"}
    assert httpx.patch(f"{url}/v1/reports/{added[0]['report_id']}", json=patch).status_code == 401
    fixed = httpx.patch(f"{url}/v1/reports/{added[0]['report_id']}", json=patch, headers=AUTH)
    assert fixed.status_code == 200, fixed.text
    assert (
        fixed.json()["title"] == "Glenrock filters update" and fixed.json()["date"] == "2026-03-20"
    )
    assert fixed.json()["edited"] == ["date", "title"]
    unreadable = httpx.patch(
        f"{url}/v1/reports/{added[0]['report_id']}", json={"date": "March"}, headers=AUTH
    )
    assert unreadable.status_code == 422 and unreadable.json()["detail"].startswith("date: ")
    # Delete, then delete again.
    gone = httpx.delete(f"{url}/v1/reports/{added[0]['report_id']}", headers=AUTH)
    assert gone.status_code == 200 and gone.json()["id"] == added[0]["report_id"]
    missing = httpx.delete(f"{url}/v1/reports/{added[0]['report_id']}", headers=AUTH)
    assert missing.status_code == 404 and set(missing.json()) == {"error", "detail"}


def test_errors_are_json_without_traces(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    bad = httpx.post(f"{url}/v1/ask", json={"question": ""})
    assert bad.status_code == 422 and bad.json()["error"] == "invalid request"
    wrong_date = httpx.post(
        f"{url}/v1/ask", json={"question": "cases?", "filters": {"reports": ["no-such-report"]}}
    )
    assert wrong_date.status_code == 404 and "Traceback" not in wrong_date.text
    for field, value in (("date_from", "tomorrow"), ("date_to", "2026-13-45"), ("language", "xx")):
        unreadable = httpx.post(
            f"{url}/v1/ask", json={"question": "cases?", "filters": {field: value}}
        )
        assert unreadable.status_code == 422, unreadable.text
        assert unreadable.json()["detail"].startswith(f"{field}: ")
    # Common ways of writing a date are read; the connection stays usable after errors.
    with httpx.Client(base_url=url, timeout=60) as client:
        assert client.post("/v1/ask", json={"question": ""}).status_code == 422
        read = client.post(
            "/v1/ask",
            json={"question": "How many hygiene kits?", "filters": {"date_from": "01/01/2020"}},
        )
        assert read.status_code == 200


def test_gradio_client_api(server) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import Client

    url, _ = server
    client = Client(f"{url}/", verbose=False)
    _, chat = client.predict(
        "How many hygiene kits did GTRM partners distribute?", [], [], "", "", "", api_name="/ask"
    )
    assert "2,700" in chat[-1]["content"][0]["text"]
    # A date the filters cannot read is a message in the conversation, not an error badge.
    _, chat = client.predict("How many hygiene kits?", [], [], "tomorrow", "", "", api_name="/ask")
    said = chat[-1]["content"][0]["text"]
    assert "date_from: cannot read" in said and "tomorrow" in said and "YYYY-MM-DD" in said


def test_each_file_of_a_batch_gets_its_own_outcome(server) -> None:  # type: ignore[no-untyped-def]
    url, data = server
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    files = [
        ("files", ("tarpaulins.txt", b"FICTIONAL UPDATE\n\n310 tarpaulins reached Glenrock.\n")),
        ("files", ("photo.pdf", png)),
        ("files", ("buckets.txt", b"FICTIONAL UPDATE\n\n95 buckets reached Corran.\n")),
    ]
    # The upload answers at once with a job; its progress is read until every file is done.
    started = httpx.post(f"{url}/v1/reports", files=files, headers=AUTH, timeout=60)
    assert started.status_code == 202, started.text
    job = started.json()
    assert started.headers["location"] == f"/v1/jobs/{job['id']}"
    assert job["total"] == 3 and job["done"] >= 1  # the refused image is done at once
    seen = set()
    deadline = time.monotonic() + 120
    while job["status"] != "done" and time.monotonic() < deadline:
        time.sleep(0.2)
        job = httpx.get(f"{url}/v1/jobs/{job['id']}", headers=AUTH).json()
        seen.add(job["done"])
        assert job["done"] + len(job["waiting"]) == 3 == len(job["outcomes"]) + len(job["waiting"])
    assert job["status"] == "done" and job["added"] == "some" and job["waiting"] == []
    outcomes = {o["file"]: o for o in job["outcomes"]}
    assert outcomes["tarpaulins.txt"]["status"] == "added"
    assert outcomes["buckets.txt"]["status"] == "added"  # the file after the bad one too
    assert outcomes["photo.pdf"]["status"] == "failed"
    assert "not a PDF, DOCX, HTML or text file" in outcomes["photo.pdf"]["reason"]
    assert not (data / "uploads" / "photo.pdf").exists()  # a refused upload is not kept
    # Two names that reduce to the same readable id are two reports, not one replacing the other.
    twins = [
        ("files", ("Report (2).txt", b"FICTIONAL A\n\n11 boats reached Corran.\n")),
        ("files", ("report_2.txt", b"FICTIONAL B\n\n22 boats reached Glenrock.\n")),
    ]
    both = httpx.post(
        f"{url}/v1/reports", params=WAIT, files=twins, headers=AUTH, timeout=120
    ).json()
    assert [o["status"] for o in both] == ["added", "added"]
    assert both[0]["report_id"] != both[1]["report_id"]
    for outcome in (*outcomes.values(), *both):
        if outcome["status"] == "added":
            httpx.delete(f"{url}/v1/reports/{outcome['report_id']}", headers=AUTH)
    # A job is read with the key, and an unknown one is a 404 that says where jobs live.
    assert httpx.get(f"{url}/v1/jobs/{job['id']}").status_code == 401
    unknown = httpx.get(f"{url}/v1/jobs/nope", headers=AUTH)
    assert unknown.status_code == 404 and "server process" in unknown.json()["detail"]


def _gradio_call(url: str, endpoint: str, data: list[object]) -> str:
    """Call a Gradio endpoint as any HTTP client can, and return its event stream."""
    started = httpx.post(f"{url}/gradio_api/call/{endpoint}", json={"data": data}, timeout=30)
    assert started.status_code == 200, started.text
    event = started.json()["event_id"]
    return httpx.get(f"{url}/gradio_api/call/{endpoint}/{event}", timeout=120).text


def test_gradio_ingest_never_reads_a_server_path(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    secret = tmp_path / "secret-notes.txt"
    secret.write_text("PRIVATE\n\nThe store room code is 48213.\n")
    before = httpx.get(f"{url}/v1/reports").json()
    named = [{"path": str(secret), "meta": {"_type": "gradio.FileData"}}]
    stream = _gradio_call(url, "ingest", [named, KEY])
    assert "event: error" in stream and "added" not in stream and "48213" not in stream
    assert httpx.get(f"{url}/v1/reports").json() == before
    answer = httpx.post(
        f"{url}/v1/ask", json={"question": "What is the store room code?"}, timeout=60
    ).json()
    assert "48213" not in answer["text"]


def test_gradio_writes_need_the_key(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import Client, handle_file

    url, _ = server
    note = tmp_path / "lanterns.txt"
    note.write_text("FICTIONAL UPDATE\n\n44 lanterns reached Corran.\n")
    client = Client(f"{url}/", verbose=False)
    before = httpx.get(f"{url}/v1/reports").json()
    for key in ("", "wrong-key"):
        rows, message, *_ = client.predict([handle_file(str(note))], key, api_name="/ingest")
        assert "API key" in message and not rows["data"]
        refused, *_ = client.predict(before[0]["id"], key, api_name="/delete")
        assert "API key" in refused
    assert httpx.get(f"{url}/v1/reports").json() == before
    rows, message, *_ = client.predict([handle_file(str(note))], KEY, api_name="/ingest")
    assert message.startswith("1 of 1 files ingested"), message
    added = rows["data"][0]
    assert added[0] == "lanterns.txt" and added[1] == "added"
    gone, *_ = client.predict(added[2], KEY, api_name="/delete")
    assert gone.startswith("Deleted")


def test_other_origins_get_no_cors_grant(server) -> None:  # type: ignore[no-untyped-def]
    """A page of another origin (another localhost port included) cannot call the API or the
    chat's endpoints from a browser: no preflight grant, no Access-Control-Allow-Origin."""
    url, _ = server
    other = {"Origin": "http://localhost:5173"}
    for path in ("/gradio_api/call/ingest", "/v1/reports"):
        preflight = httpx.options(
            f"{url}{path}", headers={**other, "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in preflight.headers, path
    for got in (
        httpx.get(f"{url}/config", headers=other),
        httpx.get(f"{url}/v1/reports", headers=other),
    ):
        assert got.status_code == 200
        assert "access-control-allow-origin" not in got.headers


def test_api_docs_need_no_internet(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    for page in ("/docs", "/redoc"):
        html = httpx.get(f"{url}{page}").text
        assert "cdn.jsdelivr.net" not in html and "/static-offline-docs/" in html
    script = httpx.get(f"{url}/static-offline-docs/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 500_000
