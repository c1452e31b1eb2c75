"""The extractive reader: no language model. It picks the figure, table cell, name or sentence that
answers each part of the question, leads with it in plain words, and quotes its source verbatim.

Its steps, each in its own module: the question is read (`app.question`) and cut into parts
(`parts`), candidates are found in every chunk with their features (`candidates`, `spans`), scored
by one fitted model (`model`: every weight and the answering threshold, in `model.json`), selected
(`selection`) and worded (`wording`); "which ... the most" ranks the names of the sure figure's
table column or list (`ranked`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.extractive.brief import headline_figures, section_sentences
from app.extractive.candidates import Candidate, CandidateFinder
from app.extractive.model import FEATURES, ReaderModel, Vector
from app.extractive.parts import split_parts
from app.extractive.ranked import extremes, measure_of
from app.extractive.selection import (
    SeriesAsked,
    page_of,
    same_measure,
    select,
    series_points,
)
from app.extractive.wording import (
    abstention_text,
    answer_text,
    change_missing_text,
    decimals,
    not_found_text,
    searched,
)
from app.planner import Plan
from app.question import (
    Question,
    QuestionReader,
    extreme_asked,
    names_asked,
    says_extreme,
    without_extreme,
)
from app.reader import Draft, Evidence, PageTexts, Statement, cited
from index import Hit, TermStats
from ingest.metadata import detect_language

__all__ = ["FEATURES", "Candidate", "ExtractiveReader", "ReaderModel"]


class ExtractiveReader:
    """Answers from the evidence's own sentences and table cells, one cited figure per part of
    the question; `tables=False` reads sentences only (an ablation). `meaning` gives a
    question's vector by meaning (the library's `meaning_vector`), which says whether an open
    question asks for a figure or a name; without it, either may be."""

    def __init__(
        self,
        questions: QuestionReader,
        model: ReaderModel | None = None,
        tables: bool = True,
        meaning: Callable[[str], Vector | None] | None = None,
    ) -> None:
        self.model = model or ReaderModel.load()
        self._questions = questions
        self._finder = CandidateFinder(questions, self.model, tables)
        self._meaning = meaning

    def answer(self, question: str, evidence: Evidence, plan: Plan) -> Draft:
        if plan.route == "compare":
            return self._compare(question, evidence)
        if plan.route == "series":
            return self._series(question, evidence)
        if plan.route == "brief":
            hits = evidence.hits
            language = hits[0].language if hits else "en"
            statements = headline_figures(hits, language) + section_sentences(hits)
            return Draft(
                statements, searched(hits), "The report states no figure or sentence to show."
            )
        return self._answer(question, evidence)

    def candidates(
        self, question: str, hits: list[Hit], terms: TermStats, pages: PageTexts
    ) -> list[tuple[Question, list[Candidate]]]:
        """Each part of the question with its candidates, scored (what `evals/fit_reader.py`
        fits the model on)."""
        q = self._questions.read(question, terms)
        parts = split_parts(question)
        out = []
        for part in parts:
            focus = q if len(parts) == 1 else self._questions.read(part, terms)
            out.append((focus, self._scored(q, focus, hits, terms, pages)))
        return out

    def _scored(
        self, q: Question, focus: Question, hits: list[Hit], terms: TermStats, pages: PageTexts
    ) -> list[Candidate]:
        """The candidates for `focus` (the whole question `q` or one part of it), scored; the
        stored pages say how each report names itself."""
        if focus.wants == "open" and self._meaning is not None:
            focus = replace(focus, asks_figure=self.model.figure_chance(self._meaning(focus.text)))
        found = self._finder.find(q, focus, hits, terms, pages)
        for candidate in found:
            candidate.score = self.model.score(candidate.features)
        return found

    def _answer(self, question: str, evidence: Evidence) -> Draft:
        """Each part of the question ("how many cases, and how many deaths?") from its own quote.
        The threshold is for the question: once a part clears it, the other parts are read from
        the reports that part came from, each with its own verified quote."""
        reports = searched(evidence.hits)
        language = detect_language(question)
        direction = extreme_asked(question)
        ranked = self._ranked(question, direction, evidence, language) if direction else []
        if ranked:
            return Draft(ranked, reports, abstention_text(reports, "", language))
        asked = self.candidates(question, evidence.hits, evidence.terms, evidence.pages)
        threshold = self.model.threshold
        chosen = []
        own = []  # each part's own choice
        given: set[str] = set()
        listed = names_asked(question) - 1
        for _, found in asked:
            choice = select(found, self.model, evidence.pages, given)
            chosen.append(choice)
            own.append(choice)
            if choice:
                given.add(choice[0].lead)
                for other in _listed_with(choice[0], found, listed, evidence.pages):
                    chosen.append((*other, choice[2]))
                    given.add(other[0].lead)
        sure = {c.hit.report_id for c, _, p in filter(None, chosen) if p >= threshold}
        picks = [
            (c, page)
            for c, page, p in filter(None, chosen)
            if p >= threshold or c.hit.report_id in sure
        ]
        if direction and len(asked) == 1 and asked[0][0].wants in ("name", "open"):
            # No ranking answered "which ... the most": a name or figure answers it only where
            # its quote says so itself ("most boats departed from Garabulli").
            picks = [(c, page) for c, page in picks if says_extreme(c.quote, direction)]
        statements: list[Statement] = []
        # The answer's own words so far: each figure or name it leads with, or the quote where
        # it has none. A figure that is only inside a quote is not yet said.
        said: list[str] = []
        for candidate, page in picks:
            statement = _statement(candidate, page)
            if not statements:
                statement.text = answer_text(
                    candidate.lead, candidate.table_note, statement, language
                )
                statements.append(statement)
                said.append(candidate.lead or statement.citation.quote)
            elif candidate.lead and not any(candidate.lead in words for words in said):
                said.append(candidate.lead)
                if statement.citation.quote == statements[0].citation.quote:
                    first = statements[0]
                    first.text = first.text.replace(" [#]", f" [#]; {candidate.lead} [#]", 1)
                else:
                    statement.text = f"{candidate.lead} [#]"
                    statements.append(statement)
        unanswered = [
            focus.text
            for (focus, _), choice in zip(asked, own, strict=True)
            if not choice or (choice[2] < threshold and choice[0].hit.report_id not in sure)
        ]
        suffix = not_found_text(unanswered, language) if len(asked) > 1 and unanswered else ""
        return Draft(statements, reports, abstention_text(reports, "", language), suffix=suffix)

    def _ranked(
        self, question: str, direction: int, evidence: Evidence, language: str
    ) -> list[Statement]:
        """ "Which zone had the most cases?": the best figure for "how many cases?", in a column
        or sentence the model is sure of (against other columns and sentences), names the table
        column or list to rank; the statements give the name (names, for a tie) holding its
        largest (or smallest) figure. [] when the question asks no such thing, or no sure
        measure holds a ranking of at least two names. `direction`: 1 the most, -1 the fewest."""
        if len(split_parts(question)) > 1:
            return []
        q = self._questions.read(question, evidence.terms)
        if q.wants not in ("name", "open"):
            return []
        count = self._questions.read(without_extreme(question), evidence.terms)
        count = replace(count, wants="number", wants_number=True)
        found = self._scored(count, count, evidence.hits, evidence.terms, evidence.pages)
        choice = select(found, self.model, evidence.pages)
        if choice is None:
            return []
        # What must be sure is the measure: the column or sentence, not which of its figures.
        best = choice[0]
        runner_up = max((c.score for c in found if measure_of(c) != measure_of(best)), default=0.0)
        if self.model.confidence(best.features, best.score, runner_up) < self.model.threshold:
            return []

        def whole(label: str) -> bool:
            words = self._questions.words_of(label)
            return bool(words) and words <= q.expanded

        statements: list[Statement] = []
        for candidate in extremes(best, direction, whole, language):
            page = page_of(candidate, evidence.pages)
            if page is None:
                continue
            statement = _statement(candidate, page)
            statement.text = (
                f"{candidate.lead} [#]"
                if statements
                else answer_text(candidate.lead, candidate.table_note, statement, language)
            )
            statements.append(statement)
        return statements

    def _compare(self, question: str, evidence: Evidence) -> Draft:
        """A question about change between reports: the figure of one measure from each (as a
        series reads it), else each report's own sure figure; each cited, and the difference
        when both are numbers."""
        reports = [s for result in evidence.searches for s in searched(result.hits)]
        language = detect_language(question)
        points, _ = self._points(question, evidence)
        if not all(points):  # no measure both state alike: each report's own sure figure
            points = [
                self._best(question, r.hits, evidence.terms, evidence.pages)
                for r in evidence.searches
            ]
            if all(points) and not same_measure(*(p[0].measure_terms for p in points if p)):
                # One report's Corran against the other's total is no change of either.
                why = change_missing_text(language, measure=True)
                return Draft([], reports, abstention_text(reports, why, language))
        if not all(points):
            names = "; ".join(
                searched(r.hits)[0]
                for r, p in zip(evidence.searches, points, strict=True)
                if p is None and r.hits
            )
            why = change_missing_text(language, names)
            return Draft([], reports, abstention_text(reports, why, language))
        pairs = [p for p in points if p is not None]
        statements = []
        for candidate, page in pairs:
            statement = _statement(candidate, page)
            citation = statement.citation
            lead = candidate.lead or f"“{citation.quote}”"
            statement.text = f"{lead} [#] ({citation.date or citation.file})"
            statements.append(statement)
        suffix = ""
        first, second = (candidate.value for candidate, _ in pairs)
        if first is not None and second is not None:
            unit = " points" if pairs[0][0].percent else ""
            suffix = f"; change: {second - first:+,.{decimals(first, second)}f}{unit}"
        missing = change_missing_text(language)
        return Draft(statements, reports, missing, joiner=" → ", suffix=suffix, need_all=True)

    def _series(self, question: str, evidence: Evidence) -> Draft:
        """A figure over time: from each report searched, its figure of the measure the reports
        agree on, each cited; a report without one is left out of the statements."""
        points, left_out = self._points(question, evidence)
        statements = []
        for point in filter(None, points):
            candidate, page = point
            statement = _statement(candidate, page)
            statement.text = f"{candidate.lead or candidate.quote} [#]"
            statement.value, statement.measure = candidate.value, candidate.measure
            statements.append(statement)
        reports = [s for result in evidence.searches for s in searched(result.hits)[:1]]
        return Draft(
            statements,
            reports,
            abstention_text(reports, "", detect_language(question)),
            notes={"left_out": str(left_out)},
        )

    def _points(
        self, question: str, evidence: Evidence
    ) -> tuple[list[tuple[Candidate, int] | None], int]:
        """One figure per search (one per report), all of the measure the reports agree on (see
        `series_points`), and how many reports' figure was of another measure."""
        # Its dates and report numbers chose the reports; within each they say nothing. Each
        # point is a figure, however the question is worded ("how did ... evolve").
        q = self._questions.read(question, evidence.terms, translate=False)
        q = replace(
            q,
            dates=(),
            report_numbers=(),
            months=frozenset(),
            weeks=frozenset(),
            wants=q.wants if q.wants == "share" else "number",
        )
        # A count's figure is never a percentage ("(55%)" under `Cumulative deaths (%)` is a
        # region's share of the deaths).
        per_report = [
            [
                c
                for c in self._scored(q, q, r.hits, evidence.terms, evidence.pages)
                if q.wants == "share" or not c.percent
            ]
            for r in evidence.searches
        ]
        # A measure says what the question asks about, not only where or in which reports: its
        # words name some of the question's terms other than its places and organisations and
        # the words of the reports' titles ("épidémie d'Ebola").
        titles = self._questions.words_of(" ".join({f"{h.title} {h.file}" for h in evidence.hits}))
        in_titles = {t for t in q.terms if q.equivalents[t] & titles}
        asked = SeriesAsked(
            about=frozenset(e for t in q.terms - q.required - in_titles for e in q.equivalents[t]),
            words=frozenset(q.expanded),
            names=tuple(frozenset(q.equivalents[t]) for t in sorted(q.required - in_titles)),
            places=tuple(
                frozenset(e for t in place - in_titles for e in q.equivalents[t])
                for place in q.places
                if place - in_titles
            ),
        )
        return series_points(per_report, self.model, evidence.pages, asked)

    def _best(
        self, question: str, hits: list[Hit], terms: TermStats, pages: PageTexts
    ) -> tuple[Candidate, int] | None:
        """The best candidate for the whole question among `hits`, and its quote's page, when
        the model is sure of it."""
        q = self._questions.read(question, terms)
        choice = select(self._scored(q, q, hits, terms, pages), self.model, pages)
        if choice is None or choice[2] < self.model.threshold:
            return None
        return choice[0], choice[1]


def _listed_with(
    name: Candidate, found: list[Candidate], wanted: int, pages: PageTexts
) -> list[tuple[Candidate, int]]:
    """For "which three countries ...?": the other names listed beside the one found (in the
    same chunk, each in the other's quote), best scored first, each with its quote's page."""
    if wanted < 1 or not name.lead or name.value is not None:
        return []
    out: list[tuple[Candidate, int]] = []
    leads = {name.lead}
    for other in sorted(found, key=lambda c: c.score, reverse=True):
        if len(out) == wanted:
            break
        beside = name.lead in other.quote or other.lead in name.quote
        if (
            other.value is None
            and other.lead
            and other.lead not in leads
            and other.hit.chunk_id == name.hit.chunk_id
            and beside
        ):
            page = page_of(other, pages)
            if page is not None:
                out.append((other, page))
                leads.add(other.lead)
    return out


def _statement(candidate: Candidate, page: int) -> Statement:
    return cited(candidate.hit, candidate.quote, page=page)
