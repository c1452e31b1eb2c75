"""Selection: the best-scored candidate whose quote is on its page, when the model is sure enough
of it; candidates are all scored first, so the order the chunks came in does not matter. The
runner-up is the best candidate that gives another answer (the same figure found twice is no
rival)."""

from __future__ import annotations

from app.extractive.candidates import Candidate
from app.extractive.model import SERIES_CANDIDATES, SERIES_SAME_MEASURE, ReaderModel
from app.reader import PageTexts
from app.verify import quote_page


def select(
    candidates: list[Candidate],
    model: ReaderModel,
    pages: PageTexts,
    taken: frozenset[str] | set[str] = frozenset(),
) -> tuple[Candidate, int, float] | None:
    """The best candidate not given yet whose quote is on its page, that page, and the model's
    confidence that it is right; None when no candidate's quote is found."""
    ranked = sorted(
        (c for c in candidates if not (c.lead and c.lead in taken)),
        key=lambda c: c.score,
        reverse=True,
    )
    for n, candidate in enumerate(ranked):
        page = page_of(candidate, pages)
        if page is None:
            continue
        runner_up = next((c.score for c in ranked[n + 1 :] if c.lead != candidate.lead), 0.0)
        return candidate, page, model.confidence(candidate.features, candidate.score, runner_up)
    return None


def page_of(candidate: Candidate, pages: PageTexts) -> int | None:
    """The page of the candidate's chunk its quote is printed on; None when it is on none."""
    hit = candidate.hit
    return quote_page(candidate.quote, hit.version, hit.page, hit.page_end, pages)


def same_measure(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two figures' words say the same measure: most of their terms shared (headers and
    row labels drift a little from one report to the next)."""
    union = a | b
    return bool(union) and len(a & b) / len(union) >= SERIES_SAME_MEASURE


def series_points(
    per_report: list[list[Candidate]],
    model: ReaderModel,
    pages: PageTexts,
    asked: frozenset[str],
) -> tuple[list[tuple[Candidate, int] | None], int]:
    """One figure per report, the same measure in all. The measure is one of those of the
    answers the model is sure of whose words name some of the question's `asked` terms (what it
    asks about, not where): the one that most reports give, then the one it is surest of. In
    every report, its best figure of that measure when the model is sure of it too, or a table
    cell whose row and column say exactly that measure: a wrong figure is worse than a gap.
    Also how many reports' sure answer was of another measure and nothing of this one was found
    (left out: it only resembles the one asked)."""
    ranked = [sorted(found, key=lambda c: c.score, reverse=True) for found in per_report]
    sure: list[tuple[Candidate, int, float] | None] = [
        select(found, model, pages) for found in ranked
    ]
    support: dict[frozenset[str], float] = {}
    for candidate, _, confidence in filter(None, sure):
        if confidence >= model.threshold and candidate.measure_terms & asked:
            key = next((k for k in support if same_measure(k, candidate.measure_terms)), None)
            key = key or candidate.measure_terms
            support[key] = support.get(key, 0.0) + confidence
    if not support:
        return [None] * len(per_report), 0
    read = {m: _points_of(m, ranked, sure, model, pages) for m in support}
    agreed = max(read, key=lambda m: (sum(p is not None for p in read[m][0]), support[m]))
    return read[agreed]


def _points_of(
    measure: frozenset[str],
    ranked: list[list[Candidate]],
    sure: list[tuple[Candidate, int, float] | None],
    model: ReaderModel,
    pages: PageTexts,
) -> tuple[list[tuple[Candidate, int] | None], int]:
    """Each report's figure of `measure`, and how many reports' sure answer was of another
    measure with nothing of this one."""
    points: list[tuple[Candidate, int] | None] = []
    left_out = 0
    for found, picked in zip(ranked, sure, strict=True):
        point = None
        if picked is not None:
            best, page, confidence = picked
            if confidence >= model.threshold and same_measure(best.measure_terms, measure):
                point = (best, page) if best.value is not None else None
            else:
                point = _sure_of_measure(found[:SERIES_CANDIDATES], measure, model, pages)
                left_out += point is None and confidence >= model.threshold
        points.append(point)
    return points, left_out


def _sure_of_measure(
    ranked: list[Candidate], measure: frozenset[str], model: ReaderModel, pages: PageTexts
) -> tuple[Candidate, int] | None:
    """The best figure of `measure` among a report's best candidates, if the model is sure of
    it, or if it is a table cell whose row and column say exactly that measure (the sure reports'
    own words for it, in the same series' table: the same cell, whatever the question's
    wording)."""
    for candidate in ranked:
        if candidate.value is None or not same_measure(candidate.measure_terms, measure):
            continue
        page = page_of(candidate, pages)
        if page is None:
            continue
        if candidate.row >= 0 and candidate.measure_terms == measure:
            return candidate, page
        runner_up = next((c.score for c in ranked if c.lead != candidate.lead), 0.0)
        if model.confidence(candidate.features, candidate.score, runner_up) >= model.threshold:
            return candidate, page
        return None
    return None
