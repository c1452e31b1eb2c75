"""The chat in headless Chromium: ask, see the cited answer, open the source, filter, screenshot."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.app.conftest import KEY

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(tmp_path: Path):  # type: ignore[no-untyped-def]
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(viewport={"width": 1300, "height": 950})
        yield context.new_page()
        browser.close()


def _ask(page, question: str) -> None:  # type: ignore[no-untyped-def]
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def test_ask_open_source_filter_and_screenshot(server, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    page.goto(url, wait_until="domcontentloaded")
    page.locator("#question textarea").wait_for(timeout=60_000)
    _ask(page, "How many hygiene kits did GTRM partners distribute?")
    source = page.locator("#chat details.source").first
    source.wait_for(state="attached", timeout=60_000)
    chat = page.locator("#chat")
    assert "2,700" in chat.inner_text()
    assert "[1]" in chat.inner_text()
    # The answer leads with the figure in a sentence, then names its report.
    assert "according to the report" in chat.inner_text()
    source.locator("summary").click()
    quote = source.locator("blockquote")
    quote.wait_for(state="visible", timeout=10_000)
    assert "2,700 hygiene kits" in quote.inner_text()
    marked = [m.lower() for m in source.locator("mark").all_inner_texts()]
    assert "2,700" in marked and "hygiene" in marked and "kits" in marked, marked
    assert not {"the", "of", "did", "how"} & set(marked), marked
    assert "Response" in source.inner_text()
    page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)

    # Limit the search to French reports: the same question is no longer answerable.
    page.locator("#filter-language input").click()
    page.get_by_role("option", name="French").click()
    _ask(page, "How many hygiene kits did GTRM partners distribute?")
    page.locator("#chat >> text=Not in the reports").first.wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "filtered.png"), full_page=True)
    assert (tmp_path / "answer.png").stat().st_size > 10_000

    # A reload keeps the conversation (kept in the browser), sources included.
    page.reload(wait_until="domcontentloaded")
    page.locator("#chat details.source").first.wait_for(state="attached", timeout=60_000)
    kept = page.locator("#chat").inner_text()
    assert "2,700" in kept and "Not in the reports" in kept
    # A new conversation is empty, and stays empty after a reload.
    page.get_by_role("button", name="New conversation").click()
    page.locator("#chat details.source").first.wait_for(state="detached", timeout=10_000)
    page.reload(wait_until="domcontentloaded")
    page.locator("#question textarea").wait_for(timeout=60_000)
    page.wait_for_timeout(2_000)  # the page's load events have run
    assert "2,700" not in page.locator("#chat").inner_text()


def test_suggested_questions_come_from_the_library_and_are_answered(server, page) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    page.goto(url, wait_until="domcontentloaded")
    suggestion = page.locator("#suggestions").get_by_text("?").first
    suggestion.wait_for(timeout=60_000)
    box = page.locator("#question textarea")
    assert (box.get_attribute("placeholder") or "").startswith("e.g. ")
    assert "Corran" not in (box.get_attribute("placeholder") or "")  # not a fixed fictional place
    suggestion.click()
    expect(box).to_have_value(re.compile(r".+\?$"), timeout=10_000)
    box.press("Enter")
    page.locator("#chat details.source").first.wait_for(state="attached", timeout=60_000)
    assert "Not in the reports" not in page.locator("#chat").inner_text()


def test_reports_panel_upload_bad_file_and_delete(server, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    good = tmp_path / "glenrock-update.txt"
    good.write_text(
        "FICTIONAL TEST REPORT\n\nRESPONSE\n\nPartners delivered 85 solar lamps to Glenrock.\n"
    )
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n broken \x00 bytes")
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("tab", name="Reports").click()
    page.locator("#upload input[type=file]").set_input_files([str(good), str(bad)])
    # With an API key on the server, writes from the chat need it too.
    page.locator("#ingest").click()
    page.get_by_text("Enter the API key").wait_for(timeout=30_000)
    assert "glenrock-update.txt" not in page.locator("#library").inner_text()
    page.locator("#api-key input").fill(KEY)
    page.locator("#ingest").click()
    page.get_by_text("1 of 2 files ingested").wait_for(timeout=120_000)
    outcomes = page.locator("body").inner_text()
    assert "added" in outcomes and "failed" in outcomes and "not a readable PDF" in outcomes
    assert "glenrock-update.txt" in page.locator("#library").inner_text()
    # The seed excerpt prints no title: it is listed with what its text suggests, marked so.
    library = page.locator("#library").inner_text()
    assert "Situation: On 8 February" in library and "(inferred)" in library
    assert "series" in library and "publisher" in library  # the columns a user groups by
    # Correct its date and publisher: the table shows them.
    page.get_by_text("Correct a report's title, date or publisher").click()
    page.locator("#edit-choice input").click()
    page.get_by_role("option").filter(has_text="glenrock-update.txt").first.click()
    page.locator("#edit-date textarea").fill("18/03/2026")
    page.locator("#edit-publisher textarea").fill("Glenrock shelter office")
    page.locator("#edit-save").click()
    page.get_by_text("Saved:").wait_for(timeout=120_000)
    library = page.locator("#library").inner_text()
    assert "2026-03-18" in library and "Glenrock shelter office" in library
    edited = httpx.get(f"{url}/v1/reports").json()
    assert next(r for r in edited if r["file"] == good.name)["edited"] == ["date", "publisher"]
    page.screenshot(path=str(tmp_path / "reports.png"), full_page=True)
    page.locator("#delete-choice input").click()
    page.get_by_role("option").filter(has_text="glenrock-update.txt").first.click()
    page.get_by_role("button", name="Delete report").click()
    page.get_by_text("Deleted").wait_for(timeout=120_000)
    assert "glenrock-update.txt" not in page.locator("#library").inner_text()


def test_api_docs_render_offline(server, page) -> None:  # type: ignore[no-untyped-def]
    """Swagger UI draws the API's operations from assets the server itself serves (this machine,
    like many users' secured ones, cannot reach a CDN)."""
    url, _ = server
    page.goto(f"{url}/docs", wait_until="domcontentloaded")
    page.get_by_text("/v1/ask").first.wait_for(timeout=30_000)
    assert page.locator(".opblock").count() >= 4


