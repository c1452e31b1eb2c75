"""Embeds chunks, stores them in Chroma, keeps the BM25 index beside it, and answers searches.

Knows nothing of answers or the user interface. `Library` is the door; searches return typed
`Hit`s in a `SearchResult`. `Library` is loaded on first use: it pulls in Chroma and llama-index
(seconds of imports), which the plain types, the tokenizer and the glossary do not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.hits import Hit, SearchFilters, SearchResult, TableRows, TermCounts, TermStats
from index.records import ReportRecord
from index.settings import IndexSettings

if TYPE_CHECKING:
    from index.library import Library

__all__ = [
    "Hit",
    "IndexSettings",
    "Library",
    "ReportRecord",
    "SearchFilters",
    "SearchResult",
    "TableRows",
    "TermCounts",
    "TermStats",
]


def __getattr__(name: str) -> Any:
    if name == "Library":
        from index.library import Library

        return Library
    raise AttributeError(name)
