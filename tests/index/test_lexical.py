"""The BM25 index's filters, applied as arrays over its chunks: each filter alone and together."""

from __future__ import annotations

from llama_index.core.schema import TextNode

from index import SearchFilters
from index.lexical import LexicalIndex, Tokenizer
from index.records import date_number


def _node(i: int, report: str, day: str, language: str) -> TextNode:
    meta = {"report_id": report, "date_num": date_number(day), "language": language}
    return TextNode(id_=f"n{i}", text=f"zorbax {i}", metadata=meta)


NODES = [
    _node(0, "a", "2026-03-01", "en"),
    _node(1, "a", "2026-03-01", "fr"),
    _node(2, "b", "2026-04-15", "en"),
    _node(3, "c", "2026-05-30", "fr"),
    _node(4, "c", "", "en"),  # a chunk with no date passes no date filter
]


def _found(filters: SearchFilters | None) -> set[str]:
    index = LexicalIndex(NODES, Tokenizer())
    return {n.node.node_id for n in index.search("zorbax", 10, filters)}


def test_each_filter_alone_and_together() -> None:
    assert _found(None) == {"n0", "n1", "n2", "n3", "n4"}
    assert _found(SearchFilters()) == {"n0", "n1", "n2", "n3", "n4"}
    assert _found(SearchFilters(reports=["a", "c"])) == {"n0", "n1", "n3", "n4"}
    assert _found(SearchFilters(date_from="2026-04-01")) == {"n2", "n3"}
    assert _found(SearchFilters(date_to="2026-04-15")) == {"n0", "n1", "n2", "n4"}
    assert _found(SearchFilters(language="fr")) == {"n1", "n3"}
    both = SearchFilters(reports=["a", "b"], date_from="2026-03-01", language="en")
    assert _found(both) == {"n0", "n2"}
    assert _found(SearchFilters(reports=["zzz"])) == set()