def test_series_tab_chart_source_and_csv(server, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A figure over time in the chat: the chart is drawn, a point's source opens in one click,
    and the CSV downloads and reads back with the points and their citations."""
    url, _ = server
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("tab", name="Series").click()
    box = page.locator("#series-question textarea")
    box.fill("How did the number of displaced people in Corran evolve?")
    box.press("Enter")
    sources = page.locator("#series-points details.source")
    sources.first.wait_for(state="attached", timeout=60_000)
    summary = page.locator("#series-summary").inner_text()
    assert "7,820" in summary and "8,340" in summary and "+520" in summary, summary
    # The chart: drawn by Gradio's plot (Vega) as a canvas or SVG inside the plot.
    page.locator("#series-plot canvas, #series-plot svg").first.wait_for(timeout=30_000)
    assert (
        "report date" in page.locator("#series-plot").inner_text()
        or page.locator("#series-plot canvas").count()
    )
    table = page.locator("#series-points").inner_text()
    assert "2026-03-14" in table and "2026-03-21" in table
    sources.nth(1).locator("summary").click()
    quote = sources.nth(1).locator("blockquote")
    quote.wait_for(state="visible", timeout=10_000)
    assert "8,340" in quote.inner_text()
    page.screenshot(path=str(tmp_path / "series.png"), full_page=True)
    with page.expect_download(timeout=30_000) as download:
        page.locator("#series-csv a").first.click()
    saved = tmp_path / "series.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert [(r["date"], r["value"]) for r in rows] == [
        ("2026-03-14", "7,820"),
        ("2026-03-21", "8,340"),
    ]
    assert rows[1]["change"] == "+520" or rows[1]["change"] == "520"
    assert all(r["file"] and r["page"] and r["quote"] for r in rows)
