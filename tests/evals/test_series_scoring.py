"""The series yardstick's scorer: a point is right when its value is the hand-read one and its
citation names a page that prints it (the page read, or another checked by hand), in the report
or in a byte-identical copy stored under another file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Citation, SeriesAnswer, SeriesPoint
from evals.series import Point, Triple, check_triples, load_triples, score
from tests.conftest import ROOT


def _answer(file: str, page: int, value: float) -> SeriesAnswer:
    citation = Citation(
        n=1, file=file, page=page, page_end=page, section="", quote="Total 56,5%", title="",
        date="2026-06-13", report_id="r30",
    )  # fmt: skip
    point = SeriesPoint(
        report_id="r30", date="2026-06-13", report_number="30", title="", value=value,
        citation=citation,
    )  # fmt: skip
    return SeriesAnswer(question="q", points=[point], text="", abstained=False)


TRIPLE = Triple(
    id="t", language="fr", question="q", measure="contact follow-up rate", place="3 provinces",
    points=[Point("drc-ebola/SitRep_30_2026.pdf", 1, 56.5, "56,5%", also_on=(5,))],
    not_stated=[],
)  # fmt: skip


def test_a_page_checked_by_hand_that_prints_the_same_figure_is_right() -> None:
    assert score(TRIPLE, _answer("SitRep_30_2026.pdf", 5, 56.5))["points"][0]["verdict"] == "right"
    assert score(TRIPLE, _answer("SitRep_30_2026.pdf", 3, 56.5))["points"][0]["verdict"] == (
        "wrong page"
    )
    assert score(TRIPLE, _answer("SitRep_30_2026.pdf", 1, 65.5))["points"][0]["verdict"] == (
        "wrong value"
    )


def test_a_byte_identical_copy_under_another_name_is_the_same_report() -> None:
    copy = "Draft-Final_SitRep_30.pdf"
    alone = score(TRIPLE, _answer(copy, 1, 56.5))
    assert alone["points"][0]["verdict"] == "other report"
    names = {copy: {copy, "SitRep_30_2026.pdf"}}
    assert score(TRIPLE, _answer(copy, 1, 56.5), names)["points"][0]["verdict"] == "right"


@pytest.mark.parametrize("folder", ["series", "series-heldout"])
def test_every_value_of_the_yardsticks_is_printed_on_its_pages(corpus: Path, folder: str) -> None:
    assert check_triples(load_triples(ROOT / "evals" / folder), corpus) == []


def test_a_page_that_prints_the_figure_another_way_is_checked_in_its_own_spelling(
    corpus: Path,
) -> None:
    """WHO's banner prints "33 106" deaths and its table's Grand total row "33106": each page is
    checked for the figure as that page prints it, and a spelling no page has is a problem."""
    report = "who-covid/20200330-sitrep-70-covid-19.pdf"
    banner_and_table = Point(report, 1, 33106, "33 106", also_on=(6,), written_on={6: "33106"})
    triple = Triple("deaths", "en", "q", "deaths", "global", [banner_and_table], [])
    assert check_triples([triple], corpus) == []
    banner_and_table.written_on[6] = "33 107"
    assert check_triples([triple], corpus) == [f"deaths: '33 107' is not on page 6 of {report}"]
