"""A figure over the reports of a series: real WHO daily reports, the real models, every point
checked against the hand-read values of the series yardstick (`evals/series/who.jsonl`) and its
quote against the stored page; the window a question or a caller sets; the API and the CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.series import series_csv
from app.server import build
from app.settings import Settings
from app.targets import dates_asked, last_reports
from tests.conftest import CORPUS, ROOT

WHO = ["20200311-sitrep-51-covid-19.pdf", "20200320-sitrep-60-covid-19.pdf",
       "20200330-sitrep-70-covid-19.pdf", "20200409-sitrep-80-covid-19.pdf"]  # fmt: skip
EARLY = ["20200229-sitrep-40-covid-19.pdf", "20200301-sitrep-41-covid-19.pdf"]
# June 2020: the 8 June report's table heads China's deaths otherwise than its neighbours'.
JUNE = ["20200529-covid-19-sitrep-130.pdf", "20200608-covid-19-sitrep-140.pdf",
        "20200628-covid-19-sitrep-160.pdf"]  # fmt: skip
KOREA = (
    "In WHO's daily COVID-19 situation reports, how did the cumulative number of confirmed "
    "cases in the Republic of Korea change from one report to the next?"
)


def _expected(triple_id: str) -> dict[str, float]:
    """The yardstick's hand-read value of each report file of one triple."""
    for line in (ROOT / "evals" / "series" / "who.jsonl").read_text().splitlines():
        triple = json.loads(line)
        if triple["id"] == triple_id:
            return {Path(p["file"]).name: p["value"] for p in triple["points"]}
    raise KeyError(triple_id)


def _library(factory: pytest.TempPathFactory, names: list[str], embedder: Any) -> Any:
    """An assistant over a fresh library of the named WHO reports."""
    from app import Assistant

    folder = factory.mktemp("who-reports")
    for name in names:
        shutil.copy(CORPUS / "who-covid" / name, folder / name)
    assistant = Assistant(factory.mktemp("who-library"), embedder=embedder)
    assistant.ingest([folder])
    return assistant


@pytest.fixture(scope="module")
def who_series(tmp_path_factory: pytest.TempPathFactory, corpus: Path, embedder) -> Any:  # type: ignore[no-untyped-def]
    return _library(tmp_path_factory, WHO, embedder)


@pytest.fixture(scope="module")
def who_early(tmp_path_factory: pytest.TempPathFactory, corpus: Path, embedder) -> Any:  # type: ignore[no-untyped-def]
    """Two of WHO's early daily reports, whose tables print paired figures, `3150 (813)` under
    `Total confirmed* cases (new)`."""
    return _library(tmp_path_factory, EARLY, embedder)


@pytest.fixture(scope="module")
def who_june(tmp_path_factory: pytest.TempPathFactory, corpus: Path, embedder) -> Any:  # type: ignore[no-untyped-def]
    return _library(tmp_path_factory, JUNE, embedder)


def test_a_gap_takes_the_figure_between_its_neighbours_under_a_near_twin_header(who_june) -> None:  # type: ignore[no-untyped-def]
    """China's total deaths stand in the country table of each report; the model is sure of
    the 29 May and 28 June rows, not of the 8 June one, whose header reads a little otherwise.
    Its figure lies between its neighbours' (a running total), so it is the 8 June point, with
    its own verified quote, where before it was a gap (`who-china-deaths-jan-aug`)."""
    answer = who_june.series(
        "From 30 January to 16 August 2020, how did the total number of COVID-19 deaths reported "
        "for China change across WHO's daily situation reports?"
    )
    expected = _expected("who-china-deaths-jan-aug")
    given = [(p.citation.file, p.value) for p in answer.points if p.citation is not None]
    assert given == [(name, expected[name]) for name in JUNE], answer.text


def test_a_cell_of_paired_figures_gives_the_total_its_header_names(who_early) -> None:  # type: ignore[no-untyped-def]
    """The Republic of Korea's row prints `3150 (813)` and `3736 (586)` under `Total confirmed*
    cases (new)`: the series is the first figures, the cumulative confirmed cases the
    yardstick reads (`who-korea-cases`)."""
    answer = who_early.series(KOREA)
    expected = _expected("who-korea-cases")
    given = [(p.citation.file, p.value) for p in answer.points if p.citation is not None]
    assert given == [(name, expected[name]) for name in EARLY], answer.text


