"""Series grouping on report records shaped like the real corpus's (numbers, dates, publishers and
titles as ingest reads them; the names are fictional)."""

from __future__ import annotations

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
