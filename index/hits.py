"""What a search is asked and what it returns, as typed plain data: filters in; hits, each with the
report, section, pages, text and table rows a reader needs, and the term statistics of that search."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol


@dataclass
class SearchFilters:
    """Limits a search to some reports, a reporting-date range (ISO dates) or a language."""

    reports: list[str] = field(default_factory=list)  # report ids
    date_from: str = ""
    date_to: str = ""
    language: str = ""

    @property
    def active(self) -> bool:
        return bool(self.reports or self.date_from or self.date_to or self.language)


@dataclass(frozen=True)
class TableRows:
    """The rows of a table chunk under the table's header, with the caption printed above it."""

    header: list[str]
    rows: list[list[str]]
    caption: str = ""

    def to_json(self) -> str:
        return json.dumps({"header": self.header, "rows": self.rows, "caption": self.caption})

    @classmethod
    def from_json(cls, data: str) -> TableRows | None:
        try:
            table = json.loads(data or "{}")
        except ValueError:
            return None
        return cls(table.get("header") or [], table.get("rows") or [], table.get("caption") or "")


@dataclass(frozen=True)
class Hit:
    """One chunk a search found, with where it comes from; `score` is its fused rank score."""

    chunk_id: str
    text: str
    score: float
    report_id: str
    version: str
    file: str
    title: str
    date: str
    publisher: str
    language: str
    report_number: str
    section: str
    page: int
    page_end: int
    kind: Literal["text", "table"] = "text"
    table: TableRows | None = None
    # Each unit's similarity to the question by meaning (`ingest.units` keys), when measured.
    meaning: dict[str, float] = field(default_factory=dict)
    # Where the chunk stood (1-based) in each ranking of the search: dense, lexical, meaning.
    ranks: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_metadata(
        cls,
        chunk_id: str,
        text: str,
        score: float,
        meta: dict[str, Any],
        meaning: dict[str, float] | None = None,
        ranks: dict[str, int] | None = None,
    ) -> Hit:
        """A hit from a chunk's stored text and metadata (the layout `Library` writes)."""
        kind: Literal["text", "table"] = "table" if meta.get("kind") == "table" else "text"
        return cls(
            chunk_id=chunk_id,
            text=text,
            score=score,
            report_id=str(meta.get("report_id")),
            version=str(meta.get("version")),
            file=str(meta.get("file")),
            title=str(meta.get("title") or ""),
            date=str(meta.get("date") or ""),
            publisher=str(meta.get("publisher") or ""),
            language=str(meta.get("language") or "en"),
            report_number=str(meta.get("report_number") or ""),
            section=str(meta.get("section") or ""),
            page=int(meta.get("page") or 1),
            page_end=int(meta.get("page_end") or meta.get("page") or 1),
            kind=kind,
            table=TableRows.from_json(str(meta.get("table") or "")) if kind == "table" else None,
            meaning=meaning or {},
            ranks=ranks or {},
        )


class TermCounts(Protocol):
    """How often something uses each term: a `Counter`, or a view that counts on demand."""

    def __getitem__(self, token: str) -> int: ...


@dataclass(frozen=True)
class TermStats:
    """Term statistics of the lexical index one search ran on: how rare each term is, and how
    often each report uses it. A snapshot: a later ingest builds new statistics. The lexical
    index computes them on demand (`index.lexical.IndexTerms`); these fields serve tests."""

    idf: dict[str, float] = field(default_factory=dict)
    max_idf: float = 1.0
    report_terms: dict[str, Counter[str]] = field(default_factory=dict)

    def weight(self, token: str) -> float:
        """Inverse document frequency: rare terms say more about what a question is after."""
        return self.idf.get(token, self.max_idf)

    def chunks_with(self, token: str) -> int:
        """How many chunks use the term (0: the library never spells a word this way)."""
        return 1 if token in self.idf else 0

    def report_counts(self, report_id: str) -> TermCounts:
        """How often each search term occurs in a report."""
        return self.report_terms.get(report_id, Counter())


@dataclass
class SearchResult:
    """The hits of one search, best first, and the term statistics they were found with."""

    hits: list[Hit]
    terms: TermStats = field(default_factory=TermStats)
