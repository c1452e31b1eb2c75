"""Hybrid retrieval as llama-index components: dense (Chroma), BM25 and the sentence index (by
meaning), fused by weighted RRF.

The stock `QueryFusionRetriever` needs a language model even for one query and has no weights for
reciprocal-rank fusion, so fusion is written here as a small retriever of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores.types import (
    FilterCondition,
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
)
from pydantic import Field

from index.hits import SearchFilters
from index.meaning import SentenceIndex
from index.records import date_number


def metadata_filters(filters: SearchFilters) -> MetadataFilters | None:
    """The filters in the form llama-index hands to Chroma's `where`."""
    found: list[MetadataFilter | MetadataFilters] = []
    if filters.reports:
        found.append(
            MetadataFilter(key="report_id", value=filters.reports, operator=FilterOperator.IN)
        )
    if filters.date_from:
        found.append(
            MetadataFilter(
                key="date_num", value=date_number(filters.date_from), operator=FilterOperator.GTE
            )
        )
    if filters.date_to:
        found.append(
            MetadataFilter(
                key="date_num", value=date_number(filters.date_to), operator=FilterOperator.LTE
            )
        )
    if filters.language:
        found.append(
            MetadataFilter(key="language", value=filters.language, operator=FilterOperator.EQ)
        )
    return MetadataFilters(filters=found, condition=FilterCondition.AND) if found else None


class LiveVersionFilter(BaseNodePostprocessor):
    """Drops chunks of a report version that is not (or no longer, or not yet) the live one."""

    live: dict[str, str] = Field(default_factory=dict)

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        return [
            n
            for n in nodes
            if self.live.get(str(n.node.metadata.get("report_id")))
            == n.node.metadata.get("version")
        ]


class HybridRetriever(BaseRetriever):
    """Weighted reciprocal-rank fusion of several named retrievers, each list cleaned by
    postprocessors; `ranks` keeps where each node stood in each list (1-based) after a search."""

    def __init__(
        self,
        retrievers: list[tuple[str, BaseRetriever, float]],
        top_k: int,
        postprocessors: list[BaseNodePostprocessor] | None = None,
        rrf_k: float = 60.0,
    ) -> None:
        super().__init__()
        self._retrievers = retrievers
        self._top_k = top_k
        self._postprocessors = postprocessors or []
        self._rrf_k = rrf_k
        self.ranks: dict[str, dict[str, int]] = {}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        fused: dict[str, float] = {}
        nodes: dict[str, NodeWithScore] = {}
        for name, retriever, weight in self._retrievers:
            ranked = retriever.retrieve(query_bundle)
            for post in self._postprocessors:
                ranked = post.postprocess_nodes(ranked, query_bundle)
            for rank, hit in enumerate(ranked):
                node_id = hit.node.node_id
                fused[node_id] = fused.get(node_id, 0.0) + weight / (self._rrf_k + rank + 1)
                nodes.setdefault(node_id, hit)
                self.ranks.setdefault(node_id, {})[name] = rank + 1
        order = sorted(fused, key=lambda nid: fused[nid], reverse=True)[: self._top_k]
        return [NodeWithScore(node=nodes[nid].node, score=fused[nid]) for nid in order]


class RankedRetriever(BaseRetriever):
    """A ranking worked out beforehand (chunks scored by the caller), as one of the fused
    retrievers."""

    def __init__(self, ranked: list[NodeWithScore]) -> None:
        super().__init__()
        self._ranked = ranked

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self._ranked


class MeaningRetriever(BaseRetriever):
    """Chunks ranked by their unit (sentence, table row, column name) nearest the question by
    meaning, from the sentence index; `fetch` reads the chunks it finds (by id) from the store."""

    def __init__(
        self,
        sentences: SentenceIndex,
        fetch: Callable[[list[str]], dict[str, TextNode]],
        vector: np.ndarray,
        where: dict[str, Any] | None,
        live: dict[str, str],
        k: int,
    ) -> None:
        super().__init__()
        self._sentences = sentences
        self._fetch = fetch
        self._vector = vector
        self._where = where
        self._live = live
        self._k = k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        ranked = self._sentences.search(self._vector, self._where, self._live, self._k)
        nodes = self._fetch([cid for cid, _ in ranked])
        return [
            NodeWithScore(node=nodes[cid], score=score) for cid, score in ranked if cid in nodes
        ]
