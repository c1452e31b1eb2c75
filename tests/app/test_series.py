"""Series grouping on report records shaped like the real corpus's (numbers, dates, publishers and
titles as ingest reads them; the names are fictional)."""

from __future__ import annotations

import pytest

from app.series import SeriesIndex, group_series
from index.records import ReportRecord


def _report(rid: str, date: str, number: str, publisher: str = "NECO", **kw: str) -> ReportRecord:
    title = kw.pop("title", f"Northland flood situation report {number}")
    return ReportRecord(
        rid,
        f"{rid}.pdf",
        "v",
        title=title,
        date=date,
        language=kw.pop("language", "en"),
        publisher=publisher,
        report_number=number,
    )


def _groups(records: list[ReportRecord]) -> list[list[str]]:
    return [[r.report_id for r in s.reports] for s in group_series(records)]


def _search_finding(ordered: list[ReportRecord], text: str):  # type: ignore[no-untyped-def]
    """A search that finds one chunk of each report, in this order (the first best)."""
    from index import Hit, SearchFilters, SearchResult

    def search(query: str, scope: SearchFilters, top_k: int | None) -> SearchResult:
        found = [r for r in ordered if not scope.reports or r.report_id in scope.reports]
        meta = {"language": "en", "page": 1, "page_end": 1}
        return SearchResult(
            [
                Hit.from_metadata(
                    f"{r.report_id}-0",
                    text,
                    1.0 / (n + 1),
                    {**meta, "report_id": r.report_id, "version": "v"},
                )
                for n, r in enumerate(found)
            ]  # fmt: skip
        )

    return search


def test_a_numbering_that_starts_again_is_a_new_series() -> None:
    first = [_report(f"a{n}", f"2025-09-{n:02d}", str(n)) for n in (1, 2, 8, 12, 13)]
    # Same publisher and title months later, numbered from 2 again: another outbreak.
    second = [_report(f"b{n}", f"2026-05-{10 + n:02d}", str(n)) for n in (2, 4, 5, 9)]
    assert _groups(second + first) == [[r.report_id for r in first], [r.report_id for r in second]]


def test_a_daily_and_a_weekly_series_of_one_publisher_stay_apart() -> None:
    daily = [_report(f"d{n}", f"2020-08-{n - 195:02d}", str(n), "WHO") for n in (200, 205, 209)]
    weekly = [
        _report("w1", "2020-08-16", "1", "WHO", title="Weekly epidemiological update 1"),
        _report("w3", "2020-08-30", "3", "WHO", title="Weekly epidemiological update 3"),
    ]
    assert _groups(daily + weekly) == [["d200", "d205", "d209"], ["w1", "w3"]]


def test_an_issue_that_does_not_print_its_number_stays_in_its_series() -> None:
    """A weekly update whose issue 2 prints no number still continues its series, and the next
    numbered issue continues it at its pace; an unnumbered operational update of a similar
    title, equally fitting both, joins the series whose title is closest (as in WHO's weekly
    updates of 2020: issue 7 titled like the operational updates, whose first is numbered)."""
    epi, ops = "Weekly epidemiological update", "Weekly operational update on flooding"
    records = [
        _report("e1", "2020-08-16", "1", title=f"{epi} 1"),
        _report("o17", "2020-08-21", "17", title=ops),
        _report("e2", "2020-08-23", "", title=epi),  # issue 2, no number printed
        _report("o18", "2020-08-28", "", title=ops),
        _report("e4", "2020-09-06", "4", title=epi),
        _report("e6", "2020-09-20", "6", title="Weekly operational update"),  # a drifted title
        _report("o21", "2020-09-25", "", title=ops),
        _report("e7", "2020-09-27", "", title="Weekly operational update"),
    ]
    assert _groups(records) == [["e1", "e2", "e4", "e6", "e7"], ["o17", "o18", "o21"]]


def test_a_report_issued_twice_drifting_titles_and_another_language() -> None:
    records = [
        _report("s13", "2025-09-18", "13"),
        _report("s13b", "2025-09-19", "13"),  # the same number a day later: issued again
        _report("s15", "2025-09-20", "15", "Health office", title="Northland flood sitrep 15"),
        _report("x15", "2025-09-20", "15", language="fr", title="Rapport de situation 15"),
    ]
    # s15's publisher differs and its title shares too few words: a series of its own.
    assert _groups(records) == [["s13", "s13b"], ["s15"], ["x15"]]
    labels = SeriesIndex().labels(records)
    assert labels == {"s13": "NECO · N°13 · 2025-09", "s13b": "NECO · N°13 · 2025-09"}


def test_the_label_gives_publisher_number_range_and_months() -> None:
    records = [_report(f"r{n}", f"2026-0{5 + n // 30}-{n % 30 + 1:02d}", str(n)) for n in (2, 39)]
    assert SeriesIndex().labels(records)["r2"] == "NECO · N°2-39 · 2026-05 to 2026-06"


