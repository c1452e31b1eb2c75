"""The HTTP API against a real server process over a small real corpus."""

from __future__ import annotations

import httpx

from app.server import safe_name, sniff_type
from tests.app.conftest import AUTH
from tests.conftest import SEED


def test_health_and_reports(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    assert httpx.get(f"{url}/v1/health").json() == {"status": "ok", "reports": 4}
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
        files={"files": ("filters.txt", text, "text/plain")},
        headers=AUTH,
        timeout=120,
    ).json()
    assert added[0]["status"] == "added"
    again = httpx.post(
        f"{url}/v1/reports",
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
    )
    assert refused.status_code == 415 and "scan.pdf" in refused.json()["detail"]
    renamed = httpx.post(
        f"{url}/v1/reports",
        files={"files": ("notes.pdf", b"NOTES\n\nSome 12 tents arrived.\n", "application/pdf")},
        headers=AUTH,
        timeout=120,
    ).json()
    assert renamed[0]["file"] == "notes.txt" and renamed[0]["status"] == "added"
    big = httpx.post(
        f"{url}/v1/reports",
        files={"files": ("big.txt", b"x " * 600_000, "text/plain")},
        headers=AUTH,
    )
    assert big.status_code == 413 and big.json()["error"] == "file too large"
    # A file name with a path in it stays inside the upload folder.
    sneaky = httpx.post(
        f"{url}/v1/reports",
        files={"files": ("../../escape.txt", b"NOTES\n\n3 boats.\n", "text/plain")},
        headers=AUTH,
        timeout=120,
    ).json()
    assert sneaky[0]["file"] == "escape.txt"
    assert (data / "uploads" / "escape.txt").exists() and not (data.parent / "escape.txt").exists()
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


def test_upload_helpers() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x y.pdf") == "x_y.pdf"
    assert safe_name("SitRep_MVE_N°30.pdf") == "SitRep_MVE_N°30.pdf"
    assert sniff_type(b"%PDF-1.7 ...") == ".pdf"
    assert sniff_type(b"<!DOCTYPE html><html>") == ".html"
    assert sniff_type(b"\x89PNG\r\n\x1a\n\x00") is None


def test_gradio_client_api(server) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import Client

    url, _ = server
    client = Client(f"{url}/", verbose=False)
    _, chat = client.predict(
        "How many hygiene kits did GTRM partners distribute?", [], [], "", "", "", api_name="/ask"
    )
    assert "2,700" in chat[-1]["content"][0]["text"]
