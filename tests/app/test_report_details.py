"""A report's title, date and publisher: inferred when the report states none, corrected by a
user, and the correction used at once by citations and date filters and kept on re-ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import InputError, NotFoundError
from tests.conftest import EXAMPLES

# Three pages (form feeds): the dates are past the first two, where a reporting date is read.
UPDATE = """Partners delivered 640 water filters to Glenrock after the flood (a fictional update
written for this test).
\fWater trucking continues in Corran.
\fThe flood of 4 March 2026 was followed by rain on 18 March 2026.
"""


def test_inferred_then_corrected_details(fake_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "a1_5c241a38.txt"
    report.write_text(UPDATE)
    outcome = fake_assistant.ingest([report])[0]
    info = fake_assistant.reports()[0]
    # No title line and no reporting date: a title from the text, and the latest date it names.
    assert info.title_inferred and info.title.startswith("Partners delivered 640 water filters")
    assert info.shown_title().endswith("(inferred)")
    assert info.date == "" and info.latest_date == "2026-03-18"
    assert info.shown_date() == "2026-03-18 (latest mentioned)"
    question = "How many water filters were delivered to Glenrock?"
    assert "(inferred title)" in fake_assistant.ask(question).citations[0].title
    # The inferred date is not a filter: the report is not dated.
    assert fake_assistant.ask(question, date_from="2026-03-01").abstained

    fixed = fake_assistant.edit_report(
        outcome.report_id,
        title="Glenrock flood update 2",
        date="20 March 2026",
        publisher="Shelter office",
    )
    assert (fixed.title, fixed.date, fixed.publisher) == (
        "Glenrock flood update 2",
        "2026-03-20",
        "Shelter office",
    )
    assert not fixed.title_inferred and fixed.edited == ["date", "publisher", "title"]
    answer = fake_assistant.ask(question, date_from="2026-03-01", date_to="2026-03-31")
    assert not answer.abstained and "640" in answer.text
    assert answer.citations[0].title == "Glenrock flood update 2"
    assert answer.citations[0].date == "2026-03-20"
    assert fake_assistant.ask(question, date_to="2026-03-19").abstained

    # A new version of the file keeps the corrections.
    report.write_text(UPDATE.replace("640", "650"))
    assert fake_assistant.ingest([report])[0].status == "added"
    again = fake_assistant.reports()[0]
    assert (again.title, again.date, again.publisher) == fixed_fields(fixed)
    assert "650" in fake_assistant.ask(question, date_from="2026-03-20").text


def fixed_fields(info) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    return info.title, info.date, info.publisher


def test_corrections_that_cannot_be_saved(fake_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "update.txt"
    report.write_text(UPDATE)
    report_id = fake_assistant.ingest([report])[0].report_id
    with pytest.raises(InputError, match="date: cannot read 'tomorrow'"):
        fake_assistant.edit_report(report_id, date="tomorrow")
    with pytest.raises(InputError, match="title: give 1 to 300 characters"):
        fake_assistant.edit_report(report_id, title="   ")
    with pytest.raises(InputError, match="nothing to change"):
        fake_assistant.edit_report(report_id)
    with pytest.raises(NotFoundError):
        fake_assistant.edit_report("no-such-report", title="x")
    assert fake_assistant.reports()[0].edited == []
    # A field the sentences do not carry, alone (they hold the date, not the publisher).
    assert fake_assistant.edit_report(report_id, publisher="Shelter office").edited == ["publisher"]


def test_example_reports_leave_when_a_real_one_comes(fake_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeded = fake_assistant.seed_examples([EXAMPLES])
    assert [o.status for o in seeded] == ["added", "added"]
    assert all(r.example for r in fake_assistant.reports())
    assert not fake_assistant.ask("How many hygiene kits were distributed in Corran?").abstained
    # The examples again (unchanged) keep them; a real report replaces them.
    fake_assistant.ingest([EXAMPLES])
    assert len(fake_assistant.reports()) == 2
    report = tmp_path / "update.txt"
    report.write_text(UPDATE)
    assert fake_assistant.ingest([report])[0].status == "added"
    assert [r.file for r in fake_assistant.reports()] == ["update.txt"]
    after = fake_assistant.ask("How many hygiene kits were distributed in Corran?")
    assert not any("northland" in c.file for c in after.citations)
    assert not any("FICTIONAL EXAMPLE" in searched for searched in after.searched)


def test_the_bundled_examples_are_examples_however_ingested(fake_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Their sidecars mark them, so a plain ingest (`sitrep ingest examples/reports`) does what
    seeding does: sent with a real report they stay, and the next real report makes them leave."""
    report = tmp_path / "update.txt"
    report.write_text(UPDATE)
    fake_assistant.ingest([EXAMPLES, report])
    assert sorted((r.file, r.example) for r in fake_assistant.reports()) == [
        ("northland-flood-sitrep-03.pdf", True),
        ("northland-flood-update-2026-03-21.txt", True),
        ("update.txt", False),
    ]
    later = tmp_path / "later.txt"
    later.write_text(UPDATE.replace("640", "710"))
    assert fake_assistant.ingest([later])[0].status == "added"
    assert sorted(r.file for r in fake_assistant.reports()) == ["later.txt", "update.txt"]


def test_a_date_range_that_ends_before_it_starts_is_refused(fake_assistant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="date_to: 2026-06-01 is before date_from 2026-06-18"):
        fake_assistant.ask("How many hygiene kits?", date_from="18/06/2026", date_to="2026-06-01")


def test_reports_of_one_series_are_listed_with_it(fake_assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for number, day in ((3, 14), (4, 21)):
        report = tmp_path / f"glenrock-{number}.txt"
        report.write_text(
            f"Glenrock Flood Situation Report No. {number} (fictional)\n"
            f"Glenrock Relief Office\nDate: {day} March 2026\n"
            f"Partners delivered {600 + number} water filters.\n"
        )
        assert fake_assistant.ingest([report])[0].status == "added"
    listed = {r.report_number: r for r in fake_assistant.reports()}
    assert listed["3"].series == listed["4"].series != ""
    assert "N°3-4" in listed["3"].series and "2026-03" in listed["3"].series