def test_each_point_is_the_reports_own_figure_with_a_verified_quote(who_series) -> None:  # type: ignore[no-untyped-def]
    answer = who_series.series(KOREA)
    expected = _expected("who-korea-cases")
    assert [p.date for p in answer.points] == sorted(p.date for p in answer.points)
    assert len(answer.points) == len(WHO)  # one per report of the series, gaps included
    given = [p for p in answer.points if p.value is not None]
    assert len(given) >= 3, answer.text
    previous = None
    for point in given:
        citation = point.citation
        assert citation is not None and citation.report_id == point.report_id
        assert point.value == expected[citation.file]
        page = who_series.library.page_texts(
            who_series.library.store.get_report(point.report_id).version, [citation.page]
        )[citation.page]
        assert citation.quote in " ".join(page.split())
        assert point.change == (None if previous is None else point.value - previous)
        previous = point.value
    assert not answer.abstained and "Republic of Korea" in answer.measure


def test_the_window_follows_the_question_and_the_caller(who_series) -> None:  # type: ignore[no-untyped-def]
    dated = who_series.series(KOREA.replace("?", " between 15 and 31 March 2020?"))
    assert [p.date for p in dated.points] == ["2020-03-19", "2020-03-30"]
    assert [p.date for p in who_series.series(KOREA, last=2).points] == [
        "2020-03-30",
        "2020-04-09",
    ]
    said = who_series.series(KOREA.replace("from one report", "over the last three reports"))
    assert len(said.points) == 3


def test_the_api_gives_the_points_as_json_and_csv(who_series) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(build(who_series, Settings(data_dir=who_series.settings.data_dir)))
    answer = client.post("/v1/series", json={"question": KOREA, "last": 3}).json()
    assert len(answer["points"]) == 3 and answer["series"].startswith("WHO")
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.post("/v1/series?format=csv", json={"question": KOREA, "last": 3}).text
            )
        )
    )
    given = [r for r in rows if r["value"]]
    assert len(rows) == 3 and given
    expected = _expected("who-korea-cases")
    assert all(float(r["value"].replace(",", "")) == expected[r["file"]] for r in given)
    refused = client.post("/v1/series", json={"question": KOREA, "last": 0})
    assert refused.status_code == 422


def test_dates_and_counts_a_question_names() -> None:
    assert dates_asked("between 7 and 14 June", 2026) == ["2026-06-07", "2026-06-14"]
    assert dates_asked("entre le 1er mars et le 30 avril 2020", 2026) == [
        "2020-03-01",
        "2020-04-30",
    ]
    assert dates_asked("depuis le 1er juin", 2025) == ["2025-06-01"]
    assert dates_asked("how many cases", 2026) == []
    assert last_reports("the trend over the last three reports") == 3
    assert last_reports("les 5 derniers rapports") == 5
    assert last_reports("los últimos cinco informes") == 5
    assert last_reports("the latest report") is None
    # A stretch of time, not a number of reports.
    assert last_reports("combien de décès sur les 7 derniers jours ?") is None
    assert last_reports("new cases in the last 24 hours") is None
    assert last_reports("casos en los últimos 14 días") is None


def test_the_csv_has_a_row_per_report_gaps_included(who_series) -> None:  # type: ignore[no-untyped-def]
    answer = who_series.series(KOREA)
    rows = list(csv.DictReader(io.StringIO(series_csv(answer))))
    assert [r["date"] for r in rows] == [p.date for p in answer.points]
    for row, point in zip(rows, answer.points, strict=True):
        assert (row["value"] == "") == (point.value is None)
        assert row["quote"] == (point.citation.quote if point.citation else "")


def test_a_change_between_days_without_a_year_compares_the_two_reports(who_series) -> None:  # type: ignore[no-untyped-def]
    """The days are read in the year of the series the question is about; both figures are
    cited and the difference is computed."""
    answer = who_series.ask(
        "How did the number of confirmed cases in the Republic of Korea change between 11 and "
        "30 March?"
    )
    expected = _expected("who-korea-cases")
    assert [c.date for c in answer.citations] == ["2020-03-11", "2020-03-30"], answer.text
    first, second = (expected[c.file] for c in answer.citations)
    assert f"change: {second - first:+,.0f}" in answer.text