def test_points_verified_gaps_kept_and_a_falling_total_flagged() -> None:
    """Each statement's quote is checked on its page: one that is not becomes a gap, never a
    value; a cumulative count lower than the one before is a correction."""
    from app.models import Citation
    from app.reader import Draft, PageTexts, Statement
    from app.series import Series, series_answer

    records = [_report(f"r{n}", f"2025-09-0{n}", str(n)) for n in range(1, 5)]
    pages = {f"v-r{n}": f"Cumulative cases: {v} so far." for n, v in ((1, 10), (2, 12), (3, 9))}
    pages["v-r4"] = "Nothing about cases."

    def statement(n: int, value: float) -> Statement:
        quote = f"Cumulative cases: {value:.0f} so far."
        citation = Citation(
            n=1, file=f"r{n}.pdf", page=1, page_end=1, section="", quote=quote, title="", date="",
            report_id=f"r{n}",
        )  # fmt: skip
        return Statement(f"{value:.0f} [#]", citation, f"v-r{n}", value, "cumulative cases")

    draft = Draft([statement(1, 10), statement(2, 12), statement(3, 9), statement(4, 13)], [], "")
    answer = series_answer(
        "How did cumulative cases evolve?",
        Series(records),
        draft,
        PageTexts(lambda version, wanted: {p: pages[version] for p in wanted}),
    )
    assert [p.value for p in answer.points] == [10, 12, 9, None]  # r4's quote is not on its page
    assert [p.change for p in answer.points] == [None, 2, -3, None]
    assert [p.correction for p in answer.points] == [False, False, True, False]
    assert [p.citation.n for p in answer.points if p.citation] == [1, 2, 3]
    assert "3 of 4 reports" in answer.text and "1 correction" in answer.text


def test_only_a_shared_title_word_or_publisher_lets_a_report_continue_a_series() -> None:
    """Grouping compares a report only with the series it could continue; it finds the same
    series as comparing it with every one."""
    renamed = [
        _report("n1", "2026-03-01", "1"),
        _report("n2", "2026-03-02", "2", title="Bulletin"),  # numbered, same publisher
    ]
    untitled = [_report(f"u{n}", f"2026-03-0{n}", "", "", title="") for n in (1, 2)]
    excerpts = [
        _report("e1", "", "", "", title="Cholera excerpt Corran"),
        _report("e2", "", "", "", title="Cholera excerpt Corran district"),
        _report("e3", "", "", "", title="Market prices Vale"),
    ]
    groups = _groups(renamed + untitled + excerpts)
    assert ["n1", "n2"] in groups and ["e1", "e2"] in groups and ["e3"] in groups
    assert ["u1"] in groups and ["u2"] in groups


def test_a_series_pace_is_read_from_its_numbers_else_its_dates() -> None:
    """A library may hold only every tenth daily report: its numbers still say daily."""
    from app.planner import _pace_of

    sampled_daily = [_report(f"d{n}", f"2020-{3 + n // 31:02d}-{1 + n % 31:02d}", str(n), "WHO") for n in (10, 20, 30, 40)]  # fmt: skip
    weekly = [
        _report(f"w{n}", f"2020-{8 + (7 * n) // 31:02d}-{1 + (7 * n) % 31:02d}", str(n), "WHO")
        for n in (1, 3, 4)
    ]
    monthly = [_report(f"m{n}", f"2021-{n:02d}-15", "", "GTRM") for n in (1, 2, 3)]
    (daily_series,) = group_series(sampled_daily)
    (weekly_series,) = group_series(weekly)
    (monthly_series,) = group_series(monthly)
    assert daily_series.days_per_report() == pytest.approx(1.0, rel=0.1)
    assert weekly_series.days_per_report() == pytest.approx(7.0, rel=0.15)
    assert monthly_series.days_per_report() == pytest.approx(31.0, rel=0.1)
    assert [_pace_of(s) for s in (daily_series, weekly_series, monthly_series)] == [1, 7, 30]


def test_the_pace_a_question_names_in_each_language() -> None:
    from app.targets import period_asked

    assert period_asked("In WHO's daily situation reports, how did deaths evolve?") == 1
    assert period_asked("Dans les rapports de situation quotidiens de l'OMS ...") == 1
    assert period_asked("según los informes diarios de la OMS") == 1
    assert period_asked("in the weekly epidemiological updates") == 7
    assert period_asked("dans les mises à jour hebdomadaires") == 7
    assert period_asked("en las actualizaciones semanales") == 7
    assert period_asked("the monthly GTRM updates") == 30
    assert period_asked("les rapports mensuels") == 30
    assert period_asked("how did confirmed cases evolve?") is None
    assert period_asked("from the daily reports to the weekly updates") is None


