"""The seam every answerer plugs into: a `Reader` turns the evidence a plan gathered into a
`Draft` of cited statements. What readers share lives outside them: the planner (which reports,
which searches) and the citation check in `app.verify`, which every draft passes through.

To add a reader, implement `answer` and pass it to `Assistant(..., reader=MyReader())`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from app.models import Citation
from index import Hit, SearchResult, TermStats

if TYPE_CHECKING:
    from app.planner import Plan

PageLookup = Callable[[str, list[int]], dict[int, str]]


class PageTexts:
    """The stored text of report pages, by version and page, each fetched at most once."""

    def __init__(self, fetch: PageLookup) -> None:
        self._fetch = fetch
        self._cache: dict[tuple[str, int], str] = {}

    def get(self, version: str, pages: list[int]) -> dict[int, str]:
        missing = [p for p in pages if (version, p) not in self._cache]
        if missing:
            got = self._fetch(version, missing)
            for page in missing:
                self._cache[(version, page)] = got.get(page, "")
        return {p: self._cache[(version, p)] for p in pages}


@dataclass
class Evidence:
    """What a plan found: one search result per point it searched (two for a change question,
    one per report for a series), and the stored page texts the quotes must come from."""

    searches: list[SearchResult]
    pages: PageTexts

    @property
    def hits(self) -> list[Hit]:
        return [hit for result in self.searches for hit in result.hits]

    @property
    def terms(self) -> TermStats:
        return self.searches[0].terms if self.searches else TermStats()


@dataclass
class Statement:
    """One cited claim of an answer: its words, with `[#]` where its citation's number goes."""

    text: str
    citation: Citation
    version: str  # the report version whose pages hold the quote
    value: float | None = None  # the figure it gives, as a number (a series' point)
    measure: str = ""  # what that figure measures, in the report's words


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}


def date_words(iso: str, language: str) -> str:
    """`2026-06-22` as people write it: `22 June 2026`, `22 juin 2026`, `22 de junio de 2026`."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso or ""):
        return iso
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:])
    name = _MONTHS.get(language, _MONTHS["en"]).split()[month - 1]
    if language == "es":
        return f"{day} de {name} de {year}"
    return f"{'1er' if language == 'fr' and day == 1 else day} {name} {year}"


def squash(text: str) -> str:
    """The text with every run of whitespace as one space: how quotes are compared and kept."""
    return re.sub(r"\s+", " ", text).strip()


def cited(
    hit: Hit,
    quote: str,
    text: str = "",
    page: int | None = None,
    value: float | None = None,
    measure: str = "",
) -> Statement:
    """A statement quoting `quote` from a hit's pages (from `page` alone once it is known)."""
    first, last = (page, page) if page is not None else (hit.page, hit.page_end)
    citation = Citation(
        n=1,
        file=hit.file,
        page=first,
        page_end=last,
        section=hit.section,
        quote=squash(quote),
        title=hit.title,
        date=hit.date,
        report_id=hit.report_id,
    )
    return Statement(text, citation, hit.version, value, measure)


@dataclass
class Draft:
    """A reader's answer before the citation check: statements joined into one text. Statements
    whose quote is not on their page are dropped; with none left (or, when `need_all`, with any
    dropped) the answer is the abstention."""

    statements: list[Statement]
    searched: list[str]
    abstention: str
    joiner: str = "; "
    suffix: str = ""
    need_all: bool = False
    notes: dict[str, str] = field(default_factory=dict)


class Reader(Protocol):
    def answer(self, question: str, evidence: Evidence, plan: Plan) -> Draft:
        """The cited statements that answer `question`, or a draft with none (an abstention)."""
        ...
