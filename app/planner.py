"""The planner: what to search for a question, and how its answer is put together.

It makes a follow-up whole ("and in Nord-Kivu?"), targets the reports a question names (a date or
report number picks that report, two of them with a word of change compare the two, "latest" moves
to the newest report of the series the best match belongs to) and routes the question to a plain
answer or a comparison. It runs the searches through the function the facade hands it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from app.followup import standalone
from app.question import QuestionReader
from app.series import Series, SeriesIndex
from app.targets import (
    PERIODS,
    asks_for_change,
    dates_asked,
    days_asked,
    last_reports,
    latest_of_series,
    names_days,
    period_asked,
    points_in_time,
    wants_latest,
    years_asked,
)
from index import ReportRecord, SearchFilters, SearchResult
from ingest.metadata import report_number_mentions

Search = Callable[[str, SearchFilters, int | None], SearchResult]
Route = Literal["answer", "compare", "series", "brief"]
MAX_SERIES_POINTS = 60  # a longer series is cut to its newest reports
SERIES_SEARCH_DEPTH = 5  # the search that picks a series reads this many times top_k chunks


@dataclass
class Plan:
    question: str  # as the user asked it
    asked: str  # the question searched with: a follow-up made whole
    route: Route = "answer"
    scopes: list[SearchFilters] = field(default_factory=list)  # one search each
    latest: str = ""  # the report "latest" moved to, if it did
    series: Series | None = None  # the series a question over time is about
    # The days a plain question is about, ISO (a day without a year read in the year of the
    # series it is about); an answer must come from a report dated near one of them.
    dates: list[str] = field(default_factory=list)


class Planner:
    """Plans and runs the searches of one question; `targeting=False` searches the whole library
    as filtered, whatever reports the question names (an ablation)."""

    def __init__(self, questions: QuestionReader, top_k: int, targeting: bool = True) -> None:
        self._questions = questions
        self._top_k = top_k
        self._targeting = targeting
        self.series = SeriesIndex()

    def run(
        self,
        question: str,
        history: list[str],
        filters: SearchFilters,
        records: list[ReportRecord],
        search: Search,
    ) -> tuple[Plan, list[SearchResult]]:
        """The plan for `question` and the result of each of its searches."""
        asked = standalone(question, [h for h in history if h.strip()])
        plan = Plan(question, asked)

        def run(scope: SearchFilters) -> SearchResult:
            # Within a report or two the reader can afford to read more chunks (tables included).
            return search(asked, scope, self._top_k * 2 if scope.reports else None)

        targeting = self._targeting and not filters.reports
        points = points_in_time(asked, records) if targeting else []
        first: SearchResult | None = None  # the search over `filters`, when one was run already
        change = asks_for_change(asked)
        days = days_asked(asked, None)
        if targeting and names_days(asked) and len(points) < (2 if change else 1):
            # "between 18 and 22 June", "on 21 March": days without a year, read in the year of
            # the series the question is about.
            first = run(filters)
            series = self._series_of_best(asked, first, records)
            if series is not None:
                days = days_asked(asked, int(series.reports[-1].date[:4]))
                dated = _dated(days, series.reports)
                points = dated if len(dated) >= (2 if change else 1) else points
        if targeting and not report_number_mentions(asked):
            plan.dates = days
        if len(points) >= 2 and change:
            plan.route = "compare"
            plan.scopes = [replace(filters, reports=point) for point in points[:2]]
        elif points:
            plan.scopes = [replace(filters, reports=sorted({r for p in points for r in p}))]
        else:
            plan.scopes = [filters]
        results = [
            first if first is not None and scope == filters else run(scope) for scope in plan.scopes
        ]
        if targeting and not points and wants_latest(asked):
            newest = self._latest(asked, results[0], records)
            if newest:
                plan.latest, plan.scopes = newest, [replace(filters, reports=[newest])]
                results = [run(plan.scopes[0])]
        return plan, results

    def _series_of_best(
        self, question: str, found: SearchResult, records: list[ReportRecord]
    ) -> Series | None:
        """The dated series of the best match among the reports that know the places the
        question names; None when nothing matched."""
        if not found.hits:
            return None
        anchor = _anchor(found, self._questions.names_known(question, found.terms))
        return next(
            (
                s
                for s in self.series.of(records)
                if s.reports[-1].date and anchor in {r.report_id for r in s.reports}
            ),
            None,
        )

    def run_series(
        self,
        question: str,
        filters: SearchFilters,
        records: list[ReportRecord],
        search: Search,
        last: int | None = None,
    ) -> tuple[Plan, list[SearchResult]]:
        """A question over time: the series a search finds most of, then one search in each of
        its reports that the question or `filters` keep (its dates, "the last 5 reports",
        `last`), oldest first."""
        plan = Plan(question, question, route="series")
        found = search(question, filters, self._top_k * SERIES_SEARCH_DEPTH)
        q = self._questions.read(question, found.terms)
        known = self._questions.names_known(question, found.terms)
        last = last or last_reports(question)
        series = self.series.of(records)
        # "The 2026 epidemic" is the series with reports of 2026, when one has them.
        years = years_asked(question)
        windows = [self._window(question, s, filters, last, years) for s in series]
        if years and not any(windows):
            windows = [self._window(question, s, filters, last) for s in series]
        weight = [0.0] * len(windows)
        in_window = {r.report_id: n for n, window in enumerate(windows) for r in window}
        # The matches in reports that know every place and organisation asked, when there are
        # any: a French question about Japan matches French reports of another outbreak on its
        # own words, and WHO's reports on Japan far less often.
        hits = [h for h in found.hits if h.report_id in in_window]
        shares = {report_id: known(report_id) for report_id in {h.report_id for h in hits}}
        knowing = [h for h in hits if shares[h.report_id] >= 1.0]
        for hit in knowing or hits:
            weight[in_window[hit.report_id]] += hit.score * shares[hit.report_id]
        if not any(weight):
            return plan, []
        # A question that names the kind of report ("WHO's daily situation reports", "weekly
        # updates") counts the words its titles share with it.
        for n, window in enumerate(windows):
            titles = self._questions.words_of(" ".join({r.title for r in window}))
            shared = sum(w for t, w in q.weights.items() if q.equivalents[t] & titles)
            weight[n] *= 1.0 + shared / (sum(q.weights.values()) or 1.0)
        # A question that says how often its reports come out ("WHO's daily situation reports",
        # "les mises à jour hebdomadaires") means a series that keeps that pace, when one is found.
        period = period_asked(question)
        if period:
            paced = [n for n, s in enumerate(series) if weight[n] and _pace_of(s) == period]
            if paced:
                weight = [w if n in paced else 0.0 for n, w in enumerate(weight)]
        chosen = windows[max(range(len(windows)), key=lambda n: weight[n])]
        plan.series = Series(chosen)
        plan.scopes = [replace(filters, reports=[r.report_id]) for r in chosen]
        # The reports' searches wait mostly on the store: two at a time overlap that wait.
        with ThreadPoolExecutor(max_workers=2) as pool:
            found_in = pool.map(lambda scope: search(question, scope, self._top_k * 2), plan.scopes)
            return plan, list(found_in)

    @staticmethod
    def _window(
        question: str,
        series: Series,
        filters: SearchFilters,
        last: int | None,
        years: set[str] | None = None,
    ) -> list[ReportRecord]:
        """The reports of a series a question over time is about: within the question's dates
        (read in the series' year when it writes none), its `years` and the filters, then the
        newest `last`."""
        newest = series.reports[-1].date
        days = dates_asked(question, int(newest[:4]) if newest else date.today().year)
        start = filters.date_from or (min(days) if days else "")
        end = filters.date_to or (max(days) if len(days) > 1 else "")
        kept = [
            r
            for r in series.reports
            if (not filters.reports or r.report_id in filters.reports)
            and (not start or (r.date and r.date >= start))
            and (not end or (r.date and r.date <= end))
            and (not years or r.date[:4] in years)
        ]
        return kept[-min(last or MAX_SERIES_POINTS, MAX_SERIES_POINTS) :]

    def brief_report(
        self,
        question: str,
        filters: SearchFilters,
        records: list[ReportRecord],
        search: Search,
    ) -> str:
        """The report a request for a report at a glance means: the one it names (number or
        date), the newest of the series it is about ("the latest"), else the one that best
        matches it; "" when none does."""
        points = points_in_time(question, records) if not filters.reports else []
        if points:
            return points[0][0]
        found = search(question, filters, None)
        if not found.hits:
            return ""
        if wants_latest(question):
            return self._latest(question, found, records) or found.hits[0].report_id
        return found.hits[0].report_id

    def _latest(self, question: str, result: SearchResult, records: list[ReportRecord]) -> str:
        """The newest report of the series of the best hit whose report knows the places the
        question names; empty when nothing was found."""
        if not result.hits:
            return ""
        known = self._questions.names_known(question, result.terms)
        return latest_of_series(
            _anchor(result, known), records, lambda r: known(r.report_id) == 1.0
        )


def _anchor(result: SearchResult, known: Callable[[str], float]) -> str:
    """The report of the best hit among those that know the most of the places the question
    names (`known`: a report's share of them)."""
    return max(dict.fromkeys(hit.report_id for hit in result.hits), key=known)


def _dated(days: list[str], reports: list[ReportRecord]) -> list[list[str]]:
    """For each day, the reports dated that day (or the day before or after), once each."""
    points: list[list[str]] = []
    for day in days:
        found = points_in_time(day, reports)
        if found and found[0] not in points:
            points.append(found[0])
    return points


def _pace_of(series: Series) -> int | None:
    """Which of the paces a question may name (`PERIODS`: daily, weekly, monthly) the series
    keeps: the nearest to its usual gap between reports, on a log scale."""
    gap = series.days_per_report()
    if gap is None:
        return None
    return min(PERIODS, key=lambda days: abs(math.log(gap / days)))
