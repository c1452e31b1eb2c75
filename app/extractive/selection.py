"""Selection: the best-scored candidate whose quote is on its page, when the model is sure enough
of it; candidates are all scored first, so the order the chunks came in does not matter. The
runner-up is the best candidate that gives another answer (the same figure found twice is no
rival)."""

from __future__ import annotations

from app.extractive.candidates import Candidate
from app.extractive.model import ReaderModel
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
        hit = candidate.hit
        page = quote_page(candidate.quote, hit.version, hit.page, hit.page_end, pages)
        if page is None:
            continue
        runner_up = next((c.score for c in ranked[n + 1 :] if c.lead != candidate.lead), 0.0)
        return candidate, page, model.confidence(candidate.features, candidate.score, runner_up)
    return None
