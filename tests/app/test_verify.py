"""The one citation check every reader's draft passes through."""

from __future__ import annotations

from app.models import Citation
from app.reader import Draft, PageTexts, Statement
from app.verify import days_off, on_dates, verify

PAGES = {
    1: "Cover page",
    2: "Partners  distributed 3,200\nhygiene kits in Corran.",
    3: "Vale: 640 tents.",
}


def _statement(text: str, quote: str, first: int = 1, last: int = 3) -> Statement:
    citation = Citation(
        n=0,
        file="r.pdf",
        page=first,
        page_end=last,
        section="Response",
        quote=quote,
        title="Flood update",
        date="2026-03-14",
        report_id="r",
    )
    return Statement(text, citation, "v1")


def _pages() -> PageTexts:
    return PageTexts(lambda version, wanted: {p: PAGES[p] for p in wanted if p in PAGES})


def test_a_verified_quote_is_pinned_to_its_page_and_numbered() -> None:
    draft = Draft([_statement("3,200 kits [#]", "distributed 3,200 hygiene kits")], [], "none")
    answer = verify("q", draft, _pages())
    assert not answer.abstained and answer.text == "3,200 kits [1]."
    assert (answer.citations[0].page, answer.citations[0].page_end, answer.citations[0].n) == (
        2,
        2,
        1,
    )


def test_an_unverified_statement_is_dropped_and_the_rest_renumbered() -> None:
    invented = _statement("5,000 kits [#]", "distributed 5,000 hygiene kits")
    tents = _statement("640 tents [#]", "Vale: 640 tents.")
    answer = verify("q", Draft([invented, tents], ["Flood update"], "none"), _pages())
    assert answer.text == "640 tents [1]." and [c.page for c in answer.citations] == [3]


def test_nothing_verified_is_an_abstention_that_names_what_was_searched() -> None:
    draft = Draft([_statement("5,000 [#]", "5,000 kits")], ["Flood update"], "Not found.")
    answer = verify("q", draft, _pages())
    assert answer.abstained and answer.text == "Not found." and answer.citations == []
    assert answer.searched == ["Flood update"]


def test_a_comparison_needs_every_statement() -> None:
    kept = _statement("3,200 [#]", "3,200")
    lost = _statement("5,000 [#]", "5,000")
    answer = verify("q", Draft([kept, lost], [], "Not both.", need_all=True), _pages())
    assert answer.abstained and answer.text == "Not both."


def test_a_quote_outside_its_cited_pages_is_not_verified() -> None:
    draft = Draft([_statement("640 [#]", "Vale: 640 tents.", first=1, last=2)], [], "none")
    assert verify("q", draft, _pages()).abstained


def test_days_off_counts_from_the_nearest_day_asked_and_is_zero_inside_a_span() -> None:
    assert days_off("2026-03-14", ["2026-03-21"]) == 7
    assert days_off("2026-03-16", ["2026-03-14", "2026-03-21"]) == 0
    assert days_off("2026-03-23", ["2026-03-14", "2026-03-21"]) == 2
    assert days_off("", ["2026-03-21"]) is None and days_off("2026-03-14", []) is None


def test_an_answer_from_a_report_far_from_the_day_asked_becomes_an_abstention() -> None:
    draft = Draft([_statement("3,200 kits [#]", "distributed 3,200 hygiene kits")], [], "None.")
    held = on_dates(draft, ["2024-03-14"], tolerance=7, language="en")
    assert held.statements == [] and held.abstention.endswith(" None.")
    assert "14 March 2026, far from the date asked (14 March 2024)" in held.abstention
    assert verify("q", held, _pages()).abstained


def test_an_answer_from_a_report_near_the_day_asked_says_its_own_date() -> None:
    draft = Draft([_statement("3,200 kits [#]", "distributed 3,200 hygiene kits")], [], "none")
    near = verify("q", on_dates(draft, ["2026-03-15"], tolerance=7, language="en"), _pages())
    assert (
        near.text
        == "3,200 kits [1]. The report is dated 14 March 2026, not 15 March 2026 as asked."
    )
    same = on_dates(draft, ["2026-03-14"], tolerance=7, language="en")
    assert same.suffix == "" and same.statements
