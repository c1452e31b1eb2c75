"""The extractive reader: no language model. It picks the sentence or table cell that answers,
leads with the figure and what it counts, and quotes its source verbatim.

Its steps, each in its own module: the question is read (`app.question`), candidates are found in
every chunk and weighed (`candidates`, with every weight in `weights.Weights`), one is selected
(`selection`: filter, then rank) and worded (`wording`).
"""

from __future__ import annotations

from app.extractive.candidates import Candidate, CandidateFinder
from app.extractive.selection import select
from app.extractive.weights import Weights
from app.extractive.wording import abstention_text, answer_text, decimals, parts, searched
from app.models import Citation
from app.planner import Plan
from app.question import Question, QuestionReader
from app.reader import Draft, Evidence, Statement
from app.verify import squash
from index import Hit, TermStats

__all__ = ["ExtractiveReader", "Weights"]


class ExtractiveReader:
    """Answers from the evidence's own sentences and table cells, one cited figure per part of
    the question; `tables=False` reads sentences only (an ablation)."""

    def __init__(
        self, questions: QuestionReader, weights: Weights | None = None, tables: bool = True
    ) -> None:
        self.weights = weights or Weights()
        self._questions = questions
        self._finder = CandidateFinder(questions, self.weights, tables)

    def answer(self, question: str, evidence: Evidence, plan: Plan) -> Draft:
        if plan.route == "compare":
            return self._compare(question, evidence)
        return self._answer(question, evidence)

    def _answer(self, question: str, evidence: Evidence) -> Draft:
        """Each part of the question ("how many cases, and how many deaths?") from its own quote."""
        hits, terms = evidence.hits, evidence.terms
        reports = searched(hits)
        q = self._questions.read(question, terms)
        asked = parts(question)
        focus = self._questions.read(asked[0], terms) if len(asked) > 1 else q
        found = self._best(q, focus, hits, terms, evidence)
        if found is None:
            return Draft([], reports, abstention_text(reports))
        first = _statement(*found)
        first.text = answer_text(found[0].lead, found[0].table_note, first)
        statements = [first]
        for part in asked[1:]:
            extra = self._best(
                q, self._questions.read(part, terms), hits, terms, evidence, {found[0].lead}
            )
            if extra is None or not extra[0].lead or extra[0].lead in _rendered(statements):
                continue
            more = _statement(*extra)
            if more.citation.quote == first.citation.quote:
                first.text = first.text.replace(" [#]", f" [#]; {extra[0].lead} [#]", 1)
                continue
            more.text = f"{extra[0].lead} [#]"
            statements.append(more)
        return Draft(statements, reports, abstention_text(reports))

    def _compare(self, question: str, evidence: Evidence) -> Draft:
        """A question about change between reports: the figure from each, each cited, and the
        difference when both are numbers."""
        reports = [s for result in evidence.searches for s in searched(result.hits)]
        q = self._questions.read(question, evidence.terms)
        found = [self._best(q, q, r.hits, evidence.terms, evidence) for r in evidence.searches]
        pairs = [f for f in found if f is not None]
        if len(pairs) < len(found):
            names = "; ".join(
                searched(r.hits)[0]
                for r, f in zip(evidence.searches, found, strict=True)
                if f is None and r.hits
            )
            missing = f"The reports do not contain both figures: nothing answers this in {names or 'one of the reports'}."
            return Draft([], reports, missing)
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
        missing = "The reports do not contain both figures."
        return Draft(statements, reports, missing, joiner=" → ", suffix=suffix, need_all=True)

    def _best(
        self,
        q: Question,
        focus: Question,
        hits: list[Hit],
        terms: TermStats,
        evidence: Evidence,
        taken: set[str] | frozenset[str] = frozenset(),
    ) -> tuple[Candidate, int] | None:
        """The best candidate and its quote's page; evidence is weighed against the whole
        question `q`, the figure is the one `focus` (one part of the question) asks for."""
        candidates = self._finder.find(q, focus, hits, terms)
        return select(candidates, self.weights, evidence.pages, taken)


def _statement(candidate: Candidate, page: int) -> Statement:
    hit = candidate.hit
    citation = Citation(
        n=1,
        file=hit.file,
        page=page,
        page_end=page,
        section=hit.section,
        quote=squash(candidate.quote),
        title=hit.title,
        date=hit.date,
        report_id=hit.report_id,
    )
    return Statement("", citation, hit.version)


def _rendered(statements: list[Statement]) -> str:
    """The answer as it reads so far, citations numbered."""
    texts = [s.text.replace("[#]", f"[{n}]") for n, s in enumerate(statements, start=1)]
    return "; ".join(texts) + "."
