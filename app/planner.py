"""The planner: what to search for a question, and how its answer is put together.

It makes a follow-up whole ("and in Nord-Kivu?"), targets the reports a question names (a date or
report number picks that report, two of them with a word of change compare the two, "latest" moves
to the newest report of the series the best match belongs to) and routes the question to a plain
answer or a comparison. It runs the searches through the function the facade hands it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from app.followup import standalone
from app.question import QuestionReader
from app.targets import asks_for_change, latest_of_series, points_in_time, wants_latest
from index import ReportRecord, SearchFilters, SearchResult

Search = Callable[[str, SearchFilters, int | None], SearchResult]
Route = Literal["answer", "compare"]


@dataclass
class Plan:
    question: str  # as the user asked it
    asked: str  # the question searched with: a follow-up made whole
    route: Route = "answer"
    scopes: list[SearchFilters] = field(default_factory=list)  # one search each
    latest: str = ""  # the report "latest" moved to, if it did


class Planner:
    """Plans and runs the searches of one question; `targeting=False` searches the whole library
    as filtered, whatever reports the question names (an ablation)."""

    def __init__(self, questions: QuestionReader, top_k: int, targeting: bool = True) -> None:
        self._questions = questions
        self._top_k = top_k
        self._targeting = targeting

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

        points = points_in_time(asked, records) if self._targeting and not filters.reports else []
        if len(points) >= 2 and asks_for_change(asked):
            plan.route = "compare"
            plan.scopes = [replace(filters, reports=point) for point in points[:2]]
        elif points:
            plan.scopes = [replace(filters, reports=sorted({r for p in points for r in p}))]
        else:
            plan.scopes = [filters]
        results = [run(scope) for scope in plan.scopes]
        if self._targeting and not filters.reports and not points and wants_latest(asked):
            newest = self._latest(asked, results[0], records)
            if newest:
                plan.latest, plan.scopes = newest, [replace(filters, reports=[newest])]
                results = [run(plan.scopes[0])]
        return plan, results

    def _latest(self, question: str, result: SearchResult, records: list[ReportRecord]) -> str:
        """The newest report of the series of the best hit whose report knows the places the
        question names; empty when nothing was found."""
        if not result.hits:
            return ""
        known = self._questions.names_known(question, result.terms)
        ids = list(dict.fromkeys(hit.report_id for hit in result.hits))
        anchor = max(ids, key=known)
        return latest_of_series(anchor, records, lambda r: known(r.report_id) == 1.0)
