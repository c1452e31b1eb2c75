"""The one citation check every answer passes, whatever reader wrote it: a quote must be found
again, verbatim (whitespace aside), in the stored text of the page it cites."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from app.models import Answer
from app.reader import Draft, PageTexts, Statement, date_words, squash


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


_OFF_DATE = {
    "en": (
        "The answer found comes from the report of {found}, far from the date asked ({asked}).",
        ". The report is dated {found}, not {asked} as asked",
    ),
    "fr": (
        "La réponse trouvée vient du rapport du {found}, loin de la date demandée ({asked}).",
        ". Le rapport est daté du {found}, et non du {asked} comme demandé",
    ),
    "es": (
        "La respuesta hallada viene del informe del {found}, lejos de la fecha pedida ({asked}).",
        ". El informe es del {found}, no del {asked} como se pidió",
    ),
}


def days_off(report_date: str, days: list[str]) -> int | None:
    """How many days a report's date lies from the days a question names: 0 inside the span
    they make, else the distance to the nearest; None when either is unknown."""
    if not report_date or not days:
        return None
    try:
        when = date.fromisoformat(report_date)
        asked = sorted(date.fromisoformat(d) for d in days)
    except ValueError:
        return None
    if len(asked) > 1 and asked[0] <= when <= asked[-1]:
        return 0
    return min(abs((when - d).days) for d in asked)


def on_dates(draft: Draft, days: list[str], tolerance: int, language: str) -> Draft:
    """The draft held to the days the question names: an abstention, saying why, when every
    dated statement comes from a report more than `tolerance` days from them (a figure of
    another day is not the figure asked); a note when the report is near but not of the day."""
    offs = [days_off(s.citation.date, days) for s in draft.statements]
    known = [off for off in offs if off is not None]
    if not known:
        return draft
    far, note = _OFF_DATE.get(language, _OFF_DATE["en"])
    dated = next(
        s.citation.date for s, off in zip(draft.statements, offs, strict=True) if off is not None
    )
    found = date_words(dated, language)
    asked = date_words(days[0], language)
    if min(known) > tolerance:
        why = far.format(found=found, asked=" – ".join(date_words(d, language) for d in days))
        return replace(draft, statements=[], abstention=f"{why} {draft.abstention}")
    if len(days) == 1 and offs[0]:
        return replace(draft, suffix=draft.suffix + note.format(found=found, asked=asked))
    return draft