def test_a_question_over_time_asked_as_a_question_answers_with_the_series(who_series) -> None:  # type: ignore[no-untyped-def]
    """The chat and /v1/ask route "how did X evolve" to the series: every point in the answer's
    own words, each cited with the report's own figure; a question about one report is not."""
    answer = who_series.ask(KOREA)
    expected = _expected("who-korea-cases")
    series = who_series.series(KOREA)
    given = [p for p in series.points if p.value is not None]
    assert not answer.abstained and len(answer.citations) == len(given) >= 3, answer.text
    for n, (citation, point) in enumerate(zip(answer.citations, given, strict=True), start=1):
        assert citation.n == n and citation.date == point.date
        assert point.value == expected[citation.file]
        assert f"{point.value:,.0f} ({point.date}) [{n}]" in answer.text
    one = who_series.ask(
        "How many confirmed cases had the Republic of Korea reported on 20 March 2020?"
    )
    assert len(one.citations) == 1 and " → " not in one.text, one.text


def test_what_counts_as_a_question_over_time() -> None:
    from app.targets import asks_over_time

    for question in (
        "How did confirmed cases in Ituri evolve?",
        "Trend of new cases over the last 5 reports",
        "évolution des décès au Nord-Kivu depuis le 1er juin",
        "¿Cómo evolucionaron los casos a lo largo de los informes?",
        "Comment le cumul a-t-il progressé d'un rapport à l'autre ?",
    ):
        assert asks_over_time(question), question
    for question in (
        "How many confirmed cases in Ituri?",
        "How did confirmed cases change between 18 and 22 June?",
    ):
        assert not asks_over_time(question), question


def test_a_country_named_in_another_language_is_found(who_series) -> None:  # type: ignore[no-untyped-def]
    """ "España" in a Spanish question is the "Spain" row of an English report's table."""
    answer = who_series.ask(
        "¿Cuántos casos confirmados en total había notificado España según el informe de "
        "situación 70 de la OMS?"
    )
    assert not answer.abstained, answer.text
    citation = answer.citations[0]
    assert citation.file == "20200330-sitrep-70-covid-19.pdf"
    assert "Spain" in citation.quote


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuántos casos confirmados tenía Estados Unidos según el informe de situación 60 de la "
        "OMS?",
        "Combien de cas confirmés les États-Unis comptaient-ils selon le rapport de situation 60 "
        "de l'OMS ?",
    ],
)
def test_a_country_of_several_words_named_in_another_language_is_found(
    who_series, question: str
) -> None:  # type: ignore[no-untyped-def]
    """ "Estados Unidos" and "États-Unis" are the "United States of America" row of an English
    report's table: the place's names of several words match whole, in any language (Spanish
    "Estados" is even a stop word). Before, the passage had to hold the question's own words."""
    answer = who_series.ask(question)
    assert not answer.abstained, answer.text
    assert answer.text.startswith("10442 "), answer.text  # the figure, in its own words
    citation = answer.citations[0]
    assert citation.file == "20200320-sitrep-60-covid-19.pdf"
    assert "United States of America" in citation.quote


def test_a_question_over_time_gets_figures_however_it_is_worded(who_series) -> None:  # type: ignore[no-untyped-def]
    """ "How did confirmed cases evolve" names no number, yet each point is a figure."""
    answer = who_series.series(
        "How did confirmed cases in the Republic of Korea evolve across WHO's daily situation "
        "reports?"
    )
    expected = _expected("who-korea-cases")
    given = [p for p in answer.points if p.value is not None and p.citation is not None]
    assert len(given) >= 2, answer.text
    assert all(p.value == expected[p.citation.file] for p in given), answer.text


@pytest.mark.parametrize(
    ("question", "file", "value"),
    [
        (
            "Combien de cas confirmés au total le Japon comptait-il selon le rapport de "
            "situation 60 de l'OMS ?",
            "20200320-sitrep-60-covid-19.pdf",
            "950",
        ),
        (
            "¿Cuántos casos confirmados en total tenía Japón según el informe de situación 70 "
            "de la OMS?",
            "20200330-sitrep-70-covid-19.pdf",
            "1866",
        ),
    ],
)
def test_a_column_is_matched_by_the_words_of_the_questions_language(
    who_series, question: str, file: str, value: str
) -> None:  # type: ignore[no-untyped-def]
    """French `cas confirmés` and Spanish `casos confirmados` are the English table's `Total
    confirmed cases` column, not its shorter `Total deaths` one."""
    answer = who_series.ask(question)
    assert not answer.abstained, answer.text
    assert answer.text.startswith(value), answer.text
    assert answer.citations[0].file == file


