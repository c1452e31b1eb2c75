"""The one citation check every answer passes, whatever reader wrote it: a quote must be found
again, verbatim (whitespace aside), in the stored text of the page it cites."""

from __future__ import annotations

import re

from app.models import Answer
from app.reader import Draft, PageTexts, Statement, squash


def quote_page(quote: str, version: str, first: int, last: int, pages: PageTexts) -> int | None:
    """The first page from `first` to `last` whose stored text holds `quote`, or None."""
    wanted = squash(quote)
    if not wanted:
        return None
    texts = pages.get(version, list(range(first, last + 1)))
    return next((p for p in range(first, last + 1) if wanted in squash(texts.get(p, ""))), None)


def checked(statement: Statement, pages: PageTexts) -> bool:
    """Whether the statement's quote is on a page it cites; if so, its citation is narrowed to
    that page."""
    citation = statement.citation
    page = quote_page(citation.quote, statement.version, citation.page, citation.page_end, pages)
    if page is None:
        return False
    citation.quote, citation.page, citation.page_end = squash(citation.quote), page, page
    return True


def verify(question: str, draft: Draft, pages: PageTexts) -> Answer:
    """The answer made of the draft's verified statements, numbered in order; an abstention when
    none is verified (or, for a draft that needs all of them, when one is not)."""
    kept = [statement for statement in draft.statements if checked(statement, pages)]
    if not kept or (draft.need_all and len(kept) < len(draft.statements)):
        return Answer(
            question=question, text=draft.abstention, abstained=True, searched=draft.searched
        )
    texts = []
    for n, statement in enumerate(kept, start=1):
        statement.citation.n = n
        texts.append(statement.text.replace("[#]", f"[{n}]"))
    text = draft.joiner.join(texts) + draft.suffix
    return Answer(
        question=question,
        # A sentence ends with a full stop, unless it ends with a quote that has its own.
        text=text if re.search(r"[.!?]”$", text) else text + ".",
        abstained=False,
        citations=[s.citation for s in kept],
        searched=draft.searched,
    )
