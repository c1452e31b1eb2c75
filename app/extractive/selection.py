"""Selection: filter first, rank second. A candidate is eligible when it passes every gate, holds
enough of the question's evidence, gives a figure not given yet, and its quote is on its page; the
best-scored eligible candidate answers, whatever order the chunks came in."""

from __future__ import annotations

from app.extractive.candidates import Candidate
from app.extractive.weights import Weights
from app.reader import PageTexts
from app.verify import quote_page


def select(
    candidates: list[Candidate],
    weights: Weights,
    pages: PageTexts,
    taken: frozenset[str] | set[str] = frozenset(),
) -> tuple[Candidate, int] | None:
    """The best eligible candidate and the page its quote is on, or None."""
    eligible = [
        c
        for c in candidates
        if not c.failed and c.coverage >= weights.min_evidence and c.lead not in taken
    ]
    eligible.sort(key=lambda c: c.score, reverse=True)
    for candidate in eligible:
        hit = candidate.hit
        page = quote_page(candidate.quote, hit.version, hit.page, hit.page_end, pages)
        if page is not None:
            return candidate, page
    return None