def test_a_table_cell_of_the_agreed_measure_is_a_point_in_every_report(who_series) -> None:  # type: ignore[no-untyped-def]
    """Once the sure reports agree on the measure (China's row, the total deaths column), the
    same cell of another report of the series is its point, however unsure the model is of it
    taken alone."""
    answer = who_series.series(
        "From 30 January to 16 August 2020, how did the total number of COVID-19 deaths reported "
        "for China change across WHO's daily situation reports?"
    )
    expected = _expected("who-china-deaths-jan-aug")
    given = [p for p in answer.points if p.value is not None and p.citation is not None]
    assert all(p.value == expected[p.citation.file] for p in given), answer.text
    tables = [p for p in given if p.citation.file != "20200311-sitrep-51-covid-19.pdf"]
    assert len(tables) == 3, answer.text


def test_a_sentence_every_report_prints_alike_is_a_point_in_each(who_series) -> None:  # type: ignore[no-untyped-def]
    """The world's confirmed cases stand in each report's "Situation in numbers" box as the same
    words ("Globally … confirmed"), which the model is unsure of in any one report: the reports
    agreeing on them make the series, each point the value the yardstick reads on its page
    (`who-global-cases`)."""
    answer = who_series.series(
        "How did the global count of confirmed COVID-19 cases change from one report to the next?"
    )
    expected = _expected("who-global-cases")
    given = [p for p in answer.points if p.value is not None and p.citation is not None]
    assert [(p.citation.file, p.value) for p in given] == [
        (name, expected[name]) for name in WHO
    ], answer.text


def test_the_province_row_the_reports_agree_on_is_the_series_of_that_province(
    small_library,
) -> None:  # type: ignore[no-untyped-def]
    """Two DRC reports whose best answer for Ituri's confirmed cases is the same cell of their
    province table, the model unsure of each alone: the cell, which says exactly what is asked,
    is the series' measure, and each report's point is its own Ituri row, as the yardstick
    reads them (`evals/series/drc.jsonl`)."""
    assistant, _, _ = small_library
    answer = assistant.series(
        "Comment ont évolué les cas confirmés cumulés dans la province de l'Ituri au fil des "
        "SitReps de l'épidémie d'Ebola de 2026 ?"
    )
    expected = {
        Path(p["file"]).name: p["value"]
        for line in (ROOT / "evals" / "series" / "drc.jsonl").read_text().splitlines()
        if (triple := json.loads(line))["id"] == "drc26-confirmed-ituri"
        for p in triple["points"]
    }
    given = {
        p.citation.file: p.value
        for p in answer.points
        if p.value is not None and p.citation is not None
    }
    assert given.get("SitRep_25_2026.pdf") == expected["SitRep_25_2026.pdf"], answer.text
    assert expected["SitRep_30_2026.pdf"] in given.values(), answer.text  # cited by either copy


def test_the_total_row_of_the_provinces_asked_is_the_national_series(small_library) -> None:  # type: ignore[no-untyped-def]
    """Asked for the national count of an outbreak whose three provinces the question lists,
    each DRC report's point is its table's Total row (598 and 782, as the yardstick reads
    them), however low the reader ranks it. Asked about two of the three provinces together,
    the Total, which sums the third too, is no point."""
    assistant, _, _ = small_library
    answer = assistant.series(
        "Comment le cumul national des cas confirmés de MVE a-t-il progressé d'un rapport à "
        "l'autre pendant l'épidémie d'Ebola de 2026 (Ituri, Nord-Kivu, Sud-Kivu) ?"
    )
    given = {p.citation.file: p.value for p in answer.points if p.citation is not None}
    assert given.get("SitRep_25_2026.pdf") == 598, answer.text
    assert 782 in given.values(), answer.text  # cited by either copy of report 30
    answer = assistant.series(
        "Comment le cumul des cas confirmés de MVE en Ituri et au Nord-Kivu a-t-il progressé "
        "d'un rapport à l'autre pendant l'épidémie d'Ebola de 2026 ?"
    )
    assert not {598, 782} & {p.value for p in answer.points}, answer.text