def test_the_pace_a_question_names_chooses_the_series() -> None:
    """ "WHO's daily situation reports" is the daily series even where the weekly updates match
    the question's words better (a search that finds them first); "weekly updates" is the weekly
    one; a question that names no pace takes the series the search found most of."""
    from app.planner import Planner
    from app.question import QuestionReader
    from index import SearchFilters
    from index.lexical import Tokenizer

    daily = [_report(f"d{n}", f"2020-08-{n - 195:02d}", str(n), "WHO", title=f"COVID-19 Situation Report {n}") for n in (200, 205, 209)]  # fmt: skip
    weekly = [
        _report(f"w{n}", f"2020-08-{9 + 7 * n:02d}", str(n), "WHO", title="Weekly epidemiological update")
        for n in (1, 2)
    ]  # fmt: skip
    records = daily + weekly

    search = _search_finding(weekly + daily, "deaths")

    planner = Planner(QuestionReader(Tokenizer()), top_k=8)
    for asked, expected in (("in the daily situation reports", daily), ("in the weekly updates", weekly), ("", weekly)):  # fmt: skip
        plan, _ = planner.run_series(
            f"How did global deaths evolve {asked}?", SearchFilters(), records, search
        )
        assert plan.series is not None and plan.series.reports == expected, asked


def test_the_year_a_question_names_chooses_the_series() -> None:
    """ "The 2026 epidemic" is the series with reports of 2026, even where the search finds the
    2025 one first; a year no series has reports in (or `2019-nCoV`, a name) changes nothing."""
    from app.planner import Planner
    from app.question import QuestionReader
    from app.targets import years_asked
    from index import SearchFilters
    from index.lexical import Tokenizer

    assert years_asked("pendant l'épidémie de 2026 ?") == {"2026"}
    assert years_asked("2019-nCoV cases, SitRep N° 004/2026") == set()
    older = [_report(f"a{n}", f"2025-09-{n:02d}", str(n), "COUSP") for n in (1, 2, 3)]
    newer = [_report(f"b{n}", f"2026-05-{n:02d}", str(n), "COUSP") for n in (2, 3)]

    search = _search_finding(older + newer, "cured")

    planner = Planner(QuestionReader(Tokenizer()), top_k=8)
    for asked, expected in (("of 2026", newer), ("of 2025", older), ("", older), ("of 2024", older)):  # fmt: skip
        plan, _ = planner.run_series(
            f"How did cured patients evolve in the epidemic {asked}?", SearchFilters(), older + newer, search
        )  # fmt: skip
        assert plan.series is not None and plan.series.reports == expected, asked


def test_the_gaps_of_another_measure_are_said_as_gaps_not_as_reports_dropped() -> None:
    from app.series import left_out_text

    assert left_out_text(1).startswith("1 gap is a report whose best figure measures")
    assert left_out_text(3).startswith("3 gaps are reports whose")


def test_the_series_is_that_of_the_reports_that_know_the_places_asked() -> None:
    """A question about Corran in UNICEF's reports: the search finds the flood reports' chunks
    first and most often (they share its other words, and name UNICEF), and one chunk of
    UNICEF's reports, which name Corran too. The series is UNICEF's: only matches in reports
    that know every place and organisation asked weigh, when any do. Where none does (Glenrock,
    which no report names), every match weighs by the share it knows, as before."""
    from collections import Counter

    from app.planner import Planner
    from app.question import QuestionReader
    from index import Hit, SearchFilters, SearchResult, TermStats
    from index.lexical import Tokenizer

    floods = [_report(f"f{n}", f"2026-03-{n:02d}", str(n)) for n in (1, 2, 3)]
    unicef = [_report(f"w{n}", f"2026-03-{n:02d}", str(n), "UNICEF", title="Health cluster bulletin") for n in (1, 2)]  # fmt: skip
    tokenize = Tokenizer()
    knows = {
        **{r.report_id: Counter(tokenize("UNICEF", "en")) for r in floods},
        **{r.report_id: Counter(tokenize("UNICEF Corran", "en")) for r in unicef},
    }
    ordered = [*floods, unicef[0]]

    def search(query: str, scope: SearchFilters, top_k: int | None) -> SearchResult:
        found = [r for r in ordered if not scope.reports or r.report_id in scope.reports]
        meta = {"language": "en", "page": 1, "page_end": 1}
        hits = [
            Hit.from_metadata(
                f"{r.report_id}-0",
                "cases",
                1.0 / (n + 1),
                {**meta, "report_id": r.report_id, "version": "v"},
            )  # fmt: skip
            for n, r in enumerate(found)
        ]
        return SearchResult(hits, TermStats(report_terms=knows))

    planner = Planner(QuestionReader(Tokenizer()), top_k=8)
    for place, expected in (("Corran", unicef), ("Glenrock", floods)):
        plan, _ = planner.run_series(
            f"How did cases in {place} evolve in the UNICEF reports?", SearchFilters(), floods + unicef, search
        )  # fmt: skip
        assert plan.series is not None and plan.series.reports == expected, place
